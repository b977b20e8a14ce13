"""Table grids after ``{%tc`` loops: a column repeated by a loop keeps the width its cell
has in the template.

docxtpl's ``fix_tables`` gives the columns a loop adds the average width of the table, so
that narrow year columns become wide and the text columns narrow enough to cut words
(« Objectifs opérationnel|s »). Here the grid of such a table is rebuilt from the cells of
its widest row (each holds its template width), scaled to the table's width.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TBL, _TBLGRID, _GRIDCOL, _TR, _TC = f"{W}tbl", f"{W}tblGrid", f"{W}gridCol", f"{W}tr", f"{W}tc"
_TCPR, _TCW, _GRIDSPAN = f"{W}tcPr", f"{W}tcW", f"{W}gridSpan"
_W, _TYPE, _VAL = f"{W}w", f"{W}type", f"{W}val"


def _enfant(element: Any, balise: str) -> Any:
    """The first child ``balise`` of ``element``, or None: lxml's ``find(balise)`` without
    its path parsing."""
    return next(element.iterchildren(balise), None)


def _largeur_et_portee(cellule: Any) -> tuple[Any, Any]:
    """The ``tcW`` and ``gridSpan`` of a cell's first ``tcPr`` (the first of each, None
    when absent), read in one pass over the few children of ``tcPr``: a table has
    thousands of cells, and each ``find`` costs more than this whole pass."""
    for proprietes in cellule:
        if proprietes.tag == _TCPR:
            break
    else:
        return None, None
    largeur = portee = None
    for enfant in proprietes:
        balise = enfant.tag
        if balise == _TCW:
            if largeur is None:
                largeur = enfant
        elif balise == _GRIDSPAN and portee is None:
            portee = enfant
    return largeur, portee


def _largeurs(ligne: Any) -> list[float] | None:
    """The widths of a row's grid columns, from its cells (None if a cell has none)."""
    largeurs: list[float] = []
    for cellule in ligne.iterchildren(_TC):
        largeur, portee = _largeur_et_portee(cellule)
        if largeur is None or largeur.get(_TYPE) not in (None, "dxa"):
            return None
        n = 1 if portee is None else int(portee.get(_VAL))
        largeurs += [float(largeur.get(_W, 0)) / n] * n
    return largeurs


_COLONNES_DE_LA_LIGNE = etree.XPath(  # each cell counts for its gridSpan, 1 without
    "count(w:tc) + sum(w:tc/w:tcPr/w:gridSpan/@w:val) - count(w:tc/w:tcPr/w:gridSpan)",
    namespaces={"w": W[1:-1]})


def _ligne_la_plus_large(lignes: list[Any]) -> list[float] | None:
    """The widths of the first row covering the most columns whose cells all have a
    width (rows counted by XPath, the widths read only for the candidates)."""
    ordre = sorted(range(len(lignes)), key=lambda i: -_COLONNES_DE_LA_LIGNE(lignes[i]))
    for i in ordre:
        largeurs = _largeurs(lignes[i])
        if largeurs:
            return largeurs
    return None


def ajuster(arbre: Any) -> Any:
    """Each table whose grid no longer matches its widest row's cells (a ``{%tc`` loop
    added or removed columns) gets that row's proportions, at the same total width; every
    cell's width follows its columns."""
    for table in arbre.iter(_TBL):
        grille = _enfant(table, _TBLGRID)
        colonnes = [] if grille is None else list(grille.iterchildren(_GRIDCOL))
        lignes = list(table.iterchildren(_TR))
        modele = _ligne_la_plus_large(lignes) if colonnes else None
        if not modele:
            continue
        actuelles = [float(c.get(_W, 0)) for c in colonnes]
        if len(modele) != len(colonnes) or sum(modele) <= 0 or all(
                abs(a - b) < 2 for a, b in zip(actuelles, modele, strict=True)):
            continue
        echelle = sum(actuelles) / sum(modele)
        nouvelles = [int(largeur * echelle) for largeur in modele]
        for colonne, largeur in zip(colonnes, nouvelles, strict=True):
            colonne.set(_W, str(largeur))
        for ligne in lignes:
            position = 0
            for cellule in ligne.iterchildren(_TC):
                largeur, portee = _largeur_et_portee(cellule)
                n = 1 if portee is None else int(portee.get(_VAL))
                if largeur is not None:
                    largeur.set(_W, str(sum(nouvelles[position:position + n])))
                    largeur.set(_TYPE, "dxa")
                position += n
    return arbre
