"""The one-way pipeline for one contract: load → validate → compute → render.

Conversion to PDF and bundling come after, on the rendered files (``convert``, ``bundle``).
Nothing is written until every document has rendered: invalid data writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import variants
from generator.errors import DonneesInvalides, FichierIllisible, Probleme
from generator.load import charger
from generator.output import ecrire_atomique
from generator.render import Image, nettoyer_contexte, rendre
from generator.validate import valider
from generator.variants import Variante


@dataclass
class Contrat:
    """A validated, computed contract ready to render."""

    variante: Variante
    contexte: dict[str, Any]
    avertissements: list[Probleme] = field(default_factory=list)


def variante_des_donnees(donnees: dict[str, Any], source: str,
                         modeles: Path | None = None) -> Variante:
    modele = donnees.get("modele")
    if not isinstance(modele, str):
        raise DonneesInvalides([Probleme("modele", "champ obligatoire manquant : nom du modèle "
                                                   "(national, ille-et-vilaine, seine-et-marne)")],
                               source)
    return variants.trouver(modele, modeles)


def _images(contexte: Any, base: Path) -> Any:
    """Resolve image fields (``{"image": "chemin.png", "largeur_mm": 160}``)."""
    if isinstance(contexte, dict):
        if set(contexte) >= {"image", "largeur_mm"} and isinstance(contexte["image"], str):
            chemin = (base / contexte["image"]).resolve()
            if not chemin.is_file():
                raise FichierIllisible(f"image introuvable : {chemin}")
            with chemin.open("rb") as flux:
                entete = flux.read(8)
            if not entete.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
                raise FichierIllisible(f"image illisible : {chemin} (PNG ou JPEG attendu)")
            return {**contexte, "image": Image(chemin, float(contexte["largeur_mm"]))}
        return {k: _images(v, base) for k, v in contexte.items()}
    if isinstance(contexte, list):
        return [_images(v, base) for v in contexte]
    return contexte


def preparer(donnees: dict[str, Any], variante: Variante, source: str = "",
             base: Path | None = None) -> Contrat:
    """Validate and compute (no I/O but images looked up relative to ``base``)."""
    resultat = valider(donnees, variante, source or None)
    contexte = variante.fonction_calcul()(resultat.donnees)
    contexte = nettoyer_contexte(contexte)
    if base is not None:
        contexte = _images(contexte, base)
    return Contrat(variante, contexte, resultat.avertissements)


def charger_contrat(chemin: Path, modeles: Path | None = None) -> Contrat:
    donnees = charger(chemin)
    variante = variante_des_donnees(donnees, str(chemin), modeles)
    return preparer(donnees, variante, str(chemin), chemin.resolve().parent)


def rendre_documents(contrat: Contrat) -> dict[str, bytes]:
    """Every document of the variant, in order: file name → DOCX bytes."""
    return {
        document.fichier: rendre(contrat.variante.modele(document), contrat.contexte)
        for document in contrat.variante.documents
    }


def ecrire(documents: dict[str, bytes], sortie: Path) -> list[Path]:
    return [ecrire_atomique(sortie / nom, contenu) for nom, contenu in documents.items()]
