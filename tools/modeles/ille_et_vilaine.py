"""First version of the Ille-et-Vilaine templates (seed 001, CPOM SAD 2024–2028).

Run: ``python tools/modeles/ille_et_vilaine.py`` — overwrites templates/ille-et-vilaine/*.docx
(the financial annexes 8–10 come from ``ille_et_vilaine_finances.construire``) and the
fictional images of samples/ille-et-vilaine/.

The text follows the seed article by article, including its numbering (article 6 then
7.1–7.3, 10.1 and 10.3) and its cross-references; only obvious typing slips are corrected.
"""

from __future__ import annotations

import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from docxbuild import Modele, grille_annuelle  # noqa: E402

SORTIE = RACINE / "templates" / "ille-et-vilaine"
IMAGES = RACINE / "samples" / "ille-et-vilaine"
ENTETE = ("CPOM {{ calcul.premiere_annee }}-{{ calcul.derniere_annee }} – "
          "{{ calcul.departement }} – {{ gestionnaire.raison_sociale }}")
PRESIDENT = "{{ 'La Présidente' if departement.president.civilite == 'Mme' else 'Le Président' }}"
LE_PRESIDENT = ("{{ 'la Présidente' if departement.president.civilite == 'Mme' "
                "else 'le Président' }}")


def titre_annexe(m: Modele, numero: str, titre: str) -> None:
    m.titre(f"ANNEXE {numero}")
    m.p(titre, centre=True, gras=True)


def bandeau(m: Modele) -> None:
    """The seed's annex banner: département, service, contract period, gestionnaire."""
    m.p("Conseil départemental {{ calcul.departement_complement }}"
        "{% if departement.service_instructeur %} - {{ departement.service_instructeur }}"
        "{% endif %} - CPOM {{ calcul.premiere_annee }}-{{ calcul.derniere_annee }}",
        centre=True, italique=True)
    m.p("GESTIONNAIRE : {{ gestionnaire.raison_sociale }}", gras=True)


# --- the contract ---------------------------------------------------------------------

def contrat() -> None:
    m = Modele(entete=ENTETE)
    m.logos()
    m.titre("Contrat pluriannuel d’objectifs et de moyens (CPOM)")
    m.p("{{ calcul.premiere_annee }}-{{ calcul.derniere_annee }}", centre=True, gras=True)
    m.p("Entre, d’une part :", gras=True)
    m.p("Le {{ calcul.departement }}, représenté par " + LE_PRESIDENT + " du Conseil "
        "départemental, {{ calcul.president }}, dûment habilité"
        "{{ 'e' if departement.president.civilite == 'Mme' else '' }} à signer le présent "
        "contrat, ci-après dénommé « le Département » ;")
    m.p("et, d’autre part :", gras=True)
    m.p("{{ calcul.representant }}, {{ calcul.qualite_representant }}, dénommé "
        "« l’organisme gestionnaire » ;")
    for visa in [
        "Vu le code général des collectivités territoriales ;",
        "Vu le code de l’action sociale et des familles (CASF) ;",
        "Vu la loi ASV n° 2015-1776 du 28 décembre 2015 relative à l’adaptation de la société au "
        "vieillissement et notamment ses articles 46 à 48 ;",
        "Vu la loi n° 2021-1754 du 23 décembre 2021 de financement de la sécurité sociale LFSS "
        "pour 2022, et notamment son article 44 ;",
        "Vu le décret n° 2021-1932 du 30 décembre 2021 relatif au tarif minimal applicable aux "
        "heures d'aide à domicile et à la dotation visant à garantir le fonctionnement intégré "
        "de l'aide et du soin au sein d'un service autonomie à domicile mentionnés à l'article "
        "L. 314-2-1 du CASF ;",
        "Vu le décret n° 2022-735 du 28 avril 2022 relatif au financement des services "
        "proposant des prestations d’aide et d’accompagnement à domicile ;",
        "Vu le décret n° 2023-608 du 13 juillet 2023 relatif au cahier des charges national des "
        "services autonomie à domicile (SAD) et modifiant le CASF ;",
    ]:
        m.p(visa)
    m.ctrl("{%p if calcul.tarif_minimal %}")
    m.p("{{ calcul.tarif_minimal.visa }} ;")
    m.ctrl("{%p endif %}")
    m.p("Vu l’arrêté en date du {{ service.autorisation.date|date_longue }}"
        "{% if service.autorisation.reference %} ({{ service.autorisation.reference }})"
        "{% endif %} autorisant la création du service d’aide et d’accompagnement à domicile "
        "(SAAD) pour personnes âgées et personnes handicapées, géré par "
        "{{ gestionnaire.raison_sociale }} ;")
    m.p("Vu le {% if departement.schema_departemental %}{{ departement.schema_departemental }}"
        "{% else %}schéma départemental de l’autonomie et de l’inclusion 2023-2028"
        "{% endif %} ;")
    m.p("Vu le règlement départemental d’aide sociale ;")
    m.ctrl("{%p if departement.date_deliberation_strategie %}")
    m.p("Vu la délibération du Conseil départemental {{ calcul.departement_complement }} en "
        "date du {{ departement.date_deliberation_strategie|date_longue }} relative à "
        "l’adoption de la stratégie territoriale de l’aide à domicile ;")
    m.ctrl("{%p endif %}")
    m.p("Vu la délibération du Conseil départemental en date du "
        "{{ departement.date_deliberation_cpom|date_longue }} approuvant le CPOM et autorisant "
        + LE_PRESIDENT + " du Conseil départemental à le signer ;")
    m.ctrl("{%p if contrat.cpom_precedent %}")
    m.p("Vu le CPOM {{ contrat.cpom_precedent.periode }} conclu entre le gestionnaire et le "
        "Département{% if contrat.cpom_precedent.date %} en date du "
        "{{ contrat.cpom_precedent.date|date_longue }}{% endif %} ;")
    m.ctrl("{%p endif %}")
    m.p("Il a été conclu ce qui suit :", gras=True)

    preambule(m)
    titre_1(m)
    articles_6_a_9(m)
    titre_2(m)
    titre_3(m)
    m.sauver(SORTIE / "contrat.docx")


