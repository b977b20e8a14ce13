"""Build a sample campaign workbook from a variant's sample data file.

Each service is the sample with its own identifiers (FINESS, SIREN, SIRET with valid
keys), its own name and activity figures; the common data (« Paramètres ») are the
sample's. On request, two services carry an error for the report: a FINESS whose key is
wrong, and a rule of the model broken (a cap exceeded, a required identifier missing).

    python tools/campagne.py ille-et-vilaine -n 25 -o samples/campagne-ille-et-vilaine.xlsx
    python tools/campagne.py national -n 12 -o samples/campagne-national.xlsx
    python tools/campagne.py national -n 200 --sans-erreurs -o /tmp/campagne.xlsx

Used by the tests and ``benchmarks/bulk.py`` (``construire``, ``ecrire``).
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
if str(RACINE) not in sys.path:
    sys.path.insert(0, str(RACINE))

from stdnum import luhn  # noqa: E402

from generator import variants  # noqa: E402
from generator.campaign import workbooks  # noqa: E402
from generator.fields.paths import segments  # noqa: E402
from generator.load import workbook  # noqa: E402
from generator.load.data_file import charger  # noqa: E402
from generator.load.layout import disposition as disposition_de  # noqa: E402

SECTEURS = ("Nord", "Sud", "Est", "Ouest", "Centre", "Vallée", "Bocage", "Plateau", "Littoral",
            "Marches", "Forêt", "Coteaux", "Rivière", "Campagne", "Bourg", "Lande")


def _finess(departement: str, numero: int) -> str:
    corps = f"{departement[:2]}{numero:06d}"
    return corps + luhn.calc_check_digit(corps)


def _siren(numero: int) -> str:
    corps = f"{800000000 // 10 + numero:08d}"
    return corps + luhn.calc_check_digit(corps)


def _siret(siren: str, etablissement: int = 1) -> str:
    corps = f"{siren}{etablissement:04d}"
    return corps + luhn.calc_check_digit(corps)


def _obtenir(donnees: Any, chemin: str) -> Any:
    for morceau in segments(chemin):
        if isinstance(morceau, int):
            donnees = donnees[morceau] if isinstance(donnees, list) and morceau < len(donnees) \
                else None
        else:
            donnees = donnees.get(morceau) if isinstance(donnees, dict) else None
    return donnees


def _poser(donnees: dict[str, Any], chemin: str, valeur: Any) -> None:
    workbook.poser(donnees, segments(chemin), valeur)


def _echelle(valeur: Any, facteur: Decimal) -> Any:
    """Scale an activity figure, keeping its type (int stays int)."""
    if isinstance(valeur, bool):
        return valeur
    if isinstance(valeur, int):
        return int(valeur * facteur)
    if isinstance(valeur, str):
        try:
            return str((Decimal(valeur) * facteur).quantize(Decimal(1)))
        except ArithmeticError:
            return valeur
    return valeur


def _activite(activite: Any, facteur: Decimal) -> None:
    """Scale the hours and beneficiaries of the diagnostic (descriptive figures)."""
    if isinstance(activite, dict):
        for cle, valeur in activite.items():
            if cle in ("heures", "beneficiaires"):
                activite[cle] = _echelle(valeur, facteur)
            else:
                _activite(valeur, facteur)
    elif isinstance(activite, list):
        for element in activite:
            _activite(element, facteur)


def _erreur_regle(variante: str, donnees: dict[str, Any]) -> str:
    """Break a rule of the model in ``donnees``; returns what was broken."""
    if variante == "ille-et-vilaine":
        for objectif in donnees.get("objectifs", []):
            if objectif.get("numero") == 1 and objectif.get("actions"):
                objectif["actions"][0].setdefault("financement", {})[
                    "bonification_horaire"] = "1.80"
                return "bonification de 1,80 €/h au-delà du plafond de 1,50 €/h (annexe 6)"
    if variante == "seine-et-marne":
        _poser(donnees, "gestionnaire.siret", "12345678901234")
        return "n° SIRET du gestionnaire à la clé invalide"
    if _obtenir(donnees, "gestionnaire.statut") == "association":
        donnees["gestionnaire"].pop("rna", None)
        return "association sans n° RNA"
    _poser(donnees, "gestionnaire.siret", "12345678901234")
    return "n° SIRET du gestionnaire à la clé invalide"


def construire(variante_id: str, n: int, erreurs: bool = True, graine: int = 2026
               ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """``n`` services from the variant's sample; returns them and, for the services made
    wrong on purpose, FINESS → what is wrong."""
    variante = variants.trouver(variante_id)
    disposition = disposition_de(variante)
    exemple = charger(variants.dossier_exemples() / variante.exemples[0])
    hasard = random.Random(graine)
    cle = disposition.cle
    parent = cle.rsplit(".", 1)[0]
    departement = str(_obtenir(exemple, cle))[:2]
    nom_base = str(_obtenir(exemple, disposition.nom) or "Service").split("–")[0].strip()
    raison_base = str(_obtenir(exemple, "gestionnaire.raison_sociale") or "Gestionnaire")
    services: list[dict[str, Any]] = []
    fautifs: dict[str, str] = {}
    for i in range(n):
        donnees = copy.deepcopy(exemple)
        if i == 0:
            services.append(donnees)  # the sample itself comes first (the example row)
            continue
        secteur = SECTEURS[i % len(SECTEURS)]
        finess = _finess(departement, 100000 + 37 * i)
        _poser(donnees, cle, finess)
        _poser(donnees, disposition.nom, f"{nom_base} – secteur {secteur} {i // len(SECTEURS) + 1}")
        siren = _siren(1000 + i)
        if _obtenir(donnees, "gestionnaire.raison_sociale") is not None:
            _poser(donnees, "gestionnaire.raison_sociale", f"{raison_base} {secteur} {i}")
        if _obtenir(donnees, "gestionnaire.siren") is not None:
            _poser(donnees, "gestionnaire.siren", siren)
        if _obtenir(donnees, "gestionnaire.siret") is not None:
            _poser(donnees, "gestionnaire.siret", _siret(siren))
        if _obtenir(donnees, f"{parent}.siret") is not None:
            _poser(donnees, f"{parent}.siret", _siret(siren, 2))
        if isinstance(donnees.get("services"), list):  # other services of the contract
            for j, autre in enumerate(donnees["services"][1:], start=1):
                autre["finess"] = _finess(departement, 500000 + 37 * i + j)
                if "siret" in autre:
                    autre["siret"] = _siret(siren, 2 + j)
        diagnostic = donnees.get("diagnostic")
        if isinstance(diagnostic, dict):
            _activite(diagnostic.get("activite"), Decimal(hasard.randint(100, 130)) / 100)
        services.append(donnees)
    if erreurs and n >= 3:
        mauvais = services[n // 3]
        finess = str(_obtenir(mauvais, cle))
        faux = finess[:-1] + str((int(finess[-1]) + 1) % 10)
        _poser(mauvais, cle, faux)
        fautifs[faux] = "clé de contrôle du n° FINESS invalide"
        regle = services[2 * n // 3]
        fautifs[str(_obtenir(regle, cle))] = _erreur_regle(variante_id, regle)
    return services, fautifs


def ecrire(variante_id: str, n: int, chemin: Path, erreurs: bool = True,
           graine: int = 2026) -> dict[str, str]:
    """Write the campaign workbook; the sample's images are copied next to it."""
    services, fautifs = construire(variante_id, n, erreurs, graine)
    variante = variants.trouver(variante_id)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    workbooks.ecrire_campagne(variante, chemin, services)
    images = (variants.dossier_exemples() / variante.exemples[0]).with_suffix("")
    if images.is_dir() and images.resolve() != (chemin.parent / images.name).resolve():
        shutil.copytree(images, chemin.parent / images.name, dirs_exist_ok=True)
    return fautifs


def main() -> None:
    analyse = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyse.add_argument("variante", help="national, ille-et-vilaine, seine-et-marne…")
    analyse.add_argument("-n", type=int, default=25, help="nombre de services (25)")
    analyse.add_argument("-o", "--output", type=Path, required=True, help="classeur à écrire")
    analyse.add_argument("--sans-erreurs", action="store_true",
                         help="aucun service en erreur (par défaut : deux)")
    analyse.add_argument("--graine", type=int, default=2026)
    arguments = analyse.parse_args()
    fautifs = ecrire(arguments.variante, arguments.n, arguments.output,
                     not arguments.sans_erreurs, arguments.graine)
    print(f"{arguments.output} : {arguments.n} services")
    for finess, quoi in fautifs.items():
        print(f"  en erreur exprès : {finess} — {quoi}")


if __name__ == "__main__":
    main()
