"""The documents' PDFs cut out of the contrat complet's PDF: LibreOffice lays out each
page once.

In the contrat complet each document is numbered on its own and ends with the bookmark
``_cpom_fin_N`` (see ``output.bundle``), exported as a named destination of the PDF. The
pages of document N run from the page after the end of document N-1 to the page of its
own end; the last document runs to the last page. The catalog entries that make a PDF/A
(XMP metadata, output intent) and the document information are copied into each part.
When the destinations are missing or out of order (a converter that does not export
them), ``pages_des_documents`` says so with ``None`` and the caller converts each
document instead.
"""

from __future__ import annotations

import io
import re
from itertools import pairwise
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from generator.output.writing import ecrire_atomique

# LibreOffice writes « _ » of a destination name as « 5F » (its hexadecimal code).
_FIN = re.compile(r"/?(?:_|5F)cpom(?:_|5F)fin(?:_|5F)(\d+)")
_CATALOGUE = ("/Metadata", "/OutputIntents", "/MarkInfo", "/Lang", "/ViewerPreferences")


def pages_des_documents(lecteur: PdfReader, nombre: int) -> list[range] | None:
    """The page ranges of the ``nombre`` documents of a contrat complet's PDF, or
    ``None`` when its destinations do not give them."""
    fins: dict[int, int] = {}
    for nom, destination in lecteur.named_destinations.items():
        trouve = _FIN.fullmatch(str(nom))
        if trouve:
            fins[int(trouve.group(1))] = lecteur.get_destination_page_number(destination)
    dernieres = [fins.get(numero) for numero in range(nombre - 1)]
    if None in dernieres:
        return None
    bornes = [-1, *dernieres, len(lecteur.pages) - 1]  # type: ignore[list-item]
    if any(fin <= debut for debut, fin in pairwise(bornes)):
        return None
    return [range(debut + 1, fin + 1) for debut, fin in pairwise(bornes)]


def _partie(lecteur: PdfReader, pages: range) -> bytes:
    """A PDF of ``pages`` of ``lecteur``, with its catalog's PDF/A entries."""
    ecrivain = PdfWriter()
    for numero in pages:
        ecrivain.add_page(lecteur.pages[numero])
    racine = lecteur.trailer["/Root"]
    for cle in _CATALOGUE:
        if cle in racine:
            ecrivain._root_object[NameObject(cle)] = racine.raw_get(cle).clone(ecrivain)
    if lecteur.metadata:
        ecrivain.add_metadata(dict(lecteur.metadata))
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue()


def decouper(complet: Path, cibles: list[Path]) -> list[Path] | None:
    """Write the PDF of each document (``cibles``, in the order of the contrat complet)
    cut out of ``complet``; ``None`` (nothing written) when its pages cannot be told."""
    lecteur = PdfReader(complet)
    plages = pages_des_documents(lecteur, len(cibles))
    if plages is None:
        return None
    return [ecrire_atomique(cible, _partie(lecteur, pages))
            for cible, pages in zip(cibles, plages, strict=True)]
