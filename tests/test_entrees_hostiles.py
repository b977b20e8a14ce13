"""Hostile and broken input (ticket 17): never a truncated contract, never a traceback,
bounded memory, nothing written outside the output folder.

Every payload is built here. The large ones are sparse files, streamed zips or a few
kilobytes that expand: the memory cases run ``cpom`` in a child process limited to 2 GB
of address space (``ulimit -v 2000000``) and must be refused in seconds with exit 2 and
a French message.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from generator.cli import app
from generator.load import data_file
from tests.aide import texte_docx, textes_de
from tests.conftest import EXEMPLES

CPOM = [sys.executable, "-m", "generator.cli"]
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
NATIONAL = (EXEMPLES / "national.yaml").read_text(encoding="utf-8")
MEMOIRE = 2_000_000 * 1024  # ulimit -v 2000000 (kilobytes)


def _donnees(tmp_path: Path, texte: str, nom: str = "c.yaml") -> Path:
    """A data file beside a copy of the sample's images."""
    shutil.copytree(EXEMPLES / "national", tmp_path / "national", dirs_exist_ok=True)
    chemin = tmp_path / nom
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def _remplacer(ancien: str, nouveau: str) -> str:
    assert ancien in NATIONAL
    return NATIONAL.replace(ancien, nouveau, 1)


def _sans_trace(resultat) -> str:
    sortie = resultat.output + (resultat.stderr or "")
    assert "Traceback" not in sortie and "erreur interne" not in sortie, sortie
    return " ".join(sortie.split())


# --- data files -----------------------------------------------------------------------------

@pytest.mark.parametrize(("ancien", "nouveau", "attendu"), [
    ("date_effet: 2026-01-01", "date_effet: 2026-02-30", "date impossible « 2026-02-30 »"),
    ("date_effet: 2026-01-01", "date_effet: 9999-12-31", "date hors limites « 9999-12-31 »"),
    ('apa: "25.20"', "apa: " + "9" * 5000, "nombre trop grand (5000 chiffres)"),
    ('apa: "25.20"', "apa: 1e308", "nombre hors limites « 1e308 »"),
    ('apa: "25.20"', "apa: 1e999999", "nombre hors limites « 1e999999 »"),
    ('apa: "25.20"', "apa: .inf", "nombre hors limites « .inf »"),
    ("modele: national", "modele: national\n? [a, b]\n: c", "clé complexe"),
    ("modele: national", "modele: national\nprofond: " + "[" * 100_000 + "]" * 100_000,
     "imbrication trop profonde"),
], ids=["date-impossible", "an-9999", "5000-chiffres", "1e308", "1e999999", "infini",
        "cle-complexe", "imbrication-100000"])
def test_valeur_hostile_code_2_message_francais(runner, tmp_path: Path, ancien: str,
                                                nouveau: str, attendu: str) -> None:
    donnees = _donnees(tmp_path, _remplacer(ancien, nouveau))
    for commande in (["validate", str(donnees)],
                     ["generate", str(donnees), "-o", str(tmp_path / "s")]):
        resultat = runner.invoke(app, commande)
        assert resultat.exit_code == 2, resultat.output
        assert attendu in _sans_trace(resultat)
    assert not (tmp_path / "s").exists()


def test_montant_hors_limites_nomme_son_champ(runner, tmp_path: Path) -> None:
    donnees = _donnees(tmp_path, _remplacer('apa: "25.20"', 'apa: "1e999999"'))
    resultat = runner.invoke(app, ["validate", str(donnees)])
    assert resultat.exit_code == 2
    assert "departement.tarifs_reference[0].apa : nombre hors limites" in _sans_trace(resultat)


