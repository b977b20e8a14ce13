"""The image files a contract's data names (logos, organigrammes): each path is read from
the folder of the data file or workbook, and a missing one is reported at its field
(``organigrammes[0].image``), so that a workbook names its sheet, row and column.

The image fields are the schema's fields marked ``image`` (``fields.tree.Noeud.image``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.fields.paths import texte_chemin
from generator.fields.tree import Noeud
from generator.load import fichier
from generator.problems import ErreurCpom, Lieu, Probleme

TAILLE_MAX = 20 * 1024 * 1024


def chemins(donnees: Any, noeud: Noeud, morceaux: tuple[str | int, ...] = ()
            ) -> Iterator[tuple[str, str]]:
    """(field path, image path) of every image field filled in ``donnees``."""
    if noeud.image and isinstance(donnees, str) and donnees.strip():
        yield texte_chemin(morceaux), donnees.strip()
    elif isinstance(donnees, dict) and noeud.type == "bloc":
        for nom, valeur in donnees.items():
            enfant = noeud.enfant(str(nom))
            if enfant is not None:
                yield from chemins(valeur, enfant, (*morceaux, str(nom)))
    elif isinstance(donnees, list) and noeud.element is not None:
        for i, valeur in enumerate(donnees):
            yield from chemins(valeur, noeud.element, (*morceaux, i))


def manquantes(donnees: dict[str, Any], racine: Noeud, base: Path | None,
               source: str = "") -> list[Probleme]:
    """One problem per image field whose file is missing or too large, at its field."""
    if base is None:
        return []
    problemes = []
    for champ, valeur in chemins(donnees, racine):
        chemin = (base / valeur).resolve()
        try:
            fichier.verifier(chemin, TAILLE_MAX, "image", "image trop volumineuse")
        except ErreurCpom as exc:
            quoi = exc.problemes[0].message
            problemes.append(Probleme(
                f"{quoi} : « {valeur} » (cherchée dans {chemin.parent}) ; le chemin se lit "
                "à partir du dossier du fichier de données ou du classeur : vérifiez le nom, "
                "ou gardez le dossier des images à côté du fichier",
                Lieu(fichier=source, champ=champ)))
    return problemes
