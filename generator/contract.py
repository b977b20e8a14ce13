"""One contract through the pipeline, each stage once and in order:
validate → compute → render context → render each document (→ full contract).

Used by the façade (one contract) and by the campaign (one per service). Loading comes
before (a data file, a workbook row), writing and converting after
(``output.production``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.fields.tree import depuis_schema
from generator.load import images
from generator.output import bundle
from generator.problems import ErreurCpom, Probleme
from generator.render import context, engine
from generator.validate.validation import valider
from generator.variants import Variante


@dataclass
class Contrat:
    """A validated, computed contract ready to render."""

    variante: Variante
    contexte: dict[str, Any]
    avertissements: list[Probleme] = field(default_factory=list)


def preparer(donnees: dict[str, Any], variante: Variante, source: str = "",
             base: Path | None = None) -> Contrat:
    """Validate and compute; images are read relative to ``base`` (the data's folder)."""
    images_manquantes = images.manquantes(donnees, depuis_schema(variante.schema()), base,
                                          source)
    try:
        valides, avertissements = valider(donnees, variante, source)
    except ErreurCpom as exc:
        raise ErreurCpom(exc.problemes + images_manquantes) from None
    if images_manquantes:
        raise ErreurCpom(images_manquantes + avertissements)
    contexte = context.preparer(variante.calculer(valides), base)
    return Contrat(variante, contexte, avertissements)


def documents(contrat: Contrat, avec_bundle: bool = False) -> dict[str, bytes]:
    """Every document of the variant, in order (file name → DOCX bytes), then the full
    contract when asked."""
    rendus = {document.fichier: engine.rendre(contrat.variante.gabarit(document),
                                              contrat.contexte)
              for document in contrat.variante.documents}
    if avec_bundle:
        rendus[bundle.NOM_DOCX] = bundle.rendre(contrat.variante, contrat.contexte)
    return rendus
