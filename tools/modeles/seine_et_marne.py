"""First version of the Seine-et-Marne templates (seed 004, CPOM-mandatement 2019–2022).

Run: ``python tools/modeles/seine_et_marne.py`` — overwrites templates/seine-et-marne/*.docx
(the .docx files are the source of truth afterwards) and writes the sample's fictional logos
(samples/seine-et-marne/*.png) when they are missing.

The text is the seed's, articles 1 to 17 and annexes 1 to 5; « XXX » and « (à compléter) »
become data. Article 8 (associations fédérées) exists only for a federation: the articles
after it are numbered from ``calcul.articles`` (9 to 17 for a federation, 8 to 16 otherwise),
and so are the cross-references to them.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE / "tools"))

from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.shared import Cm  # noqa: E402
from docxbuild import Modele  # noqa: E402

SORTIE = RACINE / "templates" / "seine-et-marne"
EXEMPLES = RACINE / "samples" / "seine-et-marne"
ENTETE = "CPOM-mandatement {{ calcul.premiere_annee }}–{{ calcul.derniere_annee }} – " \
         "{{ gestionnaire.raison_sociale }}"
PIED = "{% if departement.numero_deliberation %}Conseil départemental du " \
       "{{ departement.date_decision_signature|date_longue }} – Annexe à la délibération " \
       "n° {{ departement.numero_deliberation }}{% endif %}"

# Article numbers after article 8 (see generator.compute.seine_et_marne.numeros_articles).
A = {nom: f"{{{{ calcul.articles.{nom} }}}}" for nom in (
    "compensation", "sous_traitance", "suivi", "assurances", "revision", "reprise", "litiges",
    "pieces", "signature")}


def modele(paysage: bool = False) -> Modele:
    """A page with the contract's header and, in the footer, the délibération it annexes."""
    m = Modele(entete=ENTETE, paysage=paysage)
    pied = m.doc.sections[0].footer.add_paragraph(PIED)
    pied.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pied.style = m.doc.styles["Footer"]
    return m


def insecable(ligne) -> None:
    """A table row never split across two pages (signatures)."""
    trpr = ligne._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def sous_puce(m: Modele, texte: str):
    """Second-level item (the seed's « o »)."""
    paragraphe = m.p("– " + texte)
    paragraphe.paragraph_format.left_indent = Cm(1.5)
    paragraphe.paragraph_format.first_line_indent = Cm(-0.4)
    return paragraphe


def numero(m: Modele, n: int | str, texte: str):
    """A numbered item « 1. … » with a hanging indent."""
    paragraphe = m.p(f"{n}. {texte}")
    paragraphe.paragraph_format.left_indent = Cm(0.7)
    paragraphe.paragraph_format.first_line_indent = Cm(-0.7)
    return paragraphe


def indicateur(m: Modele, titre: str, lignes: list[str],
              seuil: tuple[str, str] | None = None) -> None:
    """A good-management indicator: definition, formula, sources (and threshold if set)."""
    m.puce(titre)
    for ligne in lignes:
        sous_puce(m, ligne)
    if seuil:
        m.ctrl(f"{{%p if {seuil[0]} is not none %}}")
        sous_puce(m, seuil[1])
        m.ctrl("{%p endif %}")


# --- contract -----------------------------------------------------------------------------

def parties_et_visas(m: Modele) -> None:
    m.logos()
    m.titre("Contrat Pluriannuel d’Objectifs et de Moyens pour l’aide à domicile sur le "
            "territoire du {{ calcul.departement }}")
    m.p("CPOM-mandatement {{ calcul.premiere_annee }}–{{ calcul.derniere_annee }}", centre=True,
        gras=True)
    m.p("Entre :", gras=True)
    m.tiret("{{ calcul.cosignataire }}, représentée par {{ calcul.representation }}, et agissant "
            "en exécution de son Conseil d’administration, désignée ci-après par « le "
            "co-signataire » ;")
    m.p("et")
    m.tiret("Le {{ calcul.departement }} situé, {{ calcul.adresse_departement }}, représenté "
            "par {{ calcul.le_president }} du Conseil départemental, {{ calcul.president }}, "
            "agissant en exécution de la délibération du Conseil départemental du "
            "{{ departement.date_decision_signature|date_longue }}, désigné ci-après par « le "
            "Département » ;")
    m.p("")
    m.p("Vu le Traité sur le Fonctionnement de l’Union Européenne et notamment :")
    m.puce("l’article 14, qui reconnaît notamment la place qu’occupent les services d’intérêt "
           "économique général parmi les valeurs communes de l’Union européenne ainsi que le "
           "rôle qu’ils jouent dans la promotion de la cohésion sociale et territoriale de "
           "l’Union ;")
    m.puce("l’article 106, qui précise que les entreprises chargées de la gestion de services "
           "d’intérêt économique général sont soumises notamment aux règles de concurrence dans "
           "la limite où l’application de ces règles ne fait pas échec à l’accomplissement en "
           "droit ou en fait de la mission particulière qui leur a été impartie ;")
    for visa in [
        "Vu la Charte des droits fondamentaux de l’Union européenne, notamment l’article 36 qui "
        "reconnaît et respecte l’accès aux services d’intérêt économique général tel qu’il est "
        "prévu par les législations et les pratiques nationales ;",
        "Vu la décision de la Commission européenne 2012/21/UE du 20 décembre 2011 relative à "
        "l’application de l’article 106, paragraphe 2, du traité sur le fonctionnement de "
        "l’Union européenne aux aides d’État sous forme de compensations de service public "
        "octroyées à certaines entreprises chargées de la gestion de services d’intérêt "
        "économique général ;",
        "Vu l’encadrement communautaire 2005/C 297/04 du 28 novembre 2005 des aides d’État sous "
        "forme de compensation de service public ;",
        "Vu la directive 2005/81/CE du 28 novembre 2005 modifiant la directive 80/723/CEE "
        "relative à la transparence des relations financières entre les États membres et les "
        "entreprises publiques ainsi qu’à la transparence financière dans certaines "
        "entreprises ;",
        "Vu la Directive n°2006/123/CE du Parlement européen et du Conseil du 12 décembre 2006, "
        "relative aux services dans le marché intérieur ;",
        "Vu l’arrêt « Altmark » de la Cour de Justice des Communautés européennes 280/00 du 24 "
        "juillet 2003 ;",
        "Vu l’arrêt « BUPA » du Tribunal de Première Instance de la Cour de justice des "
        "Communautés européennes 289/03 du 12 février 2008 ;",
        "Vu l’article 72 de la Constitution, relatif au statut et aux compétences des "
        "collectivités territoriales ;",
        "Vu le Code de l’Action Sociale et des Familles (CASF) et notamment l’article L. 313-11 "
        "et le paragraphe II de l’article L. 314-1 ;",
        "Vu l’Arrêté du 6 janvier 2014 modifiant l’arrêté du 30 août 2012 fixant le cahier des "
        "charges des expérimentations relatives aux modalités de tarification des services "
        "d’aide et d’accompagnement à domicile et le contenu du contrat pluriannuel "
        "d’objectifs et de moyens mentionné au 1° du I de l’article 150 de la loi du 28 "
        "décembre 2011 de finances pour 2012 ;",
        "Vu la délibération du Conseil d’Administration de la structure dénommée "
        "{{ gestionnaire.raison_sociale }}, en date du "
        "{{ gestionnaire.date_deliberation_signature|date_longue }}, autorisant la signature "
        "du présent CPOM ;",
        "Vu la délibération{% if departement.numero_deliberation %} n° "
        "{{ departement.numero_deliberation }}{% endif %} du Conseil départemental réuni le "
        "{{ departement.date_decision_signature|date_longue }}, autorisant "
        "{{ calcul.le_president }} du Conseil départemental de la Seine-et-Marne à signer le "
        "présent CPOM ;",
    ]:
        m.p(visa)
    m.p("Il est exposé et convenu ce qui suit.")


PREAMBULE = [
    "Face à la nécessité de maitriser les dépenses publiques et le reste à charge de l’usager, "
    "et pour soutenir les services prestataires d’aide à domicile dans leurs contraintes de "
    "service public, il s’est avéré nécessaire de poursuivre l’évolution du système de "
    "financement de ces services en Seine-et-Marne. Dès 2010 et à nouveau en 2017, des Contrats "
    "Pluriannuels d’Objectifs et de Moyens (CPOM) ont été conclus afin de se conformer aux "
    "dispositions légales et réglementaires.",
    "Ces CPOM transitoires de 2017, conclus avec les prestataires autorisés et habilités à "
    "l’aide sociale, arrivent à échéance.",
    "Dans l’optique du renouvellement d’une contractualisation et d’une meilleure lisibilité des "
    "financements, le Département souhaite poursuivre la conformité avec le cadre du CPOM. "
    "Cette conformité s’établit au regard du code de l’action sociale et des familles, de la loi "
    "n°2015-1776 du 28 décembre 2015 relative à l’adaptation de la société au vieillissement et "
    "du droit communautaire, et notamment de son article 47 instituant l’autorisation valant "
    "mandatement et le Cahier des charges national. Pour cela, le Département souhaite mettre en "
    "œuvre la contractualisation au {{ calcul.date_effet|date_longue }}.",
]

PREAMBULE_SUITE = [
    "Dans cette perspective, le Département érige l’aide à domicile autorisée et tarifée en "
    "Service d’Intérêt Economique Général (SIEG). Pour ces raisons, le présent document est "
    "qualifié de CPOM-Mandatement.",
    "L’enjeu est d’assurer sur le territoire concerné l’accès des personnes âgées et handicapées "
    "aux services d’aide à domicile, sur le périmètre d’action du cahier des charges défini par "
    "le décret 2016-502 du 22 avril 2016, et dans les meilleures conditions possibles de coût et "
    "de qualité.",
    "Aucune zone blanche n’existe dans le cadre de ce dispositif. Les structures s’engagent à "
    "prendre en charge l’ensemble des résidents, dépendants ou en situation de handicap.",
    "Les bénéficiaires relevant de la prise en charge au titre du présent dispositif sont les "
    "bénéficiaires de l’Allocation personnalisée d’autonomie (APA) et de la Prestation de "
    "compensation du handicap (PCH) et de l’aide-ménagère départementale au titre de l’aide "
    "sociale pour les personnes âgées et les personnes en situation de handicap.",
    "La contractualisation entre le Département et les services à l’issue de la procédure vaut "
    "CPOM au sens de l’article L313-11-1 du Code de l’action sociale et des familles (CASF), "
    "assimilé en droit communautaire à un mandatement direct avec octroi de droits spéciaux.",
]


