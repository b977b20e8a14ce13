"""The render engine: one Word template prepared once, rendered for many contracts.

Preparing a template runs docxtpl's own steps once (``docxtpl_adapter.sources``: the
Jinja source of the body, headers, footers and footnotes) and compiles each part that
holds a tag. Rendering runs the compiled parts with the context, applies docxtpl's
post-processing (listings, table grids, picture ids), checks that every rendered part
is well-formed XML (a part that is not is an error, never « repaired ») and writes a zip
whose untouched members are copied still compressed, with fixed timestamps: the same
template and data always give the same bytes.

Prepared templates are cached per process by path and content: a template edited
between two renderings is prepared again (``cpom preview --watch``), an unchanged one
never. The cache is shared by threads; a rendering keeps its state to itself.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import marshal
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.parsers import expat

from docx.image.image import Image as ImageDocx
from docx.oxml.shape import CT_Inline
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError
from lxml import etree

from generator.load import limites
from generator.problems import ErreurCpom, Lieu, cause_systeme
from generator.render import (
    budget,
    cache_disque,
    docx_zip,
    docxtpl_adapter,
    grilles,
    tableaux,
)
from generator.render.budget import BudgetDepasse
from generator.render.docx_zip import Membre
from generator.render.filters import environnement, finaliser
from generator.render.images import Image

_BALISE = re.compile(r"\{[{%#]")
_DEBUT_PARAGRAPHE = re.compile(r"<w:p([ >])")  # one paragraph per line of Jinja source
# docxtpl's escapes of a template's literal text ({_{ prints {{): replaced in the source,
# so that the same characters typed by a user are printed as they are.
_ECHAPPES_EN = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
_ECHAPPES = re.compile("|".join(re.escape(e) for e in _ECHAPPES_EN))
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_RELATIONS = "http://schemas.openxmlformats.org/package/2006/relationships"
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_PROPRIETES = "docProps/core.xml"
CACHE_MAX = 64  # prepared templates kept per process


def libelle_partie(nom: str) -> str:
    """The part of a template as a Word user names it."""
    if "header" in nom:
        return "en-tête"
    if "footer" in nom:
        return "pied de page"
    if "footnotes" in nom:
        return "notes de bas de page"
    if nom == _PROPRIETES:
        return "propriétés du document"
    return "corps"


@cache
def _environnement() -> Any:
    """The rendering environment, plus images printed as docxtpl pictures."""
    return environnement().overlay(
        finalize=lambda valeur: docxtpl_adapter.finaliser(finaliser(valeur)))


# --- images -------------------------------------------------------------------------------

@dataclass
class _Rendu:
    """State of one rendering: media parts and relationships added per part."""

    gabarit: Gabarit
    medias: dict[str, str] = field(default_factory=dict)  # sha1 → member name
    nouveaux: list[Membre] = field(default_factory=list)
    relations: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # extension → content type

    def relation_image(self, partie: str, image: ImageDocx, empreinte: str) -> str:
        """The relationship id of ``image`` from ``partie`` (media part added once)."""
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


class _Partie:
    """The part being rendered, as docxtpl's ``InlineImage`` sees it."""

    def __init__(self, rendu: _Rendu, nom: str) -> None:
        self.rendu = rendu
        self.nom = nom

    def new_pic_inline(self, image: Image, largeur: Any = None, hauteur: Any = None
                       ) -> CT_Inline:
        docx = image.lue
        cx, cy = docx.scaled_dimensions(largeur, hauteur)
        rid = self.rendu.relation_image(self.nom, docx, image.empreinte)
        # python-docx's shape id: one more than the largest id of the template's part
        identifiant = self.rendu.gabarit.premiers_ids.get(self.nom, 1)
        return CT_Inline.new_pic_inline(identifiant, rid, docx.filename, cx, cy)


# --- a prepared template ------------------------------------------------------------------

def _sans_doctype(*_: object) -> None:
    raise ValueError("déclaration DOCTYPE interdite dans un document Word")


