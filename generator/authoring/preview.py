"""``cpom preview``: open a document in the user's word processor, and watch files for
changes. Its temporary folders are removed when the run that made them has ended."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.output.writing import processus_vivant


def ouvrir(chemin: Path) -> bool:
    """Open ``chemin`` with the system's default application (Word, LibreOffice)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        os.startfile(chemin)
        return True
    commande = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(commande) is None:
        return False
    subprocess.Popen([commande, str(chemin)], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
    return True


def _empreintes(chemins: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    return {c: (c.stat().st_mtime_ns, c.stat().st_size) for c in chemins if c.exists()}


def surveiller(chemins: Callable[[], list[Path]], rappel: Callable[[], None],
               intervalle: float = 1.0, tours: int | None = None) -> None:
    """Call ``rappel`` each time one of ``chemins()`` changes (polling; Ctrl-C stops)."""
    avant = _empreintes(chemins())
    tour = 0
    while tours is None or tour < tours:
        time.sleep(intervalle)
        tour += 1
        apres = _empreintes(chemins())
        if apres != avant:
            avant = apres
            rappel()


PREFIXE_APERCU = "cpom-apercu-"


def nettoyer_apercus(racine: Path | None = None) -> list[Path]:
    """Remove the preview folders of earlier ``cpom preview`` runs that have ended (their
    process is gone): a preview opened in Word stays readable while its run lasts."""
    racine = racine or Path(tempfile.gettempdir())
    retires = []
    for dossier in racine.glob(f"{PREFIXE_APERCU}*"):
        morceaux = dossier.name[len(PREFIXE_APERCU):].split("-")
        if not dossier.is_dir() or dossier.is_symlink() or not morceaux[0].isdigit():
            continue
        if hasattr(os, "getuid") and dossier.stat().st_uid != os.getuid():
            continue
        if not processus_vivant(int(morceaux[0])):
            shutil.rmtree(dossier, ignore_errors=True)
            retires.append(dossier)
    return retires


def dossier_apercu(racine: Path | None = None) -> Path:
    """A new temporary folder for this run's preview (earlier ended ones removed)."""
    nettoyer_apercus(racine)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIXE_APERCU}{os.getpid()}-",
                                 dir=racine or None))


def retirer_apercu(dossier: Path) -> None:
    """Remove a preview folder this run made."""
    shutil.rmtree(dossier, ignore_errors=True)
