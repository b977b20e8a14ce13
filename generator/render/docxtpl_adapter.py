"""Every use of docxtpl's internals, in one place.

The engine renders with docxtpl's own steps, so that a template behaves as docxtpl
documents it (``{%p``, ``{%tr``, ``{%tc``, ``{%r`` tags, ``{{r``, listings with line
breaks, ``InlineImage``): ``patch_xml`` turns the Word XML of a part into Jinja source,
``resolve_listing`` turns tabs and line breaks of values into Word runs, ``fix_tables``
repairs table grids after ``{%tc`` loops, and ``InlineImage`` prints a picture. A docxtpl
upgrade that changes any of them is caught by the tests, which compare every part of
every sample document with docxtpl's own ``render`` (tests/oracle_docxtpl.py).
"""

from __future__ import annotations

import contextvars
import io
import re
from dataclasses import dataclass
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from generator.render import tableaux
from generator.render.images import Image

ENTETES_ET_PIEDS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
)
NOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_MARQUE = "cpom-corps"

# docxtpl's helpers used here read nothing of the instance: one shared, never loaded.
_OUTILS = DocxTemplate(io.BytesIO())


@dataclass(frozen=True)
class PartieSource:
    """A part of the template as Jinja source (docxtpl's ``patch_xml`` applied)."""

    nom: str  # zip member: word/document.xml, word/header1.xml…
    source: str
    corps: bool = False  # the document body (wrapped by ``avant``/``apres``)
    colonnes: bool = False  # tables marked: cells added or merged by tags (render.tableaux)


@dataclass(frozen=True)
class Sources:
    parties: list[PartieSource]
    avant: str  # document.xml before the body
    apres: str  # document.xml after the body


def sources(octets: bytes) -> Sources:
    """The Jinja source of each part that docxtpl renders: the body, the headers and
    footers, the footnotes."""
    modele = DocxTemplate(io.BytesIO(octets))
    modele.render_init()
    document = modele.docx.part
    racine = document.element
    corps = racine.body
    marque = etree.Element(corps.tag.replace("body", _MARQUE))
    racine.replace(corps, marque)
    enveloppe = etree.tostring(racine, encoding="unicode")
    racine.replace(marque, corps)
    debut = enveloppe.index(f":{_MARQUE}")
    debut = enveloppe.rindex("<", 0, debut)
    fin = enveloppe.index("/>", debut) + 2
    xml = modele.get_xml()
    source, colonnes = tableaux.marquer(xml, modele.patch_xml(xml))
    parties = [PartieSource(document.partname.lstrip("/"), source, corps=True,
                            colonnes=colonnes)]
    for relation in document.rels.values():
        if relation.reltype in ENTETES_ET_PIEDS and not relation.is_external:
            partie = relation.target_part
            parties.append(PartieSource(partie.partname.lstrip("/"),
                                        modele.patch_xml(modele.get_part_xml(partie))))
    for partie in document.package.parts:
        if partie.content_type == NOTES:
            xml = partie.blob.decode("utf-8") if isinstance(partie.blob, bytes) else partie.blob
            parties.append(PartieSource(partie.partname.lstrip("/"), modele.patch_xml(xml)))
    return Sources(parties, enveloppe[:debut], enveloppe[fin:])


_PARAGRAPHE = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # as resolve_listing
LISTING = "\t\x07\n\x0c"  # docxtpl's listing characters: tab, new paragraph, break, page
_LISTING = re.compile(f"[{LISTING}]")


def a_listing(xml: str) -> bool:
    """A listing character in ``xml`` (substring scans: a fraction of a regex pass)."""
    return any(caractere in xml for caractere in LISTING)


def _prochain_caractere(xml: str, debut: int) -> int:
    """The position of the first listing character from ``debut`` (-1: none), by
    ``str.find`` (a regex search reads each character more slowly)."""
    positions = [p for p in (xml.find(c, debut) for c in LISTING) if p != -1]
    return min(positions) if positions else -1


def _paragraphe(m: re.Match[str]) -> str:
    return _OUTILS.resolve_listing(m[0]) if _LISTING.search(m[0]) else m[0]


