"""Field types with French error messages, and the strict base schema.

Every schema rejects unknown fields (a typo must not silently drop a clause) and gives
optional fields an explicit default, so templates can test them under strict undefined.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

MSG_INCONNU = "champ inconnu"
_COMMUNS = {
    "required": "champ obligatoire manquant",
    "null": "ce champ ne peut pas être vide",
    "validator_failed": "valeur invalide",
}


class Texte(fields.String):
    """Non-empty text (surrounding spaces removed)."""

    default_error_messages = {  # noqa: RUF012
        **_COMMUNS,
        "invalid": "texte attendu",
        "invalid_utf8": "texte illisible (encodage UTF-8 attendu)",
        "vide": "ce champ ne peut pas être vide",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        texte = super()._deserialize(value, attr, data, **kwargs).strip()
        if not texte:
            raise self.make_error("vide")
        return texte


class Entier(fields.Integer):
    default_error_messages = {**_COMMUNS, "invalid": "nombre entier attendu",  # noqa: RUF012
                              "too_large": "nombre trop grand"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)


_SEPARATEURS = re.compile(r"[\s\u00a0\u202f€%]")  # of a figure written in French


class Nombre(fields.Decimal):
    """A Decimal; accepts French writing (« 1 234,50 ») from spreadsheets."""

    default_error_messages = {  # noqa: RUF012
        **_COMMUNS,
        "invalid": "nombre attendu",
        "too_large": "nombre trop grand",
        "special": "nombre attendu",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, str):
            value = _SEPARATEURS.sub("", value).replace(",", ".")
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except InvalidOperation as exc:
            raise self.make_error("invalid") from exc


class Montant(Nombre):
    """A sum of money in euros (Decimal, ≥ 0)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validate", validate.Range(min=0, error="montant négatif"))
        super().__init__(**kwargs)


class Pourcentage(Nombre):
    """A rate written in percent: 0.5 means 0,5 %."""


class Booleen(fields.Boolean):
    default_error_messages = {**_COMMUNS, "invalid": "oui ou non attendu"}  # noqa: RUF012
    truthy = {True, "1", "oui", "Oui", "OUI", "true", "True", "vrai", "Vrai", "x", "X"}  # noqa: RUF012
    falsy = {False, "0", "non", "Non", "NON", "false", "False", "faux", "Faux", ""}  # noqa: RUF012


class Date(fields.Date):
    default_error_messages = {  # noqa: RUF012
        **_COMMUNS,
        "invalid": "date attendue (AAAA-MM-JJ)",
        "format": "date invalide « {input} » (format attendu AAAA-MM-JJ)",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if hasattr(value, "date") and callable(value.date):  # datetime from a workbook
            value = value.date()
        if isinstance(value, str) and re.fullmatch(r"\d{2}/\d{2}/\d{4}", value.strip()):
            jour, mois, annee = value.strip().split("/")
            value = f"{annee}-{mois}-{jour}"
        return super()._deserialize(value, attr, data, **kwargs)


_MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
         "septembre", "octobre", "novembre", "décembre"]


class JourMois(fields.Field):
    """A yearly deadline « JJ/MM » or « 30 avril », loaded as (day, month)."""

    default_error_messages = {  # noqa: RUF012
        **_COMMUNS,
        "invalid": "échéance attendue au format JJ/MM ou « 30 avril » (reçu « {input} »)",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        texte = str(value).strip().lower().replace("1er", "1")
        m = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})", texte)
        if m:
            jour, mois = int(m[1]), int(m[2])
        else:
            m = re.fullmatch(r"(\d{1,2})\s+(\w+)", texte)
            if not m or m[2] not in _MOIS:
                raise self.make_error("invalid", input=value)
            jour, mois = int(m[1]), _MOIS.index(m[2]) + 1
        from datetime import date

        try:
            date(2024, mois, jour)
        except ValueError as exc:
            raise self.make_error("invalid", input=value) from exc
        return (jour, mois)


class Liste(fields.List):
    default_error_messages = {**_COMMUNS, "invalid": "liste attendue"}  # noqa: RUF012


class Objet(fields.Nested):
    default_error_messages = {**_COMMUNS, "type": "bloc de champs attendu"}  # noqa: RUF012


class Dictionnaire(fields.Dict):
    default_error_messages = {**_COMMUNS, "invalid": "table clé → valeur attendue"}  # noqa: RUF012


class Courriel(fields.Email):
    default_error_messages = {**_COMMUNS, "invalid": "adresse électronique invalide"}  # noqa: RUF012


