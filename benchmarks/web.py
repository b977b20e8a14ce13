"""Server time of the web application on the Ille-et-Vilaine example (not a timed test).

    .venv/bin/python benchmarks/web.py            # median of 20
    .venv/bin/python benchmarks/web.py -n 50

In a data folder of its own, through Django's test client (the request handled by the
application, no network): the form page of a contract made from the example (GET), the
check while typing (POST of the whole form to ``verifier/``, nothing saved), a save with
validation (POST of the whole form, unchanged), and the generation of the DOCX of the
contract (the background job, run in this process).

Targets: form page < 300 ms, check while typing < 300 ms, save < 500 ms (medians), DOCX
generation < 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))


def main() -> None:
    analyse = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyse.add_argument("-n", type=int, default=20, help="mesures par opération (20)")
    arguments = analyse.parse_args()
    dossier = Path(tempfile.mkdtemp(prefix="cpom-bench-web-"))
    from generator.web import serveur

    serveur.preparer(dossier, None, "127.0.0.1")
    from django.test import Client
    from django.test.utils import setup_test_environment

    from generator.web import travaux
    from generator.web.models import Contrat, Travail
    from tests.web.conftest import champs

    setup_test_environment()
    client = Client()
    reponse = client.post("/contrats/nouveau/", {"source": "exemple",
                                                 "variante": "ille-et-vilaine"})
    url = reponse["Location"]
    pk = int(url.strip("/").split("/")[-1])
    client.get(url)  # first request: templates compiled, schema read

    def mesurer(action: Callable[[], object]) -> list[float]:
        durees = []
        for _ in range(arguments.n):
            debut = time.perf_counter()
            action()
            durees.append(time.perf_counter() - debut)
        return durees

    page = mesurer(lambda: client.get(url))
    donnees = champs(client.get(url).content.decode())

    def enregistrer() -> None:
        donnees["version"] = str(Contrat.objects.get(pk=pk).version)
        assert client.post(url, donnees).status_code == 200

    verification = mesurer(lambda: client.post(url + "verifier/", donnees))
    enregistrement = mesurer(enregistrer)

    def generer() -> None:
        contrat = Contrat.objects.get(pk=pk)
        travail = Travail.objects.create(genre=Travail.GENERATION, contrat=contrat,
                                         version=contrat.version, variante=contrat.variante,
                                         format="docx")
        travaux.executer(travail.pk)
        assert Travail.objects.get(pk=travail.pk).etat == Travail.TERMINE

    generation = mesurer(generer) if arguments.n else []
    champs_formulaire = len(donnees)
    print(f"Exemple Ille-et-Vilaine ({champs_formulaire} champs), médiane de {arguments.n} :")
    for nom, durees, cible in (("page du formulaire", page, 0.3),
                               ("vérification pendant la saisie", verification, 0.3),
                               ("enregistrement avec validation", enregistrement, 0.5),
                               ("génération DOCX d'un contrat", generation, 1.0)):
        mediane = statistics.median(durees)
        print(f"  {nom:32} {mediane * 1000:7.0f} ms  (max {max(durees) * 1000:.0f} ms ; "
              f"objectif < {cible * 1000:.0f} ms) {'✓' if mediane < cible else '✗'}")


if __name__ == "__main__":
    main()
