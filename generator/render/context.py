"""The rendering context made safe: every user string sanitised for Word XML, every image
field read and sized. One walk over the computed values, before any rendering."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.render import images
from generator.render.images import Image

# Not allowed in XML 1.0 (lone surrogates and U+FFFE/U+FFFF included); \x07 and \x0c
# would mean « new paragraph » and « page break » to the renderer.
_INTERDITS = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def nettoyer(texte: str) -> str:
    """A user string safe for Word XML: Excel's vertical tab becomes a line break."""
    if texte.isprintable():  # no control, surrogate or noncharacter: nothing to change
        return texte
    texte = texte.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _INTERDITS.sub("", texte)


def _est_image(valeur: Mapping[str, Any]) -> bool:
    return "image" in valeur and "largeur_mm" in valeur and isinstance(valeur["image"], str)


# The types of most leaves of a context, told apart from mappings and lists at once (an
# ``isinstance`` against ``Mapping`` costs more than a set lookup).
_FEUILLES = frozenset({str, int, float, bool, type(None), Decimal, date, datetime})


def preparer(valeur: Any, base: Path | None = None) -> Any:
    """``valeur`` (a context) with every string sanitised; with ``base``, each image field
    read (paths relative to ``base``: the data file's folder). One walk over every value
    of a contract, once per contract."""
    genre = type(valeur)
    if genre is str:
        return nettoyer(valeur)
    if genre in _FEUILLES:
        return valeur
    if isinstance(valeur, Mapping):
        if base is not None and _est_image(valeur):
            image = images.lire(base / valeur["image"], float(valeur["largeur_mm"]),
                                float(valeur.get("hauteur_max_mm", images.HAUTEUR_MAX_MM)))
            autres = {c: v for c, v in valeur.items() if c != "image"}
            return {**preparer(autres), "image": image}
        return {cle: preparer(v, base) for cle, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [preparer(v, base) for v in valeur]
    return nettoyer(valeur) if isinstance(valeur, str) else valeur


def images_de(contexte: Any) -> list[Image]:
    """Every image of a prepared context (in the order of ``preparer``'s walk)."""
    trouvees: list[Image] = []

    def visiter(valeur: Any) -> None:
        if type(valeur) in _FEUILLES:
            return
        if isinstance(valeur, Mapping):
            for v in valeur.values():
                visiter(v)
        elif isinstance(valeur, list | tuple):
            for v in valeur:
                visiter(v)
        elif isinstance(valeur, Image):
            trouvees.append(valeur)

    visiter(contexte)
    return trouvees
