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
        raise ErreurCpom.donnees(f"YAML invalide ({probleme})",
                                 Lieu(fichier=str(chemin), ligne=ligne)) from exc
    if not isinstance(donnees, dict):
        raise ErreurCpom.donnees("un bloc de champs (clé : valeur) est attendu",
                                 Lieu(fichier=str(chemin)))
    return donnees
