"""The full contract (« contrat complet »): the contract then each annex, in order, in one
DOCX, rendered as one template.

The variant's Word templates are composed once (per version of their content; kept on
disk by ``render.cache_disque`` for the next runs) into one bundle template, which the
render engine prepares once and renders with the same context as the separate
documents: a full contract costs about one rendering, not a composition per contract.

docxcompose drops an appended document's last section properties, its headers and
footers, and adds no page break: before each annex we open a new section in the master,
on a new page, with the annex's own page layout (landscape annexes stay landscape), and
give the annex's sections back their own headers and footers. Each document is numbered
on its own, as when printed separately: its first section restarts at page 1 and its
« / Y » (NUMPAGES) becomes a reference to the page of a bookmark at its end
(``_cpom_fin_N``). So the pages of each document in the contrat complet look exactly as
in the document's own PDF, and ``output.decoupage`` cuts the document PDFs out of the
contrat complet's PDF: LibreOffice lays out each page once.
"""

from __future__ import annotations

import copy
import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.parts.hdrftr import FooterPart, HeaderPart
from lxml import etree

from generator.problems import ErreurCpom, Lieu, cause_systeme
from generator.render import cache_disque, engine
from generator.render.docx_zip import normaliser
from generator.variants import Variante

NOM_DOCX = "contrat-complet.docx"
NOM_PDF = "contrat-complet.pdf"
CACHE_MAX = 16  # composed bundle templates kept per process
SIGNET_FIN = "_cpom_fin_{}"  # bookmark at the end of document N of the bundle (0: contract)
_ID_SIGNETS = 900_000  # bookmark ids of ours, above docxcompose's renumbering

_VERROU = threading.Lock()
_COMPOSES: OrderedDict[tuple[str, ...], bytes] = OrderedDict()


def _mise_en_page(cible: Any, source: Any) -> None:
    """Give section ``cible`` the page size, orientation and margins of ``source``."""
    cible.orientation = source.orientation
    cible.page_width, cible.page_height = source.page_width, source.page_height
    for attribut in ("left_margin", "right_margin", "top_margin", "bottom_margin",
                     "header_distance", "footer_distance", "gutter"):
        setattr(cible, attribut, getattr(source, attribut))


def _signet(corps: Any, numero: int) -> None:
    """End document ``numero`` with its bookmark: in the body, after its last element,
    before the body's section properties. Not in a paragraph: a new one could overflow
    onto a new page, a {%p %} one vanishes when rendered, and LibreOffice drops the empty
    paragraph that ends a section before a change of page layout."""
    identifiant = str(_ID_SIGNETS + numero)
    corps.sectPr.addprevious(etree.Element(
        qn("w:bookmarkStart"), {qn("w:id"): identifiant, qn("w:name"): SIGNET_FIN.format(numero)}))
    corps.sectPr.addprevious(etree.Element(qn("w:bookmarkEnd"), {qn("w:id"): identifiant}))


def _total_du_document(element: Any, numero: int) -> None:
    """In a header or footer: NUMPAGES (pages of the bundle) becomes the page of the end
    of document ``numero`` (its own page count, its numbering restarting at 1)."""
    reference = f" PAGEREF {SIGNET_FIN.format(numero)} "
    for champ in element.iter(qn("w:fldSimple")):
        if champ.get(qn("w:instr"), "").split()[:1] == ["NUMPAGES"]:
            champ.set(qn("w:instr"), reference)
    for instruction in element.iter(qn("w:instrText")):
        if (instruction.text or "").split()[:1] == ["NUMPAGES"]:
            instruction.text = reference


_REFERENCES = {qn("w:headerReference"): (HeaderPart, RT.HEADER),
               qn("w:footerReference"): (FooterPart, RT.FOOTER)}


