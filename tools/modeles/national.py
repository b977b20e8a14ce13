"""First version of the national templates (seed 000, DGCS/CNSA trame-type 2022).

Run: ``python tools/modeles/national.py`` — overwrites templates/national/*.docx.
"""

from __future__ import annotations

import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE / "tools"))

from docxbuild import Modele  # noqa: E402

SORTIE = RACINE / "templates" / "national"
ENTETE = "CPOM {{ calcul.departement }} – {{ gestionnaire.raison_sociale }}"


def contrat() -> None:
    m = Modele(entete=ENTETE)
    m.logos()
    m.titre("Contrat pluriannuel d’objectifs et de moyens (CPOM)")
    m.p("{{ calcul.premiere_annee }}–{{ calcul.derniere_annee }}", centre=True, gras=True)
    m.p("Entre, d’une part :", gras=True)
    m.p("Le {{ calcul.departement }}, représenté par {{ 'la' if departement.president.civilite "
        "== 'Mme' else 'le' }} {{ calcul.titre_president }}, {{ calcul.president }}, dûment "
        "habilité{{ 'e' if departement.president.civilite == 'Mme' else '' }} à signer le présent "
        "contrat par décision de commission permanente en date du "
        "{{ departement.date_decision_signature|date_longue }}, ci-après dénommé "
        "« le Département »")
    m.p("et, d’autre part :", gras=True)
    m.p("{{ calcul.representant }}, {{ calcul.qualite_representant }}"
        "{% if gestionnaire.siren %} (SIREN {{ gestionnaire.siren }}){% endif %}, dont le siège "
        "est situé {{ gestionnaire.adresse.voie }}, {{ gestionnaire.adresse.code_postal }} "
        "{{ gestionnaire.adresse.commune }}, dénommé « l’organisme gestionnaire »")
    visas = [
        "Vu le code général des collectivités territoriales ;",
        "Vu le code de l’action sociale et des familles ;",
        "Vu la loi n° 2021-1754 du 23 décembre 2021 de financement de la sécurité sociale pour "
        "2022, et notamment son article 44 ;",
        "Vu le décret n° 2016-502 du 22 avril 2016 relatif au cahier des charges national des "
        "services d’aide et d’accompagnement à domicile et modifiant le code de l’action sociale "
        "et des familles ;",
        "Vu le décret n° 2021-1932 du 30 décembre 2021 relatif au tarif minimal applicable aux "
        "heures d'aide à domicile et à la dotation visant à garantir le fonctionnement intégré de "
        "l'aide et du soin au sein d'un service autonomie à domicile mentionnés à l'article "
        "L. 314-2-1 du code de l'action sociale et des familles ;",
        "Vu le décret n° 2022-735 du 28 avril 2022 relatif au financement des services proposant "
        "des prestations d’aide et d’accompagnement à domicile ;",
        "Vu l’arrêté du 28 décembre 2005 fixant les tarifs de l'élément de la prestation de "
        "compensation mentionné au 1° de l'article L. 245-3 du code de l'action sociale et des "
        "familles ;",
    ]
    for visa in visas:
        m.p(visa)
    m.ctrl("{%p if calcul.tarif_minimal %}")
    m.p("{{ calcul.tarif_minimal.visa }} ;")
    m.ctrl("{%p endif %}")
    m.p("Vu le {% if departement.schema_departemental %}{{ departement.schema_departemental }}"
        "{% else %}schéma départemental d’organisation sociale et médico-sociale{% endif %} "
        "définissant les orientations politiques et stratégiques "
        "en matière d’offre médico-sociale ;")
    m.p("Vu le règlement départemental d’action sociale ;")
    m.ctrl("{%p if departement.date_arrete_tarifs %}")
    m.p("Vu l’arrêté départemental du {{ departement.date_arrete_tarifs|date_longue }} fixant "
        "le(s) tarif(s) de référence départemental APA/PCH ;")
    m.ctrl("{%p endif %}")
    m.ctrl("{%p if dotation_complementaire %}")
    m.p("Vu les résultats de l’appel à candidatures organisé en vue de l’attribution de la "
        "dotation complémentaire mentionnée à l’article L.314-2-1 du code de l’action sociale et "
        "des familles et publiés le "
        "{{ dotation_complementaire.appel_a_candidatures.date_publication|date_longue }} ;")
    m.ctrl("{%p endif %}")
    m.p("Vu la délibération du Conseil départemental{% if departement.date_deliberation_cpom %} "
        "en date du {{ departement.date_deliberation_cpom|date_longue }}{% endif %} approuvant "
        "le CPOM et autorisant {{ 'la Présidente' if departement.president.civilite == 'Mme' "
        "else 'le Président' }} du Conseil départemental à le signer ;")
    m.ctrl("{%p if gestionnaire.date_deliberation_signature %}")
    m.p("Vu la délibération du conseil d’administration de l’organisme gestionnaire, en date du "
        "{{ gestionnaire.date_deliberation_signature|date_longue }}, autorisant la signature du "
        "présent CPOM ;")
    m.ctrl("{%p endif %}")

    m.h1("Préambule")
    m.ctrl("{%p if contrat.preambule %}")
    m.ctrl("{%p for paragraphe in contrat.preambule %}")
    m.p("{{ paragraphe }}")
    m.ctrl("{%p endfor %}")
    m.ctrl("{%p else %}")
    for texte in [
        "L’ambition du virage domiciliaire est de répondre au souhait des Français de pouvoir "
        "vieillir chez eux en renforçant durablement et profondément l’accompagnement à "
        "domicile des personnes âgées en perte d’autonomie et des personnes en situation de "
        "handicap.",
        "Dans ce cadre, la loi de financement de la sécurité sociale pour 2022, en réorganisant "
        "le secteur du domicile et en réformant le financement des services, vise à favoriser "
        "les conditions d’un accompagnement de qualité pour les personnes qui en ont besoin.",
        "Outil de modernisation de l’action publique et de mise en œuvre des politiques "
        "publiques dans les territoires, le présent contrat pluriannuel d’objectifs et de "
        "moyens (CPOM) permet de mettre en cohérence les objectifs du gestionnaire et de "
        "son/ses service(s) d’aide et d’accompagnement à domicile avec les priorités définies "
        "par le Département en matière de prévention de la perte d’autonomie et de maintien à "
        "domicile.",
        "Afin de renforcer la qualité de service aux usagers et la capacité des services à "
        "réaliser leurs missions, le {{ calcul.departement }} et le service prestataire "
        "s’engagent sur des objectifs réciproques dans le cadre du présent CPOM (au sens de "
        "l’article L. 313-11-1 du code de l’action sociale et des familles). Ils inscrivent "
        "ainsi leur relation dans une démarche volontaire et conjointe de transparence et "
        "d’engagements réciproques, tant dans les actions entreprises, l’attribution et la "
        "gestion de moyens financiers, que dans l’évaluation des résultats atteints en fonction "
        "des objectifs définis en commun.",
        "Cette démarche de contractualisation doit permettre :",
    ]:
        m.p(texte)
    m.p("Pour le Département, de :", gras=True)
    for puce in [
        "renforcer son pilotage territorial en matière de politique de maintien à domicile des "
        "personnes en perte d'autonomie et de leur apporter des réponses adaptées à leurs "
        "besoins et accessibles financièrement ;",
        "soutenir les services proposant des prestations d’aide et d’accompagnement à domicile "
        "afin de les accompagner dans l’accomplissement de leurs missions et de leur permettre "
        "de développer de nouvelles actions ;",
        "rationaliser et optimiser les dépenses du Département.",
    ]:
        m.puce(puce)
    m.p("Pour l’organisme gestionnaire, de :", gras=True)
    for puce in [
        "adapter son offre de service et d’en assurer le caractère pérenne dès lors qu’elle "
        "répond aux besoins de la population et de conforter son positionnement sur le "
        "territoire ;",
        "bénéficier d’une meilleure visibilité sur son activité et son financement dans une "
        "logique de pluri-annualité de ses ressources ;",
        "disposer d’un vecteur de simplification et de souplesse en matière de tarification "
        "(pour services habilités à l’aide sociale) ;",
        "encourager et de développer la formation des professionnels ;",
        "développer ou renforcer ses coopérations de manière formalisée avec d’autres SAAD et "
        "avec les autres acteurs sociaux et médico-sociaux du territoire ;",
    ]:
        m.puce(puce)
    m.p("Pour l’usager, de bénéficier de :", gras=True)
    m.puce("l’amélioration de la qualité de service rendu ;")
    m.puce("services accessibles financièrement sur tout le territoire départemental.")
    m.ctrl("{%p endif %}")

    m.h1("Article 1er : Objet et périmètre du contrat")
    m.ctrl("{%p if contrat.politique_departementale %}")
    m.p("La politique d’aide à domicile du département vise à "
        "{{ contrat.politique_departementale }}")
    m.ctrl("{%p endif %}")
    m.p("Le présent contrat fixe les objectifs assignés à l’organisme gestionnaire et les moyens "
        "alloués par le Département nécessaires à la réalisation de ces objectifs.")
    m.p("Il s’applique aux activités du/des service(s) d’aide et d’accompagnement à domicile "
        "prestataires géré(s) par l’organisme gestionnaire et financées par le Département au "
        "titre des plans d’aide individuels, à savoir :")
    m.puce("l’Allocation Personnalisée d’Autonomie (APA) ;")
    m.puce("la Prestation de Compensation du Handicap (PCH) ;")
    m.ctrl("{%p if calcul.habilite %}")
    m.puce("l’aide sociale légale du Département.")
    m.ctrl("{%p endif %}")
    m.p("Le contrat concerne {{ 'les services prestataires suivants' if services|length > 1 "
        "else 'le service prestataire suivant' }} :")
    m.ctrl("{%p for service in services %}")
    m.p("**Nom :** {{ service.nom }}")
    m.p("**Raison sociale :** {{ service.raison_sociale or gestionnaire.raison_sociale }}")
    m.p("**Identifiant FINESS (ou numéro SIREN/SIRET) :** {{ service.finess or '' }}"
        "{% if service.finess and service.siret %} – {% endif %}"
        "{% if service.siret %}SIRET {{ service.siret }}{% endif %}")
    m.p("**Arrêté d’autorisation :** {{ 'agrément valant autorisation' if "
        "service.autorisation.agrement else 'arrêté' }} du "
        "{{ service.autorisation.date|date_longue }}"
        "{% if service.autorisation.reference %} ({{ service.autorisation.reference }})"
        "{% endif %}")
    m.p("**Habilitation à l’aide sociale :** {{ service.habilite_aide_sociale|oui_non }}")
    m.p("**Zone d’intervention du service** (communes sur lesquelles le service prestataire est "
        "autorisé à intervenir) : {% for c in service.communes %}{{ c.nom }}"
        "{% if c.code_insee %} ({{ c.code_insee }}){% endif %}"
        "{{ ', ' if not loop.last else '.' }}{% endfor %}")
    m.ctrl("{%p endfor %}")

    m.h1("Article 2 : Objectifs fixés sur la base du diagnostic partagé")
    m.p("Dans le cadre du présent contrat, l’organisme gestionnaire s’engage, au terme du "
        "diagnostic préparé en concertation étroite avec le Département et présenté en annexe 1, "
        "à l’atteinte des objectifs suivants :")
    m.h2("2-1 Objectifs généraux")
    m.ctrl("{%p for objectif in objectifs.generaux %}")
    m.p("- **Objectif/Orientation stratégique n°{{ loop.index }} :** {{ objectif.intitule }}")
    m.p("Objectif(s) opérationnel(s) : {% for o in objectif.operationnels %}{{ o.intitule }}"
        "{{ ' ; ' if not loop.last else '.' }}{% endfor %}")
    m.ctrl("{%p endfor %}")
    m.ctrl("{%p if dotation_complementaire %}")
    m.h2("2-2 Objectif(s) fixés en contrepartie du versement de la dotation complémentaire "
         "mentionnée à l’article L.314-2-1 du CASF")
    m.p("L’organisme gestionnaire a été sélectionné dans le cadre de l’appel à candidatures "
        "organisé le {{ dotation_complementaire.appel_a_candidatures.date|date_longue }} par le "
        "Département en vue d’attribuer une dotation complémentaire aux services d’aide et "
        "d’accompagnement à domicile permettant de mettre en œuvre des actions améliorant la "
        "qualité du service rendu aux bénéficiaires.")
    m.p("A ce titre, l’organisme gestionnaire a été retenu pour des actions répondant "
        "{% if calcul.objectifs_dotation|length > 1 %}aux objectifs suivants{% else %}"
        "à l’objectif suivant{% endif %}, parmi ceux mentionnés à l’article L.314-2-2 du CASF :")
    m.ctrl("{%p for objectif in calcul.objectifs_dotation %}")
    m.p("- **Objectif n°{{ objectif.numero }} :** {{ objectif.libelle }}"
        "{% if objectif.precision %} ({{ objectif.precision }}){% endif %}")
    m.p("Objectif(s) opérationnel(s) : {% for o in objectif.operationnels %}{{ o.intitule }}"
        "{{ ' ; ' if not loop.last else '.' }}{% endfor %}")
    m.ctrl("{%p endfor %}")
    m.ctrl("{%p endif %}")
    m.p("Les objectifs, déclinés en actions, et assortis d’indicateurs de suivi et de résultat "
        "sont présentés en annexe 2 du présent contrat, qui intègre également un calendrier "
        "prévisionnel de réalisation.")
    m.p("Les actions permettant l’atteinte de ces objectifs font l’objet de fiches actions elles "
        "aussi présentées en annexe.")
    m.p("Chaque année, l’organisme gestionnaire adresse en même temps que les comptes "
        "administratifs, un bilan d’étape de la mise en œuvre des actions prévues au contrat.")

    article_3(m)
    article_4_a_10(m)
    m.sauver(SORTIE / "contrat.docx")


