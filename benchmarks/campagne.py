"""Campaign speed, side by side in one run: how far from the floor.

    .venv/bin/python benchmarks/campagne.py                      # N = 300 (DOCX), 40 (PDF)
    .venv/bin/python benchmarks/campagne.py -n 100 --pdf 20 --modele national

Builds a campaign of N services (``tools/campagne.py``, without errors), then measures,
each run a fresh ``cpom bulk`` process (wall time, CPU of the process and its children,
peak memory):

1. DOCX with the full contract against DOCX without it (N services);
2. ``--format all`` (every document in DOCX and PDF, and the full contract) against the
   floor: plain ``soffice --headless --convert-to pdf`` processes, one per core, each with
   its own profile, each converting its share of the same services' full contracts in
   one call, start-up included (``--pdf`` services). The two are measured in turn,
   ``--tours`` times, and the median of the ratios is printed: on a shared machine the
   speed drifts by 20 to 30 % within minutes, alternating keeps both sides in the same
   conditions. When the pool runs LibreOffice with jemalloc, the same floor with
   jemalloc is measured too, for comparison (the target is against the plain floor).

Targets (issue « Campaign speed »): DOCX with the full contract ≤ 1.5 × without;
``--format all`` ≤ 1.25 × the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
if str(RACINE) not in sys.path:
    sys.path.insert(0, str(RACINE))

from generator.output import pdf  # noqa: E402
from tools import campagne as outil  # noqa: E402

CPOM = Path(sys.executable).with_name("cpom")


@dataclass
class Mesure:
    secondes: float
    cpu: float  # seconds of CPU (user + system), the process and its children
    memoire: float  # MiB, the largest process

    def __str__(self) -> str:
        coeurs = os.cpu_count() or 1
        return (f"{self.secondes:7.1f} s · CPU {self.cpu:6.1f} s "
                f"({100 * self.cpu / (self.secondes * coeurs):3.0f} % de {coeurs} cœurs) · "
                f"mémoire {self.memoire:5.0f} Mio")


# Runs a command and prints the resources of it and its descendants: a fresh process per
# measure, so that the peak memory is this command's only.
_MESUREUR = """
import json, resource, subprocess, sys, time
debut = time.perf_counter()
resultat = subprocess.run(sys.argv[1:], capture_output=True, text=True)
secondes = time.perf_counter() - debut
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": resultat.returncode, "secondes": secondes,
                  "cpu": u.ru_utime + u.ru_stime, "memoire": u.ru_maxrss / 1024,
                  "sortie": resultat.stdout[-2000:] + resultat.stderr[-2000:]}))
"""


def mesurer(commande: list[str]) -> Mesure:
    """Run ``commande``; wall time, CPU and peak memory of it and its descendants."""
    brut = subprocess.run([sys.executable, "-c", _MESUREUR, *commande], capture_output=True,
                          text=True, check=True)
    resultat = json.loads(brut.stdout)
    if resultat["code"] not in (0, 3):
        raise SystemExit(f"{' '.join(commande)} : code {resultat['code']}\n"
                         f"{resultat['sortie']}")
    return Mesure(resultat["secondes"], resultat["cpu"], resultat["memoire"])


# The same --format all campaign through the façade in a fresh process: the CPU of the
# cpom process itself (validation, rendering, writing, cutting the PDFs) apart from that
# of its children (LibreOffice and its UNO workers).
_REPARTITION = """
import json, resource, sys
from pathlib import Path
from generator import api
resultat = api.campagne(Path(sys.argv[1]), Path(sys.argv[2]), api.OptionsCampagne(format="all"))
soi, enfants = (resource.getrusage(r) for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"code": resultat.code_sortie, "cpom": soi.ru_utime + soi.ru_stime,
                  "libreoffice": enfants.ru_utime + enfants.ru_stime}))
