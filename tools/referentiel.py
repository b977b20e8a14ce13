"""Build the offline reference extract of communes and EPCI
(``domaine/donnees/referentiel-geo.json``).

Source: the npm package ``@etalab/decoupage-administratif`` (data.gouv.fr / Etalab; data under
Licence Ouverte 2.0, code MIT), fetched with the ordinary npm client (``npm pack``) into a
temporary folder; its JSON files are read straight from the tarball. Only the départements
asked for are kept, with the fields the generator needs:

* per commune (current communes only): code INSEE, nom, codes postaux, SIREN of its EPCI;
* per EPCI having members in the département: SIREN, official name, type, member INSEE codes
  in that département.

The extract ships with the package and is never fetched at run time. Rebuild it (needs npm
and access to the npm registry) with::

    python tools/referentiel.py                      # départements 35 77
    python tools/referentiel.py --departements 35 77 44
    python tools/referentiel.py --tarball etalab-decoupage-administratif-6.0.0.tgz  # offline

It also rewrites ``domaine/donnees/LICENCE-referentiel.md`` (source, version, licence).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PAQUET = "@etalab/decoupage-administratif"
VERSION = "6.0.0"  # millésime 2026 (see the package README table)

RACINE = Path(__file__).resolve().parents[1]
SORTIE = RACINE / "domaine" / "donnees" / "referentiel-geo.json"
LICENCE = RACINE / "domaine" / "donnees" / "LICENCE-referentiel.md"

LICENCE_NOM = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
ORIGINES = [
    "INSEE — Code officiel géographique (communes, départements)",
    "DGCL — liste et composition des EPCI à fiscalité propre",
    "La Poste — base officielle des codes postaux",
]
PRODUCTEUR = "Etalab / data.gouv.fr"


class ErreurReferentiel(RuntimeError):
    """The package could not be fetched or does not hold what is expected."""


def telecharger(version: str, dossier: Path) -> Path:
    """Run ``npm pack PAQUET@version`` in ``dossier``; return the tarball's path."""
    npm = shutil.which("npm")
    if npm is None:
        raise ErreurReferentiel("npm est introuvable : installez Node.js/npm ou passez --tarball")
    resultat = subprocess.run(
        [npm, "pack", f"{PAQUET}@{version}", "--json"],
        cwd=dossier, capture_output=True, text=True, check=False,
    )
    if resultat.returncode != 0:
        raise ErreurReferentiel(f"échec de « npm pack {PAQUET}@{version} » :\n{resultat.stderr}")
    return dossier / json.loads(resultat.stdout)[0]["filename"]


def integrite(chemin: Path) -> str:
    """Subresource-integrity string of the tarball, as npm shows it (``sha512-…``)."""
    empreinte = hashlib.sha512(chemin.read_bytes()).digest()
    return "sha512-" + base64.b64encode(empreinte).decode("ascii")


def date_publication(version: str) -> str | None:
    """Publication date (YYYY-MM-DD) of the version on the npm registry, if npm can tell."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    try:
        resultat = subprocess.run(
            [npm, "view", PAQUET, "time", "--json"],
            capture_output=True, text=True, check=False, timeout=120,
        )
    except subprocess.TimeoutExpired:
        return None
    if resultat.returncode != 0:
        return None
    try:
        horodatage = json.loads(resultat.stdout).get(version)
    except (json.JSONDecodeError, AttributeError):
        return None
    return horodatage[:10] if isinstance(horodatage, str) else None


def lire_tarball(chemin: Path) -> dict[str, Any]:
    """Read package.json, README.md and the data files from the npm tarball."""
    noms = {
        "package": "package/package.json",
        "readme": "package/README.md",
        "communes": "package/data/communes.json",
        "epci": "package/data/epci.json",
        "departements": "package/data/departements.json",
    }
    contenu: dict[str, Any] = {}
    with tarfile.open(chemin, "r:gz") as archive:
        for cle, nom in noms.items():
            try:
                membre = archive.extractfile(nom)
            except KeyError:
                membre = None
            if membre is None:
                raise ErreurReferentiel(f"{nom} absent de {chemin.name}")
            texte = membre.read().decode("utf-8")
            contenu[cle] = texte if cle == "readme" else json.loads(texte)
    return contenu


def millesime_du_readme(readme: str, version: str) -> str | None:
    """The data year the README's « Millésimes et versions de package » table gives a version."""
    for ligne in readme.splitlines():
        cellules = [c.strip() for c in ligne.strip().strip("|").split("|")]
        if len(cellules) >= 2 and re.fullmatch(r"\d{4}", cellules[0]) and cellules[1] == version:
            return cellules[0]
    return None


