"""Computations of the Seine-et-Marne CPOM-mandatement (SEM, docs/sources.md): the annexes' tables,
the article numbering and the wording; the figures come from ``domaine.formules``."""

from __future__ import annotations

import unicodedata
from typing import Any

from domaine import referentiel
from domaine.formules.seine_et_marne import (
    communes_couvertes,
    resoudre_commune,
    synthese,
)
from generator.compute import commun

COLONNES_ANNEXE_1 = 4

# The 11 obligations de service public of article 6, in short (annexe 5 checklist).
OSP = (
    "Accès de tout usager sans discrimination économique, sociale ou territoriale",
    "Intervention par des services autorisés et mandatés par le CPOM",
    "Couverture de toutes les communes de l’annexe 1 toute l’année",
    "Continuité : 10 h par jour, 7 jours sur 7 ; permanence de 35 h par semaine par antenne ; "
    "aucune fermeture",
    "Prise en charge APA (tous GIR), PCH et aide-ménagère",
    "Transparence et interfaçage SOLIS-SAD (envoi de toutes les heures)",
    "Aucune surfacturation à l’usager départemental",
    "Respect du droit du travail et de la convention collective",
    "Collaboration avec les services départementaux, la MDPH et les PAT",
    "Remontée des heures et ratios de chaque association locale (fédération)",
    "OSP spécifiques : déplacements éloignés, majorations soir, dimanche et jours fériés",
)

# Articles after the federation's article 8: numbered one less without it (association).
ARTICLES_APRES_8 = ("compensation", "sous_traitance", "suivi", "assurances", "revision",
                    "reprise", "litiges", "pieces", "signature")


def designation(gestionnaire: dict[str, Any]) -> str:
    """« L’association Aide à domicile du Provinois », « La Fédération ADMR … »."""
    raison = gestionnaire["raison_sociale"]
    nature = gestionnaire["nature"]
    if raison.lower().startswith(("association", "fédération", "federation")):
        return f"{'L’' if raison[0] in 'Aa' else 'La '}{raison}"
    return f"L’association {raison}" if nature == "association" else f"La fédération {raison}"


def numeros_articles(federation: bool) -> dict[str, int]:
    """Article numbers from 9 on: as in the model for a federation, one less otherwise."""
    depart = 9 if federation else 8
    return {nom: depart + i for i, nom in enumerate(ARTICLES_APRES_8)}


# --- annexe 1: communes -------------------------------------------------------------------

def cle_tri(nom: str) -> str:
    """Alphabetical order of French names: accents and case ignored."""
    decompose = unicodedata.normalize("NFD", nom)
    return "".join(c for c in decompose if not unicodedata.combining(c)).lower()


def grille_communes(departement: str, couvertes: set[str], toutes: bool,
                    colonnes: int = COLONNES_ANNEXE_1) -> list[list[dict[str, Any]]]:
    """Annexe 1: communes in alphabetical order, ``colonnes`` per row, read across then down
    (a row never depends on where Word breaks the pages).

    ``toutes``: every commune of the département (■ covered, □ not), as the model's checklist;
    otherwise only the covered ones. Empty cells complete the last row."""
    cellules = [
        {"code_postal": ", ".join(c.codes_postaux), "nom": c.nom,
         "couverte": c.code_insee in couvertes}
        for c in sorted(referentiel.communes(departement), key=lambda c: cle_tri(c.nom))
        if toutes or c.code_insee in couvertes
    ]
    vide = {"code_postal": "", "nom": "", "couverte": None}
    cellules += [vide] * (-len(cellules) % colonnes)
    return [cellules[i:i + colonnes] for i in range(0, len(cellules), colonnes)]


def _associations(donnees: dict[str, Any]) -> list[dict[str, Any]]:
    resultat = []
    for association in donnees.get("associations_federees") or []:
        noms = []
        for commune in association.get("communes") or []:
            trouvee = resoudre_commune(commune)
            noms.append(trouvee.nom if trouvee else commune["nom"])
        resultat.append({**association, "liste_communes": ", ".join(noms)})
    return resultat


# --- annexe 4: indicators -----------------------------------------------------------------

def _ligne(numero: str, indicateur: dict[str, Any], annees: list[int],
           action: str = "") -> dict[str, Any]:
    return {
        "groupe": False,
        "numero": numero,
        "objectif": "",
        "action": action,
        "indicateur": indicateur["libelle"],
        "n_2": indicateur.get("valeur_n_2") or "",
        "n_1": indicateur.get("valeur_n_1") or "",
        "cibles": commun.valeurs_par_annee(indicateur.get("cibles") or {}, annees),
        "source": indicateur.get("source") or "",
        "referent": indicateur.get("referent") or "",
    }


def _groupe(numero: int, libelle: str, annees: list[int]) -> dict[str, Any]:
    return {"groupe": True, "numero": str(numero), "objectif": libelle, "action": "",
            "indicateur": "", "n_2": "", "n_1": "", "cibles": [""] * len(annees), "source": "",
            "referent": ""}