def preambule(m: Modele) -> None:
    m.h1("Préambule")
    for texte in [
        "Le présent CPOM constitue un contrat de progrès conclu avec le gestionnaire.",
        "Le CPOM des SAD est conclu dans les conditions de droit commun mentionnées à l’article "
        "L313-11 du CASF, avec notamment une durée maximale de 5 ans.",
        "La loi ASV prévoit la possibilité pour les départements et les SAD (relevant des 1°, "
        "6° ou 7° du I de l’article L312-1 du CASF) de conclure des CPOM afin de répondre aux "
        "enjeux de pérennité économique des structures, de structuration de l’offre et de "
        "qualité du service rendu selon les principes suivants. Cet outil constitue le cadre de "
        "l’action d’appui car il permet de :",
    ]:
        m.p(texte)
    for tiret in [
        "Renforcer le dialogue de gestion sur les missions et projets de service,",
        "D’améliorer la qualité de l’accompagnement des personnes âgées et des personnes en "
        "situation de handicap sur le territoire d’intervention du service,",
        "Simplifier la procédure budgétaire pour les SAD tarifés et rendre lisible les bonnes "
        "pratiques tarifaires pour les SAD non tarifés, rendre lisible les engagements "
        "financiers,",
        "Sécuriser les gestionnaires dans leur gestion en leur donnant de la souplesse et une "
        "visibilité à moyen terme,",
        "Partager les objectifs départementaux.",
    ]:
        m.tiret(tiret)
    for texte in [
        "Le CPOM et ses annexes constituent un outil d’amélioration continue de la qualité en "
        "référence aux recommandations de bonnes pratiques édictées par la Haute Autorité de "
        "Santé (HAS) et conformément aux principes élémentaires de la charte des droits et "
        "libertés de la personne accompagnée mentionnée à l’article L311-4 du CASF, garantissant "
        "à toute personne âgée les meilleures conditions de vie, d’accompagnement et de soins.",
        "Le CPOM doit permettre de mieux répondre aux enjeux d’accompagnement des usagers en "
        "introduisant une logique de parcours et de partenariats renforcés. Il constitue un "
        "outil favorisant la structuration de l’offre médico-sociale sur le territoire, afin de "
        "mieux répondre aux besoins des personnes âgées et des personnes en situation de "
        "handicap. Dans les prochaines années, l’enjeu est d’assurer sur le territoire concerné "
        "l’accès de ces personnes à l’offre médico-sociale dans les meilleures conditions "
        "possibles de coût et de qualité.",
        "Le CPOM est également un outil de déclinaison opérationnelle des objectifs du schéma "
        "départemental de l’autonomie et de l’inclusion.",
        "L’ambition du virage domiciliaire est de répondre au souhait des Français de pouvoir "
        "vieillir chez eux en renforçant durablement et profondément l’accompagnement à "
        "domicile des personnes âgées en perte d’autonomie et des personnes en situation de "
        "handicap.",
        "Dans ce cadre, la loi de financement de la sécurité sociale pour 2022, en réorganisant "
        "le secteur du domicile et en réformant le financement des services, vise à favoriser "
        "les conditions d’un accompagnement de qualité pour les personnes qui en ont besoin.",
        "Dans le Département d’Ille-et-Vilaine, des appels à candidatures visant à sélectionner "
        "les SAD pouvant bénéficier de la dotation complémentaire pour le financement d’actions "
        "seront lancés chaque année. Ils s’inscrivent pleinement dans les priorités du "
        "Département.",
        "Le présent CPOM doit permettre de mettre en œuvre et de verser la dotation "
        "complémentaire aux SAD quand ceux-ci seront retenus au terme de l’appel à candidatures "
        "soit au travers du présent CPOM socle ou d’un avenant ultérieur.",
        "La dotation complémentaire vise à permettre pour le Département de :",
    ]:
        m.p(texte)
    m.tiret("renforcer son pilotage territorial en matière de politique de maintien à domicile "
            "des personnes en perte d'autonomie ;")
    m.tiret("soutenir les services proposant des prestations d’aide et d’accompagnement à "
            "domicile afin de les accompagner dans l’accomplissement de leurs missions et de "
            "leur permettre de développer de nouvelles actions ;")
    m.p("Pour l’organisme gestionnaire :")
    m.tiret("d’adapter son offre de service et d’en assurer le caractère pérenne dès lors "
            "qu’elle répond aux besoins de la population et de conforter son positionnement sur "
            "le territoire ;")
    m.p("Pour l’usager, de bénéficier de :")
    m.tiret("l’amélioration de la qualité de service rendu ;")
    m.tiret("services accessibles financièrement sur tout le territoire départemental ;")


def titre_1(m: Modele) -> None:
    m.h1("Titre 1 – OBJET DU CONTRAT")
    m.p("Le présent contrat et ses annexes ont pour objet de définir les relations et les "
        "engagements réciproques techniques et financiers entre :")
    m.tiret("Le gestionnaire {{ gestionnaire.raison_sociale }}, gestionnaire de l’établissement "
            "social et médico-social ESMS {{ service.nom }} (FINESS {{ service.finess }}),")
    m.tiret("Le Département d’Ille-et-Vilaine, autorité de tarification et de contrôle des ESMS "
            "financés à compétence exclusive.")
    m.p("Le Département d’Ille-et-Vilaine, comme indiqué dans la stratégie territoriale de l’aide "
        "à domicile, a décidé de contractualiser avec des SAD pour le financement de l’activité "
        "APA remplissant les deux critères cumulatifs suivants :")
    m.puce("Une activité annuelle supérieure ou égale à {{ calcul.seuil_heures|nombre }} heures,")
    m.p("L’activité retenue dans le cadre du CPOM correspond aux heures réalisées au titre de "
        "l’Allocation Personnalisée d’Autonomie (APA), de la Prestation de Compensation du "
        "Handicap (PCH) et du service ménager au titre de l’aide sociale.")
    m.puce("Une tarification administrée")
    m.p("Il a également pour but d’apporter un soutien financier aux SAD prestataires autorisés "
        "et tarifés retenus suite à un appel à candidatures « dotation complémentaire ».")
    m.p("Il fixe les objectifs assignés à l’organisme gestionnaire et les moyens alloués par le "
        "Département nécessaire à la réalisation de ces objectifs.")
    m.p("Il s’applique aux activités du service autonomie à domicile prestataires géré par "
        "l’organisme gestionnaire et financées par le Département au titre des plans d’aide "
        "individuels, à savoir :")
    m.puce("l’Allocation Personnalisée d’Autonomie (APA) ;")
    m.puce("la Prestation de Compensation du Handicap (PCH) ;")

    m.h2("Article 1 – Identification du gestionnaire et périmètre du contrat")
    m.p("Le SAD cosignataire dispose d’une autorisation et d’une habilitation à l’aide sociale "
        "délivrées par le Président du Conseil départemental. Il doit être en capacité "
        "permanente de justifier le respect des conditions minimales de l’autorisation prévues "
        "par le décret n° 2023-608 du 13 juillet 2023 relatif au SAD.")
    m.p("La signature d’un CPOM permet au SAD une lisibilité pluriannuelle des engagements du "
        "Département à son égard.")
    m.p("Le gestionnaire présente les caractéristiques figurant en annexe 1 et couvre le "
        "territoire présenté en annexe 3.")
    m.p("L’articulation du CPOM avec les autres contrats en cours est présentée à l’annexe 2 "
        "ainsi que les partenariats.")

    m.h2("Article 2 – Diagnostic partagé")
    m.p("Le diagnostic partagé (annexe 5) repose sur les éléments suivants :")
    for tiret in ["Les projets du gestionnaire,", "Le rapport d’activité du gestionnaire,",
                  "Les organigrammes (annexe 4),", "Le suivi des inspections des services,",
                  "Les évaluations,", "Les objectifs et actions validés dans le cadre de la "
                  "dotation complémentaire."]:
        m.tiret(tiret)

    m.h2("Article 3 – Evolution du périmètre couvert")
    m.p("En cas de modification du périmètre d’intervention, le gestionnaire s’engage à "
        "solliciter l’autorisation du Département. En effet, les EPCI et/ou les communes "
        "nouvellement desservis feront l’objet d’une modification de l’arrêté d’autorisation et "
        "seront intégrés au CPOM sous réserve de l’accord du Département, de la signature d’un "
        "avenant et du respect de la réglementation sur les modifications d’autorisation "
        "soumises à appel à projet.")

    m.h2("Article 4 – Objectifs stratégiques fixés dans le cadre du CPOM sur la base du "
         "diagnostic partagé")
    m.p("Les orientations stratégiques du présent CPOM prennent en compte les politiques "
        "nationales ainsi que les priorités définies dans le cadre du schéma départemental. Les "
        "objectifs du CPOM résultent du diagnostic partagé, et sont définis en cohérence avec "
        "les orientations stratégiques générales.")
    m.p("Le CPOM fixe les objectifs concertés entre les différentes parties au contrat "
        "(annexe 7). Le gestionnaire s’engage à réaliser les objectifs déterminés conjointement "
        "conformément au calendrier de réalisation.")
    m.p("La mise en œuvre et la bonne réalisation des objectifs retenus seront mesurées sur la "
        "base des indicateurs d’évaluation identifiés dans les fiches objectifs.")
    m.p("Le gestionnaire s’engage à :")
    for tiret in [
        "réaliser les objectifs développés au sein de l’annexe 7,",
        "participer aux actions prévues par le schéma départemental mentionnés aux deux "
        "derniers alinéas de l'article L. 312-5 du CASF et par le schéma régional de santé "
        "mentionné à l'article L. 1434-3 du code de la santé publique, ainsi qu'à "
        "l'optimisation des parcours de soins des personnes âgées et en situation de handicap,",
        "qualifier et former le personnel au regard des publics accompagnés et de "
        "l'organisation des services,",
        "coordonner son action avec les autres organismes à caractère social, médico-social ou "
        "sanitaire.",
    ]:
        m.tiret(tiret)

    m.h2("Article 5 – Suivi des indicateurs")
    m.p("Le présent CPOM va permettre le suivi de différents indicateurs qui permettront aux "
        "gestionnaires et au Département de disposer d’indicateurs d’analyse communs utiles au "
        "pilotage des services et exploitables dans la perspective d’une éventuelle évolution "
        "du modèle de financement des services. Les gestionnaires pourront ainsi positionner "
        "leurs services par rapport à des structures comparables sur le territoire.")
    m.p("Le suivi des indicateurs financiers sera traduit dans le compte administratif annuel du "
        "SAD au regard des indicateurs repris dans le tableau de synthèse de l’annexe 8.")
    m.p("Le gestionnaire doit être en capacité de réaliser un suivi analytique des indicateurs "
        "et de fournir au Département les justificatifs nécessaires.")
    m.p("Par ailleurs, le gestionnaire s’engage à suivre les indicateurs suivants et à les "
        "transmettre annuellement au Département via l’annexe 8 :")
    for tiret in [
        "Pourcentage d’intervenant.e.s ayant un diplôme en lien avec leur activité",
        "Taux d’heures présentielles (nombre d’heures d’intervention réalisées/ETP personnel "
        "d’intervention * 1820 h)",
        "Taux d’encadrement (nombre d’heures d’intervention réalisées / nombre d’ETP encadrants "
        "et administratifs)",
        "Le nombre de kilomètres annuel parcourus au titre des activités APA PCH",
        "Taux d’absentéisme",
        "Durée de l’ancienneté moyenne des intervenant.e.s dans la structure.",
    ]:
        m.tiret(tiret)