def _relations(partie: str) -> str:
    dossier, _, nom = partie.rpartition("/")
    return f"{dossier}/_rels/{nom}.rels" if dossier else f"_rels/{nom}.rels"


@dataclass(frozen=True)
class _PartieCompilee:
    nom: str  # zip member name (word/document.xml)
    source: str  # Jinja source (one paragraph per line)
    modele: Any  # compiled Jinja template
    corps: bool = False
    colonnes: bool = False  # cells added or merged by tags: table grids to fix


def _reparer_grilles(racine: Any) -> None:
    """The grids of the tables of ``racine`` after tags changed their cells: docxtpl's
    ``fix_tables``, then the template's column widths (``grilles``)."""
    docxtpl_adapter.reparer_tableaux(racine)
    grilles.ajuster(racine)


_ID_IMAGE = re.compile(r'(:docPr\s(?:[^>]*?\s)?id=")[^"]*"')  # literal first: fast scan
_NOM_DE_BALISE = re.compile(r"<[\w.-]+\Z")


def _numeroter_images(xml: str) -> str:
    """The body's pictures numbered 1001, 1002… in order (docxtpl's ids), on the text;
    on a tree when a picture's tag is not written as Word and lxml write it."""
    numeros = itertools.count(1001)
    balises = []

    def numeroter(trouve: re.Match[str]) -> str:
        balises.append(_NOM_DE_BALISE.match(xml, xml.rfind("<", 0, trouve.start()),
                                            trouve.start()) is not None)
        return f'{trouve[1]}{next(numeros)}"'

    numerote = _ID_IMAGE.sub(numeroter, xml)
    if all(balises) and len(balises) == xml.count(":docPr "):
        return numerote
    arbre = docx_zip.arbre(xml)
    for numero, element in enumerate(arbre.iter(_DOCPR), start=1001):
        element.set("id", str(numero))
    return etree.tostring(arbre, encoding="unicode")


