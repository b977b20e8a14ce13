"""What a campaign leaves in its output folder besides the contracts, and how a second run
knows what is already done: fingerprints of each service (data, templates, images,
options), the state file, ``manifest.csv`` and ``campagne.zip``."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from generator.output.writing import ecrire_atomique, ecriture
from generator.problems import ErreurCpom, Lieu
from generator.render.context import images_de
from generator.variants import Variante

RAPPORT = "rapport.xlsx"
MANIFESTE = "manifest.csv"
ETAT = ".cpom-etat.json"
JOURNAL = ".cpom-etat.journal"  # services published since the state file was written
VERROU = ".cpom-verrou"
ARCHIVE = "campagne.zip"
PREFIXE_TEMPORAIRE = ".cpom-"
VERSION_ETAT = 1


@dataclass(frozen=True)
class Sortie:
    """What a service left in the output folder (or is about to)."""

    finess: str
    nom: str
    dossier: str
    statut: str
    fichiers: tuple[tuple[str, str], ...]  # (file name, sha256)


# --- fingerprints ---------------------------------------------------------------------------

def _canonique(valeur: Any) -> Any:
    if isinstance(valeur, dict):
        return {str(k): _canonique(v) for k, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [_canonique(v) for v in valeur]
    if isinstance(valeur, Decimal | date | datetime):
        return f"{type(valeur).__name__}:{valeur}"
    return valeur


def sha256(chemin: Path) -> str:
    empreinte = hashlib.sha256()
    with chemin.open("rb") as flux:
        for bloc in iter(lambda: flux.read(1 << 20), b""):
            empreinte.update(bloc)
    return empreinte.hexdigest()


def empreinte_modeles(variante: Variante) -> str:
    """Fingerprint of the templates, the variant's description and the engine version."""
    empreinte = hashlib.sha256()
    try:
        empreinte.update(metadata.version("cpom-generateur").encode())
    except metadata.PackageNotFoundError:  # pragma: no cover - source checkout
        empreinte.update(b"dev")
    for fichier in ["variante.yaml", *(d.fichier for d in variante.documents)]:
        empreinte.update(fichier.encode() + b"\0" + sha256(variante.dossier / fichier).encode())
    return empreinte.hexdigest()


