"""Problems are data: one type from the schema to the screen.

A ``Probleme`` says where (a ``Lieu``: data file and field path, workbook cell, Word
template part and paragraph, service of a campaign), how bad (``Niveau``: erreur or
avertissement), whose business (``Nature``) and what, in French. It is a frozen
dataclass of strings and numbers: it crosses process boundaries intact (campaign
workers) and is what the CLI prints, the campaign report lists and the web application
shows at its field.

Inside the stages, problems that stop the work travel in an ``ErreurCpom``; the façade
(``generator.api``) turns it back into data. Exit codes come from the kind
(``code_sortie``), never from a message.
"""

from __future__ import annotations

import errno
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Niveau(StrEnum):
    ERREUR = "erreur"
    AVERTISSEMENT = "avertissement"


class Nature(StrEnum):
    """Whose business a problem is, and so the exit code."""

    DONNEES = "données"  # the user's data, files or command line (exit 2)
    MODELE = "modèle"  # a Word template or a templates folder (exit 2)
    ENVIRONNEMENT = "environnement"  # the machine: no PDF converter, conversion failed (2)
    SYSTEME = "système"  # a bug of the program: « erreur interne » (exit 1)


def lettre_colonne(colonne: int) -> str:
    """Excel column letters: 1 → A, 28 → AB."""
    lettres = ""
    while colonne > 0:
        colonne, reste = divmod(colonne - 1, 26)
        lettres = chr(ord("A") + reste) + lettres
    return lettres


@dataclass(frozen=True)
class Lieu:
    """Where a problem is. Every part is optional; the ones set are printed in order."""

    fichier: str = ""  # data file, workbook or Word template
    feuille: str = ""  # workbook sheet
    ligne: int | None = None  # workbook row, or line of a text file (1-based)
    colonne: int | None = None  # workbook column (1-based)
    entete: str = ""  # header of that column
    champ: str = ""  # field path: services[0].finess
    partie: str = ""  # template part: corps, en-tête, pied de page
    paragraphe: str = ""  # « paragraphe 12 », « tableau 2, ligne 3, cellule 1 »
    extrait: str = ""  # the text around, as the user sees it in Word
    service: str = ""  # campaign: FINESS of the service (as typed)
    nom_service: str = ""

    @property
    def lettre(self) -> str:
        return lettre_colonne(self.colonne) if self.colonne else ""

    @property
    def cellule(self) -> str:
        """« Feuille « Services », ligne 7, colonne C « services[0].finess » »."""
        if not self.feuille:
            return ""
        texte = f"Feuille « {self.feuille} »"
        if self.ligne:
            texte += f", ligne {self.ligne}"
        if self.colonne:
            texte += f", colonne {self.lettre}" + (f" « {self.entete} »" if self.entete else "")
        return texte

    def texte(self, fichier: bool = True) -> str:
        """The location as a user reads it (``fichier=False``: when the file is already
        named, by a heading for example)."""
        morceaux = []
        if fichier and self.fichier:
            morceaux.append(self.fichier)
        if self.cellule:
            morceaux.append(self.cellule)
        elif self.ligne:  # a line of a text file
            morceaux.append(f"ligne {self.ligne}")
        if self.partie:
            dans = self.partie + (f", {self.paragraphe}" if self.paragraphe else "")
            if self.extrait:
                dans += f" (« {self.extrait} »)"
            morceaux.append(dans)
        elif self.extrait:
            morceaux.append(f"près de « {self.extrait} »")
        texte = ", ".join(morceaux)
        if self.champ and not self.entete:  # a header names the field for the user
            texte = f"{texte} : {self.champ}" if texte else self.champ
        return texte

    def __str__(self) -> str:
        return self.texte()