def test_alias_yaml_en_cascade_refuses(runner, tmp_path: Path) -> None:
    """A « billion laughs » of aliases in a JJ/MM field: refused before it is built."""
    niveaux = ["a: &a ['30/04', '30/04', '30/04', '30/04', '30/04', '30/04', '30/04', '30/04']"]
    for i in range(1, 9):
        precedent = chr(ord("a") + i - 1)
        niveaux.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [" +
                       ", ".join([f"*{precedent}"] * 8) + "]")
    texte = _remplacer("modele: national", "modele: national\n" + "\n".join(niveaux))
    donnees = _donnees(tmp_path, texte)
    resultat = runner.invoke(app, ["validate", str(donnees)])
    assert resultat.exit_code == 2
    assert "trop de valeurs (alias « * » compris)" in _sans_trace(resultat)
    assert "CPOM_LIMITE_NOEUDS" in _sans_trace(resultat)


def test_json_lu_comme_yaml_annees_en_texte_et_cles_en_double(runner, tmp_path: Path) -> None:
    donnees = yaml.safe_load(NATIONAL)
    chemin = _donnees(tmp_path, json.dumps(donnees, default=str, ensure_ascii=False), "c.json")
    assert '"2026":' in chemin.read_text(encoding="utf-8")  # years are strings in JSON
    resultat = runner.invoke(app, ["validate", str(chemin)])
    assert resultat.exit_code == 0, resultat.output
    double = tmp_path / "double.json"
    double.write_text('{"modele": "national", "modele": "seine-et-marne"}', encoding="utf-8")
    resultat = runner.invoke(app, ["validate", str(double)])
    assert resultat.exit_code == 2
    assert "clé « modele » en double" in _sans_trace(resultat)


def test_texte_utilisateur_rendu_tel_quel(runner, tmp_path: Path) -> None:
    nom = "{_{ 7*7 }_} {{ 7*7 }} [/x] [nom du service] \ud800 fin\uffff"
    texte = re.sub(r"^  raison_sociale: .*$",
                   lambda _: f"  raison_sociale: {json.dumps(nom)}", NATIONAL, count=1,
                   flags=re.MULTILINE)
    assert texte != NATIONAL
    donnees = _donnees(tmp_path, texte)
    resultat = runner.invoke(app, ["generate", str(donnees), "-o", str(tmp_path / "s")])
    assert resultat.exit_code == 0, resultat.output
    texte_contrat = texte_docx(tmp_path / "s" / "contrat.docx")
    assert "{_{ 7*7 }_} {{ 7*7 }} [/x] [nom du service]  fin" in texte_contrat
    normal = textes_de(EXEMPLES / "national.yaml")["contrat.docx"]
    assert len(texte_contrat.splitlines()) == len(normal.splitlines())  # nothing cut


def test_balisage_rich_echappe(runner, tmp_path: Path) -> None:
    """File names and values holding Rich markup are printed as they are."""
    dossier = tmp_path / "[" / "x]"  # the path holds « [/x] »
    dossier.mkdir(parents=True)
    texte = _remplacer('siren: "782916340"', 'siren: "[nom du service]"')
    donnees = _donnees(dossier, texte, "[bold]c.yaml")
    resultat = runner.invoke(app, ["validate", str(donnees)])
    assert resultat.exit_code == 2
    sortie = _sans_trace(resultat)
    assert "[/x]/[bold]c.yaml" in sortie
    assert "« [nom du service] »" in sortie
    contrats = tmp_path / "r[" / "x]"
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(contrats)])
    assert resultat.exit_code == 0, resultat.output
    assert f"fichiers écrits dans {contrats}" in _sans_trace(resultat)


@pytest.mark.parametrize("nom", ["boucle", "a" * 5000 + ".png"], ids=["lien-en-boucle",
                                                                      "nom-5000"])
def test_chemin_d_image_hostile(runner, tmp_path: Path, nom: str) -> None:
    if nom == "boucle":
        (tmp_path / "boucle").symlink_to(tmp_path / "boucle2")
        (tmp_path / "boucle2").symlink_to(tmp_path / "boucle")
    texte = _remplacer("logo: national/logo-departement.png", f"logo: {nom}")
    donnees = _donnees(tmp_path, texte)
    resultat = runner.invoke(app, ["generate", str(donnees), "-o", str(tmp_path / "s")])
    assert resultat.exit_code == 2, resultat.output
    assert re.search(r"image (illisible|introuvable)", _sans_trace(resultat))
    assert not (tmp_path / "s").exists()


