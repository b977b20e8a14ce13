"""Benchmark: the LibreOffice worker pool against one ``soffice --convert-to pdf`` process
per document, side by side in one run, on two workloads built from the samples:
the full contracts (bundles, 12 to 28 pages each), then every file ``cpom generate
--format all`` converts (contract, each annex and the bundle).

    .venv/bin/python benchmarks/pdf_pool.py [--documents N] [--travailleurs K]

Both sides convert the same DOCX files with the same parallelism (K at a time, one per
core by default); the times include starting and stopping LibreOffice.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pypdf import PdfReader

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

from generator import api  # noqa: E402
from generator.output import bundle  # noqa: E402
from generator.output import pdf as convert  # noqa: E402


def documents_des_exemples(dossier: Path, bundles_seulement: bool) -> list[Path]:
    """The full contract (DOCX) of every sample in samples/*.yaml, or every document."""
    chemins = []
    for exemple in sorted((RACINE / "samples").glob("*.yaml")):
        resultat = api.rendre(exemple, avec_bundle=True)
        if not resultat.ok:
            print(f"  exemple ignoré {exemple.name} : {resultat.erreurs[0]}", file=sys.stderr)
            continue
        documents = resultat.documents
        if bundles_seulement:
            documents = {bundle.NOM_DOCX: documents[bundle.NOM_DOCX]}
        for nom, contenu in documents.items():
            chemin = dossier / f"{exemple.stem}-{nom}"
            chemin.write_bytes(contenu)
            chemins.append(chemin)
    if not chemins:
        raise SystemExit("aucun exemple utilisable dans samples/")
    return chemins


def soffice_par_document(soffice: list[str], docx: Path, sortie: Path,
                         delai: float = 300) -> Path:
    """One ``soffice --headless --convert-to pdf`` with a fresh profile (the naive way),
    exporting with the pool's PDF options, so that both sides write the same PDF."""
    with tempfile.TemporaryDirectory(prefix="cpom-bench-profil-") as profil:
        processus = convert._lancer(
            [*soffice, "--headless", "--norestore", "--nologo", "--nodefault",
             f"-env:UserInstallation={Path(profil).as_uri()}",
             "--convert-to", convert.filtre_convert_to(False), "--outdir", str(sortie),
             str(docx)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            processus.wait(delai)
        finally:
            convert.tuer_groupe(processus)
    pdf = sortie / f"{docx.stem}.pdf"
    convert.verifier_pdf(pdf)
    return pdf


def mesurer(nom: str, fonction, documents: int) -> float:
    debut = time.perf_counter()
    fonction()
    duree = time.perf_counter() - debut
    debit = documents / duree
    print(f"  {nom:<44} {duree:7.2f} s   {debit:6.2f} documents/s")
    return debit


def comparer(sources: list[Path], nombre: int, k: int, soffice: list[str],
             dossier: Path, titre: str) -> float:
    """Convert ``nombre`` copies of ``sources`` both ways; print and return the ratio."""
    entrees = dossier / "docx"
    entrees.mkdir()
    documents = []
    for i in range(nombre):
        source = sources[i % len(sources)]
        copie = entrees / f"{i:03d}-{source.name}"
        shutil.copyfile(source, copie)
        documents.append(copie)
    (dossier / "echauffement").mkdir()  # disk cache warm for both sides, not counted
    soffice_par_document(soffice, sources[0], dossier / "echauffement")

    print(f"{len(documents)} {titre}, {k} conversion(s) simultanée(s), "
          f"LibreOffice {soffice[0]}")
    sortie_pool, sortie_cli = dossier / "pool", dossier / "cli"
    sortie_pool.mkdir()
    sortie_cli.mkdir()
    demarrage: list[float] = []

    def avec_le_pool() -> None:
        paires = [(d, sortie_pool / f"{d.stem}.pdf") for d in documents]
        with convert.convertisseur("libreoffice", travailleurs=k) as pool:
            debut = time.perf_counter()
            pool.convertir_tous(paires[:k])  # starts every worker (counted)
            demarrage.append(time.perf_counter() - debut)
            pool.convertir_tous(paires[k:])

    def un_processus_par_document() -> None:
        with ThreadPoolExecutor(k) as executeur:
            list(executeur.map(
                lambda d: soffice_par_document(soffice, d, sortie_cli), documents))

    debit_cli = mesurer("un « soffice --convert-to pdf » par document",
                        un_processus_par_document, len(documents))
    debit_pool = mesurer(f"pool de {k} travailleurs LibreOffice (UNO)",
                         avec_le_pool, len(documents))
    reste = len(documents) - k
    if reste > 0:
        duree = len(documents) / debit_pool - demarrage[0]
        print(f"  {'  dont démarrage + 1er document par travailleur':<44} "
              f"{demarrage[0]:7.2f} s ; ensuite {reste / duree:6.2f} documents/s")

    for document in documents:  # same PDFs on both sides
        a = PdfReader(sortie_pool / f"{document.stem}.pdf")
        b = PdfReader(sortie_cli / f"{document.stem}.pdf")
        if len(a.pages) != len(b.pages):
            raise SystemExit(f"{document.name} : {len(a.pages)} pages (pool) contre "
                             f"{len(b.pages)} (soffice)")
    ratio = debit_pool / debit_cli
    print(f"  rapport pool / un processus par document : {ratio:.2f} ×\n")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=30,
                        help="nombre de documents convertis par chaque méthode et par jeu (30)")
    parser.add_argument("--travailleurs", type=int, default=convert.nombre_de_coeurs(),
                        help="conversions simultanées (défaut : nombre de cœurs)")
    options = parser.parse_args()
    soffice = convert.commande_soffice()
    if soffice is None:
        raise SystemExit(str(convert.ConvertisseurIntrouvable()))
    k = max(1, options.travailleurs)
    ratios = {}
    for titre, bundles_seulement in (("contrats complets (bundles)", True),
                                     ("documents de « --format all »", False)):
        with tempfile.TemporaryDirectory(prefix="cpom-bench-") as temporaire:
            dossier = Path(temporaire)
            (dossier / "sources").mkdir()
            sources = documents_des_exemples(dossier / "sources", bundles_seulement)
            ratios[titre] = comparer(sources, options.documents, k, soffice, dossier, titre)
    print("Rapports pool / un processus par document : "
          + " ; ".join(f"{titre} {ratio:.2f} ×" for titre, ratio in ratios.items()))


if __name__ == "__main__":
    main()
