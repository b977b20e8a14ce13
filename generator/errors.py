"""Errors a user can act on. Each carries a French message; the CLI prints it and exits 2."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Probleme:
    """One validation problem (or warning) located by its field path."""

    chemin: str
    message: str

    def __str__(self) -> str:
        return f"{self.chemin} : {self.message}" if self.chemin else self.message


class ErreurUtilisateur(Exception):
    """Base of the errors caused by the user's input (exit code 2)."""


class DonneesInvalides(ErreurUtilisateur):
    """The contract data do not satisfy the variant's schema; lists every problem."""

    def __init__(self, problemes: list[Probleme], source: str | None = None) -> None:
        self.problemes = problemes
        self.source = source
        entete = f"{source} : " if source else ""
        n = len(problemes)
        super().__init__(
            f"{entete}{n} erreur{'s' if n > 1 else ''} dans les données"
            + "".join(f"\n  - {p}" for p in problemes)
        )


class FichierIllisible(ErreurUtilisateur):
    """A data file, workbook or image that cannot be read."""


class VarianteInconnue(ErreurUtilisateur):
    """No templates folder for the requested variant."""


class ErreurModele(ErreurUtilisateur):
    """A Word template that cannot be rendered (Jinja error), located in the template."""

    def __init__(self, modele: Path, exc: Exception) -> None:
        self.modele = modele
        self.cause = exc
        ligne = getattr(exc, "docx_context", None)
        extrait = " ".join(s.strip() for s in ligne if s.strip())[:200] if ligne else ""
        message = f"modèle {modele.name} : {exc}"
        if extrait:
            message += f" (près de : « {extrait} »)"
        super().__init__(message)
