"""docxtpl's own ``render``: the reference the engine is checked against (test oracle).

Only the tests (and the naive baseline of ``benchmarks/bulk.py``) render this way; every
command renders through ``generator.render.engine``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from generator.render import grilles
from generator.render.filters import environnement
from generator.render.images import Image


def _images_docxtpl(valeur: Any, gabarit: DocxTemplate) -> Any:
    """``valeur`` with each prepared image as docxtpl's ``InlineImage``."""
    if isinstance(valeur, Image):
        return InlineImage(gabarit, str(valeur.chemin), width=Mm(valeur.largeur_mm))
    if isinstance(valeur, Mapping):
        return {cle: _images_docxtpl(v, gabarit) for cle, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [_images_docxtpl(v, gabarit) for v in valeur]
    return valeur


def rendre(chemin: Path, contexte: Mapping[str, Any], environnement_jinja: Any = None
           ) -> bytes:
    """``chemin`` rendered by a new ``DocxTemplate`` with a prepared context."""
    gabarit = DocxTemplate(str(chemin))
    gabarit.render(_images_docxtpl(contexte, gabarit),
                   jinja_env=environnement_jinja or environnement())
    # the engine's one step of its own after docxtpl's ``fix_tables``: grids of ``{%tc``
    # loops follow the template's cell widths (generator/render/grilles.py)
    grilles.ajuster(gabarit.docx.element)
    sortie = io.BytesIO()
    gabarit.save(sortie)
    return sortie.getvalue()


def reparer_tableaux(xml: str) -> Any:
    """docxtpl's own ``fix_tables`` (the engine's port must give the same grids)."""
    return DocxTemplate.fix_tables(None, xml)
