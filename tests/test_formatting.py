"""French display formats and the sanitiser of user strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domaine.formats import arrondi, date_longue, jour_mois, montant, nombre, pourcentage
from generator.render.context import nettoyer, preparer


def espaces(texte: str) -> str:
    return texte.replace("\u202f", " ").replace("\u00a0", " ")


def test_montant_arrondi_demi_superieur() -> None:
    assert espaces(montant(Decimal("1234.505"))) == "1 234,51 €"
    assert espaces(montant(Decimal("1234.5"), 0)) == "1 235 €"
    assert montant(None) == "—"


def test_nombres_et_pourcentages() -> None:
    assert espaces(nombre(31250)) == "31 250"
    assert nombre(Decimal("12.5"), 2) == "12,50"
    assert espaces(pourcentage(Decimal("0.125"))) == "12,5 %"
    assert espaces(pourcentage(Decimal("0.5"), 2, fraction=False)) == "0,50 %"
    assert pourcentage(None) == "—"


def test_memes_chiffres_que_babel() -> None:
    """babel's fr_FR patterns are the oracle of the number formats, on values of every
    sign, size and rounding (half-up, ties included)."""
    from random import Random

    from babel.numbers import format_currency, format_decimal, format_percent

    hasard = Random(2026)
    valeurs = [Decimal(0), Decimal("-0.001"), Decimal("0.005"), Decimal("-0.005"),
               Decimal("999.995"), Decimal("-999999.5"), Decimal("1e9"), 7, -12345]
    valeurs += [Decimal(hasard.randint(-10**9, 10**9)) / 10 ** hasard.randint(0, 5)
                for _ in range(500)]
    for valeur in valeurs:
        for decimales in (0, 1, 2, 3):
            motif = "#,##0" + ("." + "0" * decimales if decimales else "")
            arrondie = arrondi(valeur, decimales)
            assert nombre(valeur, decimales) == format_decimal(
                arrondie, format=motif, locale="fr_FR"), (valeur, decimales)
            assert montant(valeur, decimales) == format_currency(
                arrondie, "EUR", format=motif + "\u00a0¤", locale="fr_FR",
                currency_digits=False), (valeur, decimales)
            assert pourcentage(valeur, decimales) == format_percent(
                arrondi(valeur, decimales + 2), format=motif + "\u00a0%", locale="fr_FR"), \
                (valeur, decimales)


def test_memes_dates_que_babel() -> None:
    """babel's fr_FR « d MMMM y » is the oracle of the long dates, every day of a leap
    year (« 1er » for the first of the month)."""
    from datetime import timedelta

    from babel.dates import format_date

    jour = date(2028, 1, 1)
    while jour.year == 2028:
        attendu = format_date(jour, format="d MMMM y", locale="fr_FR")
        assert date_longue(jour) == ("1er" + attendu[1:] if jour.day == 1 else attendu)
        jour += timedelta(days=1)


def test_dates() -> None:
    assert date_longue(date(2024, 1, 1)) == "1er janvier 2024"
    assert date_longue(date(2023, 10, 16)) == "16 octobre 2023"
    assert jour_mois((30, 4)) == "30 avril"
    assert jour_mois((1, 3)) == "1er mars"


def test_nettoyage_des_caracteres_de_controle() -> None:
    assert nettoyer("a\x0bb\r\nc\x00\x07\x0cd\x1b") == "a\nb\ncd"
    assert nettoyer("Aide & Soins <Vilaine> « Été »") == "Aide & Soins <Vilaine> « Été »"
    assert preparer({"a": ["x\x01", {"b": "y\x0b"}], "n": 3}) == {
        "a": ["x", {"b": "y\n"}], "n": 3}