def resoudre_listing(xml: str) -> str:
    """Tabs, line breaks (``\\n``), new paragraphs (``\\a``) and page breaks (``\\f``) of
    printed values become Word runs: docxtpl's ``resolve_listing``, applied only to the
    paragraphs that hold one (it leaves the others as they are).

    The same result as ``_PARAGRAPHE.sub(_paragraphe, xml)``, whose scan reads every
    paragraph of the part, when a few hold such a character: from each of those
    characters, the scan restarts after the last ``</w:p>`` before it, where a scan from
    the start is never inside a match (a match ends at the first ``</w:p>`` after its
    opening tag), unless that ``</w:p>`` closes an opening tag ``<w:p …</w:p>``, a
    malformed text then given to the full scan."""
    sortie: list[str] = []
    libre = 0  # a position where the scan from the start is not inside a match
    while (position := _prochain_caractere(xml, libre)) != -1:
        fin = xml.rfind("</w:p>", libre, position)
        if fin != -1:
            fin += 6
            if xml.find("<w:p ", xml.rfind(">", 0, fin - 1) + 1, fin - 6) != -1:
                return _PARAGRAPHE.sub(_paragraphe, xml)
            sortie.append(xml[libre:fin])
            libre = fin
        paragraphe = _PARAGRAPHE.search(xml, libre)
        if paragraphe is None or paragraphe.start() > position:  # outside any paragraph
            sortie.append(xml[libre:position + 1])
            libre = position + 1
            continue
        sortie.append(xml[libre:paragraphe.start()])
        sortie.append(_paragraphe(paragraphe))
        libre = paragraphe.end()
    sortie.append(xml[libre:])
    return "".join(sortie)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NS = {"w": _W[1:-1]}
_NB_CELLULES = etree.XPath("count(w:tc)", namespaces=_NS)
_LARGEUR_EN_COLONNES = etree.XPath(  # each cell counts for its gridSpan, 1 without
    "count(w:tc) + sum(w:tc/w:tcPr/w:gridSpan/@w:val) - count(w:tc/w:tcPr/w:gridSpan)",
    namespaces=_NS)


def reparer_tableaux(arbre: Any) -> None:
    """docxtpl's ``fix_tables`` on the rendered body's tree, in place (same result, the
    cells counted by XPath): after ``{%tc`` loops or merges, each table's grid has as
    many columns as its widest row, its total width kept."""
    largeur = _W + "w"
    for tableau in arbre.iter(_W + "tbl"):
        grille = tableau.find(_W + "tblGrid")
        if grille is None:
            continue
        colonnes = grille.findall(_W + "gridCol")
        lignes = list(tableau.iter(_W + "tr"))
        a_ajouter = max([0, *(int(_NB_CELLULES(ligne)) - len(colonnes) for ligne in lignes)])
        if a_ajouter > 0:
            total = sum(float(c.get(largeur)) for c in colonnes if c.get(largeur) is not None)
            if total > 0:
                ancienne, nouvelle = total / len(colonnes), total / (len(colonnes) + a_ajouter)
                for colonne in colonnes:
                    colonne.set(largeur,
                                str(int(float(colonne.get(largeur)) * nouvelle / ancienne)))
                for _ in range(a_ajouter):
                    etree.SubElement(grille, _W + "gridCol", {largeur: str(int(nouvelle))})
        colonnes = grille.findall(_W + "gridCol")
        en_trop = len(colonnes) - max([0, *(int(_LARGEUR_EN_COLONNES(ligne))
                                            for ligne in lignes)])
        if en_trop > 0:
            retiree = 0.0
            for colonne in colonnes[-en_trop:]:
                retiree += float(colonne.get(largeur))
                grille.remove(colonne)
            restantes = grille.findall(_W + "gridCol")
            supplement = int(retiree / len(restantes)) if restantes else 0
            for colonne in restantes:
                colonne.set(largeur, str(int(float(colonne.get(largeur)) + supplement)))


# --- images -------------------------------------------------------------------------------
# docxtpl's InlineImage asks ``tpl.current_rendering_part.new_pic_inline(...)`` for the
# picture XML; the engine sets the part being rendered in ``PARTIE_COURANTE``.

PARTIE_COURANTE: contextvars.ContextVar[Any] = contextvars.ContextVar("partie", default=None)


class _Modele:
    """What ``InlineImage`` calls ``tpl``."""

    @property
    def current_rendering_part(self) -> Any:
        return PARTIE_COURANTE.get()


_MODELE = _Modele()


def finaliser(valeur: Any) -> Any:
    """Jinja's ``finalize``: an ``Image`` becomes docxtpl's ``InlineImage`` when printed,
    which calls ``new_pic_inline(image, largeur, None)`` on the part being rendered."""
    if isinstance(valeur, Image):
        return InlineImage(_MODELE, valeur, width=Mm(valeur.largeur_mm))
    return valeur
