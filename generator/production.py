"""From a prepared contract to the files a legal officer receives: the documents as DOCX
and/or PDF, and the full contract (bundle). Writes atomically; on invalid data nothing
has been written before this step runs."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import bundle, pipeline
from generator.pipeline import Contrat

FORMATS = ("docx", "pdf", "all")


@dataclass(frozen=True)
class Options:
    format: str = "docx"  # docx | pdf | all
    bundle: bool = True
    pdfa: bool = False
    moteur: str = "auto"  # auto | libreoffice | word

    @property
    def docx(self) -> bool:
        return self.format in ("docx", "all")

    @property
    def pdf(self) -> bool:
        return self.format in ("pdf", "all")


def documents_docx(contrat: Contrat, avec_bundle: bool) -> dict[str, bytes]:
    """Every rendered document, then the full contract when asked."""
    documents = pipeline.rendre_documents(contrat)
    if avec_bundle:
        documents[bundle.NOM_DOCX] = bundle.composer(documents.values())
    return documents


def produire(contrat: Contrat, sortie: Path, options: Options,
             convertisseur: Any = None) -> list[Path]:
    """Write the documents of ``contrat`` into ``sortie``; returns the files written.

    ``convertisseur`` is a converter from ``generator.convert`` (shared by a campaign);
    by default one is opened for this call, and LibreOffice starts while the documents
    are rendered. When no converter is installed the DOCX files are still written, then
    ``ConvertisseurIntrouvable`` is raised.
    """
    if not options.pdf:
        return pipeline.ecrire(documents_docx(contrat, options.bundle), sortie)
    from generator import convert

    with contextlib.ExitStack() as pile:
        if convertisseur is None:
            try:
                convertisseur = pile.enter_context(convert.convertisseur(options.moteur))
            except convert.ConvertisseurIntrouvable:
                pipeline.ecrire(documents_docx(contrat, options.bundle), sortie)
                raise
            convertisseur.demarrer()
        documents = documents_docx(contrat, options.bundle)
        sortie.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".cpom-", dir=sortie) as temporaire:
            dossier_docx = sortie if options.docx else Path(temporaire)
            chemins = pipeline.ecrire(documents, dossier_docx)
            paires = [(c, sortie / (c.stem + ".pdf")) for c in chemins]
            try:
                pdfs = convertisseur.convertir_tous(paires, pdfa=options.pdfa)
            except convert.ConvertisseurIntrouvable:
                if not options.docx:  # keep the DOCX: the user can convert them later
                    for chemin in chemins:
                        shutil.move(chemin, sortie / chemin.name)
                raise
    return [*(chemins if options.docx else []), *pdfs]