def dotation_3_2(m: Modele) -> None:
    m.ctrl("{%p if dotation_complementaire %}")
    m.h2("3-2 Dispositions relatives à la dotation complémentaire")
    m.p("Au global et pour chaque objectif ou action prévus :")
    m.tiret("modalités de calcul : {{ dotation_complementaire.modalites_calcul }}")
    m.tiret("montant alloué et évolution sur la durée du contrat : "
            "{{ calcul.dotation.total|montant }} sur la durée du contrat, réparti comme suit"
            "{% if dotation_complementaire.evolution %} ({{ dotation_complementaire.evolution }})"
            "{% endif %} :")
    m.tableau(["Année", "{%tc for a in calcul.annees %}", "{{ a }}", "{%tc endfor %}", "Total"],
              [["Dotation complémentaire", "{%tc for v in calcul.dotation.colonnes %}",
                "{{ v|montant }}", "{%tc endfor %}", "{{ calcul.dotation.total|montant }}"]])
    m.tiret("modalités de versement : {% if dotation_complementaire.versement.mode == "
            "'douziemes' %}versement par douzièmes{% else %}versement de l’acompte avant le "
            "{{ dotation_complementaire.versement.acompte_avant|jour_mois }} et du solde avant "
            "le {{ dotation_complementaire.versement.solde_avant|jour_mois }} de l’année "
            "suivante{% endif %} ;")
    m.tiret("modalités et calendrier de la régularisation annuelle des montants versés en "
            "fonction du niveau de réalisation des actions : "
            "{{ dotation_complementaire.regularisation.modalites }} La régularisation au titre "
            "de l’année N intervient avant le "
            "{{ dotation_complementaire.regularisation.avant|jour_mois }} de l’année N+1, en "
            "cohérence avec l’obligation de remise des données à la CNSA concernant l’année N au "
            "plus tard le 30 juin de l’année N+1.")
    m.ctrl("{%p endif %}")


