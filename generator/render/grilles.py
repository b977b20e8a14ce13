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


def _largeurs(ligne: Any) -> list[float] | None:
    """The widths of a row's grid columns, from its cells (None if a cell has none)."""
    largeurs: list[float] = []
    for cellule in ligne.findall(f"{W}tc"):
        proprietes = cellule.find(f"{W}tcPr")
        largeur = None if proprietes is None else proprietes.find(f"{W}tcW")
        if largeur is None or largeur.get(f"{W}type") not in (None, "dxa"):
            return None
        portee = proprietes.find(f"{W}gridSpan")
        n = 1 if portee is None else int(portee.get(f"{W}val"))
        largeurs += [float(largeur.get(f"{W}w", 0)) / n] * n
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
    for table in arbre.iter(f"{W}tbl"):
        grille = table.find(f"{W}tblGrid")
        colonnes = [] if grille is None else grille.findall(f"{W}gridCol")
        lignes = table.findall(f"{W}tr")
        modele = _ligne_la_plus_large(lignes) if colonnes else None
        if not modele:
            continue
        actuelles = [float(c.get(f"{W}w", 0)) for c in colonnes]
        if len(modele) != len(colonnes) or sum(modele) <= 0 or all(
                abs(a - b) < 2 for a, b in zip(actuelles, modele, strict=True)):
            continue
        echelle = sum(actuelles) / sum(modele)
        nouvelles = [int(largeur * echelle) for largeur in modele]
        for colonne, largeur in zip(colonnes, nouvelles, strict=True):
            colonne.set(f"{W}w", str(largeur))
        for ligne in lignes:
            position = 0
            for cellule in ligne.findall(f"{W}tc"):
                proprietes = cellule.find(f"{W}tcPr")
                portee = None if proprietes is None else proprietes.find(f"{W}gridSpan")
                n = 1 if portee is None else int(portee.get(f"{W}val"))
                largeur = None if proprietes is None else proprietes.find(f"{W}tcW")
                if largeur is not None:
                    largeur.set(f"{W}w", str(sum(nouvelles[position:position + n])))
                    largeur.set(f"{W}type", "dxa")
                position += n
    return arbre