def choix(valeurs: list[str] | tuple[str, ...]) -> validate.OneOf:
    """Enumeration validator with a French message listing the allowed values."""
    return validate.OneOf(
        valeurs, error="valeur non autorisée « {input} » (valeurs possibles : {choices})"
    )


def longueur(minimum: int | None = None, maximum: int | None = None) -> validate.Length:
    if minimum == 1 and maximum is None:
        return validate.Length(min=1, error="au moins un élément attendu")
    return validate.Length(
        min=minimum, max=maximum, error=f"entre {minimum} et {maximum} éléments attendus"
    )


def bornes(minimum: Any = None, maximum: Any = None) -> validate.Range:
    if maximum is None:
        return validate.Range(min=minimum, error="valeur inférieure à {min}")
    if minimum is None:
        return validate.Range(max=maximum, error="valeur supérieure à {max}")
    return validate.Range(min=minimum, max=maximum, error="valeur attendue entre {min} et {max}")


def optionnel(champ: fields.Field) -> fields.Field:
    """Make a field optional with an explicit ``None`` (or ``[]`` for lists) default."""
    champ.required = False
    champ.allow_none = True
    champ.load_default = list if isinstance(champ, fields.List) else None
    return champ


# --- legal rules ------------------------------------------------------------------------
# A rule is a function ``regle(donnees, constats, *arguments)``: it reads the loaded data
# and reports errors and warnings (rules the documents mark as recommendations) to
# ``constats``, each with its field path. Root schemas run their rules in one
# ``@validates_schema(skip_on_field_errors=False)``: rules run even when some fields
# failed, so that every error is listed at once.


class DonneeManquante(LookupError):
    """A rule read a field that is absent because it failed its own validation (already
    reported): the rule cannot run, and is skipped."""


class _Bloc(dict):
    """Loaded data as a rule sees it: a missing key means the field failed."""

    def __missing__(self, cle: Any) -> Any:
        raise DonneeManquante(cle)


def _vue(valeur: Any) -> Any:
    if isinstance(valeur, dict):
        return _Bloc((cle, _vue(v)) for cle, v in valeur.items())
    if isinstance(valeur, list):
        return [_vue(v) for v in valeur]
    return valeur


class Constats:
    """What the rules of one validation found: errors (raised at once as one
    ``ValidationError``) and warnings (kept by the schema, see ``Base.avertissements``)."""

    def __init__(self) -> None:
        self.erreurs: dict[str, list[str]] = {}
        self.avertissements: list[tuple[str, str]] = []

    def erreur(self, chemin: str, message: str) -> None:
        self.erreurs.setdefault(chemin, []).append(message)

    def avertissement(self, chemin: str, message: str) -> None:
        self.avertissements.append((chemin, message))


def appliquer(regles: list, donnees: dict, constats: Constats, *arguments: Any) -> None:
    """Run each rule on ``donnees``. A rule whose input failed validation (already
    reported) is skipped; any other exception is a bug in the rule and propagates."""
    vue = donnees if isinstance(donnees, _Bloc) else _vue(donnees)
    for regle in regles:
        try:
            regle(vue, constats, *arguments)
        except DonneeManquante:
            continue


class Base(Schema):
    """Strict schema: unknown fields are errors; messages in French.

    ``avertissements`` holds the warnings of the rules run by this instance (an instance
    validates in one thread only, its warnings emptied before each validation: see
    ``generator.validate``).
    """

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": MSG_INCONNU, "type": "bloc de champs attendu"}  # noqa: RUF012

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.avertissements: list[tuple[str, str]] = []

    def appliquer(self, regles: list, donnees: dict, *arguments: Any) -> None:
        """Run ``regles`` on ``donnees`` (see ``appliquer``); errors are raised together,
        warnings kept in ``avertissements``."""
        constats = Constats()
        appliquer(regles, donnees, constats, *arguments)
        self.avertissements.extend(constats.avertissements)
        if constats.erreurs:
            raise ValidationError(constats.erreurs)


__all__ = [
    "MSG_INCONNU",
    "Base",
    "Booleen",
    "Constats",
    "Courriel",
    "Date",
    "Decimal",
    "Dictionnaire",
    "DonneeManquante",
    "Entier",
    "JourMois",
    "Liste",
    "Montant",
    "Nombre",
    "Objet",
    "Pourcentage",
    "Texte",
    "appliquer",
    "bornes",
    "choix",
    "longueur",
    "optionnel",
]
