"""``cpom preview``: open a document in the user's word processor, and watch files for
changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path


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
