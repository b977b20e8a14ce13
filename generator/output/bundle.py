"""The full contract (« contrat complet »): the contract then each annex, in order, in one
DOCX, rendered as one template.

The variant's Word templates are composed once per process (and per version of their
content) into one bundle template, which the render engine prepares once and renders
with the same context as the separate documents: a full contract costs about one
rendering, not a composition per contract.

docxcompose drops an appended document's last section properties and adds no page break:
before each annex we open a new section in the master, on a new page, with the annex's
own page layout (landscape annexes stay landscape). Headers and footers are the
contract's, so « Page X / Y » counts the whole bundle. The PDF bundle is this DOCX
converted once (PDF/A survives, page numbers are global).
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docxcompose.composer import Composer

from generator.problems import ErreurCpom, Lieu
from generator.render import engine
from generator.render.docx_zip import normaliser
from generator.variants import Variante

NOM_DOCX = "contrat-complet.docx"
NOM_PDF = "contrat-complet.pdf"
CACHE_MAX = 16  # composed bundle templates kept per process

_VERROU = threading.Lock()
_COMPOSES: OrderedDict[tuple[str, ...], bytes] = OrderedDict()


def _mise_en_page(cible: Any, source: Any) -> None:
    """Give section ``cible`` the page size, orientation and margins of ``source``."""
    cible.orientation = source.orientation
    cible.page_width, cible.page_height = source.page_width, source.page_height
    for attribut in ("left_margin", "right_margin", "top_margin", "bottom_margin",
                     "header_distance", "footer_distance", "gutter"):
        setattr(cible, attribut, getattr(source, attribut))


def composer(documents: Iterable[bytes]) -> bytes:
    """One DOCX from Word documents or templates (the first is the master: the
    contract); deterministic bytes."""
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


def gabarit(variante: Variante) -> engine.Gabarit:
    """The bundle template of ``variante``: its templates composed, then prepared by the
    engine; both once per process and per content of the templates."""
    chemins = [variante.gabarit(document) for document in variante.documents]
    try:
        octets = [chemin.read_bytes() for chemin in chemins]
    except OSError as exc:
        raise ErreurCpom.modele(f"modèle Word illisible ({exc.strerror})",
                                Lieu(fichier=str(exc.filename))) from None
    cle = tuple(hashlib.sha256(o).hexdigest() for o in octets)
    with _VERROU:
        compose = _COMPOSES.get(cle)
        if compose is not None:
            _COMPOSES.move_to_end(cle)
    if compose is None:
        try:
            compose = composer(octets)
        except Exception as exc:  # python-docx / docxcompose on a damaged template
            raise ErreurCpom.modele(f"modèles impossibles à assembler en contrat complet "
                                    f"({type(exc).__name__} : {exc})",
                                    Lieu(fichier=str(variante.dossier))) from None
        with _VERROU:
            _COMPOSES[cle] = compose
            while len(_COMPOSES) > CACHE_MAX:
                _COMPOSES.popitem(last=False)
    return engine.gabarit_octets(Path(variante.dossier) / NOM_DOCX, compose)


def rendre(variante: Variante, contexte: Mapping[str, Any]) -> bytes:
    """The full contract of ``variante`` rendered with a prepared context."""
    return gabarit(variante).rendre(contexte)
