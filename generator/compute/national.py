"""Computations of the national model: calendar, annex 1 totals, annex 2 rows, money."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domaine.tarifs import tarif_minimal
from generator.compute import commun
from schemas.commun import OBJECTIFS_L314_2_2

# R.314-40 CASF, the option as the contract names it.
OPTIONS_R314_40 = {
    "taux_oaed": "1° : application directe de l’objectif annuel d’évolution des dépenses "
                 "délibéré par le Département",
    "formule_fixe": "2° : application d’une formule fixe d’actualisation ou de revalorisation",
    "avenants_annuels": "3° : conclusion d’avenants annuels d’actualisation ou de revalorisation",
    "equation_tarifaire": "4° : application d’une équation tarifaire, d’un tarif plafond ou "
                          "d’un algorithme",
}


def _activite(diagnostic: dict[str, Any]) -> dict[str, Any]:
    """Annex 1 activity table of year N-1 with APA and yearly totals."""
    activite = diagnostic["activite"]
    apa = activite["apa"]
    total_apa = {
        cle: sum((apa[g][cle] for g in ("gir1", "gir2", "gir3", "gir4")), Decimal(0))
        for cle in ("heures", "beneficiaires")
    }
    lignes = [activite["pch"]] + [
        activite[cle] for cle in ("aide_sociale", "autres_pa_ph", "autres_hors_pa_ph")
        if activite.get(cle)
    ]
    total = {
        cle: total_apa[cle] + sum((ligne[cle] for ligne in lignes), Decimal(0))
        for cle in ("heures", "beneficiaires")
    }
    communes = activite.get("par_commune") or []
    total_communes = {
        cle: sum((c[cle] for c in communes), Decimal(0)) for cle in ("heures", "beneficiaires")
    }
    return {"apa": total_apa, "total": total, "total_communes": total_communes}


def _lignes_indicateurs(objectifs: list[dict[str, Any]], annees: list[int],
                        dotation: bool) -> list[dict[str, Any]]:
    """Annex 2 rows: one per indicator; labels printed on the first row of their group."""
    lignes: list[dict[str, Any]] = []
    for objectif in objectifs:
        strategique = (f"Objectif n°{objectif['numero']} : {OBJECTIFS_L314_2_2[objectif['numero']]}"
                       if dotation else objectif["intitule"])
        if dotation and objectif.get("precision"):
            strategique += f" ({objectif['precision']})"
        premier_strategique = True
        for operationnel in objectif["operationnels"]:
            premier_operationnel = True
            groupes = [(None, ind, "operationnel") for ind in operationnel["indicateurs"]]
            for action in operationnel["actions"]:
                groupes += [(action, ind, "action") for ind in action["indicateurs"]]
                if not action["indicateurs"]:
                    groupes.append((action, None, "action"))
            if not groupes:
                groupes = [(None, None, "operationnel")]
            action_precedente = object()
            for action, indicateur, nature in groupes:
                lignes.append({
                    "strategique": strategique if premier_strategique else "",
                    "operationnel": operationnel["intitule"] if premier_operationnel else "",
                    "action": action["intitule"] if action and action is not action_precedente
                    else "",
                    "indicateur_action": indicateur["libelle"]
                    if indicateur and nature == "action" else "",
                    "indicateur_objectif": indicateur["libelle"]
                    if indicateur and nature == "operationnel" else "",
                    "situation_initiale": (indicateur or {}).get("situation_initiale") or "",
                    "cible": (indicateur or {}).get("cible") or "",
                    "valeurs": commun.valeurs_par_annee((indicateur or {}).get("valeurs") or {},
                                                        annees),
                })
                premier_strategique = premier_operationnel = False
                action_precedente = action
    return lignes


def _fiches(objectifs: dict[str, Any]) -> list[dict[str, Any]]:
    """One fiche action per action, general objectives first, numbered."""
    fiches = []
    for groupe in ("generaux", "dotation"):
        for objectif in objectifs[groupe]:
            if groupe == "dotation":
                libelle = (f"Objectif n°{objectif['numero']} (article L.314-2-2 du CASF) : "
                           f"{OBJECTIFS_L314_2_2[objectif['numero']]}")
            else:
                libelle = objectif["intitule"]
            for operationnel in objectif["operationnels"]:
                for action in operationnel["actions"]:
                    fiches.append({
                        "numero": len(fiches) + 1,
                        "objectif": libelle,
                        "operationnel": operationnel["intitule"],
                        "dotation": groupe == "dotation",
                        **action,
                    })
    return fiches


def _tarif_reference(departement: dict[str, Any], premiere_annee: int) -> dict[str, Any] | None:
    """The reference tariff in force at the start (that year's, else the latest before)."""
    tarifs = sorted(departement.get("tarifs_reference") or [], key=lambda t: t["annee"])
    en_vigueur = [t for t in tarifs if t["annee"] <= premiere_annee] or tarifs[:1]
    if not en_vigueur:
        return None
    tarif = en_vigueur[-1]
    return {**tarif, "identiques": tarif["apa"] == tarif["pch"]}


def calculer(donnees: dict[str, Any]) -> dict[str, Any]:
    """Context of the national templates."""
    periode = commun.periode(donnees["contrat"])
    annees = periode["annees"]
    objectifs = donnees["objectifs"]
    calcul: dict[str, Any] = {
        **periode,
        **commun.parties(donnees),
        "habilite": donnees["services"][0]["habilite_aide_sociale"],
        **commun.prorogation(donnees),
        "fait_a": commun.lieu(donnees["contrat"]["lieu_signature"]),
        "activite": _activite(donnees["diagnostic"]),
        "tableau_generaux": _lignes_indicateurs(objectifs["generaux"], annees, dotation=False),
        "tableau_dotation": _lignes_indicateurs(objectifs["dotation"], annees, dotation=True),
        "objectifs_dotation": [
            {**o, "libelle": OBJECTIFS_L314_2_2[o["numero"]]} for o in objectifs["dotation"]
        ],
        "fiches": _fiches(objectifs),
        "tarif_reference": _tarif_reference(donnees["departement"], annees[0]),
        "tarif_minimal": tarif_minimal(annees[0]),
        "logos": commun.logos(donnees),
    }
    tarification = donnees.get("tarification")
    if tarification:
        calcul["option_r314_40"] = OPTIONS_R314_40[tarification["evolution"]["option"]]
        lignes = [
            {**e, "montant": e["tarif_horaire"] * e["heures"]}
            for e in sorted(tarification["elements_financiers"], key=lambda e: e["annee"])
        ]
        calcul["elements_financiers"] = {
            "lignes": lignes,
            "total_heures": sum((e["heures"] for e in lignes), Decimal(0)),
            "total": sum((e["montant"] for e in lignes), Decimal(0)),
        }
        if tarification.get("dotation_globale"):
            calcul["dotation_globale"] = commun.montants_par_annee(
                tarification["dotation_globale"]["montants"], annees)
    dotation = donnees.get("dotation_complementaire")
    if dotation:
        calcul["dotation"] = commun.montants_par_annee(dotation["montants"], annees)
    rac = donnees.get("reste_a_charge")
    if rac:
        calcul["indicateurs_rac"] = [
            {**i, "colonnes": commun.valeurs_par_annee(i["valeurs"], annees)}
            for i in rac["indicateurs"]
        ]
    return {**donnees, "calcul": calcul}
