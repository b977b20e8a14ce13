"""Load a campaign workbook (or CSV file) into one data dict per service.

The workbook follows the layout of ``load.layout.disposition`` (built from the variant's
schema). A value of « Services » overrides the same field of « Paramètres »; rows of a list
sheet with an empty ``finess`` are common to every service that has no rows of its own.
Common values of an optional block (``dotation_complementaire``…) that services also fill
in their own columns apply only to the services that fill that block. A CSV file is one
« Services » sheet (lines starting with « # » are ignored). Each value keeps the sheet,
row and column it came from, so every validation message points at a cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.fields.paths import (
    Cle,
    Segment,
    est_sous_chemin,
    generique,
    segments,
    texte_chemin,
)
from generator.fields.tree import Noeud, noeud_de
from generator.load import fichier, limites
from generator.load.layout import (
    CLE_LISTE,
    DISPOSITION,
    LISEZ_MOI,
    LISTES,
    MARQUE,
    PARAMETRES,
    PREMIERE_LIGNE,
    SERVICES,
    Feuille,
    depuis_cellule,
    disposition,
)
from generator.problems import ErreurCpom, Lieu, Nature, Niveau, Probleme
from generator.variants import Variante, trouver

TAILLE_MAX = 50 * 1024 * 1024

_FEUILLES_IGNOREES = (LISEZ_MOI, LISTES, MARQUE)


# --- loaded campaign --------------------------------------------------------------------

def _cellule(feuille: str, ligne: int, colonne: int | None = None, entete: str = "") -> Lieu:
    """Where a value came from: sheet, row, column (1-based) and the column's header."""
    return Lieu(feuille=feuille, ligne=ligne, colonne=colonne, entete=entete)


def _probleme(message: str, cellule: Lieu | None = None, chemin: str = "", service: str = "",
              nom: str = "", niveau: Niveau = Niveau.ERREUR) -> Probleme:
    """A problem of the workbook, located in its cell (and its service, if any)."""
    lieu = replace(cellule or Lieu(), champ=chemin, service=service, nom_service=nom)
    return Probleme(message, lieu, niveau, Nature.DONNEES)


_ILLISIBLE = object()  # a « n° » cell that is not a number (reported)


@dataclass
class LigneService:
    """One service (one contract) of the campaign, as loaded."""

    finess: str
    nom: str
    cellule: Lieu
    donnees: dict[str, Any]
    origines: dict[str, Lieu] = field(default_factory=dict)  # path → filled cell
    colonnes: dict[str, Lieu] = field(default_factory=dict)  # path → cell, even empty
    elements: dict[str, Lieu] = field(default_factory=dict)  # list element → its row
    problemes: list[Probleme] = field(default_factory=list)
    feuilles: dict[str, str] = field(default_factory=dict)  # list (generic path) → sheet

    def localiser(self, chemin: str) -> tuple[Lieu, str]:
        """The cell of a validation message's path (or of its nearest located parent)."""
        if chemin in self.origines:
            return self.origines[chemin], chemin
        if chemin in self.colonnes:
            return self.colonnes[chemin], chemin
        morceaux = segments(chemin)
        while morceaux:
            morceaux.pop()
            parent = texte_chemin(morceaux)
            if parent in self.elements:
                return self.elements[parent], chemin
        return self.cellule, chemin

    def situer(self, probleme: Probleme) -> Probleme:
        """A validation problem placed in the workbook: the cell of its field path (or of
        its nearest located parent); a repeated part missing altogether is reported on
        its own sheet, saying what to add."""
        if not probleme.lieu.champ:
            return replace(probleme, lieu=replace(probleme.lieu, feuille=self.cellule.feuille,
                                                  ligne=self.cellule.ligne))
        cellule, chemin = self.localiser(probleme.lieu.champ)
        lieu = replace(cellule, champ=chemin)
        if probleme.message != MANQUANT:
            return replace(probleme, lieu=lieu)
        generique_ = generique(chemin)
        listes = [(liste, titre) for liste, titre in self.feuilles.items()
                  if est_sous_chemin(liste, generique_)]
        if not listes:
            return replace(probleme, lieu=lieu)
        _, titre = min(listes, key=lambda x: len(x[0]))
        if cellule == self.cellule:  # nothing of this part for the service
            message = (f"aucune ligne pour ce service (n° FINESS {self.finess}) dans la "
                       f"feuille « {titre} » (partie obligatoire) ; ajoutez-en une")
            return replace(probleme, message=message, lieu=Lieu(feuille=titre, champ=chemin))
        message = (f"aucune ligne de la feuille « {titre} » ne se rattache à cet élément "
                   "(partie obligatoire) ; ajoutez-en une (colonne « Rattachée à »)")
        return replace(probleme, message=message, lieu=lieu)


