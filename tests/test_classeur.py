"""The campaign workbook is made for people (French headers, whole sheet names, drop-down
lists everywhere, no example generated), a campaign folder travels, an older workbook
still loads, and the messages of the issue name their place and the fix."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator import api
from generator.campaign import run
from generator.cli import app
from generator.load import workbook
from generator.load.layout import disposition as disposition_de
from generator.variants import trouver
from tests.aide import texte_docx
from tests.conftest import EXEMPLES, RACINE

VARIANTES = ["national", "ille-et-vilaine", "seine-et-marne"]


@pytest.mark.parametrize("variante", VARIANTES)
def test_classeur_pour_des_personnes(tmp_path: Path, variante: str) -> None:
    chemin = tmp_path / "c.xlsx"
    assert api.classeur_campagne(variante, chemin).ok
    classeur = load_workbook(chemin)
    disposition = disposition_de(trouver(variante))
    noms = {liste.chemin: liste.titre for liste in disposition.listes}
    for titre in noms.values():
        assert len(titre) <= 31 and "." not in titre and titre in classeur.sheetnames
    for feuille in classeur.worksheets:
        if feuille.title in ("Lisez-moi", "Paramètres") or feuille.sheet_state == "hidden":
            continue
        assert feuille.row_dimensions[1].hidden and feuille.freeze_panes
        entetes = [c.value for c in feuille[2] if c.value]
        chemins = [e for e in entetes if re.search(r"\b[a-z_0-9]+\.[a-z_]+", e)]
        assert entetes and not chemins, feuille.title
        assert len(set(entetes)) == len(entetes)
        listes = {str(v.sqref).split(":")[0].rstrip("0123456789"): v
                  for v in feuille.data_validations.dataValidation}
        for cellule in feuille[1]:
            noeud = None
            liste = disposition.feuille(feuille.title)
            colonnes = disposition.services if feuille.title == "Services" else \
                liste.colonnes if liste is not None else []
            noeud = next((c.noeud for c in colonnes if c.entete == cellule.value), None)
            if noeud is not None and (noeud.choix or noeud.type == "oui/non"):
                assert listes[cellule.column_letter].type == "list", cellule.value
            if noeud is not None and not noeud.choix and noeud.type in (
                    "montant (€)", "entier", "nombre"):
                assert listes[cellule.column_letter].type in ("decimal", "whole")
    parametres = classeur["Paramètres"]
    assert parametres.column_dimensions["A"].hidden
    assert parametres.data_validations.dataValidation  # oui/non and lists there too


def test_obligatoire_seulement_hors_bloc_facultatif() -> None:
    disposition = disposition_de(trouver("ille-et-vilaine"))
    colonnes = {c.entete: c for c in disposition.parametres + disposition.services}
    date = colonnes["contrat.cpom_precedent.periode"]
    assert not date.obligatoire
    assert "Obligatoire si vous remplissez « Contrat › CPOM précédent" in date.description
    gir = colonnes["diagnostic.activite.apa.gir1.heures"]
    assert "GIR 1" in gir.titre and "JJ/MM/AAAA" not in gir.description
    assert "JJ/MM/AAAA" in colonnes["contrat.date_effet"].description


def test_l_exemple_n_est_jamais_genere(tmp_path: Path) -> None:
    chemin = tmp_path / "c.xlsx"
    assert api.classeur_campagne("national", chemin).ok
    with pytest.raises(Exception) as exc:
        workbook.un_contrat(chemin)
    assert "aucun service" in str(exc.value)
    bilan = api.campagne(chemin, tmp_path / "out")
    assert bilan.bilan is None or not bilan.bilan.services


def test_campagne_deplacee_avec_ses_images(tmp_path: Path) -> None:
    source = EXEMPLES / "campagne-ille-et-vilaine.xlsx"
    ailleurs = tmp_path / "ailleurs"
    ailleurs.mkdir()
    shutil.copyfile(source, ailleurs / source.name)
    shutil.copytree(EXEMPLES / "ille-et-vilaine", ailleurs / "ille-et-vilaine")
    options = run.OptionsCampagne(bundle=False, jobs=1)
    deplace = run.executer(ailleurs / source.name, tmp_path / "s1", options)
    sur_place = run.executer(source, tmp_path / "s2", options)
    assert deplace.compte(run.GENERE) == sur_place.compte(run.GENERE) == 23
    assert [str(p) for p in deplace.erreurs] == [str(p) for p in sur_place.erreurs]
    # without the image folder: one message per missing image, at its cell; the
    # département's logo (Paramètres) once
    shutil.rmtree(ailleurs / "ille-et-vilaine")
    sans = run.executer(ailleurs / source.name, tmp_path / "s3", options)
    images = [p for p in sans.erreurs if "image introuvable" in p.message]
    logo = [p for p in images if p.lieu.feuille == "Paramètres"]
    assert len(logo) == 1 and logo[0].lieu.colonne and logo[0].lieu.ligne
    assert all(p.lieu.feuille and p.lieu.ligne and p.lieu.colonne for p in images)
    assert {p.lieu.feuille for p in images} >= {"Paramètres", "Services", "Organigrammes"}


def test_classeur_de_l_ancienne_disposition_se_charge(tmp_path: Path) -> None:
    chemin = tmp_path / "c.xlsx"
    shutil.copyfile(Path(__file__).parent / "donnees" / "campagne-disposition-1.xlsx", chemin)
    shutil.copytree(EXEMPLES / "national", tmp_path / "national")
    bilan = run.executer(chemin, tmp_path / "s", run.OptionsCampagne(bundle=False, jobs=1))
    assert len(bilan.services) == 12 and bilan.compte(run.GENERE) == 10


def test_messages_yaml_en_francais_avec_conseil(tmp_path: Path) -> None:
    deux_points = tmp_path / "a.yaml"
    deux_points.write_text("modele: national\ncontrat:\n  lieu_signature: Objet : x\n",
                           encoding="utf-8")
    (probleme,) = api.valider(deux_points).problemes
    assert probleme.lieu.ligne == 3 and "entre guillemets" in probleme.message
    tabulation = tmp_path / "b.yaml"
    tabulation.write_text("modele: national\ncontrat:\n\tlieu_signature: x\n", encoding="utf-8")
    (probleme,) = api.valider(tabulation).problemes
    assert "tabulation" in probleme.message and "espaces" in probleme.message


def test_image_manquante_nommee_par_son_champ(tmp_path: Path) -> None:
    shutil.copyfile(EXEMPLES / "ille-et-vilaine.yaml", tmp_path / "c.yaml")
    resultat = api.valider(tmp_path / "c.yaml")
    champs = {p.lieu.champ for p in resultat.erreurs}
    assert champs == {"departement.logo", "gestionnaire.logo", "organigrammes[0].image",
                      "organigrammes[1].image"}
    assert all("image introuvable" in p.message for p in resultat.erreurs)


def test_aide_en_francais(runner) -> None:
    for commande in (["--help"], ["generate", "--help"], ["templates", "check", "--help"],
                     ["bulk", "--help"]):
        resultat = runner.invoke(app, commande)
        assert resultat.exit_code == 0
        assert "Show this message" not in resultat.output
        assert "Affiche cette aide et quitte." in resultat.output
        assert "Usage:" not in resultat.output and "[required]" not in resultat.output


@pytest.mark.parametrize("commande", [
    "validate", "generate", "preview", "sample", "schema", "bulk", "bulk-template", "convert",
    "serve", "templates list", "templates show", "templates check", "templates new",
    "templates text", "comptes creer", "comptes liste", "comptes supprimer"])
def test_aide_de_chaque_commande_sans_mot_anglais(runner, commande: str) -> None:
    resultat = runner.invoke(app, [*commande.split(), "--help"])
    assert resultat.exit_code == 0, resultat.output
    anglais = re.findall(r"<(?:path|str|int|integer|float|file|dir|directory|text)>|"
                         r"\[(?:required|default)", resultat.output)
    assert not anglais, anglais


def test_erreur_d_usage_en_francais() -> None:
    sortie = subprocess.run([sys.executable, "-m", "generator.cli", "bulk", "c.xlsx", "-o",
                             "sortie", "-j", "abc"], capture_output=True, text=True, cwd=RACINE)
    assert sortie.returncode == 2
    assert "« abc » n'est pas un nombre entier" in sortie.stderr, sortie.stderr
    assert "is not a valid" not in sortie.stderr


def test_cpom_convert_meme_contrats(tmp_path: Path, runner) -> None:
    ancien = tmp_path / "ancien.xlsx"
    shutil.copyfile(Path(__file__).parent / "donnees" / "campagne-disposition-1.xlsx", ancien)
    shutil.copytree(EXEMPLES / "national", tmp_path / "national")
    options = run.OptionsCampagne(bundle=False, jobs=1)
    avant = run.executer(ancien, tmp_path / "s1", options)
    assert any("cpom convert" in p.message for p in avant.problemes)
    nouveau = tmp_path / "nouveau.xlsx"
    resultat = runner.invoke(app, ["convert", str(ancien), "-o", str(nouveau)])
    assert resultat.exit_code == 0, resultat.output
    assert runner.invoke(app, ["convert", str(ancien), "-o", str(nouveau)]).exit_code == 2
    apres = run.executer(nouveau, tmp_path / "s2", options)
    assert not any("cpom convert" in p.message for p in apres.problemes)
    assert [s.finess for s in apres.services] == [s.finess for s in avant.services]
    for service in avant.services:
        if service.statut != run.GENERE:
            continue
        for fichier in (tmp_path / "s1" / service.dossier).glob("*.docx"):
            autre = tmp_path / "s2" / service.dossier / fichier.name
            assert texte_docx(fichier) == texte_docx(autre), fichier.name


@pytest.mark.parametrize("variante", VARIANTES)
def test_chaque_champ_a_un_libelle_et_une_aide(variante: str) -> None:
    from generator.fields.libelles import presentations
    from generator.fields.tree import depuis_schema

    vues = presentations(depuis_schema(trouver(variante).schema()))
    assert len(vues) > 100
    for vue in vues:
        assert vue.entete and "_" not in vue.libelle, vue.chemin
        assert "Saisie : " in vue.description, vue.chemin


def test_sortie_rapide_garde_codes_et_sortie() -> None:
    """``cpom`` leaves without Python's teardown (``cli.sortir``): exit codes and the
    whole output through a pipe are kept."""
    def cpom(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "generator.cli", *arguments],
                              capture_output=True, text=True, cwd=RACINE)

    schema = cpom("schema", "national")
    assert schema.returncode == 0
    assert schema.stdout == api.reference_champs("national").texte
    assert cpom("validate", str(EXEMPLES / "national.yaml")).returncode == 0
    absent = cpom("validate", "absent.yaml")
    assert absent.returncode == 2 and "introuvable" in absent.stderr