def articles_1_a_5(m: Modele) -> None:
    m.h1("1 Préambule : le choix d’un CPOM-mandatement")
    m.ctrl("{%p if contrat.preambule %}")
    m.ctrl("{%p for paragraphe in contrat.preambule %}")
    m.p("{{ paragraphe }}")
    m.ctrl("{%p endfor %}")
    m.ctrl("{%p else %}")
    for texte in PREAMBULE:
        m.p(texte)
    m.ctrl("{%p endif %}")
    for texte in PREAMBULE_SUITE:
        m.p(texte)

    m.h1("2 Objet du CPOM")
    m.h2("2.1 PRINCIPES GENERAUX")
    m.p("Le Département a choisi de confier à des opérateurs la mise en œuvre d’un Service "
        "d’intérêt économique général (SIEG) d’aide à domicile par un acte exprès et explicite : "
        "le Contrat pluriannuel d’objectifs et de moyens (CPOM) par voie de mandatement direct "
        "avec octroi de droits spéciaux.")
    m.p("Le présent Contrat est une des pièces composant ce mandat. Il précise principalement les "
        "orientations générales du CPOM-mandatement, la durée d’exécution du mandat, les "
        "obligations de service public imposées aux services ainsi que la compensation de "
        "service public au juste coût et les modalités pratiques du mandatement, valables pour "
        "toutes les pièces le composant.")
    m.p("Le co-signataire du présent contrat a en charge la réalisation de prestations d’aide "
        "dans le respect des obligations de service public (OSP) afin d’assurer la qualité du "
        "service à l’égard des usagers.")
    m.h2("2.2 CONTENU DES PRESTATIONS COUVERTES PAR LE CONTRAT")
    m.p("Les interventions liées à l’Allocation Personnalisée d’Autonomie et la Prestation de "
        "Compensation du Handicap sont celles définies dans le plan d’aide (pour l’APA) et le "
        "Plan Personnalisé de Compensation (PPC) ainsi que la notification de décision du "
        "Département (pour la PCH). Sont également concernées, les prestations relatives à "
        "l’aide-ménagère départementale pour les personnes âgées et handicapées.")

    m.h1("3 La qualification du service")
    m.p("Le co-signataire dispose préalablement au présent CPOM d’une autorisation délivrée par "
        "le Président du Conseil départemental et en cours de validité.")
    m.ctrl("{%p for service in services %}")
    m.tiret("{{ service.nom }}{% if service.finess %} (FINESS {{ service.finess }}){% endif %} : "
            "autorisation du {{ service.autorisation.date|date_longue }}"
            "{% if service.autorisation.reference %} ({{ service.autorisation.reference }})"
            "{% endif %}, habilitation à l’aide sociale : "
            "{{ service.habilite_aide_sociale|oui_non }} ;")
    m.ctrl("{%p endfor %}")
    m.p("Le co-signataire doit être en capacité permanente de justifier le respect par son "
        "service des conditions de l’autorisation prévues par le cahier des charges, ainsi que "
        "de mobiliser les ressources qualifiées nécessaires pour assurer le service attendu, "
        "notamment en ce qui concerne les usagers handicapés.")

    m.h1("4 La durée d’exécution du CPOM")
    m.p("Le CPOM est valable pour la période allant du {{ calcul.date_effet|date_longue }} au "
        "{{ calcul.date_fin|date_longue }}, soit une durée de {{ calcul.duree }}.")

    m.h1("5 Les communes d’intervention")
    m.p("Le co-signataire s’engage à couvrir les communes qu’il a désignées à l’annexe 1 du "
        "présent contrat ({{ calcul.communes.nombre }} commune{{ 's' if calcul.communes.nombre "
        "> 1 else '' }}).")
    m.p("Son autorisation, et le financement associé, sont limités à ce périmètre. Il ne peut se "
        "soustraire d’une intervention sur un territoire sur lequel il s’est engagé.")
    m.p("Au cours du CPOM, il peut demander l’intervention sur de nouvelles communes sous "
        "réserve d’une extension d’autorisation conformément à l’article L313-1-1 du CASF.")
    m.p("Chaque extension d’intervention doit faire l’objet en cours d’exercice d’une demande aux "
        "services du Département pour validation préalable de celle-ci par la voie d’un arrêté "
        "après étude de la demande.")


def article_6(m: Modele) -> None:
    m.h1("6 Les obligations de service public")
    m.p("Les obligations de service public (OSP) constituent le cœur des exigences du CPOM.")
    m.p("Les OSP du CPOM sont les suivantes :")
    numero(m, 1, "Le service est accessible à tout usager sans discrimination de nature "
                 "économique, sociale ou territoriale dans la stricte limite des compétences du "
                 "co-signataire ;")
    numero(m, 2, "L’intervention est mise en œuvre par des services autorisés par le Département "
                 "et dûment mandatés par le présent CPOM ;")
    numero(m, 3, "Le service couvre l’ensemble des communes visées à l’annexe 1 tout au long de "
                 "l’année selon la même exigence de qualité ;")
    numero(m, 4, "L’intervention implique la réalisation des prestations visées à l’article 2 "
                 "selon le principe de continuité :")
    sous_puce(m, "Les prestations couvrent une amplitude minimale de 10h par jour, 7 jours sur 7 "
                 "(y compris jours fériés) ;")
    sous_puce(m, "Une permanence physique sur chaque antenne doit être organisée du lundi au "
                 "vendredi sur une amplitude horaire minimum de 35h par semaine ;")
    sous_puce(m, "Aucune période de fermeture ne pourra être envisagée ;")
    numero(m, 5, "Le service, outre la prise en charge de personnes âgées dépendantes relevant de "
                 "l’APA, tous GIR confondus, doit également prendre en charge les personnes "
                 "relevant de la prestation de compensation du handicap (PCH) et aide-ménagère ;")
    numero(m, 6, "Le mandatement implique une transparence des activités vis-à-vis du "
                 "Département et de l’usager, notamment sur le volet financier. Il s’engage à "
                 "utiliser l’interfaçage avec la plateforme du Département SOLIS-SAD pour le "
                 "suivi de l’activité APA, PCH et aide-ménagère pour les personnes âgées et "
                 "handicapées. Ses services sont, à la signature du contrat, raccordés à la "
                 "plateforme et par conséquent devront envoyer l’ensemble des heures "
                 "APA/PCH/aide-ménagère départementale pour les personnes âgées et les personnes "
                 "handicapées.")
    numero(m, 7, "Le co-signataire s’engage à ne pas appliquer de surfacturation auprès de "
                 "l’usager départemental pour les heures APA/PCH/aide-ménagère départementale "
                 "pour les personnes âgées et les personnes handicapées ;")
    numero(m, 8, "Le co-signataire s’engage à respecter le droit du travail, ainsi que la "
                 "convention collective ou le statut général de la fonction publique territorial "
                 "dont il relève ;")
    numero(m, 9, "Le service s’engage à collaborer avec les services départementaux, la Maison "
                 "Départementale des Personnes Handicapées (MDPH) et les Pôles Autonomie "
                 "Territoriaux (PAT) dans le but de contribuer au suivi des parcours de vie et de "
                 "prévenir les ruptures de parcours des bénéficiaires pris en charge dans le "
                 "cadre de ce CPOM.")
    numero(m, 10, "Le co-signataire s’engage, lorsqu’il est fédéré, à ce que chaque association "
                  "locale, fasse remonter les heures d’activité réalisées et les ratios de "
                  "gestion au Département.")
    numero(m, 11, "Le coût de plusieurs OSP spécifiques sera pris en charge financièrement dans "
                  "leur intégralité par le Conseil Départemental. Il s’agit :")
    sous_puce(m, "Déplacements éloignés (milieu rural et km >5 km)")
    sous_puce(m, "Majorations soir, dimanche et jours fériés")
    m.p("Si le Département constate le non-respect d’une ou plusieurs obligations de service "
        "public par l’un des services, une lettre recommandée valant mise en demeure sera "
        "envoyée au co-signataire. Le co-signataire est invité à présenter sous 1 mois ses "
        "observations et/ou un plan d’actions pour remédier à ses carences.")
    m.p("À défaut ou si les nouvelles observations sont insatisfaisantes, une pénalité de "
        "{{ contrat.penalite_osp|texte }} € par défaut d’OSP constatée pourra être appliquée par "
        "le Département à l’issue du dialogue de gestion annuel selon l’émission d’un titre de "
        "recettes. Plusieurs pénalités peuvent ainsi être appliquées par le Département sur une "
        "même année civile. Les cumuls de pénalités sont plafonnés au montant total prévisionnel "
        "des OSP, soit {{ calcul.synthese.plafond_penalites|montant }} pour l’exercice "
        "{{ synthese_financiere.exercice }} (annexe 2).")
    m.p("La sanction pour non-respect réitéré des OSP peut aller jusqu’à la résiliation pour "
        "faute du présent CPOM.")


IMPRODUCTIVES = [
    "Définition : taux d’heures improductives de revenus",
    "Calcul : 1 - nombre d’heures réalisées / nombre d’heures payées (incluant congés et arrêts "
    "maladie, accident de travail, maternité etc…) aux intervenants",
    "Sources : télégestion/DADS",
]
ADMINISTRATIF = [
    "Définition : taux d’encadrement-structure",
    "Calcul : Nombre d’heures réalisées / nombre ETP administratifs (entendus comme direction+ "
    "encadrement + tous personnels n’intervenant pas auprès des bénéficiaires)",
    "Sources : télégestion / onglet Personnel du Cadre Normalisé",
]
SEUIL_IMPRODUCTIVES = ("contrat.seuils.taux_heures_improductives_max",
                       "Seuil fixé par le Département : "
                       "{{ contrat.seuils.taux_heures_improductives_max|texte }} % au plus")
SEUIL_ADMINISTRATIF = ("contrat.seuils.taux_administratif_min",
                       "Seuil fixé par le Département : "
                       "{{ contrat.seuils.taux_administratif_min|nombre }} heures réalisées par "
                       "ETP administratif au moins")


