"""From rendered documents to the files a legal officer receives: the documents as DOCX
and/or PDF, and the full contract. Writes atomically; nothing is written before every
document has rendered and converted; the folder is left with exactly this run's outputs."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.output import bundle, pdf, writing
from generator.output.writing import (
    ecrire_documents,
    ecriture,
    supprimer,
    verifier_dossier,
)
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
             convertisseur: Any = None, *, synchroniser: bool = True) -> list[Path]:
    """Write the documents ``rendre()`` returns (file name → DOCX bytes) into ``sortie``;
    returns the files written.

    Everything is written into a temporary folder of ``sortie`` first (DOCX, then PDF),
    then each file is renamed into place and the outputs of an earlier run that this one
    did not produce (a PDF beside a newer DOCX, a full contract no longer asked for) are
    removed: the folder holds exactly this run's outputs for the contract, and nothing
    is published when a document fails.

    ``convertisseur`` is a converter of ``output.pdf`` (shared by a campaign); by default
    one is opened for this call and LibreOffice starts while ``rendre`` runs. When no
    converter is installed the DOCX files are still written, then
    ``ConvertisseurIntrouvable`` is raised. ``synchroniser=False`` skips the ``fsync`` of
    each file, for a caller that syncs once when its run ends (a campaign).
    """
    verifier_dossier(sortie)  # created once every document has rendered
    ecrire = functools.partial(ecrire_documents, synchroniser=synchroniser)
    if not options.pdf:
        documents = rendre()
        with _atelier(sortie) as atelier:
            return _publier(ecrire(documents, atelier), sortie, documents)
    with contextlib.ExitStack() as pile:
        if convertisseur is None:
            try:
                convertisseur = pile.enter_context(pdf.convertisseur(options.moteur))
            except pdf.ConvertisseurIntrouvable:
                documents = rendre()
                with _atelier(sortie) as atelier:
                    _publier(ecrire(documents, atelier), sortie, documents)
                raise
            convertisseur.demarrer()
        documents = rendre()
        with _atelier(sortie) as atelier:
            chemins = ecrire(documents, atelier)
            paires = [(c, c.with_suffix(".pdf")) for c in chemins]
            try:
                pdfs = _convertir(convertisseur, paires, options.pdfa, synchroniser)
            except pdf.ConvertisseurIntrouvable:  # keep the DOCX: the user can convert later
                _publier(chemins, sortie, documents)
                raise
            return _publier([*(chemins if options.docx else []), *pdfs], sortie, documents)
    raise AssertionError("unreachable")  # pragma: no cover


@contextlib.contextmanager
def _atelier(sortie: Path) -> Iterator[Path]:
    """A temporary folder of ``sortie``, removed afterwards whatever happens (or, when
    this process is killed, by the next run writing into ``sortie``)."""
    dossier = writing.atelier(sortie)
    try:
        yield dossier
    finally:
        supprimer(dossier)


def _publier(fichiers: list[Path], sortie: Path, documents: Mapping[str, bytes]) -> list[Path]:
    """Rename ``fichiers`` into ``sortie`` (each atomically), then remove the outputs of an
    earlier run for the same documents that this run did not write."""
    publies = []
    with ecriture(sortie):
        for fichier in fichiers:
            cible = sortie / fichier.name
            if cible.is_dir() and not cible.is_symlink():
                raise ErreurCpom.donnees("un dossier porte le nom d'un document à écrire",
                                         Lieu(fichier=str(cible)))
            os.replace(fichier, cible)
            publies.append(cible)
    ecrits = {c.name for c in publies}
    noms = {Path(n).stem for n in documents} | {Path(bundle.NOM_DOCX).stem}
    for nom in sorted(noms):
        for extension in (".docx", ".pdf"):
            perime = sortie / f"{nom}{extension}"
            if perime.name not in ecrits and perime.is_file() and not perime.is_symlink():
                with ecriture(perime):
                    perime.unlink()
    return publies


def _convertir(convertisseur: Any, paires: list[tuple[Path, Path]], pdfa: bool,
               synchroniser: bool = True) -> list[Path]:
    """The PDFs of ``paires``. With the contrat complet, only it is converted and the
    documents' PDFs are cut out of it (each page laid out once); when its PDF does not
    tell the documents' pages, each document is converted."""
    from generator.output import decoupage  # pikepdf, loaded only when PDFs are made

    complet = [paire for paire in paires if paire[0].name == bundle.NOM_DOCX]
    if not complet or len(paires) == 1:
        return convertisseur.convertir_tous(paires, pdfa=pdfa)
    autres = [paire for paire in paires if paire not in complet]
    [pdf_complet] = convertisseur.convertir_tous(complet, pdfa=pdfa)
    coupes = decoupage.decouper(pdf_complet, [cible for _, cible in autres],
                                synchroniser=synchroniser)
    if coupes is None:
        coupes = convertisseur.convertir_tous(autres, pdfa=pdfa)
    parties = dict(zip(autres, coupes, strict=True))
    return [pdf_complet if paire in complet else parties[paire] for paire in paires]
