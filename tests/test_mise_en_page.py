"""Page layout of the four samples, on the PDFs of the real LibreOffice: the signature
block on one page, no word cut inside a table cell, no landscape page left almost empty;
and, in the templates, table rows that never split across pages."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from generator.cli import app
from generator.output import pdf as convert
from generator.variants import folder
from tests.aide import texte_docx
from tests.conftest import EXEMPLES

EXEMPLES_YAML = sorted(EXEMPLES.glob("*.yaml"))
necessite_libreoffice = pytest.mark.skipif(
    convert.commande_soffice() is None or not Path("/usr/bin/pdftotext").exists(),
    reason="LibreOffice (soffice) ou pdftotext (poppler-utils) absent",
)
MOT = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
COMPOSE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def mots(texte: str) -> set[str]:
    return {m.lower().replace("’", "'") for m in MOT.findall(texte)}


def composes(texte: str) -> set[str]:
    """Every join of consecutive parts of a hyphenated word: a line may break at a hyphen,
    and pdftotext joins the two halves (« médico-|sociaux » → « médicosociaux »)."""
    joints = set()
    for mot in COMPOSE.findall(texte):
        parties = mot.lower().replace("’", "'").split("-")
        joints |= {"".join(parties[i:j]) for i in range(len(parties))
                   for j in range(i + 1, len(parties) + 1)}
    return joints


def lettres(texte: str) -> str:
    return "".join(c for c in texte.lower() if c.isalpha())


def pages(pdf: Path, disposition: bool = True) -> list[str]:
    """The text of each page (pdftotext; ``disposition``: the layout kept, else in reading
    order, one table cell after the other)."""
    options = ["-layout"] if disposition else []
    sortie = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout
    return sortie.split("\f")[:-1]


@pytest.fixture(scope="module")
def generes(tmp_path_factory) -> dict[str, Path]:
    """DOCX and PDF of every document of the four samples (sample name → folder)."""
    racine = tmp_path_factory.mktemp("mise-en-page")
    dossiers = {}
    for exemple in EXEMPLES_YAML:
        sortie = racine / exemple.stem
        resultat = CliRunner().invoke(app, ["generate", str(exemple), "-o", str(sortie),
                                            "--format", "all", "--no-bundle"])
        assert resultat.exit_code == 0, resultat.output
        dossiers[exemple.stem] = sortie
    return dossiers


@necessite_libreoffice
@pytest.mark.parametrize("exemple", [e.stem for e in EXEMPLES_YAML])
def test_bloc_de_signature_sur_une_page(generes: dict[str, Path], exemple: str) -> None:
    texte_contrat = texte_docx(generes[exemple] / "contrat.docx")
    tableau = texte_contrat[texte_contrat.rindex("Fait "):]
    signataires = [ligne.strip() for ligne in tableau.splitlines()[1:] if ligne.strip()]
    assert len(signataires) >= 3  # titles and names of both parties
    avec_fait = [p for p in pages(generes[exemple] / "contrat.pdf", disposition=False)
                 if re.search(r"^\s*Fait ", p, re.M)]
    assert len(avec_fait) == 1
    page = lettres(avec_fait[0])  # a name may wrap in its cell, at a hyphen
    assert [s for s in signataires if lettres(s) not in page] == [], exemple


@necessite_libreoffice
@pytest.mark.parametrize("exemple", [e.stem for e in EXEMPLES_YAML])
def test_aucun_mot_coupe(generes: dict[str, Path], exemple: str) -> None:
    """Every word of each PDF is a word of its DOCX: a cell too narrow for a word cuts it
    (« complémentai|re »), which leaves two pieces that are no words of the document."""
    coupes = {}
    for pdf in sorted(generes[exemple].glob("*.pdf")):
        docx = texte_docx(pdf.with_suffix(".docx"))
        connus = mots(docx) | composes(docx)
        inconnus = sorted(m for m in mots("\n".join(pages(pdf)))
                          if len(m) > 1 and m not in connus)
        if inconnus:
            coupes[pdf.name] = inconnus
    assert coupes == {}


@necessite_libreoffice
@pytest.mark.parametrize("exemple", [e.stem for e in EXEMPLES_YAML])
def test_pas_de_page_paysage_presque_vide(generes: dict[str, Path], exemple: str) -> None:
    """Each landscape page holds more than its header, footer and a few lines (a table
    that spills one row over a new page, a title left alone)."""
    vides = {}
    for pdf in sorted(generes[exemple].glob("*.pdf")):
        paysage = [p.mediabox.width > p.mediabox.height for p in PdfReader(pdf).pages]
        lignes = [len([ligne for ligne in page.splitlines() if ligne.strip()])
                  for page in pages(pdf)]
        presque_vides = [i + 1 for i, (large, n) in enumerate(zip(paysage, lignes, strict=True))
                         if large and n < 8]
        if presque_vides:
            vides[pdf.name] = presque_vides
    assert vides == {}


def test_lignes_de_tableau_insecables() -> None:
    """Every table row of every shipped template is kept on one page (w:cantSplit)."""
    sans = []
    for gabarit in sorted(folder.modeles_livres().glob("*/*.docx")):
        xml = zipfile.ZipFile(gabarit).read("word/document.xml").decode("utf-8")
        for ligne in re.findall(r"<w:tr[ >].*?</w:tr>", xml, re.S):
            if "<w:cantSplit/>" not in ligne and "{%tr" not in ligne:
                sans.append((gabarit.name, re.sub(r"<[^>]+>", "", ligne)[:40]))
    assert sans == []


def test_pas_de_souligne_entre_chiffres(generes: dict[str, Path]) -> None:
    """« CPOM 2024-2028 », « 2020, 2021 et 2022 », never « 2024_2028 »."""
    collees = [(docx.name, m.group()) for dossier in generes.values()
               for docx in sorted(dossier.glob("*.docx"))
               for m in re.finditer(r"\d_\d+", texte_docx(docx))]
    assert collees == []