def article_3(m: Modele) -> None:
    m.ctrl("{%p if calcul.habilite %}")
    m.h1("Article 3 : Moyens dédiés à la réalisation du contrat (services habilités)")
    m.p("En contrepartie de la réalisation des objectifs fixés à l’article 2, les moyens "
        "alloués à l’organisme gestionnaire par le Département et leur évolution sur la durée du "
        "contrat sont définis dans le présent article.")
    m.p("Le Département s’engage par cette contractualisation à donner une visibilité à "
        "l’organisme gestionnaire sur des engagements pluriannuels financiers, sous réserve du "
        "vote du budget de la collectivité et conformément à l’objectif annuel des dépenses du "
        "département.")
    m.h2("3-1 Détermination et évolution des moyens sur la durée du contrat (hors dotation "
         "complémentaire)")
    m.tiret("tarif horaire année {{ calcul.premiere_annee }} : "
            "{{ tarification.tarif_horaire|montant }} ;")
    m.tiret("dispositions relatives à la fixation du tarif individualisé et à la détermination "
            "du mode d’évolution sur la durée du contrat (article R. 314-40 du code de l’action "
            "sociale et des familles, {{ calcul.option_r314_40 }}) : "
            "{{ tarification.evolution.modalites }}"
            "{% if tarification.evolution.taux is not none %} Taux annuel d’évolution : "
            "{{ tarification.evolution.taux|pourcentage(2, false) }}.{% endif %}")
    m.ctrl("{%p if calcul.elements_financiers.lignes %}")
    m.p("Éléments financiers pour chaque année de la durée du contrat :")
    m.tableau(["Année", "Tarif horaire", "Volume horaire prévisionnel", "Montant prévisionnel"],
              [*m.boucle("{%tr for e in calcul.elements_financiers.lignes %}",
                         ["{{ e.annee }}", "{{ e.tarif_horaire|montant }}",
                          "{{ e.heures|nombre }} h", "{{ e.montant|montant }}"]),
               ["**Total**", "", "**{{ calcul.elements_financiers.total_heures|nombre }} h**",
                "**{{ calcul.elements_financiers.total|montant }}**"]],
              largeurs=[2, 3, 4, 4])
    m.ctrl("{%p endif %}")
    m.ctrl("{%p if tarification.dotation_globale %}")
    m.tiret("dispositions relatives à la dotation globale de financement : "
            "{{ tarification.dotation_globale.modalites }}")
    m.tableau(["Année", "{%tc for a in calcul.annees %}", "{{ a }}", "{%tc endfor %}", "Total"],
              [["Dotation globale", "{%tc for v in calcul.dotation_globale.colonnes %}",
                "{{ v|montant }}", "{%tc endfor %}",
                "{{ calcul.dotation_globale.total|montant }}"]])
    m.ctrl("{%p endif %}")
    m.tiret("modalités de versement et règles diverses : annexe 3.")
    dotation_3_2(m)
    m.h2("3-3 Détermination de la politique d’affectation des résultats")
    m.p("Conformément à l’article R. 314-51 du CASF, les règles convenues en matière "
        "d’affectation et de gestion des résultats déficitaires comme excédentaires sont les "
        "suivantes : {{ tarification.affectation_resultats.regles }}")
    m.ctrl("{%p if tarification.affectation_resultats.libre_affectation %}")
    m.p("Par dérogation, l’organisme gestionnaire affecte librement les résultats, dans les "
        "conditions prévues à l’article R. 314-43 du CASF.")
    m.ctrl("{%p endif %}")
    m.ctrl("{%p else %}")
    m.h1("Article 3 : Moyens dédiés à la réalisation du contrat (services non habilités)")
    m.p("Le Département s’engage par cette contractualisation à donner une visibilité à "
        "l’organisme gestionnaire sur des engagements pluriannuels financiers, sous réserve du "
        "vote du budget de la collectivité et conformément à l’objectif annuel des dépenses du "
        "département.")
    m.h2("3-1 Détermination et évolution des moyens sur la durée du contrat")
    m.p("Le Conseil départemental {{ calcul.departement_complement }} a délibéré sur un tarif "
        "départemental de référence qui, à la date de conclusion du présent CPOM, s’élève à "
        "{% if calcul.tarif_reference.identiques %}{{ calcul.tarif_reference.apa|montant }} pour "
        "les heures réalisées au titre de l’APA et de la PCH{% else %}"
        "{{ calcul.tarif_reference.apa|montant }} pour les heures réalisées au titre de l’APA et "
        "à {{ calcul.tarif_reference.pch|montant }} pour les heures réalisées au titre de la PCH"
        "{% endif %}. Il tient compte du montant minimal fixé par arrêté interministériel relatif "
        "au tarif minimal mentionné au I de l’article L. 314-2-1 du code de l’action sociale et "
        "des familles.")
    m.p("Son évolution éventuelle est arrêtée par {{ 'la Présidente' if "
        "departement.president.civilite == 'Mme' else 'le Président' }} du Conseil "
        "départemental.")
    m.p("Le tarif fixé au titre du présent contrat s’applique pour la valorisation des plans "
        "d’aide APA et des plans de compensation PCH.")
    dotation_3_2(m)
    m.ctrl("{%p if reste_a_charge %}")
    m.h2("3-3 Modalités de limitation du reste à charge des bénéficiaires en contrepartie du "
         "bénéfice de la dotation complémentaire")
    m.p("Le reste à charge est entendu comme le total des sommes facturées par les services non "
        "habilités aux personnes accompagnées au-delà du montant des tarifs de l’APA et de la "
        "PCH.")
    m.p("L’organisme gestionnaire s’engage à {{ reste_a_charge.regles }}")
    m.p("Le respect de cet engagement est suivi au moyen "
        "{% if calcul.indicateurs_rac|length > 1 %}des indicateurs suivants{% else %}"
        "de l’indicateur suivant{% endif %} :")
    m.tableau(["Indicateur de suivi", "Unité / formule",
               "Situation initiale ({{ calcul.annee_initiale }})",
               "Cible ({{ calcul.annee_cible }})", "{%tc for a in calcul.annees %}", "{{ a }}",
               "{%tc endfor %}"],
              m.boucle("{%tr for i in calcul.indicateurs_rac %}",
                       ["{{ i.libelle }}", "{{ i.unite or '' }}",
                        "{{ i.situation_initiale or '' }}", "{{ i.cible or '' }}",
                        "{%tc for v in i.colonnes %}", "{{ v }}", "{%tc endfor %}"]))
    m.p("En cas de non-respect de cet engagement, le versement de la dotation complémentaire "
        "pourra être suspendu ou faire l’objet d’une récupération par le Département.")
    m.p("L’organisme gestionnaire reste libre de fixer le tarif facturé aux bénéficiaires en "
        "dehors des heures APA et PCH.")
    m.ctrl("{%p endif %}")
    m.ctrl("{%p endif %}")


