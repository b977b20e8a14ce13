"""Offline reference data: communes and EPCI of the départements the generator serves.

Reads ``donnees/referentiel-geo.json``, an extract of the npm package
``@etalab/decoupage-administratif`` (INSEE COG, DGCL EPCI list, La Poste postal codes;
Licence Ouverte 2.0) built by ``tools/referentiel.py``; see ``donnees/LICENCE-referentiel.md``.
Nothing is fetched at run time. The file is read once, on first use.

Name lookup is tolerant: case, accents, hyphens vs spaces, apostrophes (’ or '), « St »/« Ste »
for « Saint »/« Sainte », a trailing article in brackets (« Rheu (Le) ») and a « CEDEX » suffix
are ignored.

A département missing from the extract raises ``ValueError`` (a configuration error, not a
data error); an unknown commune or EPCI gives ``None``.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FICHIER = Path(__file__).parent / "donnees" / "referentiel-geo.json"

_CODE_INSEE = re.compile(r"^(?:\d{2}|2[AB])\d{3}$")
_ARTICLE_FINAL = re.compile(r"^(?P<nom>.*?)\s*\((?P<article>les|le|la|l['’])\)\s*$", re.IGNORECASE)
_CODE_POSTAL_EN_TETE = re.compile(r"^\s*(?P<cp>\d{5})\s+(?P<nom>.+)$")
_CEDEX = re.compile(r"\bcedex\b.*$")
_ABREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


@dataclass(frozen=True)
class Commune:
    """A current commune (COG): INSEE code, official name, postal codes, SIREN of its EPCI."""

    code_insee: str
    nom: str
    codes_postaux: tuple[str, ...]
    epci_siren: str | None


@dataclass(frozen=True)
class Epci:
    """An EPCI à fiscalité propre; ``membres`` holds INSEE codes of the extract's communes."""

    siren: str
    nom: str
    type: str
    membres: tuple[str, ...]


class _Referentiel:
    """The extract, indexed; built once by :func:`_referentiel`."""

    def __init__(self, brut: dict[str, Any]) -> None:
        self.source: dict[str, Any] = brut["source"]
        self.noms: dict[str, str] = {}
        self.communes: dict[str, tuple[Commune, ...]] = {}
        self.epcis: dict[str, tuple[Epci, ...]] = {}
        self.par_nom: dict[str, dict[str, tuple[Commune, ...]]] = {}
        self.par_code: dict[str, Commune] = {}
        self.departement_de: dict[str, str] = {}
        membres_epci: dict[str, list[str]] = {}
        premiers_epci: dict[str, Epci] = {}
        for dep, bloc in brut["departements"].items():
            self.noms[dep] = bloc["nom"]
            communes = tuple(
                Commune(c["code_insee"], c["nom"], tuple(c["codes_postaux"]), c["epci_siren"])
                for c in bloc["communes"]
            )
            self.communes[dep] = communes
            index: dict[str, list[Commune]] = {}
            for c in communes:
                self.par_code[c.code_insee] = c
                self.departement_de[c.code_insee] = dep
                index.setdefault(normaliser(c.nom), []).append(c)
            self.par_nom[dep] = {cle: tuple(liste) for cle, liste in index.items()}
            epcis = [Epci(e["siren"], e["nom"], e["type"], tuple(e["membres"]))
                     for e in bloc["epci"]]
            epcis.sort(key=lambda e: (normaliser(e.nom), e.nom))
            self.epcis[dep] = tuple(epcis)
            for e in epcis:
                premiers_epci.setdefault(e.siren, e)
                membres_epci.setdefault(e.siren, []).extend(e.membres)
        # An EPCI straddling two extracted départements: one object with all its members.
        self.par_siren: dict[str, Epci] = {
            siren: Epci(e.siren, e.nom, e.type, tuple(sorted(membres_epci[siren])))
            for siren, e in premiers_epci.items()
        }


@cache
def _referentiel() -> _Referentiel:
    with FICHIER.open(encoding="utf-8") as fichier:
        return _Referentiel(json.load(fichier))


def _departement(departement: str) -> str:
    """Normalise a département code (« 35 », « 2a », « 1 » → « 01 ») and check it is covered."""
    code = str(departement).strip().upper()
    if code.isdigit() and len(code) == 1:
        code = code.zfill(2)
    ref = _referentiel()
    if code not in ref.communes:
        disponibles = ", ".join(sorted(ref.communes))
        raise ValueError(f"département non couvert par le référentiel géographique : "
                         f"« {departement} » (disponibles : {disponibles})")
    return code