def _entetes_et_pieds(maitre: Any, annexe: Any, sections: list[Any], numero: int) -> None:
    """Give the sections of annex ``numero`` in the master (``sections``, in order) the
    headers and footers of the annex's own sections; its numbering restarts at 1."""
    originales = [section._sectPr for section in annexe.sections]
    if len(originales) != len(sections):  # unexpected section structure: first only
        originales = originales[:1]
    for section in sections:
        for reference in section.xpath("w:headerReference|w:footerReference|w:pgNumType"):
            section.remove(reference)
    for origine, section in zip(originales, sections, strict=False):
        for reference in origine.xpath("w:headerReference|w:footerReference"):
            classe, relation = _REFERENCES[reference.tag]
            source = annexe.part.related_parts[reference.get(qn("r:id"))]
            partie = classe.new(maitre.part.package)
            element = copy.deepcopy(source.element)
            for image in element.xpath(".//a:blip"):  # images of the header: re-related
                cle = image.get(qn("r:embed"))
                if cle in source.related_parts:
                    contenu = io.BytesIO(source.related_parts[cle].blob)
                    image.set(qn("r:embed"), partie.get_or_add_image(contenu)[0])
            _total_du_document(element, numero)
            partie._element = element
            nouvelle = copy.deepcopy(reference)
            nouvelle.set(qn("r:id"), maitre.part.relate_to(partie, relation))
            section.insert(0, nouvelle)  # references come first in w:sectPr
    numerotation = etree.SubElement(sections[0], qn("w:pgNumType"), {qn("w:start"): "1"})
    _placer(sections[0], numerotation)


_AVANT_PGNUMTYPE = {qn(f"w:{nom}") for nom in (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
    "pgMar", "paperSrc", "pgBorders", "lnNumType")}


def _placer(section: Any, numerotation: Any) -> None:
    """Move ``w:pgNumType`` to its place in the schema's order of ``w:sectPr``."""
    section.remove(numerotation)
    precedents = [enfant for enfant in section if enfant.tag in _AVANT_PGNUMTYPE]
    if precedents:
        precedents[-1].addnext(numerotation)
    else:
        section.insert(0, numerotation)


def composer(documents: Iterable[bytes]) -> bytes:
    """One DOCX from Word documents or templates (the first is the master: the
    contract), each numbered on its own; deterministic bytes."""
    from docxcompose.composer import Composer  # only when the disk cache has no bundle

    iterateur = iter(documents)
    maitre = Document(io.BytesIO(next(iterateur)))
    corps = maitre.element.body
    for section in maitre.sections:
        for partie in (section.header, section.footer, section.first_page_header,
                       section.first_page_footer, section.even_page_header,
                       section.even_page_footer):
            if partie._has_definition:
                _total_du_document(partie._element, 0)
    assembleur = Composer(maitre)
    numero = 0
    for numero, contenu in enumerate(iterateur, start=1):
        annexe = Document(io.BytesIO(contenu))
        _signet(corps, numero - 1)
        maitre.add_section(WD_SECTION.NEW_PAGE)
        _mise_en_page(maitre.sections[-1], annexe.sections[-1])
        avant = len(corps)
        assembleur.append(annexe)
        ajoutes = list(corps)[avant - 1:len(corps) - 1]
        sections = [p for e in ajoutes for p in e.xpath("descendant-or-self::w:pPr/w:sectPr")]
        _entetes_et_pieds(maitre, annexe, [*sections, corps.sectPr], numero)
    _signet(corps, numero)
    sortie = io.BytesIO()
    assembleur.save(sortie)
    return normaliser(sortie.getvalue())


def gabarit(variante: Variante) -> engine.Gabarit:
    """The bundle template of ``variante``: its templates composed, then prepared by the
    engine; both once per process and per content of the templates."""
    chemins = [variante.gabarit(document) for document in variante.documents]
    try:
        octets = [chemin.read_bytes() for chemin in chemins]
    except OSError as exc:
        raise ErreurCpom.modele(f"modèle Word illisible ({cause_systeme(exc)})",
                                Lieu(fichier=str(exc.filename))) from None
    cle = tuple(hashlib.sha256(o).hexdigest() for o in octets)
    with _VERROU:
        compose = _COMPOSES.get(cle)
        if compose is not None:
            _COMPOSES.move_to_end(cle)
    if compose is None:
        sur_disque = cache_disque.cle("contrat-complet", *octets)
        compose = cache_disque.lire(sur_disque)
    if compose is None:
        try:
            compose = composer(octets)
        except Exception as exc:  # python-docx / docxcompose on a damaged template
            raise ErreurCpom.modele(f"modèles impossibles à assembler en contrat complet "
                                    f"({type(exc).__name__} : {exc})",
                                    Lieu(fichier=str(variante.dossier))) from None
        cache_disque.ecrire(sur_disque, compose)
        with _VERROU:
            _COMPOSES[cle] = compose
            while len(_COMPOSES) > CACHE_MAX:
                _COMPOSES.popitem(last=False)
    return engine.gabarit_octets(Path(variante.dossier) / NOM_DOCX, compose)


def rendre(variante: Variante, contexte: Mapping[str, Any]) -> bytes:
    """The full contract of ``variante`` rendered with a prepared context."""
    return gabarit(variante).rendre(contexte)