MANQUANT = "champ obligatoire manquant"  # schemas.base: a required field left empty


@dataclass
class Campagne:
    source: Path
    variante: Variante
    services: list[LigneService]
    problemes: list[Probleme]  # not tied to one service (warnings, stray rows)
    disposition: int = DISPOSITION  # 1: the layout before French headers (cpom convert)


# --- reading sheets ---------------------------------------------------------------------

def _est_description(valeur: Any) -> bool:
    """The description row (row 2) holds French text where a FINESS is expected."""
    return isinstance(valeur, str) and len(valeur) > 12 and bool(re.search(r"[a-zé]", valeur))


@dataclass
class _Tableau:
    """A sheet as rows of values (XLSX or CSV): headers (field paths) in row 1; layout 1:
    the descriptions in row 2 (recognised, optional), data below; layout 2: French
    headers in row 2, help in row 3, data from row 4."""

    titre: str
    lignes: list[tuple[int, list[Any]]]  # (row number, values)
    disposition: int = 1

    def entetes(self) -> list[str]:
        for numero, valeurs in self.lignes:
            if numero == 1:
                return [str(v).strip() if v is not None else "" for v in valeurs]
        return []

    def titres(self) -> list[str]:
        """The headers people read: French (row 2) in layout 2, the paths before."""
        if self.disposition < DISPOSITION:
            return self.entetes()
        for numero, valeurs in self.lignes:
            if numero == 2:
                francais = [str(v).strip() if v is not None else "" for v in valeurs]
                chemins = self.entetes()
                return [f or (chemins[i] if i < len(chemins) else "")
                        for i, f in enumerate(francais + [""] * (len(chemins) - len(francais)))]
        return self.entetes()

    def donnees(self, cle: int = 0) -> Iterator[tuple[int, list[Any]]]:
        for numero, valeurs in self.lignes:
            if numero < 2 or not any(v is not None and str(v).strip() for v in valeurs):
                continue
            if self.disposition >= DISPOSITION and numero < PREMIERE_LIGNE:
                continue
            if numero == 2 and cle < len(valeurs) and _est_description(valeurs[cle]):
                continue
            yield numero, valeurs


