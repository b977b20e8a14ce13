"""The national tarif minimal of the SAD (aide et accompagnement), year by year, with its
source: ``donnees/tarif-minimal.yaml`` (dated and sourced entries)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

FICHIER = Path(__file__).parent / "donnees" / "tarif-minimal.yaml"


@cache
def tarifs_minimaux() -> dict[int, dict[str, Any]]:
    """National tarif minimal per year, with its source (donnees/tarif-minimal.yaml)."""
    entrees = yaml.safe_load(FICHIER.read_text(encoding="utf-8"))
    return {e["annee"]: {**e, "montant": Decimal(e["montant"])} for e in entrees}


def tarif_minimal(annee: int) -> dict[str, Any] | None:
    """The tarif minimal in force in ``annee`` (the latest entry of that year or before)."""
    connus = [a for a in tarifs_minimaux() if a <= annee]
    return tarifs_minimaux()[max(connus)] if connus else None
