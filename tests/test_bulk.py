"""Campaigns: the workbook layout and loader, ``cpom bulk`` and ``cpom bulk-template``.

Real workbooks (openpyxl), real documents read back, real runs of the engine; the
interruption is a KeyboardInterrupt raised by the run's own hook after k services.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from generator import variants
from generator.campaign import run, state, workbooks
from generator.cli import app
from generator.fields.tree import Noeud
from generator.load import workbook
from generator.load.data_file import charger
from generator.load.layout import depuis_cellule
from generator.load.layout import disposition as disposition_de
from generator.problems import ErreurCpom, Lieu
from tests.aide import normaliser, restes, texte_docx, valider
from tools import campagne as outil

EXEMPLES = Path(__file__).resolve().parents[1] / "samples"
NATIONAL = variants.trouver("national")
SANS_BUNDLE = run.OptionsCampagne(bundle=False, jobs=1)


def _exemples() -> list[tuple[str, str]]:
    return [(v.id, e) for v in variants.variantes() for e in v.exemples]


def _services_du_manifeste(sortie: Path) -> dict[str, list[dict[str, str]]]:
    texte = (sortie / run.MANIFESTE).read_text(encoding="utf-8-sig")
    lignes: dict[str, list[dict[str, str]]] = {}
    for ligne in csv.DictReader(io.StringIO(texte), delimiter=";"):
        lignes.setdefault(ligne["service"], []).append(ligne)
    return lignes


def _rapport(sortie: Path) -> list[dict[str, Any]]:
    feuille = load_workbook(sortie / run.RAPPORT)["Problèmes"]
    lignes = list(feuille.iter_rows(values_only=True))
    return [dict(zip(lignes[0], ligne, strict=True)) for ligne in lignes[1:]]


@pytest.fixture(scope="module")
def campagne_nationale(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Six national services, two of them wrong on purpose (bad FINESS key, no RNA)."""
    dossier = tmp_path_factory.mktemp("campagne")
    chemin = dossier / "campagne.xlsx"
    fautifs = outil.ecrire("national", 6, chemin)
    return chemin, fautifs


def _copie(source: Path, dossier: Path) -> Path:
    dossier.mkdir(parents=True, exist_ok=True)
    cible = dossier / source.name
    shutil.copyfile(source, cible)
    images = EXEMPLES / "national"
    shutil.copytree(images, dossier / "national", dirs_exist_ok=True)
    return cible


# --- layout and loader ----------------------------------------------------------------------

@pytest.mark.parametrize(("variante", "exemple"), _exemples())
def test_un_exemple_fait_l_aller_retour_par_le_classeur(tmp_path: Path, variante: str,
                                                        exemple: str) -> None:
    """Sample → workbook (built from the schema) → loader: the same validated data."""
    modele = variants.trouver(variante)
    donnees = charger(EXEMPLES / exemple)
    chemin = workbooks.ecrire_campagne(modele, tmp_path / "c.xlsx", [donnees])
    charge = workbook.charger(chemin)
    assert charge.variante.id == variante
    assert [str(p) for p in charge.problemes] == []
    (ligne,) = charge.services
    assert ligne.problemes == []
    assert valider(ligne.donnees, modele).donnees == valider(donnees, modele).donnees


def test_disposition_construite_depuis_le_schema() -> None:
    disposition = disposition_de(NATIONAL)
    parametres = {c.entete for c in disposition.parametres}
    services = [c.entete for c in disposition.services]
    assert {"modele", "departement.nom", "contrat.date_effet"} <= parametres
    assert services[:2] == ["services[0].finess", "services[0].nom"]
    assert "gestionnaire.siret" in services and "gestionnaire.siret" not in parametres
    titres = {f.chemin: f for f in disposition.listes}
    actions = titres["objectifs.generaux[].operationnels[].actions"]
    assert actions.niveaux == ("generaux", "operationnels", "actions")
    assert all(len(f.titre) <= 31 for f in disposition.listes)
    assert len({f.titre.lower() for f in disposition.listes}) == len(disposition.listes)
    indicateurs = titres["objectifs.generaux[].operationnels[].indicateurs"]
    assert "valeurs.2026" in [c.entete for c in indicateurs.colonnes]