@dataclass(frozen=True)
class Probleme:
    """One problem (or warning), located."""

    message: str
    lieu: Lieu = field(default_factory=Lieu)
    niveau: Niveau = Niveau.ERREUR
    nature: Nature = Nature.DONNEES
    detail: str = field(default="", compare=False, repr=False)  # a bug's traceback

    @property
    def est_erreur(self) -> bool:
        return self.niveau is Niveau.ERREUR

    def texte(self, fichier: bool = True) -> str:
        ou = self.lieu.texte(fichier)
        return f"{ou} : {self.message}" if ou else self.message

    def __str__(self) -> str:
        return self.texte()


_PAQUETS = ("generator", "schemas", "domaine")


def interne(exc: BaseException) -> Probleme:
    """A bug as a problem: « erreur interne », the exception and the line of the program
    that raised it; the traceback in ``detail``."""
    cadres = traceback.extract_tb(exc.__traceback__)
    nos_cadres = [c for c in cadres if any(p in Path(c.filename).parts for p in _PAQUETS)]
    ou = ""
    if nos_cadres or cadres:
        cadre = (nos_cadres or cadres)[-1]
        parties = Path(cadre.filename).parts
        debut = max((i for i, p in enumerate(parties) if p in _PAQUETS), default=len(parties) - 1)
        ou = f" ({'/'.join(parties[debut:])}, ligne {cadre.lineno}, dans {cadre.name})"
    texte = "".join(traceback.format_exception(exc))
    return Probleme(f"erreur interne (un bogue à signaler) : {type(exc).__name__} : {exc}{ou}",
                    nature=Nature.SYSTEME, detail=texte)


def erreurs(problemes: Iterable[Probleme]) -> list[Probleme]:
    return [p for p in problemes if p.est_erreur]


def avertissements(problemes: Iterable[Probleme]) -> list[Probleme]:
    return [p for p in problemes if not p.est_erreur]


def code_sortie(problemes: Iterable[Probleme]) -> int:
    """0 without error; 1 when one is a bug (système); 2 otherwise."""
    natures = {p.nature for p in problemes if p.est_erreur}
    if Nature.SYSTEME in natures:
        return 1
    return 2 if natures else 0


class ErreurCpom(Exception):
    """Problems that stop the work, raised inside the stages; ``generator.api`` returns
    them as data. At least one of them is an error."""

    def __init__(self, problemes: Probleme | Iterable[Probleme]) -> None:
        self.problemes = [problemes] if isinstance(problemes, Probleme) else list(problemes)
        super().__init__("\n".join(str(p) for p in self.problemes))

    @classmethod
    def donnees(cls, message: str, lieu: Lieu | None = None) -> ErreurCpom:
        return cls(Probleme(message, lieu or Lieu(), nature=Nature.DONNEES))

    @classmethod
    def modele(cls, message: str, lieu: Lieu | None = None) -> ErreurCpom:
        return cls(Probleme(message, lieu or Lieu(), nature=Nature.MODELE))

    @classmethod
    def environnement(cls, message: str, lieu: Lieu | None = None) -> ErreurCpom:
        return cls(Probleme(message, lieu or Lieu(), nature=Nature.ENVIRONNEMENT))


# Why the system refused a file operation, in French (errno names otherwise reach the
# user in English).
_CAUSES = {
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota disque dépassé",
    errno.EFBIG: "fichier trop grand pour ce disque (limite de taille de fichier)",
    errno.EROFS: "disque en lecture seule",
    errno.EACCES: "permission refusée",
    errno.EPERM: "permission refusée",
    errno.ENOTDIR: "un fichier porte le nom d'un dossier du chemin",
    errno.EISDIR: "un dossier porte ce nom",
    errno.EEXIST: "un fichier porte déjà ce nom",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ELOOP: "lien symbolique en boucle",
}


def cause_systeme(exc: BaseException) -> str:
    """The reason of a refused file operation, in French (``Path.resolve`` reports a
    symlink loop as a RuntimeError)."""
    if isinstance(exc, RuntimeError):
        return _CAUSES[errno.ELOOP]
    numero = getattr(exc, "errno", None) or 0
    return _CAUSES.get(numero, getattr(exc, "strerror", None) or type(exc).__name__)