def article_7(m: Modele) -> None:
    m.h1("7 Engagements qualité")
    m.p("Par ce CPOM, le Département de la Seine-et-Marne souhaite mettre en œuvre une démarche "
        "qualité. Ainsi, le co-signataire s’engage à respecter les engagements qualités.")
    m.h2("7.1 RESPECT DU PLAN D’AIDE")
    m.p("Le co-signataire s’engage à respecter le plan d’aide prescrit par le Département et "
        "accepté par l’usager. Le fractionnement supplémentaire opéré par ses services, relevant "
        "de sa propre décision, n’emporte aucune compensation supplémentaire liée à un éventuel "
        "surcoût.")
    m.p("Par ailleurs, le Département s’engage à limiter sa prescription sur les demi-heures aux "
        "seules situations qui le nécessitent impérativement et à étudier les saisines des "
        "services relatives à ce sujet.")
    m.h2("7.2 ENGAGEMENTS QUALITE LIES AU CAHIER DES CHARGES NATIONAL DE L’AIDE A DOMICILE")
    m.p("Le co-signataire s’engage à respecter les engagements qualités liés au cahier des "
        "charges national de l’aide à domicile selon le décret n°2016-502 du 22 avril 2016 "
        "relatif au cahier des charges national des services d’aide et d’accompagnement à "
        "domicile.")
    m.h2("7.3 ENGAGEMENTS QUALITE SPECIFIQUE")
    m.h3("7.3.1 Engagements qualité spécifique commun")
    m.p("Le co-signataire s’engage à respecter les engagements qualité spécifique et à "
        "transmettre les données attendus par le Département et précisés ci-après (définis avec "
        "le service d’aide à domicile, valeurs et cibles à l’annexe 4) :")
    m.puce("Engagements qualité à atteindre :")
    m.ctrl("{%p for i in qualite.engagements %}")
    sous_puce(m, "{{ i.libelle }}")
    m.ctrl("{%p endfor %}")
    m.puce("Données qualité à transmettre (statistiques) :")
    m.ctrl("{%p for i in qualite.statistiques %}")
    sous_puce(m, "{{ i.libelle }}")
    m.ctrl("{%p endfor %}")
    m.h3("7.3.2 Engagement qualité spécifique volontaire du co-signataire")
    m.p("Chaque engagement fera l’objet d’une fiche action récapitulée dans un tableau sur le "
        "modèle à l’annexe 3 du présent contrat.")
    m.ctrl("{%p if calcul.actions %}")
    m.p("Le co-signataire s’engage volontairement sur {% if calcul.actions|length > 1 %}les "
        "actions suivantes{% else %}l’action suivante{% endif %} :")
    m.ctrl("{%p for a in calcul.actions %}")
    sous_puce(m, "Fiche action n° {{ a.numero }} : {{ a.intitule }} ;")
    m.ctrl("{%p endfor %}")
    m.ctrl("{%p else %}")
    m.p("Le co-signataire n’a pas pris d’engagement qualité volontaire à la signature du présent "
        "contrat.")
    m.ctrl("{%p endif %}")
    m.p("En outre, le co-signataire s’engage à respecter les seuils des indicateurs de bonne "
        "gestion, déterminés par le Département :")
    indicateur(m, "Taux d’heures improductives :", IMPRODUCTIVES, SEUIL_IMPRODUCTIVES)
    indicateur(m, "Taux administratif :", ADMINISTRATIF, SEUIL_ADMINISTRATIF)
    m.h2("7.4 ENGAGEMENTS DU DEPARTEMENT")
    m.p("Le Département s’engage à adresser les procédures de versement des sommes identifiées "
        "par l’application du présent CPOM. Il met en œuvre les actions permettant au "
        "co-signataire de tenir son plan de trésorerie.")
    m.p("Le Département s’engage à rendre accessible les services de la plateforme « JOB 77 » au "
        "co-signataire afin que celui-ci puisse déposer ses offres d’emploi.")


def article_8(m: Modele) -> None:
    """Only for a federation (SEM §8)."""
    m.ctrl("{%p if calcul.federation %}")
    m.h1("8 Traitement des données des associations fédérées")
    m.h2("8.1 DESCRIPTION DU PARTAGE DE DONNEES ENTRE LES ASSOCIATIONS ET LA FEDERATION")
    m.p("Le co-signataire s’engage à détailler au Département la répartition des fonctions entre "
        "les associations et la fédération.")
    m.ctrl("{%p if contrat.repartition_fonctions %}")
    m.p("À la signature du présent contrat, cette répartition est la suivante : "
        "{{ contrat.repartition_fonctions }}")
    m.ctrl("{%p endif %}")
    m.p("Les associations locales fédérées sont les suivantes :")
    m.tableau(["Association locale", "Siège", "Communes d’intervention"],
              m.boucle("{%tr for a in calcul.associations %}",
                       ["{{ a.nom }}{% if a.rna %}\nRNA {{ a.rna }}{% endif %}",
                        "{{ a.commune_siege or '' }}", "{{ a.liste_communes }}"]),
              largeurs=[3, 2, 6])
    m.h2("8.2 MODALITES DE REPORTING DES INFORMATIONS DES ASSOCIATIONS LOCALES FEDEREES")
    m.p("La fédération s’engage à remettre au Département les informations relatives aux heures "
        "réalisées et aux indicateurs pour chacune des associations sur le modèle de fiche "
        "indicateurs à l’annexe 4 du présent contrat.")
    m.ctrl("{%p endif %}")


def article_9(m: Modele) -> None:
    n = A["compensation"]
    m.h1(f"{n} La compensation financière")
    m.p("Afin d’établir des conditions économiques et financières qui garantissent la bonne "
        "exécution de la mission d’intérêt général, le Département octroie au co-signataire une "
        "compensation visant à couvrir les coûts de mise en œuvre de ce mandatement et des "
        "obligations de service public qui en découlent.")
    m.p("Conformément à la réglementation communautaire, cette compensation n’excède pas ce qui "
        "est strictement nécessaire à l’accomplissement de la mission d’intérêt général confiée "
        "aux services dans le respect des coûts d’une « entreprise moyenne, bien gérée ».")
    m.p("L’établissement de cette compensation respecte les principes financiers d’un "
        "mandatement direct.")

    m.h2(f"{n}.1 LES PRINCIPES TARIFAIRES EN VIGUEUR EN SEINE-ET-MARNE")
    m.p("Le Conseil départemental de Seine-et-Marne a délibéré sur un tarif départemental de "
        "référence qui à la date de conclusion du présent CPOM s’élève à "
        "{{ tarification.tarif_reference|montant }} pour les heures réalisées au titre de "
        "l’APA. Son évolution éventuelle est réalisée par arrêté du Président du Conseil "
        "départemental car non soumis à la délibération portant « objectif annuel d’évolution "
        "des dépenses » (OAED).")
    m.p("Le tarif fixé au titre du présent contrat s’applique aux heures des plans d’aide des "
        "allocations et prestations suivantes : APA, PCH, aide-ménagère.")
    m.p("Le Département, au titre de votre habilitation à l’aide sociale, vous octroie une "
        "modalité tarifaire plafonnée à {{ tarification.tarif_plafond|texte }} € par heure "
        "réalisée au titre du présent mandatement.")

    m.h2(f"{n}.2 LES PRINCIPES FINANCIERS DE LA COMPENSATION")
    m.h3(f"{n}.2.1 Le principe de la juste compensation des coûts nets")
    m.p("Le droit communautaire et son interprétation jurisprudentielle (arrêt « Altmark ») "
        "imposent le respect de plusieurs critères cumulés :")
    for puce in [
        "Le mandataire doit être expressément chargé d’obligations de service public ;",
        "La compensation doit être établie selon des paramètres de calcul prévus en amont de son "
        "versement, de façon objective et transparente ;",
        "La compensation ne doit engendrer aucune surcompensation ;",
        "La mission de service public doit avoir été confiée à l’issue d’une procédure de type "
        "marché public ou à défaut, le niveau de la compensation doit reposer sur une analyse "
        "des coûts correspondant à celle d’une « entreprise moyenne, bien gérée ».",
    ]:
        m.puce(puce)
    m.p("Les principes financiers du mandatement direct recherchent donc l’équivalence entre "
        "l’impact financier des missions de service public pour le co-signataire et la "
        "compensation. Cette stricte équivalence couvre non seulement les dépenses occasionnées "
        "pour le service rendu, sur la base du fonctionnement d’une « entreprise moyenne, bien "
        "gérée », mais aussi les recettes éventuellement tirées des droits spéciaux octroyés "
        "par le mandatement. La compensation vise donc une juste compensation des coûts nets du "
        "mandatement direct.")
    m.p("En découlent plusieurs obligations pour le co-signataire :")
    numero(m, 1, "L’identification comptable du périmètre du mandatement ;")
    numero(m, 2, "La stricte imputation des dépenses constatées sur ce périmètre ;")
    numero(m, 3, "La lisibilité des recettes principales et annexes du mandatement.")

    m.h3(f"{n}.2.2 Le périmètre des recettes et des dépenses pris en compte")
    m.p("Sont pris en compte pour l’analyse et le calcul du coût net des compléments de service "
        "public, tous les éléments de dépenses et de recettes liés directement ou partiellement "
        "à la mise en œuvre du mandatement permettant de définir le montant de la compensation :")
    m.puce("Ces éléments peuvent concerner aussi bien des dépenses d’exploitation que "
           "l’amortissement d’investissements liés au mandatement ;")
    m.puce("Aucun élément de dépense ou de recette n’est rejeté a priori : c’est la réalité de "
           "son rattachement au périmètre du mandatement qui doit être établie. Sont donc pris en "
           "compte :")
    sous_puce(m, "Les dépenses et recettes directement imputables (à 100%) ;")
    sous_puce(m, "Les dépenses et recettes partagées avec d’autres activités, uniquement à "
                 "hauteur de la consommation du mandatement direct. Il peut s’agir par exemple "
                 "de frais d’exploitation (personnel partagé), de structure, de siège ou "
                 "d’investissements ;")
    sous_puce(m, "D’une manière générale, le co-signataire s’attachera autant que possible à "
                 "avoir recours à des dépenses directement imputables au mandatement pour "
                 "garantir l’étanchéité de son assiette financière.")
    m.p("Concernant les coûts, sont pris en compte principalement :")
    m.puce("Les coûts du personnel d’intervention (coûts directs d’exploitation) : personnel, "
           "frais kilométriques, achats… ;")
    m.puce("Les coûts de structure (coûts indirects d’exploitation) : personnel administratif, "
           "personnel d’encadrement, frais de mobilier, locaux, véhicule, frais de siège… ;")
    m.p("Concernant les recettes, sont prises en compte l’ensemble des recettes associées au "
        "mandatement, notamment :")
    for puce in [
        "Le ticket modérateur pour l’APA,",
        "Toutes les recettes en atténuations règlementaires liées à la tarification et à "
        "l’exploitation",
        "Les subventions se rattachant au périmètre du mandatement",
        "Les frais de personnel ou d’équipements mis à disposition et valorisés (équivalent "
        "salaires, ou loyers) …",
        "Toutes recettes en atténuation liées directement ou indirectement à la mise en œuvre "
        "de l’activité d’aide à domicile pour l’activité mandatement du Département.",
    ]:
        m.puce(puce)

    m.h3(f"{n}.2.3 Contrôle et mise à disposition des informations")
    m.p("La compensation doit être vérifiable comptablement. Aussi, le co-signataire est tenu de "
        "produire un bilan financier annuel de son activité au titre du mandatement. Les "
        "informations présentées doivent être fiables et de qualité.")
    m.p("Afin de garantir la transparence de sa gestion financière, le co-signataire s’engage à "
        "structurer sa comptabilité de manière analytique afin :")
    m.puce("De distinguer parmi les coûts des activités mixtes les coûts propres aux "
           "interventions relevant du public APA et PCH et aide-ménagère ;")
    m.puce("De distinguer, en cas d’activité sur plusieurs Départements, les heures effectuées "
           "sur le territoire de la Seine-et-Marne.")
    m.p("Il est du ressort du co-signataire de garantir la transparence de la comptabilité du "
        "mandatement, et donc d’en construire la structure analytique : les éléments présentés "
        "dans les grilles financières seront étayés par des références directes aux comptes "
        "attestés ou certifiés de l’organisme dont le mandatement est une composante "
        "analytique.")
    m.p("Les modalités d’organisation de la comptabilité seront contrôlées par le Département, "
        "afin de garantir l’identification des coûts liés au mandatement direct.")
    m.p("Le bilan financier annuel du CPOM devra être produit sous la forme des grilles "
        "financières annexées au présent CPOM et accompagnées des justificatifs demandés et des "
        "comptes certifiés ou attestés du co-signataire. Il doit être assis sur les comptes "
        "financiers annuels certifiés par le Commissaire aux comptes ou le comptable public de "
        "l’opérateur ou à défaut l’expert-comptable avant le 30 avril de chaque exercice. Si "
        "l’organisme intervient également en-dehors de la Seine-et-Marne, son Commissaire aux "
        "comptes (ou son expert-comptable) devra produire une attestation du périmètre de "
        "dépenses correspondant exclusivement à la Seine-et-Marne.")
    m.p("Le co-signataire est par ailleurs dans l’obligation de :")
    for puce in [
        "Fournir au Département, chaque année, les indicateurs (coût de revient net, heures "
        "réalisées, taux administratifs, taux d’heures improductives) et éléments destinés à "
        "permettre à celui-ci d’exercer son contrôle avant fin avril de chaque exercice ;",
        "Répondre aux contrôles sur pièces et sur place diligentés par le Département, le cas "
        "échéant, et menés par des autorités et personnes habilitées par le Département ;",
        "Déclarer les avantages fiscaux et les subventions dont il bénéficie sur le périmètre du "
        "mandatement;",
        "Conserver l’ensemble des pièces nécessaires à la justification pendant un délai de 10 "
        "ans ;",
        "Communiquer dans les délais indiqués par le Département l’ensemble des données "
        "physiques et financières réclamées par celle-ci pour suivi.",
    ]:
        m.puce(puce)
    m.p("Il est demandé au co-signataire de prévoir et de garantir la piste d’audit des éléments "
        "présentés, quelles que soient les modalités de contrôle mises en œuvre par le "
        "Département : contrôle sur pièces, sur place, direct, délégué… et ce pendant un délai "
        "de 10 ans.")
    article_9_3(m, n)
    article_9_4(m, n)


