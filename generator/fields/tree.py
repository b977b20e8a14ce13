"""The tree of a variant's fields, read from its marshmallow schema.

Each node has the field's French type name (« n° FINESS », « montant (€) »…), its
description and example (schema metadata), whether it is required and its allowed
values. The campaign workbook, the template linter, the field reference
(``cpom schema``) and the web form all read this one tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from marshmallow import Schema, fields, validate

from generator.fields.paths import Segment, generique, segments, texte_chemin

# Display names of the field classes of schemas/base.py and schemas/identifiants.py.
TYPES = {
    "Finess": "n° FINESS", "Siren": "n° SIREN", "Siret": "n° SIRET", "Rna": "n° RNA",
    "CodePostal": "code postal", "CodeInsee": "code INSEE", "CodeDepartement": "code département",
    "Courriel": "courriel", "Montant": "montant (€)", "Pourcentage": "pourcentage",
    "Nombre": "nombre", "Entier": "entier", "Booleen": "oui/non", "Date": "date (AAAA-MM-JJ)",
    "JourMois": "échéance (JJ/MM)", "Texte": "texte",
}


@dataclass
class Noeud:
    """A field: a leaf, a block of named fields, or a list of items."""

    nom: str
    type: str
    description: str = ""
    exemple: Any = None
    obligatoire: bool = False
    choix: tuple[Any, ...] = ()
    enfants: dict[str, Noeud] = field(default_factory=dict)
    element: Noeud | None = None  # items of a list
    libre: bool = False  # any key allowed (key → value tables, computed leaves)
    libelle: str = ""  # short French label (metadata « libelle »), see fields.libelles
    phrase: str = ""  # the contract's sentence a free text completes (metadata « phrase »)
    image: bool = False  # the path of an image file (metadata « image »)
    # whether this node or one below has a given attribute set (``valeurs``' ``marque``)
    _marques: dict[str, bool] = field(default_factory=dict, init=False, repr=False,
                                      compare=False)

    def enfant(self, nom: str) -> Noeud | None:
        return self.enfants.get(nom)


def _type(champ: fields.Field) -> str:
    for classe in type(champ).__mro__:
        if classe.__name__ in TYPES:
            return TYPES[classe.__name__]
    return "texte"


def _depuis_champ(nom: str, champ: fields.Field) -> Noeud:
    meta = champ.metadata or {}
    noeud = Noeud(nom, _type(champ), meta.get("description", ""), meta.get("exemple"),
                  bool(champ.required), libelle=meta.get("libelle", ""),
                  phrase=meta.get("phrase", ""), image=bool(meta.get("image")))
    for validateur in champ.validators:
        if isinstance(validateur, validate.OneOf):
            noeud.choix = tuple(validateur.choices)
    if isinstance(champ, fields.Nested):
        noeud.type = "bloc"
        noeud.enfants = _arbre(champ.schema).enfants  # shared with the cached tree
    elif isinstance(champ, fields.List):
        noeud.type = "liste"
        noeud.element = _depuis_champ("[]", champ.inner)
        if noeud.element.type not in ("bloc", "liste", "table"):  # a list of texts, of dates…
            noeud.element.description = noeud.element.description or noeud.description
    elif isinstance(champ, fields.Dict):
        noeud.type = "table"
        noeud.libre = True
    return noeud


# The tree of a schema depends only on its class and on the fields it keeps (``only``,
# ``exclude``): built once per process. Rebuilding it for each validation of a campaign
# instantiated every nested schema twice per service.
_ARBRES: dict[tuple[type[Schema], frozenset[str] | None, frozenset[str]], Noeud] = {}


def _arbre(schema: Schema) -> Noeud:
    """The cached tree of ``schema``: shared, never to be modified."""
    only = None if schema.only is None else frozenset(schema.only)
    cle = (type(schema), only, frozenset(schema.exclude))
    arbre = _ARBRES.get(cle)
    if arbre is None:  # two threads may both build it: same tree, the last one is kept
        arbre = Noeud("", "bloc")
        for nom, champ in schema.fields.items():
            arbre.enfants[nom] = _depuis_champ(nom, champ)
        _ARBRES[cle] = arbre
    return arbre


def depuis_schema(schema: Schema) -> Noeud:
    """The tree of every field of ``schema`` (a root node of type « bloc »).

    The root and its ``enfants`` mapping are the caller's own (a caller may add a child,
    as ``calcul``); the nodes below are shared by every caller and must not be
    modified."""
    arbre = _arbre(schema)
    return replace(arbre, enfants=dict(arbre.enfants))


# Nodes found, by root and path. Each entry holds its root: while it is cached, no other
# object can take that root's id (a root freed then would hand its entries to a stranger).
_NOEUDS: dict[tuple[int, str], tuple[Noeud, Noeud | None]] = {}


def noeud_de(racine: Noeud, chemin: str) -> Noeud | None:
    """The node of a (possibly indexed) path; values of key → value tables are text."""
    cle = (id(racine), generique(chemin))
    trouve = _NOEUDS.get(cle)
    if trouve is None or trouve[0] is not racine:
        if len(_NOEUDS) > 100_000:
            _NOEUDS.clear()
        trouve = _NOEUDS[cle] = (racine, _noeud_de(racine, cle[1]))
    return trouve[1]


def _noeud_de(racine: Noeud, chemin: str) -> Noeud | None:
    courant: Noeud | None = racine
    for morceau in segments(chemin):
        if courant is None:
            return None
        if isinstance(morceau, int):
            courant = courant.element
        elif courant.type == "table":
            courant = Noeud(str(morceau), "texte")
        else:
            courant = courant.enfant(morceau)
    return courant


def _porte(noeud: Noeud, marque: str) -> bool:
    """Whether ``noeud`` or a node below it has its attribute ``marque`` set (remembered
    on the node: a tree is not modified once walked)."""
    porte = noeud._marques.get(marque)
    if porte is None:
        porte = bool(getattr(noeud, marque)) or any(
            _porte(enfant, marque) for enfant in noeud.enfants.values()) or (
            noeud.element is not None and _porte(noeud.element, marque))
        noeud._marques[marque] = porte
    return porte


def valeurs(donnees: Any, noeud: Noeud, morceaux: tuple[Segment, ...] = (), *,
            marque: str | None = None) -> Iterator[tuple[str, Noeud, Any]]:
    """(path, node, value) of every filled leaf of ``donnees`` that the tree knows.

    With ``marque`` (« phrase », « image »), only the leaves whose node has that attribute
    set, the branches of the data without such a node left unwalked."""
    if marque is not None and not _porte(noeud, marque):
        return
    if isinstance(donnees, dict) and noeud.type == "bloc":
        for nom, valeur in donnees.items():
            enfant = noeud.enfant(str(nom))
            if enfant is not None:
                yield from valeurs(valeur, enfant, (*morceaux, str(nom)), marque=marque)
    elif isinstance(donnees, list) and noeud.element is not None:
        for i, valeur in enumerate(donnees):
            yield from valeurs(valeur, noeud.element, (*morceaux, i), marque=marque)
    elif donnees is not None and noeud.type not in ("bloc", "liste", "table"):
        yield texte_chemin(morceaux), noeud, donnees