def test_bulk_template_listes_formats_sans_exemple(tmp_path: Path, runner) -> None:
    sortie = tmp_path / "modele.xlsx"
    resultat = runner.invoke(app, ["bulk-template", "national", "-o", str(sortie)])
    assert resultat.exit_code == 0, resultat.output
    assert "seul fichier écrit" in resultat.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["modele.xlsx"]
    classeur_ = load_workbook(sortie)
    assert classeur_.sheetnames[:3] == ["Lisez-moi", "Paramètres", "Services"]
    services = classeur_["Services"]
    entetes = [c.value for c in services[1]]  # row 1, hidden: the paths, for the loader
    assert services.row_dimensions[1].hidden
    colonne = {e: i + 1 for i, e in enumerate(entetes)}
    # row 2: French headers; row 3: the help (with an example); no example row
    finess = colonne["services[0].finess"]
    assert services.cell(2, finess).value == "Services › N° FINESS de l'établissement"
    assert "Exemple : " in services.cell(3, finess).value
    assert services.max_row == 3
    assert services.column_dimensions[services.cell(1, colonne[
        "services[0].autorisation.date"]).column_letter].number_format == "DD/MM/YYYY"
    # drop-down lists for the enumerations and oui/non
    validations = {str(v.sqref): v.formula1 for v in services.data_validations.dataValidation}
    statut = services.cell(1, colonne["gestionnaire.statut"]).column_letter
    (formule,) = [f for ref, f in validations.items() if ref.startswith(f"{statut}4")]
    feuille, plage = formule.split("!")
    valeurs = [c.value for (c,) in classeur_[feuille.strip("'")][plage.replace("$", "")]]
    assert valeurs == ["association", "etablissement_public", "societe"]
    parametres = {r[0]: r[2] for r in classeur_["Paramètres"].iter_rows(min_row=2,
                                                                        values_only=True)}
    assert parametres["modele"] == "national"
    assert parametres["departement.nom"] is None


def _ajouter_service(classeur_, finess: str, nom: str) -> None:
    """Copy the first service (row 4 and its rows of every list sheet) as a new one."""
    services = classeur_["Services"]
    entetes = [c.value for c in services[1]]
    ligne = [c.value for c in services[4]]
    exemple = ligne[entetes.index("services[0].finess")]
    ligne[entetes.index("services[0].finess")] = finess
    ligne[entetes.index("services[0].nom")] = nom
    services.append(ligne)
    for feuille in classeur_.worksheets:
        if feuille.title in ("Lisez-moi", "Paramètres", "Services", "_listes", "_cpom"):
            continue
        for valeurs in list(feuille.iter_rows(min_row=4, values_only=True)):
            if valeurs[0] == exemple:
                feuille.append([finess, *valeurs[1:]])


def test_classeur_rempli_par_openpyxl_passe_par_cpom_bulk(tmp_path: Path, runner) -> None:
    modele, classeur_ = _modele_national(tmp_path)
    _ajouter_service(classeur_, "720000108", "SAD du Perche sarthois")
    _ajouter_service(classeur_, "720000207", "SAD de la Vallée du Loir")
    classeur_.save(modele)
    sortie = tmp_path / "sortie"
    resultat = runner.invoke(app, ["bulk", str(modele), "-o", str(sortie), "--no-bundle",
                                   "-j", "1"])
    assert resultat.exit_code == 0, resultat.output
    dossiers = sorted(d.name for d in sortie.iterdir() if d.is_dir())
    assert dossiers == ["720000108-sad-du-perche-sarthois", "720000207-sad-de-la-vallee-du-loir",
                        "720012343-sad-aide-soins-le-mans-metropole"]
    texte = normaliser(texte_docx(sortie / dossiers[0] / "contrat.docx"))
    assert "SAD du Perche sarthois" in texte and "720000108" in texte
    assert restes(texte) == []
    assert _rapport(sortie) == []


