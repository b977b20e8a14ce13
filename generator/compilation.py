"""Compiled Word templates: prepared once per process, rendered at the zip level.

For every document, docxtpl re-opens the whole package (python-docx parses every XML
part: styles, numbering, theme…), re-patches and re-compiles the Jinja source of each
part, then re-compresses every member on save. Here a template is prepared once per
process with docxtpl's own steps (``patch_xml``, then Jinja compilation, for each part
holding a tag); a rendering only runs the compiled templates, applies docxtpl's
post-processing (``resolve_listing``, ``fix_tables``, docPr ids) and writes a zip whose
untouched members are copied still compressed. Images become docxtpl ``InlineImage`` when
printed (Jinja ``finalize``), then media parts with their relationships, as python-docx
would add them.

The text is the same as docxtpl's (checked by tests); the bytes are deterministic (fixed
timestamps), so a campaign rendered in parallel equals one rendered serially. A template
using a feature not handled here (tags in the document properties) falls back to
docxtpl.
"""

from __future__ import annotations

import contextvars
import hashlib
import io
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from docx.image.image import Image as ImageDocx
from docx.oxml.shape import CT_Inline
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError
from lxml import etree

from generator import render
from generator.errors import ErreurModele

_BALISE = re.compile(r"\{[{%#]")
_DATE_DOS = (0, (0 << 9) | (1 << 5) | 1)  # 1980-01-01 00:00:00 (time, date)
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_RELATIONS = "http://schemas.openxmlformats.org/package/2006/relationships"
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_ENTETES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer")
_NOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_PROPRIETES = ("author", "comments", "identifier", "language", "subject", "title")
_MARQUE = "cpom-corps"
_LISTING = re.compile("[\t\x07\n\x0c]")
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


# --- zip members, copied without recompression ------------------------------------------

@dataclass(frozen=True)
class Membre:
    """A zip member: its name and its compressed bytes."""

    nom: str
    methode: int
    crc: int
    taille: int
    donnees: bytes  # compressed (or stored) bytes

    @classmethod
    def nouveau(cls, nom: str, contenu: bytes) -> Membre:
        compresseur = zlib.compressobj(6, zlib.DEFLATED, -15)
        donnees = compresseur.compress(contenu) + compresseur.flush()
        return cls(nom, zipfile.ZIP_DEFLATED, zlib.crc32(contenu), len(contenu), donnees)


def lire_membres(octets: bytes) -> list[Membre]:
    """Every member of a zip, in order, with its raw compressed bytes."""
    membres = []
    with zipfile.ZipFile(io.BytesIO(octets)) as archive:
        for info in archive.infolist():
            entete = octets[info.header_offset:info.header_offset + zipfile.sizeFileHeader]
            champs = struct.unpack(zipfile.structFileHeader, entete)
            debut = (info.header_offset + zipfile.sizeFileHeader
                     + champs[zipfile._FH_FILENAME_LENGTH]
                     + champs[zipfile._FH_EXTRA_FIELD_LENGTH])
            membres.append(Membre(info.filename, info.compress_type, info.CRC, info.file_size,
                                  octets[debut:debut + info.compress_size]))
    return membres


def ecrire_membres(membres: Iterable[Membre]) -> bytes:
    """A zip of ``membres`` with fixed timestamps: same members, same bytes."""
    sortie = io.BytesIO()
    central = []
    for membre in membres:
        nom = membre.nom.encode("utf-8")
        drapeaux = 0x800 if not membre.nom.isascii() else 0
        decalage = sortie.tell()
        sortie.write(struct.pack(zipfile.structFileHeader, zipfile.stringFileHeader, 20, 0,
                                 drapeaux, membre.methode, *_DATE_DOS, membre.crc,
                                 len(membre.donnees), membre.taille, len(nom), 0))
        sortie.write(nom)
        sortie.write(membre.donnees)
        central.append(struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, 20, 0,
                                   20, 0, drapeaux, membre.methode, *_DATE_DOS, membre.crc,
                                   len(membre.donnees), membre.taille, len(nom), 0, 0, 0, 0,
                                   0, decalage) + nom)
    debut = sortie.tell()
    for entree in central:
        sortie.write(entree)
    taille = sortie.tell() - debut
    sortie.write(struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0,
                             len(central), len(central), taille, debut, 0))
    return sortie.getvalue()


