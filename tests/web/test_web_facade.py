"""What the façade gives the web application: the field tree a form is built from, the
example's images for a campaign, and the form read back into data."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import api
from tests.web.conftest import EXEMPLES


def test_arbre_des_champs_d_une_variante() -> None:
    racine, problemes = api.arbre_champs("ille-et-vilaine")
    assert problemes == [] and racine is not None
    assert list(racine.enfants)[:4] == ["modele", "departement", "gestionnaire", "service"]
    finess = api.noeud_de(racine, "service.finess")
    assert finess is not None and finess.type == "n° FINESS" and finess.obligatoire
    indicateur = api.noeud_de(racine, "objectifs[2].actions[0].indicateurs[1].libelle")
    assert indicateur is not None and indicateur.description
    inconnu, problemes = api.arbre_champs("atlantide")
    assert inconnu is None and "atlantide" in problemes[0].message


def test_images_de_l_exemple(tmp_path: Path) -> None:
    resultat = api.images_exemple("ille-et-vilaine", tmp_path)
    assert resultat.ok
    assert sorted(p.name for p in (tmp_path / "ille-et-vilaine").iterdir()) == sorted(
        p.name for p in (EXEMPLES / "ille-et-vilaine").iterdir())


def test_formulaire_relu_en_donnees(application: Path) -> None:
    """A posted form (names are field paths) becomes the data as typed: integers as
    numbers, choices as their values, year tables as tables, gaps in lists closed."""
    from django.http import QueryDict

    from generator.web import formulaire

    racine, _ = api.arbre_champs("ille-et-vilaine")
    assert racine is not None
    champs = QueryDict(mutable=True)
    for nom, valeur in [("modele", "ille-et-vilaine"), ("contrat.duree_annees", " 5 "),
                        ("objectifs[4].numero", "3"), ("objectifs[1].numero", "1"),
                        ("objectifs[1].actions[0].indicateurs[0].valeurs",
                         "2024 : 5 000 h\n2025 : 6 200 h"),
                        ("service.finess", ""), ("contrat.lieu_signture", "Rennes"),
                        ("departement.tarifs_reference[0].apa", "23,50"),
                        ("a[0]b", "x"), ("[0].x", "y")]:
        champs[nom] = valeur
    donnees = formulaire.lire(racine, champs, {"departement.logo": "images/abc.png"})
    assert donnees["contrat"] == {"duree_annees": 5, "lieu_signture": "Rennes"}
    assert [o["numero"] for o in donnees["objectifs"]] == [1, 3]
    assert donnees["objectifs"][0]["actions"][0]["indicateurs"][0]["valeurs"] == {
        2024: "5 000 h", 2025: "6 200 h"}
    assert donnees["departement"] == {"tarifs_reference": [{"apa": "23,50"}],
                                      "logo": "images/abc.png"}
    assert "service" not in donnees  # nothing typed, nothing kept


def _exemples() -> list[Path]:
    return sorted(EXEMPLES.glob("*.yaml"))


@pytest.mark.parametrize("exemple", _exemples(), ids=lambda p: p.stem)
def test_exemple_une_fois_par_le_formulaire(application: Path, exemple: Path) -> None:
    """Each sample, in the form's writing (French amounts and dates), stays valid and
    gives the same data when it goes through the form again."""
    from generator.web import formulaire

    lu = api.lire_donnees(exemple)
    assert lu.donnees is not None
    racine, _ = api.arbre_champs(lu.donnees["modele"])
    assert racine is not None
    donnees = formulaire.normaliser(racine, formulaire.en_json(lu.donnees))
    assert formulaire.normaliser(racine, donnees) == donnees
    resultat = api.valider(formulaire.cles_de_tables(racine, donnees), base=EXEMPLES)
    assert resultat.ok, [str(p) for p in resultat.erreurs]
