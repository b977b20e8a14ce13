"""Each variant ships the list of its departures from its seed model
(``templates/<variante>/ecarts-au-modele.md``): every quoted seed wording is in the seed,
every quoted new wording is in the generated texts of the samples (tests/golden), and a
wording replaced because of the law is gone from them. ``cpom templates show`` prints it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator import variants
from generator.cli import app
from tests.aide import normaliser

RACINE = Path(__file__).resolve().parents[1]
SEEDS = Path("/work/shared/seeds")
SEED_DE = {
    "national": "000_16dbd1b43267df45.txt",
    "ille-et-vilaine": "001_e95542a7c07d549b.txt",
    "seine-et-marne": "004_424e3b3615487dbf.txt",
}
VARIANTES = list(SEED_DE)


def _plat(texte: str) -> str:
    """Compare wording, not layout: golden markers and all spaces folded, quotes made one."""
    texte = texte.replace("⍽", " ").replace("⸱", " ")
    texte = re.sub(r"[«»\"“”]", '"', normaliser(texte))
    return re.sub(r"\s+", " ", texte).strip()


def _ecarts(variante: str) -> list[dict[str, str]]:
    """The entries (``### `` headings) of a variant's departures list, field by field."""
    texte = (variants.trouver(variante).dossier / "ecarts-au-modele.md").read_text("utf-8")
    entrees = []
    for bloc in re.split(r"^### ", texte, flags=re.M)[1:]:
        titre, _, corps = bloc.partition("\n")
        champs = dict(re.findall(r"^- ([^:\n]+?) : (.*)$", corps, flags=re.M))
        entrees.append({"titre": titre.strip(), **champs})
    return entrees


def _citations(valeur: str) -> list[str]:
    """The quoted passages « … » of a field (quotes are not nested in these lists)."""
    return re.findall(r"«\s*(.+?)\s*»", valeur)


def _fragments(citation: str) -> list[str]:
    """A quotation cut at each « … » (data or text left out)."""
    return [f.strip(" ,;.") for f in citation.split("…") if len(f.strip(" ,;.")) > 3]


def _golden(variante: str) -> str:
    return _plat("\n".join(p.read_text("utf-8")
                           for p in (RACINE / "tests/golden" / variante).rglob("*.txt")))


@pytest.mark.parametrize("variante", VARIANTES)
def test_chaque_ecart_est_complet(variante: str) -> None:
    ecarts = _ecarts(variante)
    assert ecarts, variante
    for ecart in ecarts:
        for champ in ("Nature", "Texte du modèle source", "Nouveau texte", "Raison", "Source"):
            assert ecart.get(champ), (variante, ecart["titre"], champ)


@pytest.mark.parametrize("variante", VARIANTES)
def test_citations_du_modele_source(variante: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip("modèles sources absents de cette machine")
    seed = _plat((SEEDS / SEED_DE[variante]).read_text("utf-8"))
    absentes = [(e["titre"], f) for e in _ecarts(variante)
                for c in _citations(e["Texte du modèle source"]) for f in _fragments(c)
                if _plat(f) not in seed]
    assert absentes == []


@pytest.mark.parametrize("variante", VARIANTES)
def test_nouveaux_textes_dans_les_documents_generes(variante: str) -> None:
    genere = _golden(variante)
    absents = [(e["titre"], f) for e in _ecarts(variante)
               for c in _citations(e["Nouveau texte"]) for f in _fragments(c)
               if _plat(f) not in genere]
    assert absents == []


@pytest.mark.parametrize("variante", VARIANTES)
def test_textes_remplaces_par_le_droit_ont_disparu(variante: str) -> None:
    genere = _golden(variante)
    restes = [(e["titre"], c) for e in _ecarts(variante)
              if e["Nature"].startswith("droit en vigueur")
              for c in _citations(e["Texte du modèle source"]) if _plat(c) in genere]
    assert restes == []


def test_contrat_national_sans_juridiction_ni_correspondant_supprimes() -> None:
    genere = _golden("national")
    for ancien in ("tribunal interrégional", "tarification sanitaire et sociale compétent",
                   "correspondant informatique et libertés", "auprès de la CNIL",
                   "arrêté interministériel"):
        assert ancien not in genere, ancien
    for actuel in ("tribunal administratif compétent", "délégué à la protection des données",
                   "décret n° 2023-608 du 13 juillet 2023", "article D. 314-130-1"):
        assert actuel in genere, actuel


def test_cpom_templates_show_affiche_les_ecarts() -> None:
    resultat = CliRunner().invoke(app, ["templates", "show", "national"])
    assert resultat.exit_code == 0, resultat.output
    assert "Écarts au modèle source" in resultat.output
    assert "tribunal interrégional de la tarification sanitaire et sociale" in resultat.output
    liste = CliRunner().invoke(app, ["templates", "list"])
    assert liste.exit_code == 0
    assert "écarts au modèle source" in liste.output
    inconnu = CliRunner().invoke(app, ["templates", "show", "inexistant"])
    assert inconnu.exit_code == 2
