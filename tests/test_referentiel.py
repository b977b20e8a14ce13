"""Offline reference data (domaine/donnees/referentiel-geo.json): communes and EPCI of 35 and 77.

The assertions are on the real shipped extract (@etalab/decoupage-administratif 6.0.0,
millésime 2026); counts checked against the IV model and the package data.
"""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError

import pytest

from domaine import referentiel as ref

# Ille-et-Vilaine annexe 3: SIREN → communes of the EPCI in dept 35.
EPCI_35 = {
    "243500139": 43,  # Rennes Métropole
    "243500782": 18,  # CA du Pays de Saint Malo Agglomération
    "200039022": 46,  # CA Vitré Communauté
    "200072452": 28,  # CA Fougères Agglomération
    "243500741": 12,  # CA Redon Agglomération (also in 44/56)
    "200043990": 18,  # CC Vallons de Haute-Bretagne Communauté
    "243500667": 19,  # CC Val d'Ille-Aubigné
    "243500733": 25,  # CC Bretagne Romantique
    "200070662": 20,  # CC Bretagne Porte de Loire Communauté
    "243500725": 6,  # CC Côte d'Emeraude (also in 22)
    "200038990": 17,  # CC de Saint-Méen Montauban
    "243500634": 16,  # CC Roche aux Fées Communauté
    "243500774": 9,  # CC Liffré-Cormier Communauté
    "243500550": 8,  # CC Montfort Communauté
    "243500659": 5,  # CC Pays de Châteaugiron Communauté
    "200070670": 19,  # CC du Pays de Dol et de la Baie du Mont Saint-Michel
    "200070688": 15,  # CC Couesnon Marches de Bretagne
    "243500618": 8,  # CC Brocéliande Communauté
}


def test_source_et_millesime():
    donnees = json.loads(ref.FICHIER.read_text(encoding="utf-8"))
    source = donnees["source"]
    assert source["paquet"] == "@etalab/decoupage-administratif"
    assert source["version"] == "6.0.0"
    assert ref.millesime() == "2026"
    assert "Licence Ouverte" in source["licence"]
    assert "Licence Ouverte" in ref.attribution()
    assert ref.departements() == ["35", "77"]
    assert ref.FICHIER.stat().st_size < 400_000
    assert (ref.FICHIER.parent / "LICENCE-referentiel.md").is_file()


def test_ille_et_vilaine_communes_et_epci():
    assert ref.nom_departement("35") == "Ille-et-Vilaine"
    communes = ref.communes("35")
    assert len(communes) == 332
    assert len({c.code_insee for c in communes}) == 332
    assert all(c.code_insee.startswith("35") for c in communes)
    epcis = ref.epcis("35")
    assert {e.siren: len(e.membres) for e in epcis} == EPCI_35
    # every current commune belongs to exactly one of the 18 EPCI, consistently both ways
    membres = [code for e in epcis for code in e.membres]
    assert sorted(membres) == sorted(c.code_insee for c in communes)
    for e in epcis:
        assert all(ref.commune(code).epci_siren == e.siren for code in e.membres)


def test_epcis_tries_par_nom():
    for dep in ("35", "77"):
        noms = [ref.normaliser(e.nom) for e in ref.epcis(dep)]
        assert noms == sorted(noms)


def test_rennes():
    rennes = ref.commune("35238")
    assert rennes is not None
    assert rennes.nom == "Rennes"
    assert rennes.codes_postaux == ("35000", "35200", "35700")
    assert rennes.epci_siren == "243500139"
    metropole = ref.epci("243500139")
    assert metropole is not None
    assert metropole.nom == "Rennes Métropole"
    assert metropole.type == "METRO"
    assert "35238" in metropole.membres
    assert ref.departement_de_commune("35238") == "35"


def test_donnees_immuables():
    rennes = ref.commune("35238")
    with pytest.raises(FrozenInstanceError):
        rennes.nom = "Autre"  # type: ignore[misc]
    ref.communes("35").clear()  # a returned list is a copy
    assert len(ref.communes("35")) == 332


@pytest.mark.parametrize(
    "nom", ["saint malo", "St-Malo", "SAINT-MALO", "Saint-Malo", "st malo", "  Saint  Malo "]
)
def test_recherche_tolerante(nom):
    trouve = ref.chercher_commune(nom, "35")
    assert trouve is not None and trouve.code_insee == "35288"


@pytest.mark.parametrize(
    ("nom", "code"),
    [
        ("L’Hermitage", "35131"),  # typographic apostrophe
        ("l hermitage", "35131"),
        ("Hermitage (L')", "35131"),  # COG old style, article in brackets
        ("le rheu", "35240"),
        ("Cesson Sevigne", "35051"),  # accents and hyphen dropped
        ("SAINT-AUBIN-D'AUBIGNE", "35251"),
        ("35000 RENNES", "35238"),  # address line with postal code
        ("Rennes Cedex 9", "35238"),
    ],
)
def test_recherche_variantes(nom, code):
    trouve = ref.chercher_commune(nom, "35")
    assert trouve is not None and trouve.code_insee == code


def test_commune_inconnue_et_suggestions():
    assert ref.chercher_commune("Rennnes", "35") is None
    assert ref.chercher_commune("", "35") is None
    suggestions = ref.suggestions_commune("Rennnes", "35")
    assert suggestions[0] == "Rennes"
    assert len(suggestions) <= 3
    assert ref.suggestions_commune("Saint-Aubin", "35", n=3) == [
        "Saint-Aubin-d'Aubigné", "Saint-Aubin-des-Landes", "Saint-Aubin-du-Cormier",
    ]
    assert ref.suggestions_commune("Fontainebleu", "77", n=1) == ["Fontainebleau"]
    assert ref.suggestions_commune("zzzzzz", "35") == []


def test_seine_et_marne():
    assert ref.nom_departement("77") == "Seine-et-Marne"
    communes = ref.communes("77")
    assert len(communes) == 507
    epcis = ref.epcis("77")
    assert len(epcis) == 23
    assert sorted(code for e in epcis for code in e.membres) == sorted(
        c.code_insee for c in communes
    )
    melun = ref.chercher_commune("Melun", "77")
    assert melun is not None and melun.code_insee == "77288"
    assert ref.chercher_commune("MELUN", "77", code_postal="77000") == melun
    assert "77000" in melun.codes_postaux
    assert melun.epci_siren == "247700057"  # CA Melun Val de Seine
    # an EPCI straddling 77 and 91: only its members in 77 are in the extract
    gps = ref.epci("200059228")
    assert gps is not None and all(code.startswith("77") for code in gps.membres)


def test_departement_respecte():
    assert ref.chercher_commune("Rennes", "77") is None
    assert ref.chercher_commune("Melun", "35") is None
    assert ref.chercher_commune("Saint-Malo", "77") is None


def test_departement_non_couvert():
    with pytest.raises(ValueError, match="non couvert"):
        ref.communes("44")
    with pytest.raises(ValueError, match="non couvert"):
        ref.chercher_commune("Nantes", "44")


def test_inconnus():
    assert ref.commune("35999") is None
    assert ref.epci("123456789") is None
    assert ref.departement_de_commune("44109") == "44"  # outside the extract: from the code
    assert ref.departement_de_commune("97411") == "974"
    assert ref.departement_de_commune("2A004") == "2A"
    with pytest.raises(ValueError, match="invalide"):
        ref.departement_de_commune("3523")