def article_9_3(m: Modele, n: str) -> None:
    m.h2(f"{n}.3 DETERMINATION DE LA COMPENSATION FINANCIERE")
    m.p("La compensation annuelle est encadrée par les éléments constitutifs de la grille "
        "financière annexée au CPOM.")
    m.h3(f"{n}.3.1 Principes de détermination de la compensation financière définitive")
    m.p("Le Département détermine annuellement le montant de la compensation définitive versée "
        "en appliquant la démarche suivante :")
    numero(m, 1, "Vérification du montant total décaissé (net des OSP)")
    sous_puce(m, "Audit de la justification et de l’éligibilité des dépenses et recettes en "
                 "atténuation présentées dans les grilles")
    numero(m, 2, "Vérification du nombre d’heures réalisées")
    numero(m, 3, "Calcul des réfactions éventuelles")
    sous_puce(m, "Dépassement du prix de revient net : Calcul = (coût de revient – prix de "
                 "revient) x nombre d’heures facturées")
    sous_puce(m, "Dépassement des heures improductives : Calcul = % dépassement du seuil x masse "
                 "salariale des intervenants")
    sous_puce(m, "Dépassement du taux administratif : Calcul = % dépassement du seuil x masse "
                 "salariale des administratifs")
    numero(m, 4, "Ajout des compensations pour Obligations de Service Public spécifiques")
    sous_puce(m, "Déplacements éloignés (milieu rural et km > 5 km)")
    sous_puce(m, "Majorations soir, dimanche et jours fériés")
    numero(m, 5, "Solde = montant décaissé – réfactions + compensation des OSP")
    m.p("L’ensemble de ces vérifications sera établi à partir du budget initialement transmis "
        "par le co-signataire, et annexé au présent contrat.")
    m.p("Par ailleurs, lors du calcul de la compensation financière définitive, dans le cas où "
        "le service respecte le prix de revient fixé dans la compensation initiale, le "
        "Département se laisse la possibilité, à l’issue du dialogue de gestion annuel, de ne "
        "pas appliquer de réfaction sur les indicateurs de bonne gestion dégradés par rapport au "
        "contrat et précisés ci-dessus.")
    m.p("En outre, le Département s’engage à ne pas appliquer de double réfaction dans la "
        "situation où le coût de revient et les ratios de gestion, fixés par le présent contrat, "
        "sont dépassés. Dans ce cas, la réfaction s’applique exclusivement sur le dépassement du "
        "coût de revient.")
    m.p("Enfin, conformément à l’article 6 du présent contrat, le Département pourra minorer la "
        "juste compensation de pénalités pour non-respect partiel des obligations de service "
        "public ; elles s’appliqueront sur la demande de solde.")
    m.p("Pour répondre aux composantes des formules suivantes, le co-signataire aura recours aux "
        "outils TéléBudget et TéléCA.")
    m.p("Définition des composantes de la formule de calcul de la compensation", gras=True)
    indicateur(m, "Taux d’heures improductives :", IMPRODUCTIVES, SEUIL_IMPRODUCTIVES)
    indicateur(m, "Taux administratif :", ADMINISTRATIF, SEUIL_ADMINISTRATIF)
    indicateur(m, "Prix de revient sur le BP prévisionnel :", [
        "Définition : coût horaire prévisionnel ;",
        "Calcul : dépenses nettes prévisionnelles / nombre d’heures prévisionnelles ;",
        "Sources : Annexe financière, charges et produits d’exploitation ;",
    ])
    indicateur(m, "Coût de revient sur le CA proposé :", [
        "Définition : coût horaire réel ;",
        "Calcul : dépenses nettes proposées / nombre d’heures réalisées proposées ;",
        "Sources : cadre normalisé, charges et produits d’exploitation, télégestion",
    ])
    m.puce("Liste complémentaire")
    indicateur(m, "Taux de qualification :", [
        "Définition : taux de DEAVS-DEAES / total intervenants",
        "Calcul : Nombre ETP DEAVS-DEAES / nombre ETP intervention",
        "Source : Paie SAAD",
    ])
    indicateur(m, "Coût de structure hors km", [
        "Définition : coût de structure hors km",
        "Calcul : (Groupe 1 + Groupe 3 + Masse salariale du personnel hors intervention minoré "
        "des indemnités km)",
        "Source : cadre normalisé, charges et produits d’exploitation",
    ])
    indicateur(m, "Ancienneté moyenne des intervenantes", [
        "Définition : Ancienneté moyenne (dans la profession) des intervenantes à domicile",
        "Calcul : Année en cours – Année d’entrée dans la profession",
        "Source : Déclaratif.",
    ])
    indicateur(m, "Frais kilométriques :", [
        "Définition : frais kilométriques remboursés aux intervenants à domicile",
        "Calcul : nombre de kilomètres remboursés dépassant un seuil par trajet (5km) x tarif "
        "kilométrique",
        "Sources : rubrique de Paie et télégestion",
    ])
    indicateur(m, "Majoration des heures soirs/dimanches/jours fériés :", [
        "Définition : surcoût rémunéré des heures d’intervention effectuées les soirs, "
        "dimanches et jours fériés",
        "Calcul : majoration salariale des heures concernées",
        "Source : rubriques de Paie",
    ])

    m.h3(f"{n}.3.2 Fixation de la dotation annuelle de base")
    m.p(f"{n}.3.2.1 Règles de fixation", gras=True)
    m.p("Le montant de base de la dotation résulte :")
    m.puce("Du nombre prévisionnel d’heures d’aide à domicile réalisées pour le public autorisé "
           "pour la période concernée,")
    m.puce("Multiplié par le prix de revient dans le respect du tarif plafond fixé à "
           "{{ tarification.tarif_plafond|texte }} €.")
    sous_puce(m, "Ce prix de revient tient compte de la valeur des indicateurs de bonne gestion "
                 "présentés en complément du Cadre Normalisé")
    m.puce("Diminué d’une estimation des participations des bénéficiaires, calculée par "
           "équivalence horaire pour l’APA, du forfait restant à charge des bénéficiaires pour "
           "les services ménagers aide sociale.")
    m.p("Pour l’exercice {{ synthese_financiere.exercice }}, sur la base de la grille financière "
        "de l’annexe 2 : {{ calcul.synthese.heures|nombre }} heures × "
        "{{ calcul.synthese.prix_retenu|montant }} − "
        "{{ calcul.synthese.participations|montant }} de participations des bénéficiaires = "
        "{{ calcul.synthese.dotation_base|montant }}.")
    m.p(f"{n}.3.2.2 Révision annuelle de la dotation", gras=True)
    m.p("Un taux directeur éventuel pourra être attribué dans le cadre de la délibération "
        "budgétaire « objectif annuel d’évolution des dépenses (OAED) » du Département.")
    m.p("Le co-signataire peut, en cours d’exercice budgétaire, procéder librement à des "
        "virements de crédits au sein et entre groupes fonctionnels. Ces virements de crédits ne "
        "pourront être effectifs que dans le respect des différents agréments et/ou "
        "autorisations. Il peut également, par virements de crédits et/ou décisions "
        "modificatives, avant détermination des résultats, procéder aux provisionnements les "
        "plus pertinents pour réaliser les objectifs du contrat, lisser les éventuels surcoûts "
        "ou assurer le retour à un équilibre structurel.")

    m.h3(f"{n}.3.3 Modalités de versement des fonds")
    m.p("Le paiement sera effectué sur le compte correspondant au relevé bancaire remis par le "
        "co-signataire. Celui-ci a la charge d’informer en temps et heure le Département de tout "
        "changement de références bancaires.")
    m.p("La compensation financière sera versée au co-signataire de la manière suivante :")
    m.puce("Un versement mensuel sur facture (au réel) au tarif de référence départemental pour "
           "l’APA et au tarif annuel applicable pour les heures PCH et aide-ménagère diminué de "
           "la participation du bénéficiaire pour cette dernière.")
    m.puce("Un versement par dotation à hauteur de 80% du calcul de la compensation des OSP et "
           "le cas échéant du paiement dit différentiel via un arrêté pris chaque année par les "
           "services du Département. Ce versement sera effectif dès la signature du contrat puis "
           "au mois de janvier des années suivantes.")
    m.puce("Les 20% restant au titre du calcul de la compensation des OSP et du paiement "
           "différentiel seront régularisés, sur la base des éléments transmis au 30 avril de "
           "l’année N+1, et contrôlés à l’issue du dialogue de gestion.")
    m.p("Pour l’exercice {{ synthese_financiere.exercice }}, la compensation des OSP "
        "({{ calcul.synthese.osp|montant }}) et le paiement différentiel "
        "({{ calcul.synthese.differentiel|montant }} par heure, soit "
        "{{ calcul.synthese.paiement_differentiel|montant }}) s’élèvent à "
        "{{ calcul.synthese.dotation_osp_differentiel|montant }} : un versement par dotation de "
        "{{ calcul.synthese.acompte|montant }} (80 %) et une régularisation de "
        "{{ calcul.synthese.solde|montant }} (20 %).")
    m.p("Lors de l’analyse annuelle du bilan financier (attendu au plus tard pour le 30 avril de "
        "l’année N+1), le Département émettra un mandat de solde à hauteur de l’écart éventuel "
        "entre la compensation définitive (comprenant le prix de revient, la réfaction "
        f"éventuelle des indicateurs de bonne gestion, la compensation des OSP et le calcul du "
        "différentiel le cas échéant) et les versements réalisés. Ce mandat est consécutif de "
        "la réalisation par le Département du « rapport de juste compensation » qui par "
        f"ailleurs fait l’objet d’un échange présenté au point {A['suivi']}.3 du présent CPOM.")


