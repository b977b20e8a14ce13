"""Campaign throughput and memory: the ``cpom bulk`` engine against a naive loop.

    .venv/bin/python benchmarks/run.py                 # N = 200, modèle national
    .venv/bin/python benchmarks/run.py -n 500 --modele ille-et-vilaine

Builds a campaign of N services (``tools/campagne.py``), then measures in one run:

* the engine (``generator.campaign``, DOCX only, without the full-contract bundle so that both
  sides write the same documents): documents per second of the generation step, with
  ``--jobs`` = number of cores and with one process;
* a naive loop on the same templates and the same contexts: a new ``DocxTemplate``,
  ``render``, ``save`` for every document (on the first ``--naif`` services);
* peak memory (ru_maxrss of a fresh process running the whole campaign, and of its largest
  worker) for N = 100 and N = 1000.

Targets: engine ≥ 10 × the naive loop; peak memory at N = 1000 ≤ 1.5 × at N = 100.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
if str(RACINE) not in sys.path:
    sys.path.insert(0, str(RACINE))

from generator.campaign import run  # noqa: E402
from generator.load import workbook  # noqa: E402
from generator.render.filters import FILTRES  # noqa: E402
from tests import oracle_docxtpl  # noqa: E402
from tools import campagne as outil  # noqa: E402


def _construire(modele: str, n: int, dossier: Path) -> Path:
    chemin = dossier / f"campagne-{modele}-{n}.xlsx"
    if not chemin.is_file():
        outil.ecrire(modele, n, chemin, erreurs=False)
    return chemin


def moteur(classeur: Path, sortie: Path, jobs: int) -> tuple[float, int, float]:
    """(documents/s of the generation step, documents, total seconds)."""
    options = run.OptionsCampagne(format="docx", bundle=False, jobs=jobs)
    bilan = run.executer(classeur, sortie, options)
    assert bilan.compte(run.GENERE) == len(bilan.services), [str(p) for p in bilan.erreurs]
    return bilan.documents / bilan.duree_generation, bilan.documents, bilan.duree


def boucle_naive(classeur: Path, sortie: Path, services: int) -> tuple[float, int]:
    """A new DocxTemplate, render, save per document; same templates, same contexts."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    donnees = workbook.charger(classeur)
    contrats = [run.valider_service(ligne, donnees.variante, classeur).contrat
                for ligne in donnees.services[:services]]
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTRES)  # same filters, no compile cache
    sortie.mkdir(parents=True, exist_ok=True)
    documents = 0
    debut = time.perf_counter()
    for i, contrat in enumerate(contrats):
        assert contrat is not None
        for document in contrat.variante.documents:
            octets = oracle_docxtpl.rendre(contrat.variante.gabarit(document), contrat.contexte,
                                           env)
            (sortie / f"{i}-{document.fichier}").write_bytes(octets)
            documents += 1
    return documents / (time.perf_counter() - debut), documents


def _memoire(classeur: Path, jobs: int) -> dict[str, float]:
    """Peak RSS (MiB) of a fresh process running the campaign, and of its largest worker."""
    with tempfile.TemporaryDirectory(prefix="cpom-banc-") as sortie:
        resultat = subprocess.run(
            [sys.executable, __file__, "--mesure-memoire", str(classeur), sortie,
             "--jobs", str(jobs)], capture_output=True, text=True, check=True)
    return json.loads(resultat.stdout.strip().splitlines()[-1])


def _mesure_memoire(classeur: Path, sortie: Path, jobs: int) -> None:
    debut = time.perf_counter()
    bilan = run.executer(classeur, sortie, run.OptionsCampagne(bundle=False, jobs=jobs))
    soi = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    enfants = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"principal": soi, "travailleur": enfants, "services": len(bilan.services),
                      "secondes": time.perf_counter() - debut}))


def main() -> None:
    analyse = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyse.add_argument("-n", type=int, default=200, help="services de la campagne (200)")
    analyse.add_argument("--modele", default="national")
    analyse.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    analyse.add_argument("--naif", type=int, default=40,
                         help="services rendus par la boucle naïve (40)")
    analyse.add_argument("--sans-memoire", action="store_true",
                         help="sans la mesure mémoire N = 100 / N = 1000")
    analyse.add_argument("--mesure-memoire", nargs=2, type=Path, metavar=("CLASSEUR", "SORTIE"),
                         help=argparse.SUPPRESS)
    arguments = analyse.parse_args()
    if arguments.mesure_memoire:
        _mesure_memoire(*arguments.mesure_memoire, arguments.jobs)
        return

    with tempfile.TemporaryDirectory(prefix="cpom-banc-") as temporaire:
        dossier = Path(temporaire)
        print(f"Campagne de {arguments.n} services, modèle « {arguments.modele} », "
              f"{os.cpu_count()} cœurs")
        debut = time.perf_counter()
        classeur = _construire(arguments.modele, arguments.n, dossier)
        print(f"  classeur construit en {time.perf_counter() - debut:.1f} s")
        parallele, documents, total = moteur(classeur, dossier / "moteur", arguments.jobs)
        print(f"  moteur (--jobs {arguments.jobs}) : {parallele:7.1f} documents/s "
              f"({documents} documents ; campagne complète, lecture et validation comprises : "
              f"{total:.1f} s)")
        seul, _, _ = moteur(classeur, dossier / "moteur-1", 1)
        print(f"  moteur (--jobs 1)  : {seul:7.1f} documents/s")
        naif, documents_naifs = boucle_naive(classeur, dossier / "naif", arguments.naif)
        print(f"  boucle naïve       : {naif:7.1f} documents/s ({documents_naifs} documents : "
              "DocxTemplate + render + save par document)")
        ratio = parallele / naif
        print(f"  rapport moteur / naïf : {ratio:.1f} × ({seul / naif:.1f} × sur un seul "
              f"processus) — objectif ≥ 10 × {'✓' if ratio >= 10 else '✗'}")
        if arguments.sans_memoire:
            return
        memoires = {}
        for n in (100, 1000):
            debut = time.perf_counter()
            chemin = _construire(arguments.modele, n, dossier)
            construit = time.perf_counter() - debut
            memoires[n] = _memoire(chemin, arguments.jobs)
            print(f"  mémoire N = {n:4d} : processus principal {memoires[n]['principal']:6.1f} "
                  f"Mio, plus gros travailleur {memoires[n]['travailleur']:6.1f} Mio "
                  f"(campagne en {memoires[n]['secondes']:.1f} s ; classeur construit en "
                  f"{construit:.1f} s)")
        pic = {n: max(m["principal"], m["travailleur"]) for n, m in memoires.items()}
        croissance = pic[1000] / pic[100]
        print(f"  pic mémoire N = 1000 / N = 100 : {croissance:.2f} × — objectif ≤ 1,5 × "
              f"{'✓' if croissance <= 1.5 else '✗'}")


if __name__ == "__main__":
    main()
