"""From rendered documents to the files a legal officer receives: the documents as DOCX
and/or PDF, and the full contract. Writes atomically; nothing is written before every
document has rendered."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.output import bundle, decoupage, pdf
from generator.output.writing import ecrire_documents
from generator.problems import ErreurCpom, Lieu

FORMATS = ("docx", "pdf", "all")


@dataclass(frozen=True)
class Options:
    """What to write: ``format`` docx | pdf | all, the full contract, PDF/A, the PDF
    engine (auto | libreoffice | word)."""

    format: str = "docx"
    bundle: bool = True
    pdfa: bool = False
    moteur: str = "auto"

    @property
    def docx(self) -> bool:
        return self.format in ("docx", "all")

    @property
    def pdf(self) -> bool:
        return self.format in ("pdf", "all")

    def verifier(self) -> None:
        """Checked before any work: the format, then the PDF engine."""
        if self.format not in FORMATS:
            raise ErreurCpom.donnees(f"format « {self.format} » inconnu (docx, pdf ou all)",
                                     Lieu(champ="--format"))
        pdf.verifier_moteur(self.moteur)


def produire(rendre: Callable[[], dict[str, bytes]], sortie: Path, options: Options,
             convertisseur: Any = None) -> list[Path]:
    """Write the documents ``rendre()`` returns (file name → DOCX bytes) into ``sortie``;
    returns the files written.

    ``convertisseur`` is a converter of ``output.pdf`` (shared by a campaign); by default
    one is opened for this call and LibreOffice starts while ``rendre`` runs. When no
    converter is installed the DOCX files are still written, then
    ``ConvertisseurIntrouvable`` is raised.
    """
    if not options.pdf:
        return ecrire_documents(rendre(), sortie)
    with contextlib.ExitStack() as pile:
        if convertisseur is None:
            try:
                convertisseur = pile.enter_context(pdf.convertisseur(options.moteur))
            except pdf.ConvertisseurIntrouvable:
                ecrire_documents(rendre(), sortie)
                raise
            convertisseur.demarrer()
        documents = rendre()
        sortie.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".cpom-", dir=sortie) as temporaire:
            dossier_docx = sortie if options.docx else Path(temporaire)
            chemins = ecrire_documents(documents, dossier_docx)
            paires = [(c, sortie / (c.stem + ".pdf")) for c in chemins]
            try:
                pdfs = _convertir(convertisseur, paires, options.pdfa)
            except pdf.ConvertisseurIntrouvable:
                if not options.docx:  # keep the DOCX: the user can convert them later
                    for chemin in chemins:
                        shutil.move(chemin, sortie / chemin.name)
                raise
    return [*(chemins if options.docx else []), *pdfs]


def _convertir(convertisseur: Any, paires: list[tuple[Path, Path]], pdfa: bool) -> list[Path]:
    """The PDFs of ``paires``. With the contrat complet, only it is converted and the
    documents' PDFs are cut out of it (each page laid out once); when its PDF does not
    tell the documents' pages, each document is converted."""
    complet = [paire for paire in paires if paire[0].name == bundle.NOM_DOCX]
    if not complet or len(paires) == 1:
        return convertisseur.convertir_tous(paires, pdfa=pdfa)
    autres = [paire for paire in paires if paire not in complet]
    [pdf_complet] = convertisseur.convertir_tous(complet, pdfa=pdfa)
    coupes = decoupage.decouper(pdf_complet, [cible for _, cible in autres])
    if coupes is None:
        coupes = convertisseur.convertir_tous(autres, pdfa=pdfa)
    parties = dict(zip(autres, coupes, strict=True))
    return [pdf_complet if paire in complet else parties[paire] for paire in paires]
