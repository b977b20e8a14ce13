"""Display names and JSON Schema types of the schema field classes (schemas/base.py)."""

from __future__ import annotations

TYPES = {
    "Finess": "n° FINESS", "Siren": "n° SIREN", "Siret": "n° SIRET", "Rna": "n° RNA",
    "CodePostal": "code postal", "CodeInsee": "code INSEE", "CodeDepartement": "code département",
    "Courriel": "courriel", "Montant": "montant (€)", "Pourcentage": "pourcentage",
    "Nombre": "nombre", "Entier": "entier", "Booleen": "oui/non", "Date": "date (AAAA-MM-JJ)",
    "JourMois": "échéance (JJ/MM)", "Texte": "texte",
}

JSON = {
    "entier": {"type": "integer"},
    "nombre": {"type": ["number", "string"]},
    "montant (€)": {"type": ["number", "string"], "minimum": 0},
    "pourcentage": {"type": ["number", "string"]},
    "oui/non": {"type": ["boolean", "string"]},
    "date (AAAA-MM-JJ)": {"type": "string", "format": "date"},
    "table": {"type": "object"},
    "courriel": {"type": "string", "format": "email"},
}
