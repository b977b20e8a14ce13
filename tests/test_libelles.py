"""The words people read for a field (generator.fields.libelles), shared by the campaign
workbook and the web form: labels of the schema's blocks, where a field of one contract
is (with its list items' numbers), what to type in the form."""

from __future__ import annotations

import pytest

from generator import api
from generator.variants import trouver

VARIANTES = ["national", "ille-et-vilaine", "seine-et-marne"]


@pytest.mark.parametrize("variante", VARIANTES)
def test_chaque_section_a_un_titre_francais(variante: str) -> None:
    """A top-level section has a label in its schema (words, never « Annexe 5 » or
    « Article 9.1 » alone, nor a field name such as « Regles gestion »)."""
    racine, _ = api.arbre_champs(variante)
    assert racine is not None
    for nom, noeud in racine.enfants.items():
        if nom == "modele":
            continue
        titre = api.libelle(noeud)
        assert noeud.libelle, nom
        assert not titre.startswith(("Annexe", "Article")), titre


def test_intitule_d_un_champ_d_un_contrat() -> None:
    racine, _ = api.arbre_champs("ille-et-vilaine")
    assert racine is not None
    assert api.intitule(racine, "service.finess") == "Service › N° FINESS du service"
    assert api.intitule(racine, "objectifs[0].actions[1].intitule") == (
        "Objectifs n° 1 › Actions n° 2 › Intitulé de l'action")
    assert api.intitule(racine, "diagnostic.activite.apa.gir1.heures") == api.entete(
        racine, "diagnostic.activite.apa.gir1.heures")  # no list: the workbook's header
    assert api.intitule(racine, "contrat.lieu_signture") == "contrat.lieu_signture"


def test_saisie_dans_le_formulaire_et_dans_le_classeur() -> None:
    racine = api.arbre_champs("ille-et-vilaine")[0]
    assert racine is not None
    classeur = api.presenter(racine, "departement.logo")
    formulaire = api.presenter(racine, "departement.logo", formulaire=True)
    assert "chemin d'une image" in classeur.description
    assert "Saisie : image PNG ou JPEG à envoyer." in formulaire.description
    periode = api.presenter(racine, "contrat.cpom_precedent.periode", formulaire=True)
    assert "Saisie" not in periode.description  # plain text goes without saying
    assert ("Obligatoire si vous remplissez « CPOM précédent conclu avec le gestionnaire »."
            in periode.description)  # the form's frame says where the block is
    assert periode.libelle == api.presenter(racine, "contrat.cpom_precedent.periode").libelle


def test_les_mots_des_chiffres_calcules() -> None:
    assert api.humaniser("resultats_incorpores") == "Résultats incorporés"
    assert api.humaniser("etp_intervention") == "ETP intervention"
    assert api.humaniser("gir1") == "GIR 1"


def test_un_titre_de_section_ne_change_aucun_nom_de_feuille() -> None:
    """Sheet names are what the loader reads a workbook by: a block's label is in the
    headers only."""
    from generator.load.layout import disposition

    titres = [f.titre for f in disposition(trouver("ille-et-vilaine")).listes]
    assert "Chiffres bruts par exercice" in titres and "Dépenses et recettes" in titres
    assert not any("annexe" in t.lower() for t in titres)
