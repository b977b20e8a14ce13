"""Write the workbooks of a campaign: the empty (or filled) campaign workbook of a variant
(``cpom bulk-template``) and the problem report ``rapport.xlsx`` of a run.

The campaign workbook follows ``load.layout.disposition`` (built from the schema), layout
2: French headers (the field paths in a hidden row 1, for the loader), a help row (format,
required, example, the sentence a free text completes), drop-down lists for every
enumeration and oui/non, input checks for numbers and dates, frozen headers, whole
French sheet names, a « Lisez-moi » sheet. No example row: an example is never
generated (the help row shows example values).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.fields.libelles import humaniser
from generator.fields.paths import segments
from generator.fields.tree import Noeud
from generator.load.layout import (
    CAMPAGNE,
    CLE_LISTE,
    DISPOSITION,
    LISEZ_MOI,
    LISTES,
    MARQUE,
    PARAMETRES,
    PREMIERE_LIGNE,
    SERVICES,
    SUITE,
    UN_CONTRAT,
    Colonne,
    Disposition,
    Feuille,
    vers_cellule,
)
from generator.load.layout import disposition as disposition_de
from generator.output.writing import ecrire_atomique
from generator.problems import Probleme
from generator.variants import Variante

LIGNES_VALIDEES = 5000  # drop-down lists and input checks cover this many rows
_ENTETE = PatternFill("solid", fgColor="D9E2F3")
_OBLIGATOIRE = PatternFill("solid", fgColor="FCE4D6")
_DESCRIPTION = PatternFill("solid", fgColor="F2F2F2")
_GRAS = Font(bold=True)
_TITRE = Font(bold=True, size=14)
_DISCRET = Font(italic=True, color="595959", size=9)
_HAUT = Alignment(wrap_text=True, vertical="top")
_FORMATS = {
    "date (AAAA-MM-JJ)": "DD/MM/YYYY",
    "montant (€)": "#,##0.00",
    "entier": "0",
    "nombre": "General",
    "pourcentage": "General",
}
_NOMBRES = {"montant (€)": "decimal", "nombre": "decimal", "pourcentage": "decimal",
            "entier": "whole"}


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


def _controle(feuille: Worksheet, listes: _Listes, noeud: Noeud, cellules: str) -> None:
    """The drop-down list of an enumeration or a yes/no, or the input check of a number
    or a date (a wrong entry is refused with a French message)."""
    valeurs = _choix(noeud)
    if valeurs:
        validation = DataValidation(
            type="list", formula1=listes.plage(valeurs), allow_blank=True,
            showErrorMessage=True, errorTitle="Valeur non autorisée",
            error="Choisissez une valeur dans la liste : " + ", ".join(map(str, valeurs)))
    elif noeud.type in _NOMBRES:
        quoi = "un nombre entier" if _NOMBRES[noeud.type] == "whole" else "un nombre"
        validation = DataValidation(
            type=_NOMBRES[noeud.type], operator="between", formula1="-1000000000000",
            formula2="1000000000000", allow_blank=True, showErrorMessage=True,
            errorTitle="Nombre attendu", error=f"Saisissez {quoi} (par exemple 12,5).")
    elif noeud.type.startswith("date"):
        validation = DataValidation(
            type="date", operator="between", formula1="DATE(1900,1,1)",
            formula2="DATE(2200,12,31)", allow_blank=True, showErrorMessage=True,
            errorTitle="Date attendue", error="Saisissez une date JJ/MM/AAAA.")
    else:
        return
    feuille.add_data_validation(validation)
    validation.add(cellules)


def _largeur(titre: str, noeud: Noeud | None) -> float:
    long = noeud is not None and noeud.type == "texte" and not noeud.choix
    return max(14.0, min(50.0, len(titre) * 0.9 + 2), 36.0 if long else 0.0)


@dataclass
class _Col:
    """A column as written: loader path (hidden row 1), French header, help, node."""

    chemin: str
    titre: str
    aide: str
    noeud: Noeud | None
    obligatoire: bool = False
    cachee: bool = False
    reference: str = ""  # formula of the parent titles (a drop-down that allows numbers)


def _en_tetes(feuille: Worksheet, listes: _Listes, colonnes: list[_Col]) -> None:
    """Row 1 (hidden): the paths; row 2: the French headers; row 3: the help; column
    formats, drop-downs and input checks; header frozen."""
    for i, colonne in enumerate(colonnes, start=1):
        lettre = get_column_letter(i)
        feuille.cell(1, i, colonne.chemin)
        cellule = feuille.cell(2, i, colonne.titre)
        cellule.font = _GRAS
        cellule.fill = _OBLIGATOIRE if colonne.obligatoire else _ENTETE
        cellule.alignment = _HAUT
        aide = feuille.cell(3, i, colonne.aide)
        aide.font = _DISCRET
        aide.fill = _DESCRIPTION
        aide.alignment = _HAUT
        dimension = feuille.column_dimensions[lettre]
        dimension.width = _largeur(colonne.titre, colonne.noeud)
        dimension.hidden = colonne.cachee
        cellules = f"{lettre}{PREMIERE_LIGNE}:{lettre}{LIGNES_VALIDEES}"
        if colonne.reference:
            validation = DataValidation(type="list", formula1=colonne.reference,
                                        allow_blank=True, showErrorMessage=False)
            feuille.add_data_validation(validation)
            validation.add(cellules)
        elif colonne.noeud is not None:
            dimension.number_format = _format(colonne.noeud)
            _controle(feuille, listes, colonne.noeud, cellules)
    feuille.row_dimensions[1].hidden = True
    feuille.row_dimensions[2].height = 45
    feuille.row_dimensions[3].height = 120


def _ecrire(feuille: Worksheet, ligne: int, colonne: int, valeur: Any, noeud: Noeud | None
            ) -> None:
    cellule = feuille.cell(ligne, colonne, vers_cellule(valeur, noeud))
    if noeud is not None:
        cellule.number_format = _format(noeud)
    if isinstance(cellule.value, str) and "\n" in cellule.value:
        cellule.alignment = _HAUT


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


def _elements(donnees: Any, chemin: str, niveaux: tuple[int, ...] = (),
              parents: tuple[Any, ...] = ()
              ) -> Iterator[tuple[tuple[int, ...], tuple[Any, ...], Any]]:
    """Every element of the list at generic ``chemin`` with its 1-based numbers per level
    and its parent elements."""
    tete, separateur, reste = chemin.partition("[]")
    liste = _valeur(donnees, tete)
    if not isinstance(liste, list):
        return
    for numero, element in enumerate(liste, start=1):
        if separateur and reste:
            yield from _elements(element, reste.lstrip("."), (*niveaux, numero),
                                 (*parents, element))
        else:
            yield (*niveaux, numero), parents, element


def _lisez_moi(feuille: Worksheet, disposition: Disposition, un_contrat: bool) -> None:
    variante = disposition.variante
    service = next((c.titre for c in disposition.services if c.entete == disposition.cle),
                   disposition.cle)
    if un_contrat:
        commande = ("Quand il est rempli : cpom validate contrat.xlsx (vérifie), puis "
                    "cpom generate contrat.xlsx -o DOSSIER (écrit le contrat et ses annexes).")
        objet = (f"Un contrat CPOM – {variante.titre}", "Ce classeur décrit un seul contrat.")
    else:
        commande = ("Quand il est rempli : cpom bulk campagne.xlsx -o DOSSIER (écrit un "
                    "dossier par service, et rapport.xlsx qui liste les lignes à corriger).")
        objet = (f"Campagne CPOM – {variante.titre}",
                 "Ce classeur décrit tous les contrats d'une campagne : une ligne par service "
                 "dans la feuille « Services ».")
    lignes: list[tuple[str, Font | None]] = [
        (objet[0], _TITRE), ("", None), (objet[1], None), (commande, None), ("", None),
        ("Comment remplir", _GRAS),
        (f"1. « {PARAMETRES} » : ce qui est commun à tous les contrats (le département, les "
         "dates du contrat…). Une ligne par information : remplissez la colonne « Valeur ».",
         None),
        (f"2. « {SERVICES} » : une ligne par service (un contrat), à partir de la ligne "
         f"{PREMIERE_LIGNE}. La colonne « {service} » est obligatoire. Une valeur saisie ici "
         "remplace celle des Paramètres pour ce service.", None),
        ("3. Les autres feuilles : les parties répétées (communes, objectifs, actions, "
         "indicateurs, montants par année…), une ligne par élément. La colonne « Service "
         "(n° FINESS) » dit à quel service la ligne appartient (vide : la ligne vaut pour "
         "tous les services).", None),
        ("4. Objectifs, actions, indicateurs : remplissez d'abord la feuille des objectifs, "
         "puis celle des actions, puis celle des indicateurs. Sur chaque ligne, la colonne "
         "« Rattachée à » se choisit dans une liste : l'intitulé de l'objectif (ou de "
         "l'action) auquel la ligne appartient. Les éléments gardent l'ordre des lignes.",
         None),
        ("", None),
        ("Ce qu'il faut savoir", _GRAS),
        ("• Ligne 2 : le nom de chaque colonne ; ligne 3 : comment la remplir, en gris "
         "(format, exemple, obligatoire ou non). Ne modifiez pas ces deux lignes et "
         "n'insérez pas de colonne.", None),
        ("• En-tête orange : information obligatoire. « Obligatoire si vous remplissez… » : "
         "seulement si vous remplissez cette partie facultative.", None),
        ("• Dates : JJ/MM/AAAA (par exemple 01/01/2026). Montants en euros : 1234,50. "
         "Oui/non et valeurs imposées : choisissez dans la liste déroulante.", None),
        ("• Images (logos, organigrammes) : le chemin du fichier PNG ou JPEG, à partir du "
         "dossier de ce classeur (par exemple images/logo.png). Gardez les images avec le "
         "classeur si vous le déplacez ou l'envoyez (dans un même dossier zippé).", None),
        ("• Texte qui complète une phrase du contrat : la ligne 3 montre la phrase ; "
         "écrivez la suite, sans majuscule au début.", None),
        ("• Les erreurs sont signalées avec la feuille, la ligne et la colonne à corriger.",
         None),
        ("", None),
        ("Feuilles des parties répétées", _GRAS),
    ]
    for texte, police in lignes:
        feuille.append([texte])
        if police:
            feuille.cell(feuille.max_row, 1).font = police
        feuille.cell(feuille.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    for liste in disposition.listes:
        quoi = ("les autres services du même contrat (le deuxième, le troisième…)"
                if liste.titre == SUITE else liste.noeud.description or liste.titre)
        feuille.append([f"« {liste.titre} » : {quoi}"])
    feuille.column_dimensions["A"].width = 120


def _marque(classeur: Workbook, un_contrat: bool) -> None:
    """The hidden sheet that says which layout the workbook follows."""
    marque = classeur.create_sheet(MARQUE)
    marque.sheet_state = "hidden"
    marque.append(["disposition", DISPOSITION])
    marque.append(["classeur", UN_CONTRAT if un_contrat else CAMPAGNE])


def _parametres(classeur: Workbook, disposition: Disposition, listes: _Listes,
                communs: dict[str, Any]) -> None:
    feuille = classeur.create_sheet(PARAMETRES, 1)
    for i, (titre, largeur) in enumerate((("chemin", 10), ("Champ", 55), ("Valeur", 45),
                                          ("Aide", 80)), start=1):
        feuille.cell(1, i, titre).font = _GRAS
        feuille.cell(1, i).fill = _ENTETE
        feuille.column_dimensions[get_column_letter(i)].width = largeur
    feuille.column_dimensions["A"].hidden = True
    for ligne, colonne in enumerate(disposition.parametres, start=2):
        feuille.cell(ligne, 1, colonne.entete)
        feuille.cell(ligne, 2, colonne.titre).alignment = _HAUT
        valeur = colonne.noeud.choix[0] if colonne.entete == "modele" \
            else _valeur(communs, colonne.entete)
        _ecrire(feuille, ligne, 3, valeur, colonne.noeud)
        aide = feuille.cell(ligne, 4, colonne.description)
        aide.font = _DISCRET
        aide.alignment = _HAUT
        if colonne.obligatoire:
            feuille.cell(ligne, 2).fill = _OBLIGATOIRE
        _controle(feuille, listes, colonne.noeud, f"C{ligne}")
    feuille.freeze_panes = "C2"


def classeur_campagne(variante: Variante, services: list[dict[str, Any]],
                      un_contrat: bool = False) -> Workbook:
    """A campaign workbook for ``variante`` filled with ``services`` (data files as dicts;
    the first one gives the common values); ``un_contrat``: the workbook of one contract
    (``cpom sample VARIANTE -o contrat.xlsx``), same sheets."""
    disposition = disposition_de(variante)
    communs = services[0] if services else {}
    classeur = Workbook()
    lisez_moi = classeur.active
    lisez_moi.title = LISEZ_MOI
    _lisez_moi(lisez_moi, disposition, un_contrat)
    listes = _Listes(classeur)
    _marque(classeur, un_contrat)
    _parametres(classeur, disposition, listes, communs)

    # a common field whose value differs between services gets a « Services » column too
    propres = [c for c in disposition.parametres if c.entete != "modele" and len(
        {repr(_valeur(d, c.entete)) for d in services}) > 1]
    colonnes = disposition.services + propres
    feuille = classeur.create_sheet(SERVICES, 2)
    _en_tetes(feuille, listes, [_Col(c.entete, c.titre, c.description, c.noeud, c.obligatoire)
                                for c in colonnes])
    feuille.freeze_panes = f"B{PREMIERE_LIGNE}"
    for ligne, donnees in enumerate(services, start=PREMIERE_LIGNE):
        for i, colonne in enumerate(colonnes, start=1):
            _ecrire(feuille, ligne, i, _valeur(donnees, colonne.entete), colonne.noeud)

    for liste in disposition.listes:
        _feuille_liste(classeur.create_sheet(liste.titre, len(classeur.sheetnames) - 2),
                       liste, disposition, listes, services)
    return classeur


def _reference(disposition: Disposition, liste: Feuille) -> tuple[str, str, str]:
    """Header, help and drop-down formula of the column naming a row's parent."""
    parent = disposition.liste(liste.parent or "")
    if parent is None or liste.parent == "services" or parent.repere is None:
        return ("N° du service dans le contrat",
                "Vide : le service de la feuille « Services ». 2, 3… : le service de cette "
                f"ligne de la feuille « {SUITE} ».", "")
    repere = parent.repere
    position = len(parent.niveaux) + 2 + parent.colonnes.index(repere)
    lettre = get_column_letter(position)
    formule = (f"{quote_sheetname(parent.titre)}!${lettre}${PREMIERE_LIGNE}:"
               f"${lettre}${LIGNES_VALIDEES}")
    return (f"Rattachée à : {repere.titre}",
            f"Choisissez dans la liste l'élément de la feuille « {parent.titre} » auquel "
            f"cette ligne appartient (colonne « {repere.titre} »). Vide : le seul élément "
            "de cette feuille pour ce service. Vous pouvez aussi saisir son numéro d'ordre "
            "(1 pour le premier).", formule)