class Gabarit:
    """A Word template prepared once: compiled parts, untouched members kept compressed."""

    def __init__(self, chemin: Path, octets: bytes) -> None:
        self.chemin = chemin
        self.nom = f"{chemin.parent.name}/{chemin.name}"
        try:
            with zipfile.ZipFile(io.BytesIO(octets)) as archive:
                limites.verifier_zip(archive, Lieu(fichier=str(chemin)), modele=True)
            self.membres = docx_zip.lire_membres(octets)
            cle = cache_disque.cle("gabarit", octets)
            entree = cache_disque.lire(cle)
            sources, codes = entree if entree else (docxtpl_adapter.sources(octets), {})
        except ErreurCpom:
            raise
        except Exception as exc:  # not a zip, not a Word document, damaged part
            raise ErreurCpom.modele(f"modèle Word illisible ({illisible(exc)})",
                                    Lieu(fichier=str(chemin))) from None
        self.noms = {m.nom for m in self.membres}
        self.avant, self.apres = sources.avant, sources.apres
        self.parties: list[_PartieCompilee] = []
        self.premiers_ids: dict[str, int] = {}
        self._codes: dict[str, bytes] = codes  # compiled parts, as stored on disk
        for partie in sources.parties:
            self._compiler(partie.nom, partie.source, partie.corps, partie.colonnes)
            ids = re.findall(rb'\sid="(\d+)"', docx_zip.lire(self.membres, partie.nom))
            self.premiers_ids[partie.nom] = max(map(int, ids), default=0) + 1
        if _PROPRIETES in self.noms:  # File > Properties (title, subject…) may hold tags
            proprietes = docx_zip.lire(self.membres, _PROPRIETES).decode("utf-8")
            self._compiler(_PROPRIETES, re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", proprietes))
        if entree is None:
            cache_disque.ecrire(cle, (sources, self._codes))
        self.identifiants: dict[str, set[str]] = {}
        for partie in self.noms:
            rels = _relations(partie)
            if not partie.endswith(".rels") and rels in self.noms:
                texte = docx_zip.lire(self.membres, rels).decode("utf-8")
                self.identifiants[partie] = set(re.findall(r'Id="([^"]+)"', texte))
        types = docx_zip.lire(self.membres, "[Content_Types].xml").decode("utf-8")
        self.extensions = {e.lower() for e in re.findall(r'Extension="([^"]+)"', types)}

    def _compiler(self, nom: str, source: str, corps: bool = False,
                  colonnes: bool = False) -> None:
        if not corps and not _BALISE.search(source):
            return  # no tag: the member is copied as it is
        source = _DEBUT_PARAGRAPHE.sub(r"\n<w:p\1", source)
        source = _ECHAPPES.sub(lambda m: "{{ '" + _ECHAPPES_EN[m[0]] + "' }}", source)
        env = _environnement()
        try:
            if nom in self._codes:
                code = marshal.loads(self._codes[nom])
            else:
                code = env.compile(source)
                self._codes[nom] = marshal.dumps(code)
            modele = env.template_class.from_code(env, code, env.make_globals(None), None)
        except TemplateError as exc:
            raise self._erreur(exc, nom, source) from None
        self.parties.append(_PartieCompilee(nom, source, modele, corps, colonnes))

    # -- rendering ----------------------------------------------------------------------
    def rendre(self, contexte: Mapping[str, Any]) -> bytes:
        """The DOCX bytes of this template rendered with a prepared context."""
        rendu = _Rendu(self)
        contexte = dict(contexte)
        remplaces: dict[str, bytes] = {}
        with budget.rendu():
            for partie in self.parties:
                jeton = docxtpl_adapter.PARTIE_COURANTE.set(_Partie(rendu, partie.nom))
                try:
                    remplaces[partie.nom] = self._rendre_partie(partie, contexte)
                finally:
                    docxtpl_adapter.PARTIE_COURANTE.reset(jeton)
        for partie, ajoutees in rendu.relations.items():
            remplaces[_relations(partie)] = self._relations_avec(partie, ajoutees)
        if rendu.types:
            types = docx_zip.lire(self.membres, "[Content_Types].xml").decode("utf-8")
            ajout = "".join(f'<Default Extension="{e}" ContentType="{t}"/>'
                            for e, t in sorted(rendu.types.items()))
            remplaces["[Content_Types].xml"] = types.replace("</Types>",
                                                             ajout + "</Types>").encode("utf-8")
        membres = [Membre.nouveau(m.nom, remplaces.pop(m.nom)) if m.nom in remplaces else m
                   for m in self.membres]
        membres += [Membre.nouveau(nom, contenu) for nom, contenu in remplaces.items()]
        return docx_zip.ecrire_membres([*membres, *rendu.nouveaux])

    def _rendre_partie(self, partie: _PartieCompilee, contexte: dict[str, Any]) -> bytes:
        """docxtpl's ``render_xml_part``, a strict XML check, then for the body the grids
        of the tables whose cells tags changed (``fix_tables``) and the picture ids."""
        try:
            xml = budget.produire(partie.modele.generate(contexte))
        except TemplateError as exc:
            raise self._erreur(exc, partie.nom, partie.source) from None
        except ErreurCpom:
            raise
        except (Exception, RecursionError) as exc:
            if not _du_modele(exc):
                raise  # a bug of a filter or of the engine: « erreur interne »
            raise self._erreur(exc, partie.nom, partie.source) from None
        # the line breaks put before each paragraph (user text is escaped: no « < »)
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if partie.nom != _PROPRIETES and docxtpl_adapter.a_listing(xml):
            xml = docxtpl_adapter.resoudre_listing(xml)
        self._verifier_xml(xml, partie.nom)
        if partie.corps:
            try:
                if partie.colonnes:  # cells added or removed by tags: those tables' grids
                    xml = tableaux.reparer(xml, _reparer_grilles)
                if ":docPr " in xml:
                    xml = _numeroter_images(xml)
            except etree.XMLSyntaxError as exc:  # beyond lxml's limits (depth, size)
                raise self._xml_invalide(exc, partie.nom) from None
            xml = self.avant + xml + self.apres
        return (_DECLARATION + xml).encode("utf-8")

    def _verifier_xml(self, xml: str, nom: str) -> None:
        """A rendered part must be well-formed, namespaces included (checked by expat,
        no tree built): a tag that writes raw XML (``|safe``) or breaks the document's
        structure is reported, never repaired."""
        try:
            verificateur = expat.ParserCreate(namespace_separator=" ")
            verificateur.StartDoctypeDeclHandler = _sans_doctype  # no entity of its own
            verificateur.Parse(xml.encode("utf-8"), True)
        except (expat.ExpatError, UnicodeEncodeError, ValueError) as exc:
            raise self._xml_invalide(exc, nom) from None

    def _xml_invalide(self, exc: Exception, nom: str) -> ErreurCpom:
        return ErreurCpom.modele(
            f"le document produit n'est pas un document Word valide ({exc}) : une balise "
            "du modèle écrit du XML brut (filtre « safe ») ou casse la structure d'un "
            "paragraphe ou d'un tableau", Lieu(fichier=self.nom, partie=libelle_partie(nom)))

    def _relations_avec(self, partie: str, ajoutees: list[tuple[str, str]]) -> bytes:
        nom = _relations(partie)
        texte = (docx_zip.lire(self.membres, nom).decode("utf-8") if nom in self.noms else
                 f'{_DECLARATION}<Relationships xmlns="{_RELATIONS}"></Relationships>')
        ajout = "".join(f'<Relationship Id="{rid}" Type="{_IMAGE}" Target="{cible}"/>'
                        for rid, cible in ajoutees)
        if texte.rstrip().endswith("/>") and "</Relationships>" not in texte:
            texte = re.sub(r"<Relationships([^>]*)/>", r"<Relationships\1></Relationships>",
                           texte)
        return texte.replace("</Relationships>", ajout + "</Relationships>").encode("utf-8")

    # -- errors -------------------------------------------------------------------------
    def _erreur(self, exc: BaseException, nom: str, source: str) -> ErreurCpom:
        """A Jinja error as a French problem located in the template: the part and the
        text of the paragraph, as the user sees it in Word."""
        ligne = _ligne(exc)
        extrait = ""
        if ligne is not None:
            lignes = source.splitlines()
            if 0 < ligne <= len(lignes):
                extrait = _texte(lignes[ligne - 1])
        return ErreurCpom.modele(_message(exc, extrait),
                                 Lieu(fichier=self.nom, partie=libelle_partie(nom),
                                      extrait=extrait))


def illisible(exc: Exception) -> str:
    """Why a template cannot be read, in French."""
    texte = str(exc)
    if isinstance(exc, zipfile.BadZipFile):
        return "ce n'est pas un document Word .docx : fichier abîmé ou d'un autre format"
    if isinstance(exc, KeyError) and "no item named" in texte:
        partie = re.search(r"named '([^']+)'", texte)
        return (f"partie « {partie[1] if partie else texte} » manquante : document Word "
                "incomplet, réenregistrez-le dans Word")
    if "macroEnabled" in texte:
        return ("document Word avec macros (.docm renommé) : enregistrez-le dans Word au "
                "format « Document Word (.docx) », sans macros")
    if "is not a Word file" in texte:
        return "ce n'est pas un document Word (type de contenu inattendu)"
    if "amplification" in texte or "entity" in texte.lower():
        return "entités XML démesurées ou interdites : fichier piégé ou abîmé"
    return f"{type(exc).__name__} : {texte}"


def _du_modele(exc: BaseException) -> bool:
    """An exception raised by a template's own code (``1/0``, a macro calling itself) or
    by Jinja's runtime for it, rather than by a filter of ours (a bug)."""
    if isinstance(exc, RecursionError | MemoryError):
        return True
    trace = exc.__traceback__
    dernier = None
    while trace is not None:
        dernier = trace.tb_frame.f_code.co_filename
        trace = trace.tb_next
    return dernier is not None and (dernier == "<template>" or "jinja2" in Path(dernier).parts)


def _ligne(exc: BaseException) -> int | None:
    """The template line of a Jinja error (syntax errors carry it; runtime errors have
    it in the frames Jinja adds to the traceback)."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno
    trouvee = None
    trace: TracebackType | None = exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            trouvee = trace.tb_lineno
        trace = trace.tb_next
    return trouvee


def _texte(ligne: str, longueur: int = 120) -> str:
    texte = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", ligne))).strip()
    return texte if len(texte) <= longueur else texte[:longueur - 1] + "…"


_FRANCAIS = {
    ZeroDivisionError: "division par zéro",
    RecursionError: "une macro s'appelle sans fin (récursion)",
    MemoryError: "mémoire insuffisante pour cette balise",
}


def _message(exc: BaseException, extrait: str) -> str:
    """A French message for the Jinja errors a template maintainer can make."""
    if isinstance(exc, BudgetDepasse):
        return str(exc.message)
    for classe, francais in _FRANCAIS.items():
        if isinstance(exc, classe):
            return f"balise impossible à évaluer ({francais})"
    texte = str(exc.message if isinstance(exc, TemplateSyntaxError) else exc)
    if isinstance(exc, UndefinedError):
        attribut = re.search(r"has no attribute '([^']+)'", texte)
        nom = re.search(r"'([^']+)' is undefined", texte)
        if attribut:
            expression = re.search(rf"[\w.\[\]'\"]*\.{re.escape(attribut[1])}\b", extrait)
            champ = expression[0] if expression else attribut[1]
            return (f"champ inconnu « {champ} » : vérifiez son nom (cpom schema VARIANTE "
                    "liste les champs)")
        if nom:
            return (f"variable inconnue « {nom[1]} » : vérifiez son nom (cpom schema VARIANTE "
                    "liste les champs)")
    if isinstance(exc, SecurityError):
        return f"opération interdite dans un modèle ({texte})"
    if isinstance(exc, TemplateSyntaxError):
        return f"erreur de syntaxe dans une balise ({texte})"
    return f"balise impossible à évaluer ({texte})"


# --- the cache ----------------------------------------------------------------------------

_VERROU = threading.Lock()
_GABARITS: OrderedDict[tuple[str, str], Gabarit] = OrderedDict()


def gabarit(chemin: Path) -> Gabarit:
    """The prepared template of ``chemin`` as it is now (prepared once per content)."""
    try:
        if chemin.stat().st_size > limites.MODELE_TAILLE.valeur:
            raise ErreurCpom.modele(limites.message("modèle Word trop volumineux",
                                                    limites.MODELE_TAILLE),
                                    Lieu(fichier=str(chemin)))
        octets = chemin.read_bytes()
    except OSError as exc:
        raise ErreurCpom.modele(f"modèle Word illisible ({cause_systeme(exc)})",
                                Lieu(fichier=str(chemin))) from None
    return gabarit_octets(chemin, octets)


def gabarit_octets(chemin: Path, octets: bytes) -> Gabarit:
    """The prepared template of these bytes (``chemin`` names it in messages)."""
    cle = (str(chemin.resolve()), hashlib.sha256(octets).hexdigest())
    with _VERROU:
        trouve = _GABARITS.get(cle)
        if trouve is not None:
            _GABARITS.move_to_end(cle)
            return trouve
    prepare = Gabarit(chemin, octets)
    with _VERROU:
        _GABARITS[cle] = prepare
        while len(_GABARITS) > CACHE_MAX:
            _GABARITS.popitem(last=False)
    return prepare


def rendre(chemin: Path, contexte: Mapping[str, Any]) -> bytes:
    """Render the template ``chemin`` with a prepared context: DOCX bytes."""
    return gabarit(chemin).rendre(contexte)
