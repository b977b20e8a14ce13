"""Variants: the shipped ones (registry) and the templates folders that use them."""

from generator.variants.folder import (
    Document,
    Variante,
    dossier_exemples,
    lire_variante,
    modeles_livres,
    trouver,
    variante_des_donnees,
    variantes,
)

__all__ = [
    "Document",
    "Variante",
    "dossier_exemples",
    "lire_variante",
    "modeles_livres",
    "trouver",
    "variante_des_donnees",
    "variantes",
]
