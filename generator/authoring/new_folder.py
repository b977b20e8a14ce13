"""``cpom templates new``: a département's own templates folder, copied from a variant.

The copy names the variant it is based on (``base``); it never names Python code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.problems import ErreurCpom, Lieu
from generator.variants import Variante
from generator.variants.folder import FICHIER


def nouveau_dossier(nom: str, source: Variante, destination: Path) -> Path:
    """Copy ``source``'s templates to ``destination``, with a ``variante.yaml`` naming
    ``nom`` and based on ``source``'s base variant."""
    if destination.exists() and any(destination.iterdir()):
        raise ErreurCpom.donnees("ce dossier existe déjà et n'est pas vide",
                                 Lieu(fichier=str(destination)))
    shutil.copytree(source.dossier, destination, dirs_exist_ok=True)
    meta = {
        "id": nom,
        "titre": f"{nom} (adapté du modèle « {source.id} »)",
        "base": source.base,
        "exemples": list(source.exemples),
        "documents": [{"fichier": d.fichier, "titre": d.titre, "orientation": d.orientation}
                      for d in source.documents],
    }
    if source.parametres_campagne:
        meta["campagne"] = {"parametres": list(source.parametres_campagne)}
    entete = (f"# Modèles du département « {nom} », copiés du modèle « {source.id} ».\n"
              "# Modifiez les .docx dans Word ; vérifiez-les avec :\n"
              f"#   cpom templates check --templates {destination}\n")
    (destination / FICHIER).write_text(
        entete + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return destination