def article_9_4(m: Modele, n: str) -> None:
    m.h2(f"{n}.4 DEFINITION ET COMPTABILISATION DES HEURES")
    m.p("La comptabilisation des heures est un enjeu essentiel du CPOM.")
    m.p("Ainsi, à la remise de chaque bilan annuel, le co-signataire remet au Département un état "
        "de la réalisation des heures d’intervention ainsi que l’ensemble des éléments "
        "permettant de justifier de leur réalisation effective.")
    m.p("Ces éléments, issus obligatoirement de la télégestion, seront nécessaires à la "
        "détermination de la compensation définitive versée au service. Il appartient donc au "
        "co-signataire de s’assurer du bon déroulement de la transmission des données dans la "
        "plateforme du Département via le système de télégestion du service. Ces données "
        "devront être disponibles sur la plateforme de télégestion pour le mois M au 20 du mois "
        "suivant.")


def articles_10_a_17(m: Modele) -> None:
    m.h1(f"{A['sous_traitance']} La sous-traitance")
    m.p("Les prestations d’aide confiées au co-signataire ne doivent pas faire l’objet d’une "
        "sous-traitance. Par dérogation, des conventions de sous-traitance peuvent être mises en "
        "œuvre sous réserve de l’accord préalable du Département.")
    m.p("Toute intervention sous-traitée non autorisée et constatée par le Département fera "
        "l’objet d’une pénalité de {{ contrat.penalite_sous_traitance|texte }} € par émission "
        "d’un titre de recettes ou d’une résiliation du présent CPOM en cas de multiples "
        "pénalités.")

    s = A["suivi"]
    m.h1(f"{s} Le suivi, le bilan et l’évaluation")
    m.p("Le suivi du CPOM aura lieu dans le cadre d’un dialogue de gestion annuel.")
    m.h2(f"{s}.1 DOCUMENTS A TRANSMETTRE DANS LE CADRE DE LA PROCEDURE ANNUELLE")
    m.p("Les parties s’accordent à considérer que la mise en œuvre du présent CPOM permet de "
        "sortir de certaines des obligations de la tarification annuelle imposée par les textes "
        "en vigueur.")
    m.p("En ce qui concerne la procédure tarifaire et la fixation des tarifs, les parties ont "
        "arrêté les dispositions suivantes :")
    m.puce("Le CPOM au sens de l’article L313-11-1 du CASF déroge à la procédure budgétaire "
           "annuelle contradictoire et itérative prévue au II de l’article L.314-7 du CASF. Et "
           "elle est adaptée, pour tenir compte d’indicateurs de bonne gestion, conformément à "
           "la possibilité ouverte par l’article L313-11 du CASF et à l’ordonnance n° 2005-1477 "
           "du 1er décembre 2005 ;")
    m.puce("Concernant la bonne marche du CPOM, le co-signataire s’engage à transmettre "
           "annuellement (pour le 30 avril n+1) un Rapport annuel d’étape (modèle à l’annexe 5 "
           "du présent contrat) exposant le fonctionnement des activités couvertes par le CPOM "
           "et l’avancement de l’ensemble des engagements contractuels dont les « engagements "
           "qualité à atteindre » prévus au point 7.3.1.")
    m.puce("S’agissant des grilles financières, le co-signataire s’engage à communiquer pour le "
           "30 avril de l’année n+1 (via l’outil TéléCA) :")
    sous_puce(m, "Les données permettant le calcul d’indicateurs et des ratios de gestion ;")
    sous_puce(m, "Un bilan financier consolidé et un bilan financier pour chaque service du "
                 "co-signataire entrant dans le périmètre du CPOM ;")
    sous_puce(m, "Le bilan financier consolidé de la structure co-signataire.")
    m.h2(f"{s}.2 COMITE DE SUIVI ET DIALOGUE DE GESTION")
    m.p("Il est créé un comité de suivi du présent contrat, composé de la façon suivante :")
    for puce in [
        "Le Président du Département ou son représentant ;",
        "Le Directeur Autonomie du Département ou son représentant ;",
        "Le Président de la structure co-signataire ;",
        "Le Trésorier de la structure co-signataire ;",
        "Le Directeur Général de la structure co-signataire ;",
        "Le comptable de la structure co-signataire ;",
    ]:
        m.puce(puce)
    m.p("Ce comité a pour objectifs :")
    for puce in [
        "La mise en œuvre du dialogue de gestion du présent contrat d’objectifs et de moyens, "
        "via notamment la présentation au co-signataire du « rapport de juste compensation ».",
        "L’analyse du Rapport annuel d’étape, et particulièrement le suivi de la réalisation de "
        "l’activité, de la qualité des prises en charge, et de l’évolution réelle des "
        "indicateurs de bonne gestion : taux d’heures improductives et taux administratif.",
        "L’analyse des évènements majeurs susceptibles de remettre en cause gravement le montant "
        "de l’allocation globalisée annuelle ou la qualité de prise en charge des personnes.",
        "La validation de l’affectation sur le périmètre CPOM des excédents constatés.",
    ]:
        m.puce(puce)
    m.p("Ce comité se réunira au minimum une fois par an après l’analyse de la Revue d’activité "
        "annuelle par le Département.")
    m.p("Il peut aussi se réunir à l’initiative d’une des deux parties.")
    m.p("En dehors de ce comité, le Département peut déclencher des contrôles inopinés et/ou "
        "exiger des documents de suivi et d’organisation de la prestation : plannings, "
        "annexes…")
    m.h2(f"{s}.3 LE RAPPORT DE JUSTE COMPENSATION ET LE DIALOGUE DE GESTION")
    m.p("Le présent CPOM instaure un document « rapport de juste compensation » à la charge du "
        "Département et réalisé à la suite de la transmission des éléments annuels du compte "
        "administratif de l’année N-1.")
    m.p("Ce document fait l’objet d’itération avant d’être présenté au co-signataire dans le "
        f"cadre du dialogue de gestion qui est détaillé au point {s}.2.")

    m.h1(f"{A['assurances']} Les assurances")
    m.p("Chaque co-signataire est tenu de réparer les dommages aux personnes, aux biens et à "
        "l’environnement causés par le fonctionnement du service dont il a la charge.")
    m.p("Il garantit le Département contre tout recours des tiers.")
    m.p("Plus particulièrement, le co-signataire est tenu de couvrir sa responsabilité civile "
        "par les polices d’assurance appropriées dont il donne une copie au Département dans les "
        f"conditions présentées au 5ème paragraphe du point {A['assurances']}. Il certifie ainsi "
        "avoir contracté une assurance « Responsabilité civile » couvrant les dommages aux tiers "
        "résultant d’erreurs, de négligences ou de fautes commises par son personnel dans "
        "l’exercice de ses fonctions.")
    m.p("Par ailleurs, il est tenu de souscrire une assurance couvrant les dommages causés aux "
        "usagers ou du fait des usagers placés sous la responsabilité du co-signataire.")
    m.p("Dans un délai de 15 jours à compter de la notification du CPOM, à chaque "
        "renouvellement, ainsi qu’avant tout commencement d’exécution des missions de service "
        "public, le co-signataire doit transmettre au Département les attestations des "
        "assurances nécessaires.")
    m.p("Il s’engage à lui communiquer sans délai et par écrit toute modification survenue dans "
        "ces polices au cours de l’exécution du présent contrat. Une copie des contrats peut "
        "être demandée annuellement par le Département.")
    article_13(m)

    m.h1(f"{A['reprise']} Cas de reprise du co-signataire")
    m.p("Dans l’hypothèse d’une reprise par fusion ou décision de justice suite à une procédure "
        "de liquidation judiciaire, le présent contrat ne pourra faire l’objet d’un transfert au "
        "repreneur du co-signataire. Les éléments du présent contrat prendront fin à la "
        "disparition de l’entité juridique avec lequel le Département a contractualisé.")
    m.h1(f"{A['litiges']} Les litiges")
    m.p("Les parties s’efforceront de régler à l’amiable les éventuels différends sur "
        "l’interprétation ou l’exécution du présent contrat. À défaut d’accord amiable à "
        "l’expiration d’un délai de quatre mois à compter de la demande de conciliation de l’une "
        "des parties, les litiges seront soumis au Tribunal Administratif compétent.")
    m.h1(f"{A['pieces']} Les pièces constitutives du CPOM")
    m.p("Le CPOM est constitué :")
    m.puce("Du présent contrat ;")
    m.puce("De ses annexes, et notamment de l’annexe 2 synthétisant le budget et les indicateurs "
           "associés ;")
    for annexe in ["Annexe 1 : Liste des communes d’exercice de l’autorisation ;",
                   "Annexe 2 : Synthèse financière ;",
                   "Annexe 3 : Actions spécifiques menées par le co-signataire ;",
                   "Annexe 4 : Tableau des indicateurs ;",
                   "Annexe 5 : Rapport annuel d’étape (modèle)."]:
        sous_puce(m, annexe)
    m.h1(f"{A['signature']} Signature des parties")
    fait = m.p("Fait {{ calcul.fait_a }} en {{ contrat.exemplaires }} exemplaires originaux, le "
               "{{ contrat.date_signature|date_longue if contrat.date_signature else "
               "'______________________' }}.")
    fait.paragraph_format.keep_with_next = True
    table = m.tableau([], [[
        "{{ 'La Présidente' if departement.president.civilite == 'Mme' else 'Le Président' }} "
        "du Conseil Départemental de la Seine-et-Marne,\n\n\n\n\n{{ calcul.president }}",
        "Pour le Co-signataire,\n\n\n\n\n{{ calcul.representant }}\n"
        "{{ calcul.qualite_representant }}"]], largeurs=[1, 1])
    insecable(table.rows[0])


