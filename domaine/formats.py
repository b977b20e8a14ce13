"""French display formats (babel): money, numbers, percentages, dates.

Only display happens here: values arrive computed (Decimal, date) and leave as text.
An undefined value (``None``, e.g. a ratio divided by zero) prints as « — ».
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "fr_FR"
INDEFINI = "—"

__all__ = [
    "INDEFINI",
    "arrondi",
    "date_longue",
    "jour_mois",
    "montant",
    "nombre",
    "pourcentage",
]


def arrondi(valeur: Decimal | int, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals (money is rounded at display only)."""
    return Decimal(valeur).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def montant(valeur: Decimal | int | None, decimales: int = 2) -> str:
    """« 1 234,50 € » (``decimales=0``: « 1 235 € »)."""
    if valeur is None:
        return INDEFINI
    motif = "#,##0 ¤" if decimales == 0 else "#,##0." + "0" * decimales + " ¤"
    return format_currency(
        arrondi(valeur, decimales), "EUR", format=motif, locale=LOCALE, currency_digits=False
    )


def nombre(valeur: Decimal | int | None, decimales: int = 0) -> str:
    """« 31 250 » or, with decimals, « 12,50 »."""
    if valeur is None:
        return INDEFINI
    motif = "#,##0" if decimales == 0 else "#,##0." + "0" * decimales
    return format_decimal(arrondi(valeur, decimales), format=motif, locale=LOCALE)


def pourcentage(valeur: Decimal | int | None, decimales: int = 1, fraction: bool = True) -> str:
    """« 12,5 % ». ``fraction=True``: 0.125 is 12,5 %; ``False``: 12.5 is 12,5 %."""
    if valeur is None:
        return INDEFINI
    valeur = Decimal(valeur) if fraction else Decimal(valeur) / 100
    motif = "#,##0 %" if decimales == 0 else "#,##0." + "0" * decimales + " %"
    return format_percent(arrondi(valeur, decimales + 2), format=motif, locale=LOCALE)


def date_longue(valeur: date | None) -> str:
    """« 1er janvier 2024 », « 16 octobre 2023 »."""
    if valeur is None:
        return INDEFINI
    texte = format_date(valeur, format="d MMMM y", locale=LOCALE)
    return "1er" + texte[1:] if valeur.day == 1 else texte


def jour_mois(valeur: tuple[int, int] | None) -> str:
    """(30, 4) → « 30 avril »; (1, 3) → « 1er mars »."""
    if valeur is None:
        return INDEFINI
    jour, mois = valeur
    return date_longue(date(2000, mois, jour))[:-5]