def extraire(donnees: dict[str, Any], departements: list[str]) -> dict[str, Any]:
    """Keep the current communes and the EPCI of each département, with the needed fields."""
    noms_dep = {d["code"]: d["nom"] for d in donnees["departements"]}
    resultat: dict[str, Any] = {}
    for dep in departements:
        if dep not in noms_dep:
            raise ErreurReferentiel(f"département inconnu dans le paquet : {dep}")
        communes = sorted(
            (c for c in donnees["communes"]
             if c.get("departement") == dep and c.get("type") == "commune-actuelle"),
            key=lambda c: c["code"],
        )
        codes = {c["code"] for c in communes}
        epci_de: dict[str, str] = {}
        epcis = []
        for e in donnees["epci"]:
            membres = sorted(m["code"] for m in e["membres"] if m["code"] in codes)
            if not membres:
                continue
            for code in membres:
                if code in epci_de:
                    raise ErreurReferentiel(f"commune {code} dans deux EPCI : "
                                            f"{epci_de[code]} et {e['code']}")
                epci_de[code] = e["code"]
            epcis.append({"siren": e["code"], "nom": e["nom"], "type": e["type"],
                          "membres": membres})
        epcis.sort(key=lambda e: e["nom"])
        resultat[dep] = {
            "nom": noms_dep[dep],
            "communes": [
                {"code_insee": c["code"], "nom": c["nom"],
                 "codes_postaux": sorted(c.get("codesPostaux", [])),
                 "epci_siren": epci_de.get(c["code"])}
                for c in communes
            ],
            "epci": epcis,
        }
    return resultat


def commande(departements: list[str], version: str) -> str:
    """The command line that rebuilds the extract."""
    texte = "python tools/referentiel.py --departements " + " ".join(departements)
    return texte if version == VERSION else f"{texte} --version {version}"


def ecrire_json(document: dict[str, Any], chemin: Path) -> None:
    """Write the extract: readable layout, one commune or EPCI per line (small diffs)."""
    def compact(valeur: Any) -> str:
        return json.dumps(valeur, ensure_ascii=False, separators=(", ", ": "))

    lignes = ["{", f'  "source": {json.dumps(document["source"], ensure_ascii=False, indent=4)}'
              .replace("\n}", "\n  }") + ",", '  "departements": {']
    deps = list(document["departements"].items())
    for i, (dep, bloc) in enumerate(deps):
        lignes.append(f'    "{dep}": {{')
        lignes.append(f'      "nom": {compact(bloc["nom"])},')
        for cle in ("communes", "epci"):
            lignes.append(f'      "{cle}": [')
            elements = bloc[cle]
            lignes.extend(f"        {compact(el)}{',' if j < len(elements) - 1 else ''}"
                          for j, el in enumerate(elements))
            lignes.append("      ]," if cle == "communes" else "      ]")
        lignes.append("    }," if i < len(deps) - 1 else "    }")
    lignes += ["  }", "}"]
    texte = "\n".join(lignes) + "\n"
    if json.loads(texte) != document:  # the hand layout must stay valid, equivalent JSON
        raise ErreurReferentiel("mise en forme JSON incohérente")
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(texte, encoding="utf-8")


