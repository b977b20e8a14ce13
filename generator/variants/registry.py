"""The shipped variants, keyed by id: the schema that validates their data and the
function that computes their figures.

A templates folder (``variante.yaml``) names one of these ids as its base; it never
names Python code, so a folder received from elsewhere cannot make the program import
anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from marshmallow import Schema


@dataclass(frozen=True)
class Definition:
    """What the program knows of a shipped variant."""

    schema: type[Schema]
    calcul: Callable[[dict[str, Any]], dict[str, Any]]


# Each variant's schema and computation are imported when the variant is first used: a
# command on one contract loads one variant, not three.
def _national() -> Definition:
    from generator.compute import national
    from schemas.national import ContratNational

    return Definition(ContratNational, national.calculer)


def _ille_et_vilaine() -> Definition:
    from generator.compute import ille_et_vilaine
    from schemas.ille_et_vilaine import ContratIlleEtVilaine

    return Definition(ContratIlleEtVilaine, ille_et_vilaine.calculer)


def _seine_et_marne() -> Definition:
    from generator.compute import seine_et_marne
    from schemas.seine_et_marne import ContratSeineEtMarne

    return Definition(ContratSeineEtMarne, seine_et_marne.calculer)


class _Registre(Mapping[str, Definition]):
    """The shipped variants by id, each definition built on first use."""

    def __init__(self, **fabriques: Callable[[], Definition]) -> None:
        self._fabriques = {nom.replace("_", "-"): cache(f) for nom, f in fabriques.items()}

    def __getitem__(self, identifiant: str) -> Definition:
        return self._fabriques[identifiant]()

    def __iter__(self) -> Iterator[str]:
        return iter(self._fabriques)

    def __len__(self) -> int:
        return len(self._fabriques)


REGISTRE: Mapping[str, Definition] = _Registre(
    national=_national, ille_et_vilaine=_ille_et_vilaine, seine_et_marne=_seine_et_marne)

# What ``variante.yaml`` named before it named a base variant (``schema:`` and
# ``calcul:`` as Python paths); folders made then by ``cpom templates new`` keep working.
ANCIENNES_REFERENCES: dict[str, str] = {
    "schemas.national:ContratNational": "national",
    "generator.compute.national:calculer": "national",
    "schemas.ille_et_vilaine:ContratIlleEtVilaine": "ille-et-vilaine",
    "generator.compute.ille_et_vilaine:calculer": "ille-et-vilaine",
    "schemas.seine_et_marne:ContratSeineEtMarne": "seine-et-marne",
    "generator.compute.seine_et_marne:calculer": "seine-et-marne",
}