def test_csv_une_seule_feuille_avec_chemins_indexes(tmp_path: Path) -> None:
    """CSV: one « Services » sheet; lists written with explicit indices in the headers."""
    donnees = charger(EXEMPLES / "national.yaml")
    donnees["departement"].pop("logo")  # no images next to this CSV
    donnees["gestionnaire"].pop("logo")
    colonnes: dict[str, Any] = {}

    def aplatir(valeur: Any, chemin: str) -> None:
        if isinstance(valeur, dict):
            for cle, sous in valeur.items():
                aplatir(sous, f"{chemin}.{cle}" if chemin else str(cle))
        elif isinstance(valeur, list):
            for i, sous in enumerate(valeur):
                aplatir(sous, f"{chemin}[{i}]")
        else:
            colonnes[chemin] = "" if valeur is None else str(valeur)

    aplatir(donnees, "")
    chemin = tmp_path / "campagne.csv"
    with chemin.open("w", encoding="utf-8-sig", newline="") as flux:
        ecrivain = csv.writer(flux, delimiter=";")
        ecrivain.writerow(colonnes)
        ecrivain.writerow(["# une ligne de commentaire, ignorée"])
        ecrivain.writerow(colonnes.values())
    charge = workbook.charger(chemin)
    (ligne,) = charge.services
    assert ligne.cellule == Lieu(feuille="Services", ligne=3)
    assert valider(ligne.donnees, NATIONAL).donnees == valider(donnees, NATIONAL).donnees


def _modele_national(tmp_path: Path):
    chemin = workbooks.ecrire_campagne(NATIONAL, tmp_path / "c.xlsx",
                                      [charger(EXEMPLES / "national.yaml")])
    shutil.copytree(EXEMPLES / "national", tmp_path / "national", dirs_exist_ok=True)
    return chemin, load_workbook(chemin)


def _colonne(feuille, entete: str) -> int:
    return [c.value for c in feuille[1]].index(entete) + 1


def test_erreurs_du_classeur_localisees(tmp_path: Path) -> None:
    chemin, classeur_ = _modele_national(tmp_path)
    _ajouter_service(classeur_, "720000108", "SAD double")
    _ajouter_service(classeur_, "720000108", "SAD double bis")
    _ajouter_service(classeur_, "720000207", "SAD aux erreurs")
    services = classeur_["Services"]
    # row 7: a date that is not one, an unknown column
    services.cell(7, _colonne(services, "services[0].autorisation.date"), "31/02/2017")
    services.cell(1, services.max_column + 1, "gestionnaire.raison_socialle")
    services.cell(7, services.max_column, "Faute de frappe")
    communes = classeur_["Communes"]
    communes.append(["999999999", 1, 1, "Nulle part"])  # no such service
    actions = classeur_["Actions"]
    actions.append(["720000207", 1, 9, 1, "Action orpheline"])  # no operationnel n° 9
    generaux = classeur_["Objectifs généraux"]
    generaux.append(["720000207", "deux", "Objectif mal numéroté"])
    classeur_.save(chemin)

    charge = workbook.charger(chemin)
    par_finess = {ligne.finess: ligne for ligne in charge.services}
    doubles = [p for ligne in charge.services for p in ligne.problemes
               if "en double" in p.message and p.lieu.feuille == "Services"]
    assert {(p.lieu.feuille, p.lieu.ligne, p.lieu.lettre) for p in doubles} == {
        ("Services", 5, "A"), ("Services", 6, "A")}
    (etranger,) = charge.problemes
    assert str(etranger) == ("Feuille « Communes », ligne "
                             f"{communes.max_row}, colonne A « Service (n° FINESS) » : "
                             "aucun service n° 999999999 dans la feuille « Services »")
    erreurs = {(p.lieu.feuille, p.lieu.lettre, p.message)
               for p in par_finess["720000207"].problemes}
    assert ("Actions", "C",
            "aucun élément n° 1.9 dans la feuille « Objectifs opérationnels » pour ce "
            "service") in erreurs
    assert ("Objectifs généraux", "B", "numéro attendu (reçu « deux »)") in erreurs

    bilan = run.executer(chemin, tmp_path / "sortie", SANS_BUNDLE)
    assert bilan.code_sortie == 3
    assert bilan.compte(run.GENERE) == 1  # the example only
    lignes = _rapport(tmp_path / "sortie")
    messages = {(r["Feuille"], r["Ligne"], r["Colonne"], r["En-tête"]): r["Message"]
                for r in lignes}
    date_colonne = services.cell(1, _colonne(services, "services[0].autorisation.date"))
    assert messages[("Services", 7, date_colonne.column_letter,
                     services.cell(2, date_colonne.column).value)].startswith("date")
    inconnue = services.cell(1, services.max_column).column_letter
    assert messages[("Services", 7, inconnue, "gestionnaire.raison_socialle")] == \
        "champ inconnu, vouliez-vous dire « raison_sociale » ?"
    assert {r["Service (FINESS)"] for r in lignes if r["Niveau"] == "erreur"} >= {
        "720000108", "720000207", "999999999"}