MOIS_1 = "calcul.versement_mensuel"


def articles_6_a_9(m: Modele) -> None:
    m.h2("Article 6 – Moyens financiers dédiés à la réalisation du CPOM")
    m.p("Le gestionnaire s’emploie à assurer l’équilibre financier des structures qu’il gère.")
    m.p("Si la situation financière d’un ESMS ou de plusieurs ESMS fait apparaître un "
        "déséquilibre financier significatif et prolongé ou si des dysfonctionnements dans la "
        "gestion de ces établissements ou de ces services sont constatés, l’autorité compétente "
        "adressera à la personne morale une injonction de remédier au déséquilibre financier ou "
        "aux dysfonctionnements constatés et de produire un plan de redressement adapté. Les "
        "modalités de retour à l’équilibre financier donneront lieu à la signature d’un avenant "
        "au présent CPOM.")

    m.h3("7.1 Les modalités de détermination du forfait global versé aux services")
    m.p("Les modalités de détermination du forfait versé aux services sont précisées à l’annexe "
        "financière n°9.")
    m.p("Les modalités de calcul de l’APA et de la PCH pour les SAD autorisés et tarifés sont "
        "définies dans le schéma ci-après :")
    tarif = "{{ calcul.tarifs.premiere_annee.apa|montant }}"
    m.tableau(["APA", "PCH"], [
        [f"Tarif départemental : {tarif}",
         "Tarif individualisé arrêté par le Président du Conseil départemental"],
        [f"Dotation complémentaire versée au SAAD (écart entre {tarif} et tarif SAD)",
         "Participation complémentaire de l’usager"],
        ["Ticket modérateur usager", ""],
    ], largeurs=[1, 1])
    m.ctrl("{%p if calcul.tarifs.lignes|length > 1 %}")
    m.p("Tarif départemental APA/PCH de chaque année du contrat : "
        "{% for t in calcul.tarifs.lignes %}{{ t.annee }} : {{ t.apa|montant }}"
        "{% if t.pch != t.apa %} (PCH : {{ t.pch|montant }}){% endif %}"
        "{{ ' ; ' if not loop.last else '.' }}{% endfor %}")
    m.ctrl("{%p endif %}")
    m.p("Le Département a défini une possibilité de variation à la hausse ou à la baisse de 10 % "
        "sur les dépenses réalisées sur l’année N-1 au titre de l’APA dans le cas où celle-ci "
        "est corrélée à une variation d’au moins 7% des heures réalisées sur l’année N-1. Dans "
        "le cas d’un dépassement de cette fourchette, le résultat de ces variations pourra être "
        "étudié lors du dialogue de gestion. Dans le cas où la fourchette ne serait pas dépassée "
        "mais que pour autant, un sur-financement serait versé au SAD, le Département devra "
        "valider l’utilisation de ces sommes et pourra définir des priorités dans ce cadre.")
    m.p("Les modalités de versement du forfait global", gras=True)
    m.puce("**Les heures au titre de l’APA**")
    m.p("Le Département verse mensuellement un forfait, à terme à échoir après le 20 de chaque "
        "mois correspondant au 1/12ème du forfait global annuel de l’APA tel que défini dans "
        "l’annexe budgétaire (annexe 9)"
        "{% if " + MOIS_1 + " %}, soit {{ " + MOIS_1 + ".montant|montant }} par mois en "
        "{{ " + MOIS_1 + ".annee }}{% endif %}.")
    m.p("Un taux fixe de + {{ calcul.taux_evolution|pourcentage(2, false) }} sera appliqué "
        "annuellement au montant du forfait sous réserve du vote par la collectivité "
        "départementale des moyens correspondants dans son budget.")
    m.p("Un arrêté tarifaire fixera chaque année le montant du forfait global et le tarif "
        "horaire autorisé.")
    m.puce("**Les heures au titre de la PCH**")
    m.ctrl("{%p if service.pch_paiement_direct %}")
    m.p("Pour les SAAD en paiement direct", italique=True)
    m.p("Le service prestataire facture au Département les heures d’aide à domicile au titre de "
        "la PCH selon le tarif arrêté par le Président du Conseil départemental.")
    m.p("Les modalités de versement sont définies par la convention relative « au paiement des "
        "prestations d’interventions des SAD dans le cadre de la prestation de compensation du "
        "handicap ».")
    m.ctrl("{%p else %}")
    m.p("Pour les autres SAAD", italique=True)
    m.p("Les heures PCH font l’objet d’un paiement à l’activité sur présentation de factures.")
    m.ctrl("{%p endif %}")
    m.p("Un arrêté tarifaire fixera chaque année le tarif horaire autorisé.")
    m.puce("**Les heures service ménager au titre de l’aide sociale**")
    m.p("Les heures service ménager au titre de l’aide sociale font l’objet d’un paiement à "
        "l’activité sur présentation de factures.")
    m.p("Un arrêté départemental fixera chaque année le tarif horaire autorisé.")

    m.h3("7.2 Les modalités d’attribution des revalorisations salariales dont la compensation a "
         "été validée par le Département :")
    m.p("Le périmètre concerne la compensation du complément de traitement indiciaire (CTI) agréé "
        "en 2022 et de l’avenant 43 de la Convention Collective de la Branche, de l’Aide, de "
        "l’accompagnement, des soins et des services à Domicile (BAD).")
    m.p("La compensation est versée par le biais d’une dotation exceptionnelle et ne peut "
        "excéder le coût réel des mesures de revalorisation salariale supportées par le "
        "gestionnaire. Le montant de la dotation est fixe et arrêté dans l’annexe 9.")
    m.p("Ces dépenses donnent lieu à une compensation partielle de la CNSA dès lors les SAD "
        "devront remonter annuellement les données d’activité nécessaires.")

    m.h3("7.3 Les modalités de détermination de la dotation complémentaire aux services")
    for texte in [
        "L’article 44 de la LFSS 2022 prévoit une refonte du modèle de financement des SAAD "
        "visant à améliorer leurs conditions de solvabilisation ainsi que la qualité de service "
        "dont le second volet consiste en la mise en place d’une dotation complémentaire prévue "
        "par l’article L.314-2-1 du CASF visant à financer des actions améliorant la qualité du "
        "service rendu à l’usager.",
        "Le Département s’engage à verser au gestionnaire une dotation complémentaire annuelle "
        "en un seul versement et une régularisation l’année suivante en fonction du nombre "
        "d’heures effectué en N et dans la limite du montant des dépenses réalisées. Le "
        "calendrier est fixé en cohérence avec l’obligation des remises des données à la CNSA "
        "concernant l’année N au plus tard le 30 juin de l’année N+1.",
        "Les modalités de calcul du montant et le calendrier de mise en oeuvre pour chaque "
        "action sont détaillées dans la fiche objectif afférentes annexée au présent contrat.",
        "Le Département priorise les actions récurrentes en faveur des professionnels "
        "intervenant auprès des publics vulnérables relevant de sa compétence.",
        "Les actions financées au titre des objectifs 1, 2, 3 et 5 par la dotation ne peuvent "
        "pas déjà bénéficier d’un financement public existant (CNSA, CARSAT, CFPPA…). Une "
        "attestation sur l’honneur doit être fournie en ce sens par le gestionnaire.",
        "L’annexe financière n°9 du CPOM vient détailler les montants prévisionnels à verser au "
        "gestionnaire.",
        "En effet, le montant octroyé au titre de la dotation complémentaire peut varier chaque "
        "année dans la mesure où il dépend des heures effectuées de l’année N, et ce comme le "
        "précise la règle définie par la CNSA (financement octroyé à partir des heures "
        "prévisionnelles N-1 et régularisées sur l’activité réelle des heures effectuées N).",
        "Le gestionnaire s’engage à respecter le principe de limitation du reste à charge des "
        "personnes accompagnées et en atteste sur l’honneur auprès du Département.",
        "En cas de non-respect de cet engagement, le versement de la dotation complémentaire "
        "pourra être suspendu ou faire l’objet d’une récupération par le Département.",
    ]:
        m.p(texte)
    m.ctrl("{%p if dotation_complementaire and calcul.fiches %}")
    m.p("Le gestionnaire a été retenu au terme de l’appel à candidatures"
        "{% if dotation_complementaire.date_resultats %} dont les résultats ont été publiés le "
        "{{ dotation_complementaire.date_resultats|date_longue }}{% endif %} pour les actions "
        "présentées en annexe 6, pour un montant annuel de "
        "{{ calcul.dotation_actions|montant }} au titre des objectifs "
        "{% for g in calcul.fiches if g.numero %}{{ g.numero }}"
        "{{ ' et ' if loop.revindex == 2 else (', ' if not loop.last else '') }}{% endfor %}.")
    m.ctrl("{%p endif %}")

    m.h2("Article 8 - Affectation des résultats")
    m.p("L’entrée dans le CPOM déroge à la procédure budgétaire annuelle contradictoire prévue "
        "au II de l’article L.314-7 du CASF.")
    m.p("Aucun résultat à venir ne sera repris en intégration du forfait ou sous quelque forme "
        "que ce soit (cf article 7 : Si la situation financière d’un ESMS ou de plusieurs ESMS "
        "fait apparaître un déséquilibre financier significatif et prolongé ou si des "
        "dysfonctionnements dans la gestion de ces établissements ou de ces services sont "
        "constatés, l’autorité compétente adressera à la personne morale une injonction de "
        "remédier au déséquilibre financier ou aux dysfonctionnements constatés et de produire "
        "un plan de redressement adapté. Les modalités de retour à l’équilibre financier "
        "donneront lieu à la signature d’un avenant au présent CPOM).")
    m.p("L’excédent d’exploitation pourra être affecté en priorité :")
    m.tiret("A l’apurement des déficits antérieurs de ce compte de résultat,")
    m.tiret("A la réserve de compensation des déficits d’exploitation.")

    m.h2("Article 9 – Modalités de suivi des éléments du contrat")
    m.puce("**Les heures au titre de l’APA**")
    m.p("Le gestionnaire s’engage à transmettre avant le 15 de chaque mois échu, les heures "
        "réalisées au titre du plan d’aide APA via la plateforme départementale.")
    m.p("Il appartient donc au gestionnaire de s’assurer du transfert régulier des heures dans "
        "la plateforme du Département.")
    m.p("Le Département se réserve le droit de demander tous les justificatifs concernant leur "
        "réalisation effective.")
    m.ctrl("{%p if service.pch_paiement_direct %}")
    m.puce("**Les heures au titre de la PCH**")
    m.p("Le CPOM s’appuie sur les termes de la convention signée à cet effet avec la "
        "collectivité pour les services en paiement direct.")
    m.ctrl("{%p endif %}")


