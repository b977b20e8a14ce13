"""The contract form, built from the variant's field tree (``generator.fields.tree``):
never drawn by hand per variant, so it follows the schema.

Labels, help and titles are the campaign workbook's words (``fields.libelles`` through
the façade): a person sees the same label and help in the workbook and in the form.
Each input is named by its field path (``objectifs[0].actions[1].intitule``), the very
path the validation reports its errors at: an error goes back to its field by name.
Reading a posted form rebuilds the data as typed (amounts and dates the French way,
which the schemas accept); nothing typed is dropped, not even an unknown field.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape as _echapper
from typing import Any

from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe as _marquer

from generator.api import (
    Noeud,
    Presentation,
    humaniser,
    libelle,
    noeud_de,
    precision,
    presenter,
    segments,
)

NOMBRES = ("montant (€)", "nombre", "pourcentage")


class _Sur(str):
    """HTML already escaped."""


def mark_safe(texte: str) -> _Sur:
    return _Sur(texte)


def escape(valeur: Any) -> str:
    return valeur if isinstance(valeur, _Sur) else _echapper(str(valeur), quote=True)


def format_html(modele: str, *valeurs: Any) -> _Sur:
    """``str.format`` with every value escaped (plain and fast: a form has thousands of
    fields; Django's ``format_html`` costs several times more)."""
    return _Sur(modele.format(*(escape(v) for v in valeurs)))


# --- the words of a field: the workbook's (generator.fields.libelles) ----------------------

_VUES: dict[tuple[int, str], Presentation | None] = {}


def presentation(racine: Noeud, chemin: str) -> Presentation | None:
    """How the field at ``chemin`` is shown in the form: the campaign workbook's words
    (label, description, « obligatoire », the contract's sentence, example), with what to
    type in the form; relative to the list item that holds it, as the workbook's sheet of
    that list. None for an item of a list of texts (its list says it) or an unknown field."""
    generique = re.sub(r"\[[^\]]*\]", "[]", chemin)
    cle = (id(racine), generique)
    if cle not in _VUES:
        if len(_VUES) > 20_000:
            _VUES.clear()
        _VUES[cle] = _presentation(racine, generique)
    return _VUES[cle]


def _presentation(racine: Noeud, generique: str) -> Presentation | None:
    prefixe, _, reste = generique.rpartition("[]")
    reste = reste.removeprefix(".")
    element = noeud_de(racine, prefixe + "[]") if prefixe else racine
    if element is None or not reste or noeud_de(element, reste) is None:
        return None
    return presenter(element, reste, formulaire=True)


def aide(vue: Presentation | None) -> str:
    """The help under a field, sentences in a row."""
    if vue is None:
        return ""
    lignes = [ligne.strip() for ligne in vue.description.splitlines() if ligne.strip()]
    if lignes and lignes[0][-1] not in ".…»!?":
        lignes[0] += "."
    return " ".join(lignes)


def ident(chemin: str) -> str:
    """The HTML id of a field's box: ``champ-objectifs-0--intitule``."""
    return "champ-" + re.sub(r"[^A-Za-z0-9_]", "-", chemin)


def joindre(chemin: str, morceau: str | int) -> str:
    if isinstance(morceau, int):
        return f"{chemin}[{morceau}]"
    return f"{chemin}.{morceau}" if chemin else morceau


# --- values shown -------------------------------------------------------------------------

def affiche(noeud: Noeud, valeur: Any) -> str:
    """A stored value as the form shows it (French decimals and dates)."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if noeud.type == "table" and isinstance(valeur, dict):
        return "\n".join(f"{cle} : {val}" for cle, val in valeur.items())
    if isinstance(valeur, datetime.date):
        return valeur.strftime("%d/%m/%Y")
    texte = str(valeur)
    if noeud.type in NOMBRES and re.fullmatch(r"-?\d+(\.\d+)?", texte):
        entier, _, decimales = texte.partition(".")
        signe, entier = ("-", entier[1:]) if entier.startswith("-") else ("", entier)
        groupes = f"{int(entier):,}".replace(",", " ")  # 1 234 567: the schemas accept it
        return signe + groupes + ("," + decimales if decimales else "")
    if noeud.type.startswith("date") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", texte):
        annee, mois, jour = texte.split("-")
        return f"{jour}/{mois}/{annee}"
    return texte


def en_json(valeur: Any) -> Any:
    """Loaded data (dates, decimals) as JSON the database keeps, French way for dates."""
    if isinstance(valeur, dict):
        return {str(cle): en_json(val) for cle, val in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [en_json(val) for val in valeur]
    if isinstance(valeur, datetime.datetime):
        valeur = valeur.date()
    if isinstance(valeur, datetime.date):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, Decimal | float):
        return str(valeur)
    return valeur


# --- where problems go --------------------------------------------------------------------

def chemins(racine: Noeud, donnees: Any, chemin: str = "") -> Iterator[str]:
    """Every path the form shows for ``donnees``."""
    yield chemin
    if racine.type == "bloc":
        valeurs = donnees if isinstance(donnees, dict) else {}
        for cle, enfant in racine.enfants.items():
            yield from chemins(enfant, valeurs.get(cle), joindre(chemin, cle))
        for cle in valeurs:
            if cle not in racine.enfants:
                yield joindre(chemin, cle)
    elif racine.type == "liste" and racine.element is not None and isinstance(donnees, list):
        for i, valeur in enumerate(donnees):
            yield from chemins(racine.element, valeur, joindre(chemin, i))


def placer(problemes: list[Any], connus: set[str]) -> dict[str, list[Any]]:
    """Problems by the shown path nearest to theirs (a field, else its block or list)."""
    places: dict[str, list[Any]] = {}
    for probleme in problemes:
        chemin = probleme.lieu.champ or ""
        while chemin and chemin not in connus:
            chemin = re.sub(r"(\[\d+\]|\.?[^.\[\]]+)$", "", chemin)
        places.setdefault(chemin, []).append(probleme)
    return places


def nombre_dans(places: dict[str, list[Any]], section: str) -> int:
    """How many of the problems placed by ``placer`` fall in ``section``."""
    return sum(len(liste) for chemin, liste in places.items()
               if chemin == section or chemin.startswith((section + ".", section + "[")))


# --- rendering ----------------------------------------------------------------------------

@dataclass
class Section:
    cle: str
    titre: str
    html: SafeString
    erreurs: int = 0


@dataclass
class Rendu:
    """Renders the form of one contract."""

    racine: Noeud
    erreurs: dict[str, list[Any]] = field(default_factory=dict)
    avertissements: dict[str, list[Any]] = field(default_factory=dict)
    url_image: Callable[[str], str] = lambda chemin: ""
    calculs: dict[str, SafeString] = field(default_factory=dict)

    def sections(self, donnees: dict[str, Any]) -> list[Section]:
        resultat = []
        for cle, noeud in self.racine.enfants.items():
            valeur = donnees.get(cle)
            if cle == "modele":
                resultat.append(Section(cle, "", _marquer(format_html(
                    '<input type="hidden" name="modele" data-seg="modele" value="{}">',
                    affiche(noeud, valeur)))))
                continue
            morceaux = [self.noeud(noeud, valeur, cle, cle, titre=False)]
            if cle in self.calculs:
                morceaux.append(self.calculs[cle])
            resultat.append(Section(cle, libelle(noeud), _marquer("".join(morceaux)),
                                    nombre_dans(self.erreurs, cle)))
        inconnus = [cle for cle in donnees if cle not in self.racine.enfants]
        if inconnus:
            html = "".join(self.feuille(Noeud(cle, "texte"), donnees[cle], cle, cle, True)
                           for cle in inconnus)
            resultat.append(Section("inconnus", "Champs inconnus", _marquer(html),
                                    sum(len(self.erreurs.get(c, [])) for c in inconnus)))
        return resultat

    def problemes(self, chemin: str) -> str:
        morceaux = [format_html('<li class="erreur">{}</li>', p.message)
                    for p in self.erreurs.get(chemin, [])]
        morceaux += [format_html('<li class="avertissement">{}</li>', p.message)
                     for p in self.avertissements.get(chemin, [])]
        return f'<ul class="problemes">{"".join(morceaux)}</ul>' if morceaux else ""

    def noeud(self, noeud: Noeud, valeur: Any, chemin: str, seg: str, titre: bool = True
              ) -> str:
        if noeud.type == "bloc":
            return self.bloc(noeud, valeur, chemin, seg, titre)
        if noeud.type == "liste" and noeud.element is not None:
            return self.liste(noeud, valeur, chemin, seg, titre)
        return self.feuille(noeud, valeur, chemin, seg)

    def bloc(self, noeud: Noeud, valeur: Any, chemin: str, seg: str, titre: bool) -> str:
        valeurs = valeur if isinstance(valeur, dict) else {}
        classe = "bloc erreur" if self.erreurs.get(chemin) else "bloc"
        morceaux = [format_html('<fieldset class="{}" id="{}" data-seg="{}">', classe,
                                ident(chemin), seg)]
        if titre:
            morceaux.append(format_html("<legend>{}</legend>", libelle(noeud)))
        if precision(noeud):
            morceaux.append(format_html('<p class="aide">{}</p>', precision(noeud)))
        morceaux.append(self.problemes(chemin))
        for cle, enfant in noeud.enfants.items():
            morceaux.append(self.noeud(enfant, valeurs.get(cle), joindre(chemin, cle), cle))
        for cle, inconnu in valeurs.items():
            if cle not in noeud.enfants:
                morceaux.append(self.feuille(Noeud(cle, "texte"), inconnu, joindre(chemin, cle),
                                             cle, inconnu=True))
        morceaux.append("</fieldset>")
        return "".join(morceaux)

    def element(self, noeud: Noeud, valeur: Any, chemin: str, indice: str) -> str:
        element = noeud.element
        assert element is not None
        contenu = (self.bloc(element, valeur, chemin, "", titre=False)
                   if element.type == "bloc" else self.noeud(element, valeur, chemin, ""))
        return format_html(
            '<li class="element" id="{}" data-seg="[{}]"><div class="outils">'
            '<span class="numero"></span>'
            '<button type="button" data-action="monter" title="Monter">↑</button>'
            '<button type="button" data-action="descendre" title="Descendre">↓</button>'
            '<button type="button" data-action="supprimer" title="Supprimer">Supprimer</button>'
            "</div>{}{}</li>", ident(chemin), indice, mark_safe(self.problemes(chemin)),
            mark_safe(contenu))

    def liste(self, noeud: Noeud, valeur: Any, chemin: str, seg: str, titre: bool = True
              ) -> str:
        elements = valeur if isinstance(valeur, list) else []
        classe = "liste erreur" if self.erreurs.get(chemin) else "liste"
        morceaux = [format_html('<div class="{}" id="{}" data-seg="{}">', classe, ident(chemin),
                                seg)]
        if titre:  # a list that is a whole section has the section's title
            morceaux.append(format_html("<h3>{}{}</h3>", libelle(noeud), mark_safe(
                ' <abbr title="obligatoire">*</abbr>') if noeud.obligatoire else ""))
        if precision(noeud):
            morceaux.append(format_html('<p class="aide">{}</p>', precision(noeud)))
        morceaux.append(self.problemes(chemin))
        morceaux.append('<ol class="elements">')
        morceaux += [self.element(noeud, val, joindre(chemin, i), str(i))
                     for i, val in enumerate(elements)]
        morceaux.append("</ol><template>")
        vide = Rendu(self.racine, url_image=self.url_image)
        morceaux.append(vide.element(noeud, None, f"{chemin}[__n__]", "__n__"))
        morceaux.append(format_html(
            '</template><button type="button" class="ajouter" data-action="ajouter">'
            "Ajouter ({})</button></div>", libelle(noeud).lower()))
        return "".join(morceaux)

    def controle(self, noeud: Noeud, texte: str, chemin: str, seg: str) -> str:
        attributs = format_html('name="{}" id="{}-in" data-seg="{}"', chemin, ident(chemin),
                                seg)
        if noeud.type == "oui/non" or noeud.choix:
            options = ("oui", "non") if noeud.type == "oui/non" else tuple(map(str, noeud.choix))
            if texte and texte not in options:
                options = (*options, texte)
            html = [f"<select {attributs}><option value=\"\">—</option>"]
            html += [format_html('<option value="{}"{}>{}</option>', o,
                                 mark_safe(" selected") if o == texte else "", o)
                     for o in options]
            return "".join(html) + "</select>"
        if noeud.type == "table" or (noeud.type == "texte" and (len(texte) > 60
                                                                  or "\n" in texte)):
            lignes = max(2, min(12, texte.count("\n") + 1 + len(texte) // 90))
            return format_html('<textarea {} rows="{}">{}</textarea>', attributs, lignes, texte)
        mode, indication = "text", ""
        if noeud.type in NOMBRES:
            mode, indication = "decimal", "1 234,56"
        elif noeud.type == "entier":
            mode = "numeric"
        elif noeud.type.startswith("date"):
            mode, indication = "numeric", "JJ/MM/AAAA"
        elif noeud.type == "courriel":
            mode = "email"
        return format_html('<input type="text" {} value="{}" inputmode="{}" placeholder="{}">',
                           attributs, texte, mode, indication)

    def feuille(self, noeud: Noeud, valeur: Any, chemin: str, seg: str, inconnu: bool = False
                ) -> str:
        texte = affiche(noeud, valeur)
        classes = "champ" + (" erreur" if self.erreurs.get(chemin) else "") + (
            " avertissement" if self.avertissements.get(chemin) else "")
        etiquette = (f"Champ inconnu « {noeud.nom} »" if inconnu else libelle(noeud)
                     if noeud.nom != "[]" else "")
        morceaux = [format_html('<div class="{}" id="{}">', classes, ident(chemin))]
        if etiquette:
            morceaux.append(format_html('<label for="{}-in">{}{}</label>', ident(chemin),
                                        etiquette, mark_safe(' <abbr title="obligatoire">*'
                                                             '</abbr>') if noeud.obligatoire
                                        else ""))
        if noeud.image:
            morceaux.append(self.image(texte, chemin, seg))
        else:
            morceaux.append(self.controle(noeud, texte, chemin, seg))
        texte_aide = "" if inconnu else aide(presentation(self.racine, chemin))
        if texte_aide:
            morceaux.append(format_html('<p class="aide">{}</p>', texte_aide))
        morceaux.append(self.problemes(chemin))
        morceaux.append("</div>")
        return "".join(morceaux)

    def image(self, texte: str, chemin: str, seg: str) -> str:
        apercu = ""
        url = self.url_image(texte) if texte else ""
        if url:
            apercu = format_html('<img class="apercu" src="{}" alt="image actuelle">', url)
        return format_html(
            '<div class="image">{}<input type="hidden" name="{}" id="{}-in" data-seg="{}" '
            'value="{}"><input type="file" name="@{}" data-seg="{}" data-prefixe="@" '
            'accept=".png,.jpg,.jpeg,image/png,image/jpeg" aria-label="Envoyer une image">'
            "</div>", apercu, chemin, ident(chemin), seg, texte, chemin, seg)


# --- computed figures, read-only ----------------------------------------------------------

def valeur_calculee(valeur: Any) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, Decimal):
        return number_format(valeur, decimal_pos=2 if valeur % 1 else 0, use_l10n=True,
                             force_grouping=True)
    if isinstance(valeur, datetime.date):
        return valeur.strftime("%d/%m/%Y")
    return str(valeur)


def _simple(valeur: Any) -> bool:
    return isinstance(valeur, str | int | float | Decimal | datetime.date) or valeur is None


def tableau_calcul(valeur: Any, profondeur: int = 0) -> str:
    """Computed figures as nested read-only tables."""
    if profondeur > 4:
        return ""
    if isinstance(valeur, dict):
        lignes = [format_html("<tr><th>{}</th><td>{}</td></tr>", humaniser(str(cle)),
                              mark_safe(tableau_calcul(val, profondeur + 1)))
                  for cle, val in valeur.items() if _simple(val) or isinstance(val, dict | list)]
        return f'<table class="calcul">{"".join(lignes)}</table>'
    if isinstance(valeur, list):
        if valeur and all(isinstance(v, dict) for v in valeur):
            colonnes = [c for c in dict.fromkeys(k for v in valeur for k in v)
                        if all(_simple(v.get(c)) for v in valeur)]
            tete = "".join(format_html("<th>{}</th>", humaniser(str(c))) for c in colonnes)
            corps = "".join("<tr>" + "".join(format_html("<td>{}</td>", valeur_calculee(
                v.get(c)) if v.get(c) is not None else "") for c in colonnes) + "</tr>"
                for v in valeur)
            return f'<table class="calcul"><tr>{tete}</tr>{corps}</table>'
        return escape(", ".join(valeur_calculee(v) for v in valeur if _simple(v)))
    return escape(valeur_calculee(valeur)) if _simple(valeur) else ""


# --- reading a posted form ----------------------------------------------------------------

class _Liste(dict):
    """Items of a list by their posted index, until they are put in order."""


def _convertir(noeud: Noeud | None, texte: str) -> Any:
    if noeud is None:
        return texte
    if noeud.choix:
        for choix in noeud.choix:
            if str(choix) == texte:
                return choix
    if noeud.type == "entier" and re.fullmatch(r"[+-]?\d+", texte.replace(" ", "")):
        return int(texte.replace(" ", ""))
    if noeud.type == "table":
        table: dict[Any, Any] = {}
        for ligne in texte.splitlines():
            cle, _, val = ligne.partition(":")
            if cle.strip():
                cle = cle.strip()
                table[int(cle) if cle.isdigit() else cle] = val.strip()
        return table
    return texte


def _poser(arbre: dict[Any, Any], morceaux: list[str | int], valeur: Any) -> None:
    courant: dict[Any, Any] = arbre
    for morceau, suivant in itertools.pairwise(morceaux):
        enfant = courant.get(morceau)
        if enfant is None:
            enfant = courant[morceau] = _Liste() if isinstance(suivant, int) else {}
        if not isinstance(enfant, dict) or isinstance(enfant, _Liste) != isinstance(suivant,
                                                                                      int):
            return  # a name that contradicts another: ignored
        courant = enfant
    if morceaux[-1] not in courant:
        courant[morceaux[-1]] = valeur


def _ordonner(valeur: Any) -> Any:
    if isinstance(valeur, _Liste):
        return [_ordonner(valeur[i]) for i in sorted(valeur)]
    if isinstance(valeur, dict):
        return {cle: _ordonner(val) for cle, val in valeur.items()}
    return valeur


IGNORES = ("csrfmiddlewaretoken", "version", "action")


def lire(racine: Noeud, champs: Any, images: dict[str, str]) -> dict[str, Any]:
    """The data of a posted form (``champs``: a QueryDict), in the order of the form;
    ``images``: field path → stored image sent with it."""
    arbre: dict[Any, Any] = {}
    for nom in champs:
        if nom in IGNORES or nom.startswith("@"):
            continue
        texte = champs.getlist(nom)[-1].replace("\r\n", "\n").strip()
        if nom in images:
            texte = images[nom]
        if not texte:
            continue
        morceaux = segments(nom)
        if not morceaux or any(m == -1 or m == "" for m in morceaux) or isinstance(
                morceaux[0], int):
            continue
        _poser(arbre, morceaux, _convertir(noeud_de(racine, nom), texte))
    for nom, chemin in images.items():
        if nom not in champs:
            _poser(arbre, segments(nom), chemin)
    return _ordonner(arbre)


def en_champs(racine: Noeud, donnees: Any, chemin: str = "") -> Iterator[tuple[str, str]]:
    """(input name, text) of every field the form shows for ``donnees``: what the browser
    posts back when nothing is changed."""
    if racine.type == "bloc":
        for cle, valeur in (donnees.items() if isinstance(donnees, dict) else ()):
            enfant = racine.enfant(cle)
            sous = joindre(chemin, cle)
            if enfant is None:
                yield sous, affiche(Noeud(cle, "texte"), valeur)
            else:
                yield from en_champs(enfant, valeur, sous)
    elif racine.type == "liste" and racine.element is not None:
        for i, valeur in enumerate(donnees if isinstance(donnees, list) else ()):
            yield from en_champs(racine.element, valeur, joindre(chemin, i))
    else:
        yield chemin, affiche(racine, donnees)


def normaliser(racine: Noeud, donnees: dict[str, Any]) -> dict[str, Any]:
    """Data as the form keeps it (French amounts and dates, empty fields left out): a file
    read, once through the form unchanged, gives the same data, so that two versions
    differ only where someone changed something."""
    return lire(racine, MultiValueDict({nom: [texte] for nom, texte in en_champs(
        racine, donnees)}), {})


def aplatir(valeur: Any, chemin: str = "") -> dict[str, Any]:
    """Path → value of every leaf (to compare two versions field by field)."""
    if isinstance(valeur, dict) and valeur:
        return {c: v for cle, val in valeur.items()
                for c, v in aplatir(val, joindre(chemin, str(cle))).items()}
    if isinstance(valeur, list) and valeur:
        return {c: v for i, val in enumerate(valeur)
                for c, v in aplatir(val, joindre(chemin, i)).items()}
    return {chemin: valeur}


def cles_de_tables(racine: Noeud | None, donnees: Any) -> Any:
    """The data with the numeric keys of key → value tables (years) as numbers again:
    the database keeps JSON, whose keys are text."""
    if racine is None:
        return donnees
    if racine.type == "table" and isinstance(donnees, dict):
        return {int(c) if isinstance(c, str) and c.isdigit() else c: v
                for c, v in donnees.items()}
    if racine.type == "bloc" and isinstance(donnees, dict):
        return {c: cles_de_tables(racine.enfant(c), v) for c, v in donnees.items()}
    if racine.type == "liste" and isinstance(donnees, list):
        return [cles_de_tables(racine.element, v) for v in donnees]
    return donnees


def images(racine: Noeud, donnees: Any, chemin: str = "") -> Iterator[tuple[str, str]]:
    """(path, value) of every image field of ``donnees``."""
    if isinstance(donnees, dict):
        for cle, val in donnees.items():
            enfant = racine.enfant(cle) if racine.type == "bloc" else None
            if enfant is None:
                continue
            sous = joindre(chemin, cle)
            if enfant.image and isinstance(val, str):
                yield sous, val
            else:
                yield from images(enfant, val, sous)
    elif isinstance(donnees, list) and racine.element is not None:
        for i, val in enumerate(donnees):
            sous = joindre(chemin, i)
            if racine.element.image and isinstance(val, str):
                yield sous, val
            else:
                yield from images(racine.element, val, sous)
