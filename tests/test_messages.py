"""Each message of issue 14's « What was seen » names its place and the fix: a repeated
part missing from its sheet, a free text that completes a sentence, an annexe 10
imbalance (which lines make each side)."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook

from generator import api
from generator.campaign import run
from generator.load.data_file import charger
from tests.conftest import EXEMPLES


def _campagne(tmp_path: Path) -> tuple[Path, str]:
    chemin = tmp_path / "c.xlsx"
    shutil.copyfile(EXEMPLES / "campagne-ille-et-vilaine.xlsx", chemin)
    shutil.copytree(EXEMPLES / "ille-et-vilaine", tmp_path / "ille-et-vilaine")
    return chemin, str(load_workbook(chemin, read_only=True)["Services"].cell(4, 1).value)


def _retirer(chemin: Path, feuille: str, finess: str) -> None:
    classeur = load_workbook(chemin)
    lignes = classeur[feuille]
    for numero in range(lignes.max_row, 3, -1):
        if lignes.cell(numero, 1).value == finess:
            lignes.delete_rows(numero)
    classeur.save(chemin)


def test_partie_repetee_manquante_signalee_sur_sa_feuille(tmp_path: Path) -> None:
    chemin, finess = _campagne(tmp_path)
    _retirer(chemin, "Communes", finess)
    _retirer(chemin, "EPCI", finess)
    bilan = run.executer(chemin, tmp_path / "out", run.OptionsCampagne(bundle=False, jobs=1))
    (epci,) = [p for p in bilan.erreurs if p.lieu.service == finess]
    assert str(epci) == (f"Feuille « EPCI » : territoire : aucune ligne pour ce service "
                         f"(n° FINESS {finess}) dans la feuille « EPCI » (partie "
                         "obligatoire) ; ajoutez-en une")


def test_element_sans_enfant_signale_sur_sa_ligne(tmp_path: Path) -> None:
    chemin, finess = _campagne(tmp_path)
    _retirer(chemin, "Indicateurs", finess)
    _retirer(chemin, "Actions", finess)
    bilan = run.executer(chemin, tmp_path / "out", run.OptionsCampagne(bundle=False, jobs=1))
    erreurs = [p for p in bilan.erreurs if p.lieu.service == finess]
    assert erreurs and all(p.lieu.feuille == "Objectifs" and p.lieu.ligne for p in erreurs)
    assert "aucune ligne de la feuille « Actions » ne se rattache à cet élément" in \
        erreurs[0].message


def test_texte_qui_complete_une_phrase(tmp_path: Path) -> None:
    donnees = charger(EXEMPLES / "national-non-habilite.yaml")
    donnees["reste_a_charge"]["regles"] = (
        "Le service plafonne le reste à charge horaire à 4,50 € au-delà du tarif de "
        "référence, sans aucun frais annexe facturé aux bénéficiaires.")
    resultat = api.valider(donnees, base=EXEMPLES)
    (phrase,) = [p for p in resultat.avertissements if p.lieu.champ == "reste_a_charge.regles"]
    assert "« L'organisme gestionnaire s'engage à Le service plafonne le… »" in phrase.message
    assert "minuscule" in phrase.message


def test_annexe_10_dit_quelles_lignes_font_chaque_cote(tmp_path: Path) -> None:
    donnees = charger(EXEMPLES / "ille-et-vilaine.yaml")
    donnees["depenses_recettes"]["annees"][1]["charges_groupe_1"] = "124900.00"
    resultat = api.valider(donnees, base=EXEMPLES)
    (erreur,) = [p for p in resultat.erreurs
                 if p.lieu.champ == "depenses_recettes.annees[1]"]  # the balance of the year
    assert "charges des groupes 1, 2 et 3 et résultats incorporés" in erreur.message
    assert "forfait global (1)" in erreur.message and "corrigez l'une de ces lignes" in \
        erreur.message