def _lire_xlsx(chemin: Path) -> dict[str, _Tableau]:
    from openpyxl import load_workbook

    limites.verifier_fichier_zip(chemin, Lieu(fichier=str(chemin)))
    try:
        classeur = load_workbook(chemin, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML, openpyxl: many kinds on a damaged file
        raise ErreurCpom.donnees(f"classeur Excel illisible ({exc})",
                                 Lieu(fichier=str(chemin))) from exc
    try:
        tableaux = {}
        for feuille in classeur.worksheets:
            feuille.reset_dimensions()  # the declared size is a claim: read the cells
            lignes = [(numero, limites.ligne_de_feuille(list(valeurs), numero, feuille.title,
                                                        str(chemin)))
                      for numero, valeurs in
                      enumerate(feuille.iter_rows(values_only=True), start=1)]
            tableaux[feuille.title] = _Tableau(feuille.title, lignes)
        version = _marques(tableaux).get("disposition", 1)
        for tableau in tableaux.values():
            tableau.disposition = version if isinstance(version, int) else 1
        return tableaux
    finally:
        classeur.close()


def _lire_csv(chemin: Path) -> dict[str, _Tableau]:
    brut = chemin.read_bytes()
    for encodage in ("utf-8-sig", "cp1252"):
        try:
            texte = brut.decode(encodage)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise ErreurCpom.donnees("encodage illisible (UTF-8 attendu)", Lieu(fichier=str(chemin)))
    premiere = next((ligne for ligne in texte.splitlines() if ligne.strip()), "")
    separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
    lignes = []
    for numero, valeurs in enumerate(csv.reader(io.StringIO(texte), delimiter=separateur),
                                     start=1):
        if valeurs and valeurs[0].lstrip().startswith("#"):
            continue
        lignes.append((numero, limites.ligne_de_feuille(
            [v if v.strip() else None for v in valeurs], numero, SERVICES, str(chemin))))
    return {SERVICES: _Tableau(SERVICES, lignes)}


def _marques(tableaux: dict[str, _Tableau]) -> dict[str, Any]:
    """The key → value rows of the hidden sheet « _cpom » (layout version, kind)."""
    marque = tableaux.get(MARQUE)
    if marque is None:
        return {}
    return {str(v[0]): v[1] for _, v in marque.lignes if len(v) > 1 and v[0] is not None}


def lire_tableaux(chemin: Path) -> dict[str, _Tableau]:
    """Every sheet of an XLSX workbook, or the single sheet of a CSV file."""
    fichier.verifier(chemin, limites.CLASSEUR_TAILLE.valeur,
                     trop_volumineux=limites.message("classeur trop volumineux",
                                                     limites.CLASSEUR_TAILLE))
    suffixe = chemin.suffix.lower()
    if suffixe == ".csv":
        return _lire_csv(chemin)
    if suffixe in (".xlsx", ".xlsm"):
        return _lire_xlsx(chemin)
    raise ErreurCpom.donnees("classeur .xlsx ou fichier .csv attendu", Lieu(fichier=str(chemin)))


# --- building each service's data --------------------------------------------------------

def poser(donnees: dict[str, Any], morceaux: list[Segment], valeur: Any) -> None:
    """Set ``valeur`` at ``morceaux`` in nested dicts/lists, creating what is missing
    (list holes are ``None``; the schema reports them)."""
    courant: Any = donnees
    for i, morceau in enumerate(morceaux):
        dernier = i == len(morceaux) - 1
        suivant = None if dernier else morceaux[i + 1]
        indice = isinstance(suivant, int) and not isinstance(suivant, Cle)
        nouveau: Any = valeur if dernier else ([] if indice else {})
        if isinstance(morceau, Cle):
            if not isinstance(courant, dict):
                return
            morceau = int(morceau)
            actuel = courant.get(morceau)
        elif isinstance(morceau, int):
            if not isinstance(courant, list):
                return
            morceau = max(morceau, 0)
            while len(courant) <= morceau:
                courant.append(None)
            actuel = courant[morceau]
        else:
            if not isinstance(courant, dict):
                return
            actuel = courant.get(morceau)
        if dernier or not isinstance(actuel, type(nouveau)):
            courant[morceau] = nouveau
        courant = courant[morceau]


def _cle_table(morceaux: list[Segment], racine: Noeud, prefixe: str = "") -> list[Segment]:
    """Table keys that are integers (years) become ``int``."""
    resultat: list[Segment] = []
    courant: Noeud | None = noeud_de(racine, prefixe) if prefixe else racine
    for morceau in morceaux:
        if courant is not None and courant.type == "table" and (
                isinstance(morceau, int) or re.fullmatch(r"\d+", morceau)):
            resultat.append(Cle(int(morceau)))
            courant = None
            continue
        resultat.append(morceau)
        if courant is None:
            continue
        if isinstance(morceau, int):
            courant = courant.element
        elif courant.type == "table":
            courant = None
        else:
            courant = courant.enfant(morceau)
    return resultat


@dataclass
class _Element:
    """One row of a list sheet: an element of a list, with its children lists. The
    primary service (the « Services » row) is element n° 1 of ``services``."""

    numero: int | None
    ordre: int
    valeurs: dict[str, Any]
    origines: dict[str, Lieu]  # relative path → cell
    cellule: Lieu
    enfants: dict[str, list[_Element]] = field(default_factory=dict)
    primaire: bool = False


def _indice(valeur: Any) -> int | None:
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        return None
    try:
        nombre = float(str(valeur).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"numéro attendu (reçu « {valeur} »)") from None
    if not nombre.is_integer() or nombre < 1:
        raise ValueError(f"numéro entier positif attendu (reçu « {valeur} »)")
    if nombre > limites.INDICE.valeur:
        raise ValueError(limites.message(f"numéro trop grand (« {valeur} »)", limites.INDICE))
    return int(nombre)


def _comparable(valeur: Any) -> str:
    """A title as compared: spaces collapsed, case ignored, ``2.0`` as ``2``."""
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    return " ".join(str(valeur).split()).casefold()


def _finess(valeur: Any) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    texte = re.sub(r"[\s.\-\u00a0]", "", str(valeur)).upper()  # as the schema reads it
    return texte.zfill(9) if texte.isdigit() and len(texte) < 9 else texte


def _trier(elements: list[_Element]) -> None:
    elements.sort(key=lambda e: (not e.primaire, e.numero is None, e.numero or 0, e.ordre))


@dataclass
class _Saisie:
    """What one « Services » row holds before assembly."""

    ligne: LigneService
    valeurs: dict[str, tuple[Any, Lieu]]  # path → (converted value, cell)
    propres: set[str] = field(default_factory=set)  # generic paths filled by the service


Registre = dict[tuple[str, str, tuple[int, ...]], _Element]


class _Chargeur:
    """Reads the sheets of one workbook into one data dict per service."""

    def __init__(self, source: Path, tableaux: dict[str, _Tableau],
                 dossier_modeles: Path | None) -> None:
        self.source = source
        self.tableaux = tableaux
        self.dossier_modeles = dossier_modeles
        self.problemes: list[Probleme] = []
        self.par_service: set[str] = set()  # generic paths that services fill themselves
        self.reperes: dict[tuple[str, str], list[tuple[tuple[int, ...], tuple[Any, ...]]]] = {}
        self._compteurs: dict[tuple[str, str, tuple[int, ...]], int] = {}
        self._cache_cles: dict[tuple[str, str], list[Segment]] = {}

    # -- entry ------------------------------------------------------------------------
    def charger(self) -> Campagne:
        services = self.tableaux.get(SERVICES)
        if services is None:
            raise ErreurCpom.donnees(f"pas de feuille « {SERVICES} » (classeur de campagne "
                                     "attendu : cpom bulk-template)",
                                     Lieu(fichier=str(self.source)))
        entetes = services.entetes()
        self.parametres = self._parametres()
        variante = self._variante(services, entetes)
        self.disposition = disposition(variante)
        self.racine = self.disposition.racine
        if self.disposition.cle not in entetes:
            raise ErreurCpom.donnees(
                f"la feuille « {SERVICES} » n'a pas de colonne « {self.disposition.cle} » "
                "(n° FINESS du service) en ligne 1", Lieu(fichier=str(self.source)))
        self.communs = []  # (path, segments, value, cell) of « Paramètres »
        for chemin, (valeur, cellule) in self.parametres.items():
            morceaux = _cle_table(segments(chemin), self.racine)
            texte = texte_chemin(morceaux)
            self.communs.append((texte, morceaux,
                                 depuis_cellule(valeur, noeud_de(self.racine, texte)), cellule))
        saisies = self._services(services, entetes)
        racines = self._listes(saisies)
        for saisie in saisies:
            self._assembler(saisie, racines)
        lignes = [s.ligne for s in saisies]
        feuilles = {f.chemin: f.titre for f in self.disposition.listes}
        for ligne in lignes:
            ligne.feuilles = feuilles
        par_finess = {ligne.finess: ligne for ligne in lignes}
        restants = []
        for probleme in self.problemes:
            if probleme.lieu.service in par_finess:
                par_finess[probleme.lieu.service].problemes.append(probleme)
            elif probleme.est_erreur and probleme.lieu.feuille == PARAMETRES:
                for ligne in lignes:  # a common value in doubt: every contract is
                    ligne.problemes.append(probleme)
            else:
                restants.append(probleme)
        version = services.disposition
        if version < DISPOSITION and self.source.suffix.lower() != ".csv":
            restants.append(_probleme(
                "classeur de l'ancienne disposition (chemins en en-tête) : il se lit encore ; "
                f"pour la nouvelle (en-têtes en français, listes déroulantes) : cpom convert "
                f"{self.source.name} -o NOUVEAU.xlsx", niveau=Niveau.AVERTISSEMENT))
        return Campagne(self.source, variante, lignes, restants, version)

    def _variante(self, services: _Tableau, entetes: list[str]) -> Variante:
        modele = self.parametres.get("modele", (None, None))[0]
        if modele is None and "modele" in entetes:
            colonne = entetes.index("modele")
            modele = next((v[colonne] for _, v in services.donnees()
                           if colonne < len(v) and v[colonne]), None)
        if not isinstance(modele, str) or not modele.strip():
            raise ErreurCpom.donnees(
                f"modèle introuvable (champ « modele » de la feuille « {PARAMETRES} », ou "
                f"colonne « modele » de la feuille « {SERVICES} »)",
                Lieu(fichier=str(self.source)))
        return trouver(modele.strip(), self.dossier_modeles)

    # -- « Paramètres » -----------------------------------------------------------------
    def _parametres(self) -> dict[str, tuple[Any, Lieu]]:
        tableau = self.tableaux.get(PARAMETRES)
        if tableau is None:
            return {}
        resultat: dict[str, tuple[Any, Lieu]] = {}
        colonne = 2 if tableau.disposition >= DISPOSITION else 1  # layout 2: A path, B label
        for numero, valeurs in tableau.lignes:
            if numero == 1 or not valeurs or valeurs[0] is None:
                continue
            chemin = str(valeurs[0]).strip()
            if not chemin or chemin.startswith("#"):
                continue
            valeur = valeurs[colonne] if len(valeurs) > colonne else None
            entete = str(valeurs[1]).strip() if colonne == 2 and valeurs[1] else chemin
            cellule = _cellule(PARAMETRES, numero, colonne + 1, entete)
            if chemin in resultat:
                self.problemes.append(_probleme(
                    f"champ en double (déjà ligne {resultat[chemin][1].ligne})", cellule,
                    chemin))
                continue
            resultat[chemin] = (valeur, cellule)
        return resultat

    # -- « Services » -------------------------------------------------------------------
    def _services(self, tableau: _Tableau, entetes: list[str]) -> list[_Saisie]:
        entete_cle, entete_nom = self.disposition.cle, self.disposition.nom
        cle = entetes.index(entete_cle)
        titres = tableau.titres()
        titre_cle = titres[cle]
        nom = entetes.index(entete_nom) if entete_nom in entetes else None
        colonnes = []
        for i, entete in enumerate(entetes):
            if entete:
                limites.verifier_indices(segments(entete), _cellule(tableau.titre, 1, i + 1,
                                                                    entete))
                chemin = texte_chemin(_cle_table(segments(entete), self.racine))
                colonnes.append((i, entete, chemin, noeud_de(self.racine, chemin)))
        self.par_service |= {generique(c) for _, _, c, _ in colonnes}
        vus: dict[str, LigneService] = {}
        saisies: list[_Saisie] = []
        for numero, valeurs in tableau.donnees(cle):
            valeurs = valeurs + [None] * (len(entetes) - len(valeurs))
            finess = _finess(valeurs[cle])
            ligne = LigneService(
                finess, str(valeurs[nom]).strip() if nom is not None and valeurs[nom] else "",
                _cellule(tableau.titre, numero), {})
            cellule_cle = _cellule(tableau.titre, numero, cle + 1, titre_cle)
            if not finess:
                ligne.finess = f"ligne {numero}"
                ligne.problemes.append(_probleme(
                    "n° FINESS du service manquant", cellule_cle, entete_cle, service=ligne.finess))
            elif finess in vus:
                premiere = vus[finess]
                message = (f"n° FINESS {finess} en double (lignes {premiere.cellule.ligne} et "
                           f"{numero}) : un seul contrat par service")
                for double in (premiere, ligne):
                    if not any(p.message == message for p in double.problemes):
                        cellule = _cellule(tableau.titre, double.cellule.ligne, cle + 1,
                                          titre_cle)
                        double.problemes.append(_probleme(message, cellule, entete_cle,
                                                                 service=finess))
            else:
                vus[finess] = ligne
            saisie = _Saisie(ligne, {})
            for i, _entete, chemin, noeud in colonnes:
                cellule = _cellule(tableau.titre, numero, i + 1, titres[i])
                ligne.colonnes[chemin] = cellule
                valeur = depuis_cellule(valeurs[i], noeud)
                if valeur is not None:
                    saisie.valeurs[chemin] = (valeur, cellule)
                    saisie.propres.add(generique(chemin))
            for chemin, _, _, cellule in self.communs:
                ligne.colonnes.setdefault(chemin, cellule)
            saisies.append(saisie)
        return saisies

    def _optionnels(self, chemin: str) -> list[str]:
        """Generic paths of the optional blocks above ``chemin``."""
        resultat: list[str] = []
        courant: Noeud | None = self.racine
        parcouru: list[Segment] = []
        for morceau in segments(generique(chemin)):
            if courant is None:
                break
            if isinstance(morceau, int):
                parcouru.append(-1)
                courant = courant.element
                continue
            courant = courant.enfant(morceau) if courant.type != "table" else None
            parcouru.append(morceau)
            if courant is not None and courant.type == "bloc" and not courant.obligatoire:
                resultat.append(texte_chemin(parcouru))
        return resultat

    def _applicable(self, chemin: str, propres: set[str]) -> bool:
        """A common value applies unless it belongs to an optional block that services
        fill themselves and this service leaves empty."""
        return all(not any(est_sous_chemin(p, bloc) for p in self.par_service)
                   or any(est_sous_chemin(p, bloc) for p in propres)
                   for bloc in self._optionnels(chemin))

    # -- list sheets --------------------------------------------------------------------
    def _listes(self, saisies: list[_Saisie]) -> dict[str, dict[str, list[_Element]]]:
        """Elements of the first-level lists, by FINESS (``*``: common rows)."""
        connus = {s.ligne.finess for s in saisies}
        racines: dict[str, dict[str, list[_Element]]] = {}
        registre: Registre = {}
        if any(f.chemin == "services" for f in self.disposition.listes):
            for saisie in saisies:
                primaire = _Element(1, 0, {}, {}, saisie.ligne.cellule, primaire=True)
                registre[("services", saisie.ligne.finess, (1,))] = primaire
                racines.setdefault(saisie.ligne.finess, {})["services"] = [primaire]
        for titre in self.tableaux:
            if titre in (PARAMETRES, SERVICES, *_FEUILLES_IGNOREES) or titre.startswith("_"):
                continue
            if self.disposition.feuille(titre) is None:
                self.problemes.append(_probleme(
                    f"feuille « {titre} » ignorée : elle ne correspond à aucune partie du "
                    f"modèle « {self.disposition.variante.id} »", _cellule(titre, 1),
                    niveau=Niveau.AVERTISSEMENT))
        lignes = [s.ligne for s in saisies]
        for feuille in sorted(self.disposition.listes, key=lambda f: len(f.niveaux)):
            tableau = self.tableaux.get(feuille.titre) or self.tableaux.get(feuille.ancien)
            if tableau is not None:
                self._liste(feuille, tableau, connus, racines, registre, lignes)
        return racines

    def _liste(self, feuille: Feuille, tableau: _Tableau, connus: set[str],
               racines: dict[str, dict[str, list[_Element]]], registre: Registre,
               lignes: list[LigneService]) -> None:
        entetes = tableau.entetes()
        titres = tableau.titres()
        titre = tableau.titre
        indices = feuille.entetes_indices()
        position = {e: i for i, e in enumerate(entetes) if e}
        manquants = [e for e in [CLE_LISTE, *indices[:-1]] if e not in position
                     and e != "n° services"]
        if manquants:
            self.problemes.append(_probleme(
                f"colonne(s) {', '.join(manquants)} manquante(s) en ligne 1 : feuille ignorée",
                _cellule(titre, 1)))
            return
        champs = [(i, e, noeud_de(self.racine, f"{feuille.chemin}[]"
                                  + ("" if e == "valeur" else f".{e}")))
                  for i, e in enumerate(entetes) if e and e != CLE_LISTE and e not in indices]
        for numero, valeurs in tableau.donnees(position[CLE_LISTE]):
            valeurs = valeurs + [None] * (len(entetes) - len(valeurs))
            finess = _finess(valeurs[position[CLE_LISTE]])
            if not finess and len(connus) == 1:  # one contract: its rows need no FINESS
                finess = next(iter(connus))
            cle = finess or "*"
            if finess and finess not in connus:
                self.problemes.append(_probleme(
                    f"aucun service n° {finess} dans la feuille « {SERVICES} »",
                    _cellule(titre, numero, position[CLE_LISTE] + 1, titres[position[CLE_LISTE]]),
                    service=finess))
                continue
            if finess:
                self.par_service.add(feuille.chemin)
            numeros = self._numeros(feuille, valeurs, position, numero, finess, lignes,
                                    titre, titres)
            if numeros is None:
                continue
            element = _Element(numeros[-1], numero, {}, {}, _cellule(titre, numero))
            for i, entete, noeud in champs:
                valeur = depuis_cellule(valeurs[i], noeud)
                if valeur is not None:
                    element.valeurs[entete] = valeur
                    element.origines[entete] = _cellule(titre, numero, i + 1, titres[i])
            parents = tuple(n for n in numeros[:-1] if n is not None)
            if feuille.parent is None:
                racines.setdefault(cle, {}).setdefault(feuille.chemin, []).append(element)
            else:
                parent = registre.get((feuille.parent, cle, parents))
                if parent is None:
                    nom_parent = SERVICES if feuille.parent == "services" else next(
                        (f.titre for f in self.disposition.listes if f.chemin == feuille.parent),
                        feuille.parent)
                    entete = indices[-2]
                    rang = position.get(entete)
                    self._erreur_ligne(
                        f"aucun élément n° {'.'.join(map(str, parents))} dans la feuille "
                        f"« {nom_parent} » pour ce service",
                        _cellule(titre, numero, rang + 1 if rang is not None else None,
                                 titres[rang] if rang is not None else entete), finess, lignes)
                    continue
                parent.enfants.setdefault(feuille.relatif, []).append(element)
            if element.numero is None:  # numbered in the order of the rows
                pris = self._compteurs.get((feuille.chemin, cle, parents), 0)
                element.numero = pris + 1
            self._compteurs[(feuille.chemin, cle, parents)] = max(
                element.numero, self._compteurs.get((feuille.chemin, cle, parents), 0))
            if element.numero is not None:
                cle_registre = (feuille.chemin, cle, (*parents, element.numero))
                if cle_registre in registre:
                    deja = registre[cle_registre]
                    message = (f"n° {element.numero} déjà pris par le service de la feuille "
                               f"« {SERVICES} » (numérotez à partir de 2)" if deja.primaire
                               else f"n° {element.numero} en double (déjà ligne "
                                    f"{deja.cellule.ligne})")
                    rang = position.get(indices[-1])
                    self._erreur_ligne(message, _cellule(titre, numero,
                                                        rang + 1 if rang is not None else None,
                                                        titres[rang] if rang is not None
                                                        else indices[-1]), finess, lignes)
                    continue
                registre[cle_registre] = element
                self.reperes.setdefault((feuille.chemin, cle), []).append(
                    ((*parents, element.numero),
                     tuple(element.valeurs.get(c.entete) for c in feuille.reperes)))

    def _numeros(self, feuille: Feuille, valeurs: list[Any], position: dict[str, int],
                 numero: int, finess: str, lignes: list[LigneService], titre: str,
                 titres: list[str]) -> list[int | None] | None:
        """The « n° » columns of a row; ``None`` (reported) when one is wrong. Under the
        primary service, an empty « n° services » means the service of « Services ». The
        parent may be named by its title (the drop-down of layout 2) or its number, the
        numbers of the levels above then found from it; empty, it is the only parent."""
        indices = feuille.entetes_indices()
        parent = len(indices) - 2
        if parent >= 0 and feuille.parent != "services":
            i = position.get(indices[parent])
            brut = valeurs[i] if i is not None else None
            dessus = [valeurs[position[e]] for e in indices[:parent] if e in position]
            if not any(v is not None and str(v).strip() for v in dessus):
                trouves = self._parent(feuille, brut, finess or "*",
                                       par_titre=self.tableaux[titre].disposition >= DISPOSITION)
                if isinstance(trouves, str):
                    self._erreur_ligne(trouves, _cellule(titre, numero,
                                                         i + 1 if i is not None else None,
                                                         titres[i] if i is not None else ""),
                                       finess, lignes)
                    return None
                if trouves is not None:
                    return self._numeros_propres(feuille, valeurs, position, numero, finess,
                                                 lignes, titre, titres, list(trouves))
        numeros: list[int | None] = []
        for entete in indices[:-1]:
            i = position.get(entete)
            valeur = self._indice_lu(valeurs, i, titre, numero, titres, finess, lignes)
            if valeur is _ILLISIBLE:
                return None
            if valeur is None:
                if entete == "n° services":
                    valeur = 1
                else:
                    self._erreur_ligne("numéro obligatoire (élément parent de cette ligne)",
                                       _cellule(titre, numero, i + 1 if i is not None else None,
                                                titres[i] if i is not None else entete),
                                       finess, lignes)
                    return None
            numeros.append(valeur)
        return self._numeros_propres(feuille, valeurs, position, numero, finess, lignes,
                                     titre, titres, numeros)

    def _numeros_propres(self, feuille: Feuille, valeurs: list[Any], position: dict[str, int],
                         numero: int, finess: str, lignes: list[LigneService], titre: str,
                         titres: list[str], parents: list[int | None]
                         ) -> list[int | None] | None:
        """``parents`` followed by the row's own number (``None``: numbered by order)."""
        i = position.get(feuille.entetes_indices()[-1])
        valeur = self._indice_lu(valeurs, i, titre, numero, titres, finess, lignes)
        return None if valeur is _ILLISIBLE else [*parents, valeur]

    def _indice_lu(self, valeurs: list[Any], i: int | None, titre: str, numero: int,
                   titres: list[str], finess: str, lignes: list[LigneService]) -> Any:
        """The number in column ``i`` of a row (``None`` when empty or absent), or
        ``_ILLISIBLE`` once reported at its cell when it is not a number."""
        try:
            return _indice(valeurs[i]) if i is not None else None
        except ValueError as exc:
            assert i is not None
            self._erreur_ligne(str(exc), _cellule(titre, numero, i + 1, titres[i]),
                               finess, lignes)
            return _ILLISIBLE

    def _parent(self, feuille: Feuille, brut: Any, cle: str, par_titre: bool = True
                ) -> tuple[int, ...] | str | None:
        """The numbers of the parent a row names by its title or its own number (levels
        above left empty); a French message when none or several match; ``None`` when
        the row gives no parent and its service has several (left to the numbers)."""
        candidats = self.reperes.get((feuille.parent or "", cle), [])
        source = self.disposition.liste(feuille.parent or "")
        nom = source.titre if source is not None else feuille.parent
        colonne = source.repere.titre if source is not None and source.repere else "intitulé"
        if brut is None or (isinstance(brut, str) and not brut.strip()):
            if len(candidats) == 1:
                return candidats[0][0]
            if not candidats:
                return (f"aucun élément dans la feuille « {nom} » pour ce service : "
                        "remplissez-la d'abord")
            return (f"choisissez l'élément de la feuille « {nom} » auquel cette ligne "
                    f"appartient ({len(candidats)} pour ce service)")
        texte = _comparable(brut)
        trouves = [n for n, noms in candidats  # layout 1 names parents by number only
                   if par_titre and any(t is not None and _comparable(t) == texte
                                        for t in noms)]
        quoi = f"« {brut} »"
        if not trouves:  # a number: the parent's order
            try:
                rang = _indice(brut)
            except ValueError:
                rang = None
            if rang is not None:
                trouves = [n for n, _ in candidats if n[-1] == rang]
                quoi = f"n° {rang}"
        if len(trouves) == 1:
            return trouves[0]
        if not trouves:
            return (f"aucun élément {quoi} dans la feuille « {nom} » pour ce service "
                    f"(colonne « {colonne} ») : choisissez-le dans la liste")
        return (f"plusieurs éléments {quoi} dans la feuille « {nom} » pour ce service : "
                f"donnez-leur des « {colonne} » distincts")

    def _erreur_ligne(self, message: str, cellule: Lieu, finess: str,
                      lignes: list[LigneService]) -> None:
        """A problem in a list row: the service's own, or every service's (common row)."""
        if finess:
            self.problemes.append(_probleme(message, cellule, service=finess))
        else:
            for ligne in lignes:
                ligne.problemes.append(_probleme(message, cellule,
                                                        service=ligne.finess))

    # -- assembly -----------------------------------------------------------------------
    def _assembler(self, saisie: _Saisie, racines: dict[str, dict[str, list[_Element]]]
                   ) -> None:
        ligne = saisie.ligne
        siennes = racines.get(ligne.finess, {})
        propres = saisie.propres | {c for c, e in siennes.items()
                                    if any(not x.primaire for x in e)}
        donnees: dict[str, Any] = {}
        for chemin, morceaux, valeur, cellule in self.communs:
            if valeur is None or chemin in saisie.valeurs \
                    or not self._applicable(chemin, propres):
                continue
            poser(donnees, list(morceaux), valeur)
            ligne.origines[chemin] = cellule
        for chemin, (valeur, cellule) in saisie.valeurs.items():
            poser(donnees, _cle_table(segments(chemin), self.racine), valeur)
            ligne.origines[chemin] = cellule
        communes = racines.get("*", {})
        for feuille in self.disposition.listes:
            if feuille.parent is not None:
                continue
            elements = siennes.get(feuille.chemin)
            if elements is None:
                elements = communes.get(feuille.chemin)
                if elements is None or not self._applicable(feuille.chemin, propres):
                    continue
            _trier(elements)
            chemin = feuille.relatif
            existant = _lire(donnees, segments(chemin))
            poser(donnees, segments(chemin), [
                self._materialiser(e, f"{chemin}[{i}]", ligne,
                                   existant[i] if e.primaire and isinstance(existant, list)
                                   and i < len(existant) else None)
                for i, e in enumerate(elements)])
        ligne.donnees = donnees

    def _cles(self, relatif: str, parent: str) -> list[Segment]:
        cle = (relatif, parent)
        if cle not in self._cache_cles:
            self._cache_cles[cle] = _cle_table(segments(relatif), self.racine, parent)
        return self._cache_cles[cle]

    def _materialiser(self, element: _Element, chemin: str, ligne: LigneService,
                      base: Any = None) -> Any:
        ligne.elements[chemin] = element.cellule
        if set(element.valeurs) == {"valeur"} and not element.enfants:
            ligne.origines[chemin] = element.origines["valeur"]
            return element.valeurs["valeur"]
        donnees: dict[str, Any] = base if isinstance(base, dict) else {}
        generique_ = generique(chemin)
        for relatif, valeur in element.valeurs.items():
            morceaux = self._cles(relatif, generique_)
            poser(donnees, morceaux, valeur)
            ligne.origines[texte_chemin(segments(chemin) + morceaux)] = element.origines[relatif]
        for relatif, enfants in element.enfants.items():
            _trier(enfants)
            poser(donnees, segments(relatif),
                  [self._materialiser(e, f"{chemin}.{relatif}[{i}]", ligne)
                   for i, e in enumerate(enfants)])
        return donnees


def _lire(donnees: Any, morceaux: list[Segment]) -> Any:
    for morceau in morceaux:
        if isinstance(morceau, int) and isinstance(donnees, list) and 0 <= morceau < len(donnees):
            donnees = donnees[morceau]
        elif isinstance(morceau, str) and isinstance(donnees, dict):
            donnees = donnees.get(morceau)
        else:
            return None
    return donnees


def charger(chemin: Path, dossier_modeles: Path | None = None) -> Campagne:
    """Load a campaign workbook (XLSX) or CSV file; ``ErreurCpom`` when the file
    itself cannot be used (not a workbook, no « Services » sheet, no FINESS column…)."""
    return _Chargeur(chemin, lire_tableaux(chemin), dossier_modeles).charger()


def un_contrat(chemin: Path, dossier_modeles: Path | None = None) -> tuple[Campagne, LigneService]:
    """The single contract of a workbook (``cpom sample VARIANTE -o contrat.xlsx``, or a
    campaign of one service); a French error naming ``cpom bulk`` when it holds several."""
    campagne = charger(chemin, dossier_modeles)
    lieu = Lieu(fichier=str(chemin))
    if not campagne.services:
        raise ErreurCpom.donnees(
            f"aucun service dans la feuille « {SERVICES} » : remplissez sa ligne "
            f"{PREMIERE_LIGNE} (n° FINESS, nom… du service)", lieu)
    if len(campagne.services) > 1:
        n = len(campagne.services)
        raise ErreurCpom.donnees(
            f"ce classeur décrit {n} services (feuille « {SERVICES} ») : cpom generate et "
            f"cpom validate traitent un seul contrat ; pour générer tous les contrats, "
            f"lancez : cpom bulk {chemin.name} -o DOSSIER", lieu)
    return campagne, campagne.services[0]
