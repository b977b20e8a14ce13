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

from generator.output import pdf
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
                pdfs = convertisseur.convertir_tous(paires, pdfa=options.pdfa)
            except pdf.ConvertisseurIntrouvable:
                if not options.docx:  # keep the DOCX: the user can convert them later
                    for chemin in chemins:
                        shutil.move(chemin, sortie / chemin.name)
                raise
    return [*(chemins if options.docx else []), *pdfs]
