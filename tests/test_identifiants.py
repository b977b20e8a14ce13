"""Identifier fields: FINESS (Luhn, 2A/2B), SIREN/SIRET (stdnum), RNA, codes."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from schemas.base import Base
from schemas.identifiants import CodeInsee, CodePostal, Finess, Rna, Siren, Siret


class Fiche(Base):
    finess = Finess()
    siren = Siren()
    siret = Siret()
    rna = Rna()
    code_postal = CodePostal()
    code_insee = CodeInsee()


def erreur(champ: str, valeur: object) -> str:
    with pytest.raises(ValidationError) as exc:
        Fiche().load({champ: valeur})
    return exc.value.messages[champ][0]


@pytest.mark.parametrize("finess", ["750712184", "350005179", "060785011", "970421038",
                                    "590780193", "2A0000123"])
def test_finess_reels_valides(finess: str) -> None:
    assert Fiche().load({"finess": finess}) == {"finess": finess}


def test_finess_espaces_retires() -> None:
    assert Fiche().load({"finess": "35 000 517 9"})["finess"] == "350005179"


def test_finess_cle_invalide() -> None:
    assert erreur("finess", "350005178") == "clé de contrôle invalide (« 350005178 »)"


def test_finess_huit_chiffres() -> None:
    assert "9 caractères, pas 8" in erreur("finess", "35000517")


def test_finess_departement_inconnu() -> None:
    assert "département" in erreur("finess", "000000000")


def test_siren_et_siret() -> None:
    assert Fiche().load({"siren": "732 829 320", "siret": "73282932000074"}) == {
        "siren": "732829320", "siret": "73282932000074"}
    assert erreur("siret", "73282932000075").startswith("clé de contrôle invalide")
    assert "14 chiffres" in erreur("siret", "7328293200007")
    # La Poste: sum of digits multiple of 5 (stdnum implements it)
    assert Fiche().load({"siret": "35600000000010"})["siret"] == "35600000000010"


def test_rna_code_postal_insee() -> None:
    assert Fiche().load({"rna": "w723001234"})["rna"] == "W723001234"
    assert "W suivi de 9 chiffres" in erreur("rna", "W72300123")
    assert "5 chiffres" in erreur("code_postal", "7200")
    assert Fiche().load({"code_insee": "2A004"})["code_insee"] == "2A004"
    assert "5 caractères" in erreur("code_insee", "3523")
