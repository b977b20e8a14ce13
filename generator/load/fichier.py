"""A file the user gives (data, workbook, image): it exists and is not too large, checked
before it is read."""

from __future__ import annotations

from pathlib import Path

from generator.problems import ErreurCpom, Lieu, cause_systeme


def verifier(chemin: Path, taille_max: int, quoi: str = "fichier",
             trop_volumineux: str = "fichier trop volumineux") -> None:
    """French error (nature données) when ``chemin`` is not a file or exceeds
    ``taille_max`` bytes; ``quoi`` and ``trop_volumineux`` name the file in the message."""
    lieu = Lieu(fichier=str(chemin))
    try:
        if not chemin.is_file():
            raise ErreurCpom.donnees(f"{quoi} introuvable", lieu)
        taille = chemin.stat().st_size
    except OSError as exc:  # a name too long, a symlink loop
        raise ErreurCpom.donnees(f"{quoi} illisible ({cause_systeme(exc)})", lieu) from None
    if taille > taille_max:
        suffixe = "" if "au plus" in trop_volumineux else f" ({taille_max // 2**20} Mo au plus)"
        raise ErreurCpom.donnees(f"{trop_volumineux}{suffixe}", lieu)
