"""One figure, typed once (ticket 13 §3): a figure the model prints in two places comes from
one field, or a disagreement is refused with a message naming both places and both figures.
Mutated samples through ``cpom validate`` (exit code 2)."""

from __future__ import annotations

from pathlib import Path

from tests.aide import exemple
from tests.aide import valider_cli as valider

EXEMPLES = Path(__file__).resolve().parents[1] / "samples"



def test_exemples_sans_desaccord(runner, tmp_path: Path) -> None:
    for nom in ("ille-et-vilaine.yaml", "national.yaml"):
        code, sortie = valider(runner, tmp_path, exemple(nom))
        assert code == 0, sortie
        assert "ne se saisit qu'une fois" not in sortie


# --- Ille-et-Vilaine -----------------------------------------------------------------------

def test_charges_deplacees_d_un_groupe_a_l_autre_en_annexe_10(runner, tmp_path: Path) -> None:
    """50 000 € moved from group 2 to group 1 in annex 10 only: totals still balance, but
    the figures are no longer annex 8's."""
    donnees = exemple("ille-et-vilaine.yaml")
    ligne = donnees["depenses_recettes"]["annees"][0]  # 2024
    ligne["charges_groupe_1"] = "171500.00"
    ligne["charges_groupe_2"] = "1686271.00"
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2
    assert ("depenses_recettes.annees[0].charges_groupe_1 : Annexe 10, 2024 : charges du "
            "groupe 1 171 500,00 €, mais 121 500,00 € en annexe 8 "
            "(pilotage.exercices[1].depenses_groupe_1)") in sortie
    assert ("depenses_recettes.annees[0].charges_groupe_2 : Annexe 10, 2024 : charges du "
            "groupe 2 1 686 271,00 €, mais 1 736 271,00 € en annexe 8") in sortie


def test_activite_de_l_annexe_10_et_de_l_annexe_8(runner, tmp_path: Path) -> None:
    donnees = exemple("ille-et-vilaine.yaml")
    donnees["depenses_recettes"]["annees"][0]["activite"] = "63200"
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2
    assert ("depenses_recettes.annees[0].activite : Annexe 10, 2024 : activité (heures "
            "réalisées) 63 200 h, mais 61 950 h en annexe 8 "
            "(pilotage.exercices[1].heures_realisees)") in sortie


def test_heures_des_annexes_1_et_8(runner, tmp_path: Path) -> None:
    donnees = exemple("ille-et-vilaine.yaml")
    donnees["fiche_signaletique"]["activite"][0]["heures"]["apa"] = 51000
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2
    assert ("fiche_signaletique.activite[0].heures.apa : heures APA 2024 : 51 000 h en annexe 1 "
            "mais 52 000 h en annexe 8 (pilotage.exercices, heures_apa)") in sortie


def test_dotation_annuelle_article_7_3_et_annexe_9(runner, tmp_path: Path) -> None:
    donnees = exemple("ille-et-vilaine.yaml")
    donnees["elements_financiers"]["annees"][1]["dotation_complementaire"] = "60000.00"
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2
    assert ("elements_financiers.annees[1].dotation_complementaire : dotation complémentaire "
            "2025 de 60 000,00 € en annexe 9, mais montant annuel de 58 000,00 € à l'article "
            "7.3 (total des actions des objectifs 1, 2, 3 et 5, annexe 6)") in sortie


# --- national ------------------------------------------------------------------------------

def test_formule_fixe_et_tarifs_du_tableau(runner, tmp_path: Path) -> None:
    """A +1,5 % formula (R.314-40 2°) with a 30,00 € rate in 2027."""
    donnees = exemple("national.yaml")
    donnees["tarification"]["elements_financiers"][1]["tarif_horaire"] = "30.00"
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2
    assert ("tarification.elements_financiers[1].tarif_horaire : tarif horaire 2027 de 30,00 € "
            "dans le tableau, mais la formule fixe de l'article R.314-40 2° "
            "(tarification.evolution.taux : 1,5 % par an) donne 26,49 € à partir de 26,10 € "
            "en 2026") in sortie


def test_tarif_de_la_premiere_annee(runner, tmp_path: Path) -> None:
    donnees = exemple("national.yaml")
    donnees["tarification"]["tarif_horaire"] = "26.50"
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2
    assert ("tarification.elements_financiers[0].tarif_horaire : tarif horaire 2026 de 26,10 € "
            "dans le tableau des éléments financiers, mais de 26,50 € à l'article 3-1 "
            "(tarification.tarif_horaire)") in sortie


def test_autre_option_sans_formule(runner, tmp_path: Path) -> None:
    """Without a fixed formula, the yearly rates of the table are free."""
    donnees = exemple("national.yaml")
    donnees["tarification"]["evolution"] = {
        "option": "taux_oaed", "modalites": "Taux directeur voté chaque année."}
    donnees["tarification"]["elements_financiers"][1]["tarif_horaire"] = "30.00"
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 0, sortie


def test_dotation_superieure_au_cout_des_actions() -> None:
    """A warning (the dotation may finance part of the costs only), naming both figures."""
    from generator import api

    donnees = exemple("national-non-habilite.yaml")  # actions: 18 500 € + 21 000 € a year
    donnees["dotation_complementaire"]["montants"][1]["montant"] = "40000"
    resultat = api.valider(donnees, base=EXEMPLES)
    assert resultat.ok
    messages = {p.lieu.champ: p.message for p in resultat.avertissements}
    assert messages["dotation_complementaire.montants[1].montant"].startswith(
        "dotation complémentaire 2027 de 40 000,00 €, supérieure au coût des actions qu'elle "
        "finance, 39 500,00 €")