# --- output folder --------------------------------------------------------------------------

def test_sortie_qui_est_un_fichier(runner, tmp_path: Path) -> None:
    fichier = tmp_path / "f"
    fichier.write_text("x")
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(fichier)])
    assert resultat.exit_code == 2
    assert "le dossier de sortie est un fichier existant" in _sans_trace(resultat)
    assert fichier.read_text() == "x"


def test_sortie_dans_les_modeles_refusee(runner, tmp_path: Path) -> None:
    modeles = tmp_path / "modeles"
    shutil.copytree(TEMPLATES / "national", modeles)
    avant = {p.name: p.read_bytes() for p in modeles.iterdir()}
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(modeles), "--templates", str(modeles)])
    assert resultat.exit_code == 2
    assert "chevauche le dossier des modèles" in _sans_trace(resultat)
    assert {p.name: p.read_bytes() for p in modeles.iterdir()} == avant


def _limite_fichier(taille: int):
    def appliquer() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (taille, taille))
    return appliquer


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE (Linux)")
def test_disque_plein_code_2_sans_fichier_partiel(tmp_path: Path) -> None:
    """A file size limit (RLIMIT_FSIZE) refuses the write of the larger documents, as a
    full disk would: exit 2, a French message, and no document published."""
    sortie = tmp_path / "s"
    enfant = subprocess.run([*CPOM, "generate", str(EXEMPLES / "national.yaml"), "-o",
                             str(sortie)], capture_output=True, text=True, timeout=120,
                            preexec_fn=_limite_fichier(45_000))
    assert enfant.returncode == 2, enfant.stderr
    assert "Traceback" not in enfant.stderr
    assert "écriture impossible (fichier trop grand pour ce disque" in enfant.stderr
    assert not [p for p in sortie.rglob("*") if p.is_file()]


def _monter_tmpfs(point: Path, options: str) -> bool:
    """A small tmpfs (root only): a real full or read-only disk."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        return False
    point.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                          capture_output=True).returncode == 0


@pytest.fixture
def disque_plein(tmp_path: Path):
    point = tmp_path / "petit-disque"
    if not _monter_tmpfs(point, "size=120k"):
        pytest.skip("tmpfs impossible à monter (root requis) : voir le test RLIMIT_FSIZE")
    yield point
    subprocess.run(["umount", str(point)], check=False)


@pytest.fixture
def dossier_en_lecture_seule(tmp_path: Path):
    point = tmp_path / "lecture-seule"
    if _monter_tmpfs(point, "ro,size=1m"):
        yield point
        subprocess.run(["umount", str(point)], check=False)
        return
    if os.geteuid() == 0:
        pytest.skip("root sans montage : les permissions ne s'appliquent pas")
    point.mkdir()
    point.chmod(0o555)
    yield point
    point.chmod(0o755)


def test_disque_reellement_plein(runner, disque_plein: Path) -> None:
    sortie = disque_plein / "contrats"
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(sortie)])
    assert resultat.exit_code == 2, resultat.output
    assert "écriture impossible (disque plein)" in _sans_trace(resultat)
    assert not [p for p in disque_plein.rglob("*") if p.is_file()]


def test_sortie_en_lecture_seule(runner, dossier_en_lecture_seule: Path) -> None:
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(dossier_en_lecture_seule / "contrats")])
    assert resultat.exit_code == 2, resultat.output
    sortie = _sans_trace(resultat)
    assert "écriture impossible (" in sortie and "lecture-seule" in sortie
    assert not list(dossier_en_lecture_seule.iterdir())


# --- templates ------------------------------------------------------------------------------

def _modele(tmp_path: Path, paragraphe: str | None = None) -> Path:
    dossier = tmp_path / "modeles"
    shutil.copytree(TEMPLATES / "national", dossier)
    if paragraphe is not None:
        document = Document(str(dossier / "contrat.docx"))
        document.add_paragraph(paragraphe)
        document.save(str(dossier / "contrat.docx"))
    return dossier


def _reecrire(docx: Path, changer) -> None:
    """Rewrite a DOCX's members: ``changer(nom, octets)`` returns new bytes or None (drop)."""
    sortie = io.BytesIO()
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(sortie, "w",
                                                          zipfile.ZIP_DEFLATED) as cible:
        for info in source.infolist():
            contenu = changer(info.filename, source.read(info))
            if contenu is not None:
                cible.writestr(info.filename, contenu)
        extra = changer("", b"")
        for nom, contenu in (extra or {}).items():
            cible.writestr(nom, contenu)
    docx.write_bytes(sortie.getvalue())


