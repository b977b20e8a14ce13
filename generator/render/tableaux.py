"""Tables whose columns are changed by tags (``{%tc`` loops, ``colspan``, ``hm``,
``vm``): marked in the template's Jinja source, and repaired after rendering each on a
tree of its own (by the engine: docxtpl's ``fix_tables``, then ``grilles.ajuster``).

The rest of the body needs no tree: a contrat complet's body is some 300 KB of XML for a
few such tables, and parsing and writing it whole cost more than rendering it. Only
top-level tables are marked (a nested table is repaired with the table holding it); the
mark is an XML comment put just before the table's ``<w:tbl>``, so a table repeated or
removed by a tag takes its mark with it, and no printed value can forge one (values are
escaped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from generator.render import docx_zip

Reparation = Callable[[Any], None]  # repairs the tables of a tree, in place

MARQUE = "<!--cpom-colonnes-->"
_BORNES = re.compile(r"<w:tbl[ >]|</w:tbl>")
_FERMETURE = "</w:tbl>"
_COLONNES = re.compile(r"\{[%{]tc\s|\{%-?\s*(?:colspan|hm|vm)\b")
_ESPACES = re.compile(r'\sxmlns(?::[\w.-]+)?="[^"]*"')


def _tables(xml: str) -> list[tuple[int, int]]:
    """The spans of the top-level tables of ``xml`` (nested tables inside them)."""
    spans, profondeur, debut = [], 0, 0
    for borne in _BORNES.finditer(xml):
        if borne[0] == _FERMETURE:
            profondeur -= 1
            if profondeur == 0:
                spans.append((debut, borne.end()))
        else:
            if profondeur == 0:
                debut = borne.start()
            profondeur += 1
    return spans


def _fin_de_table(xml: str, debut: int) -> int:
    """The end of the table starting at ``debut`` (well-formed ``xml``)."""
    profondeur = 0
    for borne in _BORNES.finditer(xml, debut):
        profondeur += -1 if borne[0] == _FERMETURE else 1
        if profondeur == 0:
            return borne.end()
    raise ValueError("tableau sans fin")


def marquer(xml: str, source: str) -> tuple[str, bool]:
    """``source`` (the Jinja source docxtpl made of the part ``xml``) with ``MARQUE``
    before each top-level table whose cells tags change; whether there is any. When the
    two do not have the same tables (never seen), every table is marked."""
    changees = [bool(_COLONNES.search(re.sub(r"<[^>]*>", "", xml[debut:fin])))
                for debut, fin in _tables(xml)]
    if not any(changees):
        return source, False
    spans = _tables(source)
    if len(spans) != len(changees):
        changees = [True] * len(spans)
    morceaux, position = [], 0
    for (debut, _), changee in zip(spans, changees, strict=True):
        if changee:
            morceaux += [source[position:debut], MARQUE]
            position = debut
    morceaux.append(source[position:])
    return "".join(morceaux), True


def _reparer_tout(xml: str, reparation: Reparation) -> str:
    """The tables of the whole part repaired on one tree, the marks removed."""
    racine = docx_zip.arbre(xml)
    for marque in racine.xpath("//comment()[. = 'cpom-colonnes']"):
        marque.getparent().remove(marque)  # nothing follows a mark but its table
    reparation(racine)
    return etree.tostring(racine, encoding="unicode")


def reparer(xml: str, reparation: Reparation) -> str:
    """Rendered, well-formed ``xml`` (one element, the body) with each marked table
    repaired by ``reparation`` and every mark removed.

    A table is parsed inside an element declaring the namespaces of the body's first
    tag; if it uses one declared elsewhere (never seen in a Word file), the whole part is
    repaired on one tree instead."""
    espaces = "".join(_ESPACES.findall(xml[:xml.index(">")]))
    morceaux, position = [], 0
    while (marque := xml.find(MARQUE, position)) != -1:
        debut = marque + len(MARQUE)
        fin = _fin_de_table(xml, debut)
        try:
            racine = docx_zip.arbre(f"<cpom{espaces}>{xml[debut:fin]}</cpom>")
        except etree.XMLSyntaxError:
            return _reparer_tout(xml, reparation)
        reparation(racine)
        texte = etree.tostring(racine, encoding="unicode")
        morceaux += [xml[position:marque], texte[texte.index(">") + 1:texte.rindex("</cpom>")]]
        position = fin
    morceaux.append(xml[position:])
    return "".join(morceaux)
