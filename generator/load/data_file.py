"""Load a contract data file (YAML or JSON) into plain dicts.

Duplicate keys are errors (a pasted block must not silently replace another). What a
hostile or clumsy file could do is bounded before the work (``load.limites``): nesting
depth and values counted with YAML aliases expanded, number sizes; an impossible date, a
complex key, an infinite number are French errors at their line. A JSON file reads as
YAML would: keys of digits are numbers (years), duplicate keys are refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator.load import fichier, limites
from generator.problems import ErreurCpom, Lieu


class _Refus(Exception):
    """A value refused while reading (line 1-based when known)."""

    def __init__(self, message: str, ligne: int | None = None) -> None:
        super().__init__(message)
        self.message, self.ligne = message, ligne


def _ligne(noeud: yaml.Node) -> int:
    return noeud.start_mark.line + 1


class _ChargeurStrict(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys."""


def _mapping(loader: _ChargeurStrict, noeud: yaml.MappingNode) -> dict[Any, Any]:
    resultat: dict[Any, Any] = {}
    for noeud_cle, noeud_valeur in noeud.value:
        if not isinstance(noeud_cle, yaml.ScalarNode):
            raise _Refus("clé complexe (une liste ou un bloc comme nom de champ) : un nom de "
                         "champ est un simple texte", _ligne(noeud_cle))
        cle = loader.construct_object(noeud_cle, deep=True)
        if cle in resultat:
            raise yaml.constructor.ConstructorError(
                None, None, f"clé « {cle} » en double", noeud_cle.start_mark
            )
        resultat[cle] = loader.construct_object(noeud_valeur, deep=True)
    return resultat


def _entier(loader: _ChargeurStrict, noeud: yaml.ScalarNode) -> int:
    chiffres = sum(c.isdigit() for c in str(noeud.value))
    if chiffres > limites.CHIFFRES.valeur:
        raise _Refus(limites.message(f"nombre trop grand ({chiffres} chiffres)",
                                     limites.CHIFFRES), _ligne(noeud))
    return yaml.SafeLoader.construct_yaml_int(loader, noeud)


def _decimal(loader: _ChargeurStrict, noeud: yaml.ScalarNode) -> float:
    valeur = yaml.SafeLoader.construct_yaml_float(loader, noeud)
    if valeur != valeur or abs(valeur) >= 10 ** limites.CHIFFRES.valeur:
        raise _Refus(limites.message(f"nombre hors limites « {noeud.value} »",
                                     limites.CHIFFRES), _ligne(noeud))
    return valeur


def _date(loader: _ChargeurStrict, noeud: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, noeud)
    except (ValueError, OverflowError):
        raise _Refus(f"date impossible « {noeud.value} » (AAAA-MM-JJ)", _ligne(noeud)) from None


class _Mesure:
    """Depth and number of values of a composed YAML document, aliases expanded (a
    « billion laughs » of a few kilobytes is refused before it is built)."""

    def __init__(self) -> None:
        self.tailles: dict[int, tuple[int, int]] = {}  # id(node) → (values, depth)
        self.en_cours: set[int] = set()
        self.noeuds, self.profondeur = limites.NOEUDS.valeur, limites.PROFONDEUR.valeur

    def mesurer(self, noeud: yaml.Node) -> tuple[int, int]:
        connu = self.tailles.get(id(noeud))
        if connu is not None:
            return connu
        if id(noeud) in self.en_cours:
            raise _Refus("structure récursive (un alias « * » renvoie à son propre bloc)",
                         _ligne(noeud))
        self.en_cours.add(id(noeud))
        enfants: list[yaml.Node] = []
        if isinstance(noeud, yaml.MappingNode):
            enfants = [n for paire in noeud.value for n in paire]
        elif isinstance(noeud, yaml.SequenceNode):
            enfants = list(noeud.value)
        total, profondeur = 1, 1
        for enfant in enfants:
            n, p = self.mesurer(enfant)
            total, profondeur = total + n, max(profondeur, p + 1)
            if total > self.noeuds:
                raise _Refus(limites.message("trop de valeurs (alias « * » compris)",
                                             limites.NOEUDS), _ligne(noeud))
            if profondeur > self.profondeur:
                raise _Refus(limites.message("imbrication trop profonde",
                                             limites.PROFONDEUR), _ligne(enfant))
        self.en_cours.discard(id(noeud))
        self.tailles[id(noeud)] = (total, profondeur)
        return total, profondeur


# The same reader on libyaml's parser (C, about ten times faster), when PyYAML has it.
_ChargeurStrictC: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _ChargeurStrictC(yaml.CSafeLoader):  # type: ignore[no-redef]
        """CSafeLoader that refuses duplicate keys."""

for _classe in (_ChargeurStrict, _ChargeurStrictC):
    if _classe is not None:
        _classe.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
        _classe.add_constructor("tag:yaml.org,2002:int", _entier)
        _classe.add_constructor("tag:yaml.org,2002:float", _decimal)
        _classe.add_constructor("tag:yaml.org,2002:timestamp", _date)


