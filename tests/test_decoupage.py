"""The documents' PDFs are cut out of the contrat complet's PDF (each page laid out once
by LibreOffice): same pages as each document converted on its own, each numbered
« Page X / Y » for itself, PDF/A kept; without the destinations, nothing is cut."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from generator.cli import app
from generator.output import decoupage
from generator.output import pdf as convert
from generator.output.bundle import NOM_PDF
from tests.aide import normaliser
from tests.conftest import EXEMPLES
from tests.test_pdf import pdfa_2b

necessite_libreoffice = pytest.mark.skipif(convert.commande_soffice() is None,
                                           reason="LibreOffice (soffice) absent")


def version(chemin: Path) -> str:
    """The version in the PDF's header (« %PDF-1.6 »)."""
    return chemin.read_bytes()[5:8].decode()


def pages(chemin: Path) -> list[str]:
    return [normaliser(page.extract_text()) for page in PdfReader(chemin).pages]


@necessite_libreoffice
@pytest.mark.parametrize("exemple", ["ille-et-vilaine", "national"])
def test_les_pdf_coupes_sont_ceux_de_chaque_document_numerotes_pour_eux(
        tmp_path: Path, exemple: str) -> None:
    sortie = tmp_path / exemple
    resultat = CliRunner().invoke(app, ["generate", str(EXEMPLES / f"{exemple}.yaml"),
                                        "-o", str(sortie), "--format", "all", "--pdfa"])
    assert resultat.exit_code == 0, resultat.output
    docx = sorted(p for p in sortie.glob("*.docx") if p.stem != Path(NOM_PDF).stem)
    # the reference: each DOCX converted on its own
    seuls = tmp_path / "seuls"
    seuls.mkdir()
    with convert.convertisseur("libreoffice") as convertisseur:
        convertisseur.convertir_tous([(d, seuls / f"{d.stem}.pdf") for d in docx])
    complet = pages(sortie / NOM_PDF)
    assert len(complet) == sum(len(PdfReader(seuls / f"{d.stem}.pdf").pages) for d in docx)
    for document in docx:
        coupe, seul = pages(sortie / f"{document.stem}.pdf"), pages(seuls / f"{document.stem}.pdf")
        assert len(coupe) == len(seul), document.name
        for numero, (page, reference) in enumerate(zip(coupe, seul, strict=True), start=1):
            assert f"Page {numero} / {len(coupe)}" in page, (document.name, numero)
            assert page == reference, (document.name, numero)
        assert page in complet  # the same page as in the contrat complet
        assert pdfa_2b(sortie / f"{document.stem}.pdf"), document.name
        assert version(sortie / f"{document.stem}.pdf") == version(sortie / NOM_PDF)
    assert pdfa_2b(sortie / NOM_PDF)


def test_sans_destinations_rien_n_est_coupe(tmp_path: Path) -> None:
    ecrivain = PdfWriter()
    for _ in range(3):
        ecrivain.add_blank_page(595, 842)
    ecrivain.add_named_destination("_cpom_fin_1", 1)  # the end of the contract is missing
    flux = io.BytesIO()
    ecrivain.write(flux)
    complet = tmp_path / "contrat-complet.pdf"
    complet.write_bytes(flux.getvalue())
    cibles = [tmp_path / "contrat.pdf", tmp_path / "annexe-01.pdf", tmp_path / "annexe-02.pdf"]
    assert decoupage.decouper(complet, cibles) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contrat-complet.pdf"]
    # with every end: cut at the ends, the last document running to the last page
    ecrivain.add_named_destination("_cpom_fin_0", 0)
    flux = io.BytesIO()
    ecrivain.write(flux)
    complet.write_bytes(flux.getvalue())
    assert decoupage.decouper(complet, cibles) == cibles
    assert [len(PdfReader(c).pages) for c in cibles] == [1, 1, 1]