def test_classeur_illisible_code_2(tmp_path: Path, runner) -> None:
    faux = tmp_path / "faux.xlsx"
    faux.write_text("pas un classeur", encoding="utf-8")
    resultat = runner.invoke(app, ["bulk", str(faux), "-o", str(tmp_path / "s")])
    assert resultat.exit_code == 2
    assert "classeur Excel illisible" in resultat.output
    chemin, classeur_ = _modele_national(tmp_path)
    classeur_["Services"].title = "Contrats"
    classeur_.save(chemin)
    with pytest.raises(ErreurCpom, match="pas de feuille « Services »"):
        workbook.charger(chemin)
    resultat = runner.invoke(app, ["bulk", str(chemin), "-o", str(tmp_path / "s")])
    assert resultat.exit_code == 2
    assert not (tmp_path / "s").exists()


# --- the run ----------------------------------------------------------------------------------

def test_rapport_et_code_3_lignes_signalees(campagne_nationale, tmp_path: Path, runner) -> None:
    chemin, fautifs = campagne_nationale
    sortie = tmp_path / "sortie"
    resultat = runner.invoke(app, ["bulk", str(chemin), "-o", str(sortie), "--no-bundle"])
    assert resultat.exit_code == 3, resultat.output
    assert "4 généré(s)" in resultat.output and "2 signalé(s)" in resultat.output
    lignes = [r for r in _rapport(sortie) if r["Niveau"] == "erreur"]
    assert {r["Service (FINESS)"] for r in lignes} == set(fautifs)
    (finess,) = [r for r in lignes if "clé de contrôle" in r["Message"]]
    assert (finess["Feuille"], finess["Colonne"], finess["En-tête"], finess["Champ"]) == (
        "Services", "A", "Services › N° FINESS de l'établissement", "services[0].finess")
    classeur_ = load_workbook(chemin)
    assert classeur_["Services"].cell(finess["Ligne"], 1).value == finess["Service (FINESS)"]
    (rna,) = [r for r in lignes if r["Champ"] == "gestionnaire.rna"]
    assert rna["Feuille"] == "Services" and rna["Colonne"]
    manifeste = _services_du_manifeste(sortie)
    assert {f: lignes[0]["statut"] for f, lignes in manifeste.items() if f in fautifs} == {
        f: "invalide" for f in fautifs}
    assert sum(1 for lignes in manifeste.values() for ligne in lignes
               if ligne["statut"] == "généré") == 4 * 4


def test_reprise_ne_refait_que_ce_qui_a_change(campagne_nationale, tmp_path: Path) -> None:
    chemin = _copie(campagne_nationale[0], tmp_path / "c")
    sortie = tmp_path / "sortie"
    premier = run.executer(chemin, sortie, SANS_BUNDLE)
    assert premier.compte(run.GENERE) == 4
    dates = {p: p.stat().st_mtime_ns for p in sortie.rglob("*.docx")}
    second = run.executer(chemin, sortie, SANS_BUNDLE)
    assert second.compte(run.GENERE) == 0 and second.compte(run.INCHANGE) == 4
    assert {p: p.stat().st_mtime_ns for p in sortie.rglob("*.docx")} == dates
    assert second.code_sortie == 3  # the two wrong rows are still reported
    # one changed cell: only that service is generated again
    classeur_ = load_workbook(chemin)
    services = classeur_["Services"]
    ligne = next(r for r in range(4, services.max_row + 1)
                 if services.cell(r, 1).value == premier.services[1].finess)
    services.cell(ligne, _colonne(services, "services[0].autres_activites"),
                  "portage de repas à domicile")
    classeur_.save(chemin)
    troisieme = run.executer(chemin, sortie, SANS_BUNDLE)
    assert [s.finess for s in troisieme.services if s.statut == run.GENERE] == [
        premier.services[1].finess]
    change = sortie / premier.services[1].dossier / "annexe-01-diagnostic-partage.docx"
    assert "portage de repas à domicile" in normaliser(texte_docx(change))
    autres = {p: t for p, t in dates.items() if premier.services[1].dossier not in str(p)}
    assert {p: p.stat().st_mtime_ns for p in autres} == autres
    # other options are other files: asking for PDF regenerates every service
    ligne = workbook.charger(chemin).services[0]
    service = run.valider_service(ligne, NATIONAL, chemin)
    assert service.contrat is not None
    assert state.empreinte_service(ligne.donnees, service.contrat.contexte, "x",
                                   ("docx", False, False)) != \
        state.empreinte_service(ligne.donnees, service.contrat.contexte, "x",
                                ("all", False, False))


