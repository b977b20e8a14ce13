"""Nothing lost (tickets 14 and 17): no file the user may have filled is overwritten
without ``--force``; an output folder holds exactly the last run's outputs; files follow
the umask; a campaign has one identity per service (its normalised FINESS), checks what it
resumes, holds its folder, never writes a formula, and a killed run leaves no LibreOffice
and loses no published service."""

from __future__ import annotations

import csv
import fcntl
import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.campaign import run, state
from generator.cli import app
from generator.output import writing
from tests.conftest import EXEMPLES

CPOM = [sys.executable, "-m", "generator.cli"]
PREMIER = "720012343"  # first service of samples/campagne-national.xlsx
SECOND = "721000370"


def _classeur(dossier: Path, changer=None) -> Path:
    """A copy of the national sample campaign (and its images), changed by
    ``changer(feuille_services)``."""
    dossier.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXEMPLES / "national", dossier / "national", dirs_exist_ok=True)
    chemin = dossier / "campagne.xlsx"
    if changer is None:
        shutil.copyfile(EXEMPLES / "campagne-national.xlsx", chemin)
        return chemin
    classeur = load_workbook(EXEMPLES / "campagne-national.xlsx")
    changer(classeur["Services"])
    classeur.save(chemin)
    return chemin


def _cellule(feuille, valeur: str):
    return next(c for ligne in feuille.iter_rows() for c in ligne if c.value == valeur)


def _manifeste(sortie: Path) -> list[dict[str, str]]:
    texte = (sortie / run.MANIFESTE).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(texte), delimiter=";"))


def _statuts(sortie: Path) -> dict[str, str]:
    return {ligne["service"]: ligne["statut"] for ligne in _manifeste(sortie)}


# --- no overwrite without --force ------------------------------------------------------------

@pytest.mark.parametrize("commande", [["sample", "national"], ["bulk-template", "national"]],
                         ids=["sample", "bulk-template"])
def test_fichier_existant_jamais_ecrase_sans_force(runner, tmp_path: Path,
                                                   commande: list[str]) -> None:
    cible = tmp_path / ("rempli.yaml" if commande[0] == "sample" else "rempli.xlsx")
    cible.write_bytes(b"travail du juriste")
    resultat = runner.invoke(app, [*commande, "-o", str(cible)])
    assert resultat.exit_code == 2
    message = " ".join((resultat.output + resultat.stderr).split())
    assert "le fichier existe déjà" in message and "--force" in message
    assert cible.read_bytes() == b"travail du juriste"
    resultat = runner.invoke(app, [*commande, "-o", str(cible), "--force"])
    assert resultat.exit_code == 0, resultat.output
    assert cible.read_bytes() != b"travail du juriste"


def test_logo_de_l_utilisateur_garde(runner, tmp_path: Path) -> None:
    """The sample's images are copied beside it, never over the user's own logo."""
    (tmp_path / "national").mkdir()
    logo = tmp_path / "national" / "logo-departement.png"
    logo.write_bytes(b"mon logo")
    resultat = runner.invoke(app, ["sample", "national", "-o", str(tmp_path / "c.yaml")])
    assert resultat.exit_code == 0, resultat.output
    assert logo.read_bytes() == b"mon logo"
    assert (tmp_path / "national" / "logo-gestionnaire.png").is_file()


def test_copie_annotee_jamais_sur_le_modele(runner, tmp_path: Path) -> None:
    modeles = tmp_path / "modeles"
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates" / "national", modeles)
    from docx import Document

    document = Document(str(modeles / "contrat.docx"))
    document.add_paragraph("{{ gestionnaire.inexistant }}")
    document.save(str(modeles / "contrat.docx"))
    avant = (modeles / "contrat.docx").read_bytes()
    resultat = runner.invoke(app, ["templates", "check", str(modeles / "contrat.docx"),
                                   "--annotate", str(modeles / "contrat.docx")])
    assert resultat.exit_code == 2
    assert "remplacerait le modèle lui-même" in " ".join(resultat.output.split())
    assert (modeles / "contrat.docx").read_bytes() == avant