_BOMBE = (b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
          + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10)
                     for i in range(8)) + b"]>")


def _docm(nom: str, contenu: bytes) -> bytes | dict[str, bytes] | None:
    if nom == "":
        return {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(200)}
    if nom == "[Content_Types].xml":
        return contenu.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    return contenu


def _bombe(nom: str, contenu: bytes) -> bytes | None:
    if nom == "word/document.xml":
        corps = re.sub(rb"^<\?xml[^>]*\?>", b"", contenu)
        return _BOMBE + corps.replace(b"</w:body>", b"<w:p><w:r><w:t>&i;</w:t></w:r></w:p>"
                                                    b"</w:body>", 1)
    return None if nom == "" else contenu


@pytest.mark.parametrize(("preparer", "attendu"), [
    (lambda d: (d / "contrat.docx").write_bytes(b"pas un zip"),
     "ce n'est pas un document Word .docx"),
    (lambda d: _reecrire(d / "contrat.docx", lambda n, c: None if n in ("word/document.xml", "")
                         else c), "partie « word/document.xml » manquante"),
    (lambda d: _reecrire(d / "contrat.docx", _docm), "document Word avec macros (.docm renommé)"),
    (lambda d: _reecrire(d / "contrat.docx", _bombe), "déclarations d'entités XML (DOCTYPE)"),
    (lambda d: (d / "variante.yaml").write_text("documents: 5\n"), "documents : liste attendue"),
], ids=["pas-un-zip", "partie-manquante", "docm-renomme", "bombe-d-entites",
        "variante-invalide"])
def test_modele_abime_code_2(runner, tmp_path: Path, preparer, attendu: str) -> None:
    modeles = _modele(tmp_path)
    preparer(modeles)
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(tmp_path / "s"), "--templates", str(modeles)])
    assert resultat.exit_code == 2, resultat.output
    assert attendu in _sans_trace(resultat)
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(("balise", "attendu"), [
    ("{% for i in range(10**9) %}x{% endfor %}", "nombre trop grand dans une balise"),
    ("{{ 1/0 }}", "division par zéro"),
    ("{% include 'autre.docx' %}", "ne peut pas inclure ou importer un autre modèle"),
    ("{% import 'autre.docx' as a %}", "ne peut pas inclure ou importer un autre modèle"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "une macro s'appelle sans fin"),
    ("{{ 'x'|center(10**9) }}", "nombre trop grand dans une balise"),
    ("{{ 7**99999999 }}", "puissance trop grande"),
], ids=["range-1e9", "division-par-zero", "include", "import", "macro-recursive", "center",
        "puissance"])
def test_balise_hostile_code_2_localisee(runner, tmp_path: Path, balise: str,
                                         attendu: str) -> None:
    modeles = _modele(tmp_path, f"Piège : {balise}")
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(tmp_path / "s"), "--templates", str(modeles)])
    assert resultat.exit_code == 2, resultat.output
    sortie = _sans_trace(resultat)
    assert attendu in sortie
    assert "modeles/contrat.docx, corps (« Piège : " in sortie
    assert not (tmp_path / "s").exists()


