"""The budget of a rendering: a Word template is an untrusted input, and its tags run.

The sandbox (``jinja2.sandbox``) already blocks attribute escapes; this module bounds what
a tag can cost, so that ``{% for i in range(100000) %}{% for j in range(100000) %}`` or
``{{ 'A' * 10**9 }}`` is refused in seconds with a French message instead of running for
hours or exhausting the memory:

- every ``{% for %}`` loop counts its turns against the rendering's budget (limit
  ``RENDU_REPETITIONS``) and checks its deadline (``RENDU_DELAI`` seconds);
- ``*`` and ``**`` are checked before they compute (a repeated text or list, a power);
  a call or a filter given a huge number (``'A'.ljust(10**9)``, ``|center(10**9)``) is
  refused;
- the text a part produces is counted as it is produced (``RENDU_TAILLE``);
- ``{% include %}``, ``{% import %}``, ``{% extends %}`` are refused when the template is
  prepared: a template renders alone.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateRuntimeError, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.load import limites

NOMBRE_MAX = 1_000_000  # a number given to a call or a filter (a width, a count)
_GLOBALE = "cpom_repetitions"


class BudgetDepasse(TemplateRuntimeError):
    """A tag costs more than a rendering may (message in French)."""


@dataclass
class Budget:
    """What one rendering may still spend."""

    fin: float = field(default_factory=lambda: time.monotonic() + limites.RENDU_DELAI.valeur)
    tours: int = 0
    tours_max: int = field(default_factory=lambda: limites.RENDU_REPETITIONS.valeur)

    def tour(self) -> None:
        self.tours += 1
        if self.tours > self.tours_max:
            raise BudgetDepasse(limites.message("boucle trop longue : trop de répétitions",
                                                limites.RENDU_REPETITIONS))
        if not self.tours % 1024:
            self.verifier_delai()

    def verifier_delai(self) -> None:
        if time.monotonic() > self.fin:
            raise BudgetDepasse(limites.message("rendu trop long : délai dépassé (secondes)",
                                                limites.RENDU_DELAI))


BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("budget", default=None)


@contextlib.contextmanager
def rendu() -> Iterator[Budget]:
    """The budget of one rendering (all the parts of one document)."""
    budget = Budget()
    jeton = BUDGET.set(budget)
    try:
        yield budget
    finally:
        BUDGET.reset(jeton)


def repetitions(iterable: Iterable[Any]) -> Iterator[Any]:
    """Each ``{% for %}`` loop iterates through this: its turns are counted."""
    budget = BUDGET.get()
    if budget is None:
        yield from iterable
        return
    for element in iterable:
        budget.tour()
        yield element


def produire(morceaux: Iterable[str]) -> str:
    """The text of a part, counted as it is produced (``Template.generate``), by batches
    of chunks (no cost per chunk)."""
    taille_max = limites.RENDU_TAILLE.valeur
    budget = BUDGET.get()
    flux = iter(morceaux)
    sortie: list[str] = []
    taille = 0
    while lot := list(itertools.islice(flux, 2048)):
        taille += sum(map(len, lot))
        if taille > taille_max:
            raise BudgetDepasse(limites.message("texte produit trop long (caractères)",
                                                limites.RENDU_TAILLE))
        sortie += lot
        if budget is not None:
            budget.verifier_delai()
    return "".join(sortie)


def _verifier_nombres(valeurs: Iterable[Any]) -> None:
    for valeur in valeurs:
        if isinstance(valeur, int) and not isinstance(valeur, bool) \
                and abs(valeur) > NOMBRE_MAX:
            raise BudgetDepasse(f"nombre trop grand dans une balise ({NOMBRE_MAX:,} au plus)"
                                .replace(",", "\u202f"))


def _longueur(valeur: Any) -> int | None:
    return len(valeur) if isinstance(valeur, str | bytes | list | tuple) else None


# Jinja's filters whose numbers size what they build (a width, a count of items)
FILTRES_A_BORNER = frozenset({"center", "indent", "wordwrap", "batch", "slice", "format",
                              "truncate", "round", "filesizeformat"})


def filtre_borne(filtre: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses huge numbers among its arguments (``|center(10**9)``)."""

    @functools.wraps(filtre)  # keeps Jinja's pass_context/pass_eval_context marks
    def borne(*args: Any, **kwargs: Any) -> Any:
        _verifier_nombres(args[1:])
        _verifier_nombres(kwargs.values())
        return filtre(*args, **kwargs)

    return borne


# What ``getattr`` finds on a plain dict (its methods, object's attributes): any other
# name is not an attribute of a dict.
_ATTRIBUTS_DICT = frozenset(dir(dict))


class EnvironnementBorne(ImmutableSandboxedEnvironment):
    """The sandbox with a budget (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals[_GLOBALE] = repetitions

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``: on a plain dict, a name that is not a dict's attribute is read
        as its key at once (the sandbox would first raise and catch an AttributeError: the
        case of every field a template prints); the sandbox's own lookup otherwise (a
        dict's method, a missing key, any other object)."""
        if type(obj) is dict and attribute not in _ATTRIBUTS_DICT:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for texte, fois in ((left, right), (right, left)):
                longueur = _longueur(texte)
                if longueur is not None and isinstance(fois, int) \
                        and longueur * fois > limites.RENDU_TAILLE.valeur:
                    raise BudgetDepasse(limites.message(
                        "texte ou liste répété trop de fois", limites.RENDU_TAILLE))
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) \
                and abs(left) > 1 and right > 0 \
                and abs(left).bit_length() * right > 10_000:
            raise BudgetDepasse("puissance trop grande dans une balise")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        _verifier_nombres(args)
        _verifier_nombres(kwargs.values())
        return super().call(__context, __obj, *args, **kwargs)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        arbre = super()._parse(source, name, filename)
        for interdit in arbre.find_all((nodes.Include, nodes.Import, nodes.FromImport,
                                        nodes.Extends)):
            raise TemplateSyntaxError(
                "un modèle ne peut pas inclure ou importer un autre modèle "
                "({% include %}, {% import %}, {% extends %})", interdit.lineno, name,
                filename)
        return arbre

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        """Compiling (not parsing: ``templates check`` reads the template as written):
        every loop iterates through ``repetitions``."""
        for boucle in source.find_all(nodes.For):
            boucle.iter = nodes.Call(nodes.Name(_GLOBALE, "load", lineno=boucle.lineno),
                                     [boucle.iter], [], None, None, lineno=boucle.lineno)
        source.set_environment(self)
        return super()._generate(source, name, filename, defer_init)
