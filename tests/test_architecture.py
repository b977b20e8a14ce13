"""The layout keeps its promises: no import cycle (between modules, nor between the stages
of ``generator``), ``domaine`` below ``schemas`` below ``generator``, docxtpl used in one
adapter only, and no Python path in any ``variante.yaml``."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]
PAQUETS = ("domaine", "schemas", "generator")


def _modules() -> dict[str, Path]:
    modules = {}
    for paquet in PAQUETS:
        for chemin in (RACINE / paquet).rglob("*.py"):
            relatif = chemin.relative_to(RACINE).with_suffix("")
            parties = list(relatif.parts)
            if parties[-1] == "__init__":
                parties.pop()
            modules[".".join(parties)] = chemin
    return modules


def _importes(nom: str, chemin: Path, connus: set[str]) -> set[str]:
    """Every project module ``nom`` imports, at the top or inside a function."""
    paquet = nom if chemin.name == "__init__.py" else nom.rpartition(".")[0]
    trouves: set[str] = set()
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        cibles: list[str] = []
        if isinstance(noeud, ast.Import):
            cibles = [alias.name for alias in noeud.names]
        elif isinstance(noeud, ast.ImportFrom):
            base = noeud.module or ""
            if noeud.level:
                base = ".".join(paquet.split(".")[: len(paquet.split(".")) - noeud.level + 1]
                                + ([base] if base else []))
            cibles = [f"{base}.{alias.name}" for alias in noeud.names] + [base]
        for cible in cibles:
            while cible and cible not in connus:
                cible = cible.rpartition(".")[0]
            if cible and cible != nom:
                trouves.add(cible)
    return trouves


def _graphe() -> dict[str, set[str]]:
    modules = _modules()
    connus = set(modules)
    return {nom: _importes(nom, chemin, connus) for nom, chemin in modules.items()}


def _cycles(graphe: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    bas: dict[str, int] = {}
    pile: list[str] = []
    sur_pile: set[str] = set()
    composantes: list[list[str]] = []

    def visiter(noeud: str) -> None:
        index[noeud] = bas[noeud] = len(index)
        pile.append(noeud)
        sur_pile.add(noeud)
        for suivant in graphe.get(noeud, ()):
            if suivant not in index:
                visiter(suivant)
                bas[noeud] = min(bas[noeud], bas[suivant])
            elif suivant in sur_pile:
                bas[noeud] = min(bas[noeud], index[suivant])
        if bas[noeud] == index[noeud]:
            composante = []
            while True:
                membre = pile.pop()
                sur_pile.discard(membre)
                composante.append(membre)
                if membre == noeud:
                    break
            if len(composante) > 1:
                composantes.append(sorted(composante))

    for noeud in sorted(graphe):
        if noeud not in index:
            visiter(noeud)
    return composantes


def _sans_paquets(graphe: dict[str, set[str]]) -> dict[str, set[str]]:
    """Module edges only: a package's ``__init__`` re-exporting its modules is not a
    dependency of those modules on the package."""
    return {nom: {c for c in cibles if not c.startswith(nom + ".")}
            for nom, cibles in graphe.items()}


def test_aucun_cycle_entre_modules() -> None:
    assert _cycles(_sans_paquets(_graphe())) == []


def test_aucun_cycle_entre_les_etapes() -> None:
    """The subpackages of ``generator`` (stages) form a one-way graph."""
    etapes: dict[str, set[str]] = defaultdict(set)
    for nom, cibles in _graphe().items():
        if not nom.startswith("generator."):
            continue
        source = nom.split(".")[1]
        for cible in cibles:
            if cible.startswith("generator.") and cible.split(".")[1] != source:
                etapes[source].add(cible.split(".")[1])
    assert _cycles(etapes) == []


def test_le_detecteur_voit_un_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize(("paquet", "interdits"), [("domaine", ("schemas", "generator")),
                                                    ("schemas", ("generator",))])
def test_couches(paquet: str, interdits: tuple[str, ...]) -> None:
    fautes = [f"{nom} → {cible}" for nom, cibles in _graphe().items()
              if nom.split(".")[0] == paquet for cible in cibles
              if cible.split(".")[0] in interdits]
    assert fautes == []


def test_docxtpl_dans_un_seul_adaptateur() -> None:
    utilisateurs = sorted(
        str(chemin.relative_to(RACINE)) for paquet in PAQUETS
        for chemin in (RACINE / paquet).rglob("*.py")
        if re.search(r"^\s*(from|import) docxtpl\b", chemin.read_text(encoding="utf-8"), re.M))
    assert utilisateurs == ["generator/render/docxtpl_adapter.py"]


def test_variantes_sans_chemin_python() -> None:
    for fichier in (RACINE / "templates").glob("*/variante.yaml"):
        assert not re.search(r"^\s*(schema|calcul)\s*:", fichier.read_text(encoding="utf-8"),
                             re.M), fichier


def test_interfaces_par_la_facade() -> None:
    """The web application, like the CLI, reaches the program through the façade only;
    nothing but the CLI starts it."""
    fautes = [f"{nom} → {cible}" for nom, cibles in _graphe().items()
              if nom.startswith("generator.web") for cible in cibles
              if cible.split(".")[0] in PAQUETS and cible not in ("generator", "generator.api")
              and not cible.startswith("generator.web")]
    fautes += [f"{nom} → {cible}" for nom, cibles in _graphe().items()
               if not nom.startswith("generator.web") and nom != "generator.cli"
               for cible in cibles if cible.startswith("generator.web")]
    assert fautes == []
