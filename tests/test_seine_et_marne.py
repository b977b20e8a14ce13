"""Seine-et-Marne CPOM-mandatement (seed 004): compensation formulas worked out by hand,
caps, communes of annexe 1, the federation-only article 8, rendering and command line."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from docx import Document

from domaine import referentiel
from generator import contract, variants
from generator.cli import app
from generator.compute.seine_et_marne import calculer, grille_communes, synthese
from generator.output.writing import ecrire_documents
from tests.aide import contrat_de, erreurs_de, normaliser, restes, texte_docx, valider

EXEMPLES = Path(__file__).resolve().parents[1] / "samples"
SEM = variants.trouver("seine-et-marne")
D = Decimal

# One characteristic passage of every part of seed 004 (the seed's own words).
PASSAGES_SEED = [
    "Contrat Pluriannuel d'Objectifs et de Moyens pour l'aide à domicile sur le territoire du "
    "Département de la Seine-et-Marne",
    "et agissant en exécution de son Conseil d'administration",
    "Hôtel du Département, 12 rue des Saint-Pères",
    "agissant en exécution de la délibération du Conseil départemental du 1er février 2019",
    "Vu le Traité sur le Fonctionnement de l'Union Européenne et notamment",
    "l'article 14, qui reconnaît notamment la place qu'occupent les services d'intérêt "
    "économique général",
    "l'article 106, qui précise que les entreprises chargées de la gestion de services",
    "Vu la Charte des droits fondamentaux de l'Union européenne, notamment l'article 36",
    "Vu la décision de la Commission européenne 2012/21/UE du 20 décembre 2011",
    "Vu l'encadrement communautaire 2005/C 297/04 du 28 novembre 2005",
    "Vu la directive 2005/81/CE du 28 novembre 2005",
    "Vu la Directive n°2006/123/CE du Parlement européen et du Conseil du 12 décembre 2006",
    "Vu l'arrêt « Altmark » de la Cour de Justice des Communautés européennes 280/00 du 24 "
    "juillet 2003",
    "Vu l'arrêt « BUPA » du Tribunal de Première Instance",
    "Vu l'article 72 de la Constitution",
    "notamment l'article L. 313-11 et le paragraphe II de l'article L. 314-1",
    "Vu l'Arrêté du 6 janvier 2014 modifiant l'arrêté du 30 août 2012",
    "Vu la délibération du Conseil d'Administration de la structure dénommée Fédération Aide et "
    "Présence en Brie provinoise, en date du 12 mars 2019, autorisant la signature du présent "
    "CPOM",
    "Vu la délibération n° 4/07 du Conseil départemental réuni le 1er février 2019, autorisant "
    "le Président du Conseil départemental de la Seine-et-Marne à signer le présent CPOM",
    "Il est exposé et convenu ce qui suit.",
    "1 Préambule : le choix d'un CPOM-mandatement",
    "Face à la nécessité de maitriser les dépenses publiques",
    "Ces CPOM transitoires de 2017",
    "de son article 47 instituant l'autorisation valant mandatement",
    "le Département souhaite mettre en œuvre la contractualisation au 1er avril 2019",
    "le Département érige l'aide à domicile autorisée et tarifée en Service d'Intérêt "
    "Economique Général (SIEG)",
    "Aucune zone blanche n'existe dans le cadre de ce dispositif",
    "assimilé en droit communautaire à un mandatement direct avec octroi de droits spéciaux",
    "2 Objet du CPOM", "2.1 PRINCIPES GENERAUX",
    "par voie de mandatement direct avec octroi de droits spéciaux",
    "2.2 CONTENU DES PRESTATIONS COUVERTES PAR LE CONTRAT",
    "3 La qualification du service",
    "Le co-signataire doit être en capacité permanente de justifier",
    "4 La durée d'exécution du CPOM",
    "Le CPOM est valable pour la période allant du 1er avril 2019 au 31 décembre 2022",
    "5 Les communes d'intervention",
    "Le co-signataire s'engage à couvrir les communes qu'il a désignées à l'annexe 1",
    "conformément à l'article L313-1-1 du CASF",
    "6 Les obligations de service public",
    "Les obligations de service public (OSP) constituent le cœur des exigences du CPOM.",
    "1. Le service est accessible à tout usager sans discrimination",
    "Les prestations couvrent une amplitude minimale de 10h par jour, 7 jours sur 7",
    "sur une amplitude horaire minimum de 35h par semaine",
    "Aucune période de fermeture ne pourra être envisagée",
    "la plateforme du Département SOLIS-SAD",
    "7. Le co-signataire s'engage à ne pas appliquer de surfacturation",
    "les Pôles Autonomie Territoriaux (PAT)",
    "10. Le co-signataire s'engage, lorsqu'il est fédéré",
    "11. Le coût de plusieurs OSP spécifiques sera pris en charge financièrement",
    "Déplacements éloignés (milieu rural et km >5 km)",
    "Majorations soir, dimanche et jours fériés",
    "présenter sous 1 mois ses observations et/ou un plan d'actions",
    "une pénalité de 1 000 € par défaut d'OSP constatée",
    "Les cumuls de pénalités sont plafonnés au montant total prévisionnel des OSP",
    "La sanction pour non-respect réitéré des OSP peut aller jusqu'à la résiliation pour faute",
    "7 Engagements qualité", "7.1 RESPECT DU PLAN D'AIDE",
    "Le fractionnement supplémentaire opéré par ses services",
    "7.2 ENGAGEMENTS QUALITE LIES AU CAHIER DES CHARGES NATIONAL DE L'AIDE A DOMICILE",
    "7.3 ENGAGEMENTS QUALITE SPECIFIQUE", "7.3.1 Engagements qualité spécifique commun",
    "Engagements qualité à atteindre", "Données qualité à transmettre (statistiques)",
    "7.3.2 Engagement qualité spécifique volontaire du co-signataire",
    "Chaque engagement fera l'objet d'une fiche action récapitulée dans un tableau sur le "
    "modèle à l'annexe 3 du présent contrat.",
    "les seuils des indicateurs de bonne gestion, déterminés par le Département",
    "Définition : taux d'heures improductives de revenus",
    "Calcul : 1 - nombre d'heures réalisées / nombre d'heures payées",
    "Définition : taux d'encadrement-structure",
    "Calcul : Nombre d'heures réalisées / nombre ETP administratifs",
    "7.4 ENGAGEMENTS DU DEPARTEMENT", "la plateforme « JOB 77 »",
    "8 Traitement des données des associations fédérées",
    "8.1 DESCRIPTION DU PARTAGE DE DONNEES ENTRE LES ASSOCIATIONS ET LA FEDERATION",
    "8.2 MODALITES DE REPORTING DES INFORMATIONS DES ASSOCIATIONS LOCALES FEDEREES",
    "sur le modèle de fiche indicateurs à l'annexe 4 du présent contrat",
    "9 La compensation financière",
    "dans le respect des coûts d'une « entreprise moyenne, bien gérée »",
    "9.1 LES PRINCIPES TARIFAIRES EN VIGUEUR EN SEINE-ET-MARNE",
    "s'élève à 21,60 € pour les heures réalisées au titre de l'APA",
    "vous octroie une modalité tarifaire plafonnée à 24 € par heure réalisée",
    "9.2 LES PRINCIPES FINANCIERS DE LA COMPENSATION",
    "9.2.1 Le principe de la juste compensation des coûts nets",
    "La compensation ne doit engendrer aucune surcompensation",
    "L'identification comptable du périmètre du mandatement",
    "9.2.2 Le périmètre des recettes et des dépenses pris en compte",
    "Le ticket modérateur pour l'APA",
    "9.2.3 Contrôle et mise à disposition des informations",
    "Conserver l'ensemble des pièces nécessaires à la justification pendant un délai de 10 ans",
    "9.3 DETERMINATION DE LA COMPENSATION FINANCIERE",
    "9.3.1 Principes de détermination de la compensation financière définitive",
    "Solde = montant décaissé – réfactions + compensation des OSP",
    "le Département s'engage à ne pas appliquer de double réfaction",
    "aux outils TéléBudget et TéléCA",
    "Calcul : dépenses nettes prévisionnelles / nombre d'heures prévisionnelles",
    "Calcul : Nombre ETP DEAVS-DEAES / nombre ETP intervention",
    "9.3.2 Fixation de la dotation annuelle de base", "9.3.2.1 Règles de fixation",
    "Multiplié par le prix de revient dans le respect du tarif plafond fixé à 24 €",
    "9.3.2.2 Révision annuelle de la dotation",
    "9.3.3 Modalités de versement des fonds",
    "Un versement par dotation à hauteur de 80% du calcul de la compensation des OSP",
    "Les 20% restant au titre du calcul de la compensation des OSP",
    "fait l'objet d'un échange présenté au point 11.3 du présent CPOM",
    "9.4 DEFINITION ET COMPTABILISATION DES HEURES",
    "pour le mois M au 20 du mois suivant",
    "10 La sous-traitance",
    "fera l'objet d'une pénalité de 1 000 € par émission d'un titre de recettes",
    "11 Le suivi, le bilan et l'évaluation",
    "11.1 DOCUMENTS A TRANSMETTRE DANS LE CADRE DE LA PROCEDURE ANNUELLE",
    "un Rapport annuel d'étape (modèle à l'annexe 5 du présent contrat)",
    "11.2 COMITE DE SUIVI ET DIALOGUE DE GESTION",
    "Le Directeur Autonomie du Département ou son représentant",
    "11.3 LE RAPPORT DE JUSTE COMPENSATION ET LE DIALOGUE DE GESTION",
    "dans le cadre du dialogue de gestion qui est détaillé au point 11.2",
    "12 Les assurances", "présentées au 5ème paragraphe du point 12",
    "Dans un délai de 15 jours à compter de la notification du CPOM",
    "13 Les modalités de révision et de résiliation", "13.1 REVISION DU CPOM",
    "13.2 RESILIATION POUR MOTIF D'INTERET GENERAL", "au plus tard trois mois avant",
    "13.3 RESILIATION POUR FAUTE", "Sous-traitance occulte ou non-déclarée",
    "dans un délai de trente jours ouvrables",
    "13.4 RESILIATION POUR MOTIF DE REDRESSEMENT JUDICIAIRE OU DE LIQUIDATION JUDICIAIRE",
    "l'article L. 622-13 du Code de Commerce", "l'article L. 641-11-1 du Code de Commerce",
    "13.5 VERSEMENT D'INDEMNITES EN CAS DE RESILIATION",
    "En dehors des cas prévus aux articles 13.3 et 13.4",
    "14 Cas de reprise du co-signataire", "15 Les litiges",
    "les litiges seront soumis au Tribunal Administratif compétent",
    "16 Les pièces constitutives du CPOM",
    "De ses annexes, et notamment de l'annexe 2 synthétisant le budget et les indicateurs "
    "associés",
    "17 Signature des parties", "Fait à Melun en 2 exemplaires originaux, le",
    "Pour le Co-signataire,",
    "Conseil départemental du 1er février 2019 – Annexe à la délibération n° 4/07",
    # annexe 1
    "ANNEXE 1 : Liste des communes d'exercice de l'autorisation",
    "Code postal", "Communes couvertes (à cocher)",
    # annexe 2
    "ANNEXE 2 : Synthèse financière", "GRILLE FINANCIÈRE APA-PCH",
    "Nom du Service d'aide à domicile", "Eléments de volumétrie", "Heures réalisées",
    "ETP administratifs (Direction comprise)",
    "Nombre d'heures de travail payées aux intervenants",
    "Nombre d'interventions de 30 minutes", "Ventilation par groupe de dépenses",
    "Groupe 1 : Exploitation", "Groupe 2 : Personnel", "Groupe 3 : Structure",
    "Dépenses totales (D = 1+2+3)", "Recettes (R) TM compris", "OSP à financer",
    "Ratios économiques",
    "Tarif = Prix de revient horaire net (avec ticket modérateur, hors OSP)",
    "OSP / Heure à financer", "Taux d'heures improductives", "Taux administratif",
    "Compensation Départementale totale (Ct = C + OSP)", "Différentiel (Max 2,40 €)",
    "Coût de revient total (avec OSP hors TM) Max 24€",
    "Détail des dépenses du Groupe 1 - Exploitation",
    "OSP déplacements éloignés à déduire (indemnités kms)", "Total des charges du Groupe 1",
    "Détail des dépenses du Groupe 2 - Personnel", "Rémunérations et charges",
    "OSP Majorations à déduire (majorations en € des Dimanches et Jours fériés)",
    "Détail des dépenses du Groupe 3 - Charges de structure",
    "Autres - dont dotations aux amortissements",
    "Recettes de groupe 1 : Ticket modérateur (reste à charge de l'usager : 734 du CASF)",
    "Recettes de groupe 2 : Participations forfaitaire des usagers (782 du CASF)",
    "Autres produits de groupe 2 (remb. IJ, Crédit d'impôts…)", "Récupération de TVA",
    "Autres produits de groupe 3 (fin. excep. reprise et transferts de charges)",
    "Total des recettes en atténuation",
    "Détails sur les objets et modalités de calcul des dépenses",
    "Détails sur les objets et modalités de calcul des recettes",
    # annexes 3, 4, 5
    "ANNEXE 3 : Actions spécifiques menées par le co-signataire",
    "ANNEXE 4 : Tableau des indicateurs", "Tableau récapitulatif des indicateurs de suivi",
    "Objectif stratégique - CPOM", "Libellé action - CPOM", "Indicateur de suivi",
    "Valeur N-2 (2017)", "Valeur N-1 (2018)", "Valeur cible N (2019)",
    "Valeur cible N+3 (2022)", "Source de l'indicateur", "Référent",
    "Engagements qualité à atteindre", "Indicateurs statistiques",
    "ANNEXE 5 : Rapport annuel d'étape",
]


def donnees() -> dict:
    return yaml.safe_load((EXEMPLES / "seine-et-marne.yaml").read_text(encoding="utf-8"))


def en_association(data: dict) -> dict:
    """The sample turned into a lone association (no article 8)."""
    data["gestionnaire"].update(raison_sociale="Aide et Présence du Provinois",
                                nature="association")
    data["associations_federees"] = []
    data["contrat"].pop("repartition_fonctions")
    return data


def erreurs(data: dict) -> list[str]:
    return erreurs_de(data, SEM)


def rendre(data: dict) -> dict[str, str]:
    contrat = contrat_de(data, base=EXEMPLES)
    return {f: texte_docx(b) for f, b in contract.documents(contrat).items()}


@pytest.fixture(scope="module")
def rendus() -> dict[str, str]:
    contrat = contrat_de(EXEMPLES / "seine-et-marne.yaml")
    return {f: texte_docx(b) for f, b in contract.documents(contrat).items()}


# --- compensation formulas, worked out by hand -------------------------------------------

def test_synthese_de_l_exemple_calculee_a_la_main() -> None:
    s = calculer(valider(donnees(), SEM).donnees)["calcul"]["synthese"]
    # G1 = achats 40 000 + services ext. 95 000 + autres services ext. 60 000
    #      − OSP déplacements éloignés 45 000                              = 150 000
    assert s["g1"] == D(150000)
    # G2 = rémunérations 1 960 000 + autres 25 000 − OSP majorations 35 000 = 1 950 000
    assert s["g2"] == D(1950000)
    # G3 = 180 000 + 40 000 + 8 000 + 50 000                                =   278 000
    assert s["g3"] == D(278000)
    # D = 150 000 + 1 950 000 + 278 000                                     = 2 378 000
    assert s["d"] == D(2378000)
    # R = TM 180 000 + forfaits 12 000 + subventions 25 000 + IJ 30 000 + TVA 0
    #     + financiers 2 000 + exceptionnels 1 000 + transferts 10 000       =   260 000
    assert s["r"] == D(260000)
    # C = D − R = 2 378 000 − 260 000                                       = 2 118 000
    assert s["c"] == D(2118000)
    # OSP = 45 000 + 35 000 = 80 000 ; Ct = C + OSP                         = 2 198 000
    assert (s["osp"], s["ct"]) == (D(80000), D(2198000))
    # participations des usagers P = TM 180 000 + forfaits 12 000           =   192 000
    assert s["participations"] == D(192000)
    # prix de revient horaire net (avec TM, hors OSP) = (C + P) / H
    #   = (2 118 000 + 192 000) / 100 000 h                                 = 23,10 €
    assert s["prix_de_revient"] == D("23.10")
    # OSP / heure = 80 000 / 100 000 = 0,80 € ; coût de revient total = Ct / H = 21,98 €
    assert (s["osp_par_heure"], s["cout_de_revient_total"]) == (D("0.80"), D("21.98"))
    # taux d'heures improductives = 1 − 100 000 / 125 000 = 20 % ;
    # taux administratif = 100 000 h / 8 ETP = 12 500 h par ETP
    assert (s["taux_heures_improductives"], s["taux_administratif"]) == (D("0.2"), D(12500))
    # différentiel = 23,10 − 21,60 = 1,50 € (≤ 24 − 21,60 = 2,40 €)
    assert (s["differentiel"], s["differentiel_max"]) == (D("1.50"), D("2.40"))
    # dotation de base (9.3.2.1) = 100 000 × min(23,10 ; 24) − 192 000      = 2 118 000
    assert s["dotation_base"] == D(2118000) and s["plafond_applique"] is False
    # factures mensuelles = 100 000 × 21,60 − 192 000                       = 1 968 000
    assert s["factures"] == D(1968000)
    # paiement différentiel = 1,50 × 100 000 = 150 000 ; dotation OSP + différentiel
    #   = 80 000 + 150 000 = 230 000, versée 80 % = 184 000 puis 20 % = 46 000
    assert s["paiement_differentiel"] == D(150000)
    assert (s["dotation_osp_differentiel"], s["acompte"], s["solde"]) == (
        D(230000), D(184000), D(46000))
    # les parts s'additionnent : 1 968 000 + 230 000 = 2 198 000 = Ct, sans surcompensation
    assert s["total_versements"] == s["ct"] and s["surcompensation"] == 0
    # plafond des pénalités = OSP = 80 000 €, soit 80 pénalités de 1 000 €
    assert (s["plafond_penalites"], s["nombre_max_penalites"]) == (D(80000), 80)
    # parts de D : 150 000 / 2 378 000 = 6,31 % ; 260 000 / 2 378 000 = 10,93 %
    assert round(s["parts"]["g1"] * 100, 2) == D("6.31")
    assert round(s["parts"]["r"] * 100, 2) == D("10.93")
    assert s["parts"]["d"] == 1


def _grille(heures: str, payees: str, etp: str, g1: tuple, g2: tuple, g3: tuple,
            recettes: tuple) -> dict:
    lignes = {
        "groupe_1": ("achats", "services_exterieurs", "autres_services_exterieurs",
                     "osp_deplacements_eloignes"),
        "groupe_2": ("remunerations_charges", "autres", "osp_majorations"),
        "groupe_3": ("depenses_structure", "autres_charges_gestion_courante",
                     "charges_financieres", "autres_dont_amortissements"),
        "recettes": ("ticket_moderateur", "participations_forfaitaires", "subventions",
                     "autres_produits_groupe_2", "recuperation_tva", "produits_financiers",
                     "produits_exceptionnels", "autres_produits_groupe_3"),
    }
    grille = {"volumetrie": {"heures_realisees": D(heures), "heures_payees": D(payees),
                             "etp_administratifs": D(etp), "interventions_30_minutes": 0}}
    for bloc, montants in zip(lignes, (g1, g2, g3, recettes), strict=True):
        grille[bloc] = {cle: {"montant": D(m)} for cle, m in zip(lignes[bloc], montants,
                                                                  strict=True)}
    return grille


TARIFS = {"tarif_reference": D("21.60"), "tarif_plafond": D(24), "differentiel_max": None}


def test_prix_de_revient_au_dela_du_plafond_a_la_main() -> None:
    grille = _grille("10000", "12000", "2.5",
                     ("10000", "20000", "5000", "3000"), ("230000", "4000", "2000"),
                     ("10000", "2000", "500", "3000"),
                     ("20000", "1500", "3000", "0", "0", "0", "0", "0"))
    s = synthese(grille, TARIFS, D(1000))
    # G1 = 35 000 − 3 000 = 32 000 ; G2 = 234 000 − 2 000 = 232 000 ; G3 = 15 500
    # D = 279 500 ; R = 24 500 ; C = 255 000 ; OSP = 5 000 ; Ct = 260 000
    assert (s["d"], s["r"], s["c"], s["ct"]) == (D(279500), D(24500), D(255000), D(260000))
    # prix = (255 000 + 21 500) / 10 000 = 27,65 € > 24 € : plafond appliqué
    assert s["prix_de_revient"] == D("27.65") and s["plafond_applique"] is True
    # dotation de base = 10 000 × 24 − 21 500 = 218 500
    assert s["dotation_base"] == D(218500)
    # différentiel = 27,65 − 21,60 = 6,05 € ; coût total = 260 000 / 10 000 = 26,00 €
    assert (s["differentiel"], s["cout_de_revient_total"]) == (D("6.05"), D(26))
    # improductives = 1 − 10 000 / 12 000 = 16,67 % ; administratif = 10 000 / 2,5 = 4 000
    assert round(s["taux_heures_improductives"] * 100, 2) == D("16.67")
    assert s["taux_administratif"] == D(4000)
    # 5 000 € d'OSP : au plus 5 pénalités de 1 000 €
    assert s["nombre_max_penalites"] == 5


def test_prix_sous_le_tarif_de_reference_surcompensation() -> None:
    grille = _grille("10000", "11000", "1",
                     ("5000", "5000", "5000", "1000"), ("190000", "0", "1000"),
                     ("10000", "0", "0", "0"), ("15000", "0", "0", "0", "0", "0", "0", "0"))
    s = synthese(grille, TARIFS)
    # C = (14 000 + 189 000 + 10 000) − 15 000 = 198 000 ; prix = 213 000 / 10 000 = 21,30 €
    assert (s["c"], s["prix_de_revient"]) == (D(198000), D("21.30"))
    # pas de différentiel ; factures = 10 000 × 21,60 − 15 000 = 201 000 > C de 3 000 €
    assert (s["differentiel"], s["paiement_differentiel"]) == (0, 0)
    assert (s["factures"], s["surcompensation"]) == (D(201000), D(3000))


def test_ratios_indefinis_sans_heures() -> None:
    grille = _grille("0", "0", "0", ("0",) * 4, ("0",) * 3, ("0",) * 4, ("0",) * 8)
    s = synthese(grille, TARIFS)
    for cle in ("prix_de_revient", "osp_par_heure", "taux_heures_improductives",
                "taux_administratif", "cout_de_revient_total", "differentiel", "dotation_base"):
        assert s[cle] is None, cle
    data = donnees()
    data["synthese_financiere"]["volumetrie"]["heures_realisees"] = "0"
    assert "synthese_financiere.volumetrie.heures_realisees : aucune heure réalisée : le prix " \
           "de revient horaire ne peut pas être calculé (annexe 2)" in erreurs(data)


# --- caps and rules ------------------------------------------------------------------------

def _remunerations(data: dict, ajout: int, osp: int = 0) -> None:
    """Add to the salaries, of which ``osp`` are OSP majorations (deducted again)."""
    g2 = data["synthese_financiere"]["groupe_2"]
    g2["remunerations_charges"]["montant"] = str(1960000 + ajout)
    g2["osp_majorations"]["montant"] = str(35000 + osp)


def test_plafond_de_24_euros_au_centime_pres() -> None:
    # + 202 000 € de majorations OSP (déduites du groupe 2) : C et le prix de revient ne
    # bougent pas, Ct = 2 198 000 + 202 000 = 2 400 000 → 24,00 € par heure : accepté
    data = donnees()
    _remunerations(data, 202000, osp=202000)
    assert valider(data, SEM).donnees
    # + 203 000 € : Ct = 2 401 000 → 24,01 € > 24 € : refusé, avec le calcul
    data = donnees()
    _remunerations(data, 203000, osp=203000)
    assert erreurs(data) == [
        "synthese_financiere : coût de revient total de 24,01 € par heure (Ct 2 401 000,00 € / "
        "100 000 heures réalisées) supérieur au plafond de 24,00 € (article 9.1, annexe 2)"]


def test_differentiel_de_2_40_euros_au_centime_pres() -> None:
    # + 90 000 € de salaires : prix = (2 208 000 + 192 000) / 100 000 = 24,00 € → 2,40 €
    data = donnees()
    _remunerations(data, 90000)
    assert valider(data, SEM).donnees
    # + 91 000 € : prix 24,01 € → différentiel 2,41 € > 2,40 €
    data = donnees()
    _remunerations(data, 91000)
    assert erreurs(data) == [
        "synthese_financiere : différentiel de 2,41 € par heure (prix de revient horaire net "
        "24,01 € − tarif de référence 21,60 €) supérieur au maximum de 2,40 € (annexe 2)"]


@pytest.mark.parametrize(("modifier", "attendu"), [
    (lambda d: d["contrat"].update(penalite_osp="90000"),
     "contrat.penalite_osp : pénalité de 90 000,00 € par défaut d'OSP supérieure au plafond des "
     "pénalités, le montant total prévisionnel des OSP (80 000,00 €, annexe 2) (article 6)"),
    (lambda d: d["tarification"].update(differentiel_max="3"),
     "tarification.differentiel_max : différentiel maximal de 3,00 € supérieur à l'écart entre "
     "le tarif plafond (24,00 €) et le tarif de référence (21,60 €), soit 2,40 €"),
    (lambda d: d["tarification"].update(tarif_reference="25"),
     "tarification.tarif_reference : tarif de référence de 25,00 € supérieur au tarif plafond "
     "de 24,00 € (article 9.1)"),
    (lambda d: d["contrat"].update(date_fin="2025-12-31"),
     "contrat.date_fin : durée de 81 mois : un CPOM est conclu pour cinq ans au plus "
     "(article L.313-11 du CASF)"),
    (lambda d: d["contrat"].update(date_fin="2020-03-31"),
     "contrat.date_fin : durée de 12 mois : un CPOM est conclu pour deux ans au moins "
     "(guide DGCS de la contractualisation, §3)"),
    (lambda d: d["services"][0].update(habilite_aide_sociale="non"),
     "services[0].habilite_aide_sociale : le CPOM-mandatement de Seine-et-Marne est conclu avec "
     "des services habilités à l'aide sociale (article 9.1)"),
    (lambda d: d["departement"].update(code="35"),
     "departement.code : le modèle seine-et-marne est celui du Département de Seine-et-Marne "
     "(77), pas du 35"),
    (lambda d: d["synthese_financiere"].update(exercice=2024),
     "synthese_financiere.exercice : l'exercice 2024 n'est pas une année du contrat "
     "(2019–2022)"),
    (lambda d: d["synthese_financiere"]["volumetrie"].update(heures_payees="90000"),
     "synthese_financiere.volumetrie.heures_payees : 90 000 heures payées pour 100 000 heures "
     "réalisées : le taux d'heures improductives (1 − réalisées / payées) serait négatif"),
    (lambda d: d["synthese_financiere"]["groupe_1"]["osp_deplacements_eloignes"].update(
        montant="200000"),
     "synthese_financiere.groupe_1.osp_deplacements_eloignes.montant : OSP à déduire de "
     "200 000,00 € supérieures aux charges du groupe (195 000,00 €)"),
    (lambda d: d["qualite"]["engagements"][0]["cibles"].update({2023: "55 %"}),
     "qualite.engagements[0].cibles.2023 : l'année 2023 n'est pas une année du contrat "
     "(2019–2022)"),
    (lambda d: d["gestionnaire"].pop("date_deliberation_signature"),
     "gestionnaire.date_deliberation_signature : date de la délibération du conseil "
     "d'administration autorisant la signature obligatoire (visas)"),
])
def test_regles(modifier, attendu: str) -> None:
    data = donnees()
    modifier(data)
    assert attendu in erreurs(data)


def test_avertissements_seuils_et_surcompensation() -> None:
    assert valider(donnees(), SEM).avertissements == []
    data = donnees()
    data["contrat"]["seuils"] = {"taux_heures_improductives_max": "15",
                                 "taux_administratif_min": "15000"}
    _remunerations(data, -320000)  # prix = (1 798 000 + 192 000) / 100 000 = 19,90 €
    messages = [str(a) for a in valider(data, SEM).avertissements]
    assert messages == [
        "synthese_financiere : prix de revient horaire net de 19,90 € inférieur au tarif de "
        "référence de 21,60 € : les factures au tarif de référence dépassent la compensation "
        "de 170 000,00 € (surcompensation à régulariser au rapport de juste compensation)",
        "synthese_financiere.volumetrie.heures_payees : taux d'heures improductives de 20 % "
        "au-delà du seuil de 15 % (article 7.3.2) : réfaction possible",
        "synthese_financiere.volumetrie.etp_administratifs : taux administratif de 12 500 "
        "heures par ETP en deçà du seuil de 15 000 (article 7.3.2) : réfaction possible",
    ]


# --- communes (annexe 1) ---------------------------------------------------------------------

@pytest.mark.parametrize(("commune", "attendu"), [
    ({"nom": "Rennes"}, "services[0].communes[41].nom : commune « Rennes » hors de la "
                        "Seine-et-Marne (commune du département 35) : le contrat ne couvre que "
                        "des communes du département (article 5)"),
    ({"nom": "Rennes", "code_insee": "35238"},
     "services[0].communes[41].code_insee : commune « Rennes » (35238) hors de la "
     "Seine-et-Marne (article 5, annexe 1)"),
    ({"nom": "Provin"}, "services[0].communes[41].nom : commune « Provin » inconnue en "
                        "Seine-et-Marne (COG 2026), vouliez-vous dire « Provins »"),
    ({"nom": "Melun", "code_postal": "77160"},
     "services[0].communes[41].code_postal : le code postal 77160 n'est pas celui de « Melun » "
     "(77000)"),
    ({"nom": "Melun", "code_insee": "77379"},
     "services[0].communes[41].nom : le code INSEE 77379 est celui de « Provins », pas de "
     "« Melun »"),
    ({"nom": "PROVINS"}, "services[0].communes[41] : commune « PROVINS » déjà citée "
                         "(services[0].communes[26])"),
])
def test_communes_controlees(commune: dict, attendu: str) -> None:
    data = donnees()
    data["services"][0]["communes"].append(commune)
    messages = erreurs(data)
    assert any(m.startswith(attendu) for m in messages), messages


def test_commune_d_association_hors_des_services() -> None:
    data = donnees()
    data["associations_federees"][0]["communes"].append({"nom": "Melun"})
    assert erreurs(data) == ["associations_federees[0].communes[14] : commune « Melun » absente "
                             "des communes des services (annexe 1)"]


def test_noms_tolerants() -> None:
    data = donnees()
    data["services"][0]["communes"][26] = {"nom": "provins"}  # Provins, written in lower case
    data["services"][0]["communes"][30] = {"nom": "St-Brice"}  # Saint-Brice
    assert valider(data, SEM).donnees


def test_grille_de_l_annexe_1() -> None:
    calcul = calculer(valider(donnees(), SEM).donnees)["calcul"]
    lignes = calcul["communes"]["lignes"]
    cellules = [c for ligne in lignes for c in ligne]
    officielles = referentiel.communes("77")
    # 507 communes in 2026, four per row: 127 rows, one empty cell at the end
    assert len(officielles) == 507 and len(lignes) == 127
    assert all(len(ligne) == 4 for ligne in lignes)
    assert [c["nom"] for c in cellules[:5]] == ["Achères-la-Forêt", "Amillis", "Amponville",
                                                "Andrezel", "Annet-sur-Marne"]
    assert cellules[-1] == {"code_postal": "", "nom": "", "couverte": None}
    couvertes = [c["nom"] for c in cellules if c["couverte"]]
    assert len(couvertes) == calcul["communes"]["nombre"] == 41
    assert "Provins" in couvertes and "Melun" not in couvertes
    melun = next(c for c in cellules if c["nom"] == "Melun")
    assert melun == {"code_postal": "77000", "nom": "Melun", "couverte": False}
    seules = grille_communes("77", {"77379", "77327"}, toutes=False)
    assert [[c["nom"] for c in ligne] for ligne in seules] == [["Nangis", "Provins", "", ""]]


# --- article 8: federation only -----------------------------------------------------------

def test_article_8_pour_une_federation(rendus) -> None:
    texte = normaliser(rendus["contrat.docx"])
    for attendu in ["8 Traitement des données des associations fédérées",
                    "La fédération assure la direction, la paie",
                    "Aide et Présence de la Voulzie", "Longueville, Sainte-Colombe",
                    "9 La compensation financière", "17 Signature des parties"]:
        assert normaliser(attendu) in texte, attendu
    assert "pour chacune des associations locales fédérées" in normaliser(
        rendus["annexe-04-indicateurs.docx"])


def test_pas_d_article_8_pour_une_association() -> None:
    textes = rendre(en_association(donnees()))
    texte = normaliser(textes["contrat.docx"])
    assert "associations fédérées" not in texte
    assert "8.1 DESCRIPTION" not in texte and "Aide et Présence de la Voulzie" not in texte
    # articles 9 to 17 become 8 to 16, and so do the references to them
    for attendu in ["L'association Aide et Présence du Provinois, représentée par sa "
                    "Présidente, Mme Hélène VASSEUR",
                    "8 La compensation financière", "8.1 LES PRINCIPES TARIFAIRES",
                    "8.3.3 Modalités de versement des fonds", "9 La sous-traitance",
                    "présenté au point 10.3 du présent CPOM", "détaillé au point 10.2",
                    "au 5ème paragraphe du point 11", "aux articles 12.3 et 12.4",
                    "16 Signature des parties", "présidente de l'association Aide et Présence "
                    "du Provinois"]:
        assert normaliser(attendu) in texte, attendu
    assert "17 Signature" not in texte
    assert "associations locales fédérées" not in normaliser(
        textes["annexe-04-indicateurs.docx"] + textes["annexe-05-rapport-annuel.docx"])
    assert "(articles 8.3.2 et 8.3.3)" in normaliser(textes["annexe-02-synthese-financiere.docx"])


def test_federation_et_associations_coherentes() -> None:
    data = donnees()
    data["associations_federees"] = []
    assert erreurs(data) == ["associations_federees : une fédération co-signataire liste ses "
                             "associations locales fédérées (article 8)"]
    data = donnees()
    data["gestionnaire"]["nature"] = "association"
    assert erreurs(data) == [
        "associations_federees : sans objet pour une association seule : l'article 8 ne concerne "
        "qu'une fédération (nature : federation)",
        "contrat.repartition_fonctions : sans objet pour une association seule : la répartition "
        "des fonctions (article 8.1) ne concerne qu'une fédération"]


# --- rendering -----------------------------------------------------------------------------

def test_six_documents_sans_reste_de_balise(rendus) -> None:
    assert list(rendus) == [d.fichier for d in SEM.documents] == [
        "contrat.docx", "annexe-01-communes.docx", "annexe-02-synthese-financiere.docx",
        "annexe-03-actions-specifiques.docx", "annexe-04-indicateurs.docx",
        "annexe-05-rapport-annuel.docx"]
    for fichier, texte in rendus.items():
        assert restes(texte) == [], (fichier, restes(texte))
        assert "(à compléter)" not in texte and "XXXXX" not in texte, fichier


def test_reproduit_le_seed(rendus) -> None:
    texte = normaliser("\n".join(rendus.values()))
    assert [p for p in PASSAGES_SEED if normaliser(p) not in texte] == []


def test_donnees_et_chiffres_remplis(rendus) -> None:
    contrat = normaliser(rendus["contrat.docx"])
    for attendu in [
        "La Fédération Aide et Présence en Brie provinoise, représentée par sa Présidente, "
        "Mme Hélène VASSEUR",
        "77000 Melun, représenté par le Président du Conseil départemental, M. Philippe AUBERTIN",
        "au 31 décembre 2022, soit une durée de 3 ans et 9 mois",
        "(41 communes)", "SAAD Aide et Présence en Brie provinoise (FINESS 770012342)",
        "plafonnés au montant total prévisionnel des OSP, soit 80 000,00 € pour l'exercice 2019",
        "Fiche action n° 1 : Prévention des chutes à domicile",
        "Seuil fixé par le Département : 22 % au plus",
        "Seuil fixé par le Département : 11 000 heures réalisées par ETP administratif au moins",
        "100 000 heures × 23,10 € − 192 000,00 € de participations des bénéficiaires = "
        "2 118 000,00 €",
        "le paiement différentiel (1,50 € par heure, soit 150 000,00 €) s'élèvent à "
        "230 000,00 € : un versement par dotation de 184 000,00 € (80 %) et une "
        "régularisation de 46 000,00 € (20 %)",
        "présidente de la Fédération Aide et Présence en Brie provinoise",
    ]:
        assert normaliser(attendu) in contrat, attendu
    annexe_2 = normaliser(rendus["annexe-02-synthese-financiere.docx"])
    for attendu in ["exercice 2019", "SAAD Aide et Présence en Brie provinoise",
                    "Groupe 1 : Exploitation 150 000,00 € 6,3 %",
                    "Groupe 2 : Personnel 1 950 000,00 € 82,0 %",
                    "Dépenses totales (D = 1+2+3) 2 378 000,00 € 100,0 %",
                    "Recettes (R) TM compris 260 000,00 € 10,9 %",
                    "Compensation Départementale (C = D − R) 2 118 000,00 € 89,1 %",
                    "OSP à financer 80 000,00 €",
                    "Compensation Départementale totale (Ct = C + OSP) 2 198 000,00 €",
                    "hors OSP) 23,10 €", "OSP / Heure à financer 0,80 €",
                    "Taux d'heures improductives 20,0 %", "Taux administratif 12 500 h / ETP",
                    "Différentiel (Max 2,40 €) 1,50 €", "Max 24€ 21,98 €",
                    "OSP déplacements éloignés à déduire (indemnités kms) − 45 000,00 €",
                    "Total des charges du Groupe 3 278 000,00 €",
                    "Total des recettes en atténuation 260 000,00 €",
                    "Total des versements prévisionnels 2 198 000,00 €"]:
        assert normaliser(attendu) in annexe_2.replace("\n", " "), attendu
    annexe_1 = rendus["annexe-01-communes.docx"]
    assert annexe_1.count("■") == 41 + 1  # 41 communes, and the legend
    assert annexe_1.count("□") == 507 - 41
    annexe_4 = normaliser(rendus["annexe-04-indicateurs.docx"])
    assert normaliser("Taux de qualification (ETP DEAVS-DEAES / ETP intervention) 38 % 41 % "
                      "43 % 46 % 48 % 50 % Paie SAAD") in annexe_4
    assert "Tutorat des nouveaux intervenants" in rendus["annexe-03-actions-specifiques.docx"]
    annexe_5 = normaliser(rendus["annexe-05-rapport-annuel.docx"])
    assert "2019 : 43 % ; 2020 : 46 % ; 2021 : 48 % ; 2022 : 50 %" in annexe_5
    assert "11. OSP spécifiques" in annexe_5 and "22 % au plus" in annexe_5


def test_sans_engagement_volontaire_ni_seuils() -> None:
    data = en_association(donnees())
    data["engagements_volontaires"] = []
    del data["contrat"]["seuils"]
    textes = rendre(data)
    assert "n'a pas pris d'engagement qualité volontaire" in normaliser(
        textes["contrat.docx"])
    assert "Seuil fixé" not in textes["contrat.docx"]
    assert "Sans objet (aucun engagement volontaire" in textes["annexe-05-rapport-annuel.docx"]
    for fichier, texte in textes.items():
        assert restes(texte) == [], fichier


def test_ratios_indefinis_affiches_tiret() -> None:
    data = donnees()
    data["synthese_financiere"]["volumetrie"]["etp_administratifs"] = "0"
    texte = normaliser(rendre(data)["annexe-02-synthese-financiere.docx"])
    assert "Taux administratif — h / ETP" in texte


def test_orientation_et_logos(tmp_path: Path) -> None:
    contrat = contrat_de(EXEMPLES / "seine-et-marne.yaml")
    chemins = ecrire_documents(contract.documents(contrat), tmp_path)
    paysage = {d.fichier: d.orientation == "paysage" for d in SEM.documents}
    assert [n for n, p in paysage.items() if p] == [
        "annexe-01-communes.docx", "annexe-02-synthese-financiere.docx",
        "annexe-03-actions-specifiques.docx", "annexe-04-indicateurs.docx"]
    for chemin in chemins:
        for section in Document(chemin).sections:
            largeur, hauteur = section.page_width.mm, section.page_height.mm
            assert sorted((round(largeur), round(hauteur))) == [210, 297]
            assert (largeur > hauteur) == paysage[chemin.name], chemin.name
    assert len(Document(chemins[0]).inline_shapes) == 2


# --- command line -------------------------------------------------------------------------

def test_cli_generate_ecrit_six_documents(runner, tmp_path: Path) -> None:
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "seine-et-marne.yaml"), "-o",
                                   str(tmp_path)])
    assert resultat.exit_code == 0, resultat.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [d.fichier for d in SEM.documents] + ["contrat-complet.docx"])


@pytest.mark.parametrize(("modifier", "attendu"), [
    (lambda d: d["services"][0]["communes"].append({"nom": "Rennes"}),
     "services[0].communes[41].nom : commune « Rennes » hors de la Seine-et-Marne"),
    (lambda d: _remunerations(d, 400000),
     "synthese_financiere : coût de revient total de 25,98 € par heure"),
])
def test_cli_donnees_invalides_rien_n_est_ecrit(runner, tmp_path: Path, modifier,
                                                attendu: str) -> None:
    data = donnees()
    modifier(data)
    fichier = tmp_path / "mauvais.yaml"
    fichier.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    sortie = tmp_path / "sortie"
    resultat = runner.invoke(app, ["generate", str(fichier), "-o", str(sortie)])
    assert resultat.exit_code == 2
    assert attendu in normaliser(resultat.stderr)
    assert "aucun fichier écrit" in resultat.stderr
    assert "Traceback" not in resultat.output
    assert not sortie.exists()


def test_cli_modeles_et_exemple(runner, tmp_path: Path) -> None:
    resultat = runner.invoke(app, ["templates", "check", "seine-et-marne"])
    assert resultat.exit_code == 0, resultat.output
    cible = tmp_path / "cpom.yaml"
    assert runner.invoke(app, ["sample", "seine-et-marne", "-o", str(cible)]).exit_code == 0
    assert (tmp_path / "seine-et-marne" / "logo-gestionnaire.png").is_file()
    resultat = runner.invoke(app, ["generate", str(cible), "-o", str(tmp_path / "sortie"),
                                   "--no-bundle"])
    assert resultat.exit_code == 0, resultat.output
    assert len(list((tmp_path / "sortie").glob("*.docx"))) == 6


def test_entrees_non_modifiees_par_le_calcul() -> None:
    data = valider(donnees(), SEM).donnees
    avant = copy.deepcopy(data)
    calculer(data)
    assert data == avant
