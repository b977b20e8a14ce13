"""Computations shared by every variant: calendar, parties' wording, indicator rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domaine.calendrier import ajouter_mois, annees_du_contrat, date_fin

_UN_JOUR = timedelta(days=1)
_EN_LETTRES = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
               "dix", "onze", "douze"]


def en_lettres(n: int) -> str:
    """Small whole numbers in words (« six »), digits beyond twelve."""
    return _EN_LETTRES[n] if 0 <= n < len(_EN_LETTRES) else str(n)


def duree_texte(debut: date, fin: date) -> str:
    """« 5 ans », « 3 ans et 9 mois »."""
    mois = 0
    while ajouter_mois(debut, mois + 1) <= fin + _UN_JOUR:
        mois += 1
    ans, reste = divmod(mois, 12)
    morceaux = []
    if ans:
        morceaux.append(f"{ans} an{'s' if ans > 1 else ''}")
    if reste:
        morceaux.append(f"{reste} mois")
    return " et ".join(morceaux) or "moins d'un mois"


def periode(contrat: dict[str, Any]) -> dict[str, Any]:
    """Start, end, duration wording and the contract years."""
    debut = contrat["date_effet"]
    fin = date_fin(debut, contrat.get("duree_annees"), contrat.get("date_fin"))
    annees = annees_du_contrat(debut, fin)
    return {
        "date_effet": debut,
        "date_fin": fin,
        "duree": duree_texte(debut, fin),
        "annees": annees,
        "premiere_annee": annees[0],
        "derniere_annee": annees[-1],
        "annee_initiale": annees[0] - 1,  # situation initiale: the year before the start
        "annee_cible": annees[-1],
    }


def lieu(ville: str) -> str:
    """« à Rennes », « au Mans », « aux Sables-d’Olonne » (after « Fait »)."""
    for article, contraction in (("Le ", "au "), ("Les ", "aux ")):
        if ville.startswith(article):
            return contraction + ville[len(article):]
    return f"à {ville}"


def periode_mois(n: int) -> str:
    """« d’un mois », « de deux mois » (after « la période »)."""
    return "d’un mois" if n == 1 else f"de {en_lettres(n)} mois"


def feminin(personne: dict[str, Any]) -> bool:
    return personne["civilite"] == "Mme"


def nom_complet(personne: dict[str, Any]) -> str:
    return f"{personne['civilite']} {personne['prenom']} {personne['nom']}"


_QUALITES = {
    "association": ("président", "présidente", "de l’association"),
    "etablissement_public": ("directeur", "directrice", "de l’établissement public"),
    "societe": ("gérant", "gérante", "de la société"),
}


def qualite_representant(gestionnaire: dict[str, Any]) -> str:
    """« présidente de l'association Aide & Vie » (or the qualité given in the data)."""
    personne = gestionnaire["representant_legal"]
    if personne.get("qualite"):
        return personne["qualite"]
    masculin, fem, de = _QUALITES[gestionnaire["statut"]]
    titre = fem if feminin(personne) else masculin
    raison = gestionnaire["raison_sociale"]
    if raison.lower().startswith(("association ", "société ", "societe ")):
        return f"{titre} {'de l’' if raison[0] in 'Aa' else 'de la '}{raison}"
    return f"{titre} {de} {raison}"


def parties(donnees: dict[str, Any]) -> dict[str, Any]:
    departement = donnees["departement"]
    president = departement["president"]
    complement = departement.get("complement_nom") or f"de {departement['nom']}"
    return {
        "departement": f"Département {complement}",
        "departement_complement": complement,
        "president": nom_complet(president),
        "titre_president": ("Présidente" if feminin(president) else "Président")
        + " du Conseil départemental",
        "representant": nom_complet(donnees["gestionnaire"]["representant_legal"]),
        "qualite_representant": qualite_representant(donnees["gestionnaire"]),
    }


def valeurs_par_annee(valeurs: dict[int, str], annees: Iterable[int]) -> list[str]:
    """Yearly values aligned on the contract years ('' where none is given)."""
    return [valeurs.get(annee, "") for annee in annees]


def montants_par_annee(lignes: list[dict[str, Any]], annees: list[int]) -> dict[str, Any]:
    """Yearly amounts aligned on the contract years, with their total."""
    par_annee = {ligne["annee"]: ligne["montant"] for ligne in lignes}
    colonnes = [par_annee.get(annee) for annee in annees]
    return {"colonnes": colonnes, "total": sum((m for m in colonnes if m), Decimal(0))}


LARGEUR_LOGO_MM = 35
HAUTEUR_MAX_LOGO_MM = 30


def logos(donnees: dict[str, Any]) -> list[dict[str, Any]]:
    """Logos of the département and the gestionnaire, as images to place (pipeline)."""
    chemins = [donnees["departement"].get("logo"), donnees["gestionnaire"].get("logo")]
    return [{"image": c, "largeur_mm": LARGEUR_LOGO_MM, "hauteur_max_mm": HAUTEUR_MAX_LOGO_MM}
            for c in chemins if c]


def prorogation(donnees: dict[str, Any]) -> dict[str, str]:
    """The periods of the two prorogation clauses, in words (rule D5: each its own)."""
    p = donnees["contrat"]["prorogation"]
    return {
        "prorogation_max": en_lettres(p["duree_totale_max_annees"]),
        "preavis": en_lettres(p["preavis_mois"]),
        "delai_reponse": en_lettres(p["delai_reponse_mois"]),
        "periode_reponse": periode_mois(p["delai_reponse_mois"]),
        "preavis_revision": en_lettres(p["preavis_revision_mois"]),
        "delai_reponse_revision": en_lettres(p["delai_reponse_revision_mois"]),
        "periode_reponse_revision": periode_mois(p["delai_reponse_revision_mois"]),
    }
