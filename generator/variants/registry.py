"""The shipped variants, keyed by id: the schema that validates their data and the
function that computes their figures.

A templates folder (``variante.yaml``) names one of these ids as its base; it never
names Python code, so a folder received from elsewhere cannot make the program import
anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema

from generator.compute import ille_et_vilaine, national, seine_et_marne
from schemas.ille_et_vilaine import ContratIlleEtVilaine
from schemas.national import ContratNational
from schemas.seine_et_marne import ContratSeineEtMarne


@dataclass(frozen=True)
class Definition:
    """What the program knows of a shipped variant."""

    schema: type[Schema]
    calcul: Callable[[dict[str, Any]], dict[str, Any]]


REGISTRE: dict[str, Definition] = {
    "national": Definition(ContratNational, national.calculer),
    "ille-et-vilaine": Definition(ContratIlleEtVilaine, ille_et_vilaine.calculer),
    "seine-et-marne": Definition(ContratSeineEtMarne, seine_et_marne.calculer),
}

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