def article_4_a_10(m: Modele) -> None:
    m.h1("Article 4 : Suivi du contrat et modalités du dialogue de gestion")
    m.p("Les parties conviennent de se réunir {{ 'chaque année' if suivi.periodicite_annees == 1 "
        "else 'tous les ' ~ suivi.periodicite_annees ~ ' ans' }}, avant le "
        "{{ suivi.reunion_avant|jour_mois }}, afin d’examiner l’état de réalisation des "
        "objectifs fixés et la situation financière du/des service(s).")
    m.p("En vue de la préparation du suivi du contrat, l’organisme gestionnaire s’engage, pour "
        "chacun des services concernés par le présent contrat, à fournir au Département les "
        "documents suivants :")
    m.p("Chaque année, avant le {{ suivi.documents_avant|jour_mois }} de l’année suivant "
        "l’exercice :")
    m.tiret("les comptes administratifs (cadre normalisé) ;")
    m.tiret("les bilans comptables du/des service(s) ;")
    m.ctrl("{%p if dotation_complementaire %}")
    m.tiret("un bilan financier annuel de l’activité au titre des objectifs définis dans le cadre "
            "de l’attribution de la dotation complémentaire, à détailler action par action ;")
    m.ctrl("{%p endif %}")
    m.tiret("le rapport d’activité du/des service(s) ;")
    m.tiret("un bilan d’étape de la mise en œuvre des actions prévues au contrat, notamment le "
            "tableau synthétique joint en annexe 2 du présent contrat et les indicateurs dûment "
            "complétés permettant de suivre la réalisation des objectifs (distinguer les "
            "objectifs en lien avec la dotation complémentaire){% if "
            "suivi.pieces_justificatives %}, complété par la liste des pièces justificatives "
            "suivantes :{% else %} ;{% endif %}")
    m.ctrl("{%p for piece in suivi.pieces_justificatives %}")
    m.p("    Action « {{ piece.action }} » : {{ piece.pieces }} ;")
    m.ctrl("{%p endfor %}")
    m.ctrl("{%p if reste_a_charge %}")
    m.tiret("pour les services non habilités à l’aide sociale : un bilan sur la mise en œuvre "
            "effective de l’engagement de limiter le reste à charge prévu à l’article 3-3 et les "
            "pièces justificatives suivantes : "
            "{% for p in reste_a_charge.pieces_justificatives %}{{ p }}"
            "{{ ' ; ' if not loop.last else ' ;' }}{% endfor %}")
    m.ctrl("{%p endif %}")
    m.ctrl("{%p if suivi.evaluations %}")
    m.tiret("le cas échéant, la transmission des résultats des évaluations au sens de l’article "
            "L. 312-8 du CASF.")
    m.ctrl("{%p endif %}")
    m.p("Un relevé de décisions est rédigé et approuvé par les deux parties à la suite de chaque "
        "réunion dans le cadre du dialogue de gestion.")
    m.p("Les parties peuvent se réunir autant que de besoin, en particulier lors de changements "
        "significatifs et imprévus.")
    m.p("Lors de la dernière année du contrat, un rapport complet d’exécution permettant "
        "d’évaluer l’atteinte globale des objectifs qualitatifs et de gestion prévus au contrat "
        "est transmis au président du conseil départemental. Ce document est la base du travail "
        "réalisé conjointement par les deux parties en vue du renouvellement du contrat."
        "{% if dotation_complementaire %} Il comporte un volet relatif à l’évaluation des "
        "objectifs fixés en contrepartie du bénéfice de la dotation complémentaire.{% endif %}")

    m.h1("Article 5 : Informatique et libertés")
    m.p("Le service prestataire s'engage à se conformer aux dispositions du Règlement relatif à "
        "la protection des personnes physiques à l'égard du traitement des données à caractère "
        "personnel et à la libre circulation de ces données, et abrogeant la directive 95/46/CE "
        "(règlement général sur la protection des données). Il doit notamment :")
    m.puce("se mettre en conformité auprès de la CNIL quant aux fichiers nominatifs dont il est "
           "l’auteur pour la gestion du présent contrat pluriannuel d'objectifs et de moyens ;")
    m.puce("informer les usagers de leurs droits d’accès et de rectification concernant les "
           "informations les concernant. La demande peut s’exercer auprès du service prestataire "
           "et auprès du Département. Pour ce dernier, les usagers doivent s’adresser au "
           "correspondant informatique et libertés du Département.")
    m.ctrl("{%p if contrat.annexe_donnees_personnelles %}")
    m.p("Le détail des engagements concernant ce volet se trouve dans "
        "{{ contrat.annexe_donnees_personnelles }}.")
    m.ctrl("{%p endif %}")

    m.h1("Article 6 : Conditions de révision et de prorogation du contrat")
    m.p("Le présent contrat peut être révisé en cas d’accord de l’ensemble des signataires, par "
        "simple avenant.")
    m.p("Au plus tard {{ calcul.preavis }} mois avant l’échéance prévue au contrat pluriannuel "
        "d’objectifs et de moyens, une partie signataire souhaitant la prorogation simple du "
        "contrat, dans la limite d’une durée totale de {{ calcul.prorogation_max }} ans, le "
        "notifie à l’autre partie signataire par lettre recommandée avec accusé de réception ou "
        "tout autre moyen permettant d’attester de la remise du document au destinataire.")
    m.p("Celle-ci a {{ calcul.delai_reponse }} mois pour signaler son accord ou son désaccord "
        "par les mêmes moyens. A défaut de réponse dans ce délai, l’accord est réputé acquis.")
    m.p("En cas de désaccord sur la prorogation entre les parties à l’issue de la période "
        "{{ calcul.periode_reponse }}, une négociation en vue de la conclusion d’un nouveau "
        "contrat pluriannuel d’objectifs et de moyens est ouverte sans délai.")

    m.h1("Article 7 : Dénonciation et résiliation du contrat")
    m.p("Le contrat peut être dénoncé par les parties d’un commun accord moyennant le respect "
        "d’un préavis de 3 mois par lettre recommandée avec avis de réception.")
    m.p("Le contrat sera résilié de plein droit par l’une ou l’autre des parties sans préavis, "
        "ni indemnité en cas de liquidation judiciaire de la structure.")
    m.p("Le contrat peut être résilié à tout moment par le Département en cas de non-respect des "
        "engagements définis à l’article 2 et en cas de non transmission des éléments demandés "
        "par le Département à l’article 4.")
    m.p("Le présent contrat n’est ni cessible, ni transmissible, sauf accord préalable et exprès "
        "du Département.")

    m.h1("Article 8 : Litiges")
    m.p("Les parties s’efforceront de résoudre à l’amiable tout différend qui pourrait naître "
        "entre elles au cours de l’exécution du présent contrat. Les recours amiables sont "
        "adressés par lettre recommandée avec accusé de réception.")
    m.p("En cas d’échec de la tentative de conciliation, le litige sera porté devant le tribunal "
        "interrégional de la tarification sanitaire et sociale compétent pour les questions "
        "relatives à la tarification des établissements et services sociaux et médico-sociaux "
        "ou devant le tribunal administratif compétent pour les autres questions.")

    m.h1("Article 9 : Pièces annexées au contrat")
    m.p("Le diagnostic préalable à la négociation du présent contrat ainsi qu’une présentation "
        "synthétique des objectifs sont joints en annexes :")
    m.puce("Annexe 1 : Diagnostic partagé ;")
    m.puce("Annexe 2 : Objectifs et calendrier prévisionnel de réalisation, fiches actions ;")
    m.puce("Annexe 3 : Règles de gestion diverses.")
    m.ctrl("{%p if contrat.complement_pieces_annexees %}")
    m.p("{{ contrat.complement_pieces_annexees }}")
    m.ctrl("{%p endif %}")
    m.p("Ces annexes sont opposables aux parties signataires du présent contrat.")

    m.h1("Article 10 : Durée et date d’effet du contrat")
    m.p("Le présent contrat prend effet à la date du {{ calcul.date_effet|date_longue }} pour une "
        "durée de {{ calcul.duree }}, soit jusqu’au {{ calcul.date_fin|date_longue }}.")
    m.p("Au plus tard {{ calcul.preavis }} mois avant le {{ calcul.date_fin|date_longue }} (date "
        "d’échéance du contrat), une partie signataire souhaitant la prorogation du présent "
        "contrat (dans la limite de {{ calcul.prorogation_max }} ans) le notifie à l’autre "
        "partie signataire par lettre recommandée avec accusé de réception ou tout autre moyen "
        "permettant d'attester de la remise du document au destinataire.")
    m.p("Celle-ci a {{ calcul.delai_reponse }} mois pour signaler son accord ou son désaccord "
        "par les mêmes moyens. A défaut de réponse dans ce délai, l'accord est réputé acquis.")
    m.p("En cas de désaccord sur la prorogation entre les parties à l'issue de la période "
        "{{ calcul.periode_reponse }}, une négociation en vue de la conclusion d'un nouveau "
        "contrat pluriannuel d'objectifs et de moyens est ouverte sans délai.")
    m.p("Si aucune des parties n’a manifesté le souhait de proroger le contrat en vigueur au plus "
        "tard {{ calcul.preavis }} mois avant le {{ calcul.date_fin|date_longue }} (date "
        "d’échéance du contrat), les parties signataires entament une négociation en vue d’un "
        "nouveau contrat.")
    m.p("")
    m.p("Fait {{ calcul.fait_a }}, le {{ contrat.date_signature|date_longue if "
        "contrat.date_signature else '______________________' }}, en deux exemplaires originaux.")
    m.tableau([], [["{{ 'La Présidente' if departement.president.civilite == 'Mme' else "
                    "'Le Président' }} du Conseil départemental",
                    "Pour l’organisme gestionnaire,"],
                   ["{{ calcul.president }}\n\n\n\n",
                    "{{ calcul.representant }}\n{{ calcul.qualite_representant }}\n\n\n"]])