def lignes_indicateurs(qualite: dict[str, Any], actions: list[dict[str, Any]],
                       annees: list[int]) -> list[dict[str, Any]]:
    """Annexe 4 rows: 1 engagements qualité, 2 indicateurs statistiques, 3 actions
    spécifiques (when they have indicators); numbered 1.1, 1.2, …"""
    lignes = [_groupe(1, "Engagements qualité à atteindre", annees)]
    lignes += [_ligne(f"1.{i}", ind, annees)
               for i, ind in enumerate(qualite["engagements"], 1)]
    lignes.append(_groupe(2, "Indicateurs statistiques", annees))
    lignes += [_ligne(f"2.{i}", ind, annees)
               for i, ind in enumerate(qualite["statistiques"], 1)]
    suivis = [(a, ind) for a in actions for ind in a["indicateurs"]]
    if suivis:
        lignes.append(_groupe(3, "Engagements qualité volontaires (annexe 3)", annees))
        precedente = None
        for i, (action, indicateur) in enumerate(suivis, 1):
            libelle = action["intitule"] if action is not precedente else ""
            lignes.append(_ligne(f"3.{i}", indicateur, annees, libelle))
            precedente = action
    return lignes


def indicateurs_rapport(qualite: dict[str, Any], annees: list[int]) -> list[dict[str, str]]:
    """Annexe 5: each quality indicator with its targets in one line (« 2019 : 43 % ; … »)."""
    resultat = []
    for indicateur in [*qualite["engagements"], *qualite["statistiques"]]:
        cibles = indicateur.get("cibles") or {}
        resultat.append({
            "libelle": indicateur["libelle"],
            "valeur_n_1": indicateur.get("valeur_n_1") or "",
            "cibles": " ; ".join(f"{a} : {cibles[a]}" for a in annees if cibles.get(a)) or "—",
        })
    return resultat


def entetes_annees(annees: list[int]) -> list[str]:
    """« N (2019) », « N+1 (2020) », … for the target columns of annexe 4."""
    return [f"N{f'+{i}' if i else ''} ({annee})" for i, annee in enumerate(annees)]


# --- parties -------------------------------------------------------------------------------

def _representation(gestionnaire: dict[str, Any]) -> str:
    """« sa Présidente, Mme Claire MARTIN » (or the qualité given in the data)."""
    personne = gestionnaire["representant_legal"]
    nom = commun.nom_complet(personne)
    if personne.get("qualite"):
        return f"{nom}, {personne['qualite']}"
    return f"{'sa Présidente' if commun.feminin(personne) else 'son Président'}, {nom}"


def qualite_representant(gestionnaire: dict[str, Any]) -> str:
    """« présidente de la Fédération … », « président de l’association … » (or the qualité
    given in the data)."""
    personne = gestionnaire["representant_legal"]
    if personne.get("qualite"):
        return personne["qualite"]
    titre = "présidente" if commun.feminin(personne) else "président"
    nom = designation(gestionnaire)
    return f"{titre} {'de l’' + nom[2:] if nom.startswith('L’') else 'de la ' + nom[3:]}"


def _adresse(adresse: dict[str, Any]) -> str:
    morceaux = [adresse.get("complement"), adresse["voie"]]
    debut = ", ".join(m for m in morceaux if m)
    return f"{debut}, {adresse['code_postal']} {adresse['commune']}"


def calculer(donnees: dict[str, Any]) -> dict[str, Any]:
    """Context of the Seine-et-Marne templates."""
    periode = commun.periode(donnees["contrat"])
    annees = periode["annees"]
    departement = donnees["departement"]
    gestionnaire = donnees["gestionnaire"]
    grille = donnees["synthese_financiere"]
    contrat = donnees["contrat"]
    couvertes = communes_couvertes(donnees["services"])
    actions = donnees["engagements_volontaires"]
    services = donnees["services"]
    federation = gestionnaire["nature"] == "federation"
    president = departement["president"]
    calcul: dict[str, Any] = {
        **periode,
        **commun.parties(donnees),
        "federation": federation,
        "articles": numeros_articles(federation),
        "cosignataire": designation(gestionnaire),
        "qualite_representant": qualite_representant(gestionnaire),
        "representation": _representation(gestionnaire),
        "adresse_departement": _adresse(departement["adresse"]),
        "le_president": "la Présidente" if commun.feminin(president) else "le Président",
        "fait_a": commun.lieu(contrat["lieu_signature"]),
        "logos": commun.logos(donnees),
        "annee_n_2": annees[0] - 2,
        "annee_n_1": annees[0] - 1,
        "entetes_annees": entetes_annees(annees),
        "nom_service": grille.get("nom_service")
        or (services[0]["nom"] if len(services) == 1 else gestionnaire["raison_sociale"]),
        "synthese": synthese(grille, donnees["tarification"], contrat["penalite_osp"]),
        "communes": {
            "lignes": grille_communes(departement["code"], set(couvertes),
                                      contrat["communes_annexe_1"] == "toutes"),
            "nombre": len(couvertes),
        },
        "associations": _associations(donnees),
        "actions": [{**a, "numero": i} for i, a in enumerate(actions, 1)],
        "indicateurs": lignes_indicateurs(donnees["qualite"], actions, annees),
        "indicateurs_rapport": indicateurs_rapport(donnees["qualite"], annees),
        "osp": [{"numero": i, "libelle": libelle} for i, libelle in enumerate(OSP, 1)],
        "source_communes": referentiel.attribution(),
    }
    return {**donnees, "calcul": calcul}
