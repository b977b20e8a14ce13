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
from generator.render.context import transformer
from generator.render.filters import environnement
from generator.render.images import Image


def rendre(chemin: Path, contexte: Mapping[str, Any], environnement_jinja: Any = None
           ) -> bytes:
    """``chemin`` rendered by a new ``DocxTemplate`` with a prepared context."""
    gabarit = DocxTemplate(str(chemin))
    valeurs = transformer(contexte, lambda v: InlineImage(gabarit, str(v.chemin),
                                                          width=Mm(v.largeur_mm))
                          if isinstance(v, Image) else v)
    gabarit.render(valeurs, jinja_env=environnement_jinja or environnement())
    # the engine's one step of its own after docxtpl's ``fix_tables``: grids of ``{%tc``
    # loops follow the template's cell widths (generator/render/grilles.py)
    grilles.ajuster(gabarit.docx.element)
    sortie = io.BytesIO()
    gabarit.save(sortie)
    return sortie.getvalue()


def reparer_tableaux(xml: str) -> Any:
    """docxtpl's own ``fix_tables`` (the engine's port must give the same grids)."""
    return DocxTemplate.fix_tables(None, xml)