@pytest.mark.parametrize("jobs", [1, 2])
def test_interruption_sans_fichier_partiel(campagne_nationale, tmp_path: Path,
                                           jobs: int) -> None:
    chemin = _copie(campagne_nationale[0], tmp_path / "c")
    sortie = tmp_path / "sortie"
    faits: list[str] = []

    def crochet(service: run.Service) -> None:
        faits.append(service.finess)
        if len(faits) == 2:
            raise KeyboardInterrupt

    options = run.OptionsCampagne(bundle=False, jobs=jobs)
    bilan = run.executer(chemin, sortie, options, apres_service=crochet)
    assert bilan.interrompu and bilan.code_sortie == 130
    assert not [p for p in sortie.rglob("*") if (p.is_dir() and p.name.startswith(".cpom-"))
                or p.name.endswith(".part")]
    manifeste = _services_du_manifeste(sortie)
    generes = {f for f, lignes in manifeste.items() if lignes[0]["statut"] == "généré"}
    assert generes == set(faits)
    dossiers = {d.name.split("-")[0] for d in sortie.iterdir() if d.is_dir()}
    assert dossiers == generes
    for finess in generes:
        for ligne in manifeste[finess]:
            fichier = sortie / ligne["dossier"] / ligne["fichier"]
            assert state.sha256(fichier) == ligne["sha256"]
            texte_docx(fichier)  # complete, readable documents
    assert {lignes[0]["statut"] for f, lignes in manifeste.items() if f not in generes} <= {
        "non traité", "invalide"}
    reprise = run.executer(chemin, sortie, options)
    assert not reprise.interrompu
    assert reprise.compte(run.INCHANGE) == 2 and reprise.compte(run.GENERE) == 2


def test_parallele_egal_serie(campagne_nationale, tmp_path: Path) -> None:
    chemin = _copie(campagne_nationale[0], tmp_path / "c")
    serie = run.executer(chemin, tmp_path / "serie", run.OptionsCampagne(jobs=1))
    parallele = run.executer(chemin, tmp_path / "parallele", run.OptionsCampagne(jobs=2))
    fichiers = sorted(p.relative_to(tmp_path / "serie")
                      for p in (tmp_path / "serie").rglob("*.docx"))
    assert len(fichiers) == 4 * 5  # 4 valid services: 4 documents + the full contract
    assert fichiers == sorted(p.relative_to(tmp_path / "parallele")
                              for p in (tmp_path / "parallele").rglob("*.docx"))
    for relatif in fichiers:
        assert (tmp_path / "serie" / relatif).read_bytes() == \
            (tmp_path / "parallele" / relatif).read_bytes(), relatif
    assert (tmp_path / "serie" / run.MANIFESTE).read_bytes() == \
        (tmp_path / "parallele" / run.MANIFESTE).read_bytes()
    assert [s.statut for s in serie.services] == [s.statut for s in parallele.services]


def test_archive_zip(campagne_nationale, tmp_path: Path) -> None:
    chemin = _copie(campagne_nationale[0], tmp_path / "c")
    bilan = run.executer(chemin, tmp_path / "s", run.OptionsCampagne(bundle=False, jobs=1,
                                                                        archive=True))
    assert bilan.archive == tmp_path / "s" / "campagne.zip"
    with zipfile.ZipFile(bilan.archive) as archive:
        noms = archive.namelist()
    assert "manifest.csv" in noms and "rapport.xlsx" in noms
    assert len([n for n in noms if n.endswith(".docx")]) == 4 * 4


def test_valeurs_de_cellules() -> None:
    """Excel's types become what the schema expects."""
    def noeud(type_: str):
        return Noeud("x", type_)

    assert depuis_cellule(60785011, noeud("n° FINESS")) == "060785011"
    assert depuis_cellule(25.2, noeud("montant (€)")) == Decimal("25.2")
    assert depuis_cellule(5.0, noeud("entier")) == 5
    assert depuis_cellule("5", noeud("entier")) == 5
    assert depuis_cellule(date(2026, 4, 30), noeud("échéance (JJ/MM)")) == "30/04"
    assert depuis_cellule(4.2, noeud("texte")) == "4,2"
    assert depuis_cellule("  ", noeud("texte")) is None
    assert depuis_cellule(True, noeud("oui/non")) is True