def ecrire_licence(source: dict[str, Any], departements: dict[str, Any], chemin: Path) -> None:
    """Write the French notice: source, version, date, licence, how to rebuild."""
    lignes_dep = "\n".join(
        f"| {dep} | {bloc['nom']} | {len(bloc['communes'])} | {len(bloc['epci'])} |"
        for dep, bloc in departements.items()
    )
    origines = " ;\n".join(f"* {o}" for o in source["origines"]) + "."
    texte = f"""# Référentiel géographique embarqué — source et licence

Le fichier `referentiel-geo.json` est un **extrait** des données du paquet npm
[`{source['paquet']}`](https://www.npmjs.com/package/{source['paquet']}),
produit par {source['producteur']}.

| | |
|---|---|
| Paquet | `{source['paquet']}` |
| Version | {source['version']} |
| Millésime des données | {source['millesime']} |
| Date de publication du paquet | {source.get('publie_le') or 'inconnue'} |
| Intégrité du tarball (npm) | `{source['integrite']}` |
| Licence des données | [{source['licence']}]({source['licence_url']}) |
| Licence du code du paquet | MIT (non repris ici) |

Données d'origine :

{origines}

Contenu de l'extrait (communes actuelles seulement, sans communes déléguées ni associées) :

| département | nom | communes | EPCI |
|---|---|---|---|
{lignes_dep}

Pour chaque commune : code INSEE, nom, codes postaux, SIREN de son EPCI à fiscalité propre.
Pour chaque EPCI ayant au moins une commune membre dans le département : SIREN, nom officiel,
type (CA, CC, CU, METRO) et codes INSEE des communes membres **dans ce département**.

## Licence

Les données sont réutilisées selon les termes de la {source['licence']} :
{source['licence_url']}. Réutilisation libre, y compris commerciale, sous réserve de
mentionner la paternité de l'information et la date de sa dernière mise à jour :

> Source : {source['producteur']}, paquet `{source['paquet']}` version {source['version']}
> (données INSEE, DGCL, La Poste, millésime {source['millesime']}), sous {source['licence']}.

Les données ont été filtrées (départements retenus, communes actuelles) et réduites aux champs
utiles ; elles ne sont pas modifiées autrement.

## Régénérer l'extrait

Le fichier est livré avec le logiciel et n'est jamais téléchargé à l'exécution. Pour le
reconstruire (npm et l'accès au registre npm sont nécessaires), depuis la racine du dépôt :

```sh
{source['regenerer']}
```

Pour un autre millésime, changer la version avec `--version` (voir le tableau « Millésimes
et versions de package » du README du paquet), relancer les tests
(`pytest tests/test_referentiel.py`) et vérifier les changements de composition des EPCI.
Sans réseau, `--tarball CHEMIN.tgz` lit un tarball obtenu auparavant par `npm pack`.
"""
    chemin.write_text(texte, encoding="utf-8")


def construire(departements: list[str], version: str, tarball: Path | None,
               millesime: str | None) -> dict[str, Any]:
    """Fetch (or read) the package and build the extract document."""
    with tempfile.TemporaryDirectory(prefix="referentiel-") as temp:
        if tarball is None:
            tarball = telecharger(version, Path(temp))
        donnees = lire_tarball(tarball)
        empreinte = integrite(tarball)
    version_lue = donnees["package"].get("version")
    if version_lue != version:
        raise ErreurReferentiel(f"le tarball est en version {version_lue}, pas {version}")
    millesime = millesime or millesime_du_readme(donnees["readme"], version)
    if millesime is None:
        raise ErreurReferentiel(f"millésime de la version {version} introuvable dans le README "
                                "du paquet : passez --millesime")
    source = {
        "paquet": PAQUET,
        "version": version,
        "millesime": millesime,
        "publie_le": date_publication(version),
        "integrite": empreinte,
        "producteur": PRODUCTEUR,
        "origines": ORIGINES,
        "licence": LICENCE_NOM,
        "licence_url": LICENCE_URL,
        "regenerer": commande(departements, version),
    }
    return {"source": source, "departements": extraire(donnees, departements)}


def main(argv: list[str] | None = None) -> int:
    analyseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyseur.add_argument("--departements", nargs="+", default=["35", "77"], metavar="CODE",
                           help="codes des départements à extraire (défaut : 35 77)")
    analyseur.add_argument("--version", default=VERSION,
                           help=f"version du paquet npm (défaut : {VERSION})")
    analyseur.add_argument("--millesime", help="millésime des données (défaut : lu dans le README)")
    analyseur.add_argument("--tarball", type=Path,
                           help="tarball déjà téléchargé (npm pack) au lieu d'appeler npm")
    analyseur.add_argument("--sortie", type=Path, default=SORTIE, help="fichier JSON écrit")
    analyseur.add_argument("--licence", type=Path, default=LICENCE, help="notice écrite")
    args = analyseur.parse_args(argv)
    departements = list(dict.fromkeys(d.strip().upper().zfill(2) for d in args.departements))
    try:
        document = construire(departements, args.version, args.tarball, args.millesime)
    except ErreurReferentiel as erreur:
        print(f"erreur : {erreur}", file=sys.stderr)
        return 1
    ecrire_json(document, args.sortie)
    ecrire_licence(document["source"], document["departements"], args.licence)
    for dep, bloc in document["departements"].items():
        sans_epci = sum(1 for c in bloc["communes"] if c["epci_siren"] is None)
        print(f"{dep} {bloc['nom']} : {len(bloc['communes'])} communes, {len(bloc['epci'])} EPCI"
              + (f", {sans_epci} commune(s) hors EPCI" if sans_epci else ""))
    print(f"écrit : {args.sortie} ({args.sortie.stat().st_size // 1024} Ko), {args.licence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
