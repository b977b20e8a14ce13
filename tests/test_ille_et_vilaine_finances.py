"""Ille-et-Vilaine annexes 8, 9 and 10: every formula against figures worked out by hand,
the annex 10 balance and the ±10 % / 7 % band, and the three templates rendered."""

from __future__ import annotations

import copy
import io
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml
from docx import Document
from marshmallow import ValidationError

from domaine.formules import ille_et_vilaine as f
from generator.authoring import lint, reference
from generator.fields.tree import depuis_schema
from generator.render import context, engine
from schemas.base import Constats
from schemas.ille_et_vilaine_finances import (
    DepensesRecettes,
    ElementsFinanciers,
    Pilotage,
    regles_finances,
)
from tests.aide import normaliser, restes, texte_docx

RACINE = Path(__file__).resolve().parents[1]
EXEMPLE = RACINE / "samples" / "ille-et-vilaine.yaml"
MODELES = RACINE / "templates" / "ille-et-vilaine"
ANNEXES = ("annexe-08-pilotage.docx", "annexe-09-elements-financiers.docx",
           "annexe-10-depenses-recettes.docx")
ANNEES = [2024, 2025, 2026, 2027, 2028]


def charger(brut: dict | None = None) -> dict:
    """The sample's financial part (or ``brut``) loaded through the three schemas."""
    brut = brut if brut is not None else yaml.safe_load(EXEMPLE.read_text(encoding="utf-8"))
    return {
        "pilotage": Pilotage().load(brut["pilotage"]),
        "elements_financiers": ElementsFinanciers().load(brut["elements_financiers"]),
        "depenses_recettes": DepensesRecettes().load(brut["depenses_recettes"]),
    }


def brut() -> dict:
    return yaml.safe_load(EXEMPLE.read_text(encoding="utf-8"))