def article_13(m: Modele) -> None:
    r = A["revision"]
    m.h1(f"{r} Les modalités de révision et de résiliation")
    m.h2(f"{r}.1 REVISION DU CPOM")
    m.p("Toute révision du CPOM doit se traduire par un avenant. Un avenant permet tout "
        "ajustement nécessaire au bon fonctionnement du contrat. La traduction matérielle des "
        "ajustements issus de l’avenant peut faire alors l’objet d’un nouveau CPOM.")
    m.h2(f"{r}.2 RESILIATION POUR MOTIF D’INTERET GENERAL")
    m.p("La résiliation du CPOM pourra être prononcée par le Département, sans faute, pour motif "
        "d’intérêt général, sous réserve de la notifier au co-signataire au plus tard trois mois "
        "avant sa date effective.")
    m.h2(f"{r}.3 RESILIATION POUR FAUTE")
    m.p("Le CPOM peut faire l’objet d’une résiliation pour faute, sans pouvoir prétendre à "
        "indemnité et, le cas échéant, avec exécution des prestations aux frais et risques du "
        "co-signataire, dans les cas suivants :")
    for puce in [
        "Non-respect avéré des clauses et conditions de l’autorisation ;",
        "Sous-traitance occulte ou non-déclarée ;",
        "Action frauduleuse dans le cadre du mandatement ou des actes frauduleux portant sur la "
        "nature ou la qualité des prestations ;",
        "Inexactitudes des déclarations produites ;",
        "Non-respect des obligations de service public ;",
        "Non-respect des obligations relatives au contrôle et au suivi du Département sur les "
        "missions de service public ;",
        "Non-respect des clauses relatives aux règles de la juste compensation ;",
        "Non-respect de la législation ou de la réglementation du travail ;",
        "Incapacité à tenir ses engagements relatifs aux missions de service public dans les "
        "délais prévus et selon les modalités prévues dans le contrat d’application annuelle.",
    ]:
        m.puce(puce)
    m.p("Si le co-signataire se trouve dans un des cas énumérés ci-dessus, il est invité à "
        "présenter ses observations dans un délai de trente jours ouvrables.")
    m.p("À défaut ou si les observations sont insatisfaisantes, le présent CPOM pourra être "
        "résiliée de plein droit à l’expiration d’un délai de trente jours ouvrables suivant "
        "l’envoi d’une lettre recommandée valant mise en demeure au co-signataire.")
    m.p("Elle n’ouvre droit, pour le co-signataire concerné, à aucune indemnité.")
    m.h2(f"{r}.4 RESILIATION POUR MOTIF DE REDRESSEMENT JUDICIAIRE OU DE LIQUIDATION JUDICIAIRE")
    m.p("En cas de redressement judiciaire, le CPOM est résilié, si après mise en demeure de "
        "l’administration judiciaire, dans les conditions prévues à l’article L. 622-13 du Code "
        "de Commerce, l’administrateur judiciaire indique ne pas reprendre les obligations du "
        "co-signataire concerné.")
    m.p("En cas de liquidation judiciaire, le CPOM est résilié si, après mise en demeure du "
        "liquidateur, dans les conditions prévues à l’article L. 641-11-1 du Code de Commerce, "
        "ce dernier indique ne pas reprendre les obligations du co-signataire concerné.")
    m.p("Un bilan des créances dues au Département à la date de la résiliation sera réalisé.")
    m.p("La résiliation, si elle est prononcée, prend effet à la date de l’événement. Elle est "
        "notifiée par le Département par l’envoi d’une lettre recommandée valant mise en "
        "demeure au co-signataire concerné.")
    m.p("Elle n’ouvre droit, pour le co-signataire concerné, à aucune indemnité.")
    m.p("Dans l’hypothèse d’une reprise d’activité par un tiers, ce dernier sollicite au "
        "préalable le Département afin d’obtenir la validation de son positionnement en tant "
        "que repreneur. A l’issue un transfert de l’autorisation devra être sollicité par le "
        "repreneur auprès du Département.")
    m.h2(f"{r}.5 VERSEMENT D’INDEMNITES EN CAS DE RESILIATION")
    m.p(f"En dehors des cas prévus aux articles {r}.3 et {r}.4, lorsque la résiliation est "
        "prononcée pour motif d’intérêt général, le co-signataire peut être indemnisé, sans que "
        "cela fasse obstacle à l’exercice des actions civiles ou pénales.")
    m.p("Si le co-signataire peut y prétendre, il sera indemnisé de la part des frais et "
        "investissements éventuellement engagés pour la mise en œuvre du CPOM et strictement "
        "nécessaires à son exécution qui n’auraient pas été pris en compte dans le montant de "
        "la compensation au regard du bilan financier.")
    m.p("Pour ce faire, il doit présenter une demande écrite, dûment justifiée, dans le délai "
        "d’un mois à compter de la notification de la décision de résiliation. Le Département "
        "informera le co-signataire du montant de l’indemnisation dans un délai de deux mois à "
        "compter de la réception de la demande.")


def contrat() -> None:
    m = modele()
    parties_et_visas(m)
    articles_1_a_5(m)
    article_6(m)
    article_7(m)
    article_8(m)
    article_9(m)
    articles_10_a_17(m)
    m.sauver(SORTIE / "contrat.docx")


# --- annexes ------------------------------------------------------------------------------

def annexe_1() -> None:
    m = modele(paysage=True)
    m.titre("ANNEXE 1 : Liste des communes d’exercice de l’autorisation")
    m.p("{{ calcul.cosignataire }} : {{ calcul.communes.nombre }} commune{{ 's' if "
        "calcul.communes.nombre > 1 else '' }} couverte{{ 's' if calcul.communes.nombre > 1 "
        "else '' }} (■){{ ', parmi les communes du département' if contrat.communes_annexe_1 "
        "== 'toutes' else '' }}.", centre=True)
    entete = ["Code postal", "Communes", "Communes couvertes (à cocher)"] * 4
    cellules = []
    for k in range(4):
        cellules += [f"{{{{ ligne[{k}].code_postal }}}}", f"{{{{ ligne[{k}].nom }}}}",
                     f"{{{{ ligne[{k}].couverte|case if ligne[{k}].couverte is not none "
                     "else '' }}"]
    table = m.tableau(entete,
                    m.boucle("{%tr for ligne in calcul.communes.lignes %}", cellules),
                    largeurs=[1.0, 3.0, 1.6] * 4, taille=7.5)
    for ligne in table.rows[2:3]:  # the repeated row: check boxes centred
        for c in (2, 5, 8, 11):
            ligne.cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    m.p("Liste officielle des communes : {{ calcul.source_communes }}.", italique=True)
    m.sauver(SORTIE / "annexe-01-communes.docx")


def _ligne_detail(libelle: str, chemin: str, deduire: bool = False) -> list[str]:
    signe = "− " if deduire else ""
    return [libelle, f"{signe}{{{{ {chemin}.montant|montant }}}}",
            f"{{{{ {chemin}.detail or '' }}}}"]


GROUPES = [
    ("Détail des dépenses du Groupe 1 - Exploitation", "groupe_1", "g1", [
        ("Achats", "achats", False),
        ("Services extérieurs", "services_exterieurs", False),
        ("Autres services extérieurs", "autres_services_exterieurs", False),
        ("OSP déplacements éloignés à déduire (indemnités kms)", "osp_deplacements_eloignes",
         True)], "Total des charges du Groupe 1"),
    ("Détail des dépenses du Groupe 2 - Personnel", "groupe_2", "g2", [
        ("Rémunérations et charges", "remunerations_charges", False),
        ("Autres", "autres", False),
        ("OSP Majorations à déduire (majorations en € des Dimanches et Jours fériés)",
         "osp_majorations", True)], "Total des charges du Groupe 2"),
    ("Détail des dépenses du Groupe 3 - Charges de structure", "groupe_3", "g3", [
        ("Dépenses de structure", "depenses_structure", False),
        ("Autres charges de gestion courante", "autres_charges_gestion_courante", False),
        ("Charges financières", "charges_financieres", False),
        ("Autres - dont dotations aux amortissements", "autres_dont_amortissements", False)],
     "Total des charges du Groupe 3"),
]

RECETTES = [
    ("Recettes de groupe 1 : Ticket modérateur (reste à charge de l’usager : 734 du CASF)",
     "ticket_moderateur"),
    ("Recettes de groupe 2 : Participations forfaitaire des usagers (782 du CASF)",
     "participations_forfaitaires"),
    ("Recettes de groupe 2 : Subventions", "subventions"),
    ("Autres produits de groupe 2 (remb. IJ, Crédit d’impôts…)", "autres_produits_groupe_2"),
    ("Récupération de TVA", "recuperation_tva"),
    ("Produits financiers", "produits_financiers"),
    ("Produits exceptionnels", "produits_exceptionnels"),
    ("Autres produits de groupe 3 (fin. excep. reprise et transferts de charges)",
     "autres_produits_groupe_3"),
]