# --- generate: exactly the last run's outputs, with the umask's permissions ------------------

def test_docx_seul_apres_format_all_aucun_pdf_perime(runner, tmp_path: Path) -> None:
    sortie = tmp_path / "contrats"
    donnees = str(EXEMPLES / "national.yaml")
    resultat = runner.invoke(app, ["generate", donnees, "-o", str(sortie), "--format", "all"])
    assert resultat.exit_code == 0, resultat.output
    assert list(sortie.glob("*.pdf"))
    autre = sortie / "notes-du-juriste.pdf"
    autre.write_bytes(b"%PDF- a file of the user")
    time.sleep(0.05)
    resultat = runner.invoke(app, ["generate", donnees, "-o", str(sortie)])
    assert resultat.exit_code == 0, resultat.output
    docx = {p.name: p.stat().st_mtime_ns for p in sortie.glob("*.docx")}
    pdfs = [p for p in sortie.glob("*.pdf") if p != autre]
    assert docx and not pdfs, pdfs  # no PDF older than the DOCX beside it
    assert autre.read_bytes() == b"%PDF- a file of the user"  # not ours: kept
    resultat = runner.invoke(app, ["generate", donnees, "-o", str(sortie), "--no-bundle"])
    assert resultat.exit_code == 0
    assert not (sortie / "contrat-complet.docx").exists()
    assert not [p for p in sortie.iterdir() if p.name.startswith(".")]


def _umask_022() -> None:
    os.umask(0o022)


@pytest.mark.skipif(os.name != "posix", reason="permissions POSIX")
def test_fichiers_selon_l_umask(tmp_path: Path) -> None:
    sortie = tmp_path / "contrats"
    for commande in (["generate", str(EXEMPLES / "national.yaml"), "-o", str(sortie)],
                     ["sample", "national", "-o", str(tmp_path / "c.yaml")],
                     ["bulk", str(_classeur(tmp_path / "camp")), "-o", str(tmp_path / "b"),
                      "--no-bundle", "-j", "1"]):
        enfant = subprocess.run([*CPOM, *commande], capture_output=True, text=True,
                                timeout=300, preexec_fn=_umask_022)
        assert enfant.returncode in (0, 3), enfant.stderr
    chemins = [sortie, *sortie.iterdir(), tmp_path / "c.yaml", tmp_path / "b",
               *(tmp_path / "b").rglob("*")]
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in chemins if not p.name.startswith(".")}
    for chemin, mode in modes.items():
        assert mode == (0o755 if chemin.is_dir() else 0o644), (chemin, oct(mode))