def test_variante_qui_sort_du_dossier_refusee(runner, tmp_path: Path) -> None:
    modeles = _modele(tmp_path)
    texte = (modeles / "variante.yaml").read_text(encoding="utf-8")
    (modeles / "variante.yaml").write_text(
        texte.replace("fichier: contrat.docx", "fichier: ../../x.docx"), encoding="utf-8")
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(tmp_path / "s"), "--templates", str(modeles)])
    assert resultat.exit_code == 2
    assert "sans dossier" in _sans_trace(resultat)
    assert not (tmp_path.parent / "x.docx").exists()


def test_classeur_qui_nomme_un_modele_par_chemin_absolu(runner, tmp_path: Path) -> None:
    csv = tmp_path / "c.csv"
    csv.write_text(f"modele;services[0].finess\n{TEMPLATES / 'national'};720012343\n",
                   encoding="utf-8")
    resultat = runner.invoke(app, ["bulk", str(csv), "-o", str(tmp_path / "s")])
    assert resultat.exit_code == 2, resultat.output
    assert "modèle introuvable" in _sans_trace(resultat)
    assert not (tmp_path / "s").exists()


# --- templates check ------------------------------------------------------------------------

def _relation_externe(nom: str, contenu: bytes) -> bytes | None:
    if nom == "word/_rels/document.xml.rels":
        return contenu.replace(b"</Relationships>", (
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/attachedTemplate" Target="http://exemple.invalid/m.dotm" '
            b'TargetMode="External"/></Relationships>'))
    return None if nom == "" else contenu


def _includetext(nom: str, contenu: bytes) -> bytes | None:
    if nom == "word/document.xml":
        return contenu.replace(b"</w:body>", (
            b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
            b'xml:space="preserve"> INCLUDETEXT "C:\\\\secret.txt" </w:instrText></w:r><w:r>'
            b'<w:fldChar w:fldCharType="end"/></w:r></w:p></w:body>'), 1)
    return None if nom == "" else contenu


@pytest.mark.parametrize(("changer", "attendu"), [
    (_docm, "macros VBA (word/vbaProject.bin)"),
    (_relation_externe, "relation externe vers « http://exemple.invalid/m.dotm »"),
    (_includetext, "champ INCLUDETEXT"),
], ids=["macro", "relation-externe", "includetext"])
def test_templates_check_signale_le_contenu_actif(runner, tmp_path: Path, changer,
                                                  attendu: str) -> None:
    modeles = _modele(tmp_path)
    _reecrire(modeles / "contrat.docx", changer)
    resultat = runner.invoke(app, ["templates", "check", str(modeles / "contrat.docx")])
    assert resultat.exit_code == 2, resultat.output
    assert attendu in " ".join(resultat.output.split())


def test_templates_check_ne_repete_pas_un_probleme(runner, tmp_path: Path) -> None:
    modeles = _modele(tmp_path)
    document = Document(str(modeles / "contrat.docx"))
    for _ in range(180):
        document.add_paragraph("Gestionnaire : {{ gestionnaire.inexistant }}.")
    document.save(str(modeles / "contrat.docx"))
    resultat = runner.invoke(app, ["templates", "check", str(modeles / "contrat.docx")])
    assert resultat.exit_code == 2
    lignes = [ligne for ligne in resultat.output.splitlines() if "inexistant" in ligne]
    assert len(lignes) == 3, resultat.output
    assert "(et 177 autre(s) endroit(s) du modèle)" in lignes[-1]


# --- memory: each case refused in seconds under ulimit -v 2000000 --------------------------

def _memoire_bornee() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMOIRE, MEMOIRE))


def _cpom_borne(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CPOM, *arguments], capture_output=True, text=True, timeout=60,
                          preexec_fn=_memoire_bornee)