def annexe_2() -> None:
    m = modele(paysage=True)
    s = "calcul.synthese"
    m.titre("ANNEXE 2 : Synthèse financière")
    m.p("GRILLE FINANCIÈRE APA-PCH – exercice {{ synthese_financiere.exercice }}", centre=True,
        gras=True)
    m.p("Nom du Service d’aide à domicile : **{{ calcul.nom_service }}**")
    m.h2("Détails de l’offre – Eléments de volumétrie")
    v = "synthese_financiere.volumetrie"
    m.tableau(["Eléments de volumétrie", "Valeur"], [
        ["Heures réalisées", f"{{{{ {v}.heures_realisees|nombre }}}}"],
        ["ETP administratifs (Direction comprise)",
         f"{{{{ {v}.etp_administratifs|nombre(2) }}}}"],
        ["Nombre d’heures de travail payées aux intervenants",
         f"{{{{ {v}.heures_payees|nombre }}}}"],
        ["Nombre d’interventions de 30 minutes",
         f"{{{{ {v}.interventions_30_minutes|nombre }}}}"],
    ], largeurs=[5, 2], droite=(1,))
    m.h2("Ventilation par groupe de dépenses")
    m.tableau(["Ventilation par groupe de dépenses", "€", "%"], [
        ["Groupe 1 : Exploitation", f"{{{{ {s}.g1|montant }}}}",
         f"{{{{ {s}.parts.g1|pourcentage }}}}"],
        ["Groupe 2 : Personnel", f"{{{{ {s}.g2|montant }}}}",
         f"{{{{ {s}.parts.g2|pourcentage }}}}"],
        ["Groupe 3 : Structure", f"{{{{ {s}.g3|montant }}}}",
         f"{{{{ {s}.parts.g3|pourcentage }}}}"],
        ["**Dépenses totales (D = 1+2+3)**", f"**{{{{ {s}.d|montant }}}}**",
         f"{{{{ {s}.parts.d|pourcentage }}}}"],
        ["Recettes (R) TM compris", f"{{{{ {s}.r|montant }}}}",
         f"{{{{ {s}.parts.r|pourcentage }}}}"],
        ["**Compensation Départementale (C = D − R)**", f"**{{{{ {s}.c|montant }}}}**",
         f"{{{{ {s}.parts.c|pourcentage }}}}"],
        ["OSP à financer", f"{{{{ {s}.osp|montant }}}}", ""],
        ["**Compensation Départementale totale (Ct = C + OSP)**",
         f"**{{{{ {s}.ct|montant }}}}**", ""],
    ], largeurs=[6, 2.5, 1.5], droite=(1, 2))
    m.h2("Ratios économiques")
    m.tableau(["Ratios économiques", "Valeur", "Calcul"], [
        ["Tarif = Prix de revient horaire net (avec ticket modérateur, hors OSP)",
         f"{{{{ {s}.prix_de_revient|montant }}}}",
         "(C + ticket modérateur et participations des usagers) / heures réalisées"],
        ["OSP / Heure à financer", f"{{{{ {s}.osp_par_heure|montant }}}}",
         "OSP / heures réalisées"],
        ["Taux d’heures improductives", f"{{{{ {s}.taux_heures_improductives|pourcentage }}}}",
         "1 − heures réalisées / heures payées"],
        ["Taux administratif", f"{{{{ {s}.taux_administratif|nombre }}}} h / ETP",
         "heures réalisées / ETP administratifs"],
        ["Différentiel (Max {{ calcul.synthese.differentiel_max|montant }})",
         f"{{{{ {s}.differentiel|montant }}}}",
         "prix de revient horaire net − tarif de référence "
         f"({{{{ {s}.tarif_reference|montant }}}})"],
        ["Coût de revient total (avec OSP hors TM) Max "
         "{{ calcul.synthese.tarif_plafond|texte }}€",
         f"{{{{ {s}.cout_de_revient_total|montant }}}}", "Ct / heures réalisées"],
    ], largeurs=[6, 2, 5], droite=(1,))
    m.h2("Compensation et versements prévisionnels (articles "
         "{{ calcul.articles.compensation }}.3.2 et {{ calcul.articles.compensation }}.3.3)")
    m.tableau(["Élément", "Montant", "Calcul"], [
        ["Dotation annuelle de base", f"{{{{ {s}.dotation_base|montant }}}}",
         f"{{{{ {s}.heures|nombre }}}} h × {{{{ {s}.prix_retenu|montant }}}} − "
         f"{{{{ {s}.participations|montant }}}} de participations des bénéficiaires"],
        ["Factures mensuelles au tarif de référence", f"{{{{ {s}.factures|montant }}}}",
         f"{{{{ {s}.heures|nombre }}}} h × {{{{ {s}.tarif_reference|montant }}}} − "
         f"{{{{ {s}.participations|montant }}}}"],
        ["Paiement différentiel", f"{{{{ {s}.paiement_differentiel|montant }}}}",
         f"{{{{ {s}.differentiel|montant }}}} × {{{{ {s}.heures|nombre }}}} h"],
        ["Compensation des OSP", f"{{{{ {s}.osp|montant }}}}",
         "déplacements éloignés + majorations"],
        ["Dotation OSP et différentiel", f"{{{{ {s}.dotation_osp_differentiel|montant }}}}",
         "OSP + paiement différentiel"],
        ["– versement à la signature puis en janvier (80 %)", f"{{{{ {s}.acompte|montant }}}}",
         "80 % de la dotation"],
        ["– régularisation après le dialogue de gestion (20 %)", f"{{{{ {s}.solde|montant }}}}",
         "20 % de la dotation"],
        ["**Total des versements prévisionnels**", f"**{{{{ {s}.total_versements|montant }}}}**",
         "factures + dotation OSP et différentiel"],
        ["Plafond annuel des pénalités pour défaut d’OSP",
         f"{{{{ {s}.plafond_penalites|montant }}}}", "montant total prévisionnel des OSP"],
    ], largeurs=[6, 2, 5], droite=(1,))
    for titre, groupe, total, lignes, libelle_total in GROUPES:
        m.h2(titre)
        m.tableau(["Natures de dépense", "Total des charges",
                   "Détails sur les objets et modalités de calcul des dépenses"],
                  [*[_ligne_detail(libelle, f"synthese_financiere.{groupe}.{cle}", deduire)
                     for libelle, cle, deduire in lignes],
                   [f"**{libelle_total}**", f"**{{{{ {s}.{total}|montant }}}}**", ""]],
                  largeurs=[5, 2, 6], droite=(1,))
    m.h2("Détail des recettes")
    m.tableau(["Natures de recette", "Total des recettes",
               "Détails sur les objets et modalités de calcul des recettes"],
              [*[_ligne_detail(libelle, f"synthese_financiere.recettes.{cle}")
                 for libelle, cle in RECETTES],
               ["**Total des recettes en atténuation**", f"**{{{{ {s}.r|montant }}}}**", ""]],
              largeurs=[5, 2, 6], droite=(1,))
    m.sauver(SORTIE / "annexe-02-synthese-financiere.docx")


def annexe_3() -> None:
    m = modele(paysage=True)
    m.titre("ANNEXE 3 : Actions spécifiques menées par le co-signataire")
    m.p("Engagements qualité spécifiques volontaires du co-signataire (article 7.3.2) : chaque "
        "engagement fait l’objet d’une fiche action, récapitulée dans le tableau ci-dessous.")
    m.ctrl("{%p if calcul.actions %}")
    m.tableau(["N°", "Intitulé de l’action", "Objectif", "Public concerné", "Calendrier",
               "Coût estimé", "Référent", "Indicateurs de suivi (annexe 4)"],
              m.boucle("{%tr for a in calcul.actions %}",
                       ["{{ a.numero }}", "{{ a.intitule }}", "{{ a.objectif }}",
                        "{{ a.public or '—' }}", "{{ a.calendrier }}",
                        "{{ a.cout|montant if a.cout is not none else '—' }}",
                        "{{ a.referent or '—' }}",
                        "{% for i in a.indicateurs %}{{ i.libelle }}"
                        "{{ '\n' if not loop.last else '' }}{% else %}—{% endfor %}"]),
              largeurs=[0.6, 3, 3, 2, 2.5, 1.5, 2, 3], taille=8)
    m.ctrl("{%p for a in calcul.actions %}")
    m.h2("Fiche action n° {{ a.numero }} : {{ a.intitule }}")
    m.tableau([], [
        ["**Objectif**", "{{ a.objectif }}"],
        ["**Description et modalités de mise en œuvre**", "{{ a.description }}"],
        ["**Public concerné**", "{{ a.public or '—' }}"],
        ["**Moyens mobilisés**", "{{ a.moyens or '—' }}"],
        ["**Calendrier de réalisation**", "{{ a.calendrier }}"],
        ["**Coût estimé**", "{{ a.cout|montant if a.cout is not none else '—' }}"],
        ["**Référent de l’action**", "{{ a.referent or '—' }}"],
        ["**Indicateurs de suivi**",
         "{% for i in a.indicateurs %}{{ i.libelle }}{% if i.source %} (source : "
         "{{ i.source }}){% endif %}{{ '\n' if not loop.last else '' }}{% else %}—{% endfor %}"],
    ], largeurs=[2, 7], premiere_colonne_grise=True)
    m.ctrl("{%p endfor %}")
    m.ctrl("{%p else %}")
    m.p("Le co-signataire n’a pas pris d’engagement qualité volontaire à la signature du présent "
        "contrat. Un engagement pris en cours de contrat fait l’objet d’une fiche action sur le "
        "modèle suivant : objectif, description et modalités de mise en œuvre, public concerné, "
        "moyens mobilisés, calendrier de réalisation, coût estimé, référent, indicateurs de "
        "suivi.")
    m.ctrl("{%p endif %}")
    m.sauver(SORTIE / "annexe-03-actions-specifiques.docx")


