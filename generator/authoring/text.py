"""The text of a DOCX as a reviewer reads it: one line per paragraph, tables cell by
cell, then headers and footers; Jinja tags of a template are kept as they are.

It is what the golden texts of the rendered samples hold (``tests/golden``), and what
``git diff`` shows of a ``.docx`` once ``cpom templates text`` is its text conversion
(``git config diff.docx.textconv``): every wording change of a template or of its
rendering shows up as a line of text.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document

# Non-breaking spaces are kept but made visible: French typography is part of the text.
_VISIBLES = str.maketrans({"\u00a0": "⍽", "\u202f": "⸱"})
_IMAGE = "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"


def _paragraphe(paragraphe: object) -> str:
    """The text of a paragraph, and « [image NOM] » for each picture in it."""
    images = [f"[image {e.get('name')}]" for e in paragraphe._p.iter(_IMAGE)]  # type: ignore[attr-defined]
    return " ".join([paragraphe.text, *images]) if images else paragraphe.text  # type: ignore[attr-defined]


def texte(docx: Path | bytes, espaces_visibles: bool = False) -> str:
    """The text of ``docx``: paragraphs, then « | »-separated table rows, then the header
    and footer of each section (« [en-tête] », « [pied de page] »)."""
    source = io.BytesIO(docx) if isinstance(docx, bytes) else str(docx)
    document = Document(source)
    lignes: list[str] = []

    def bloc(conteneur: object, retrait: str = "") -> None:
        for element in conteneur.iter_inner_content():  # type: ignore[attr-defined]
            if hasattr(element, "rows"):
                lignes.append(f"{retrait}[tableau]")
                for ligne in element.rows:
                    vues: set[int] = set()
                    cellules = []
                    for cellule in ligne.cells:
                        if id(cellule._tc) in vues:  # a merged cell is printed once
                            continue
                        vues.add(id(cellule._tc))
                        cellules.append(" / ".join(_paragraphe(p) for p in cellule.paragraphs))
                    lignes.append(f"{retrait}| " + " | ".join(cellules) + " |")
                    for cellule in ligne.cells:
                        if cellule.tables:
                            bloc(cellule, retrait + "  ")
                lignes.append(f"{retrait}[fin du tableau]")
            else:
                lignes.append(retrait + _paragraphe(element))

    bloc(document)
    vus: set[str] = set()
    for section in document.sections:
        for nom, partie in (("en-tête", section.header), ("pied de page", section.footer)):
            if partie.is_linked_to_previous:
                continue
            cle = partie.part.partname if partie.part is not None else nom
            if cle in vus:
                continue
            vus.add(cle)
            lignes.append(f"[{nom}]")
            lignes.extend(_paragraphe(p) for p in partie.paragraphs)
    resultat = "\n".join(lignes) + "\n"
    return resultat.translate(_VISIBLES) if espaces_visibles else resultat