def titre_2(m: Modele) -> None:
    m.h1("Titre 2 – LA MISE EN ŒUVRE DU CONTRAT")
    m.h2("Article 10 – Le suivi et l’évaluation du contrat")
    m.h3("10.1 Engagements du gestionnaire")
    m.p("Le gestionnaire devra transmettre au Département :")
    for tiret in [
        "La synthèse de suivi des fiches objectifs du CPOM (annexe 7),",
        "Le rapport d’activité exposant le fonctionnement des activités couvertes par le CPOM "
        "et l’avancement de l’ensemble des engagements contractuels,",
        "Le bilan financier permettant de suivre les indicateurs définis dans l’annexe 8 de "
        "pilotage, la situation financière du gestionnaire (global et périmètre du CPOM),",
        "Les documents comptables nécessaires au suivi financier et à l’activité : tableau de "
        "détermination des dépenses et des recettes, comptes administratifs,",
        "Ainsi que tout élément que le gestionnaire souhaite transmettre ou que le Département "
        "estime pertinent de demander.",
    ]:
        m.tiret(tiret)
    m.p("Les documents doivent être transmis annuellement et au plus tard le 30 avril n+1.")
    m.p("Au titre de la dotation complémentaire, le gestionnaire s’engage à fournir :")
    for tiret in [
        "le compte administratif ;",
        "le bilan comptable du service (compte de gestion ou rapport du commissaire aux "
        "comptes) ;",
        "le bilan financier annuel de l’activité APA PCH au titre des objectifs définis dans le "
        "cadre de l’attribution de la dotation complémentaire, à détailler action par action ;",
        "le rapport d’activité du service ;",
        "le bilan d’étape de la mise en œuvre des actions prévues au contrat, joint en annexe 7 "
        "du présent contrat et les indicateurs dûment complétés permettant de suivre la "
        "réalisation des objectifs.",
    ]:
        m.tiret(tiret)
    m.p("Les documents doivent être transmis annuellement et au plus tard le 30 avril n+1.")
    m.h3("10.3 Les temps de rencontres :")
    m.p("Ils s’articulent autour de deux types de rencontres :")
    m.p("a) La rencontre annuelle afin de partager et analyser les éléments suivants qui seront "
        "transmis en amont par le SAD :")
    for tiret in [
        "l’activité prévisionnelle par rapport à l’activité réelle analysée,",
        "les causes endogènes de la non-réalisation de l’activité (absentéisme élevé des "
        "personnels par exemple) et causes exogènes (évolution non prévue des charges "
        "sociales...),",
        "l’aggravation de niveau de perte d’autonomie, évolution des facteurs sociaux et "
        "environnementaux,",
        "les bilans sociaux, notamment de l’absentéisme,",
        "l’atteinte des objectifs contractualisés,",
        "les indicateurs prévus à l’article 5.",
    ]:
        m.tiret(tiret)
    m.p("b) Les dialogues de gestion (année N+3) et à la fin du CPOM (année N+5) ont pour "
        "objectifs :")
    for tiret in [
        "Le suivi de l’activité réelle et le constat des variations,",
        "L’analyse du rapport d’activités, de la qualité des prises en charge, et de l’évolution "
        "réelle des indicateurs de gestion,",
        "L'analyse des évènements majeurs susceptibles de remettre en cause gravement le montant "
        "du forfait global annuel ou la qualité de prise en charge des personnes,",
        "Le suivi des excédents constatés.",
    ]:
        m.tiret(tiret)
    m.p("Le dialogue de gestion donne lieu à un compte-rendu réalisé et transmis au gestionnaire "
        "par l’autorité.")
    m.p("La conclusion du dialogue de gestion se traduit par :")
    for tiret in [
        "Le suivi des résultats dans le respect de l’article R. 314-51 du CASF,",
        "La conclusion éventuelle d’un avenant modifiant les objectifs et les moyens prévus "
        "initialement au contrat,",
        "L’ouverture de négociation en cas de dépassement (à la hausse ou à la baisse) de la "
        "variation des dépenses et activités dans la limite de la fourchette définie à "
        "l’article 7.1 du présent CPOM pour envisager une régularisation des années "
        "antérieures",
    ]:
        m.tiret(tiret)
    m.p("Le Département se réserve le droit d’enclencher des audits ou inspections sur toute la "
        "durée du CPOM.")

    m.h2("Article 11 : Informatiques et libertés")
    m.p("Le service prestataire s'engage à se conformer à la loi du 20 juin 2018 relative à la "
        "protection des données personnelles.")
    m.p("La Commission nationale de l'informatique et des libertés (CNIL) est l’autorité "
        "nationale de contrôle pour l’application du Règlement général sur la protection des "
        "données (RGPD).")
    m.p("Les usagers doivent être informés de leurs droits d’accès et de rectification "
        "concernant les informations les concernant. La demande peut s’exercer auprès du "
        "service prestataire et auprès du Département. Pour ce dernier, les usagers doivent "
        "s’adresser au délégué à la protection des données à l’adresse : "
        "{{ departement.courriel_dpo }}")

    m.h2("Article 12 : Conditions de révision et de prorogation du contrat")
    m.p("Le présent contrat peut être révisé en cas d’accord de l’ensemble des signataires, par "
        "simple avenant.")
    m.p("Au plus tard {{ calcul.preavis }} mois avant l’échéance prévue au CPOM, une partie "
        "signataire souhaitant la prorogation simple du contrat [dans la limite d’une durée "
        "totale de {{ calcul.prorogation_max }} ans] le notifie à l’autre partie signataire par "
        "lettre recommandée avec accusé de réception ou tout autre moyen permettant d’attester "
        "de la remise du document au destinataire.")
    m.p("Celle-ci a {{ calcul.delai_reponse }} mois pour signaler son accord ou son désaccord "
        "par les mêmes moyens. A défaut de réponse dans ce délai, l’accord est réputé acquis.")
    m.p("En cas de désaccord sur la prorogation entre les parties à l’issue de la période "
        "{{ calcul.periode_reponse }}, une négociation en vue de la conclusion d’un nouveau "
        "CPOM est ouverte sans délai.")

    m.h2("Article 13 : Dénonciation et résiliation du contrat")
    m.p("Le contrat peut être dénoncé par les parties d’un commun accord moyennant le respect "
        "d’un préavis de 3 mois par lettre recommandée avec avis de réception.")
    m.p("Le contrat sera résilié de plein droit par l’une ou l’autre des parties sans préavis, "
        "ni indemnité en cas de liquidation judiciaire de la structure.")
    m.p("Le contrat peut être résilié à tout moment par le Département en cas de non-respect des "
        "engagements définis à l’article 4 et en cas de non transmission des éléments demandés "
        "par le Département à l’article 4-2.")
    m.p("Le présent contrat n’est ni cessible, ni transmissible, sauf accord préalable et exprès "
        "du Département.")

    m.h2("Article 14 : Litiges")
    m.p("Les parties s’efforceront de résoudre à l’amiable tout différend qui pourrait naître "
        "entre elles au cours de l’exécution du présent contrat. Les recours amiables sont "
        "adressés par lettre recommandée avec accusé de réception.")
    m.p("En cas d’échec de la tentative de conciliation, le litige sera porté devant la "
        "juridiction compétente.")

    m.h2("Article 15 : Pièces annexées au contrat")
    m.p("Le diagnostic préalable à la négociation du présent contrat, une présentation "
        "synthétique des objectifs et l’annexe financière sont joints en annexes.")
    m.p("Ces annexes sont opposables aux parties signataires du présent contrat.")

    m.h2("Article 16 : Durée et date d’effet du contrat")
    m.p("Le présent contrat prend effet à la date du {{ calcul.date_effet|date_longue }} pour une "
        "durée de {{ calcul.duree }}, soit jusqu’au {{ calcul.date_fin|date_longue }}.")
    m.p("Au plus tard {{ calcul.preavis }} mois avant la date d’échéance du contrat, une partie "
        "signataire souhaitant la prorogation du présent contrat (dans la limite de "
        "{{ calcul.prorogation_max }} ans) le notifie à l’autre partie signataire par lettre "
        "recommandée avec accusé de réception ou tout autre moyen permettant d'attester de la "
        "remise du document au destinataire.")
    m.p("Celui-ci a {{ calcul.delai_reponse }} mois pour signaler son accord ou son désaccord par "
        "les mêmes moyens. A défaut de réponse dans ce délai, l'accord est réputé acquis.")
    m.p("En cas de désaccord sur la prorogation entre les parties à l'issue de la période "
        "{{ calcul.periode_reponse }}, une négociation en vue de la conclusion d'un nouveau CPOM "
        "est ouverte sans délai.")
    m.p("Si aucune des parties n’a manifesté le souhait de proroger le contrat en vigueur au plus "
        "tard {{ calcul.preavis }} mois avant la date d’échéance du contrat, les parties "
        "signataires entament une négociation en vue d’un nouveau contrat.")


