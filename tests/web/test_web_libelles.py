"""The form and the campaign workbook serve the same people: a field has the same label,
the same « obligatoire », the same sentence of the contract and the same example in the
form and in the workbook's header and help; an error names the field by its header."""

from __future__ import annotations

import html
import re
from pathlib import Path

import openpyxl
import pytest

from generator import api
from tests.web.conftest import champs, sommaire_erreurs

pytestmark = pytest.mark.usefixtures("application")

SEPARATEUR = " › "


def _classeur(variante: str, dossier: Path) -> dict[str, tuple[str, str]]:
    """Field path → (header, help) of every column or parameter of the campaign workbook."""
    chemin = dossier / f"{variante}.xlsx"
    assert api.classeur_campagne(variante, chemin).ok
    classeur = openpyxl.load_workbook(chemin)
    resultat: dict[str, tuple[str, str]] = {}
    for feuille in classeur.worksheets:
        if feuille.title == "Paramètres":  # one row per field: path, header, value, help
            for ligne in feuille.iter_rows(min_row=2, values_only=True):
                if ligne[0]:
                    resultat[str(ligne[0])] = (str(ligne[1]), str(ligne[3] or ""))
        elif feuille.title == "Services":  # one column per field: path, header, help
            for colonne in feuille.iter_cols(max_row=3, values_only=True):
                if colonne[0]:
                    resultat[str(colonne[0])] = (str(colonne[1]), str(colonne[2] or ""))
    return resultat


def _nouveau(client, variante: str) -> int:
    reponse = client.post("/contrats/nouveau/", {"source": "exemple", "variante": variante})
    assert reponse.status_code == 302
    return int(reponse["Location"].strip("/").split("/")[-1])


def _texte(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))).strip()


def _champ(page: str, chemin: str) -> tuple[str, str, int]:
    """The label and help of the form's field at ``chemin``, and where its box starts."""
    debut = page.index(f'id="champ-{re.sub(r"[^A-Za-z0-9_]", "-", chemin)}"')
    boite = page[debut:page.index("</div>", page.index("<p class", debut))]
    etiquette = re.search(r"<label[^>]*>(.*?)</label>", boite, re.S)
    aide = re.search(r'<p class="aide">(.*?)</p>', boite, re.S)
    assert etiquette and aide, boite
    libelle = _texte(re.sub(r"<abbr.*?</abbr>", "", etiquette[1]))
    return libelle, _texte(aide[1]), debut


CAS = [
    # a free text that completes a sentence of the contract, in an optional block
    ("ille-et-vilaine", "contrat.cpom_precedent.periode", "Vu le CPOM"),
    ("national", "contrat.politique_departementale",
     "La politique d'aide à domicile du département vise à"),
    # a figure of annexe 5, by GIR
    ("ille-et-vilaine", "diagnostic.activite.apa.gir1.heures", ""),
]


@pytest.mark.parametrize(("variante", "chemin", "phrase"), CAS,
                         ids=[c[1] for c in CAS])
def test_meme_libelle_et_meme_phrase_que_le_classeur(client, tmp_path: Path, variante: str,
                                                     chemin: str, phrase: str) -> None:
    entete, aide_classeur = _classeur(variante, tmp_path)[chemin]
    page = client.get(f"/contrats/{_nouveau(client, variante)}/").content.decode()
    libelle, aide_formulaire, debut = _champ(page, chemin)
    morceaux = entete.split(SEPARATEUR)
    assert libelle == morceaux[-1]  # the header ends with the field's label
    # the blocks of the header frame the field in the form, in the same order
    section = page.rindex("<h2>", 0, debut)
    assert _texte(page[section:page.index("</h2>", section)]) == morceaux[0]
    position = section
    for bloc in morceaux[1:-1]:
        trouve = page.find(html.escape(bloc), position, debut)
        assert trouve > 0, (bloc, entete)
        position = trouve
    # the same sentences: required or not, the contract's sentence, the example
    communes = [ligne for ligne in aide_classeur.splitlines()
                if ligne.startswith(("Obligatoire", "Complète la phrase", "Exemple :"))]
    assert communes
    for ligne in communes:
        if ligne.startswith("Obligatoire si"):  # the form's frame already says the blocks
            assert "Obligatoire si vous remplissez « " in aide_formulaire
            assert ligne.rsplit(SEPARATEUR, 1)[-1] in aide_formulaire, (ligne, aide_formulaire)
        else:
            assert ligne in aide_formulaire, (ligne, aide_formulaire)
    if phrase:
        assert f"Complète la phrase du contrat : « {phrase} … »" in aide_formulaire


def test_l_erreur_nomme_le_champ_par_son_en_tete(client, tmp_path: Path) -> None:
    entetes = _classeur("ille-et-vilaine", tmp_path)
    pk = _nouveau(client, "ille-et-vilaine")
    donnees = champs(client.get(f"/contrats/{pk}/").content.decode())
    donnees["diagnostic.activite.apa.gir1.heures"] = "beaucoup"
    donnees["service.finess"] = "35002456"
    page = client.post(f"/contrats/{pk}/", donnees).content.decode()
    sommaire = sommaire_erreurs(page)
    for chemin in ("diagnostic.activite.apa.gir1.heures", "service.finess"):
        intitule = re.search(rf'<span class="intitule" title="{re.escape(chemin)}">(.*?)'
                             r"</span>", sommaire)
        assert intitule, sommaire
        assert html.unescape(intitule[1]) == entetes[chemin][0]
    assert "<code>service.finess</code>" not in sommaire