# --- the Ille-et-Vilaine sample campaign ------------------------------------------------------

CAMPAGNE_IV = EXEMPLES / "campagne-ille-et-vilaine.xlsx"


@pytest.mark.skipif(not CAMPAGNE_IV.is_file(), reason="campagne Ille-et-Vilaine absente")
def test_campagne_ille_et_vilaine(tmp_path: Path, runner) -> None:
    sortie = tmp_path / "sortie"
    resultat = runner.invoke(app, ["bulk", str(CAMPAGNE_IV), "-o", str(sortie)])
    assert resultat.exit_code == 3, resultat.output
    lignes = [r for r in _rapport(sortie) if r["Niveau"] == "erreur"]
    assert len({r["Service (FINESS)"] for r in lignes}) == 2
    (finess,) = [r for r in lignes if r["Champ"] == "service.finess"]
    assert (finess["Feuille"], finess["Colonne"]) == ("Services", "A")
    assert finess["En-tête"] == "Service › N° FINESS du service"
    assert "clé de contrôle invalide" in finess["Message"]
    (plafond,) = [r for r in lignes if "plafond" in r["Message"]]
    assert plafond["Feuille"] == "Actions"
    assert plafond["En-tête"] == "Montant et détail du financement › Bonification par heure"
    feuille = load_workbook(CAMPAGNE_IV)["Actions"]
    colonne = _colonne(feuille, "financement.bonification_horaire")
    assert feuille.cell(plafond["Ligne"], colonne).column_letter == plafond["Colonne"]
    assert feuille.cell(plafond["Ligne"], colonne).value > 1.5
    generes = [d for d in sortie.iterdir() if d.is_dir()]
    services = workbook.charger(CAMPAGNE_IV).services
    assert len(generes) == len(services) - 2 >= 20
    un = sorted(generes)[0]
    assert len(list(un.glob("*.docx"))) == len(variants.trouver("ille-et-vilaine").documents) + 1
    assert restes(texte_docx(un / "contrat-complet.docx")) == []
    second = runner.invoke(app, ["bulk", str(CAMPAGNE_IV), "-o", str(sortie)])
    assert second.exit_code == 3
    assert "0 généré(s)" in second.output and f"{len(generes)} inchangé(s)" in second.output


# --- PDF through the converter pool -----------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")
def test_campagne_en_pdf(campagne_nationale, tmp_path: Path) -> None:
    chemin = _copie(campagne_nationale[0], tmp_path / "c")
    classeur_ = load_workbook(chemin)
    services = classeur_["Services"]
    for ligne in range(services.max_row, 5, -1):  # keep two services
        services.delete_rows(ligne)
    classeur_.save(chemin)
    bilan = run.executer(chemin, tmp_path / "s", run.OptionsCampagne(format="all", jobs=2))
    assert bilan.compte(run.GENERE) == 2, [str(p) for p in bilan.problemes]
    for service in bilan.services:
        pdfs = list((tmp_path / "s" / service.dossier).glob("*.pdf"))
        assert len(pdfs) == 5
        assert all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)


def test_valeurs_communes_d_un_bloc_facultatif(tmp_path: Path) -> None:
    """The common values of ``dotation_complementaire`` (versement, régularisation…) apply
    only to the services that fill the block (its yearly amounts), not to the others."""
    avec = charger(EXEMPLES / "national.yaml")
    sans = charger(EXEMPLES / "national.yaml")
    del sans["dotation_complementaire"]
    del sans["objectifs"]["dotation"]
    sans["suivi"].pop("pieces_justificatives")
    sans["services"][0]["finess"] = "720000108"
    valider(sans, NATIONAL)  # a valid contract without the dotation
    chemin = workbooks.ecrire_campagne(NATIONAL, tmp_path / "c.xlsx", [avec, sans])
    shutil.copytree(EXEMPLES / "national", tmp_path / "national")
    premier, second = workbook.charger(chemin).services
    assert "dotation_complementaire" in premier.donnees
    assert "dotation_complementaire" not in second.donnees
    assert valider(second.donnees, NATIONAL).donnees == valider(sans, NATIONAL).donnees
    assert valider(premier.donnees, NATIONAL).donnees == valider(avec, NATIONAL).donnees