def _lire_yaml(texte: str) -> Any:
    """YAML with bounded depth and size. A well-formed file within the limits is read by
    libyaml; any other by the pure-Python reader, whose errors (line, French message)
    are the ones reported."""
    if _ChargeurStrictC is not None:
        try:
            return _lire_yaml_c(texte)
        except (yaml.YAMLError, _Refus, _TropProfond):
            pass
    return _lire_yaml_python(texte)


class _TropProfond(Exception):
    """Nesting beyond the limit, seen in libyaml's events before composing (libyaml's
    composer recurses in C, where Python's recursion limit does not apply)."""


def _lire_yaml_c(texte: str) -> Any:
    profondeur = 0
    for evenement in yaml.parse(texte, Loader=yaml.CSafeLoader):
        if isinstance(evenement, yaml.CollectionStartEvent):
            profondeur += 1
            if profondeur > limites.PROFONDEUR.valeur:
                raise _TropProfond
        elif isinstance(evenement, yaml.CollectionEndEvent):
            profondeur -= 1
    assert _ChargeurStrictC is not None
    return _lire_document(_ChargeurStrictC(texte))


def _lire_yaml_python(texte: str) -> Any:
    """YAML with bounded depth (while composing: the composer recurses) and size."""
    chargeur = _ChargeurStrict(texte)
    profondeur = [0]
    composer = chargeur.compose_node

    def compose_node(parent: Any, index: Any) -> Any:
        profondeur[0] += 1
        try:
            if profondeur[0] > limites.PROFONDEUR.valeur:
                raise _Refus(limites.message("imbrication trop profonde", limites.PROFONDEUR),
                             chargeur.peek_event().start_mark.line + 1)
            return composer(parent, index)
        finally:
            profondeur[0] -= 1

    chargeur.compose_node = compose_node  # type: ignore[method-assign]
    return _lire_document(chargeur)


def _lire_document(chargeur: Any) -> Any:
    """The one document of ``chargeur``, measured (aliases expanded) before it is built."""
    try:
        noeud = chargeur.get_single_node()
        if noeud is None:
            return None
        _Mesure().mesurer(noeud)
        return chargeur.construct_document(noeud)
    finally:
        chargeur.dispose()


def _paires_json(paires: list[tuple[str, Any]]) -> dict[Any, Any]:
    """A JSON object read as YAML would: duplicate keys refused, digit keys as numbers
    (the years of ``valeurs: {"2026": …}``)."""
    resultat: dict[Any, Any] = {}
    for cle, valeur in paires:
        if isinstance(cle, str) and cle.isascii() and cle.isdigit() and \
                (cle == "0" or not cle.startswith("0")) and len(cle) <= 9:
            cle = int(cle)
        if cle in resultat:
            raise _Refus(f"clé « {cle} » en double")
        resultat[cle] = valeur
    return resultat


def _nombre_json(texte: str) -> Any:
    if sum(c.isdigit() for c in texte.split(".")[0].split("e")[0].split("E")[0]) \
            > limites.CHIFFRES.valeur:
        raise _Refus(limites.message(f"nombre trop grand ({len(texte)} caractères)",
                                     limites.CHIFFRES))
    valeur = float(texte) if any(c in texte for c in ".eE") else int(texte)
    if valeur != valeur or abs(valeur) >= 10 ** limites.CHIFFRES.valeur:
        raise _Refus(limites.message(f"nombre hors limites « {texte[:30]} »", limites.CHIFFRES))
    return valeur


def _constante_json(texte: str) -> Any:
    raise _Refus(f"nombre hors limites « {texte} »")


def _lire_json(texte: str) -> Any:
    donnees = json.loads(texte, object_pairs_hook=_paires_json, parse_int=_nombre_json,
                         parse_float=_nombre_json, parse_constant=_constante_json)
    _mesurer(donnees)
    return donnees


def _mesurer(donnees: Any) -> None:
    """Depth and number of values of loaded data (no recursion)."""
    pile, total = [(donnees, 1)], 0
    while pile:
        valeur, profondeur = pile.pop()
        total += 1
        if profondeur > limites.PROFONDEUR.valeur:
            raise _Refus(limites.message("imbrication trop profonde", limites.PROFONDEUR))
        if total > limites.NOEUDS.valeur:
            raise _Refus(limites.message("trop de valeurs", limites.NOEUDS))
        enfants = valeur.values() if isinstance(valeur, dict) else \
            valeur if isinstance(valeur, list) else ()
        pile.extend((enfant, profondeur + 1) for enfant in enfants)


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
    fichier.verifier(chemin, limites.DONNEES_TAILLE.valeur,
                     trop_volumineux=limites.message("fichier trop volumineux",
                                                     limites.DONNEES_TAILLE))
    try:
        texte = chemin.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ErreurCpom.donnees("encodage illisible (UTF-8 attendu)",
                                 Lieu(fichier=str(chemin))) from exc
    try:
        donnees = _lire_json(texte) if chemin.suffix.lower() == ".json" else _lire_yaml(texte)
    except _Refus as exc:
        raise ErreurCpom.donnees(exc.message, Lieu(fichier=str(chemin), ligne=exc.ligne)) from None
    except RecursionError:
        raise ErreurCpom.donnees(limites.message("imbrication trop profonde", limites.PROFONDEUR),
                                 Lieu(fichier=str(chemin))) from None
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