def _yaml_alias(tmp_path: Path) -> list[str]:
    lignes = ["a: &a ['30/04', '30/04', '30/04', '30/04', '30/04', '30/04', '30/04', '30/04']"]
    for i in range(1, 12):
        lignes.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 8)
                      + "]")
    donnees = _donnees(tmp_path, NATIONAL.replace(
        "modele: national", "modele: national\n" + "\n".join(lignes), 1))
    return ["validate", str(donnees)]


def _classeur_dimension(tmp_path: Path) -> list[str]:
    """60 KB workbook declaring A1:XFD1048576, a stray value in its last cell."""
    source = tmp_path / "source.xlsx"
    classeur = load_workbook(EXEMPLES / "campagne-national.xlsx")
    classeur["Services"]["XFD1048576"] = "x"
    classeur.save(source)
    cible = tmp_path / "c.xlsx"
    _reecrire_xlsx(source, cible)
    return ["bulk", str(cible), "-o", str(tmp_path / "s")]


def _reecrire_xlsx(source: Path, cible: Path) -> None:
    with zipfile.ZipFile(source) as entree, zipfile.ZipFile(cible, "w",
                                                            zipfile.ZIP_DEFLATED) as sortie:
        for info in entree.infolist():
            contenu = entree.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                contenu = re.sub(rb'<dimension ref="[^"]*"/>',
                                 b'<dimension ref="A1:XFD1048576"/>', contenu)
            sortie.writestr(info.filename, contenu)


def _entete_indice(tmp_path: Path) -> list[str]:
    csv = tmp_path / "c.csv"
    csv.write_text("modele;services[0].finess;services[0].communes[999999999].nom\n"
                   "national;720012343;Le Mans\n", encoding="utf-8")
    return ["bulk", str(csv), "-o", str(tmp_path / "s")]


def _membre_declare(tmp_path: Path, declare: int, nom: str = "word/media/enorme.bin") -> bytes:
    """A DOCX member whose headers declare ``declare`` bytes (its data: a few bytes)."""
    modele = (TEMPLATES / "national" / "contrat.docx").read_bytes()
    donnees = zlib.compress(b"x", 9)[2:-4]
    nom_octets = nom.encode()
    with zipfile.ZipFile(io.BytesIO(modele)) as archive:
        infos = archive.infolist()
    fin = modele.rindex(zipfile.stringEndArchive)
    (_, _, _, _, nombre, taille_central, debut_central, _) = struct.unpack(
        zipfile.structEndArchive, modele[fin:fin + zipfile.sizeEndCentDir])
    assert nombre == len(infos)
    local = struct.pack(zipfile.structFileHeader, zipfile.stringFileHeader, 20, 0, 0, 8, 0,
                        33, zlib.crc32(b"x"), len(donnees), declare, len(nom_octets), 0)
    central = struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, 20, 0, 20, 0, 0,
                          8, 0, 33, zlib.crc32(b"x"), len(donnees), declare, len(nom_octets),
                          0, 0, 0, 0, 0, debut_central) + nom_octets
    corps = modele[:debut_central] + local + nom_octets + donnees
    nouveau_central = modele[debut_central:debut_central + taille_central] + central
    return corps + nouveau_central + struct.pack(
        zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0, nombre + 1, nombre + 1,
        len(nouveau_central), len(corps), 0)


def _partie_declaree_enorme(tmp_path: Path) -> list[str]:
    """A template referencing a part declared 4 GB (zip without zip64: 4 GB − 1)."""
    modeles = _modele(tmp_path)
    (modeles / "contrat.docx").write_bytes(_membre_declare(tmp_path, 2**32 - 1))
    return ["generate", str(EXEMPLES / "national.yaml"), "-o", str(tmp_path / "s"),
            "--templates", str(modeles)]


