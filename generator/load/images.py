"""The image files a contract's data names (logos, organigrammes): each path is read from
the folder of the data file or workbook, and a missing one is reported at its field
(``organigrammes[0].image``), so that a workbook names its sheet, row and column.

The image fields are the schema's fields marked ``image`` (``fields.tree.Noeud.image``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.fields.tree import Noeud, valeurs
from generator.load import fichier, limites
from generator.problems import ErreurCpom, Lieu, Probleme


def chemins(donnees: Any, racine: Noeud) -> Iterator[tuple[str, str]]:
    """(field path, image path) of every image field filled in ``donnees``."""
    for champ, noeud, valeur in valeurs(donnees, racine, marque="image"):
        if noeud.image and isinstance(valeur, str) and valeur.strip():
            yield champ, valeur.strip()


def manquantes(donnees: dict[str, Any], racine: Noeud, base: Path | None,
               source: str = "") -> list[Probleme]:
    """One problem per image field whose file is missing or too large, at its field."""
    if base is None:
        return []
    problemes = []
    for champ, valeur in chemins(donnees, racine):
        chemin = base / valeur  # not resolved: a symlink loop is reported, not raised
        try:
            fichier.verifier(chemin, limites.IMAGE_TAILLE.valeur, "image",
                             limites.message("image trop volumineuse", limites.IMAGE_TAILLE))
        except ErreurCpom as exc:
            quoi = exc.problemes[0].message
            problemes.append(Probleme(
                f"{quoi} : « {valeur} » (cherchée dans {chemin.parent}) ; le chemin se lit "
                "à partir du dossier du fichier de données ou du classeur : vérifiez le nom, "
                "ou gardez le dossier des images à côté du fichier",
                Lieu(fichier=source, champ=champ)))
            continue
        with chemin.open("rb") as flux:
            debut = flux.read(8)
        if not debut.startswith(_SIGNATURES):
            problemes.append(Probleme(
                f"image illisible (PNG ou JPEG attendu) : « {valeur} » ; enregistrez-la au "
                "format PNG ou JPEG", Lieu(fichier=source, champ=champ)))
    return problemes


_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG
