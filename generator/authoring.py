"""Helpers for template maintainers: copy a variant, open a document, watch for changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from generator.errors import ErreurUtilisateur
from generator.variants import Variante


def nouveau_modele(nom: str, source: Variante, destination: Path) -> Path:
    """Copy ``source``'s templates to ``destination`` with a manifest naming ``nom``."""
    if destination.exists() and any(destination.iterdir()):
        raise ErreurUtilisateur(f"{destination} existe déjà et n'est pas vide")
    shutil.copytree(source.dossier, destination, dirs_exist_ok=True)
    manifeste = destination / "variante.yaml"
    meta = yaml.safe_load(manifeste.read_text(encoding="utf-8"))
    meta["id"] = nom
    meta["titre"] = f"{nom} (adapté du modèle « {source.id} »)"
    meta["derive_de"] = source.id
    entete = (f"# Modèles du département « {nom} », copiés du modèle « {source.id} ».\n"
              "# Modifiez les .docx dans Word ; vérifiez-les avec :\n"
              f"#   cpom templates check --templates {destination}\n")
    manifeste.write_text(entete + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    return destination


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
