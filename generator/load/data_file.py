"""Load a contract data file (YAML or JSON) into plain dicts.

Duplicate keys are errors (a pasted block must not silently replace another).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator.load import fichier
from generator.problems import ErreurCpom, Lieu

TAILLE_MAX = 20 * 1024 * 1024


class _ChargeurStrict(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys."""


def _mapping(loader: _ChargeurStrict, noeud: yaml.MappingNode) -> dict[Any, Any]:
    resultat: dict[Any, Any] = {}
    for noeud_cle, noeud_valeur in noeud.value:
        cle = loader.construct_object(noeud_cle, deep=True)
        if cle in resultat:
            raise yaml.constructor.ConstructorError(
                None, None, f"clé « {cle} » en double", noeud_cle.start_mark
            )
        resultat[cle] = loader.construct_object(noeud_valeur, deep=True)
    return resultat


_ChargeurStrict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


# PyYAML's problems, in French, with the fix.
_PROBLEMES_YAML = (
    ("mapping values are not allowed", "un « : » inattendu",
     "un texte qui contient « : » doit être mis entre guillemets "
     '(description: "Objectif : réduire le reste à charge")'),
    ("found character '\\t'", "une tabulation",
     "n'utilisez pas de tabulation : indentez avec des espaces"),
    ("could not find expected ':'", "un « : » manquant",
     "chaque ligne d'un bloc s'écrit « champ: valeur » ; un texte sur plusieurs lignes "
     "s'écrit après « champ: >- » ou entre guillemets"),
    ("found duplicate anchor", "une ancre en double", "renommez l'ancre (&nom)"),
    ("did not find expected key", "une indentation incohérente",
     "alignez les champs d'un même bloc sur la même colonne, avec des espaces"),
    ("did not find expected '-' indicator", "un élément de liste mal aligné",
     "alignez les « - » d'une même liste sur la même colonne"),
    ("found unexpected end of stream", "un guillemet non refermé",
     "refermez le guillemet ouvert"),
    ("found undefined alias", "un alias inconnu", "définissez l'ancre (&nom) avant *nom"),
    ("found unknown escape character", "un « \\ » dans un texte entre guillemets doubles",
     "doublez-le (\\\\) ou mettez le texte entre guillemets simples"),
    ("en double", "", "supprimez ou renommez l'une des deux clés"),
)


def _message_yaml(probleme: str, texte: str, ligne: int | None) -> str:
    """A YAML syntax error in French: what is wrong, at which line, and the fix."""
    contenu = ""
    if ligne is not None:
        lignes = texte.splitlines()
        if 0 < ligne <= len(lignes):
            contenu = lignes[ligne - 1].strip()
    if "\t" in contenu or "found character '\\t'" in probleme:
        quoi, conseil = "une tabulation", "n'utilisez pas de tabulation : indentez avec des " \
                                          "espaces"
    else:
        quoi, conseil = next(((q, c) for motif, q, c in _PROBLEMES_YAML if motif in probleme),
                             ("", "vérifiez l'indentation (des espaces) et mettez entre "
                                  "guillemets les textes qui contiennent « : » ou « # »"))
    if not quoi:
        quoi = probleme
    extrait = f" (« {contenu[:80]} »)" if contenu else ""
    return f"YAML invalide : {quoi}{extrait} ; {conseil}"


def charger(chemin: Path) -> dict[str, Any]:
    """Read a ``.yaml``/``.yml``/``.json`` data file; French error when unreadable."""
    fichier.verifier(chemin, TAILLE_MAX)
    try:
        texte = chemin.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ErreurCpom.donnees("encodage illisible (UTF-8 attendu)",
                                 Lieu(fichier=str(chemin))) from exc
    try:
        if chemin.suffix.lower() == ".json":
            donnees = json.loads(texte)
        else:
            donnees = yaml.load(texte, Loader=_ChargeurStrict)
    except json.JSONDecodeError as exc:
        raise ErreurCpom.donnees(f"JSON invalide ({exc.msg})",
                                 Lieu(fichier=str(chemin), ligne=exc.lineno)) from exc
    except yaml.YAMLError as exc:
        marque = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        ligne = marque.line + 1 if marque else None
        probleme = getattr(exc, "problem", None) or str(exc)
        raise ErreurCpom.donnees(_message_yaml(str(probleme), texte, ligne),
                                 Lieu(fichier=str(chemin), ligne=ligne)) from exc
    if not isinstance(donnees, dict):
        raise ErreurCpom.donnees("un bloc de champs (clé : valeur) est attendu",
                                 Lieu(fichier=str(chemin)))
    return donnees