ANNEXES = [
    ("1", "Fiche signalétique présentant les caractéristiques du gestionnaire et des ESMS "
          "entrant dans le périmètre du contrat"),
    ("2", "Coopération avec d’autres Etablissements de Santé ou Etablissements de Santé "
          "Médico-sociaux"),
    ("3", "Liste des EPCI desservis"),
    ("4", "Organigrammes du gestionnaire et du SAD"),
    ("5", "Diagnostic partagé"),
    ("6", "Fiches actions"),
    ("7", "Tableau synthétique de suivi"),
    ("8", "Annexe pilotage"),
    ("9", "Annexe financière"),
    ("10", "Tableau de détermination des dépenses et des recettes"),
]


def titre_3(m: Modele) -> None:
    m.h1("Titre 3 – LA LISTE DES ANNEXES AU CPOM")
    m.p("Les annexes suivantes sont jointes au contrat et sont opposables aux parties "
        "signataires comme le corps du contrat.")
    m.tableau([], [[f"Annexe {n}", titre] for n, titre in ANNEXES], largeurs=[1, 6],
              taille=10)
    m.p("Fait {{ calcul.fait_a }}, le {{ contrat.date_signature|date_longue if "
        "contrat.date_signature else '______________________' }}")
    m.tableau([], [["Le Représentant légal de l’organisme gestionnaire",
                    PRESIDENT + " du Conseil départemental"],
                   ["{{ calcul.representant }}\n{{ calcul.qualite_representant }}\n\n\n\n",
                    "{{ calcul.president }}\n\n\n\n"]], taille=10)