def normaliser(nom: str) -> str:
    """Comparison key of a commune name: « St-Malo », « SAINT MALO » → « saint malo »."""
    texte = nom.strip()
    article = _ARTICLE_FINAL.match(texte)
    if article:  # COG's old style « Rheu (Le) » → « Le Rheu »
        texte = f"{article['article']} {article['nom']}"
    texte = unicodedata.normalize("NFKD", texte.casefold().translate(_LIGATURES))
    texte = "".join(c for c in texte if not unicodedata.combining(c))
    texte = re.sub(r"[^a-z0-9]+", " ", texte)  # hyphens, apostrophes, dots, brackets
    texte = _CEDEX.sub("", texte)
    return " ".join(_ABREVIATIONS.get(mot, mot) for mot in texte.split())


def millesime() -> str:
    """Year of the data (COG / EPCI composition), e.g. « 2026 »."""
    return str(_referentiel().source["millesime"])


def attribution() -> str:
    """Attribution line required by the Licence Ouverte (source, version, millésime)."""
    s = _referentiel().source
    return (f"Source : {s['producteur']}, {s['paquet']} {s['version']} (INSEE, DGCL, La Poste, "
            f"millésime {s['millesime']}), {s['licence']}")


def departements() -> list[str]:
    """Codes of the départements in the extract, e.g. ``["35", "77"]``."""
    return sorted(_referentiel().communes)


def nom_departement(departement: str) -> str:
    """Official name of a covered département (« Ille-et-Vilaine »)."""
    return _referentiel().noms[_departement(departement)]


def communes(departement: str) -> list[Commune]:
    """Current communes of the département, in INSEE code order."""
    return list(_referentiel().communes[_departement(departement)])


def commune(code_insee: str) -> Commune | None:
    """The commune with this INSEE code, if it is in the extract."""
    return _referentiel().par_code.get(str(code_insee).strip().upper())


def chercher_commune(nom: str, departement: str, code_postal: str | None = None) -> Commune | None:
    """Find a commune of the département by name, tolerantly; ``None`` if unknown or ambiguous.

    ``nom`` may start with a postal code (« 35000 Rennes »). The postal code, when given, only
    picks among communes whose names normalise alike; it does not reject a unique name match
    (check ``code_postal in commune.codes_postaux`` for consistency).
    """
    dep = _departement(departement)
    en_tete = _CODE_POSTAL_EN_TETE.match(nom)
    if en_tete:
        nom = en_tete["nom"]
        code_postal = code_postal or en_tete["cp"]
    candidats = _referentiel().par_nom[dep].get(normaliser(nom), ())
    if len(candidats) > 1 and code_postal:
        cp = code_postal.strip()
        candidats = tuple(c for c in candidats if cp in c.codes_postaux) or candidats
    return candidats[0] if len(candidats) == 1 else None


def suggestions_commune(nom: str, departement: str, n: int = 3) -> list[str]:
    """Up to ``n`` official names close to ``nom`` in the département (for error messages)."""
    index = _referentiel().par_nom[_departement(departement)]
    en_tete = _CODE_POSTAL_EN_TETE.match(nom)
    cle = normaliser(en_tete["nom"] if en_tete else nom)
    if not cle or n <= 0:
        return []
    # The name itself, names that start with it (« Saint-Aubin » → « Saint-Aubin-du-Cormier »),
    # then the closest spellings (« Rennnes » → « Rennes »).
    exact = [cle] if cle in index else []
    prefixes = sorted((k for k in index if k.startswith(cle + " ")), key=lambda k: (len(k), k))
    proches = difflib.get_close_matches(cle, list(index), n=n, cutoff=0.6)
    noms = [c.nom for cle_nom in (*exact, *prefixes[:n], *proches) for c in index[cle_nom]]
    return list(dict.fromkeys(noms))[:n]


def epcis(departement: str) -> list[Epci]:
    """EPCI with member communes in the département, sorted by name (accents ignored)."""
    return list(_referentiel().epcis[_departement(departement)])


def epci(siren: str) -> Epci | None:
    """The EPCI with this SIREN (members from every département of the extract), if any."""
    return _referentiel().par_siren.get(re.sub(r"\s", "", str(siren)))


def departement_de_commune(code_insee: str) -> str:
    """Département code of an INSEE commune code (« 35238 » → « 35 », « 97411 » → « 974 »).

    Taken from the extract when the commune is there, else from the code itself; raises
    ``ValueError`` for a malformed code.
    """
    code = str(code_insee).strip().upper()
    connu = _referentiel().departement_de.get(code)
    if connu:
        return connu
    if not _CODE_INSEE.match(code):
        raise ValueError(f"code commune INSEE invalide : « {code_insee} »")
    return code[:3] if code.startswith("97") else code[:2]
