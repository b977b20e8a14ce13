"""Prepared templates kept on disk between runs, so that a second ``cpom generate`` on
the machine neither composes the contrat complet nor compiles the templates again.

An entry is keyed by the content it was made from and by the fingerprint of the code
that made it (this package's sources, Python, Jinja, docxcompose): an edited template,
an upgraded library or another version of cpom never reads an old entry. Entries are
written atomically in a folder only the user can write (``$XDG_CACHE_HOME/cpom``,
``CPOM_CACHE`` to choose another one, ``CPOM_CACHE=non`` to keep nothing on disk). A
missing, unreadable or damaged entry is prepared again, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = "1"  # raised when the layout of an entry changes
ENTREES_MAX = 400  # beyond, the entries used least recently are removed
SANS = {"non", "0", "aucun", "off"}
_PAQUETS = ("jinja2", "docxcompose", "python-docx", "docxtpl", "lxml")
_SOURCES = (Path(__file__).parent, Path(__file__).parents[1] / "output" / "bundle.py")


@cache
def empreinte() -> str:
    """Fingerprint of the code that prepares templates."""
    condense = hashlib.sha256(f"{FORMAT}\0{sys.version}".encode())
    for paquet in _PAQUETS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            condense.update(f"\0{paquet}={metadata.version(paquet)}".encode())
    for source in _SOURCES:
        for fichier in sorted(source.glob("*.py")) if source.is_dir() else [source]:
            condense.update(fichier.name.encode() + b"\0" + fichier.read_bytes())
    return condense.hexdigest()


def dossier() -> Path | None:
    """The cache folder, created private to the user; None when disabled or unusable."""
    choix = os.environ.get("CPOM_CACHE", "").strip()
    if choix.lower() in SANS:
        return None
    if choix:
        racine = Path(choix)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        racine = Path(base) / "cpom"
    chemin = racine / "gabarits"
    try:
        chemin.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix":
            etat = chemin.stat()
            if etat.st_uid != os.getuid() or etat.st_mode & 0o022:
                return None  # writable by others: its entries could run their code
    except OSError:
        return None
    return chemin


def cle(genre: str, *contenus: bytes) -> str:
    """The key of an entry of ``genre`` made from ``contenus``."""
    condense = hashlib.sha256(f"{genre}\0{empreinte()}".encode())
    for contenu in contenus:
        condense.update(hashlib.sha256(contenu).digest())
    return f"{genre}-{condense.hexdigest()[:40]}"


def lire(cle_entree: str) -> Any | None:
    """The entry stored under ``cle_entree``, or None."""
    racine = dossier()
    if racine is None:
        return None
    chemin = racine / cle_entree
    try:
        with open(chemin, "rb") as fichier:
            valeur = pickle.load(fichier)  # written by this user only: see dossier()
    except Exception:  # missing, truncated, from another version: prepared again
        return None
    with contextlib.suppress(OSError):
        os.utime(chemin)  # used now: kept by _elaguer
    return valeur


def ecrire(cle_entree: str, valeur: Any) -> None:
    """Store ``valeur`` under ``cle_entree`` (atomically; a failure is ignored)."""
    racine = dossier()
    if racine is None:
        return
    temporaire = None
    try:
        descripteur, temporaire = tempfile.mkstemp(dir=racine, prefix=".ecriture-")
        with os.fdopen(descripteur, "wb") as fichier:
            pickle.dump(valeur, fichier, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporaire, racine / cle_entree)
        temporaire = None
        _elaguer(racine)
    except Exception:  # disk full, read-only home: the next run prepares again
        pass
    finally:
        if temporaire is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporaire)


def _elaguer(racine: Path) -> None:
    """Keep the ``ENTREES_MAX`` entries read or written last (templates edited many
    times leave entries nothing will read again)."""
    entrees = []
    for entree in os.scandir(racine):
        if entree.name.startswith(".ecriture-"):  # left by a run killed while writing
            with contextlib.suppress(OSError):
                if time.time() - entree.stat().st_mtime > 3600:
                    os.unlink(entree.path)
        elif entree.is_file():
            entrees.append(entree)
    if len(entrees) <= ENTREES_MAX:
        return
    entrees.sort(key=lambda e: e.stat().st_mtime, reverse=True)
    for entree in entrees[ENTREES_MAX:]:
        with contextlib.suppress(OSError):
            os.unlink(entree.path)
