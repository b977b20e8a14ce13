"""Variants: a templates folder with its ``variante.yaml`` (schema, compute, documents).

The installed package ships the templates under ``generator/_ressources``; a checkout
uses the repository's top-level ``templates/`` and ``samples/``. A département's own
copy is any folder with the same layout (``--templates DIR``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.errors import VarianteInconnue

_PAQUET = Path(__file__).resolve().parent
_MODULES_AUTORISES = ("schemas.", "generator.compute.")


def _ressource(nom: str) -> Path:
    installe = _PAQUET / "_ressources" / nom
    return installe if installe.is_dir() else _PAQUET.parent / nom


def dossier_modeles() -> Path:
    """Folder holding one sub-folder per shipped variant."""
    return _ressource("templates")


def dossier_exemples() -> Path:
    return _ressource("samples")


@dataclass(frozen=True)
class Document:
    """One output document of a variant, in contract order."""

    fichier: str
    titre: str
    orientation: str = "portrait"

    @property
    def nom(self) -> str:
        return Path(self.fichier).stem


@dataclass(frozen=True)
class Variante:
    id: str
    titre: str
    dossier: Path
    schema: str
    calcul: str
    documents: tuple[Document, ...]
    exemples: tuple[str, ...] = ()

    def schema_racine(self) -> Any:
        return _importer(self.schema)()

    def fonction_calcul(self) -> Any:
        return _importer(self.calcul)

    def modele(self, document: Document) -> Path:
        return self.dossier / document.fichier


def _importer(reference: str) -> Any:
    """Import ``module:attribut``, only from the project's own packages."""
    module, _, attribut = reference.partition(":")
    if not module.startswith(_MODULES_AUTORISES):
        raise VarianteInconnue(f"référence non autorisée dans variante.yaml : {reference}")
    return getattr(importlib.import_module(module), attribut)


@cache
def charger_variante(dossier: Path) -> Variante:
    """Read ``dossier/variante.yaml``."""
    fichier = dossier / "variante.yaml"
    if not fichier.is_file():
        raise VarianteInconnue(f"{dossier} : pas de fichier variante.yaml (dossier de modèles "
                               "attendu)")
    meta = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    documents = tuple(Document(**d) for d in meta["documents"])
    for document in documents:
        if not (dossier / document.fichier).is_file():
            raise VarianteInconnue(f"{dossier} : modèle manquant {document.fichier}")
    return Variante(
        id=meta["id"], titre=meta["titre"], dossier=dossier, schema=meta["schema"],
        calcul=meta["calcul"], documents=documents, exemples=tuple(meta.get("exemples", ())),
    )


def variantes(racine: Path | None = None) -> list[Variante]:
    """Every variant under ``racine`` (default: the shipped templates)."""
    racine = racine or dossier_modeles()
    dossiers = sorted(d for d in racine.iterdir() if (d / "variante.yaml").is_file())
    return [charger_variante(d) for d in dossiers]


def trouver(identifiant: str, modeles: Path | None = None) -> Variante:
    """The variant ``identifiant``; ``modeles`` is a département's own templates folder
    (the folder itself, or a folder of variants)."""
    if modeles is not None:
        if (modeles / "variante.yaml").is_file():
            return charger_variante(modeles.resolve())
        candidat = modeles / identifiant
    else:
        candidat = dossier_modeles() / identifiant
    if (candidat / "variante.yaml").is_file():
        return charger_variante(candidat.resolve())
    connues = ", ".join(v.id for v in variantes()) or "aucune"
    raise VarianteInconnue(f"modèle « {identifiant} » inconnu (modèles disponibles : {connues})")