def normaliser(octets: bytes) -> bytes:
    """The same DOCX (or any zip) with fixed timestamps: deterministic bytes."""
    return ecrire_membres(lire_membres(octets))


# --- images -------------------------------------------------------------------------------

@cache
def _image(chemin: str) -> tuple[ImageDocx, str]:
    image = ImageDocx.from_file(chemin)
    return image, hashlib.sha1(image.blob).hexdigest()


class _Partie:
    """The part being rendered, as docxtpl's ``InlineImage`` sees it
    (``tpl.current_rendering_part.new_pic_inline``)."""

    def __init__(self, rendu: _Rendu, nom: str) -> None:
        self.rendu = rendu
        self.nom = nom

    def new_pic_inline(self, descripteur: str, largeur: Any = None, hauteur: Any = None
                       ) -> CT_Inline:
        image, empreinte = _image(str(descripteur))
        cx, cy = image.scaled_dimensions(largeur, hauteur)
        rid = self.rendu.relation_image(self.nom, image, empreinte)
        self.rendu.formes += 1
        return CT_Inline.new_pic_inline(self.rendu.formes, rid, image.filename, cx, cy)


_RENDU: contextvars.ContextVar[_Rendu | None] = contextvars.ContextVar("rendu", default=None)


class _Modele:
    """What ``InlineImage`` calls ``tpl``: the rendering in progress (context variable)."""

    @property
    def current_rendering_part(self) -> _Partie | None:
        rendu = _RENDU.get()
        return rendu.current_rendering_part if rendu is not None else None


_MODELE = _Modele()


def _finaliser(valeur: Any) -> Any:
    """Jinja's ``finalize``: an image becomes docxtpl's ``InlineImage`` when printed, so
    the context is never copied nor walked."""
    if isinstance(valeur, render.Image):
        return InlineImage(_MODELE, str(valeur.chemin), width=Mm(valeur.largeur_mm))
    return valeur


@cache
def _environnement() -> Any:
    """The rendering environment (filters, sandbox, strict undefined) plus ``finalize``."""
    return render.environnement().overlay(finalize=_finaliser)


@dataclass
class _Rendu:
    """State of one rendering: images added, relationships added per part."""

    gabarit: Gabarit
    current_rendering_part: _Partie | None = None
    medias: dict[str, str] = field(default_factory=dict)  # sha1 → member name
    nouveaux: list[Membre] = field(default_factory=list)
    relations: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # extension → content type
    formes: int = 0

    def relation_image(self, partie: str, image: ImageDocx, empreinte: str) -> str:
        nom = self.medias.get(empreinte)
        if nom is None:
            numero = 1
            while any(n.startswith(f"word/media/image{numero}.")
                      for n in (*self.gabarit.noms, *self.medias.values())):
                numero += 1
            nom = f"word/media/image{numero}.{image.ext}"
            self.medias[empreinte] = nom
            self.nouveaux.append(Membre.nouveau(nom, image.blob))
            if image.ext.lower() not in self.gabarit.extensions:
                self.types[image.ext.lower()] = image.content_type
        dossier = partie.rsplit("/", 1)[0] + "/" if "/" in partie else ""
        cible = nom[len(dossier):] if nom.startswith(dossier) else "/" + nom
        ajoutees = self.relations.setdefault(partie, [])
        for rid, deja in ajoutees:
            if deja == cible:
                return rid
        pris = self.gabarit.identifiants.get(partie, set()) | {r for r, _ in ajoutees}
        numero = 1
        while f"rId{numero}" in pris:
            numero += 1
        ajoutees.append((f"rId{numero}", cible))
        return f"rId{numero}"


# --- a prepared template ------------------------------------------------------------------

def _relations(partie: str) -> str:
    dossier, _, nom = partie.rpartition("/")
    return f"{dossier}/_rels/{nom}.rels" if dossier else f"_rels/{nom}.rels"


