"""The full contract: the contract then each annex, in order, in one DOCX.

docxcompose drops an appended document's last section properties and adds no page break:
before each annex we open a new section in the master, on a new page, with the annex's
own page layout (landscape annexes stay landscape). Headers and
footers are the contract's, so « Page X / Y » counts the whole bundle. The PDF bundle is
this DOCX converted once (PDF/A survives, page numbers are global). The bytes are
deterministic: the same documents give the same full contract.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document
from docx.enum.section import WD_SECTION
from docxcompose.composer import Composer

from generator.render.docx_zip import normaliser

NOM_DOCX = "contrat-complet.docx"
NOM_PDF = "contrat-complet.pdf"


def _mise_en_page(cible, source) -> None:
    """Give section ``cible`` the page size, orientation and margins of ``source``."""
    cible.orientation = source.orientation
    cible.page_width, cible.page_height = source.page_width, source.page_height
    for attribut in ("left_margin", "right_margin", "top_margin", "bottom_margin",
                     "header_distance", "footer_distance", "gutter"):
        setattr(cible, attribut, getattr(source, attribut))


def composer(documents: Iterable[bytes]) -> bytes:
    """One DOCX from rendered documents (the first is the master: the contract)."""
    iterateur = iter(documents)
    maitre = Document(io.BytesIO(next(iterateur)))
    assembleur = Composer(maitre)
    for contenu in iterateur:
        annexe = Document(io.BytesIO(contenu))
        maitre.add_section(WD_SECTION.NEW_PAGE)
        _mise_en_page(maitre.sections[-1], annexe.sections[-1])
        assembleur.append(annexe)
    sortie = io.BytesIO()
    assembleur.save(sortie)
    return normaliser(sortie.getvalue())