def empreinte_service(donnees: dict[str, Any], contexte: dict[str, Any], gabarits: str,
                      options: Iterable[Any]) -> str:
    """Data + templates + images + options: a service is regenerated when one changes."""
    images = sorted({(str(i.chemin), i.empreinte) for i in images_de(contexte)})
    contenu = json.dumps({"donnees": _canonique(donnees), "gabarits": gabarits,
                          "images": images, "options": list(options)},
                         sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(contenu.encode("utf-8")).hexdigest()


# --- output folder --------------------------------------------------------------------------

def nom_dossier(finess: str, nom: str) -> str:
    """``<finess>-<nom-en-minuscules>``: safe on every file system."""
    texte = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", texte.decode().lower()).strip("-")[:60].strip("-")
    finess = re.sub(r"[^0-9A-Za-z]", "", finess)
    return f"{finess}-{slug}" if slug else finess


def nettoyer_temporaires(sortie: Path) -> None:
    """Remove what an interrupted run left (temporary folders, files being written)."""
    if not sortie.is_dir():
        return
    for chemin in sortie.iterdir():
        if chemin.name.startswith(PREFIXE_TEMPORAIRE) and chemin.is_dir():
            shutil.rmtree(chemin, ignore_errors=True)
        elif chemin.name.startswith(".") and chemin.name.endswith(".part"):
            chemin.unlink(missing_ok=True)


def publier(temporaire: Path, sortie: Path, dossier: str, ancien: str | None) -> None:
    """Rename a service's temporary folder into place (the old version goes after)."""
    final = sortie / dossier
    perime = None
    if final.exists():
        perime = sortie / f"{PREFIXE_TEMPORAIRE}ancien.{uuid.uuid4().hex[:8]}"
        os.replace(final, perime)
    os.replace(temporaire, final)
    if perime is not None:
        shutil.rmtree(perime, ignore_errors=True)
    if ancien and ancien != dossier and (sortie / ancien).is_dir():
        shutil.rmtree(sortie / ancien, ignore_errors=True)  # renamed service: ours to remove


# --- one run at a time ----------------------------------------------------------------------

@contextlib.contextmanager
def verrou(sortie: Path) -> Iterator[None]:
    """Hold the output folder for this run: a second campaign into the same folder is
    refused (the lock dies with its process, even killed)."""
    if fcntl is None:  # pragma: no cover - Windows: no lock
        yield
        return
    chemin = sortie / VERROU
    with ecriture(chemin):
        fd = os.open(chemin, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        autre = os.read(fd, 32).decode("ascii", "replace").strip()
        os.close(fd)
        raise ErreurCpom.donnees(
            "une autre campagne écrit déjà dans ce dossier"
            + (f" (processus {autre})" if autre.isdigit() else "")
            + " : attendez qu'elle se termine, ou choisissez un autre dossier (-o)",
            Lieu(fichier=str(sortie))) from None
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)


# --- the state of a previous run ------------------------------------------------------------

def lire_etat(sortie: Path) -> dict[str, Any]:
    """What the previous runs recorded, by FINESS (empty when absent or unreadable): the
    state file, then the services a killed run published after it (journal)."""
    try:
        etat = json.loads((sortie / ETAT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        etat = {}
    services = etat.get("services", {}) if isinstance(etat, dict) and \
        etat.get("version") == VERSION_ETAT else {}
    services = dict(services) if isinstance(services, dict) else {}
    with contextlib.suppress(OSError):
        for ligne in (sortie / JOURNAL).read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):  # a line cut by a kill
                entree = json.loads(ligne)
                if isinstance(entree, dict) and isinstance(entree.get("finess"), str):
                    services[entree.pop("finess")] = entree
    return services


def noter(sortie: Path, finess: str, empreinte: str, fait: Sortie) -> None:
    """Record one published service at once (one line appended to the journal): a run
    killed afterwards does not generate it again."""
    ligne = json.dumps({"finess": finess, "empreinte": empreinte, "dossier": fait.dossier,
                        "fichiers": dict(fait.fichiers)}, ensure_ascii=False)
    with ecriture(sortie / JOURNAL), (sortie / JOURNAL).open("a", encoding="utf-8") as flux:
        flux.write(ligne + "\n")


def ecrire_etat(sortie: Path, faits: Iterable[tuple[str, str, Sortie]],
                ancien: dict[str, Any]) -> None:
    """Record (FINESS, fingerprint, output) of each service done, over the old state."""
    etat = dict(ancien)
    for finess, empreinte, fait in faits:
        etat[finess] = {"empreinte": empreinte, "dossier": fait.dossier,
                        "fichiers": dict(fait.fichiers)}
    contenu = json.dumps({"version": VERSION_ETAT, "services": etat}, ensure_ascii=False,
                         indent=1, sort_keys=True)
    ecrire_atomique(sortie / ETAT, contenu.encode("utf-8"))
    (sortie / JOURNAL).unlink(missing_ok=True)  # now in the state file


def deja_fait(finess: str, empreinte: str, dossier: str, sortie: Path,
              etat: dict[str, Any]) -> tuple[tuple[str, str], ...] | None:
    """The files of a service the previous run generated from the same inputs, still
    present and intact (each file's SHA-256 checked); ``None`` when it must be
    generated."""
    connu = etat.get(finess)
    if not isinstance(connu, dict) or connu.get("empreinte") != empreinte \
            or connu.get("dossier") != dossier:
        return None
    fichiers = connu.get("fichiers") or {}
    if not fichiers or not isinstance(fichiers, dict):
        return None
    for nom, empreinte_fichier in fichiers.items():  # a damaged or edited file: regenerated
        chemin = sortie / dossier / str(nom)
        if Path(str(nom)).name != nom or not chemin.is_file() \
                or sha256(chemin) != empreinte_fichier:
            return None
    return tuple(sorted(fichiers.items()))


# --- manifest and archive -------------------------------------------------------------------

_FORMULE = ("=", "+", "-", "@", "\t", "\r")


class _EcrivainSur:
    """A CSV writer whose cells never start a formula in a spreadsheet (OWASP: a cell
    starting with = + - @ tab or carriage return is prefixed with « ' »)."""

    def __init__(self, flux: io.StringIO) -> None:
        self.ecrivain = csv.writer(flux, delimiter=";", lineterminator="\n")

    def writerow(self, cellules: Iterable[Any]) -> None:
        self.ecrivain.writerow([f"'{c}" if isinstance(c, str) and c.startswith(_FORMULE)
                                else c for c in cellules])


def ecrire_manifeste(sortie: Path, lignes: Iterable[Sortie]) -> Path:
    """``manifest.csv``: one line per file written (service, file, SHA-256, status)."""
    tampon = io.StringIO()
    ecrivain = _EcrivainSur(tampon)
    ecrivain.writerow(["service", "nom", "dossier", "fichier", "sha256", "statut"])
    for ligne in lignes:
        if ligne.fichiers:
            for nom, empreinte in ligne.fichiers:
                ecrivain.writerow([ligne.finess, ligne.nom, ligne.dossier, nom, empreinte,
                                   ligne.statut])
        else:
            ecrivain.writerow([ligne.finess, ligne.nom, "", "", "", ligne.statut])
    return ecrire_atomique(sortie / MANIFESTE, tampon.getvalue().encode("utf-8-sig"))


def ecrire_archive(sortie: Path, lignes: Iterable[Sortie]) -> Path:
    """``campagne.zip``: every generated folder, the manifest and the report (streamed to
    a temporary file, then renamed; fixed timestamps)."""
    chemins = [sortie / MANIFESTE, sortie / RAPPORT]
    for ligne in lignes:
        chemins += [sortie / ligne.dossier / nom for nom, _ in ligne.fichiers]
    final = sortie / ARCHIVE
    temporaire = sortie / f".{ARCHIVE}.{uuid.uuid4().hex[:8]}.part"
    try:
        with zipfile.ZipFile(temporaire, "w", zipfile.ZIP_DEFLATED) as archive:
            for chemin in chemins:
                if not chemin.is_file():
                    continue
                info = zipfile.ZipInfo(chemin.relative_to(sortie).as_posix(),
                                       (1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with chemin.open("rb") as source, archive.open(info, "w") as cible:
                    shutil.copyfileobj(source, cible, 1 << 20)
        os.replace(temporaire, final)
    except BaseException:
        temporaire.unlink(missing_ok=True)
        raise
    return final
