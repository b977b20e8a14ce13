"""Limits of every input (data files, workbooks, Word templates, images, renderings),
checked before the work so that a small hostile or broken file is refused in seconds with
a French message instead of exhausting the machine.

Each limit has a default sized far above any real contract or campaign and can be raised
for a legitimately large case by an environment variable ``CPOM_LIMITE_<NOM>`` (listed in
the README, section « Limites »); the message of a refusal names that variable.
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.problems import ErreurCpom, Lieu

MO = 1024 * 1024


@dataclass(frozen=True)
class Limite:
    """One limit: its name (``CPOM_LIMITE_<nom>``), default value and unit."""

    nom: str
    defaut: int
    unite: str = ""  # « Mo » for sizes given in mebibytes

    @property
    def variable(self) -> str:
        return f"CPOM_LIMITE_{self.nom}"

    @property
    def valeur(self) -> int:
        """The limit in force (the environment variable when set to a positive number)."""
        texte = os.environ.get(self.variable, "").strip()
        try:
            valeur = int(texte) if texte else self.defaut
        except ValueError:
            valeur = self.defaut
        valeur = valeur if valeur > 0 else self.defaut
        return valeur * MO if self.unite == "Mo" else valeur

    def texte(self) -> str:
        """« 20 Mo au plus ; pour un cas légitime : CPOM_LIMITE_DONNEES_TAILLE=40 »."""
        valeur = self.valeur // MO if self.unite == "Mo" else self.valeur
        unite = f" {self.unite}" if self.unite else ""
        return (f"{_nombre(valeur)}{unite} au plus ; pour un cas légitime, relevez la limite : "
                f"{self.variable}={valeur * 2}")


def _nombre(valeur: int) -> str:
    return f"{valeur:,}".replace(",", "\u202f")


DONNEES_TAILLE = Limite("DONNEES_TAILLE", 20, "Mo")  # a data file (YAML, JSON)
PROFONDEUR = Limite("PROFONDEUR", 40)  # nesting of a data file (aliases expanded)
NOEUDS = Limite("NOEUDS", 1_000_000)  # values of a data file (aliases expanded)
CHIFFRES = Limite("CHIFFRES", 15)  # digits of the integer part of a number
CLASSEUR_TAILLE = Limite("CLASSEUR_TAILLE", 50, "Mo")  # a campaign workbook or CSV file
LIGNES = Limite("LIGNES", 100_000)  # rows of a sheet
COLONNES = Limite("COLONNES", 2_000)  # columns of a sheet
INDICE = Limite("INDICE", 10_000)  # index of a header path (communes[9].nom)
MODELE_TAILLE = Limite("MODELE_TAILLE", 50, "Mo")  # a Word template (.docx)
PARTIE_TAILLE = Limite("PARTIE_TAILLE", 50, "Mo")  # a part of a zip, uncompressed
ZIP_TAILLE = Limite("ZIP_TAILLE", 200, "Mo")  # every part of a zip, uncompressed
ZIP_PARTIES = Limite("ZIP_PARTIES", 2_000)  # parts of a zip
IMAGE_TAILLE = Limite("IMAGE_TAILLE", 20, "Mo")  # an image file
IMAGE_PIXELS = Limite("IMAGE_PIXELS", 60_000_000)  # pixels of an image (8000 × 7500)
RENDU_DELAI = Limite("RENDU_DELAI", 60)  # seconds to render one document
RENDU_TAILLE = Limite("RENDU_TAILLE", 50, "Mo")  # characters of one rendered part
RENDU_REPETITIONS = Limite("RENDU_REPETITIONS", 1_000_000)  # loop turns of one rendering

TOUTES = (DONNEES_TAILLE, PROFONDEUR, NOEUDS, CHIFFRES, CLASSEUR_TAILLE, LIGNES, COLONNES,
          INDICE, MODELE_TAILLE, PARTIE_TAILLE, ZIP_TAILLE, ZIP_PARTIES, IMAGE_TAILLE,
          IMAGE_PIXELS, RENDU_DELAI, RENDU_TAILLE, RENDU_REPETITIONS)


def message(quoi: str, limite: Limite) -> str:
    """« classeur trop volumineux (50 Mo au plus ; pour un cas légitime, …) »."""
    return f"{quoi} ({limite.texte()})"


def verifier_zip(archive: zipfile.ZipFile, lieu: Lieu, modele: bool = False) -> None:
    """Refuse a zip (DOCX, XLSX) whose parts are too many or declared too large once
    uncompressed, before any part is read (``zipfile`` never reads past a declared size),
    or whose XML declares entities (an entity bomb, or data an XML reader would drop).
    ``modele``: the problem is the template's (else the user's data)."""
    erreur = ErreurCpom.modele if modele else ErreurCpom.donnees
    infos = archive.infolist()
    if len(infos) > ZIP_PARTIES.valeur:
        raise erreur(message(f"trop de parties dans le fichier ({_nombre(len(infos))})",
                             ZIP_PARTIES), lieu)
    total = 0
    for info in infos:
        if info.file_size > PARTIE_TAILLE.valeur:
            raise erreur(message(f"partie « {info.filename} » trop volumineuse une fois "
                                 f"décompressée ({info.file_size // MO} Mo)", PARTIE_TAILLE),
                         lieu)
        total += info.file_size
    if total > ZIP_TAILLE.valeur:
        raise erreur(message(f"contenu trop volumineux une fois décompressé "
                             f"({total // MO} Mo)", ZIP_TAILLE), lieu)
    for info in infos:  # Word and Excel never write a DTD: entities are a trap
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as flux:
                debut = flux.read(4096)
            if b"<!DOCTYPE" in debut or b"<!ENTITY" in debut:
                raise erreur(f"partie « {info.filename} » avec des déclarations d'entités XML "
                             "(DOCTYPE) : fichier piégé ou abîmé, réenregistrez-le", lieu)


def verifier_fichier_zip(chemin: Path, lieu: Lieu, modele: bool = False) -> None:
    """``verifier_zip`` of the file at ``chemin``; a file that is not a zip is left to the
    reader, which says so in its own words."""
    try:
        with zipfile.ZipFile(chemin) as archive:
            verifier_zip(archive, lieu, modele)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return


# --- numbers and dates of loaded data -----------------------------------------------------

ANNEES = (1900, 2199)  # a date outside is a typing error (and beyond the calendar's reach)
_NOMBRE = re.compile(r"\s*[+-]?(\d[\d\s\u202f\u00a0]*([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?\s*")
_NON_FINI = re.compile(r"\s*[+-]?(s?nan\d*|inf|infinity)\s*", re.IGNORECASE)
_DATE_TEXTE = re.compile(r"\s*(\d{4,})-\d{1,2}-\d{1,2}\s*|\s*\d{1,2}/\d{1,2}/(\d{4,})\s*")


def _hors_limites(valeur: Any) -> str:
    """Why a value is out of bounds (empty when it is not)."""
    if isinstance(valeur, bool):
        return ""
    if isinstance(valeur, int | float | Decimal):
        if isinstance(valeur, float | Decimal) and not math.isfinite(valeur):
            return f"nombre hors limites « {valeur} »"
        if abs(valeur) >= 10 ** CHIFFRES.valeur:
            return message("nombre hors limites : trop de chiffres avant la virgule", CHIFFRES)
        return ""
    if isinstance(valeur, date):
        if not ANNEES[0] <= valeur.year <= ANNEES[1]:
            return f"date hors limites « {valeur.isoformat()} » (années {ANNEES[0]} à {ANNEES[1]})"
        return ""
    if not isinstance(valeur, str) or len(valeur) > 10_000:
        return ""
    if _NON_FINI.fullmatch(valeur):
        return f"nombre hors limites « {valeur.strip()} »"
    nombre = _NOMBRE.fullmatch(valeur)
    if nombre:
        entier = re.sub(r"\D", "", valeur.split(",")[0].split(".")[0].split("e")[0]
                        .split("E")[0])
        exposant = int(nombre[3][1:]) if nombre[3] and len(nombre[3]) < 8 else \
            (10 ** 9 if nombre[3] else 0)
        if len(entier.lstrip("0")) + exposant > CHIFFRES.valeur:
            return message(f"nombre hors limites « {valeur.strip()[:40]} » : trop de chiffres "
                           "avant la virgule", CHIFFRES)
        return ""
    annee = _DATE_TEXTE.fullmatch(valeur)
    if annee:
        an = int((annee[1] or annee[2])[:6])
        if not ANNEES[0] <= an <= ANNEES[1]:
            return (f"date hors limites « {valeur.strip()} » (années {ANNEES[0]} à "
                    f"{ANNEES[1]})")
    return ""


def valeurs_hors_limites(donnees: Any) -> list[tuple[list[Any], str]]:
    """Every number too large (or infinite) and every date of an impossible year in
    loaded data, with its path: ``[(["services", 0, "heures"], message)]``. A digit
    string is a number here only when its integer part is too long to be an identifier
    (a SIRET has 14 digits)."""
    trouves: list[tuple[list[Any], str]] = []
    pile: list[tuple[list[Any], Any]] = [([], donnees)]
    while pile:
        chemin, valeur = pile.pop()
        if isinstance(valeur, dict):
            pile.extend(([*chemin, cle], v) for cle, v in reversed(list(valeur.items())))
        elif isinstance(valeur, list):
            pile.extend(([*chemin, i], v) for i, v in reversed(list(enumerate(valeur))))
        else:
            probleme = _hors_limites(valeur)
            if probleme:
                trouves.append((chemin, probleme))
    return trouves


# --- workbooks ------------------------------------------------------------------------------

def ligne_de_feuille(valeurs: list[Any], numero: int, feuille: str, fichier: str) -> list[Any]:
    """A row of a sheet, its trailing empty cells dropped; too many rows or columns is
    refused (a sheet is read row by row: the refusal comes before memory runs out)."""
    if numero > LIGNES.valeur:
        raise ErreurCpom.donnees(message("trop de lignes", LIGNES),
                                 Lieu(fichier=fichier, feuille=feuille, ligne=numero))
    while valeurs and valeurs[-1] is None:
        valeurs.pop()
    if len(valeurs) > COLONNES.valeur:
        raise ErreurCpom.donnees(message(f"trop de colonnes ({len(valeurs)})", COLONNES),
                                 Lieu(fichier=fichier, feuille=feuille, ligne=numero))
    return valeurs


def verifier_indices(morceaux: list[Any], lieu: Lieu) -> None:
    """The indices of a header path (``communes[9].nom``) stay within ``INDICE``."""
    for morceau in morceaux:
        if isinstance(morceau, int) and not isinstance(morceau, bool) \
                and morceau > INDICE.valeur:
            raise ErreurCpom.donnees(message(f"indice [{morceau}] trop grand dans l'en-tête",
                                             INDICE), lieu)
