"""French display formats and the sanitiser of user strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domaine.formats import date_longue, jour_mois, montant, nombre, pourcentage
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
