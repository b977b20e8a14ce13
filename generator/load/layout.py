"""The campaign workbook's layout, built from a variant's schema: which sheet and column
each field goes to, and how a value is written to and read from a cell.

One layout serves every variant (never drawn by hand, so it never drifts):

* « Paramètres »: the data common to the campaign, one row per field (hidden path /
  champ / valeur / aide): modèle, département, contract dates…;
* « Services »: one row per service (one contract), keyed by its FINESS
  (``services[0].finess`` or ``service.finess``); one column per field;
* one sheet per repeated part (lists such as communes, objectives, actions, indicators,
  yearly amounts), keyed by ``finess_service`` plus a « n° » column per list level; a
  row names its parent (an objective, an action) by the parent's title, chosen from a
  drop-down list, or by its number.

Layout 2 (``DISPOSITION``, marked in the hidden sheet « _cpom »): row 1, hidden, holds
each column's field path (what the loader reads); row 2 the French header; row 3 the
help (format, required, example); data from row 4. Layout 1 (before): paths in row 1,
descriptions in row 2, data from row 3, sheet names made of paths (``ANCIEN``): still
read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import yaml

from generator.fields.libelles import Presentation, format_saisie, humaniser, libelle, presenter
from generator.fields.paths import Segment, est_sous_chemin, generique, segments
from generator.fields.tree import Noeud, depuis_schema
from generator.load.data_file import charger
from generator.problems import ErreurCpom
from generator.variants import Variante

PARAMETRES = "Paramètres"
SERVICES = "Services"
SUITE = "Services (suite)"  # the other services of a contract (n° 2, 3…)
LISEZ_MOI = "Lisez-moi"
LISTES = "_listes"
MARQUE = "_cpom"  # hidden sheet: layout version, kind of workbook
DISPOSITION = 2
PREMIERE_LIGNE = 4  # first data row of layout 2 (row 1 paths, 2 headers, 3 help)
UN_CONTRAT = "contrat"  # a one-contract workbook (cpom sample -o x.xlsx)
CAMPAGNE = "campagne"
CLE = "services[0].finess"
NOM = "services[0].nom"
CLE_LISTE = "finess_service"
TITRE_MAX = 31  # Excel limit on sheet names

# Paths common to every contract of a campaign (prefixes); a variant may list its own in
# ``variante.yaml`` (``campagne: {parametres: [...]}``, see ``Variante.parametres_campagne``).
PARAMETRES_PAR_DEFAUT = (
    "modele", "departement", "contrat",
    "diagnostic.donnees_departementales", "diagnostic.enjeux",
    "dotation_complementaire.appel_a_candidatures", "dotation_complementaire.modalites_calcul",
    "dotation_complementaire.versement", "dotation_complementaire.regularisation",
    "suivi.periodicite_annees", "suivi.reunion_avant", "suivi.documents_avant",
    "regles_gestion",
)

_LONGUEURS = {"n° FINESS": 9, "n° SIREN": 9, "n° SIRET": 14, "code postal": 5,
              "code INSEE": 5}
_NUMERIQUES = ("montant (€)", "nombre", "pourcentage")


# --- layout -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Colonne:
    """A column: its header (path relative to the sheet's element, the loader's key),
    its schema node and how people see it (French header, help)."""

    entete: str
    noeud: Noeud
    vue: Presentation | None = None

    @property
    def description(self) -> str:
        return self.vue.description if self.vue is not None else description(self.noeud)

    @property
    def titre(self) -> str:
        """The French header (row 2)."""
        return self.vue.entete if self.vue is not None else self.entete

    @property
    def obligatoire(self) -> bool:
        return self.vue.obligatoire if self.vue is not None else self.noeud.obligatoire


@dataclass
class Feuille:
    """A list sheet: the list's generic path (``objectifs.generaux[].operationnels``), the
    names of the list levels (one « n° » column each) and the columns of an element."""

    titre: str
    chemin: str
    niveaux: tuple[str, ...]
    colonnes: list[Colonne]
    noeud: Noeud
    commune: bool = False  # rows of the example are common to the campaign
    ancien: str = ""  # its name in layout 1 (``coo.partenariats_existants``)

    @property
    def reperes(self) -> list[Colonne]:
        """The columns that may name an element for its children (title, number…)."""
        return [c for nom in _REPERES for c in self.colonnes if c.entete == nom]

    @property
    def repere(self) -> Colonne | None:
        """The column of the drop-down that names a parent: a required title first."""
        reperes = self.reperes
        return next((c for c in reperes if c.obligatoire), reperes[0] if reperes else None)

    def nom_de(self, element: Any) -> Any:
        """The first title of ``element`` (a dict) found in its title columns."""
        for colonne in self.reperes:
            if isinstance(element, dict) and element.get(colonne.entete) is not None:
                return element[colonne.entete]
        return None

    @property
    def parent(self) -> str | None:
        """Generic path of the parent list (``None`` for a first-level list)."""
        if len(self.niveaux) < 2:
            return None
        return self.chemin[: self.chemin.rfind("[]") + 2].rsplit("[]", 1)[0]

    @property
    def relatif(self) -> str:
        """Path of this list inside an element of its parent list (or from the root)."""
        if len(self.niveaux) < 2:
            return self.chemin
        return self.chemin[self.chemin.rfind("[]") + 3:]

    def entetes_indices(self) -> list[str]:
        return [f"n° {niveau}" for niveau in self.niveaux]


@dataclass
class Disposition:
    """Where every field of a variant goes in the workbook."""

    variante: Variante
    racine: Noeud
    parametres: list[Colonne]
    services: list[Colonne]
    listes: list[Feuille]
    cle: str = CLE  # the FINESS column of « Services »
    nom: str = NOM  # the service's name (folder names, messages)

    def feuille(self, titre: str) -> Feuille | None:
        """The list sheet named ``titre`` (its layout-1 name too)."""
        return next((f for f in self.listes if titre in (f.titre, f.ancien)), None)

    def liste(self, chemin: str) -> Feuille | None:
        return next((f for f in self.listes if f.chemin == chemin), None)


# What names an element for its children (« Objectif : Améliorer… »), in order of choice.
_REPERES = ("intitule", "libelle", "titre", "nom", "domaine", "numero", "annee")
_INTERDITS_TITRE = str.maketrans({c: " " for c in "[]:*?/\\"})


def _titre_francais(feuille: Feuille, racine: Noeud, pris: set[str]) -> str:
    """A whole French sheet name (≤ 31 characters, unique): the list's « feuille »
    metadata or label; when taken, followed by the label of the first ancestor list
    that differs (« Actions dotation »)."""
    noeud = feuille.noeud
    base = (noeud.libelle or libelle(noeud)).translate(_INTERDITS_TITRE).strip()
    if len(base) > TITRE_MAX:
        base = humaniser(noeud.nom)
    candidats = [base]
    ancetres = [m for m in feuille.chemin.split("[]")[0].split(".") if m]
    for ancetre in ancetres[1:] + ancetres[:1]:
        candidats.append(f"{base} {humaniser(ancetre).lower()}")
    candidats += [f"{humaniser(noeud.nom)} {humaniser(a).lower()}" for a in ancetres]
    for candidat in candidats:
        if len(candidat) <= TITRE_MAX and candidat.lower() not in pris:
            pris.add(candidat.lower())
            return candidat
    n = 2
    while f"{base[:TITRE_MAX - 4]} {n}".lower() in pris:
        n += 1
    pris.add(f"{base[:TITRE_MAX - 4]} {n}".lower())
    return f"{base[:TITRE_MAX - 4]} {n}"


def description(noeud: Noeud) -> str:
    """French description of a column: text, type, allowed values, required."""
    morceaux = [noeud.description or noeud.nom]
    type_ = noeud.type if noeud.type not in ("texte", "bloc", "liste", "table") else ""
    if noeud.choix:
        type_ = "valeurs : " + ", ".join(map(str, noeud.choix))
    if type_:
        morceaux.append(f"({type_})")
    if noeud.obligatoire:
        morceaux.append("— obligatoire")
    return " ".join(morceaux)


def _titre(chemin: str, pris: set[str]) -> str:
    """A sheet name (≤ 31 characters, unique) from a list path: the path without ``[]``,
    its first segments cut to three letters when too long."""
    noms = [m for m in chemin.replace("[]", "").split(".") if m]
    niveau = 0
    while len(".".join(noms)) > TITRE_MAX and niveau < len(noms) - 1:
        noms[niveau] = noms[niveau][:3]
        niveau += 1
    titre = ".".join(noms)[:TITRE_MAX]
    base, n = titre, 2
    while titre in pris:
        titre = f"{base[: TITRE_MAX - 3]}~{n}"
        n += 1
    pris.add(titre)
    return titre


def _cles_table(exemples: list[dict[str, Any]], chemin: str) -> list[str]:
    """Keys of a key → value table found at ``chemin`` (generic) in the examples."""
    cles: list[str] = []
    for valeur in _valeurs_a(exemples, segments(chemin)):
        if isinstance(valeur, dict):
            for cle in valeur:
                if str(cle) not in cles:
                    cles.append(str(cle))
    return sorted(cles)


def _valeurs_a(valeurs: list[Any], morceaux: list[Segment]) -> Iterator[Any]:
    for valeur in valeurs:
        if not morceaux:
            yield valeur
            continue
        tete, reste = morceaux[0], morceaux[1:]
        if isinstance(tete, int):
            if isinstance(valeur, list):
                elements = valeur if tete < 0 else valeur[tete:tete + 1]
                yield from _valeurs_a(elements, reste)
        elif isinstance(valeur, dict) and tete in valeur:
            yield from _valeurs_a([valeur[tete]], reste)


def _feuilles_de(noeud: Noeud, prefixe: str, niveaux: tuple[str, ...],
                 exemples: list[dict[str, Any]], communs: tuple[str, ...],
                 pris: set[str], sortie: list[Feuille]) -> list[Colonne]:
    """Columns of the scalar fields under ``noeud`` (paths relative to it); list sheets of
    its lists are appended to ``sortie``. ``prefixe`` is the generic path of ``noeud``."""
    colonnes: list[Colonne] = []

    def absolu(relatif: str) -> str:
        return f"{prefixe}.{relatif}" if prefixe else relatif

    def visiter(courant: Noeud, relatif: str) -> None:
        for nom, enfant in courant.enfants.items():
            sous = f"{relatif}.{nom}" if relatif else nom
            if enfant.type == "bloc":
                visiter(enfant, sous)
            elif enfant.type == "table":
                for cle in _cles_table(exemples, absolu(sous)):
                    colonnes.append(Colonne(f"{sous}.{cle}", Noeud(cle, "texte",
                                                                   enfant.description)))
            elif enfant.type == "liste" and enfant.element is not None:
                _liste(enfant, absolu(sous))
            else:
                colonnes.append(Colonne(sous, enfant))

    def _liste(liste: Noeud, chemin: str) -> None:
        element = liste.element
        assert element is not None
        feuille = Feuille("", chemin, (*niveaux, liste.nom), [], liste,
                          commune=any(est_sous_chemin(generique(chemin), c) for c in communs))
        sortie.append(feuille)
        if element.type == "bloc":
            feuille.colonnes = _feuilles_de(element, f"{chemin}[]", feuille.niveaux, exemples,
                                            communs, pris, sortie)
        else:
            feuille.colonnes = [Colonne("valeur", Noeud("valeur", element.type,
                                                        liste.description,
                                                        obligatoire=True, choix=element.choix))]

    visiter(noeud, "")
    return colonnes


@cache
def disposition(variante: Variante) -> Disposition:
    """The workbook layout of ``variante``, from its schema (and its sample's table keys)."""
    racine = depuis_schema(variante.schema())
    exemples = []
    for chemin in variante.chemins_exemples():
        try:
            exemples.append(charger(chemin))
        except ErreurCpom:
            continue
    communs = variante.parametres_campagne or PARAMETRES_PAR_DEFAUT
    listes: list[Feuille] = []
    pris = {PARAMETRES, SERVICES, LISEZ_MOI, LISTES}
    tout = _feuilles_de(racine, "", (), exemples, communs, pris, listes)
    for feuille in listes:
        if feuille.chemin == "services":  # element n° 1 is the « Services » row
            feuille.titre = feuille.ancien = SUITE
            tout += [Colonne(f"services[0].{c.entete}", c.noeud) for c in feuille.colonnes]
    pris.add(SUITE)
    anciens = set(pris)
    francais = {t.lower() for t in pris}
    for feuille in listes:
        if not feuille.titre:
            feuille.ancien = _titre(feuille.chemin, anciens)
            feuille.titre = _titre_francais(feuille, racine, francais)
        element = feuille.noeud.element or feuille.noeud
        feuille.colonnes = _uniques([
            Colonne(c.entete, c.noeud, _valeur_seule(feuille.noeud) if c.entete == "valeur"
                    else presenter(element, c.entete))
            for c in feuille.colonnes])
    tout = _uniques([Colonne(c.entete, c.noeud, presenter(racine, c.entete)) for c in tout])
    parametres = [c for c in tout if any(est_sous_chemin(c.entete, p) for p in communs)]
    services = [c for c in tout if c not in parametres]
    finess = [c.entete for c in services if c.noeud.type == "n° FINESS"]
    cle = next((c for c in (CLE, "service.finess") if c in finess), finess[0] if finess else CLE)
    nom = cle.rsplit(".", 1)[0] + ".nom" if "." in cle else "nom"
    service = cle.rsplit(".", 1)[0] + "."
    services.sort(key=lambda c: (c.entete != cle, c.entete != nom,
                                 not c.entete.startswith(service)))
    return Disposition(variante, racine, parametres, services, listes, cle, nom)


def _valeur_seule(liste: Noeud) -> Presentation:
    """The column of a list of plain values (texts, dates)."""
    element = liste.element or liste
    texte = (liste.description or libelle(liste)) + "\nUne valeur par ligne." \
        + f"\nSaisie : {format_saisie(element)}."
    return Presentation("valeur", libelle(liste), libelle(liste), texte, True, "")


def _uniques(colonnes: list[Colonne]) -> list[Colonne]:
    """Headers of a sheet made unique: a repeated one gets its field's name in words."""
    vus: dict[str, int] = {}
    for colonne in colonnes:
        if colonne.vue is not None:
            vus[colonne.titre.lower()] = vus.get(colonne.titre.lower(), 0) + 1
    resultat = []
    for colonne in colonnes:
        vue = colonne.vue
        if vue is not None and vus[colonne.titre.lower()] > 1:
            precision = humaniser(colonne.noeud.nom)
            vue = replace(vue, entete=f"{vue.entete} ({precision})")
        resultat.append(Colonne(colonne.entete, colonne.noeud, vue))
    return resultat


# --- cell values ------------------------------------------------------------------------

def _decimal(nombre: float) -> Decimal:
    return Decimal(repr(nombre))


def depuis_cellule(valeur: Any, noeud: Noeud | None) -> Any:
    """A workbook cell → the value the schema expects (``None`` for an empty cell)."""
    if isinstance(valeur, str):
        valeur = valeur.strip()
        if not valeur:
            return None
    if valeur is None:
        return None
    type_ = noeud.type if noeud is not None else ""
    if isinstance(valeur, datetime):
        valeur = valeur.date()
    if isinstance(valeur, date):
        if type_ == "échéance (JJ/MM)":
            return f"{valeur.day:02d}/{valeur.month:02d}"
        return valeur if type_.startswith("date") or not type_ else valeur.isoformat()
    if isinstance(valeur, bool):
        return valeur if type_ in ("oui/non", "") else ("oui" if valeur else "non")
    if isinstance(valeur, float) and valeur.is_integer() and type_ not in _NUMERIQUES:
        valeur = int(valeur)
    if type_ in _LONGUEURS and isinstance(valeur, int):
        return str(valeur).zfill(_LONGUEURS[type_])
    if type_ == "entier":
        if isinstance(valeur, str) and re.fullmatch(r"[+-]?\d+", valeur):
            return int(valeur)
        return valeur
    if type_ in _NUMERIQUES:
        return _decimal(valeur) if isinstance(valeur, float) else valeur
    if isinstance(valeur, float):
        return str(_decimal(valeur)).replace(".", ",")
    if isinstance(valeur, int) and (type_ == "texte" or type_ in _LONGUEURS
                                    or type_ == "code département" or type_ == "courriel"):
        return str(valeur)
    return valeur


def vers_cellule(valeur: Any, noeud: Noeud | None) -> Any:
    """A data-file value → what the workbook shows (numbers as numbers, dates as dates)."""
    if valeur is None:
        return None
    type_ = noeud.type if noeud is not None else ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if type_ in _NUMERIQUES and isinstance(valeur, str):
        try:
            nombre = Decimal(valeur.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            return valeur
        return int(nombre) if nombre == nombre.to_integral_value() else float(nombre)
    if isinstance(valeur, Decimal):
        return int(valeur) if valeur == valeur.to_integral_value() else float(valeur)
    if type_.startswith("date") and isinstance(valeur, str):
        try:
            return date.fromisoformat(valeur)
        except ValueError:
            return valeur
    if isinstance(valeur, dict | list):
        return yaml.safe_dump(valeur, allow_unicode=True).strip()
    return valeur