def annexe_1() -> None:
    m = Modele(entete=ENTETE)
    m.titre("Annexe 1 – Diagnostic partagé")
    m.h2("Données départementales")
    m.p("{{ diagnostic.donnees_departementales }}")
    m.h2("Enjeux territoriaux et priorités du département (notamment constats et objectifs du "
         "schéma départemental)")
    m.p("{{ diagnostic.enjeux }}")
    m.h2("Descriptif de l’organisme gestionnaire")
    m.p("{{ gestionnaire.raison_sociale }}{% if gestionnaire.forme_juridique %}, "
        "{{ gestionnaire.forme_juridique }}{% endif %}, dont le siège est situé "
        "{{ gestionnaire.adresse.voie }}, {{ gestionnaire.adresse.code_postal }} "
        "{{ gestionnaire.adresse.commune }}"
        "{% if gestionnaire.siret %} (SIRET {{ gestionnaire.siret }}){% endif %}"
        "{% if gestionnaire.rna %}, RNA {{ gestionnaire.rna }}{% endif %}.")
    m.ctrl("{%p if gestionnaire.description %}")
    m.p("{{ gestionnaire.description }}")
    m.ctrl("{%p endif %}")
    m.h2("Descriptif du/des service(s)")
    m.ctrl("{%p if diagnostic.descriptif_services %}")
    m.p("{{ diagnostic.descriptif_services }}")
    m.ctrl("{%p endif %}")
    m.ctrl("{%p for service in services %}")
    m.p("**{{ service.nom }}**{% if service.finess %} (FINESS {{ service.finess }}){% endif %}")
    m.tiret("date d’autorisation{{ ' (agrément valant autorisation)' if "
            "service.autorisation.agrement else '' }} : "
            "{{ service.autorisation.date|date_longue }} ;")
    m.tiret("date de la dernière évaluation interne/externe ou certification : "
            "{% if service.date_derniere_evaluation %}"
            "{{ service.date_derniere_evaluation|date_longue }}"
            "{% if service.nature_derniere_evaluation %} "
            "({{ service.nature_derniere_evaluation }}){% endif %}"
            "{% else %}aucune à ce jour{% endif %} ;")
    m.tiret("zone d’intervention autorisée/effective du service : "
            "{% for c in service.communes %}{{ c.nom }}{{ ', ' if not loop.last else '' }}"
            "{% endfor %} ;")
    m.tiret("autres activités (activités hors interventions en mode prestataire auprès des "
            "bénéficiaires de l’APA, de la PCH et de l’aide sociale du département le cas "
            "échéant) : {{ service.autres_activites or 'aucune' }}.")
    m.ctrl("{%p endfor %}")

    m.h2("Chiffres activité année {{ calcul.annee_initiale }}")
    a = "diagnostic.activite"
    m.tableau(["", "Nombre d’heures", "Nombre de bénéficiaires"], [
        ["**APA**", "{{ calcul.activite.apa.heures|nombre }}",
         "{{ calcul.activite.apa.beneficiaires|nombre }}"],
        *[[f"- GIR {g}", f"{{{{ {a}.apa.gir{g}.heures|nombre }}}}",
           f"{{{{ {a}.apa.gir{g}.beneficiaires|nombre }}}}"] for g in (1, 2, 3, 4)],
        ["**PCH**", f"{{{{ {a}.pch.heures|nombre }}}}", f"{{{{ {a}.pch.beneficiaires|nombre }}}}"],
        [f"{{%tr if {a}.aide_sociale %}}", "", ""],
        ["**Aide sociale département**", f"{{{{ {a}.aide_sociale.heures|nombre }}}}",
         f"{{{{ {a}.aide_sociale.beneficiaires|nombre }}}}"],
        ["{%tr endif %}", "", ""],
        ["**Autres :**", "", ""],
        ["- Au titre des financements à destination de PA de plus de 60 ans ou de PH (CARSAT, "
         "MSA, mutuelles, individuels en complément de plans d’aide…)",
         f"{{{{ {a}.autres_pa_ph.heures|nombre if {a}.autres_pa_ph else 0 }}}}",
         f"{{{{ {a}.autres_pa_ph.beneficiaires|nombre if {a}.autres_pa_ph else 0 }}}}"],
        ["- Au titre des activités non destinées à des PA de plus de 60 ans ou de PH",
         f"{{{{ {a}.autres_hors_pa_ph.heures|nombre if {a}.autres_hors_pa_ph else 0 }}}}",
         f"{{{{ {a}.autres_hors_pa_ph.beneficiaires|nombre if {a}.autres_hors_pa_ph else 0 }}}}"],
        ["**Total activité année**", "**{{ calcul.activite.total.heures|nombre }}**",
         "**{{ calcul.activite.total.beneficiaires|nombre }}**"],
    ], largeurs=[8, 3, 3])
    lignes = [
        ["Dimanche / jour férié", f"{{{{ {a}.dimanches_feries.heures|nombre }}}}",
         f"{{{{ {a}.dimanches_feries.beneficiaires|nombre }}}}"],
        [f"Nuits ({{{{ {a}.plage_nuit }}}})", f"{{{{ {a}.nuits.heures|nombre }}}}",
         f"{{{{ {a}.nuits.beneficiaires|nombre }}}}"],
        [f"{{%tr if {a}.par_commune %}}", "", ""],
        ["**Selon zone d’intervention :**", "", ""],
        ["{%tr endif %}", "", ""],
        *m.boucle(f"{{%tr for c in {a}.par_commune %}}",
                  ["- {{ c.commune }}", "{{ c.heures|nombre }}", "{{ c.beneficiaires|nombre }}"]),
        [f"{{%tr if {a}.par_commune %}}", "", ""],
        ["**Total activité année (zone d’intervention)**",
         "**{{ calcul.activite.total_communes.heures|nombre }}**",
         "**{{ calcul.activite.total_communes.beneficiaires|nombre }}**"],
        ["{%tr endif %}", "", ""],
    ]
    m.tableau(["", "Nombre d’heures", "Nombre de bénéficiaires"], lignes, largeurs=[8, 3, 3])

    t = "diagnostic.tarification"
    m.h2("Tarification / prix facturé")
    m.tableau(["{{ 'Tarif horaire arrêté par le département' if calcul.habilite else 'Tarif "
               "horaire départemental de référence' }}", "Tarif facturé par le service (pour les "
               "services non habilités à l’aide sociale)"],
              [[f"APA : {{{{ {t}.tarif_apa|montant }}}}\nPCH : {{{{ {t}.tarif_pch|montant }}}}",
                f"{{{{ {t}.tarif_facture|montant if {t}.tarif_facture is not none else 'sans "
                f"objet' }}}}{{% if {t}.frais_annexes is not none %}}\nDont frais annexes : "
                f"{{{{ {t}.frais_annexes|montant }}}}{{% endif %}}"]], largeurs=[1, 1])
    m.tableau(["Taux moyen de participation financière",
               "Montant moyen du reste à charge (services non habilités)"],
              [[f"{{{{ {t}.taux_participation|pourcentage(1, false) if "
                f"{t}.taux_participation is not none else 'non renseigné' }}}}",
                f"{{{{ {t}.reste_a_charge_moyen|montant if {t}.reste_a_charge_moyen is not none "
                f"else 'sans objet' }}}}"]], largeurs=[1, 1])
    m.h2("Partenariats formalisés")
    m.tableau(["Catégorie d’établissement / de service", "Nom et coordonnées de la structure"],
              [*m.boucle("{%tr for p in diagnostic.partenariats %}",
                         ["{{ p.categorie }}", "{{ p.structure }}"]),
               ["{%tr if not diagnostic.partenariats %}", ""],
               ["Aucun partenariat formalisé", ""],
               ["{%tr endif %}", ""]], largeurs=[1, 2])
    m.h2("Points forts et axes d’amélioration")
    m.tableau(["Domaine", "Points forts", "Axes d’amélioration"],
              m.boucle("{%tr for p in diagnostic.points_forts %}",
                       ["{{ p.domaine }}", "{{ p.points_forts }}", "{{ p.axes_amelioration }}"]),
              largeurs=[2, 3, 3])
    m.sauver(SORTIE / "annexe-01-diagnostic-partage.docx")


