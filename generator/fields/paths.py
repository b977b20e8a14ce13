"""Field paths, as every message writes them: ``services[0].communes[2].nom``.

``[]`` stands for any element of a list (``services[].nom``); a number that is a key of a
key → value table (a year) is a ``Cle``, not a list index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


class Cle(int):
    """A key of a key → value table that is a number (a year), not a list index."""


Segment = str | int

_SEGMENT = re.compile(r"^([^\[\]]+)((?:\[\d*\])*)$")


def segments(chemin: str) -> list[Segment]:
    """``a.b[0].c`` → ``["a", "b", 0, "c"]``; ``[]`` (any element) is kept as ``-1``."""
    return list(_segments(chemin))


@lru_cache(maxsize=65536)
def _segments(chemin: str) -> tuple[Segment, ...]:
    resultat: list[Segment] = []
    for morceau in chemin.strip().split("."):
        m = _SEGMENT.match(morceau.strip())
        if not m:
            resultat.append(morceau.strip())
            continue
        resultat.append(m[1].strip())
        for indice in re.findall(r"\[(\d*)\]", m[2]):
            resultat.append(int(indice) if indice else -1)
    return tuple(resultat)


def texte_chemin(morceaux: Iterable[Segment]) -> str:
    """The path of ``morceaux`` as messages write it: ``services[0].communes[2].nom``
    (a numeric table key too: ``montants[2026]``)."""
    chemin = ""
    for morceau in morceaux:
        if isinstance(morceau, int):
            chemin += f"[{morceau}]" if morceau >= 0 else "[]"
        else:
            chemin = f"{chemin}.{morceau}" if chemin else str(morceau)
    return chemin


def generique(chemin: str) -> str:
    """The path without list indices: ``services[].communes[].nom``."""
    return re.sub(r"\[\d+\]", "[]", chemin)


def est_sous_chemin(chemin: str, prefixe: str) -> bool:
    return chemin == prefixe or chemin.startswith((prefixe + ".", prefixe + "["))
