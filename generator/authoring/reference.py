"""The reference of what a template may use: the schema's fields (``fields.tree``) and
the computed values (``calcul.*``), whose paths come from computing the variant's
samples. Read by the template linter (which dotted paths exist) and printed by
``cpom schema`` (Markdown, or JSON Schema for other tools).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from generator.contract import preparer
from generator.fields.tree import Noeud, depuis_schema
from generator.load.data_file import charger
from generator.variants import Variante

_JSON = {
    "entier": {"type": "integer"},
    "nombre": {"type": ["number", "string"]},
    "montant (€)": {"type": ["number", "string"], "minimum": 0},
    "pourcentage": {"type": ["number", "string"]},
    "oui/non": {"type": ["boolean", "string"]},
    "date (AAAA-MM-JJ)": {"type": "string", "format": "date"},
    "table": {"type": "object"},
    "courriel": {"type": "string", "format": "email"},
}



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
    racine = depuis_schema(variante.schema())
    calcul: Noeud | None = None
    for chemin in variante.chemins_exemples():
        contrat = preparer(charger(chemin), variante, str(chemin))
        calcul = _depuis_valeur("calcul", contrat.contexte["calcul"], calcul)
    if calcul is not None:
        calcul.description = "Valeurs calculées (dates, totaux, ratios, lignes de tableaux)"
        racine.enfants["calcul"] = calcul
    return racine


# --- documentation ----------------------------------------------------------------------

def lignes_markdown(variante: Variante) -> list[str]:
    """A Markdown table of every field: path, type, required, description (with the
    sentence of the contract a free text completes), example."""
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
            description = enfant.description + (  # the sentence of the contract it completes
                f" — complète la phrase du contrat « {enfant.phrase} … »" if enfant.phrase
                else "")
            lignes.append(f"| `{sous}` | {type_} | {'oui' if enfant.obligatoire else 'non'} | "
                          f"{description.strip(' —')} | {exemple} |")
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
            sortie = dict(_JSON.get(noeud.type, {"type": "string"}))
        if noeud.choix:
            sortie["enum"] = list(noeud.choix)
        if noeud.description:
            sortie["description"] = noeud.description
        if noeud.exemple is not None:
            sortie["examples"] = [noeud.exemple]
        if noeud.phrase:  # annotation: the sentence of the contract the text completes
            sortie["x-phrase"] = noeud.phrase
        return sortie

    schema = convertir(depuis_schema(variante.schema()))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"CPOM – {variante.titre}"
    return schema
