"""French typography: no-break spaces where French forbids a line break, in the templates'
text and in every printed value, checked on the text of every sample document."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from domaine.formats import montant, pourcentage, typographie
from tests.aide import documents_de, texte_docx

EXEMPLES = Path(__file__).resolve().parents[1] / "samples"
FICHIERS = sorted(EXEMPLES.glob("*.yaml"))

# An ASCII space (or tab) where French typography wants a no-break space.
FAUTES = {
    "espace avant « : ; ! ? » »": re.compile(r"[ \t][:;!?»]"),
    "espace après « « »": re.compile(r"«[ \t]"),
    "espace entre un chiffre et « € »": re.compile(r"\d[ \t]+€"),
    "espace entre un chiffre et « % »": re.compile(r"\d[ \t]+%"),
}


@pytest.fixture(scope="module")
def textes() -> dict[str, str]:
    """The text of every document of every sample (file name → text)."""
    return {f"{chemin.stem}/{nom}": texte_docx(contenu)
            for chemin in FICHIERS
            for nom, contenu in documents_de(chemin, base=chemin.parent).items()}


def test_quatre_exemples(textes: dict[str, str]) -> None:
    assert len(FICHIERS) == 4
    assert len(textes) == 25  # 2 × 4 national, 11 Ille-et-Vilaine, 6 Seine-et-Marne


@pytest.mark.parametrize("faute", list(FAUTES))
def test_aucune_espace_secable_interdite(textes: dict[str, str], faute: str) -> None:
    motif = FAUTES[faute]
    trouvees = [(document, texte[max(0, m.start() - 30):m.end() + 10])
                for document, texte in textes.items() for m in motif.finditer(texte)]
    assert trouvees == [], faute


def test_espaces_insecables_presentes(textes: dict[str, str]) -> None:
    tout = "\n".join(textes.values())
    assert "\u00a0:" in tout and "\u00a0€" in tout and "«\u00a0" in tout and "\u00a0»" in tout
    assert "\u202f;" in tout
    assert "Vu le code général des collectivités territoriales\u202f;" in tout


def test_montants_et_pourcentages() -> None:
    assert montant(Decimal("26.1")) == "26,10\u00a0€"
    assert montant(Decimal("1234.5"), 0) == "1\u202f235\u00a0€"
    assert pourcentage(Decimal("0.125")) == "12,5\u00a0%"


@pytest.mark.parametrize(("texte", "attendu"), [
    ("Objectif 3 : 0,80 € par heure ; forfait de 10 500 €.",
     "Objectif 3\u00a0: 0,80\u00a0€ par heure\u202f; forfait de 10\u202f500\u00a0€."),
    ("Aide & Soins <Vilaine> « Été » ?", "Aide & Soins <Vilaine> «\u00a0Été\u00a0»\u202f?"),
    ("Pourquoi ! 12,5 % et 1820 h, 40 km",
     "Pourquoi\u202f! 12,5\u00a0% et 1820\u00a0h, 40\u00a0km"),
    ("décret n° 2023-608", "décret n°\u00a02023-608"),
    # left as they are: no space to change, code, times, years in a row, URLs
    ("x != y", "x != y"), ("10:30", "10:30"), ("https://www.legifrance.gouv.fr", None),
    ("en 2026 2027", None), ("l’heure", None),
])
def test_regles(texte: str, attendu: str | None) -> None:
    attendu = texte if attendu is None else attendu
    assert typographie(texte) == attendu
    assert typographie(attendu) == attendu  # idempotent


def test_texte_special_rendu_tel_quel() -> None:
    """A name with & < > « » ’ is printed with its characters, the spaces around the
    French quotes made no-break (and nothing else changed)."""
    import yaml

    donnees = yaml.safe_load((EXEMPLES / "national.yaml").read_text(encoding="utf-8"))
    nom = "Aide & Soins <Vilaine> « Été » l’Étoile"
    donnees["gestionnaire"]["raison_sociale"] = nom
    documents = documents_de(donnees, base=EXEMPLES)
    for fichier, contenu in documents.items():
        texte = texte_docx(contenu)
        assert typographie(nom) in texte, fichier
        assert "Aide & Soins <Vilaine> «\u00a0Été\u00a0» l’Étoile" in texte, fichier
        assert "&amp;" not in texte and "&lt;" not in texte