@dataclass
class _PartieCompilee:
    nom: str  # zip member name (word/document.xml)
    source: str  # patched XML given to Jinja
    modele: Any  # compiled Jinja template
    corps: bool = False


class Gabarit:
    """A Word template prepared once: compiled parts, untouched members kept compressed."""

    def __init__(self, chemin: Path, octets: bytes) -> None:
        self.chemin = chemin
        self.membres = lire_membres(octets)
        self.noms = {m.nom for m in self.membres}
        self.compatible = True
        self.parties: list[_PartieCompilee] = []
        self.identifiants: dict[str, set[str]] = {}
        self.extensions: set[str] = set()
        self._preparer(octets)

    def _preparer(self, octets: bytes) -> None:
        env = _environnement()
        modele = DocxTemplate(io.BytesIO(octets))
        modele.render_init()
        self._docxtpl = modele  # stateless helpers: patch_xml, resolve_listing, fix_tables
        proprietes = modele.docx.core_properties
        if any(_BALISE.search(getattr(proprietes, p) or "") for p in _PROPRIETES):
            self.compatible = False  # rendered by docxtpl (rare: tags in File > Properties)
            return
        document = modele.docx.part
        racine = document.element
        corps = racine.body
        marque = etree.Element(corps.tag.replace("body", _MARQUE))
        racine.replace(corps, marque)
        enveloppe = etree.tostring(racine, encoding="unicode")
        racine.replace(marque, corps)
        balise = re.search(rf"<[^<>]*{_MARQUE}[^<>]*/>", enveloppe)
        assert balise is not None
        self.avant, self.apres = enveloppe[:balise.start()], enveloppe[balise.end():]
        nom_document = document.partname.lstrip("/")
        self._compiler(nom_document, modele.patch_xml(modele.get_xml()), env, corps=True)
        for relation in document.rels.values():
            if relation.reltype in _ENTETES and not relation.is_external:
                partie = relation.target_part
                self._compiler(partie.partname.lstrip("/"),
                               modele.patch_xml(modele.get_part_xml(partie)), env)
        for partie in modele.docx.part.package.parts:
            if partie.content_type == _NOTES:
                xml = partie.blob.decode("utf-8") if isinstance(partie.blob, bytes) else \
                    partie.blob
                self._compiler(partie.partname.lstrip("/"), modele.patch_xml(xml), env)
        for partie in self.noms:
            if partie.endswith(".rels"):
                continue
            rels = _relations(partie)
            if rels in self.noms:
                texte = self._lire(rels).decode("utf-8")
                self.identifiants[partie] = set(re.findall(r'Id="([^"]+)"', texte))
        types = self._lire("[Content_Types].xml").decode("utf-8")
        self.extensions = {e.lower() for e in re.findall(r'Extension="([^"]+)"', types)}

    def _compiler(self, nom: str, source: str, env: Any, corps: bool = False) -> None:
        if not corps and not _BALISE.search(source):
            return  # no tag: the member is copied as it is
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
        try:  # compiled here, not through the shared from_string cache of render.py
            modele = env.template_class.from_code(env, env.compile(source),
                                                  env.make_globals(None), None)
        except TemplateError as exc:
            raise ErreurModele(self.chemin, _contexte(exc, source)) from exc
        self.parties.append(_PartieCompilee(nom, source, modele, corps))

    def _lire(self, nom: str) -> bytes:
        membre = next(m for m in self.membres if m.nom == nom)
        if membre.methode == zipfile.ZIP_STORED:
            return membre.donnees
        return zlib.decompress(membre.donnees, -15)

    # -- rendering ----------------------------------------------------------------------
    def rendre(self, contexte: Mapping[str, Any]) -> bytes:
        rendu = _Rendu(self)
        contexte = dict(contexte)
        remplaces: dict[str, bytes] = {}
        jeton = _RENDU.set(rendu)
        try:
            for partie in self.parties:
                rendu.current_rendering_part = _Partie(rendu, partie.nom)
                remplaces[partie.nom] = self._rendre_partie(partie, contexte)
        finally:
            _RENDU.reset(jeton)
        for partie, ajoutees in rendu.relations.items():
            remplaces[_relations(partie)] = self._relations_avec(partie, ajoutees)
        if rendu.types:
            types = self._lire("[Content_Types].xml").decode("utf-8")
            ajout = "".join(f'<Default Extension="{e}" ContentType="{t}"/>'
                            for e, t in sorted(rendu.types.items()))
            remplaces["[Content_Types].xml"] = types.replace("</Types>",
                                                             ajout + "</Types>").encode("utf-8")
        membres = [Membre.nouveau(m.nom, remplaces.pop(m.nom)) if m.nom in remplaces else m
                   for m in self.membres]
        membres += [Membre.nouveau(nom, contenu) for nom, contenu in remplaces.items()]
        return ecrire_membres([*membres, *rendu.nouveaux])

    def _rendre_partie(self, partie: _PartieCompilee, contexte: dict[str, Any]) -> bytes:
        """docxtpl's ``render_xml_part`` (and ``fix_tables``, docPr ids for the body)."""
        try:
            xml = partie.modele.render(contexte)
        except TemplateError as exc:
            raise ErreurModele(self.chemin, _contexte(exc, partie.source)) from exc
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = (xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
               .replace("%_}", "%}"))
        if _LISTING.search(xml):  # tabs, line and page breaks in values
            xml = self._docxtpl.resolve_listing(xml)
        if partie.corps:
            arbre = self._docxtpl.fix_tables(xml)
            for numero, element in enumerate(arbre.iter(_DOCPR), start=1001):
                element.set("id", str(numero))
            xml = self.avant + etree.tostring(arbre, encoding="unicode") + self.apres
        else:
            etree.fromstring(xml.encode("utf-8"))  # a broken part fails here, not in Word
        return (_DECLARATION + xml).encode("utf-8")

    def _relations_avec(self, partie: str, ajoutees: list[tuple[str, str]]) -> bytes:
        nom = _relations(partie)
        texte = (self._lire(nom).decode("utf-8") if nom in self.noms else
                 f'{_DECLARATION}<Relationships xmlns="{_RELATIONS}"></Relationships>')
        ajout = "".join(f'<Relationship Id="{rid}" Type="{_IMAGE}" Target="{cible}"/>'
                        for rid, cible in ajoutees)
        if texte.rstrip().endswith("/>") and "</Relationships>" not in texte:
            texte = re.sub(r"<Relationships([^>]*)/>", r"<Relationships\1></Relationships>",
                           texte)
        return texte.replace("</Relationships>", ajout + "</Relationships>").encode("utf-8")


