"""Validate loaded data against the variant's schema: every error at once, with paths.

Returns the typed data and the warnings; raises ``DonneesInvalides`` listing every
problem as « chemin.du[0].champ : message », with a suggestion for a mistyped field.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError, fields

from generator.errors import DonneesInvalides, Probleme
from generator.variants import Variante
from schemas.base import MSG_INCONNU, _avertissements


@dataclass
class Resultat:
    donnees: dict[str, Any]
    avertissements: list[Probleme]


def _chemin(parent: str, cle: Any) -> str:
    if isinstance(cle, int):
        return f"{parent}[{cle}]"
    return f"{parent}.{cle}" if parent else str(cle)


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


def _aplatir(messages: Any, racine: Schema, segments: list[Any], sortie: list[Probleme]) -> None:
    if isinstance(messages, dict):
        for cle, sous in messages.items():
            if cle == "_schema":
                _aplatir(sous, racine, segments, sortie)
            else:
                _aplatir(sous, racine, [*segments, cle], sortie)
        return
    if isinstance(messages, list) and messages and not all(isinstance(m, str) for m in messages):
        for sous in messages:
            _aplatir(sous, racine, segments, sortie)
        return
    chemin = ""
    for segment in segments:
        chemin = _chemin(chemin, segment)
    for message in messages if isinstance(messages, list) else [messages]:
        if message == MSG_INCONNU and segments:
            message = _suggerer(racine, segments)
        sortie.append(Probleme(chemin, message))


def _suggerer(racine: Schema, segments: list[Any]) -> str:
    schema = _schema_de(racine, segments[:-1])
    if schema is None:
        return MSG_INCONNU
    proches = difflib.get_close_matches(str(segments[-1]), list(schema.fields), n=1, cutoff=0.6)
    return f"{MSG_INCONNU}, vouliez-vous dire « {proches[0]} » ?" if proches else MSG_INCONNU


def valider(donnees: dict[str, Any], variante: Variante, source: str | None = None) -> Resultat:
    """Load ``donnees`` with the variant's root schema."""
    schema = variante.schema_racine()
    jeton = _avertissements.set([])
    try:
        try:
            charge = schema.load(donnees)
        except ValidationError as exc:
            problemes: list[Probleme] = []
            _aplatir(exc.messages, schema, [], problemes)
            raise DonneesInvalides(problemes, source) from None
        avertissements = [Probleme(c, m) for c, m in _avertissements.get() or []]
    finally:
        _avertissements.reset(jeton)
    return Resultat(charge, avertissements)