"""


def repartition(classeur: Path, sortie: Path) -> tuple[float, float]:
    """CPU seconds of the cpom process and of LibreOffice, ``--format all``."""
    shutil.rmtree(sortie, ignore_errors=True)
    brut = subprocess.run([sys.executable, "-c", _REPARTITION, str(classeur), str(sortie)],
                          capture_output=True, text=True, check=True, cwd=RACINE)
    resultat = json.loads(brut.stdout.strip().splitlines()[-1])
    return resultat["cpom"], resultat["libreoffice"]


def campagne(classeur: Path, sortie: Path, *options: str) -> Mesure:
    shutil.rmtree(sortie, ignore_errors=True)
    return mesurer([str(CPOM), "bulk", str(classeur), "-o", str(sortie), *options])


def plancher(contrats: list[Path], sortie: Path, coeurs: int,
             allocateur: str | None = None) -> Mesure:
    """One plain ``soffice --convert-to pdf`` per core, own profile, its share at once
    (with ``allocateur`` preloaded, for the comparison with the pool's jemalloc).

    Each full contract is first copied under a name of its own: the campaign names them
    all ``contrat-complet.docx``, and two ``soffice`` writing the same PDF at once make
    one of them give up the export (« SfxBaseModel::impl_store … failed »), which made
    the floor look cheaper than the work it stands for. Every PDF is then counted."""
    soffice = pdf.commande_soffice()
    if soffice is None:
        raise SystemExit(str(pdf.ConvertisseurIntrouvable()))
    shutil.rmtree(sortie, ignore_errors=True)
    sources = sortie / "docx"
    sources.mkdir(parents=True)
    copies = []
    for numero, contrat in enumerate(contrats):
        copies.append(sources / f"contrat-{numero:04d}.docx")
        shutil.copyfile(contrat, copies[-1])
    parts = [copies[i::coeurs] for i in range(coeurs)]
    profils = [Path(tempfile.mkdtemp(prefix="cpom-plancher-")) for _ in parts]
    prechargement = f"LD_PRELOAD={shlex.quote(allocateur)} " if allocateur else ""
    script = " & ".join(
        f"{prechargement}{soffice[0]} --headless --norestore --nologo --nodefault "
        f"-env:UserInstallation={profil.as_uri()} --convert-to pdf --outdir {sortie} "
        + " ".join(str(c) for c in part)
        for part, profil in zip(parts, profils, strict=True) if part) + " & wait"
    try:
        mesure = mesurer(["bash", "-c", script])
    finally:
        for profil in profils:
            shutil.rmtree(profil, ignore_errors=True)
    faits = [c for c in copies if (sortie / f"{c.stem}.pdf").is_file()]
    if len(faits) != len(copies):
        raise SystemExit(f"plancher : {len(faits)} PDF sur {len(copies)} contrats complets")
    return mesure


def main() -> None:
    analyse = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyse.add_argument("-n", type=int, default=300, help="services, DOCX (300)")
    analyse.add_argument("--pdf", type=int, default=40, help="services, --format all (40)")
    analyse.add_argument("--modele", default="ille-et-vilaine")
    analyse.add_argument("--sans-pdf", action="store_true", help="la partie DOCX seulement")
    analyse.add_argument("--tours", type=int, default=3,
                         help="mesures alternées --format all / plancher (3)")
    arguments = analyse.parse_args()
    coeurs = pdf.nombre_de_coeurs()
    with tempfile.TemporaryDirectory(prefix="cpom-banc-campagne-") as temporaire:
        dossier = Path(temporaire)
        print(f"Modèle « {arguments.modele} », {coeurs} cœurs")
        classeur = dossier / "docx" / "campagne.xlsx"
        outil.ecrire(arguments.modele, arguments.n, classeur, erreurs=False)
        sans = campagne(classeur, dossier / "sans", "--no-bundle")
        avec = campagne(classeur, dossier / "avec")
        print(f"DOCX, {arguments.n} services")
        print(f"  sans contrat complet : {sans}")
        print(f"  avec contrat complet : {avec}")
        rapport = avec.secondes / sans.secondes
        print(f"  rapport avec / sans : {rapport:.2f} × — objectif ≤ 1,5 × "
              f"{'✓' if rapport <= 1.5 else '✗'}")
        if arguments.sans_pdf:
            return

        classeur = dossier / "pdf" / "campagne.xlsx"
        outil.ecrire(arguments.modele, arguments.pdf, classeur, erreurs=False)
        docx = campagne(classeur, dossier / "bundles")
        contrats = sorted((dossier / "bundles").glob("*/contrat-complet.docx"))
        allocateur = pdf.jemalloc()
        print(f"--format all, {arguments.pdf} services, {arguments.tours} tours alternés "
              f"(LibreOffice avec {'jemalloc' if allocateur else 'malloc de la glibc'})")
        rapports, rapports_jemalloc = [], []
        for tour in range(1, arguments.tours + 1):
            complet = campagne(classeur, dossier / "all", "--format", "all")
            sol = plancher(contrats, dossier / "plancher", coeurs)
            rapports.append(complet.secondes / sol.secondes)
            print(f"  tour {tour} · cpom bulk --format all : {complet}")
            print(f"  tour {tour} · plancher ({coeurs} soffice --convert-to pdf, les "
                  f"{len(contrats)} contrats complets) : {sol}")
            if allocateur:
                sol_j = plancher(contrats, dossier / "plancher", coeurs, allocateur)
                rapports_jemalloc.append(complet.secondes / sol_j.secondes)
                print(f"  tour {tour} · même plancher, LibreOffice avec jemalloc : {sol_j}")
            print(f"  tour {tour} · rapport : {rapports[-1]:.2f} ×"
                  + (f" (× {rapports_jemalloc[-1]:.2f} du plancher avec jemalloc)"
                     if allocateur else ""))
        print(f"  (DOCX seuls, pour mémoire : {docx.secondes:.1f} s)")
        rapport = statistics.median(rapports)
        print(f"  rapport --format all / plancher, médiane des tours : {rapport:.2f} × "
              f"(de {min(rapports):.2f} à {max(rapports):.2f}) — objectif ≤ 1,25 × "
              f"{'✓' if rapport <= 1.25 else '✗'}")
        if rapports_jemalloc:
            print(f"  pour comparaison, contre le plancher avec jemalloc : "
                  f"{statistics.median(rapports_jemalloc):.2f} × "
                  f"(de {min(rapports_jemalloc):.2f} à {max(rapports_jemalloc):.2f})")
        cpom, libreoffice = repartition(classeur, dossier / "repartition")
        print(f"  CPU de --format all : processus cpom {cpom:.1f} s (validation, rendu, "
              f"écriture, découpage des PDF), LibreOffice {libreoffice:.1f} s "
              f"(plancher, dernier tour : {sol.cpu:.1f} s)")

if __name__ == "__main__":
    main()
