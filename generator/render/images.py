"""Images of the documents (logos, organigrammes): read once, checked, sized.

An image field of the computed context is ``{"image": "chemin.png", "largeur_mm": 160}``
(optionally ``"hauteur_max_mm"``); ``lire`` turns it into an ``Image`` carrying its reading,
so that the rendering reads no file and a campaign worker gets everything it needs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from docx.image.constants import MIME_TYPE
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as ImageDocx

from generator.load import fichier, limites
from generator.problems import ErreurCpom, Lieu, cause_systeme

HAUTEUR_MAX_MM = 230.0  # A4 portrait body (257 mm) less a title kept with the image


@dataclass(frozen=True, eq=False)
class Image:
    """A PNG or JPEG to print at ``largeur_mm`` (``{{ logo.image }}`` in a template), read
    once: python-docx's reading of it (bytes, format, pixel size, resolution)."""

    chemin: Path
    largeur_mm: float
    lue: ImageDocx

    @cached_property
    def empreinte(self) -> str:
        """SHA-1 of the bytes: one media part per distinct image in a document."""
        return self.lue.sha1

    def __repr__(self) -> str:
        return f"Image({self.chemin.name!r}, {self.largeur_mm:.1f} mm)"


def lire(chemin: Path, largeur_mm: float, hauteur_max_mm: float = HAUTEUR_MAX_MM) -> Image:
    """The image at ``chemin``, printed ``largeur_mm`` wide, narrowed (same proportions)
    when it would then be taller than ``hauteur_max_mm``."""
    lieu = Lieu(fichier=str(chemin)[:300] + ("…" if len(str(chemin)) > 300 else ""))
    try:
        chemin = chemin.resolve()
        fichier.verifier(chemin, limites.IMAGE_TAILLE.valeur, "image",
                         limites.message("image trop volumineuse", limites.IMAGE_TAILLE))
        contenu = chemin.read_bytes()
    except ErreurCpom:
        raise
    except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long, unreadable
        raise ErreurCpom.donnees(f"image illisible ({cause_systeme(exc)})", lieu) from None
    try:
        image = ImageDocx._from_stream(io.BytesIO(contenu), contenu, chemin.name)
    except UnrecognizedImageError:
        image = None
    except Exception:  # python-docx: a truncated or damaged image
        raise ErreurCpom.donnees("image illisible (fichier tronqué ou abîmé)", lieu) from None
    if image is None or image.content_type not in (MIME_TYPE.PNG, MIME_TYPE.JPEG):
        raise ErreurCpom.donnees("image illisible (PNG ou JPEG attendu)", lieu)
    if not image.px_width or not image.px_height:
        raise ErreurCpom.donnees("image illisible (dimensions nulles)", lieu)
    if image.px_width * image.px_height > limites.IMAGE_PIXELS.valeur:
        raise ErreurCpom.donnees(limites.message(
            f"image trop grande ({image.px_width} × {image.px_height} pixels)",
            limites.IMAGE_PIXELS), lieu)
    hauteur = largeur_mm * image.px_height / image.px_width
    if hauteur > hauteur_max_mm:
        largeur_mm = hauteur_max_mm * image.px_width / image.px_height
    return Image(chemin, largeur_mm, image)
