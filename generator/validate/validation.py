"""Validate loaded data against the variant's schema: every error at once, each located
by its field path, with a suggestion for a mistyped field name.

Returns the typed data and the warnings of the legal rules; raises ``ErreurCpom`` with
every error (and the warnings found meanwhile). A rule that raises anything but a
validation error is a bug: the exception propagates (``generator.api`` reports it as an
« erreur interne »).
"""

from __future__ import annotations

import difflib
import threading
from typing import Any

from marshmallow import Schema, ValidationError, fields

from generator.fields.paths import texte_chemin
from generator.fields.tree import depuis_schema, valeurs
from generator.load import limites
from generator.problems import ErreurCpom, Lieu, Niveau, Probleme
from generator.variants import Variante
from schemas.base import MSG_INCONNU, Base


def _schema_de(racine: Schema, segments: list[Any]) -> Schema | None:
    """The (nested) schema that holds the field at ``segments``."""
    schema: Any = racine
    for segment in segments:
        if isinstance(segment, int):
            continue
        champ = schema.fields.get(segment) if isinstance(schema, Schema) else None
        while isinstance(champ, fields.List):
            champ = champ.inner
        if not isinstance(champ, fields.Nested):
            return None
        schema = champ.schema
    return schema if isinstance(schema, Schema) else None


def _suggerer(racine: Schema, segments: list[Any]) -> str:
    schema = _schema_de(racine, segments[:-1])
    if schema is None:
        return MSG_INCONNU
    proches = difflib.get_close_matches(str(segments[-1]), list(schema.fields), n=1, cutoff=0.6)
    return f"{MSG_INCONNU}, vouliez-vous dire « {proches[0]} » ?" if proches else MSG_INCONNU


def _aplatir(messages: Any, racine: Schema, segments: list[Any], source: str,
             sortie: list[Probleme]) -> None:
    if isinstance(messages, dict):
        for cle, sous in messages.items():
            suite = segments if cle == "_schema" else [*segments, cle]
            _aplatir(sous, racine, suite, source, sortie)
        return
    if isinstance(messages, list) and messages and not all(isinstance(m, str) for m in messages):
        for sous in messages:
            _aplatir(sous, racine, segments, source, sortie)
        return
    lieu = Lieu(fichier=source, champ=texte_chemin(segments))
    for message in messages if isinstance(messages, list) else [messages]:
        if message == MSG_INCONNU and segments:
            message = _suggerer(racine, segments)
        sortie.append(Probleme(message, lieu))


def _schemas(schema: Schema) -> list[Schema]:
    """``schema`` and each of its nested schema instances, once, parents first."""
    trouves: list[Schema] = []
    vus: set[int] = set()

    def visiter(courant: Schema) -> None:
        if id(courant) in vus:
            return
        vus.add(id(courant))
        trouves.append(courant)
        for champ in courant.fields.values():
            while isinstance(champ, fields.List):
                champ = champ.inner
            if isinstance(champ, fields.Nested) and isinstance(champ.schema, Schema):
                visiter(champ.schema)

    visiter(schema)
    return trouves


def _avertissements(bases: list[Base], source: str) -> list[Probleme]:
    """The warnings of the rules run by ``bases`` (a root schema and its nested ones)."""
    return [Probleme(message, Lieu(fichier=source, champ=chemin), Niveau.AVERTISSEMENT)
            for courant in bases for chemin, message in courant.avertissements]


# The root schema instances of this thread, by class. Instantiating a root schema copies
# its fields and, at the first use of each nested field, instantiates the nested schema:
# about sixty schemas for a contract, the largest share of a validation's time. An
# instance keeps nothing of a load but the warnings of its rules, emptied before each
# validation; one per thread, as the campaigns validate in several threads.
_PAR_FIL = threading.local()


def _schema(variante: Variante) -> tuple[Schema, list[Base]]:
    """The instance of the variant's root schema this thread validates with, and the
    schemas of its tree that keep warnings (instantiated once, at the first call), their
    warnings emptied."""
    schemas: dict[type[Schema], tuple[Schema, list[Base]]] = _PAR_FIL.__dict__.setdefault(
        "schemas", {})
    classe = variante.definition.schema
    if classe not in schemas:
        schema = variante.schema()
        schemas[classe] = schema, [s for s in _schemas(schema) if isinstance(s, Base)]
    schema, bases = schemas[classe]
    for courant in bases:
        courant.avertissements.clear()
    return schema, bases


def _phrases(donnees: dict[str, Any], schema: Schema, source: str) -> list[Probleme]:
    """A free text that completes a sentence of the contract (« phrase » metadata) and
    starts like a sentence of its own: a warning that shows the sentence."""
    problemes = []
    for chemin, noeud, valeur in valeurs(donnees, depuis_schema(schema),
                                          marque="phrase"):
        if noeud.phrase and isinstance(valeur, str) and valeur.strip()[:1].isupper() \
                and not valeur.strip()[:2].isupper():
            debut = " ".join(valeur.split()[:4])
            problemes.append(Probleme(
                f"ce texte complète la phrase du contrat « {noeud.phrase} … » : il s'y lira "
                f"« {noeud.phrase} {debut}… » ; commencez-le par une minuscule, comme la "
                "suite de la phrase", Lieu(fichier=source, champ=chemin), Niveau.AVERTISSEMENT))
    return problemes


def valider(donnees: dict[str, Any], variante: Variante, source: str = ""
            ) -> tuple[dict[str, Any], list[Probleme]]:
    """Load ``donnees`` with this thread's instance of the variant's root schema (its
    warnings emptied first): the typed data and the warnings."""
    hors_limites = [Probleme(message, Lieu(fichier=source, champ=texte_chemin(chemin)))
                    for chemin, message in limites.valeurs_hors_limites(donnees)]
    if hors_limites:  # before the rules, which would compute with them
        raise ErreurCpom(hors_limites)
    schema, bases = _schema(variante)
    phrases = _phrases(donnees, schema, source)
    try:
        charge = schema.load(donnees)
    except ValidationError as exc:
        problemes: list[Probleme] = []
        _aplatir(exc.messages, schema, [], source, problemes)
        raise ErreurCpom(problemes + _avertissements(bases, source) + phrases) from None
    return charge, _avertissements(bases, source) + phrases