def regles(donnees: dict) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Errors and warnings of ``regles_finances`` for a 2024–2028 contract."""
    constats = Constats()
    regles_finances(donnees, constats, ANNEES)
    return constats.erreurs, constats.avertissements


# --- annexe 8 -------------------------------------------------------------------------

EXERCICE = {
    "annee": 2024,
    "heures_apa": D(50000), "heures_apa_hors_plan": D(1000), "heures_pch": D(6000),
    "heures_am": D(2000),
    "depenses_groupe_1": D(100000), "depenses_groupe_2": D(1500000),
    "depenses_groupe_3": D(200000), "resultats_incorpores": D(-20000),
    "capitaux_permanents": D(900000), "actif_stable": D(600000),
    "actif_circulant": D(450000), "dettes_exploitation": D(380000),
    "produits_exploitation": D(2000000), "charges_exploitation": D(1950000),
    "heures_realisees": D(60000), "etp_intervention": D(40),
    "etp_encadrement_administratif": D(6),
}


def test_colonne_pilotage_a_la_main():
    c = f.colonne_pilotage(EXERCICE)
    assert c["total_heures"] == 58000  # 50 000 + 6 000 + 2 000 (hors plan d'aide à part)
    assert c["total_depenses"] == 1800000  # 100 000 + 1 500 000 + 200 000
    assert c["total_depenses_resultats"] == 1780000  # 1 800 000 − 20 000 (excédent)
    assert c["fonds_de_roulement"] == 300000  # 900 000 − 600 000
    assert c["besoin_fonds_de_roulement"] == 70000  # 450 000 − 380 000
    assert c["tresorerie"] == 230000  # 300 000 − 70 000
    assert c["marge_brute"] == 50000  # 2 000 000 − 1 950 000
    assert c["taux_marge_brute"] == D("2.5")  # 50 000 / 2 000 000 × 100
    # 60 000 h / (40 ETP × 1 820 h) = 60 000 / 72 800 = 0,8241…
    assert c["taux_heures_presentielles"] == D(60000) / D(72800)
    assert round(c["taux_heures_presentielles"], 4) == D("0.8242")
    assert c["taux_encadrement"] == 10000  # 60 000 h / 6 ETP


def test_ratios_indefinis_et_chiffres_manquants():
    c = f.colonne_pilotage({**EXERCICE, "etp_intervention": D(0),
                            "etp_encadrement_administratif": D(0),
                            "produits_exploitation": D(0), "actif_stable": None})
    assert c["taux_heures_presentielles"] is None  # 0 ETP
    assert c["taux_encadrement"] is None
    assert c["taux_marge_brute"] is None  # produits nuls
    assert c["fonds_de_roulement"] is None and c["tresorerie"] is None
    assert c["besoin_fonds_de_roulement"] == 70000
    vide = f.colonne_pilotage({})
    assert vide["total_heures"] is None and vide["total_depenses"] is None
    assert all(vide[cle] is None for cle in f.CHAMPS_PILOTAGE)
    assert f.variation(D(10), D(0)) is None and f.variation(None, D(5)) is None


def test_pilotage_colonnes_et_taux_de_variation():
    reference = {**EXERCICE, "annee": 2022}
    a2024 = {**EXERCICE, "heures_apa": D(53500), "depenses_groupe_2": D(1590000)}
    a2025 = {**EXERCICE, "annee": 2025, "heures_apa": D(0)}
    a2026 = {**EXERCICE, "annee": 2026}
    p = f.pilotage({"annee_reference": 2022, "exercices": [a2026, reference, a2024, a2025]},
                   ANNEES)
    colonnes = p["colonnes"]
    assert [c["entete"] for c in colonnes] == ["CA 2022", "2024", "2025", "2026", "2027",
                                               "2028"]
    assert colonnes[0]["reference"] and colonnes[0]["taux_variation_heures_apa"] is None
    # 2024 against the previous column, CA 2022: (53 500 − 50 000) / 50 000 = 7 %
    assert colonnes[1]["annee_precedente"] == 2022
    assert colonnes[1]["taux_variation_heures_apa"] == D("0.07")
    # G2: (1 590 000 − 1 500 000) / 1 500 000 = 6 %; G1 unchanged: 0
    assert colonnes[1]["taux_variation_groupe_2"] == D("0.06")
    assert colonnes[1]["taux_variation_groupe_1"] == 0
    # total: (1 890 000 − 1 800 000) / 1 800 000 = 5 %
    assert colonnes[1]["taux_variation_depenses"] == D("0.05")
    # with results: (1 870 000 − 1 780 000) / 1 780 000
    assert colonnes[1]["taux_variation_depenses_resultats"] == D(90000) / D(1780000)
    # 2025: 0 h → −100 %; 2026 after 0 h: undefined
    assert colonnes[2]["taux_variation_heures_apa"] == -1
    assert colonnes[3]["taux_variation_heures_apa"] is None
    # 2027 not given: every figure and rate is undefined, 2028 too
    assert colonnes[4]["heures_apa"] is None and colonnes[4]["taux_variation_groupe_1"] is None
    assert colonnes[5]["taux_variation_groupe_1"] is None


# --- annexe 9 -------------------------------------------------------------------------

def test_elements_financiers_a_la_main():
    e = f.elements_financiers(charger()["elements_financiers"], ANNEES)
    # base = (1 512 300 + 1 548 900 + 1 601 400) / 3 = 4 662 600 / 3 = 1 554 200
    assert e["base"]["moyenne"] == D("1554200.00")
    assert e["base"]["libelle"] == "2020, 2021 et 2022"
    c = {col["annee"]: col for col in e["colonnes"]}
    # F2024 = 1 554 200 × 1,005 = 1 561 971,00 (the rate applies from the first year)
    assert c[2024]["forfait"] == D("1561971.00")
    assert c[2024]["evolution"] == D("7771.00")
    # F2025 = 1 561 971 × 1,005 = 1 569 780,855 → 1 569 780,86 (cent, half-up)
    assert c[2025]["forfait"] == D("1569780.86")
    assert c[2025]["evolution"] == D("15580.86")  # F2025 − base
    # F2026 = 1 569 780,86 × 1,005 = 1 577 629,7643 → 1 577 629,76
    assert c[2026]["forfait"] == D("1577629.76")
    assert all(col["forfait_annuel"] == D("1554200.00") for col in e["colonnes"])
    # Total 1 = F + mesures intégrées: 1 561 971 + 18 500 = 1 580 471
    assert c[2024]["total_1"] == D("1580471.00")
    assert c[2027]["total_1"] == c[2027]["forfait"]  # no measures typed: 0
    # Total 2 = 96 000 + 58 000; financement global = 1 580 471 + 154 000
    assert c[2024]["total_2"] == D("154000.00")
    assert c[2024]["financement_global"] == D("1734471.00")
    # monthly APA payment: 1 580 471 / 12 = 131 705,9166…
    assert c[2024]["versement_mensuel"] == D("1580471.00") / 12
    # TOTAL column: sums over the five years
    assert e["total"]["dotation_complementaire"] == D("290000.00")  # 5 × 58 k€ (article 7.3)
    assert e["total"]["mesures_salariales_integrees"] == D("55500.00")  # 3 × 18 500
    assert e["total"]["total_1"] == sum(col["total_1"] for col in e["colonnes"])
    assert e["total"]["financement_global"] == e["total"]["total_1"] + e["total"]["total_2"]
    assert "forfait_annuel" not in e["total"] and "versement_mensuel" not in e["total"]


def test_forfait_sans_evolution_la_premiere_annee_et_taux_par_defaut():
    donnees = {"depenses_realisees": [{"annee": 2022, "montant": D(100000)}],
               "evolution_premiere_annee": False}
    c = {col["annee"]: col for col in f.elements_financiers(donnees, ANNEES)["colonnes"]}
    assert c[2024]["forfait"] == D(100000) and c[2024]["evolution"] == 0
    assert c[2025]["forfait"] == D("100500.00")  # default rate 0,50 %
    assert c[2026]["forfait"] == D("101002.50")  # 100 500 × 1,005
    # a mean that is not a whole number of cents: (100 + 100 + 101) / 3 = 100,333… → 100,33
    assert f.forfait_base([{"annee": a, "montant": D(m)} for a, m in
                           ((2020, 100), (2021, 100), (2022, 101))]) == D("100.33")
    assert f.forfait_base([]) is None
    sans_base = f.elements_financiers({}, ANNEES)
    assert sans_base["colonnes"][0]["total_1"] is None
    assert sans_base["colonnes"][0]["versement_mensuel"] is None


def test_regularisation_dotation_complementaire():
    # IV7: min(taux × heures de N, dépenses réalisées)
    assert f.regularisation_dotation(D("1.20"), D(50000), D(55000)) == D(55000)
    assert f.regularisation_dotation(D("1.20"), D(40000), D(55000)) == D("48000.00")


# --- annexe 10 ------------------------------------------------------------------------

LIGNE_10 = {
    "annee": 2025, "tarif_moyen_arrete": D("24.50"), "forfait_global": D(1000000),
    "participation_usagers_tm": D(100000), "participation_usagers_fc": D(20000),
    "recettes_payantes": D(80000), "recettes_attenuation": D(50000),
    "charges_groupe_1": D(100000), "charges_groupe_2": D(1000000),
    "charges_groupe_3": D(140000), "resultats_incorpores": D(10000), "activite": D(50000),
}


def test_bilan_annexe_10_a_la_main():
    b = f.bilan_annuel(LIGNE_10)
    # (5) = 1 000 000 + 100 000 + 20 000 + 80 000
    assert b["total_produits_tarification"] == 1200000
    assert b["total_produits"] == 1250000  # (7) = (5) + 50 000
    assert b["total_charges"] == 1250000  # 100 000 + 1 000 000 + 140 000 + 10 000 (déficit)
    assert b["verification"] == 0
    assert b["produit_par_heure"] == 25  # 1 250 000 / 50 000 h
    assert b["ecart_tarif"] == D("-0.50")  # 24,50 − 25,00
    assert not b["forfait_depuis_annexe_9"]
    sans = f.bilan_annuel({**LIGNE_10, "activite": D(0), "tarif_moyen_arrete": None})
    assert sans["produit_par_heure"] is None and sans["ecart_tarif"] is None
    # (1) absent: annex 9's Total 1 of the year
    repris = f.bilan_annuel({k: v for k, v in LIGNE_10.items() if k != "forfait_global"},
                            D(900000))
    assert repris["forfait_depuis_annexe_9"] and repris["total_produits"] == 1150000
    assert repris["verification"] == -100000


def test_exemple_equilibre_chaque_annee():
    finances = f.calculer_finances(charger(), ANNEES)
    blocs = finances["depenses_recettes"]["annees"]
    assert [b["annee"] for b in blocs] == ANNEES
    assert all(b["verification"] == 0 and b["forfait_depuis_annexe_9"] for b in blocs)
    # 2024: (7) = 1 580 471 + 182 000 + 24 500 + 204 600 + 61 800 = 2 053 371
    assert blocs[0]["total_produits"] == D("2053371.00")
    assert blocs[0]["produit_par_heure"] == D("2053371.00") / 61950  # annex 8's hours
    total_heures = [c["total_heures"] for c in finances["pilotage"]["colonnes"]]
    assert all(55000 <= h <= 65000 for h in total_heures)  # a SAD of about 60 000 h/year
    assert finances["premiere_annee"] == 2024 and finances["derniere_annee"] == 2028


# --- validation -----------------------------------------------------------------------

def test_exemple_valide_sans_avertissement():
    assert regles(charger()) == ({}, [])


def test_verification_non_nulle_est_une_erreur():
    donnees = {"annees": [{
        "annee": 2025, "forfait_global": "1000000", "participation_usagers_tm": "130000",
        "recettes_payantes": "100000", "charges_groupe_1": "100000",
        "charges_groupe_2": "1000000", "charges_groupe_3": "134567"}]}
    with pytest.raises(ValidationError) as erreur:
        DepensesRecettes().load(donnees)
    assert erreur.value.messages == {"annees[0]": [
        "Annexe 10, 2025 : total des charges 1 234 567,00 € (charges des groupes 1, 2 et 3 "
        "et résultats incorporés) ≠ total des produits (7) 1 230 000,00 € (forfait global "
        "(1), participations des usagers (2) et (3), recettes payantes (4), recettes en "
        "atténuation (6)) : écart 4 567,00 € ; corrigez l'une de ces lignes de l'année 2025"]}
    donnees["annees"][0]["charges_groupe_3"] = "130000"
    assert DepensesRecettes().load(donnees)["annees"][0]["charges_groupe_3"] == 130000


def test_verification_avec_forfait_de_l_annexe_9():
    b = brut()
    b["depenses_recettes"]["annees"][1]["charges_groupe_1"] = "124000.00"  # +100 €
    erreurs, _ = regles(charger(b))
    assert erreurs == {"depenses_recettes.annees[1]": [
        "Annexe 10, 2025 : total des charges 2 069 880,86 € (charges des groupes 1, 2 et 3 "
        "et résultats incorporés) ≠ total des produits (7) 2 069 780,86 € (forfait global "
        "(1), participations des usagers (2) et (3), recettes payantes (4), recettes en "
        "atténuation (6)) (forfait global repris du Total 1 de l'annexe 9) : écart 100,00 € ; "
        "corrigez l'une de ces lignes de l'année 2025"],
        "depenses_recettes.annees[1].charges_groupe_1": [
        "Annexe 10, 2025 : charges du groupe 1 124 000,00 €, mais 123 900,00 € en annexe 8 "
        "(pilotage.exercices[2].depenses_groupe_1) : un même chiffre ne se saisit qu'une fois"]}


def test_annees_hors_contrat_et_doublons():
    b = brut()
    b["pilotage"]["exercices"][1]["annee"] = 2023
    b["elements_financiers"]["annees"][4]["annee"] = 2029
    b["elements_financiers"]["depenses_realisees"][2]["annee"] = 2024
    b["depenses_recettes"]["annees"][4]["annee"] = 2030
    erreurs, avertissements = regles(charger(b))
    assert erreurs["pilotage.exercices[1].annee"] == [
        "l'année 2023 n'est ni l'année de référence (2022) ni une année du contrat "
        "(2024–2028)"]
    assert erreurs["elements_financiers.annees[4].annee"] == [
        "l'année 2029 n'est pas une année du contrat (2024–2028)"]
    assert "n'est pas antérieure au contrat" in \
        erreurs["elements_financiers.depenses_realisees[2].annee"][0]
    assert "l'année 2030" in erreurs["depenses_recettes.annees[4].annee"][0]
    assert ("depenses_recettes.annees", "Annexe 10 : pas de tableau pour 2028") \
        in avertissements
    b = brut()
    b["pilotage"]["annee_reference"] = 2024
    assert "doit précéder" in regles(charger(b))[0]["pilotage.annee_reference"][0]
    b = brut()
    b["depenses_recettes"]["annees"][1]["annee"] = 2024
    with pytest.raises(ValidationError) as erreur:
        DepensesRecettes().load(b["depenses_recettes"])
    assert erreur.value.messages["annees[1].annee"] == ["l'année 2024 figure deux fois"]


def sans_annexe_10(brut: dict) -> dict:
    """Annex 8 alone: annex 10 repeats its expenses (one figure, typed once)."""
    donnees = charger(brut)
    del donnees["depenses_recettes"]
    return donnees


def test_fourchette_de_variation_article_7_1():
    # 2025 → 2026 in the sample: total expenses 2 069 780,86 → 2 078 329,76 (+0,41 %).
    b = brut()
    exercice = b["pilotage"]["exercices"][3]  # 2026
    exercice["depenses_groupe_2"] = "1950000.00"  # total 2 292 300 € : +10,75 %
    _, avertissements = regles(sans_annexe_10(b))
    assert avertissements == [(
        "pilotage.exercices[3]",
        "Annexe 8, 2026 : variation des dépenses réalisées de +10,75 % par rapport à 2025 "
        "alors que les heures APA ne varient que de +1,33 % (moins de 7 %), hors de la "
        "fourchette de ±10 % de l'article 7.1 : à examiner lors du dialogue de gestion")]
    # (2 292 300 − 2 069 780,86) / 2 069 780,86 = 0,10751…; (53 500 − 52 800) / 52 800 = 0,0133
    exercice["heures_apa"] = "57000"  # +7,95 %: correlated, but still beyond 10 %
    _, avertissements = regles(sans_annexe_10(b))
    assert "pour une variation des heures APA de +7,95 %" in avertissements[0][1]
    exercice["depenses_groupe_2"] = "1900000.00"  # +8,33 %: within the band
    assert regles(sans_annexe_10(b)) == ({}, [])


# --- templates ------------------------------------------------------------------------

def contexte(donnees: dict | None = None) -> dict:
    donnees = donnees or charger()
    return context.preparer({
        **donnees,
        "gestionnaire": {"raison_sociale": "Association Brocéliande Aide à Domicile"},
        "calcul": {"finances": f.calculer_finances(donnees, ANNEES)},
    })


def rendu(annexe: str, donnees: dict | None = None) -> tuple[str, bytes]:
    octets = engine.rendre(MODELES / annexe, contexte(donnees))
    return normaliser(texte_docx(octets)), octets


@pytest.mark.parametrize("annexe", ANNEXES)
def test_modeles_sans_reste_ni_champ_inconnu(annexe):
    texte, octets = rendu(annexe)
    assert restes(texte) == []
    document = Document(io.BytesIO(octets))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape A4
    assert "Association Brocéliande Aide à Domicile" in texte
    assert "Service OARES - CPOM 2024-2028" in texte
    # every variable exists in the three schemas, gestionnaire or calcul.finances
    racine = depuis_schema(_schema_racine())
    racine.enfants["calcul"] = reference._depuis_valeur("calcul", contexte()["calcul"])
    paragraphes = lint.paragraphes(Document(str(MODELES / annexe)))
    inconnus = []
    for partie in ("corps", "en-tête"):
        source = lint._source([p for p in paragraphes if p.partie == partie])
        for chemin, texte_balise in lint._chemins(lint.environnement().parse(source)):
            if chemin[0] != "gestionnaire" and lint._verifier_chemin(racine, chemin):
                inconnus.append(texte_balise)
    assert inconnus == []
    assert lint.verifier(MODELES / annexe, None) == []


def _schema_racine():
    from schemas.base import Base, Objet

    class Racine(Base):
        pilotage = Objet(Pilotage)
        elements_financiers = Objet(ElementsFinanciers)
        depenses_recettes = Objet(DepensesRecettes)

    return Racine()


def test_annexe_8_rendue():
    texte, octets = rendu(ANNEXES[0])
    for attendu in [
        "Annexe 8 : Pilotage", "Suivi de l'activité", "Indicateurs financiers",
        "Indicateurs de suivi", "CA 2022 2024 2025 2026 2027 2028",
        "Volume d'heures APA (financées au titre des plans d'aide) 51 200 52 000 52 800",
        # (52 000 − 51 200) / 51 200 = 1,5625 % → 1,56 %
        "Taux de variation du volume d'heures APA (en référence à N-1) 1,56 % 1,54 %",
        "Total volume d'heures APA PCH AM 59 600 60 500",  # 51 200 + 6 300 + 2 100
        "Total des dépenses réalisées 2 015 500,00 € 2 065 371,00 €",
        # 920 000 − 610 000 = 310 000; 480 000 − 395 000 = 85 000; 310 000 − 85 000
        "Trésorerie = Fonds de roulement - Besoin en Fonds de roulement 225 000,00 €",
        # 61 000 / 2 046 000 × 100 = 2,98
        "(marge brute / produits d'exploitation)*100 2,98 %",
        # 60 200 / (41,2 × 1 820) = 0,8028 → 80,3 %
        "nbre ETP*1820 h 80,3 %",
        # 60 200 / 6,5 = 9 261,5 → 9 262
        "nombre d'ETP encadrants et administratifs) 9 262",
        "Taux d'absentéisme 9,2 %",
    ]:
        assert attendu in texte, attendu
    tables = Document(io.BytesIO(octets)).tables
    assert [len(t.columns) for t in tables] == [7, 7, 7]  # label + CA 2022 + 5 years
    # an undefined ratio prints « — »: no ETP in 2028
    b = brut()
    b["pilotage"]["exercices"][5]["etp_intervention"] = "0"
    texte, _ = rendu(ANNEXES[0], charger(b))
    assert "nbre ETP*1820 h 80,3 % 81,0 % 81,0 % 81,1 % 81,0 % —" in texte


def test_annexe_9_rendue():
    texte, octets = rendu(ANNEXES[1])
    for attendu in [
        "Annexe 9 : Eléments financiers", "2024 2025 2026 2027 2028 TOTAL",
        "Forfait annuel (moyenne état des dépenses réalisées 2020, 2021 et 2022) "
        "1 554 200,00 € 1 554 200,00 €",
        "Taux d'évolution (1) 0,50 % 7 771,00 € 15 580,86 €",
        "Total 1 Forfait global 1 580 471,00 € 1 588 280,86 €",
        "Dotation complémentaire * 58 000,00 € 58 000,00 € 58 000,00 € 58 000,00 € "
        "58 000,00 € 290 000,00 €",
        "Financement global 1 734 471,00 €",
        "8 725 845,03 €",  # TOTAL of the financement global
        "1 512 300,00 € 1 548 900,00 € 1 601 400,00 € 1 554 200,00 €",
        "1/12e du Total 1 Forfait global 131 705,92 €",  # 1 580 471 / 12
        "dès 2024",
    ]:
        assert attendu in texte, attendu
    assert [len(t.columns) for t in Document(io.BytesIO(octets)).tables] \
        == [7, 4, 6]


def test_annexe_10_rendue():
    texte, octets = rendu(ANNEXES[2])
    for attendu in [
        "Annexe 10 : Tableau de détermination des recettes et des dépenses-CPOM 2024-2028",
        "Tarif moyen arrêté 2024 Forfait global (1)",
        "31,50 € 1 580 471,00 € 182 000,00 € 24 500,00 € 204 600,00 € 1 991 571,00 € "
        "61 800,00 € 2 053 371,00 €",
        "121 500,00 € 1 736 271,00 € 207 600,00 € -12 000,00 € 2 053 371,00 € 61 950 "
        "33,15 € -1,65 €",  # 2 053 371 / 61 950 = 33,1456…; 31,50 − 33,1456… = −1,6456…
        "Vérification 0,00 €",
        "Tarif moyen arrêté 2028",
    ]:
        assert attendu in texte, attendu
    assert len(Document(io.BytesIO(octets)).tables) == 5  # one per year
    # no activity: the products per hour and the gap print « — »
    b = brut()
    del b["depenses_recettes"]["annees"][0]["activite"]
    texte, _ = rendu(ANNEXES[2], charger(b))
    assert "2 053 371,00 € — — —" in texte


def test_copie_profonde_de_l_exemple_inchangee():
    # calculer_finances is pure: the validated data is not modified
    donnees = charger()
    avant = copy.deepcopy(donnees)
    f.calculer_finances(donnees, ANNEES)
    assert donnees == avant
