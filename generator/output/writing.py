"""Atomic writes: a temporary file in the target folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def ecrire_atomique(chemin: Path, contenu: bytes) -> Path:
    """Write ``contenu`` to ``chemin`` so that no half-written file can ever be seen."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    fd, temporaire = tempfile.mkstemp(prefix=f".{chemin.name}.", suffix=".part",
                                      dir=chemin.parent)
    try:
        with os.fdopen(fd, "wb") as flux:
            flux.write(contenu)
            flux.flush()
            os.fsync(flux.fileno())
        os.replace(temporaire, chemin)
    except BaseException:
        Path(temporaire).unlink(missing_ok=True)
        raise
    return chemin


def ecrire_documents(documents: Mapping[str, bytes], dossier: Path) -> list[Path]:
    """Write each document (file name → bytes) into ``dossier``, in order."""
    return [ecrire_atomique(dossier / nom, contenu) for nom, contenu in documents.items()]
