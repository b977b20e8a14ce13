"""The reference of a variant's fields, read from its marshmallow schema.

One tree serves three readers: the template linter (which dotted paths exist), the
``cpom schema`` documentation (Markdown) and other tools (JSON Schema). Computed values
(``calcul.*``) have no schema: their paths come from computing the variant's samples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from marshmallow import Schema, fields, validate

from generator import schemas_types
from generator.variants import Variante, dossier_exemples

_TYPES = schemas_types.TYPES


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

    def enfant(self, nom: str) -> Noeud | None:
        return self.enfants.get(nom)


def _type(champ: fields.Field) -> str:
    for classe in type(champ).__mro__:
        if classe.__name__ in _TYPES:
            return _TYPES[classe.__name__]
    return "texte"


def _depuis_champ(nom: str, champ: fields.Field) -> Noeud:
    meta = champ.metadata or {}
    noeud = Noeud(nom, _type(champ), meta.get("description", ""), meta.get("exemple"),
                  bool(champ.required))
    for validateur in champ.validators:
        if isinstance(validateur, validate.OneOf):
            noeud.choix = tuple(validateur.choices)
    if isinstance(champ, fields.Nested):
        schema = champ.schema
        noeud.type = "bloc"
        noeud.enfants = _depuis_schema(schema).enfants
    elif isinstance(champ, fields.List):
        noeud.type = "liste"
        noeud.element = _depuis_champ("[]", champ.inner)
    elif isinstance(champ, fields.Dict):
        noeud.type = "table"
        noeud.libre = True
    return noeud


def _depuis_schema(schema: Schema) -> Noeud:
    racine = Noeud("", "bloc")
    for nom, champ in schema.fields.items():
        racine.enfants[nom] = _depuis_champ(nom, champ)
    return racine


def _depuis_valeur(nom: str, valeur: Any, noeud: Noeud | None = None) -> Noeud:
    """Merge the shape of a computed value into ``noeud``."""
    if noeud is None:
        noeud = Noeud(nom, "calculé")
    if isinstance(valeur, dict):
        noeud.type = "bloc"
        for cle, sous in valeur.items():
            noeud.enfants[cle] = _depuis_valeur(cle, sous, noeud.enfants.get(cle))
    elif isinstance(valeur, list | tuple):
        noeud.type = "liste"
        for element in valeur:
            noeud.element = _depuis_valeur("[]", element, noeud.element)
        if noeud.element is None:
            noeud.element = Noeud("[]", "calculé", libre=True)
    elif noeud.type == "calculé":
        noeud.libre = True
    return noeud


@cache
def arbre(variante: Variante) -> Noeud:
    """Every path a template of ``variante`` may use: schema fields and ``calcul``."""
    from generator import pipeline
    from generator.load import charger

    racine = _depuis_schema(variante.schema_racine())
    calcul: Noeud | None = None
    for exemple in variante.exemples:
        chemin = dossier_exemples() / exemple
        donnees = charger(chemin)
        contrat = pipeline.preparer(donnees, variante, str(chemin))
        calcul = _depuis_valeur("calcul", contrat.contexte["calcul"], calcul)
    if calcul is not None:
        calcul.description = "Valeurs calculées (dates, totaux, ratios, lignes de tableaux)"
        racine.enfants["calcul"] = calcul
    return racine


# --- documentation ----------------------------------------------------------------------

def lignes_markdown(variante: Variante) -> list[str]:
    """A Markdown table of every field: path, type, required, description, example."""
    lignes = [f"# Champs du modèle « {variante.id} »", "", variante.titre, "",
              "`[]` désigne un élément de liste (dans une boucle `{%tr for s in services %}`, "
              "`s.nom` correspond à `services[].nom`).", "",
              "| Champ | Type | Obligatoire | Description | Exemple |",
              "|---|---|---|---|---|"]

    def visiter(noeud: Noeud, chemin: str) -> None:
        for nom, enfant in noeud.enfants.items():
            sous = f"{chemin}.{nom}" if chemin else nom
            type_ = enfant.type + (f" ({', '.join(map(str, enfant.choix))})" if enfant.choix
                                   else "")
            exemple = "" if enfant.exemple is None else f"`{enfant.exemple}`"
            lignes.append(f"| `{sous}` | {type_} | {'oui' if enfant.obligatoire else 'non'} | "
                          f"{enfant.description} | {exemple} |")
            if enfant.type == "bloc":
                visiter(enfant, sous)
            elif enfant.element is not None and enfant.element.type == "bloc":
                visiter(enfant.element, f"{sous}[]")

    visiter(arbre(variante), "")
    return lignes


def json_schema(variante: Variante) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the data file of ``variante``."""

    def convertir(noeud: Noeud) -> dict[str, Any]:
        sortie: dict[str, Any]
        if noeud.type == "bloc":
            sortie = {
                "type": "object",
                "properties": {n: convertir(e) for n, e in noeud.enfants.items()},
                "required": [n for n, e in noeud.enfants.items() if e.obligatoire],
                "additionalProperties": False,
            }
        elif noeud.type == "liste":
            sortie = {"type": "array", "items": convertir(noeud.element) if noeud.element
                      else {}}
        else:
            sortie = dict(schemas_types.JSON.get(noeud.type, {"type": "string"}))
        if noeud.choix:
            sortie["enum"] = list(noeud.choix)
        if noeud.description:
            sortie["description"] = noeud.description
        if noeud.exemple is not None:
            sortie["examples"] = [noeud.exemple]
        return sortie

    racine = _depuis_schema(variante.schema_racine())
    schema = convertir(racine)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"CPOM – {variante.titre}"
    return schema
