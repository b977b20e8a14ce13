"""The documents' PDFs cut out of the contrat complet's PDF: LibreOffice lays out each
page once.

In the contrat complet each document is numbered on its own and ends with the bookmark
``_cpom_fin_N`` (see ``output.bundle``), exported as a named destination of the PDF. The
pages of document N run from the page after the end of document N-1 to the page of its
own end; the last document runs to the last page. The catalog entries that make a PDF/A
(XMP metadata, output intent) and the document information are copied into each part
(pikepdf, i.e. qpdf: a part costs milliseconds). When the destinations are missing or
out of order (a converter that does not export them), ``pages_des_documents`` says so
with ``None`` and the caller converts each document instead.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pikepdf

from generator.output.writing import ecrire_atomique

# LibreOffice writes « _ » of a destination name as « 5F » (its hexadecimal code).
_FIN = re.compile(r"/?(?:_|5F)cpom(?:_|5F)fin(?:_|5F)(\d+)")
_CATALOGUE = ("/Metadata", "/OutputIntents", "/MarkInfo", "/Lang", "/ViewerPreferences")


def _destinations(pdf: pikepdf.Pdf) -> Iterator[tuple[str, Any]]:
    """The named destinations: the catalog's /Dests dictionary (LibreOffice) and its
    /Names /Dests name tree (PDF 1.2)."""
    racine = pdf.Root
    if "/Dests" in racine:
        yield from ((str(nom), valeur) for nom, valeur in racine.Dests.items())
    if "/Names" in racine and "/Dests" in racine.Names:
        yield from ((str(nom), valeur)
                    for nom, valeur in pikepdf.NameTree(racine.Names.Dests).items())


def _page(pdf: pikepdf.Pdf, destination: Any) -> int | None:
    """The page index a destination points to (an array, or a dictionary with /D)."""
    if isinstance(destination, pikepdf.Dictionary):
        destination = destination.get("/D")
    try:
        return pdf.pages.index(pikepdf.Page(destination[0]))
    except (TypeError, ValueError, IndexError, KeyError):
        return None


def pages_des_documents(pdf: pikepdf.Pdf, nombre: int) -> list[range] | None:
    """The page ranges of the ``nombre`` documents of a contrat complet's PDF, or
    ``None`` when its destinations do not give them."""
    fins: dict[int, int | None] = {}
    for nom, destination in _destinations(pdf):
        trouve = _FIN.fullmatch(nom)
        if trouve:
            fins[int(trouve.group(1))] = _page(pdf, destination)
    dernieres = [fins.get(numero) for numero in range(nombre - 1)]
    if None in dernieres:
        return None
    bornes = [-1, *dernieres, len(pdf.pages) - 1]
    if any(fin <= debut for debut, fin in pairwise(bornes)):  # type: ignore[operator]
        return None
    return [range(debut + 1, fin + 1) for debut, fin in pairwise(bornes)]  # type: ignore[operator]


def _copie(source: pikepdf.Pdf, cible: pikepdf.Pdf, objet: Any) -> Any:
    """``objet`` of ``source`` (and what it refers to) copied into ``cible``."""
    if not isinstance(objet, pikepdf.Object) or not objet.is_indirect:
        objet = source.make_indirect(objet)
    return cible.copy_foreign(objet)


def _partie(complet: pikepdf.Pdf, pages: range) -> bytes:
    """A PDF of ``pages`` of ``complet``, with its catalog's PDF/A entries and its
    version."""
    partie = pikepdf.new()
    partie.pages.extend(complet.pages[pages.start:pages.stop])
    for cle in _CATALOGUE:
        if cle in complet.Root:
            partie.Root[cle] = _copie(complet, partie, complet.Root[cle])
    if "/Info" in complet.trailer:
        partie.trailer.Info = _copie(complet, partie, complet.trailer.Info)
    sortie = io.BytesIO()
    # the version of the contrat complet (pikepdf would write 1.3 for a new PDF)
    partie.save(sortie, min_version=(complet.pdf_version, complet.extension_level))
    return sortie.getvalue()


def decouper(complet: Path, cibles: list[Path], *,
             synchroniser: bool = True) -> list[Path] | None:
    """Write the PDF of each document (``cibles``, in the order of the contrat complet)
    cut out of ``complet``; ``None`` (nothing written) when its pages cannot be told."""
    with pikepdf.open(complet) as pdf:
        plages = pages_des_documents(pdf, len(cibles))
        if plages is None:
            return None
        return [ecrire_atomique(cible, _partie(pdf, pages), synchroniser=synchroniser)
                for cible, pages in zip(cibles, plages, strict=True)]
