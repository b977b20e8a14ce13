"""One contract from the command line: ``cpom generate`` (DOCX and the contrat complet).

    .venv/bin/python benchmarks/generation.py                       # Ille-et-Vilaine, 7 runs
    .venv/bin/python benchmarks/generation.py samples/national.yaml -n 11

Each run is a new ``cpom generate`` process, as when an officer types the command. The
first run on an empty disk cache (``CPOM_CACHE``: templates composed and compiled) is
printed apart; then the median, the fastest and the slowest of the runs that find the
templates prepared on disk, and where the time of one of them goes (start of Python
and imports, the generation itself, measured by ``python -X importtime`` and the
façade). Target (issue « Campaign speed »): under 1 s of wall time after the first run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
CPOM = Path(sys.executable).with_name("cpom")

_FACADE = """
import json, sys, time
debut = time.perf_counter()
from pathlib import Path
from generator import api
importe = time.perf_counter()
resultat = api.generer(Path(sys.argv[1]), Path(sys.argv[2]), api.Options())
print(json.dumps({"imports": importe - debut, "generation": time.perf_counter() - importe,
                  "code": resultat.code_sortie}))
"""


def lancer(donnees: Path, sortie: Path, environnement: dict[str, str]) -> float:
    shutil.rmtree(sortie, ignore_errors=True)
    debut = time.perf_counter()
    subprocess.run([str(CPOM), "generate", str(donnees), "-o", str(sortie)], check=True,
                   capture_output=True, env=environnement, cwd=RACINE)
    return time.perf_counter() - debut


def main() -> None:
    analyse = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyse.add_argument("donnees", nargs="?", type=Path,
                         default=RACINE / "samples" / "ille-et-vilaine.yaml")
    analyse.add_argument("-n", type=int, default=7, help="lancements après le premier (7)")
    arguments = analyse.parse_args()
    with tempfile.TemporaryDirectory(prefix="cpom-banc-generation-") as temporaire:
        dossier = Path(temporaire)
        environnement = {**os.environ, "CPOM_CACHE": str(dossier / "cache")}
        premier = lancer(arguments.donnees, dossier / "sortie", environnement)
        durees = [lancer(arguments.donnees, dossier / "sortie", environnement)
                  for _ in range(arguments.n)]
        shutil.rmtree(dossier / "sortie", ignore_errors=True)
        brut = subprocess.run([sys.executable, "-c", _FACADE, str(arguments.donnees),
                               str(dossier / "sortie")], check=True, capture_output=True,
                              text=True, env=environnement, cwd=RACINE)
        detail = json.loads(brut.stdout.strip().splitlines()[-1])
    mediane = statistics.median(durees)
    print(f"cpom generate {arguments.donnees.name} (DOCX et contrat complet)")
    print(f"  premier lancement (cache disque vide) : {premier:.2f} s")
    print(f"  {arguments.n} lancements suivants : médiane {mediane:.2f} s "
          f"(de {min(durees):.2f} à {max(durees):.2f} s) — objectif < 1 s "
          f"{'✓' if mediane < 1 else '✗'}")
    print(f"  dont, dans un lancement : imports {detail['imports']:.2f} s, "
          f"génération {detail['generation']:.2f} s (le reste : démarrage de Python, "
          "ligne de commande)")


if __name__ == "__main__":
    main()
