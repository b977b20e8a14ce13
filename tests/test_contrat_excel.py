"""One contract from Excel: ``cpom sample VARIANTE -o contrat.xlsx`` writes the workbook of
one contract; filled as a legal officer would (cells found by their visible French headers
only, parents chosen by their titles, never by a number), ``cpom generate`` writes the
same documents as the YAML sample with the same data."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from generator import api
from generator.campaign.workbooks import _elements, _valeur
from generator.cli import app
from generator.load.data_file import charger
from generator.load.layout import disposition as disposition_de
from generator.load.layout import vers_cellule
from generator.variants import trouver
from tests.aide import texte_docx
from tests.conftest import EXEMPLES


def _colonnes(feuille) -> dict[str, int]:
    """The visible French headers (row 2) → column number."""
    return {str(c.value): c.column for c in feuille[2] if c.value}


def _remplir_comme_un_juriste(chemin: Path, donnees: dict[str, Any], variante: str) -> None:
    """Type the data of a YAML sample into the workbook: each value under the French
    header a person reads (row 2), each child row naming its parent by its title."""
    disposition = disposition_de(trouver(variante))
    classeur = load_workbook(chemin)
    parametres = classeur["Paramètres"]
    lignes = {parametres.cell(r, 2).value: r for r in range(2, parametres.max_row + 1)}
    for colonne in disposition.parametres:
        valeur = _valeur(donnees, colonne.entete)
        if valeur is not None:
            parametres.cell(lignes[colonne.titre], 3, vers_cellule(valeur, colonne.noeud))
    services = classeur["Services"]
    entetes = _colonnes(services)
    for colonne in disposition.services:
        valeur = _valeur(donnees, colonne.entete)
        if valeur is not None:
            services.cell(4, entetes[colonne.titre], vers_cellule(valeur, colonne.noeud))
    for liste in disposition.listes:
        feuille = classeur[liste.titre]
        entetes = _colonnes(feuille)
        parent = disposition.liste(liste.parent or "")
        rattachement = next((t for t in entetes if t.startswith("Rattachée à")), None)
        for numeros, parents, element in _elements(donnees, liste.chemin):
            if liste.chemin == "services" and numeros == (1,):
                continue
            ligne = feuille.max_row + 1
            if rattachement is not None and parent is not None and parent.repere is not None:
                titre = parent.nom_de(parents[-1])  # what the drop-down shows
                feuille.cell(ligne, entetes[rattachement], vers_cellule(titre, None))
            if "N° du service dans le contrat" in entetes:
                feuille.cell(ligne, entetes["N° du service dans le contrat"], numeros[-1]
                             if liste.chemin == "services" else numeros[0])
            for colonne in liste.colonnes:
                valeur = element if colonne.entete == "valeur" else _valeur(element,
                                                                             colonne.entete)
                if valeur is not None:
                    feuille.cell(ligne, entetes[colonne.titre],
                                 vers_cellule(valeur, colonne.noeud))
    classeur.save(chemin)


@pytest.mark.parametrize("exemple", ["ille-et-vilaine", "national", "seine-et-marne"])
def test_contrat_rempli_dans_excel_memes_documents_que_le_yaml(tmp_path: Path, runner,
                                                               exemple: str) -> None:
    variante = trouver(exemple)
    source = EXEMPLES / f"{exemple}.yaml"
    shutil.copytree(EXEMPLES / variante.id, tmp_path / variante.id)
    classeur = tmp_path / "c.xlsx"
    resultat = runner.invoke(app, ["sample", exemple, "-o", str(classeur)])
    assert resultat.exit_code == 0, resultat.output
    _remplir_comme_un_juriste(classeur, charger(source), variante.id)
    valide = runner.invoke(app, ["validate", str(classeur)])
    assert valide.exit_code == 0, valide.output
    resultat = runner.invoke(app, ["generate", str(classeur), "-o", str(tmp_path / "out")])
    assert resultat.exit_code == 0, resultat.output
    reference = runner.invoke(app, ["generate", str(source), "-o", str(tmp_path / "ref")])
    assert reference.exit_code == 0, reference.output
    docx = sorted(p.name for p in (tmp_path / "ref").glob("*.docx"))
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == docx
    for nom in docx:
        assert texte_docx(tmp_path / "out" / nom) == texte_docx(tmp_path / "ref" / nom), nom


def test_lire_donnees_d_un_classeur(tmp_path: Path) -> None:
    shutil.copytree(EXEMPLES / "ille-et-vilaine", tmp_path / "ille-et-vilaine")
    classeur = tmp_path / "c.xlsx"
    assert api.ecrire_exemple("ille-et-vilaine", classeur).ok
    donnees = charger(EXEMPLES / "ille-et-vilaine.yaml")
    _remplir_comme_un_juriste(classeur, donnees, "ille-et-vilaine")
    lu = api.lire_donnees(classeur)
    assert lu.ok and lu.donnees is not None
    assert lu.donnees["service"]["finess"] == donnees["service"]["finess"]
    assert api.valider(classeur).ok
    assert api.rendre(classeur).documents


def test_erreur_d_un_contrat_excel_localisee(tmp_path: Path, runner) -> None:
    shutil.copytree(EXEMPLES / "ille-et-vilaine", tmp_path / "ille-et-vilaine")
    classeur = tmp_path / "c.xlsx"
    assert api.ecrire_exemple("ille-et-vilaine", classeur).ok
    _remplir_comme_un_juriste(classeur, charger(EXEMPLES / "ille-et-vilaine.yaml"),
                              "ille-et-vilaine")
    ouvert = load_workbook(classeur)
    services = ouvert["Services"]
    colonne = _colonnes(services)["Service › N° FINESS du service"]
    services.cell(4, colonne, "350012344")
    ouvert.save(classeur)
    resultat = runner.invoke(app, ["generate", str(classeur), "-o", str(tmp_path / "out")])
    assert resultat.exit_code == 2
    assert ("Feuille « Services », ligne 4, colonne A « Service › N° FINESS du service » : "
            "clé de contrôle invalide") in resultat.output
    assert "service.finess" not in resultat.output  # the header names the field
    assert not (tmp_path / "out").exists()


def test_plusieurs_services_renvoie_a_cpom_bulk(runner) -> None:
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "campagne-national.xlsx"),
                                   "-o", "inutile"])
    assert resultat.exit_code == 2
    assert "12 services" in resultat.output and "cpom bulk" in resultat.output


def test_exemple_non_habilite_accessible(runner, tmp_path: Path) -> None:
    resultat = runner.invoke(app, ["sample", "national-non-habilite", "-o",
                                   str(tmp_path / "nh.yaml")])
    assert resultat.exit_code == 0, resultat.output
    assert "habilite_aide_sociale: non" in (tmp_path / "nh.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "national" / "logo-departement.png").is_file()
    assert runner.invoke(app, ["validate", str(tmp_path / "nh.yaml")]).exit_code == 0