# --- annexes 1 to 7 -------------------------------------------------------------------

def _contact(personne: str) -> str:
    return ("{% if " + personne + ".contact %}{{ " + personne + ".contact.courriel or '' }}"
            "{% if " + personne + ".contact.courriel and " + personne + ".contact.telephone %}"
            " – {% endif %}{{ " + personne + ".contact.telephone or '' }}{% endif %}")


def _personne(m: Modele, personne: str, fonction: str) -> None:
    m.tableau([], [
        ["Nom et prénom :", "{{ " + personne + ".civilite }} {{ " + personne + ".nom }} "
                            "{{ " + personne + ".prenom }}"],
        ["Fonction :", fonction],
        ["Courriel et téléphone :", _contact(personne)],
    ], largeurs=[2, 5], premiere_colonne_grise=True, taille=10)


def annexe_1() -> None:
    m = Modele(entete=ENTETE)
    titre_annexe(m, "1", "Fiche signalétique présentant les caractéristiques du gestionnaire et "
                         "des ESMS entrant dans le périmètre du contrat")
    g = "gestionnaire"
    m.puce("**Présentation du gestionnaire :**")
    m.tableau([], [
        ["Nom :", "{{ gestionnaire.raison_sociale }}"],
        ["Statut juridique :", "{{ gestionnaire.forme_juridique or calcul.statut_juridique }}"],
        ["Adresse du siège social :", "{{ gestionnaire.adresse.voie }}"
                                      "{% if gestionnaire.adresse.complement %}, "
                                      "{{ gestionnaire.adresse.complement }}{% endif %}"],
        ["Code postal et commune :", "{{ gestionnaire.adresse.code_postal }} "
                                     "{{ gestionnaire.adresse.commune }}"],
        ["Courriel et téléphone :", _contact(g)],
        ["N° SIRET/SIREN :", "{{ gestionnaire.siret or gestionnaire.siren or '' }}"],
        ["N° d’identification au répertoire national des associations :",
         "{{ gestionnaire.rna or 'sans objet' }}"],
    ], largeurs=[2, 5], premiere_colonne_grise=True, taille=10)
    m.puce("**Identification du responsable légal de la structure :**")
    _personne(m, "gestionnaire.representant_legal",
              "{{ gestionnaire.representant_legal.qualite or calcul.qualite_representant }}")
    m.ctrl("{%p if gestionnaire.charge_dossier %}")
    m.puce("**Identification de la personne chargée du dossier (si différente du "
           "responsable)**")
    _personne(m, "gestionnaire.charge_dossier", "{{ gestionnaire.charge_dossier.qualite or '' }}")
    m.ctrl("{%p endif %}")
    m.puce("**Caractéristiques de la structure**")
    m.p("Présentation des différentes activités réalisées :")
    m.p("{{ fiche_signaletique.activites }}")
    m.p("Service autonomie à domicile entrant dans le périmètre du contrat : "
        "**{{ service.nom }}**, FINESS {{ service.finess }}, autorisé par arrêté du "
        "{{ service.autorisation.date|date_longue }}, habilité à l’aide sociale"
        "{% if service.autres_activites %} ; autres activités : {{ service.autres_activites }}"
        "{% endif %}.")
    m.section(paysage=True)
    m.p("**Activité**")
    entetes = ["Activité", "Nombre Heures APA", "Nombre Heures PCH",
               "Nombre Heures Aide Ménagère (aide sociale)", "Nombre Heures autres",
               "Nombre Personnes suivies APA", "Nombre Personnes suivies PCH",
               "Nombre Personnes suivies AM", "Nombre Personnes suivies autres"]
    cellules = ["{{ l.libelle }} {{ l.annee }}"]
    cellules += ["{{ l.heures." + c + "|nombre }}" for c in ("apa", "pch", "aide_menagere",
                                                           "autres")]
    cellules += ["{{ l.personnes." + c + "|nombre }}" for c in ("apa", "pch", "aide_menagere",
                                                              "autres")]
    m.tableau(entetes, m.boucle("{%tr for l in calcul.activite.lignes %}", cellules),
              largeurs=[3, 2, 2, 2.4, 2, 2, 2, 2, 2], taille=9, premiere_colonne_grise=True)
    m.p("Activité retenue au titre du CPOM (heures APA, PCH et aide ménagère au titre de l’aide "
        "sociale) : {{ calcul.activite.entree.heures_retenues|nombre }} heures en valeur "
        "d’entrée {{ calcul.activite.entree.annee }}, pour un seuil de "
        "{{ calcul.seuil_heures|nombre }} heures par an.")
    m.puce("**Amplitude horaire d’intervention**")
    m.p("Du lundi au samedi : {{ fiche_signaletique.amplitude.lundi_samedi }}")
    m.p("Dimanche et jours fériés : {{ fiche_signaletique.amplitude.dimanches_feries }}")
    m.sauver(SORTIE / "annexe-01-fiche-signaletique.docx")


def annexe_2() -> None:
    m = Modele(entete=ENTETE)
    titre_annexe(m, "2", "Annexe : coopérations avec d’autres ES ou ESMS")
    m.h2("Partenariats avec d’autres ES ou ESMS existants et formalisés")
    m.ctrl("{%p for p in cooperations.partenariats_existants %}")
    m.tiret("{{ p }}")
    m.ctrl("{%p endfor %}")
    m.ctrl("{%p if not cooperations.partenariats_existants %}")
    m.p("Aucun partenariat formalisé à ce jour.")
    m.ctrl("{%p endif %}")
    m.h2("Objectifs en matière de partenariats / coopérations")
    m.ctrl("{%p if cooperations.projets_rapprochement %}")
    m.p("**Projets de rapprochement / restructuration de l’offre compte tenu de la taille "
        "critique :** {{ cooperations.projets_rapprochement }}")
    m.ctrl("{%p endif %}")
    m.ctrl("{%p if cooperations.projets_conventions %}")
    m.p("**Projets de convention avec des acteurs locaux de la politique en faveur des "
        "personnes âgées ou personnes en situation de handicap (EHPAD, EHPA, foyers de vie, "
        "SAVS…) :** {{ cooperations.projets_conventions }}")
    m.ctrl("{%p endif %}")
    m.tableau(["Nature de la coopération/partenariat", "Objet du partenariat",
               "Les partenaires", "Moyens humains et financiers dédiés",
               "Plus-value occasionnée par ce partenariat"],
              [*m.boucle("{%tr for c in cooperations.tableau %}",
                         ["{{ c.nature }}", "{{ c.objet }}", "{{ c.partenaires }}",
                          "{{ c.moyens or '' }}", "{{ c.plus_value or '' }}"]),
               ["{%tr if not cooperations.tableau %}", "", "", "", ""],
               ["Aucune coopération formalisée", "", "", "", ""],
               ["{%tr endif %}", "", "", "", ""]],
              largeurs=[3, 4, 4, 4, 4], taille=9)
    m.sauver(SORTIE / "annexe-02-cooperations.docx")


