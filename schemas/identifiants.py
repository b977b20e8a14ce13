"""Identifier fields: FINESS, SIREN, SIRET, RNA, postal code, INSEE commune code.

Identifiers stay strings (leading zeros). SIREN/SIRET checks come from python-stdnum;
FINESS is not in stdnum: 9 characters, département code (01–95, 2A/2B, 97x) + Luhn key
over the 9 digits (checked on real numbers).
"""

from __future__ import annotations

import re

from marshmallow import ValidationError
from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.fr import siren, siret

from schemas.base import Texte


class Identifiant(Texte):
    """Text identifier with spaces removed; subclasses check format and key."""

    nom = "identifiant"

    def _deserialize(self, value, attr, data, **kwargs):
        brut = super()._deserialize(value, attr, data, **kwargs)
        code = re.sub(r"[\s.\-\u00a0]", "", brut).upper()
        message = self.verifier(code)
        if message:
            raise ValidationError(f"{message} (« {brut} »)")
        return code

    def verifier(self, code: str) -> str | None:  # pragma: no cover - overridden
        return None


class Finess(Identifiant):
    """N° FINESS (EJ or ET)."""

    _FORMAT = re.compile(r"^(?:\d{2}|2[AB])\d{7}$")

    def verifier(self, code: str) -> str | None:
        if not self._FORMAT.match(code):
            if code.isdigit():
                return f"un n° FINESS compte 9 caractères, pas {len(code)}"
            return "format FINESS invalide (2 caractères de département puis 7 chiffres)"
        if code[:2] in ("00", "96", "98", "99"):
            return "code département du n° FINESS inconnu"
        if code.isdigit() and not luhn.is_valid(code):
            return "clé de contrôle invalide"
        return None


def _stdnum(module, nom: str, longueur: int, code: str) -> str | None:
    try:
        module.validate(code)
    except InvalidLength:
        return f"un n° {nom} compte {longueur} chiffres, pas {len(code)}"
    except InvalidFormat:
        return f"un n° {nom} ne contient que des chiffres"
    except InvalidChecksum:
        return "clé de contrôle invalide"
    except InvalidComponent:
        return "le n° SIREN contenu dans le SIRET est invalide"
    return None


class Siren(Identifiant):
    def verifier(self, code: str) -> str | None:
        return _stdnum(siren, "SIREN", 9, code)


class Siret(Identifiant):
    def verifier(self, code: str) -> str | None:
        return _stdnum(siret, "SIRET", 14, code)


class Rna(Identifiant):
    """N° RNA of an association: W followed by 9 digits."""

    def verifier(self, code: str) -> str | None:
        if not re.fullmatch(r"W\d{9}", code):
            return "un n° RNA s'écrit W suivi de 9 chiffres"
        return None


class CodePostal(Identifiant):
    def verifier(self, code: str) -> str | None:
        return None if re.fullmatch(r"\d{5}", code) else "un code postal compte 5 chiffres"


class CodeInsee(Identifiant):
    """Code officiel géographique of a commune (2A/2B for Corsica)."""

    def verifier(self, code: str) -> str | None:
        if not re.fullmatch(r"(?:\d{2}|2[AB])\d{3}", code):
            return "un code commune INSEE compte 5 caractères (ex. 35238)"
        return None


class CodeDepartement(Identifiant):
    def verifier(self, code: str) -> str | None:
        if re.fullmatch(r"(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])", code):
            return None
        return "code département invalide (ex. 35, 2A, 974)"
