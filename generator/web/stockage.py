"""Where the application keeps files, under the data folder; uploads are written under
names it makes up (never a name or path sent by the browser)."""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

EXTENSIONS_DONNEES = (".yaml", ".yml", ".json", ".xlsx")
EXTENSIONS_IMAGES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff",
                     ".jpeg": b"\xff\xd8\xff"}
LIMITE_DONNEES = 5 * 1024 * 1024
LIMITE_IMAGE = 5 * 1024 * 1024
LIMITE_CLASSEUR = 20 * 1024 * 1024
LIMITE_MODELE = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"


class EnvoiRefuse(ValueError):
    """An uploaded file refused (size, type); the message is for the user."""


def racine() -> Path:
    return Path(settings.DONNEES)


def dossier(*parties: str | int) -> Path:
    chemin = racine().joinpath(*map(str, parties))
    chemin.mkdir(parents=True, exist_ok=True)
    return chemin


def dossier_contrat(pk: int) -> Path:
    return dossier("contrats", pk)


def dossier_travail(pk: int) -> Path:
    return dossier("travaux", pk)


def dossier_modeles(variante: str) -> Path | None:
    """The variant's templates folder edited by maintainers, if any (else the shipped one)."""
    chemin = racine() / "modeles" / variante
    return chemin if (chemin / "variante.yaml").is_file() else None


def extension(fichier: UploadedFile, permises: tuple[str, ...]) -> str:
    nom = (fichier.name or "").lower()
    for ext in permises:
        if nom.endswith(ext):
            return ext
    raise EnvoiRefuse(f"type de fichier refusé : {', '.join(permises)} attendu")


def enregistrer(fichier: UploadedFile, cible: Path, limite: int) -> Path:
    """Write an upload to ``cible`` (a path the application chose) after checking its size."""
    if fichier.size is None or fichier.size > limite:
        raise EnvoiRefuse(f"fichier trop volumineux ({limite // (1024 * 1024)} Mo au plus)")
    cible.parent.mkdir(parents=True, exist_ok=True)
    with cible.open("wb") as sortie:
        for morceau in fichier.chunks():
            sortie.write(morceau)
    return cible


def temporaire(fichier: UploadedFile, permises: tuple[str, ...], limite: int) -> Path:
    """An upload written to the application's temporary folder under a generated name,
    keeping only its (allowed) extension."""
    ext = extension(fichier, permises)
    chemin = enregistrer(fichier, dossier("tmp") / f"{uuid.uuid4().hex}{ext}", limite)
    if ext in (".xlsx", ".docx") and chemin.read_bytes()[:4] != ZIP:
        chemin.unlink()
        raise EnvoiRefuse("fichier illisible : ce n'est pas un fichier Office (.xlsx, .docx)")
    return chemin


def image(fichier: UploadedFile, contrat: int) -> str:
    """An uploaded image stored with the contract; returns its path relative to the
    contract's folder (what the data file holds)."""
    ext = extension(fichier, tuple(EXTENSIONS_IMAGES))
    nom = f"images/{uuid.uuid4().hex}{ext}"
    chemin = enregistrer(fichier, dossier_contrat(contrat) / nom, LIMITE_IMAGE)
    with chemin.open("rb") as entree:
        debut = entree.read(8)
    if not debut.startswith(EXTENSIONS_IMAGES[ext]):
        chemin.unlink()
        raise EnvoiRefuse("image illisible : PNG ou JPEG attendu")
    return nom


_NOM_IMAGE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,80}\.(png|jpe?g)$", re.IGNORECASE)
IMAGES_CAMPAGNE = "images"
MAX_IMAGES = 50


def images_campagne(fichiers: list[UploadedFile], dossier_campagne: Path) -> list[str]:
    """Images sent with a campaign workbook, kept as ``images/NOM.png`` beside it: the
    name is accepted only when plain (letters, digits, dashes), never as a path."""
    if len(fichiers) > MAX_IMAGES:
        raise EnvoiRefuse(f"{MAX_IMAGES} images au plus")
    noms = []
    for fichier in fichiers:
        nom = fichier.name or ""
        if not _NOM_IMAGE.match(nom):
            raise EnvoiRefuse(f"nom d'image refusé « {nom[:80]} » : lettres, chiffres, tirets, "
                              "puis .png, .jpg ou .jpeg")
        ext = extension(fichier, tuple(EXTENSIONS_IMAGES))
        chemin = enregistrer(fichier, dossier_campagne / IMAGES_CAMPAGNE / nom, LIMITE_IMAGE)
        with chemin.open("rb") as entree:
            if not entree.read(8).startswith(EXTENSIONS_IMAGES[ext]):
                chemin.unlink()
                raise EnvoiRefuse(f"image illisible « {nom} » : PNG ou JPEG attendu")
        noms.append(f"{IMAGES_CAMPAGNE}/{nom}")
    return noms


def dans(base: Path, relatif: str) -> Path | None:
    """``base / relatif`` when it stays inside ``base`` and exists; else None."""
    try:
        chemin = (base / relatif).resolve()
    except (OSError, ValueError):
        return None
    if not chemin.is_relative_to(base.resolve()) or not chemin.is_file():
        return None
    return chemin


def effacer(chemin: Path) -> None:
    if chemin.is_dir():
        shutil.rmtree(chemin, ignore_errors=True)
    else:
        chemin.unlink(missing_ok=True)