def annexe_3() -> None:
    m = Modele(entete=ENTETE)
    titre_annexe(m, "3", "Liste des EPCI couverts")
    m.p("EPCI dans lesquels le service intervient (■) :")
    m.ctrl("{%p for e in calcul.territoire.epci %}")
    m.p("{{ e.coche|case }} {{ e.libelle }}{% if e.partiel %} (en partie){% endif %}")
    m.ctrl("{%p endfor %}")
    m.h2("Territoires couverts infra EPCI :")
    m.ctrl("{%p if calcul.territoire.partiels %}")
    m.p("Dans l’hypothèse où votre SAAD ne couvre pas l’EPCI dans son ensemble, précisez les "
        "communes où il intervient :")
    m.p("- {% if gestionnaire.statut == 'etablissement_public' %}Pour les CCAS et CIAS : "
        "préciser la ou les communes de votre territoire d’intervention{% else %}Pour les "
        "associations : préciser la ou les communes{% endif %} :")
    m.tableau(["EPCI", "Communes desservies"],
              m.boucle("{%tr for e in calcul.territoire.partiels %}",
                       ["{{ e.libelle }}", "{{ e.communes|join(', ') }} "
                                           "({{ e.communes|length }} communes sur "
                                           "{{ e.nombre_communes }})"]),
              largeurs=[2, 3], taille=9)
    m.ctrl("{%p else %}")
    m.p("Le service couvre dans leur ensemble les EPCI cochés ci-dessus.")
    m.ctrl("{%p endif %}")
    m.p("Communes et EPCI vérifiés dans le code officiel géographique {{ calcul.territoire."
        "millesime }} ({{ calcul.territoire.source }}).", italique=True)
    m.sauver(SORTIE / "annexe-03-epci.docx")


def annexe_4() -> None:
    m = Modele(entete=ENTETE)
    titre_annexe(m, "4", "Organigrammes du gestionnaire et du SAD")
    m.ctrl("{%p for o in organigrammes %}")
    m.h2("{{ o.titre }}")
    m.p("{{ o.image }}", centre=True)
    m.ctrl("{%p if not loop.last %}")
    m.saut_de_page()
    m.ctrl("{%p endif %}")
    m.ctrl("{%p endfor %}")
    m.sauver(SORTIE / "annexe-04-organigrammes.docx")


def annexe_5() -> None:
    m = Modele(entete=ENTETE)
    titre_annexe(m, "5", "Diagnostic partagé")
    m.p("**Données départementales :** {{ diagnostic.donnees_departementales }}")
    m.p("**Enjeux territoriaux et priorités du département (notamment constats et objectifs du "
        "schéma départemental) :** {{ diagnostic.enjeux }}")
    m.h2("Données du gestionnaire : référence année {{ calcul.annee_initiale }}")
    a = "diagnostic.activite"
    m.tableau(["", "Nombre d’heures", "Nombre de bénéficiaires"], [
        ["**APA**", "{{ calcul.diagnostic.apa.heures|nombre }}",
         "{{ calcul.diagnostic.apa.beneficiaires|nombre }}"],
        *[[f"-GIR {g}", "{{ " + a + f".apa.gir{g}.heures|nombre }}}}",
           "{{ " + a + f".apa.gir{g}.beneficiaires|nombre }}}}"] for g in (1, 2, 3, 4)],
        ["**PCH**", "{{ " + a + ".pch.heures|nombre }}",
         "{{ " + a + ".pch.beneficiaires|nombre }}"],
        ["**Aide sociale département**",
         "{{ " + a + ".aide_sociale.heures|nombre if " + a + ".aide_sociale else 0 }}",
         "{{ " + a + ".aide_sociale.beneficiaires|nombre if " + a + ".aide_sociale else 0 }}"],
        ["**Autres :**", "", ""],
        ["-Au titre des financements à destination de PA de plus de 60 ans ou de PH (CARSAT, "
         "MSA, mutuelles, individuels en complément de plans d’aide…)",
         "{{ " + a + ".autres_pa_ph.heures|nombre if " + a + ".autres_pa_ph else 0 }}",
         "{{ " + a + ".autres_pa_ph.beneficiaires|nombre if " + a + ".autres_pa_ph else 0 }}"],
        ["-Au titre des activités non destinées à des PA de plus de 60 ans ou de PH",
         "{{ " + a + ".autres_hors_pa_ph.heures|nombre if " + a + ".autres_hors_pa_ph else 0 }}",
         "{{ " + a + ".autres_hors_pa_ph.beneficiaires|nombre if " + a
         + ".autres_hors_pa_ph else 0 }}"],
        ["**Total Activité Année**", "**{{ calcul.diagnostic.total.heures|nombre }}**",
         "**{{ calcul.diagnostic.total.beneficiaires|nombre }}**"],
    ], largeurs=[8, 3, 3])
    m.tableau(["Uniquement activités APA et PCH", "Nombre d’heures", "Nombre de bénéficiaires"], [
        ["Dimanche / Jours fériés", "{{ " + a + ".dimanches_feries.heures|nombre }}",
         "{{ " + a + ".dimanches_feries.beneficiaires|nombre }}"],
        ["Nuits ({{ " + a + ".plage_nuit }})", "{{ " + a + ".nuits.heures|nombre }}",
         "{{ " + a + ".nuits.beneficiaires|nombre }}"],
        ["Semaine", "{{ " + a + ".semaine.heures|nombre }}",
         "{{ " + a + ".semaine.beneficiaires|nombre }}"],
        ["**Total Activité Année**", "**{{ calcul.diagnostic.apa_pch.heures|nombre }}**",
         "**{{ calcul.diagnostic.apa_pch.beneficiaires|nombre }}**"],
    ], largeurs=[8, 3, 3])
    t = "diagnostic.tarification"
    m.h2("Tarification/Prix facturé")
    m.tableau(["Tarif horaire arrêté par le département",
               "Tarif facturé par le service (autres activités non tarifées)"],
              [["APA : {{ " + t + ".tarif_apa|montant }}\nPCH : {{ " + t + ".tarif_pch|montant }}"
                "\nAide sociale : {{ " + t + ".tarif_aide_sociale|montant }}",
                "{{ " + t + ".tarif_facture|montant if " + t + ".tarif_facture is not none else "
                "'sans objet' }}{% if " + t + ".frais_annexes is not none %}\ndont frais "
                "annexes : {{ " + t + ".frais_annexes|montant }}{% endif %}"]], largeurs=[1, 1])
    m.h2("Points forts et axes d’amélioration")
    m.p("Assise territoriale, qualité de l’accompagnement, efficience et performance :",
        italique=True)
    m.tableau(["Domaine", "Points forts", "Axes d’amélioration"],
              m.boucle("{%tr for p in diagnostic.points_forts %}",
                       ["{{ p.domaine }}", "{{ p.points_forts }}", "{{ p.axes_amelioration }}"]),
              largeurs=[2, 3, 3])
    m.sauver(SORTIE / "annexe-05-diagnostic-partage.docx")


