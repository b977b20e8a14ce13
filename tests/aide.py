"""Test helpers: read a rendered DOCX back as text (paragraphs, tables, headers)."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree

from generator import api
from generator.contract import Contrat
from generator.problems import ErreurCpom, Probleme
from generator.validate import validation
from generator.variants import Variante

RESTES_INTERDITS = ("{{", "}}", "{%", "%}", "None", "XXX", "[…]", "#DIV/0!")


def _source(docx: Path | bytes):
    return io.BytesIO(docx) if isinstance(docx, bytes) else docx


def texte_docx(docx: Path | bytes) -> str:
    """All the text of a DOCX: body paragraphs and table cells in order, then headers and
    footers; every XML part must parse strictly."""
    donnees = docx if isinstance(docx, bytes) else Path(docx).read_bytes()
    with zipfile.ZipFile(io.BytesIO(donnees)) as archive:
        for nom in archive.namelist():
            if nom.endswith(".xml"):
                etree.fromstring(archive.read(nom))
    document = Document(_source(docx))
    lignes: list[str] = []

    def bloc(conteneur) -> None:
        for element in conteneur.iter_inner_content():
            if hasattr(element, "rows"):
                for ligne in element.rows:
                    for cellule in ligne.cells:
                        bloc(cellule)
            else:
                lignes.append(element.text)

    bloc(document)
    for section in document.sections:
        for partie in (section.header, section.footer):
            lignes.extend(p.text for p in partie.paragraphs)
    return "\n".join(lignes)


def normaliser(texte: str) -> str:
    """Fold NBSP/narrow NBSP, apostrophes and whitespace for comparisons."""
    texte = texte.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    return re.sub(r"\s+", " ", texte).strip()


def restes(texte: str) -> list[str]:
    """Template leftovers or placeholders found in a rendered text."""
    return [motif for motif in RESTES_INTERDITS if motif in texte]


def png(largeur: int, hauteur: int, bruit: bool = False) -> bytes:
    """An RGB PNG, white or of random pixels (``bruit``: JPEG would be smaller, so
    LibreOffice's default PDF export picks it, and down-samples)."""
    def ligne() -> bytes:
        return os.urandom(largeur * 3) if bruit else b"\xff" * (largeur * 3)

    brut = b"".join(b"\0" + ligne() for _ in range(hauteur))

    def bloc(type_: bytes, donnees: bytes) -> bytes:
        return (struct.pack(">I", len(donnees)) + type_ + donnees
                + struct.pack(">I", zlib.crc32(type_ + donnees)))

    return (b"\x89PNG\r\n\x1a\n"
            + bloc(b"IHDR", struct.pack(">IIBBBBB", largeur, hauteur, 8, 2, 0, 0, 0))
            + bloc(b"IDAT", zlib.compress(brut)) + bloc(b"IEND", b""))


# --- the pipeline, for the tests ----------------------------------------------------------

@dataclass
class Validation:
    """What the validation stage returns: typed data and warnings."""

    donnees: dict[str, Any]
    avertissements: list[Probleme]


def valider(donnees: dict[str, Any], variante: Variante) -> Validation:
    """The validation stage alone (raises ``ErreurCpom`` with every error)."""
    return Validation(*validation.valider(donnees, variante))


def erreurs_de(donnees: dict[str, Any], variante: Variante) -> list[str]:
    """The errors of invalid data, as « chemin : message »."""
    with pytest.raises(ErreurCpom) as exc:
        validation.valider(donnees, variante)
    return [p.texte() for p in exc.value.problemes if p.est_erreur]


def contrat_de(donnees: Path | dict[str, Any], base: Path | None = None) -> Contrat:
    """The validated, computed contract, through the façade (must be valid)."""
    resultat = api.valider(donnees, base=base)
    assert resultat.ok, [str(p) for p in resultat.erreurs]
    assert resultat.contrat is not None
    return resultat.contrat


def documents_de(donnees: Path | dict[str, Any], base: Path | None = None) -> dict[str, bytes]:
    """Every rendered document (file name → DOCX bytes), through the façade."""
    resultat = api.rendre(donnees, base=base)
    assert resultat.ok, [str(p) for p in resultat.erreurs]
    return resultat.documents


def textes_de(donnees: Path | dict[str, Any], base: Path | None = None) -> dict[str, str]:
    return {nom: texte_docx(octets) for nom, octets in documents_de(donnees, base).items()}


def exemple(nom: str) -> dict[str, Any]:
    """A sample data file of samples/, as plain data to mutate."""
    import yaml

    from tests.conftest import EXEMPLES

    return yaml.safe_load((EXEMPLES / nom).read_text(encoding="utf-8"))


def valider_cli(runner: Any, dossier: Path, donnees: dict[str, Any]) -> tuple[int, str]:
    """``cpom validate`` on ``donnees`` written into ``dossier``, next to (links to) the
    samples' images: the exit code and the normalised output."""
    from generator.cli import app
    from tests.conftest import EXEMPLES

    for images in EXEMPLES.iterdir():
        if images.is_dir() and not (dossier / images.name).exists():
            (dossier / images.name).symlink_to(images)
    chemin = dossier / "donnees.yaml"
    import yaml

    chemin.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    resultat = runner.invoke(app, ["validate", str(chemin)])
    return resultat.exit_code, normaliser(resultat.output)