def _colonnes_liste(disposition: Disposition, liste: Feuille) -> list[_Col]:
    colonnes = [_Col(CLE_LISTE, "Service (n° FINESS)",
                     "N° FINESS du service de cette ligne (une ligne de la feuille "
                     "« Services »). Vide : la ligne vaut pour tous les services.",
                     Noeud(CLE_LISTE, "n° FINESS"))]
    dernier = len(liste.niveaux) - 1
    for rang, niveau in enumerate(liste.niveaux):
        chemin = f"n° {niveau}"
        if liste.chemin == "services" and rang == dernier:
            colonnes.append(_Col(chemin, "N° du service dans le contrat",
                                 "2 pour le deuxième service du contrat, 3 pour le "
                                 "troisième… (le premier est sur la feuille « Services »).",
                                 Noeud(niveau, "entier"), obligatoire=True))
        elif rang == dernier - 1:
            titre, aide, formule = _reference(disposition, liste)
            colonnes.append(_Col(chemin, titre, aide, None if formule else
                                 Noeud(niveau, "entier"), reference=formule))
        else:  # numbers of the other levels: the loader's, out of sight
            colonnes.append(_Col(chemin, f"N° d'ordre ({humaniser(niveau).lower()})",
                                 "Numéro d'ordre (facultatif : l'ordre des lignes sinon).",
                                 Noeud(niveau, "entier"), cachee=True))
    colonnes += [_Col(c.entete, c.titre, c.description, c.noeud, c.obligatoire)
                 for c in liste.colonnes]
    return colonnes