def _document_200_mo(tmp_path: Path) -> list[str]:
    """200 MB of document.xml in a docx of well under 1 MB (streamed, never in memory)."""
    modeles = _modele(tmp_path)
    docx = modeles / "contrat.docx"
    with zipfile.ZipFile(TEMPLATES / "national" / "contrat.docx") as source, \
            zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as cible:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                cible.writestr(info.filename, source.read(info))
                continue
            xml = source.read(info)
            debut, fin = xml.split(b"<w:body>", 1)
            with cible.open("word/document.xml", "w", force_zip64=True) as flux:
                flux.write(debut + b"<w:body>")
                bloc = b"<w:p><w:r><w:t>remplissage</w:t></w:r></w:p>" * 20_000
                for _ in range(200 * 2**20 // len(bloc)):
                    flux.write(bloc)
                flux.write(fin)
    assert docx.stat().st_size < 2**20
    return ["generate", str(EXEMPLES / "national.yaml"), "-o", str(tmp_path / "s"),
            "--templates", str(modeles)]


def _logo_creux(tmp_path: Path) -> list[str]:
    """A 1 GB sparse file as the département's logo."""
    texte = NATIONAL.replace("logo: national/logo-departement.png", "logo: creux.png", 1)
    donnees = _donnees(tmp_path, texte)
    with (tmp_path / "creux.png").open("wb") as flux:
        flux.truncate(2**30)
    return ["generate", str(donnees), "-o", str(tmp_path / "s")]


def _logo_geant(tmp_path: Path) -> list[str]:
    """A 100 000 × 100 000 pixel PNG of a few hundred bytes."""
    def bloc(type_: bytes, contenu: bytes) -> bytes:
        return (struct.pack(">I", len(contenu)) + type_ + contenu
                + struct.pack(">I", zlib.crc32(type_ + contenu)))
    compresseur = zlib.compressobj()
    image = (b"\x89PNG\r\n\x1a\n" + bloc(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8,
                                                                0, 0, 0, 0))
             + bloc(b"IDAT", compresseur.compress(bytes(1000)) + compresseur.flush())
             + bloc(b"IEND", b""))
    (tmp_path / "geant.png").write_bytes(image)
    texte = NATIONAL.replace("logo: national/logo-departement.png", "logo: geant.png", 1)
    return ["generate", str(_donnees(tmp_path, texte)), "-o", str(tmp_path / "s")]


def _boucles(tmp_path: Path) -> list[str]:
    modeles = _modele(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}"
                                "{{ j }}{% endfor %}{% endfor %}")
    return ["generate", str(EXEMPLES / "national.yaml"), "-o", str(tmp_path / "s"),
            "--templates", str(modeles)]


