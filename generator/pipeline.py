"""The one-way pipeline for one contract: load → validate → compute → render.

Conversion to PDF and bundling come after, on the rendered files (``convert``, ``bundle``).
Nothing is written until every document has rendered: invalid data writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.image.constants import MIME_TYPE as CT
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as ImageDocx

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


HAUTEUR_MAX_IMAGE_MM = 230.0  # A4 portrait body (257 mm) less a title kept with the image


def _largeur_imprimee(chemin: Path, largeur_mm: float, hauteur_max_mm: float) -> float:
    """The width to print the PNG or JPEG ``chemin`` at (python-docx reads its header):
    ``largeur_mm``, narrowed (same proportions) when the image would then be taller than
    ``hauteur_max_mm`` (a tall organigramme must not run off the page)."""
    try:
        image = ImageDocx.from_file(str(chemin))
    except UnrecognizedImageError:
        image = None
    except Exception:  # python-docx: a truncated or damaged image
        raise FichierIllisible(f"image illisible : {chemin} (fichier tronqué ou abîmé)") from None
    if image is None or image.content_type not in (CT.PNG, CT.JPEG):
        raise FichierIllisible(f"image illisible : {chemin} (PNG ou JPEG attendu)")
    if not image.px_width or not image.px_height:
        raise FichierIllisible(f"image illisible : {chemin} (dimensions nulles)")
    hauteur = largeur_mm * image.px_height / image.px_width
    return largeur_mm if hauteur <= hauteur_max_mm else hauteur_max_mm * (
        image.px_width / image.px_height)


def _images(contexte: Any, base: Path) -> Any:
    """Resolve image fields (``{"image": "chemin.png", "largeur_mm": 160}``, optionally
    ``"hauteur_max_mm"``, by default ``HAUTEUR_MAX_IMAGE_MM``)."""
    if isinstance(contexte, dict):
        if set(contexte) >= {"image", "largeur_mm"} and isinstance(contexte["image"], str):
            chemin = (base / contexte["image"]).resolve()
            if not chemin.is_file():
                raise FichierIllisible(f"image introuvable : {chemin}")
            largeur = _largeur_imprimee(chemin, float(contexte["largeur_mm"]), float(
                contexte.get("hauteur_max_mm", HAUTEUR_MAX_IMAGE_MM)))
            return {**contexte, "image": Image(chemin, largeur)}
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
