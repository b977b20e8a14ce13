"""Golden texts: the text of every document of every sample, as rendered, and of its full
contract, committed in ``tests/golden/<variante>/<exemple>/<document>.txt``. The tests
compare each rendering with its golden text, so that any wording change of a template
(or of its rendering) shows up in ``git diff`` and is approved on purpose.

After an intended change, rewrite them and read the diff::

    make golden        # .venv/bin/python -m tests.textes_rendus
    git diff tests/golden
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from generator import api
from generator.authoring.text import texte

RACINE = Path(__file__).resolve().parents[1]
DOSSIER = RACINE / "tests" / "golden"
EXEMPLES = RACINE / "samples"


def rendus(exemple: Path, dossier_modeles: Path | None = None) -> dict[Path, str]:
    """Golden file → text of each document of ``exemple`` (rendered now)."""
    resultat = api.rendre(exemple, dossier_modeles=dossier_modeles, avec_bundle=True)
    if not resultat.ok:
        raise AssertionError("\n".join(str(p) for p in resultat.erreurs))
    assert resultat.variante is not None
    dossier = DOSSIER / resultat.variante.base / exemple.stem
    return {dossier / (Path(nom).stem + ".txt"): texte(octets, espaces_visibles=True)
            for nom, octets in resultat.documents.items()}


def ecarts(textes: dict[Path, str]) -> list[str]:
    """A unified diff for each text that differs from its golden file (or has none)."""
    differences = []
    for chemin, actuel in textes.items():
        attendu = chemin.read_text(encoding="utf-8") if chemin.is_file() else ""
        if actuel != attendu:
            nom = str(chemin.relative_to(RACINE))
            differences.append("".join(difflib.unified_diff(
                attendu.splitlines(keepends=True), actuel.splitlines(keepends=True),
                f"{nom} (attendu)", f"{nom} (rendu)")) or f"{nom} : absent")
    return differences


def ecrire() -> list[Path]:
    """Rewrite every golden text from the current templates."""
    ecrits = []
    for exemple in sorted(EXEMPLES.glob("*.yaml")):
        for chemin, actuel in rendus(exemple).items():
            chemin.parent.mkdir(parents=True, exist_ok=True)
            chemin.write_text(actuel, encoding="utf-8")
            ecrits.append(chemin)
    return ecrits


if __name__ == "__main__":
    chemins = ecrire()
    sys.stdout.write(f"{len(chemins)} textes de référence écrits dans "
                     f"{DOSSIER.relative_to(RACINE)} ; relisez : git diff tests/golden\n")