def _repetition(tmp_path: Path) -> list[str]:
    modeles = _modele(tmp_path, "{{ 'A' * 10**9 }}")
    return ["generate", str(EXEMPLES / "national.yaml"), "-o", str(tmp_path / "s"),
            "--templates", str(modeles)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS (Linux)")
@pytest.mark.parametrize(("preparer", "attendu"), [
    (_yaml_alias, "trop de valeurs (alias « * » compris)"),
    (_classeur_dimension, "trop de lignes"),
    (_entete_indice, "indice [999999999] trop grand dans l'en-tête"),
    (_partie_declaree_enorme, "partie « word/media/enorme.bin » trop volumineuse"),
    (_document_200_mo, "partie « word/document.xml » trop volumineuse"),
    (_logo_creux, "image trop volumineuse"),
    (_logo_geant, "image trop grande (100000 × 100000 pixels)"),
    (_boucles, "boucle trop longue : trop de répétitions"),
    (_repetition, "texte ou liste répété trop de fois"),
], ids=["alias-yaml", "dimension-classeur", "indice-d-en-tete", "partie-declaree-4-go",
        "document-200-mo", "logo-creux-1-go", "logo-100000-px", "boucles-range",
        "A-fois-1e9"])
def test_memoire_bornee_refus_en_secondes(tmp_path: Path, preparer, attendu: str) -> None:
    arguments = preparer(tmp_path)
    enfant = _cpom_borne(*arguments)
    assert enfant.returncode == 2, enfant.stderr[-2000:]
    erreurs = " ".join(enfant.stderr.split())
    assert "Traceback" not in erreurs and "erreur interne" not in erreurs, erreurs
    assert attendu in erreurs
    assert "CPOM_LIMITE_" in erreurs or "nombre" in erreurs or "trop" in erreurs
    assert not [p for p in (tmp_path / "s").rglob("*") if p.suffix in (".docx", ".pdf")]


def test_classeur_a_dimension_declaree_lu_selon_ses_cellules(tmp_path: Path) -> None:
    """A declared dimension is a claim: the workbook is read by its cells (and runs)."""
    cible = tmp_path / "c.xlsx"
    _reecrire_xlsx(EXEMPLES / "campagne-national.xlsx", cible)
    shutil.copytree(EXEMPLES / "national", tmp_path / "national")
    with zipfile.ZipFile(cible) as archive:
        assert b"A1:XFD1048576" in archive.read("xl/worksheets/sheet3.xml")
    enfant = _cpom_borne("bulk", str(cible), "-o", str(tmp_path / "s"), "--no-bundle")
    assert enfant.returncode in (0, 3), enfant.stderr[-2000:]
    assert list((tmp_path / "s").glob("*/contrat.docx"))


def test_limites_relevees_par_variable(runner, tmp_path: Path, monkeypatch) -> None:
    texte = _remplacer('apa: "25.20"', "apa: " + "9" * 20)
    donnees = _donnees(tmp_path, texte)
    resultat = runner.invoke(app, ["validate", str(donnees)])
    assert resultat.exit_code == 2
    assert "CPOM_LIMITE_CHIFFRES=30" in _sans_trace(resultat)
    monkeypatch.setenv("CPOM_LIMITE_CHIFFRES", "30")
    resultat = runner.invoke(app, ["validate", str(donnees)])
    assert "nombre trop grand" not in _sans_trace(resultat)
    assert os.environ["CPOM_LIMITE_CHIFFRES"] == "30"


def test_bombe_d_entites_dans_un_classeur(runner, tmp_path: Path) -> None:
    cible = tmp_path / "c.xlsx"
    with zipfile.ZipFile(EXEMPLES / "campagne-national.xlsx") as entree, \
            zipfile.ZipFile(cible, "w", zipfile.ZIP_DEFLATED) as sortie:
        for info in entree.infolist():
            contenu = entree.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":
                contenu = re.sub(rb"^<\?xml[^>]*\?>", b"", contenu)
                contenu = _BOMBE.replace(b"w:document", b"worksheet") + re.sub(
                    rb"<t>", b"<t>&i;", contenu, count=1)
            sortie.writestr(info.filename, contenu)
    resultat = runner.invoke(app, ["bulk", str(cible), "-o", str(tmp_path / "s")])
    assert resultat.exit_code == 2, resultat.output
    assert "déclarations d'entités XML (DOCTYPE)" in _sans_trace(resultat)
    assert not (tmp_path / "s").exists()


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML sans libyaml")
@pytest.mark.parametrize("exemple", sorted(EXEMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_libyaml_lit_comme_le_lecteur_python(exemple: Path) -> None:
    """The fast reader (libyaml) gives the same data as the pure-Python one."""
    texte = exemple.read_text(encoding="utf-8-sig")
    assert data_file._lire_yaml_c(texte) == data_file._lire_yaml_python(texte)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML sans libyaml")
def test_libyaml_ne_compose_pas_un_fichier_trop_imbrique() -> None:
    """libyaml's composer recurses in C: a deep file is stopped on its events first."""
    profond = "".join(f"{' ' * i}n{i}:\n" for i in range(900)) + " " * 900 + "fin: 1\n"
    with pytest.raises(data_file._TropProfond):
        data_file._lire_yaml_c(profond)
    with pytest.raises(data_file._Refus, match="imbrication trop profonde"):
        data_file._lire_yaml(profond)
