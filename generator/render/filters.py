"""The Jinja environment of every rendering: sandboxed (no attribute escapes, a bounded
budget: ``render.budget``), autoescape
(user text with ``& < >`` stays text), strict undefined (a misspelt field is an error,
never an empty string), the French display filters of the templates, and French
typography (no-break spaces) on every printed text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import StrictUndefined
from markupsafe import Markup

from domaine import formats
from generator.render.budget import FILTRES_A_BORNER, EnvironnementBorne, filtre_borne


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


FILTRES = {
    "montant": formats.montant,
    "nombre": formats.nombre,
    "pourcentage": formats.pourcentage,
    "date_longue": formats.date_longue,
    "jour_mois": formats.jour_mois,
    "case": _case,
    "oui_non": _oui_non,
    "texte": _texte,
}


def finaliser(valeur: Any) -> Any:
    """Jinja's ``finalize``: every printed text gets French no-break spaces (values from
    the data as text written in the template's expressions); markup is left alone."""
    if type(valeur) is str or (isinstance(valeur, str) and not isinstance(valeur, Markup)):
        return formats.typographie(valeur)
    return valeur


@cache
def environnement() -> EnvironnementBorne:
    """The process-wide environment (read-only once built: safe across threads), with
    the budget of a rendering (``render.budget``)."""
    env = EnvironnementBorne(autoescape=True, undefined=StrictUndefined, finalize=finaliser)
    env.filters.update(FILTRES)
    for nom in FILTRES_A_BORNER & set(env.filters):
        env.filters[nom] = filtre_borne(env.filters[nom])
    return env