def _contexte(exc: TemplateError, source: str) -> TemplateError:
    """docxtpl's location of a Jinja error: the text around the failing line."""
    ligne = getattr(exc, "lineno", None)
    if ligne is not None:
        debut = max(ligne - 4, 0)
        exc.docx_context = [re.sub(r"<[^>]+>", "", x)  # type: ignore[attr-defined]
                            for x in source.splitlines()[debut:debut + 7]]
    return exc


_VERROU = threading.Lock()
_GABARITS: dict[tuple[Path, int, int], Gabarit] = {}


def gabarit(chemin: Path) -> Gabarit:
    """The prepared template of ``chemin`` (prepared once per process and file version)."""
    etat = chemin.stat()
    cle = (chemin.resolve(), etat.st_mtime_ns, etat.st_size)
    trouve = _GABARITS.get(cle)
    if trouve is None:
        with _VERROU:
            trouve = _GABARITS.get(cle)
            if trouve is None:
                trouve = _GABARITS[cle] = Gabarit(chemin, chemin.read_bytes())
    return trouve


def rendre(modele: Path, contexte: Mapping[str, Any]) -> bytes:
    """Render ``modele`` with a sanitised context: DOCX bytes, deterministic."""
    prepare = gabarit(modele)
    if not prepare.compatible:
        return normaliser(render.rendre_docxtpl(modele, contexte))
    return prepare.rendre(contexte)