def _tableau_objectifs(m: Modele, lignes: str, titre_strategique: str) -> None:
    m.tableau([titre_strategique, "Objectifs opérationnels", "Actions",
               "Indicateurs de suivi (des actions)",
               "Indicateurs de suivi (des objectifs opérationnels)",
               "Situation initiale ({{ calcul.annee_initiale }})",
               "Cible CPOM ({{ calcul.annee_cible }})",
               "{%tc for a in calcul.annees %}", "{{ a }}", "{%tc endfor %}"],
              m.boucle(f"{{%tr for l in {lignes} %}}",
                       ["{{ l.strategique }}", "{{ l.operationnel }}", "{{ l.action }}",
                        "{{ l.indicateur_action }}", "{{ l.indicateur_objectif }}",
                        "{{ l.situation_initiale }}", "{{ l.cible }}",
                        "{%tc for v in l.valeurs %}", "{{ v }}", "{%tc endfor %}"]),
              taille=8)


def annexe_2() -> None:
    m = Modele(entete=ENTETE, paysage=True)
    m.titre("Annexe 2 – Objectifs et calendrier prévisionnel de réalisation")
    m.h2("Tableau synthétique de suivi des objectifs généraux (hors dotation complémentaire)")
    _tableau_objectifs(m, "calcul.tableau_generaux", "Objectifs stratégiques")
    m.ctrl("{%p if calcul.tableau_dotation %}")
    m.h2("Tableau synthétique de suivi des objectifs en lien avec la dotation complémentaire")
    _tableau_objectifs(m, "calcul.tableau_dotation",
                       "Objectifs stratégiques (mentionnés à l’article L.314-2-2 du CASF)")
    m.ctrl("{%p endif %}")
    m.section(paysage=False)
    m.ctrl("{%p for f in calcul.fiches %}")
    m.h1("Fiche action n°{{ f.numero }}{{ ' – dotation complémentaire' if f.dotation else '' }}")
    m.tableau([], [
        ["**Objectif**", "{{ f.objectif }}\nObjectif opérationnel : {{ f.operationnel }}"],
        ["**Action**", "{{ f.intitule }}"],
        ["**Modalités de mise en œuvre**", "{{ f.modalites or '—' }}"],
        ["**Délai de réalisation de l’action** (dont échéances intermédiaires)",
         "{{ f.delai or '—' }}"],
        ["**Indicateur(s) de suivi** (suivi de la mise en œuvre, échéances intermédiaires)",
         "{% for i in f.indicateurs %}{{ i.libelle }}{% if i.cible %} (cible : {{ i.cible }})"
         "{% endif %}{{ '\n' if not loop.last else '' }}{% else %}—{% endfor %}"],
        ["**Indicateur(s) de résultat**",
         "{% for i in f.indicateurs_resultat %}{{ i.libelle }}{% if i.cible %} (cible : "
         "{{ i.cible }}){% endif %}{{ '\n' if not loop.last else '' }}{% else %}—{% endfor %}"],
        ["**Coût de l’action**", "{{ f.cout|montant if f.cout is not none else '—' }}"],
        ["**Modalités de valorisation de l’action par le Département** (montant du financement, "
         "conditions de versement et de régularisation des montants)",
         "{{ f.valorisation or '—' }}"],
    ], largeurs=[2, 5], premiere_colonne_grise=True)
    m.ctrl("{%p if not loop.last %}")
    m.saut_de_page()
    m.ctrl("{%p endif %}")
    m.ctrl("{%p endfor %}")
    m.sauver(SORTIE / "annexe-02-objectifs-calendrier.docx")


def annexe_3() -> None:
    m = Modele(entete=ENTETE)
    m.titre("Annexe 3 – Règles de gestion diverses")
    for titre, champ in [
        ("Les modalités de versement des tarifs horaires aux services (acomptes et solde, "
         "régularisations)", "versement"),
        ("Les règles de télégestion / télétransmission", "teletransmission"),
        ("Les règles de gestion (comptabilisation du temps d’intervention, proratisation en cas "
         "d’ouverture des droits en cours de mois, mise en œuvre du plan d’aide en cas "
         "d’hospitalisation…)", "gestion"),
        ("Les règles de facturation", "facturation"),
    ]:
        m.h2(titre)
        m.p(f"{{{{ regles_gestion.{champ} }}}}")
    m.sauver(SORTIE / "annexe-03-regles-de-gestion.docx")


if __name__ == "__main__":
    contrat()
    annexe_1()
    annexe_2()
    annexe_3()
    print(f"Modèles écrits dans {SORTIE}")