def _feuille_liste(feuille: Worksheet, liste: Feuille, disposition: Disposition,
                   listes: _Listes, services: list[dict[str, Any]]) -> None:
    colonnes: list[Colonne] = liste.colonnes
    _en_tetes(feuille, listes, _colonnes_liste(disposition, liste))
    feuille.freeze_panes = get_column_letter(len(liste.niveaux) + 2) + str(PREMIERE_LIGNE)
    parent = disposition.liste(liste.parent or "")
    repere = parent.repere if parent is not None and liste.parent != "services" else None
    commune = liste.commune and all(  # the same rows for every service: written once
        list(_elements(d, liste.chemin)) == list(_elements(services[0], liste.chemin))
        for d in services)
    sources = services[:1] if commune else services
    ligne = PREMIERE_LIGNE
    for donnees in sources:
        finess = "" if commune else _valeur(donnees, disposition.cle)
        elements = list(_elements(donnees, liste.chemin))
        titres = [parent.nom_de(p[-1]) if parent is not None and repere is not None and p
                  else None for _, p, _ in elements]
        par_titre = False
        if parent is not None and repere is not None:  # parents named by distinct titles
            tous = [str(parent.nom_de(e)) for _, _, e in _elements(donnees, parent.chemin)]
            par_titre = len(set(tous)) == len(tous) and None not in titres
        for (numeros, _, element), titre in zip(elements, titres, strict=True):
            if liste.chemin == "services" and numeros == (1,):
                continue  # the service of the « Services » sheet
            feuille.cell(ligne, 1, finess).number_format = "@"
            for i, numero in enumerate(numeros, start=2):
                if i == len(numeros) and par_titre:
                    feuille.cell(ligne, i, vers_cellule(titre, None))
                elif i < len(numeros) and par_titre:
                    continue
                else:
                    feuille.cell(ligne, i, numero)
            debut = len(numeros) + 2
            for i, colonne in enumerate(colonnes, start=debut):
                valeur = element if colonne.entete == "valeur" else _valeur(element,
                                                                             colonne.entete)
                _ecrire(feuille, ligne, i, valeur, colonne.noeud)
            ligne += 1


def ecrire_campagne(variante: Variante, chemin: Path, services: list[dict[str, Any]],
                    un_contrat: bool = False) -> Path:
    """Write the campaign workbook (atomically)."""
    tampon = io.BytesIO()
    classeur_campagne(variante, services, un_contrat).save(tampon)
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