def test_apercu_nettoie_ses_dossiers(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    commande = [*CPOM, "preview", str(EXEMPLES / "national.yaml"), "--sans-ouvrir"]
    for _ in range(2):
        enfant = subprocess.run(commande, capture_output=True, text=True, timeout=120,
                                env=env)
        assert enfant.returncode == 0, enfant.stderr
    apercus = list(tmp_path.glob("cpom-apercu-*"))
    assert len(apercus) == 1  # the first run's folder went when the second started
    (tmp_path / "faux.yaml").write_text("modele: national\n", encoding="utf-8")
    enfant = subprocess.run([*CPOM, "preview", str(tmp_path / "faux.yaml"), "--sans-ouvrir"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert enfant.returncode == 2
    assert list(tmp_path.glob("cpom-apercu-*")) == []  # a failed preview leaves nothing


def test_generation_tuee_son_dossier_temporaire_part_au_lancement_suivant(
        tmp_path: Path) -> None:
    """A ``cpom generate`` killed while writing leaves its temporary folder in the output
    folder (here a real process killed right after creating it); the next run into that
    folder removes it, but never the folder of a run still going, nor one of another
    machine (an output folder on a shared drive)."""
    sortie = tmp_path / "sortie"
    sortie.mkdir()
    tuee = subprocess.run(
        [sys.executable, "-c", "import os, signal, sys; from pathlib import Path; "
         "from generator.output import writing; "
         "(writing.atelier(Path(sys.argv[1])) / 'contrat.docx').write_bytes(b'PK'); "
         "os.kill(os.getpid(), signal.SIGKILL)", str(sortie)], timeout=60)
    assert tuee.returncode == -signal.SIGKILL
    [laisse] = sortie.iterdir()
    assert laisse.name.startswith(writing.PREFIXE_ATELIER)
    ailleurs = sortie / laisse.name.replace(writing._MACHINE, "0" * 8)
    shutil.copytree(laisse, ailleurs)
    en_cours = writing.dossier_temporaire(  # this process's: a run still going
        sortie, f"{writing.PREFIXE_ATELIER}{os.getpid()}-{writing._MACHINE}-")
    enfant = subprocess.run([*CPOM, "generate", str(EXEMPLES / "national.yaml"), "-o",
                             str(sortie)], capture_output=True, text=True, timeout=120)
    assert enfant.returncode == 0, enfant.stderr
    restes = sorted(p.name for p in sortie.iterdir() if p.name.startswith("."))
    assert restes == sorted([en_cours.name, ailleurs.name])
    assert (sortie / "contrat.docx").stat().st_size > 1000


# --- campaigns -------------------------------------------------------------------------------

def test_deux_graphies_d_un_finess_un_seul_service(runner, tmp_path: Path) -> None:
    def doubler(feuille) -> None:
        _cellule(feuille, SECOND).value = "720.012.343"

    chemin = _classeur(tmp_path / "c", doubler)
    sortie = tmp_path / "s"
    resultat = runner.invoke(app, ["bulk", str(chemin), "-o", str(sortie), "--no-bundle",
                                   "-j", "1"])
    assert resultat.exit_code == 3, resultat.output
    rapport = load_workbook(sortie / run.RAPPORT)["Problèmes"]
    messages = [str(c) for ligne in rapport.iter_rows(values_only=True) for c in ligne if c]
    assert any("n° FINESS 720012343 en double" in m for m in messages)
    assert not list(sortie.glob(f"{PREMIER}-*"))  # neither contract overwrites the other
    assert {ligne["statut"] for ligne in _manifeste(sortie)
            if ligne["service"] == PREMIER} == {"invalide"}


def test_reprise_regenere_une_sortie_abimee(tmp_path: Path) -> None:
    chemin = _classeur(tmp_path / "c")
    sortie = tmp_path / "s"
    options = run.OptionsCampagne(bundle=False, jobs=1)
    premier = run.executer(chemin, sortie, options)
    assert premier.compte(run.GENERE) >= 2
    (dossier,) = sortie.glob(f"{PREMIER}-*")
    (dossier / "contrat.docx").write_bytes(b"abime")
    second = run.executer(chemin, sortie, options)
    statuts = {s.finess: s.statut for s in second.services}
    assert statuts[PREMIER] == run.GENERE
    assert statuts[SECOND] == run.INCHANGE
    assert (dossier / "contrat.docx").read_bytes()[:2] == b"PK"
    ligne = next(x for x in _manifeste(sortie) if x["service"] == PREMIER
                 and x["fichier"] == "contrat.docx")
    assert state.sha256(dossier / "contrat.docx") == ligne["sha256"]


def test_aucune_formule_dans_le_rapport_ni_le_manifeste(tmp_path: Path) -> None:
    formule = '=HYPERLINK("http://exemple.invalid","clic")'

    def pieger(feuille) -> None:
        second = _cellule(feuille, SECOND)
        for cellule, texte in ((second.offset(column=1), "@SUM(1+1)*cmd|' /C calc'!A0"),
                               (_cellule(feuille, "SAD Aide & Soins Le Mans Métropole"),
                                formule)):
            cellule.value = texte
            cellule.data_type = "s"  # typed as text in the workbook, not a formula
        second.value = "721000371"  # a bad key: reported with its name

    chemin = _classeur(tmp_path / "c", pieger)
    sortie = tmp_path / "s"
    run.executer(chemin, sortie, run.OptionsCampagne(bundle=False, jobs=1))
    rapport = load_workbook(sortie / run.RAPPORT)
    cellules = [c for f in rapport.worksheets for ligne in f.iter_rows() for c in ligne
                if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert cellules and all(c.data_type == "s" for c in cellules)
    assert any(c.value.startswith("@SUM") for c in cellules)
    texte = (sortie / run.MANIFESTE).read_text(encoding="utf-8-sig")
    for ligne in csv.reader(io.StringIO(texte), delimiter=";"):
        assert all(not cellule.startswith(("=", "+", "-", "@")) for cellule in ligne), ligne
    assert f"'{formule}" in texte.replace('""', '"')


def test_sortie_de_campagne_a_part_du_classeur(runner, tmp_path: Path) -> None:
    chemin = _classeur(tmp_path / "c")
    resultat = runner.invoke(app, ["bulk", str(chemin), "-o", str(tmp_path / "c")])
    assert resultat.exit_code == 2
    assert "contient les fichiers lus" in " ".join((resultat.output + resultat.stderr).split())
    assert not (tmp_path / "c" / run.RAPPORT).exists()


def test_une_seule_campagne_par_dossier(runner, tmp_path: Path) -> None:
    chemin = _classeur(tmp_path / "c")
    sortie = tmp_path / "s"
    sortie.mkdir()
    with (sortie / state.VERROU).open("w") as verrou:
        fcntl.flock(verrou, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a run in progress
        verrou.write("4242")
        verrou.flush()
        resultat = runner.invoke(app, ["bulk", str(chemin), "-o", str(sortie)])
    assert resultat.exit_code == 2
    message = " ".join((resultat.output + resultat.stderr).split())
    assert "une autre campagne écrit déjà dans ce dossier (processus 4242)" in message
    assert [p.name for p in sortie.iterdir()] == [state.VERROU]


def _soffice_de(pid: int) -> list[str]:
    """Live processes started for the converter of process ``pid`` (their profile)."""
    trouves = []
    for nom in os.listdir("/proc"):
        if not nom.isdigit():
            continue
        try:
            ligne = Path(f"/proc/{nom}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            etat = Path(f"/proc/{nom}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if etat != b"Z" and f"cpom-lo-{pid}-" in ligne:
            trouves.append(ligne[:100])
    return trouves


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc (Linux)")
def test_campagne_tuee_ne_laisse_ni_libreoffice_ni_travail_perdu(tmp_path: Path) -> None:
    """SIGKILL during ``cpom bulk --format all``: no LibreOffice 5 s later, no profile
    left, and the rerun regenerates only what was not published."""
    chemin = _classeur(tmp_path / "c")
    sortie = tmp_path / "s"
    commande = [*CPOM, "bulk", str(chemin), "-o", str(sortie), "--format", "all",
                "--no-bundle", "-j", "2"]
    enfant = subprocess.Popen(commande, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "TMPDIR": str(tmp_path)})
    journal = sortie / state.JOURNAL
    fin = time.monotonic() + 240
    while time.monotonic() < fin and enfant.poll() is None:
        if journal.exists() and journal.read_text(encoding="utf-8").strip() \
                and _soffice_de(enfant.pid):
            break
        time.sleep(0.05)
    assert enfant.poll() is None, "the campaign ended before it could be killed"
    os.kill(enfant.pid, signal.SIGKILL)
    enfant.wait()
    time.sleep(5)
    assert _soffice_de(enfant.pid) == []
    assert not list(tmp_path.glob(f"cpom-lo-{enfant.pid}-*"))
    publies = {ligne.split('"finess": "')[1].split('"')[0]
               for ligne in journal.read_text(encoding="utf-8").splitlines() if ligne}
    assert publies
    relance = subprocess.run(commande, capture_output=True, text=True, timeout=600)
    assert relance.returncode in (0, 3), relance.stderr
    statuts = _statuts(sortie)
    assert {f for f in publies if statuts[f] == "inchangé"} == publies
    assert all(statuts[f] == "généré" for f in statuts
               if f not in publies and statuts[f] not in ("invalide",))
