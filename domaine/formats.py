"""French display formats: money, numbers, percentages and dates (as babel's fr_FR
patterns, which the tests use as their oracle).

Only display happens here: values arrive computed (Decimal, date) and leave as text.
An undefined value (``None``, e.g. a ratio divided by zero) prints as « — ».
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

INDEFINI = "—"

__all__ = [
    "INDEFINI",
    "arrondi",
    "date_longue",
    "jour_mois",
    "montant",
    "nombre",
    "pourcentage",
    "typographie",
]


def arrondi(valeur: Decimal | int, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals (money is rounded at display only)."""
    return Decimal(valeur).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


_GROUPE = "\u202f"  # fr_FR grouping separator (CLDR): narrow no-break space
ESPACE = "\u00a0"  # no-break space: before « : », « » », a unit, « € », « % »; after « « »
FINE = "\u202f"  # narrow no-break space: before « ; », « ! », « ? »


def _chiffres(valeur: Decimal | int, decimales: int) -> str:
    """« 1 234,50 »: rounded half-up, digits grouped by three, decimal comma, the sign of
    the rounded value (as babel's fr_FR patterns « #,##0.00 »)."""
    # A contract prints the same figures in several documents: the text of a nonzero int
    # or finite Decimal is remembered (equal values of those give the same text; a zero is
    # left out, -0 and 0 being equal but printed differently).
    if valeur and (type(valeur) is int or (type(valeur) is Decimal and valeur.is_finite())):
        return _chiffres_memorises(valeur, decimales)
    return _ecrire_chiffres(valeur, decimales)


@lru_cache(maxsize=8192, typed=True)
def _chiffres_memorises(valeur: Decimal | int, decimales: int) -> str:
    return _ecrire_chiffres(valeur, decimales)


def _ecrire_chiffres(valeur: Decimal | int, decimales: int) -> str:
    arrondie = arrondi(valeur, decimales)
    entier, _, fraction = f"{abs(arrondie):f}".partition(".")
    groupes = []
    while len(entier) > 3:
        entier, groupe = entier[:-3], entier[-3:]
        groupes.insert(0, groupe)
    texte = _GROUPE.join([entier, *groupes])
    return ("-" if arrondie.is_signed() else "") + texte + ("," + fraction if decimales else "")


def montant(valeur: Decimal | int | None, decimales: int = 2) -> str:
    """« 1 234,50 € » (``decimales=0``: « 1 235 € »)."""
    if valeur is None:
        return INDEFINI
    return _chiffres(valeur, decimales) + ESPACE + "€"


def nombre(valeur: Decimal | int | None, decimales: int = 0) -> str:
    """« 31 250 » or, with decimals, « 12,50 »."""
    if valeur is None:
        return INDEFINI
    return _chiffres(valeur, decimales)


def pourcentage(valeur: Decimal | int | None, decimales: int = 1, fraction: bool = True) -> str:
    """« 12,5 % ». ``fraction=True``: 0.125 is 12,5 %; ``False``: 12.5 is 12,5 %."""
    if valeur is None:
        return INDEFINI
    return (_chiffres(Decimal(valeur) * 100 if fraction else Decimal(valeur), decimales)
            + ESPACE + "%")


# The months as babel's fr_FR « MMMM » prints them (babel is the tests' oracle; not
# loading its locale data saves a tenth of a second at each command's start).
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")


def date_longue(valeur: date | None) -> str:
    """« 1er janvier 2024 », « 16 octobre 2023 »."""
    if valeur is None:
        return INDEFINI
    jour = "1er" if valeur.day == 1 else str(valeur.day)
    return f"{jour} {MOIS[valeur.month - 1]} {valeur.year}"


def jour_mois(valeur: tuple[int, int] | None) -> str:
    """(30, 4) → « 30 avril »; (1, 3) → « 1er mars »."""
    if valeur is None:
        return INDEFINI
    jour, mois = valeur
    return date_longue(date(2000, mois, jour))[:-5]


# French typography (Imprimerie nationale, as Word's French autocorrection): the ASCII
# spaces that may break a line where French forbids it become no-break spaces.
_AVANT_DEUX_POINTS = re.compile(r"[ \t]+(?=[:»])")
_AVANT_PONCTUATION = re.compile(r"[ \t]+(?=[;!?](?!=))")  # « != » is not punctuation
_APRES_GUILLEMET = re.compile(r"(?<=«)[ \t]+")
_MILLIERS = re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?=(?:,\d+)?[ \u00a0]?(?:€|%))")
_UNITE = re.compile(r"(?<=\d)[ \t]+(?=(?:€|%|h\b|km\b))")
_NUMERO = re.compile(r"(?<=\bn°)[ \t]+(?=\S)")


def typographie(texte: str) -> str:
    """``texte`` with French no-break spaces: before ``: »`` and after ``«`` (U+00A0),
    before ``; ! ?`` (U+202F), between a figure and ``€ % h km`` (U+00A0), in the
    thousands of an amount (« 10 500 € », U+202F) and after « n° ». Only ASCII spaces
    change; the text is otherwise kept as it is, and applying it twice changes nothing."""
    if " " not in texte and "\t" not in texte:  # nothing any rule could change
        return texte
    return _typographie(texte)


@lru_cache(maxsize=8192)
def _typographie(texte: str) -> str:
    """``typographie`` of a text with ASCII spaces, remembered: the same texts (labels,
    names, sentences of the data) are printed by every document of a contract."""
    texte = _MILLIERS.sub(lambda m: m.group().replace(" ", _GROUPE), texte)
    texte = _AVANT_DEUX_POINTS.sub(ESPACE, texte)
    texte = _AVANT_PONCTUATION.sub(FINE, texte)
    texte = _APRES_GUILLEMET.sub(ESPACE, texte)
    texte = _UNITE.sub(ESPACE, texte)
    return _NUMERO.sub(ESPACE, texte)