# The seed's text of each fiche « Objectif opérationnel n°… » and its valorisation rule.
DESCRIPTIONS = (
    "{% if f.groupe == 1 %}Accompagner les personnes dont le profil de prise en charge présente "
    "des spécificités. Financer les surcoûts d’intervention (permettre des interventions en "
    "binôme au domicile des bénéficiaires, valoriser des interventions fractionnées en raison "
    "des spécificités de prise en charge, mettre en place une tournée ronde de nuit)"
    "{% elif f.groupe == 2 %}Intervenir sur une amplitude horaire incluant les soirs, les "
    "week-end et les jours fériés. Mieux rémunérer les interventions ou astreintes réalisées "
    "aux horaires atypiques (améliorer pour les services non habilités les conditions "
    "salariales des intervenants, organiser et financer des astreintes de nuit, we et les jours "
    "fériés pour le remplacement de salariés absents, ainsi que la gestion administrative de "
    "ces astreintes, organiser et financer des astreintes de nuit, we et les jours fériés pour "
    "répondre en urgence aux besoins des personnes accompagnées)"
    "{% elif f.groupe == 3 %}Contribuer à la couverture des besoins de l’ensemble du territoire. "
    "Mieux indemniser les trajets des intervenants dans les territoires concernés (majorer "
    "l’indemnité kilométrique des salariés intervenant avec leur propre véhicule et financer "
    "les équipements nécessaires, accorder des financements complémentaires permettant de "
    "mieux prendre en charge le temps de trajet du salarié entre deux interventions)"
    "{% elif f.groupe == 5 %}Améliorer la qualité de vie au travail : repenser l’organisation "
    "du travail, former et accompagner les professionnels, intégrer les outils numériques, "
    "autres…{% else %}{{ f.objectif }}{% endif %}"
)
VALORISATIONS = (
    "{% if f.valorisation %}{{ f.valorisation }}"
    "{% elif f.groupe == 1 %}bonification d’au plus d’{{ calcul.plafonds.objectif_1|montant }}"
    "/heure"
    "{% elif f.groupe == 2 %}bonification d’au plus de {{ calcul.plafonds.objectif_2|montant(0) }}"
    "/heure"
    "{% elif f.groupe == 3 %}revalorisation de {{ calcul.plafonds.kilometre|montant }}/km, "
    "financement forfaitaire. Le montant attribué correspondra au maximum au produit de "
    "{{ calcul.plafonds.kilometre|montant }} et du nombre de kms indemnisés au professionnel "
    "intervenant au titre de l’APA et de la PCH"
    "{% elif f.groupe == 5 %}Financement forfaitaire par objectif. Les financements au titre de "
    "l’objectif 5 ne peuvent dépasser {{ calcul.plafonds.objectif_5|pourcentage(0) }} du "
    "montant alloué par la CNSA au Dpt.\nLe coût de 50 000 € ne constitue pas une cible. Chaque "
    "action doit faire l’objet d’un chiffrage par le gestionnaire.\nLe gestionnaire peut "
    "déposer plus de 3 actions. Les critères de modulation : ingénierie, formation, coût "
    "financier pour le service, fréquence et nombre de salariés intervenants au titre de l’APA "
    "et PCH.{% else %}Financement sur le forfait global ou hors dotation complémentaire"
    "{% endif %}"
)
FINANCEMENT = (
    "{{ f.montant|montant }} par an"
    "{% if f.financement.bonification_horaire is not none %} "
    "({{ f.financement.bonification_horaire|montant }}/heure × "
    "{{ f.financement.heures|nombre }} heures){% endif %}"
    "{% if f.kilometres is not none %} (au plus "
    "{{ calcul.plafonds.kilometre|montant }} × {{ f.kilometres|nombre }} km = "
    "{{ f.plafond|montant }}){% endif %}"
    "{% if f.financement.detail %}\n{{ f.financement.detail }}{% endif %}"
)


def annexe_6() -> None:
    m = Modele(entete=ENTETE)
    m.titre("ANNEXE 6 – Fiches actions")
    m.p("CPOM SAAD {{ calcul.premiere_annee }}-{{ calcul.derniere_annee }}", centre=True,
        gras=True)
    m.ctrl("{%p if not calcul.liste_fiches %}")
    m.p("Aucune action n’est financée au titre de la dotation complémentaire à la signature du "
        "contrat.")
    m.ctrl("{%p endif %}")
    m.ctrl("{%p for f in calcul.liste_fiches %}")
    m.h2("{% if f.groupe %}Objectif opérationnel n°{{ f.groupe }}{% else %}Autres objectifs"
         "{% endif %} – Action {{ f.numero }}")
    m.tableau([], [
        ["GESTIONNAIRE", "{{ gestionnaire.raison_sociale }}"],
        ["N° finess", "{{ service.finess }}"],
        ["Territoire d’intervention", "{{ calcul.territoire.resume }}"],
        ["{% if f.groupe %}Objectif opérationnel n°{{ f.groupe }}{% else %}Autre objectif"
         "{% endif %}", DESCRIPTIONS],
        ["Modalité de valorisation de l’action par le Département", VALORISATIONS],
        ["Descriptif de l’action", "Action {{ f.numero }}"],
        ["Constats diagnostic", "{{ f.constats }}"],
        ["Intitulé de l’action", "{{ f.intitule }}"],
        ["Description des différentes phases", "{{ f.modalites }}"],
        ["Délai de réalisation", "{{ f.delai }}"],
        ["Coût de l’action", "{{ f.cout|montant }}"],
        ["Montant et détail du financement", FINANCEMENT],
        ["Modalités de versement et de régularisation des montants", "{{ f.versement }}"],
    ], largeurs=[2, 5], premiere_colonne_grise=True)
    m.p("**Indicateurs de suivi et d’évaluation**")
    m.tableau(["", "Détails", "valeur entrée de CPOM", "Cible à N+2*", "Cible fin CPOM*"],
              m.boucle("{%tr for i in f.indicateurs %}",
                       ["n°{{ i.numero }}", "{{ i.libelle }}", "{{ i.situation_initiale or '' }}",
                        "{{ i.cible_n2 or '' }}", "{{ i.cible or '' }}"]),
              largeurs=[1, 5, 2, 2, 2], taille=9)
    m.p("* N+2 : {{ calcul.annee_n2 }} ; fin du CPOM : {{ calcul.derniere_annee }}.",
        italique=True)
    m.ctrl("{%p if not loop.last %}")
    m.saut_de_page()
    m.ctrl("{%p endif %}")
    m.ctrl("{%p endfor %}")
    m.sauver(SORTIE / "annexe-06-fiches-actions.docx")


def annexe_7() -> None:
    m = Modele(entete=ENTETE, paysage=True)
    m.titre("Annexe n°7 - Tableau synthétique de suivi")
    bandeau(m)
    table = m.tableau(["Objectifs", "Actions", "Montant octroyé", "Dépense réalisée", "N°",
                       "Libellé de l’indicateur de suivi", "{%tc for a in calcul.annees %}",
                       "{{ a }}", "{%tc endfor %}"],
              m.boucle("{%tr for l in calcul.tableau_suivi %}",
                       ["{{ l.objectif }}", "{{ l.action }}",
                        "{{ l.montant|montant if l.montant_affiche else '' }}",
                        "{{ l.depense|montant if l.montant_affiche and l.depense is not none "
                        "else '' }}",
                        "{{ l.numero }}", "{{ l.indicateur }}", "{%tc for v in l.colonnes %}",
                        "{{ v }}", "{%tc endfor %}"]),
                      taille=8, premiere_colonne_grise=True)
    grille_annuelle(table, [30, 36, 20, 20, 9, 36], 18)
    m.p("Montants octroyés par an. Total annuel des actions financées par la dotation "
        "complémentaire (objectifs 1, 2, 3 et 5) : {{ calcul.dotation_actions|montant }}.")
    m.sauver(SORTIE / "annexe-07-suivi.docx")


def construire() -> None:
    import ille_et_vilaine_finances
    import ille_et_vilaine_images

    contrat()
    annexe_1()
    annexe_2()
    annexe_3()
    annexe_4()
    annexe_5()
    annexe_6()
    annexe_7()
    ille_et_vilaine_finances.construire(SORTIE)  # annexes 8, 9 and 10
    ille_et_vilaine_images.ecrire(IMAGES)


if __name__ == "__main__":
    construire()
    print(f"Modèles écrits dans {SORTIE}")