def annexe_4() -> None:
    m = modele(paysage=True)
    m.logos()
    m.titre("ANNEXE 4 : Tableau des indicateurs")
    m.p("Tableau récapitulatif des indicateurs de suivi", centre=True, gras=True)
    m.ctrl("{%p if calcul.federation %}")
    m.p("La fédération remet ce tableau, complété, pour chacune des associations locales "
        "fédérées (article 8.2).", centre=True, italique=True)
    m.ctrl("{%p endif %}")
    entetes = ["n°", "Objectif stratégique - CPOM", "Libellé action - CPOM",
               "Indicateur de suivi", "Valeur N-2 ({{ calcul.annee_n_2 }})",
               "Valeur N-1 ({{ calcul.annee_n_1 }})",
               "{%tc for e in calcul.entetes_annees %}", "Valeur cible {{ e }}",
               "{%tc endfor %}", "Source de l’indicateur", "Référent"]
    groupe = ["**{{ l.numero }}**", "**{{ l.objectif }}**", "", "", "", "",
              "{%tc for v in l.cibles %}", "", "{%tc endfor %}", "", ""]
    ligne = ["{{ l.numero }}", "{{ l.objectif }}", "{{ l.action }}", "{{ l.indicateur }}",
             "{{ l.n_2 }}", "{{ l.n_1 }}", "{%tc for v in l.cibles %}", "{{ v }}",
             "{%tc endfor %}", "{{ l.source }}", "{{ l.referent }}"]
    vide = [""] * (len(ligne) - 1)
    m.tableau(entetes, [["{%tr for l in calcul.indicateurs %}", *vide],
                        ["{%tr if l.groupe %}", *vide], groupe,
                        ["{%tr else %}", *vide], ligne,
                        ["{%tr endif %}", *vide],
                        ["{%tr endfor %}", *vide]], taille=8,
            largeurs=[0.6, 2.2, 2.2, 3.4, *[1.3] * 7])
    m.sauver(SORTIE / "annexe-04-indicateurs.docx")


def annexe_5() -> None:
    m = modele()
    s = "calcul.synthese"
    m.titre("ANNEXE 5 : Rapport annuel d’étape")
    m.p("Modèle du rapport à transmettre par le co-signataire au Département pour le 30 avril de "
        f"l’année N+1 (article {A['suivi']}.1), exposant le fonctionnement des activités "
        "couvertes par le CPOM et l’avancement de l’ensemble des engagements contractuels.",
        italique=True)
    m.tableau([], [
        ["**Co-signataire**", "{{ gestionnaire.raison_sociale }}"],
        ["**Service(s)**", "{% for service in services %}{{ service.nom }}"
                           "{% if service.finess %} (FINESS {{ service.finess }}){% endif %}"
                           "{{ '\n' if not loop.last else '' }}{% endfor %}"],
        ["**Période du CPOM**", "du {{ calcul.date_effet|date_longue }} au "
                                "{{ calcul.date_fin|date_longue }}"],
        ["**Exercice rapporté (année N)**", ""],
        ["**Date de transmission**", ""],
    ], largeurs=[2, 5], premiere_colonne_grise=True)

    m.h1("1. Fonctionnement des activités couvertes par le CPOM")
    m.tableau(["Activité", "Heures prévues (BP)", "Heures réalisées", "Bénéficiaires",
               "Écart et commentaires"], [
        ["APA", "", "", "", ""],
        ["PCH", "", "", "", ""],
        ["Aide-ménagère personnes âgées", "", "", "", ""],
        ["Aide-ménagère personnes handicapées", "", "", "", ""],
        ["**Total**", f"**{{{{ {s}.heures|nombre }}}}** (exercice "
                      "{{ synthese_financiere.exercice }})", "", "", ""],
    ], largeurs=[4, 2.5, 2, 2, 4])
    m.p("Communes couvertes (annexe 1) : {{ calcul.communes.nombre }}. Communes où aucune "
        "intervention n’a été réalisée dans l’année et raisons : ")
    m.ctrl("{%p if calcul.federation %}")
    m.p("Activité par association locale fédérée (OSP n° 10, article 8.2) :", gras=True)
    m.tableau(["Association locale", "Heures réalisées", "Taux d’heures improductives",
               "Taux administratif", "Commentaires"],
              m.boucle("{%tr for a in calcul.associations %}",
                       ["{{ a.nom }}", "", "", "", ""]), largeurs=[4, 2, 2, 2, 4])
    m.ctrl("{%p endif %}")

    m.h1("2. Respect des obligations de service public (article 6)")
    m.tableau(["OSP", "Respectée", "Commentaires, carences et plan d’actions"],
              m.boucle("{%tr for o in calcul.osp %}",
                       ["{{ o.numero }}. {{ o.libelle }}", "□ oui   □ non", ""]),
              largeurs=[6, 2, 4.5], taille=8)
    m.p("Montant des OSP spécifiques : déplacements éloignés ____________ € (prévision : "
        f"{{{{ {s}.osp_deplacements|montant }}}}) ; majorations soir, dimanche et jours fériés "
        f"____________ € (prévision : {{{{ {s}.osp_majorations|montant }}}}).")

    m.h1("3. Engagements qualité à atteindre et données qualité (article 7.3.1)")
    m.tableau(["Indicateur", "Valeur N-1 ({{ calcul.annee_n_1 }})", "Cibles du contrat",
               "Valeur réalisée en N", "Commentaires"],
              m.boucle("{%tr for i in calcul.indicateurs_rapport %}",
                       ["{{ i.libelle }}", "{{ i.valeur_n_1 }}", "{{ i.cibles }}", "", ""]),
              largeurs=[4, 1.5, 3, 1.5, 3], taille=8)

    m.h1("4. Engagements qualité volontaires (article 7.3.2, annexe 3)")
    m.ctrl("{%p if calcul.actions %}")
    m.tableau(["Fiche action", "État d’avancement", "Indicateur : valeur réalisée",
               "Difficultés, ajustements"],
              m.boucle("{%tr for a in calcul.actions %}",
                       ["n° {{ a.numero }} : {{ a.intitule }}", "□ non commencée\n□ en cours\n"
                        "□ réalisée", "", ""]), largeurs=[4, 2, 3, 3], taille=8)
    m.ctrl("{%p else %}")
    m.p("Sans objet (aucun engagement volontaire à la signature).")
    m.ctrl("{%p endif %}")

    m.h1("5. Indicateurs de bonne gestion (articles 7.3.2 et "
         "{{ calcul.articles.compensation }}.3.1)")
    m.tableau(["Indicateur", "Seuil du Département", "Budget prévisionnel "
               "{{ synthese_financiere.exercice }} (annexe 2)", "Réalisé en N (CA)"], [
        ["Taux d’heures improductives (1 − heures réalisées / heures payées)",
         "{% if contrat.seuils.taux_heures_improductives_max is not none %}"
         "{{ contrat.seuils.taux_heures_improductives_max|texte }} % au plus{% else %}—"
         "{% endif %}",
         f"{{{{ {s}.taux_heures_improductives|pourcentage }}}}", ""],
        ["Taux administratif (heures réalisées / ETP administratifs)",
         "{% if contrat.seuils.taux_administratif_min is not none %}"
         "{{ contrat.seuils.taux_administratif_min|nombre }} au moins{% else %}—{% endif %}",
         f"{{{{ {s}.taux_administratif|nombre }}}}", ""],
        ["Prix de revient horaire net (avec TM, hors OSP)", "",
         f"{{{{ {s}.prix_de_revient|montant }}}}", ""],
        ["Coût de revient total (avec OSP hors TM)",
         "{{ calcul.synthese.tarif_plafond|montant }} au plus",
         f"{{{{ {s}.cout_de_revient_total|montant }}}}", ""],
        ["Différentiel par heure", "{{ calcul.synthese.differentiel_max|montant }} au plus",
         f"{{{{ {s}.differentiel|montant }}}}", ""],
    ], largeurs=[5, 2, 2.5, 2], taille=8)

    m.h1("6. Événements majeurs de l’exercice et perspectives")
    m.p("Événements susceptibles de remettre en cause le montant de la compensation ou la "
        "qualité de prise en charge, excédents constatés et proposition d’affectation, "
        "perspectives pour l’année suivante :")
    for _ in range(4):
        m.p("_" * 95)
    m.p("")
    m.p("Fait à ______________________, le ______________________")
    m.p("{{ 'La Présidente' if gestionnaire.representant_legal.civilite == 'Mme' else "
        "'Le Président' }} du co-signataire,", droite=True)
    m.sauver(SORTIE / "annexe-05-rapport-annuel.docx")


# --- fictional logos of the sample -----------------------------------------------------------

def _png(largeur: int, hauteur: int, pixel) -> bytes:
    """A minimal RGB PNG (no Pillow needed); ``pixel(x, y)`` gives (r, g, b)."""
    lignes = b"".join(b"\x00" + bytes(c for x in range(largeur) for c in pixel(x, y))
                      for y in range(hauteur))

    def bloc(type_: bytes, donnees: bytes) -> bytes:
        corps = type_ + donnees
        return struct.pack(">I", len(donnees)) + corps + struct.pack(
            ">I", zlib.crc32(corps) & 0xFFFFFFFF)

    entete = struct.pack(">IIBBBBB", largeur, hauteur, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + bloc(b"IHDR", entete)
            + bloc(b"IDAT", zlib.compress(lignes, 9)) + bloc(b"IEND", b""))


def _logo_departement(x: int, y: int) -> tuple[int, int, int]:
    """Blue field, a white wavy band (a river) and a yellow disc."""
    import math

    if (x - 190) ** 2 + (y - 35) ** 2 < 18 ** 2:
        return (242, 190, 36)
    if abs(y - 80 - 10 * math.sin(x / 18)) < 7:
        return (255, 255, 255)
    return (20, 70, 140)


def _logo_gestionnaire(x: int, y: int) -> tuple[int, int, int]:
    """Green field with two overlapping white rings (a helping hand, abstractly)."""
    for cx in (95, 145):
        r2 = (x - cx) ** 2 + (y - 60) ** 2
        if 28 ** 2 < r2 < 36 ** 2:
            return (255, 255, 255)
    return (46, 125, 80)


def logos_exemple() -> None:
    EXEMPLES.mkdir(parents=True, exist_ok=True)
    for nom, pixel in (("logo-departement.png", _logo_departement),
                       ("logo-gestionnaire.png", _logo_gestionnaire)):
        cible = EXEMPLES / nom
        if not cible.exists():
            cible.write_bytes(_png(240, 120, pixel))


if __name__ == "__main__":
    contrat()
    annexe_1()
    annexe_2()
    annexe_3()
    annexe_4()
    annexe_5()
    logos_exemple()
    print(f"Modèles écrits dans {SORTIE}")
