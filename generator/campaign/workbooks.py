"""Write the workbooks of a campaign: the empty (or filled) campaign workbook of a variant
(``cpom bulk-template``) and the problem report ``rapport.xlsx`` of a run.

The campaign workbook follows ``load.layout.disposition`` (built from the schema): headers
are dotted paths, row 2 describes each column in French, drop-down lists for
enumerations and oui/non, date / number / text formats per column.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.fields.paths import segments
from generator.fields.tree import Noeud
from generator.load.layout import (
    CLE_LISTE,
    LISEZ_MOI,
    LISTES,
    PARAMETRES,
    SERVICES,
    Colonne,
    Disposition,
    Feuille,
    vers_cellule,
)
from generator.load.layout import disposition as disposition_de
from generator.output.writing import ecrire_atomique
from generator.problems import Probleme
from generator.variants import Variante

LIGNES_VALIDEES = 5000  # drop-down lists and formats cover this many rows
_ENTETE = PatternFill("solid", fgColor="D9E2F3")
_OBLIGATOIRE = PatternFill("solid", fgColor="FCE4D6")
_DESCRIPTION = PatternFill("solid", fgColor="F2F2F2")
_GRAS = Font(bold=True)
_DISCRET = Font(italic=True, color="595959", size=9)
_FORMATS = {
    "date (AAAA-MM-JJ)": "DD/MM/YYYY",
    "montant (€)": "#,##0.00",
    "entier": "0",
    "nombre": "General",
    "pourcentage": "General",
}


def _format(noeud: Noeud) -> str:
    """Number format of a column: text for identifiers, texts and deadlines."""
    return _FORMATS.get(noeud.type, "@" if noeud.type != "oui/non" else "General")


def _choix(noeud: Noeud) -> tuple[Any, ...]:
    if noeud.choix:
        return noeud.choix
    if noeud.type == "oui/non":
        return ("oui", "non")
    return ()


class _Listes:
    """The hidden sheet holding the values of the drop-down lists."""

    def __init__(self, classeur: Workbook) -> None:
        self.feuille = classeur.create_sheet(LISTES)
        self.feuille.sheet_state = "hidden"
        self.plages: dict[tuple[Any, ...], str] = {}

    def plage(self, valeurs: tuple[Any, ...]) -> str:
        if valeurs not in self.plages:
            colonne = get_column_letter(len(self.plages) + 1)
            for i, valeur in enumerate(valeurs, start=1):
                self.feuille[f"{colonne}{i}"] = valeur
            self.plages[valeurs] = (f"{quote_sheetname(LISTES)}!${colonne}$1:"
                                    f"${colonne}${len(valeurs)}")
        return self.plages[valeurs]


def _liste_deroulante(feuille: Worksheet, listes: _Listes, noeud: Noeud, cellules: str) -> None:
    valeurs = _choix(noeud)
    if not valeurs:
        return
    validation = DataValidation(type="list", formula1=listes.plage(valeurs), allow_blank=True,
                                showErrorMessage=True, errorTitle="Valeur non autorisée",
                                error="Choisissez une valeur dans la liste : "
                                      + ", ".join(map(str, valeurs)))
    feuille.add_data_validation(validation)
    validation.add(cellules)


def _en_tetes(feuille: Worksheet, listes: _Listes, entetes: list[tuple[str, str, Noeud | None]],
              largeurs: dict[str, int] | None = None) -> None:
    """Row 1: headers (paths); row 2: descriptions; column formats and drop-downs."""
    for i, (entete, texte, noeud) in enumerate(entetes, start=1):
        lettre = get_column_letter(i)
        cellule = feuille.cell(1, i, entete)
        cellule.font = _GRAS
        cellule.fill = _OBLIGATOIRE if noeud is not None and noeud.obligatoire else _ENTETE
        cellule.alignment = Alignment(wrap_text=True, vertical="top")
        description = feuille.cell(2, i, texte)
        description.font = _DISCRET
        description.fill = _DESCRIPTION
        description.alignment = Alignment(wrap_text=True, vertical="top")
        long = noeud is not None and noeud.type == "texte" and not noeud.choix
        feuille.column_dimensions[lettre].width = (largeurs or {}).get(entete, 40 if long else 18)
        if noeud is not None:
            feuille.column_dimensions[lettre].number_format = _format(noeud)
            _liste_deroulante(feuille, listes, noeud, f"{lettre}3:{lettre}{LIGNES_VALIDEES}")
    feuille.row_dimensions[2].height = 75
    feuille.freeze_panes = "B3"


def _ecrire(feuille: Worksheet, ligne: int, colonne: int, valeur: Any, noeud: Noeud | None
            ) -> None:
    cellule = feuille.cell(ligne, colonne, vers_cellule(valeur, noeud))
    if noeud is not None:
        cellule.number_format = _format(noeud)
    if isinstance(cellule.value, str) and "\n" in cellule.value:
        cellule.alignment = Alignment(wrap_text=True, vertical="top")


def _valeur(donnees: Any, chemin: str) -> Any:
    """The value at a concrete path (table keys tried as numbers then as text)."""
    courant = donnees
    for morceau in segments(chemin):
        if isinstance(morceau, int):
            if not isinstance(courant, list) or morceau >= len(courant):
                return None
            courant = courant[max(morceau, 0)]
        elif isinstance(courant, dict):
            if morceau in courant:
                courant = courant[morceau]
            elif morceau.isdigit() and int(morceau) in courant:
                courant = courant[int(morceau)]
            else:
                return None
        else:
            return None
    return courant


def _elements(donnees: Any, chemin: str, niveaux: tuple[int, ...] = ()
              ) -> Iterator[tuple[tuple[int, ...], Any]]:
    """Every element of the list at generic ``chemin`` with its 1-based numbers per level."""
    tete, separateur, reste = chemin.partition("[]")
    liste = _valeur(donnees, tete)
    if not isinstance(liste, list):
        return
    for numero, element in enumerate(liste, start=1):
        if separateur and reste:
            yield from _elements(element, reste.lstrip("."), (*niveaux, numero))
        else:
            yield (*niveaux, numero), element


def _lisez_moi(feuille: Worksheet, disposition: Disposition) -> None:
    variante = disposition.variante
    lignes = [
        (f"Campagne CPOM – {variante.titre}", _GRAS),
        ("", None),
        ("Remplissez ce classeur puis lancez : cpom bulk campagne.xlsx -o DOSSIER", None),
        ("", None),
        (f"« {PARAMETRES} » : les données communes à tous les contrats (une ligne par champ).",
         None),
        (f"« {SERVICES} » : une ligne par service (un contrat), repérée par son n° FINESS "
         f"(colonne {disposition.cle}). Une valeur saisie ici remplace celle des Paramètres.",
         None),
        ("Ligne 1 : le nom du champ (ne pas modifier) ; ligne 2 : sa description ; les "
         "données commencent en ligne 3. La ligne 3 est un exemple à remplacer.", None),
        ("Colonnes orange : champs obligatoires. Les listes déroulantes donnent les valeurs "
         "autorisées ; dates au format JJ/MM/AAAA ; montants en euros.", None),
        ("Autres feuilles : les parties répétées (communes, objectifs, actions, "
         f"indicateurs, montants annuels…). La colonne « {CLE_LISTE} » relie chaque ligne à "
         "son service (vide = ligne commune à tous les services) ; les colonnes « n° … » "
         "numérotent les éléments et les rattachent à leur parent.", None),
        ("", None),
        ("Feuille", _GRAS),
    ]
    for texte, police in lignes:
        feuille.append([texte])
        if police:
            feuille.cell(feuille.max_row, 1).font = police
    for liste in disposition.listes:
        feuille.append([liste.titre, liste.chemin, liste.noeud.description])
    feuille.column_dimensions["A"].width = 40
    feuille.column_dimensions["B"].width = 60
    feuille.column_dimensions["C"].width = 60


def classeur_campagne(variante: Variante, services: list[dict[str, Any]]) -> Workbook:
    """A campaign workbook for ``variante`` filled with ``services`` (data files as dicts;
    the first one gives the common values)."""
    disposition = disposition_de(variante)
    communs = services[0] if services else {}
    classeur = Workbook()
    lisez_moi = classeur.active
    lisez_moi.title = LISEZ_MOI
    _lisez_moi(lisez_moi, disposition)
    listes = _Listes(classeur)

    parametres = classeur.create_sheet(PARAMETRES, 1)
    for i, (titre, largeur) in enumerate((("champ", 45), ("valeur", 45), ("description", 70)),
                                         start=1):
        parametres.cell(1, i, titre).font = _GRAS
        parametres.cell(1, i).fill = _ENTETE
        parametres.column_dimensions[get_column_letter(i)].width = largeur
    for ligne, colonne in enumerate(disposition.parametres, start=2):
        parametres.cell(ligne, 1, colonne.entete)
        _ecrire(parametres, ligne, 2, _valeur(communs, colonne.entete), colonne.noeud)
        parametres.cell(ligne, 3, colonne.description).font = _DISCRET
        if colonne.noeud.obligatoire:
            parametres.cell(ligne, 1).fill = _OBLIGATOIRE
        _liste_deroulante(parametres, listes, colonne.noeud, f"B{ligne}")
    parametres.freeze_panes = "B2"

    feuille = classeur.create_sheet(SERVICES, 2)
    _en_tetes(feuille, listes, [(c.entete, c.description, c.noeud)
                                for c in disposition.services])
    for ligne, donnees in enumerate(services, start=3):
        for i, colonne in enumerate(disposition.services, start=1):
            _ecrire(feuille, ligne, i, _valeur(donnees, colonne.entete), colonne.noeud)

    for liste in disposition.listes:
        _feuille_liste(classeur.create_sheet(liste.titre, len(classeur.sheetnames) - 1),
                       liste, listes, services, disposition.cle)
    return classeur


def _feuille_liste(feuille: Worksheet, liste: Feuille, listes: _Listes,
                   services: list[dict[str, Any]], cle: str) -> None:
    colonnes: list[Colonne] = liste.colonnes
    entetes: list[tuple[str, str, Noeud | None]] = [
        (CLE_LISTE, "N° FINESS du service (vide : ligne commune à tous les services)",
         Noeud(CLE_LISTE, "n° FINESS"))]
    for niveau in liste.niveaux:
        entetes.append((f"n° {niveau}", f"Numéro de l'élément de « {niveau} » (1, 2, 3…)",
                        Noeud(niveau, "entier", obligatoire=True)))
    entetes += [(c.entete, c.description, c.noeud) for c in colonnes]
    _en_tetes(feuille, listes, entetes, {CLE_LISTE: 14, **{e: 10 for e, _, _ in entetes[1:len(
        liste.niveaux) + 1]}})
    feuille.freeze_panes = get_column_letter(len(liste.niveaux) + 2) + "3"
    sources = services[:1] if liste.commune else services
    ligne = 3
    for donnees in sources:
        finess = "" if liste.commune else _valeur(donnees, cle)
        for numeros, element in _elements(donnees, liste.chemin):
            if liste.chemin == "services" and numeros == (1,):
                continue  # the service of the « Services » sheet
            feuille.cell(ligne, 1, finess).number_format = "@"
            for i, numero in enumerate(numeros, start=2):
                feuille.cell(ligne, i, numero)
            debut = len(numeros) + 2
            for i, colonne in enumerate(colonnes, start=debut):
                valeur = element if colonne.entete == "valeur" else _valeur(element,
                                                                             colonne.entete)
                _ecrire(feuille, ligne, i, valeur, colonne.noeud)
            ligne += 1


def ecrire_campagne(variante: Variante, chemin: Path, services: list[dict[str, Any]]) -> Path:
    """Write the campaign workbook (atomically)."""
    tampon = io.BytesIO()
    classeur_campagne(variante, services).save(tampon)
    return ecrire_atomique(chemin, tampon.getvalue())


def texte_seulement(classeur: Workbook) -> None:
    """Every text cell written as text, never as a formula: a service name starting with
    « = » (``=HYPERLINK(…)``) stays the name (OWASP, CSV/formula injection)."""
    for feuille in classeur.worksheets:
        for ligne in feuille.iter_rows():
            for cellule in ligne:
                if isinstance(cellule.value, str):
                    cellule.data_type = "s"


# --- the report --------------------------------------------------------------------------

COLONNES_RAPPORT = ("Niveau", "Service (FINESS)", "Nom du service", "Feuille", "Ligne",
                    "Colonne", "En-tête", "Champ", "Message")


def ecrire_rapport(chemin: Path, problemes: list[Probleme],
                   resume: list[tuple[str, Any]]) -> Path:
    """``rapport.xlsx``: one line per problem (sheet, row, column, French message), and a
    summary sheet."""
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Problèmes"
    feuille.append(COLONNES_RAPPORT)
    for i, largeur in enumerate((13, 16, 36, 22, 7, 8, 34, 40, 80), start=1):
        feuille.cell(1, i).font = _GRAS
        feuille.cell(1, i).fill = _ENTETE
        feuille.column_dimensions[get_column_letter(i)].width = largeur
    for probleme in problemes:
        lieu = probleme.lieu
        feuille.append([
            str(probleme.niveau), lieu.service, lieu.nom_service, lieu.feuille,
            lieu.ligne if lieu.feuille else None, lieu.lettre, lieu.entete, lieu.champ,
            probleme.texte() if not lieu.feuille else probleme.message,
        ])
        feuille.cell(feuille.max_row, 2).number_format = "@"
        feuille.cell(feuille.max_row, 9).alignment = Alignment(wrap_text=True, vertical="top")
    feuille.freeze_panes = "A2"
    if problemes:
        feuille.auto_filter.ref = f"A1:I{len(problemes) + 1}"
    synthese = classeur.create_sheet("Résumé")
    for cle, valeur in resume:
        synthese.append([cle, valeur.isoformat() if isinstance(valeur, date) else valeur])
    synthese.column_dimensions["A"].width = 40
    synthese.column_dimensions["B"].width = 60
    texte_seulement(classeur)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return ecrire_atomique(chemin, tampon.getvalue())
