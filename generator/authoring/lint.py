"""``cpom templates check``: find every problem of a Word template in one pass.

Each problem is located in the Word file (part, paragraph or table/row/cell, surrounding
text) so that a legal officer can find it: split tags, typographic quotes in tags, two
``{%p``-style tags in one paragraph, unbalanced blocks, Jinja syntax errors, and variables
the variant's schema does not define (by full dotted path, with a suggestion); and in
the package: macros, external relationships, fields that insert another file.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docx import Document
from jinja2 import TemplateSyntaxError, nodes

from generator.authoring.reference import arbre
from generator.fields.tree import Noeud
from generator.load import limites
from generator.output.writing import ecrire_atomique
from generator.problems import ErreurCpom, Lieu, Nature, Probleme
from generator.render.engine import illisible, libelle_partie
from generator.render.filters import environnement
from generator.variants import Variante

BALISE = re.compile(r"\{[{%].*?[%}]\}")
OUVRANTE = re.compile(r"\{[{%]")
FERMANTE = re.compile(r"[%}]\}")
GUILLEMETS = "«»“”‘’„"
# docxtpl's own syntax: {%p …%} {%tr …%} {%tc …%} {%r …%} and {{p …}} {{r …}}, no space
SPECIALES = re.compile(r"\{[%{](p|tr|tc|r) ")
BLOC = re.compile(r"\{%-?(?:p|tr|tc|r)?\s*(if|for|endif|endfor|elif|else)\b")
NOMS_JINJA = {"loop", "true", "false", "none", "True", "False", "None", "range", "namespace"}


@dataclass
class Paragraphe:
    """One paragraph of the template with its location."""

    partie: str  # « corps », « en-tête », « pied de page »
    lieu: str  # « paragraphe 12 » or « tableau 2, ligne 3, cellule 1 »
    texte: str
    objet: object  # python-docx Paragraph (for comments)


    def emplacement(self, fichier: str = "") -> Lieu:
        extrait = re.sub(r"\s+", " ", self.texte).strip()
        extrait = extrait if len(extrait) <= 70 else extrait[:67] + "…"
        return Lieu(fichier=fichier, partie=self.partie, paragraphe=self.lieu, extrait=extrait)


@dataclass
class _Constat:
    """A problem found in one paragraph (``None``: in the template as a whole)."""

    paragraphe: Paragraphe | None
    message: str

    def probleme(self, fichier: str) -> Probleme:
        lieu = self.paragraphe.emplacement(fichier) if self.paragraphe else Lieu(fichier=fichier)
        return Probleme(self.message, lieu, nature=Nature.MODELE)


def paragraphes(document) -> list[Paragraphe]:
    """Body paragraphs (tables cell by cell), then headers and footers."""
    resultat: list[Paragraphe] = []
    numero = 0
    tableau = 0

    def cellules(table, prefixe: str) -> None:
        for r, ligne in enumerate(table.rows, 1):
            vues: set[int] = set()
            for c, cellule in enumerate(ligne.cells, 1):
                if id(cellule._tc) in vues:  # merged cells repeat
                    continue
                vues.add(id(cellule._tc))
                for p in cellule.paragraphs:
                    resultat.append(Paragraphe("corps", f"{prefixe}, ligne {r}, cellule {c}",
                                               p.text, p))
                for t, sous in enumerate(cellule.tables, 1):
                    cellules(sous, f"{prefixe}, ligne {r}, cellule {c}, tableau {t}")

    for element in document.iter_inner_content():
        if hasattr(element, "rows"):
            tableau += 1
            cellules(element, f"tableau {tableau}")
        else:
            numero += 1
            resultat.append(Paragraphe("corps", f"paragraphe {numero}", element.text, element))
    for s, section in enumerate(document.sections, 1):
        for nom, partie in (("en-tête", section.header), ("pied de page", section.footer)):
            if partie.is_linked_to_previous and s > 1:
                continue
            for i, p in enumerate(partie.paragraphs, 1):
                resultat.append(Paragraphe(nom, f"section {s}, paragraphe {i}", p.text, p))
    return resultat


def _verifier_paragraphe(p: Paragraphe) -> list[_Constat]:
    problemes = []
    for balise in BALISE.findall(p.texte):
        signes = sorted({c for c in balise if c in GUILLEMETS})
        if signes:
            problemes.append(_Constat(p, f"guillemets typographiques {' '.join(signes)} dans la "
                                         f"balise {balise} : écrire les textes hors des balises "
                                         "ou désactiver la correction automatique des guillemets"))
    speciales = SPECIALES.findall(p.texte)
    if len(speciales) > 1:
        problemes.append(_Constat(p, f"{len(speciales)} balises {{%{speciales[0]} … %}} dans le "
                                     "même paragraphe : une seule par paragraphe, ligne, cellule "
                                     "ou portion de texte"))
    return problemes


def _coupures(liste: list[Paragraphe]) -> list[_Constat]:
    """Tags opened in one paragraph and closed in another (docxtpl silently merges them)."""
    problemes = []
    for i, p in enumerate(liste):
        ouvertes, fermees = len(OUVRANTE.findall(p.texte)), len(FERMANTE.findall(p.texte))
        if ouvertes > fermees:
            suite = liste[i + 1].texte.strip()[:40] if i + 1 < len(liste) else ""
            problemes.append(_Constat(p, "balise coupée sur deux paragraphes (elle continue dans "
                                         f"le paragraphe suivant « {suite} ») : une balise doit "
                                         "tenir dans un seul paragraphe, la retaper d'un seul "
                                         "tenant"))
        elif fermees > ouvertes and not (i and len(OUVRANTE.findall(liste[i - 1].texte))
                                         > len(FERMANTE.findall(liste[i - 1].texte))):
            problemes.append(_Constat(p, "fin de balise sans début dans ce paragraphe"))
    return problemes


def _equilibre(liste: list[Paragraphe]) -> list[_Constat]:
    """Blocks opened and closed in order (if/endif, for/endfor), per part."""
    problemes: list[_Constat] = []
    for partie in ("corps", "en-tête", "pied de page"):
        pile: list[tuple[str, Paragraphe]] = []
        for p in (x for x in liste if x.partie == partie):
            for mot in BLOC.findall(p.texte):
                if mot in ("if", "for"):
                    pile.append((mot, p))
                elif mot in ("elif", "else"):
                    if not pile:
                        problemes.append(_Constat(p, f"{{% {mot} %}} sans {{% if %}} ouvert"))
                elif not pile or pile[-1][0] != mot[3:]:
                    attendu = f" (bloc {{% {pile[-1][0]} %}} ouvert plus haut)" if pile else ""
                    problemes.append(_Constat(p, f"{{% {mot} %}} sans {{% {mot[3:]} %}} "
                                                 f"correspondant{attendu}"))
                    if pile and mot[3:] in (m for m, _ in pile):
                        while pile and pile[-1][0] != mot[3:]:
                            pile.pop()
                        pile.pop()
                else:
                    pile.pop()
        for mot, p in pile:
            problemes.append(_Constat(p, f"bloc {{% {mot} %}} jamais fermé (il manque "
                                         f"{{% end{mot} %}})"))
    return problemes


_SPECIALE_OUVRANTE = re.compile(r"\{([{%])(?:p|tr|tc|r) ")
_TAGS_DOCXTPL = re.compile(r"\{%\s*(?:vm|hm|colspan\s[^%]*|cellbg\s[^%]*)\s*%\}")


def _source(liste: list[Paragraphe]) -> str:
    """Jinja source of one part at text level: one line per paragraph, docxtpl's
    ``{%p``/``{%tr``/``{%tc``/``{%r`` reduced to plain tags, already reported tags blanked."""
    lignes = []
    for p in liste:
        texte = p.texte.replace("\n", " ")
        texte = _SPECIALE_OUVRANTE.sub(lambda m: "{" + m[1] + " ", texte)
        texte = _TAGS_DOCXTPL.sub("", texte)
        texte = BALISE.sub(lambda m: "" if any(c in m[0] for c in GUILLEMETS) else m[0], texte)
        lignes.append(texte)
    return "\n".join(lignes)


def _chemins(ast: nodes.Template) -> list[tuple[list[str], str]]:
    """Dotted paths used by the template, loop variables resolved to their list path."""
    trouves: list[tuple[list[str], str]] = []

    def chaine(noeud: nodes.Node, portee: dict[str, list[str]]) -> list[str] | None:
        if isinstance(noeud, nodes.Name):
            if noeud.name in portee:
                return list(portee[noeud.name])
            return None if noeud.name in NOMS_JINJA else [noeud.name]
        if isinstance(noeud, nodes.Getattr):
            base = chaine(noeud.node, portee)
            return None if base is None else [*base, noeud.attr]
        if isinstance(noeud, nodes.Getitem) and isinstance(noeud.arg, nodes.Const):
            base = chaine(noeud.node, portee)
            return None if base is None else [*base, str(noeud.arg.value)]
        return None

    def visiter(noeud: nodes.Node, portee: dict[str, list[str]]) -> None:
        if isinstance(noeud, nodes.For):
            visiter(noeud.iter, portee)
            source = chaine(noeud.iter, portee)
            interieur = dict(portee)
            if isinstance(noeud.target, nodes.Name) and source is not None:
                interieur[noeud.target.name] = [*source, "[]"]
            elif isinstance(noeud.target, nodes.Name):
                interieur[noeud.target.name] = ["?"]
            for enfant in [*noeud.body, *noeud.else_]:
                visiter(enfant, interieur)
            if noeud.test is not None:
                visiter(noeud.test, interieur)
            return
        if isinstance(noeud, nodes.Getattr | nodes.Name | nodes.Getitem):
            chemin = chaine(noeud, portee)
            if chemin is not None and chemin[0] != "?":
                trouves.append((chemin, _texte_source(noeud)))
                return
        for enfant in noeud.iter_child_nodes():
            visiter(enfant, portee)

    visiter(ast, {})
    return trouves


def _texte_source(noeud: nodes.Node) -> str:
    if isinstance(noeud, nodes.Name):
        return noeud.name
    if isinstance(noeud, nodes.Getattr):
        return f"{_texte_source(noeud.node)}.{noeud.attr}"
    if isinstance(noeud, nodes.Getitem) and isinstance(noeud.arg, nodes.Const):
        return f"{_texte_source(noeud.node)}[{noeud.arg.value!r}]"
    return ""


def _verifier_chemin(racine: Noeud, chemin: list[str]) -> str | None:
    """None when the path exists, else a French message with a suggestion."""
    noeud: Noeud | None = racine
    parcouru: list[str] = []
    for segment in chemin:
        if noeud is None or noeud.libre or noeud.type not in ("bloc", "liste"):
            return None  # leaf or free table: attributes of values are not checked
        if segment == "[]":
            noeud = noeud.element
            parcouru.append("[]")
            continue
        if noeud.type == "liste":
            return None  # list methods / filters
        suivant = noeud.enfant(segment)
        if suivant is None:
            proches = difflib.get_close_matches(segment, list(noeud.enfants), n=1, cutoff=0.6)
            ou = ".".join(parcouru).replace(".[]", "[]") or "la racine"
            suggestion = f", vouliez-vous dire {proches[0]} ?" if proches else ""
            return f"champ inconnu « {segment} » dans {ou}{suggestion}"
        parcouru.append(segment)
        noeud = suivant
    return None


_EXTERNE = re.compile(rb'<Relationship\b[^>]*TargetMode="External"[^>]*>')
_LIEN = "/hyperlink"
_CHAMPS_DANGEREUX = re.compile(r"\b(INCLUDETEXT|INCLUDEPICTURE|DDEAUTO|DDE|IMPORT|LINK)\b")
_INSTRUCTIONS = re.compile(rb'<w:instrText[^>]*>([^<]*)</w:instrText>|w:instr="([^"]*)"')
_MACROS = ("vbaProject.bin", "vbaData.xml")


def _paquet(chemin: Path, nom: str) -> tuple[list[Probleme], bool]:
    """Problems of the package itself, before its text is read: not a Word file, too
    large, macros, external relationships (a linked template, image or object), fields
    that fetch another file (INCLUDETEXT, INCLUDEPICTURE, DDE). The flag: readable."""
    lieu = Lieu(fichier=nom)

    def probleme(message: str) -> Probleme:
        return Probleme(message, lieu, nature=Nature.MODELE)

    try:
        with zipfile.ZipFile(chemin) as archive:
            limites.verifier_zip(archive, lieu, modele=True)
            noms = archive.namelist()
            parties = {n: archive.read(n) for n in noms
                       if n.endswith((".rels", ".xml")) and not n.startswith("customXml")}
    except ErreurCpom as exc:
        return exc.problemes, False
    except (zipfile.BadZipFile, OSError, KeyError, EOFError) as exc:
        return [probleme(f"modèle Word illisible (ce n'est pas un document .docx : "
                         f"{type(exc).__name__})")], False
    trouves = []
    macros = [n for n in noms if n.rsplit("/", 1)[-1] in _MACROS]
    types = parties.get("[Content_Types].xml", b"")
    if macros or b"macroEnabled" in types:
        trouves.append(probleme(
            f"macros VBA ({', '.join(macros) or 'document .docm'}) : un modèle ne contient "
            "pas de code ; enregistrez-le dans Word au format « Document Word (.docx) »"))
    for partie, contenu in parties.items():
        if partie.endswith(".rels"):
            for relation in _EXTERNE.findall(contenu):
                texte = relation.decode("utf-8", "replace")
                if _LIEN in texte:
                    continue  # a hyperlink is text the reader clicks, not content loaded
                cible = re.search(r'Target="([^"]*)"', texte)
                trouves.append(probleme(
                    f"relation externe vers « {cible[1] if cible else '?'} » ({partie}) : "
                    "le document chargerait un fichier hors de lui-même ; incorporez "
                    "l'image ou le contenu, ou supprimez le lien"))
        else:
            for instruction in _INSTRUCTIONS.findall(contenu):
                texte = b"".join(instruction).decode("utf-8", "replace")
                champ = _CHAMPS_DANGEREUX.search(texte)
                if champ:
                    trouves.append(probleme(
                        f"champ {champ[1]} ({libelle_partie(partie)} : « {texte.strip()[:80]} ») "
                        "qui insère un autre fichier à l'ouverture : supprimez ce champ "
                        "(Alt+F9 montre les codes de champ dans Word)"))
    return trouves, True


def _regrouper(problemes: list[Probleme], garder: int = 3) -> list[Probleme]:
    """One message repeated in many places is listed ``garder`` times, the last with the
    number of other places (not 180 times)."""
    comptes: dict[str, int] = {}
    for probleme in problemes:
        comptes[probleme.message] = comptes.get(probleme.message, 0) + 1
    vus: dict[str, int] = {}
    sortie = []
    for probleme in problemes:
        rang = vus[probleme.message] = vus.get(probleme.message, 0) + 1
        if rang < garder or (comptes[probleme.message] == garder and rang == garder):
            sortie.append(probleme)
        elif rang == garder:
            autres = comptes[probleme.message] - garder + 1
            sortie.append(replace(probleme, message=f"{probleme.message} (et {autres - 1} "
                                                     "autre(s) endroit(s) du modèle)"
                                  if autres > 1 else probleme.message))
    return sortie


def verifier(chemin: Path, variante: Variante | None, nom: str = "") -> list[Probleme]:
    """Every problem of one template, in document order (``nom``: the template's name in
    the messages, its path by default); one problem repeated in many places is listed a
    few times with the count of the others."""
    du_paquet, lisible = _paquet(chemin, nom or str(chemin))
    if not lisible:
        return du_paquet
    try:
        document = Document(str(chemin))
    except Exception as exc:  # python-docx: not a Word document, damaged part
        if du_paquet and "macro" in str(exc):
            return du_paquet  # already said: a .docm
        return [*du_paquet, Probleme(f"modèle Word illisible ({illisible(exc)})",
                                     Lieu(fichier=nom or str(chemin)), nature=Nature.MODELE)]
    return du_paquet + _regrouper(_verifier_document(document, variante, nom or str(chemin)))


def _verifier_document(document: Any, variante: Variante | None, nom: str) -> list[Probleme]:
    liste = paragraphes(document)
    problemes = _coupures(liste) + [pb for p in liste for pb in _verifier_paragraphe(p)]
    equilibre = _equilibre(liste)
    problemes += equilibre
    racine = arbre(variante) if variante is not None else None
    for partie in ("corps", "en-tête", "pied de page"):
        sous = [p for p in liste if p.partie == partie]
        if not sous or equilibre:  # Jinja would only repeat the first unbalanced block
            continue
        try:
            ast = environnement().parse(_source(sous))
        except TemplateSyntaxError as exc:
            p = sous[min(max((exc.lineno or 1) - 1, 0), len(sous) - 1)]
            problemes.append(_Constat(p, f"erreur de syntaxe : {exc.message}"))
            continue
        if racine is None:
            continue
        vus: set[str] = set()
        for segments, texte in _chemins(ast):
            message = _verifier_chemin(racine, segments)
            if message and texte not in vus:
                vus.add(texte)
                cibles = [p for p in sous if texte in p.texte]
                for p in cibles or [None]:
                    problemes.append(_Constat(p, f"{message} ({texte})"))
    ordre = {id(p): i for i, p in enumerate(liste)}
    problemes.sort(key=lambda pb: ordre.get(id(pb.paragraphe), -1))
    return [pb.probleme(nom) for pb in problemes]


def annoter(chemin: Path, problemes: list[Probleme], sortie: Path) -> int:
    """Copy the template with one Word comment per problem; returns the number placed."""
    document = Document(str(chemin))
    liste = paragraphes(document)
    par_lieu = {(p.partie, p.lieu): p for p in liste}
    premier = next((p for p in liste if p.objet.runs), None)
    poses = 0
    for probleme in problemes:
        lieu = probleme.lieu
        cible = par_lieu.get((lieu.partie, lieu.paragraphe))
        if cible is not None and (cible.partie != "corps" or not cible.objet.runs):
            cible = None  # Word has no comments in headers/footers
        texte = probleme.message if cible is not None or not lieu.partie else \
            probleme.texte(fichier=False)
        cible = cible or premier
        if cible is None:
            continue
        document.add_comment(cible.objet.runs, text=texte, author="cpom templates check",
                             initials="CPOM")
        poses += 1
    flux = io.BytesIO()
    document.save(flux)
    ecrire_atomique(sortie, flux.getvalue())
    return poses
