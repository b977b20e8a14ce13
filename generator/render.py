"""Render the variant's Word templates with docxtpl.

One sandboxed Jinja environment per process (autoescape, strict undefined, French
filters). Each template is read once; its patched XML and compiled Jinja template are
cached per process, so rendering N documents compiles each template once.
Every user string is sanitised before rendering (control characters, Excel line breaks).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from domaine import formats
from generator.errors import ErreurModele

# XML 1.0 forbids these; \x07 and \x0c mean "new paragraph" / "page break" to docxtpl.
_CONTROLE = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f]")


def nettoyer(texte: str) -> str:
    """Make a user string safe for Word XML: Excel's vertical tab becomes a line break."""
    texte = texte.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _CONTROLE.sub("", texte)


def nettoyer_contexte(valeur: Any) -> Any:
    """Recursively sanitise every string of a rendering context."""
    if isinstance(valeur, str):
        return nettoyer(valeur)
    if isinstance(valeur, Mapping):
        return {cle: nettoyer_contexte(v) for cle, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [nettoyer_contexte(v) for v in valeur]
    return valeur


def _case(coche: bool) -> str:
    return "■" if coche else "□"


def _oui_non(valeur: bool) -> str:
    return "OUI" if valeur else "NON"


def _texte(valeur: Any) -> str:
    """Default display of a computed value: Decimal as a French number, date in words."""
    if valeur is None:
        return formats.INDEFINI
    if isinstance(valeur, bool):
        return _oui_non(valeur)
    if isinstance(valeur, Decimal | int):
        return formats.nombre(valeur, 0 if Decimal(valeur) == int(valeur) else 2)
    if isinstance(valeur, date):
        return formats.date_longue(valeur)
    return str(valeur)


class _Environnement(ImmutableSandboxedEnvironment):
    """Sandboxed environment that compiles each distinct template source once."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, trim_blocks=False)
        self._compiles: dict[str, Any] = {}

    def from_string(self, source, globals=None, template_class=None):  # type: ignore[override]
        if globals or template_class:
            return super().from_string(source, globals, template_class)
        compile_ = self._compiles.get(source)
        if compile_ is None:
            compile_ = self._compiles[source] = super().from_string(source)
        return compile_


@cache
def environnement() -> _Environnement:
    """The process-wide rendering environment with the French filters."""
    env = _Environnement()
    env.filters.update(
        montant=formats.montant,
        nombre=formats.nombre,
        pourcentage=formats.pourcentage,
        date_longue=formats.date_longue,
        jour_mois=formats.jour_mois,
        case=_case,
        oui_non=_oui_non,
        texte=_texte,
    )
    return env


class _Gabarit(DocxTemplate):
    """DocxTemplate whose XML patching is memoised per process (same source, same result)."""

    _patches: dict[str, str] = {}  # noqa: RUF012 - deliberate process-wide cache

    def patch_xml(self, src_xml: str) -> str:
        patche = self._patches.get(src_xml)
        if patche is None:
            patche = self._patches[src_xml] = super().patch_xml(src_xml)
        return patche


class Image:
    """An image to place in a document (``{{ image }}`` in a template), width in mm."""

    def __init__(self, chemin: Path, largeur_mm: float) -> None:
        self.chemin = chemin
        self.largeur_mm = largeur_mm


def _images(valeur: Any, gabarit: DocxTemplate) -> Any:
    """Replace ``Image`` values by docxtpl InlineImages bound to this rendering."""
    if isinstance(valeur, Image):
        return InlineImage(gabarit, str(valeur.chemin), width=Mm(valeur.largeur_mm))
    if isinstance(valeur, Mapping):
        return {cle: _images(v, gabarit) for cle, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [_images(v, gabarit) for v in valeur]
    return valeur


def _contient_images(valeur: Any) -> bool:
    if isinstance(valeur, Image):
        return True
    if isinstance(valeur, Mapping):
        return any(_contient_images(v) for v in valeur.values())
    if isinstance(valeur, list | tuple):
        return any(_contient_images(v) for v in valeur)
    return False


@cache
def _octets(chemin: Path) -> bytes:
    return chemin.read_bytes()


_COMPILE = {"actif": False}


def utiliser_compilation(actif: bool = True) -> None:
    """Render through ``generator.compilation`` (templates prepared once per process,
    zip-level rendering, deterministic bytes) instead of a docxtpl object per document.
    Used by ``cpom bulk``; off by default."""
    _COMPILE["actif"] = actif


def rendre(modele: Path, contexte: Mapping[str, Any]) -> bytes:
    """Render one template with an already sanitised context; return the DOCX bytes."""
    if _COMPILE["actif"]:
        from generator import compilation

        return compilation.rendre(modele, contexte)
    return rendre_docxtpl(modele, contexte)


def rendre_docxtpl(modele: Path, contexte: Mapping[str, Any]) -> bytes:
    """``rendre`` with a new docxtpl object (the reference implementation)."""
    gabarit = _Gabarit(io.BytesIO(_octets(modele)))
    if _contient_images(contexte):
        contexte = _images(contexte, gabarit)
    try:
        gabarit.render(dict(contexte), jinja_env=environnement())
    except TemplateError as exc:
        raise ErreurModele(modele, exc) from exc
    sortie = io.BytesIO()
    gabarit.save(sortie)
    return sortie.getvalue()
