"""Computations of the Ille-et-Vilaine CPOM: contract wording, annexes 1–7, and the
financial annexes 8–10 (domaine/formules/ille_et_vilaine.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domaine import referentiel
from domaine.formules.ille_et_vilaine import calculer_finances
from domaine.tarifs import tarif_minimal
from generator.compute import commun
from schemas.commun import OBJECTIFS_L314_2_2
from schemas.ille_et_vilaine import (
    DEPARTEMENT,
    EPCI_SEED,
    OBJECTIFS_PROPOSES,
    PART_MAX_OBJECTIF_5,
    PLAFOND_HORAIRE,
    PLAFOND_KM,
    SEUIL_HEURES,
    heures_annee,
    kilometres_action,
    libelle_epci,
    montant_action,
    resoudre_commune,
    resoudre_epci,
)

ZERO = Decimal(0)
STATUTS = {"association": "association", "etablissement_public": "établissement public",
           "societe": "société"}
GROUPES: tuple[int | None, ...] = (*OBJECTIFS_PROPOSES, None)  # None: « Autres objectifs »


def _activite(donnees: dict[str, Any], annees: list[int]) -> dict[str, Any]:
    """Annex 1 table: entry value (first year) then forecasts, with the hours the CPOM
    counts (APA + PCH + aide ménagère, Titre 1); hours not typed come from annex 8."""
    lignes = []
    for ligne in sorted(donnees["fiche_signaletique"]["activite"], key=lambda x: x["annee"]):
        heures = heures_annee(donnees, ligne)
        retenues = heures["apa"] + heures["pch"] + heures["aide_menagere"]
        lignes.append({
            **ligne,
            "heures": heures,
            "libelle": "Valeur d’entrée" if ligne["annee"] == annees[0] else "Prévisionnelles",
            "heures_retenues": retenues,
            "eligible": retenues >= SEUIL_HEURES,
        })
    entree = next((x for x in lignes if x["annee"] == annees[0]), lignes[0])
    return {"lignes": lignes, "entree": entree}


def _territoire(territoire: dict[str, Any]) -> dict[str, Any]:
    """Annex 3: the checklist of every EPCI of the département (model order and labels,
    matched on SIREN) and the communes served when an EPCI is partly covered."""
    desservis: dict[str, list[str]] = {}
    for entree in territoire["epci"]:
        epci = resoudre_epci(entree)
        if epci is None:  # reported by the schema
            continue
        communes = [resoudre_commune(c) for c in entree["communes"]]
        desservis[epci.siren] = [c.nom for c in communes if c is not None]
    officiels = {e.siren: e for e in referentiel.epcis(DEPARTEMENT)}
    ordre = [s for s, _ in EPCI_SEED if s in officiels]
    ordre += [s for s in officiels if s not in ordre]
    liste = []
    for siren in ordre:
        epci = officiels[siren]
        communes = desservis.get(siren)
        liste.append({
            "siren": siren,
            "libelle": libelle_epci(epci),
            "nom_officiel": epci.nom,
            "coche": communes is not None,
            "partiel": bool(communes),
            "communes": communes or [],
            "nombre_communes": len(epci.membres),
        })
    servis = [e for e in liste if e["coche"]]
    resume = " ; ".join(
        e["libelle"] + (f" ({', '.join(e['communes'])})" if e["partiel"] else "")
        for e in servis
    )
    return {
        "epci": liste,
        "servis": servis,
        "partiels": [e for e in liste if e["partiel"]],
        "resume": resume,
        "millesime": referentiel.millesime(),
        "source": referentiel.attribution(),
    }


def _plafond(numero: int | None, financement: dict[str, Any],
             kilometres: Decimal | None) -> Decimal | None:
    """The cap of one action (objectives 1, 2: per hour × hours; 3: 0,04 €/km × km)."""
    if numero in PLAFOND_HORAIRE and financement.get("heures") is not None:
        return PLAFOND_HORAIRE[numero] * financement["heures"]
    if numero == 3 and kilometres is not None:
        return PLAFOND_KM * kilometres
    return None


def _libelle_objectif(numero: int | None, intitule: str | None) -> str:
    if numero is None:
        return intitule or "Autres objectifs"
    return f"{numero} - {OBJECTIFS_L314_2_2[numero]}"


def _objectifs(donnees: dict[str, Any], annees: list[int]) -> list[dict[str, Any]]:
    """Annexes 6 and 7: objectives grouped 1, 2, 3, 5 then « autres », each action with its
    annual amount, its cap and its indicators aligned on the contract years."""
    groupes = []
    for numero in GROUPES:
        actions = []
        for objectif in donnees["objectifs"]:
            if objectif.get("numero") != numero:
                continue
            for action in objectif["actions"]:
                financement = action["financement"]
                indicateurs = [
                    {**ind, "numero": k, "colonnes": commun.valeurs_par_annee(ind["valeurs"],
                                                                                annees)}
                    for k, ind in enumerate(action["indicateurs"], 1)
                ]
                actions.append({
                    **action,
                    "numero": len(actions) + 1,
                    "objectif": _libelle_objectif(numero, objectif.get("intitule")),
                    "precision": objectif.get("intitule") if numero is not None else None,
                    "montant": montant_action(numero, financement),
                    "kilometres": kilometres_action(donnees, financement)
                    if numero == 3 else None,
                    "plafond": _plafond(numero, financement,
                                        kilometres_action(donnees, financement)),
                    "indicateurs": indicateurs,
                })
        libelle = ("Autres objectifs" if numero is None
                   else _libelle_objectif(numero, None))
        groupes.append({
            "numero": numero,
            "libelle": libelle,
            "actions": actions,
            "total": sum((a["montant"] or ZERO for a in actions), ZERO),
        })
    return groupes


def _tableau_suivi(groupes: list[dict[str, Any]], annees: list[int]) -> list[dict[str, Any]]:
    """Annex 7 rows: one per indicator; objective and action printed on their first row."""
    vide = [""] * len(annees)
    lignes: list[dict[str, Any]] = []
    for groupe in groupes:
        premier = True
        if not groupe["actions"]:
            lignes.append({"objectif": groupe["libelle"], "action": "", "montant": None,
                           "depense": None, "montant_affiche": False, "numero": "",
                           "indicateur": "", "colonnes": vide})
            continue
        for action in groupe["actions"]:
            intitule = action["intitule"]
            if groupe["numero"] is None:
                intitule = f"{action['objectif']} : {intitule}"
            for k, indicateur in enumerate(action["indicateurs"]):
                lignes.append({
                    "objectif": groupe["libelle"] if premier else "",
                    "action": intitule if k == 0 else "",
                    "montant": action["montant"],
                    "depense": action.get("depense_realisee"),
                    "montant_affiche": k == 0,
                    "numero": f"n°{indicateur['numero']}",
                    "indicateur": indicateur["libelle"],
                    "colonnes": indicateur["colonnes"],
                })
                premier = False
    return lignes


def _tarifs(departement: dict[str, Any], annees: list[int]) -> dict[str, Any]:
    tarifs = sorted(departement["tarifs_reference"], key=lambda t: t["annee"])
    premier = next((t for t in tarifs if t["annee"] == annees[0]), tarifs[0])
    return {"lignes": tarifs, "premiere_annee": premier}


def calculer(donnees: dict[str, Any]) -> dict[str, Any]:
    """Context of the Ille-et-Vilaine templates."""
    periode = commun.periode(donnees["contrat"])
    annees = periode["annees"]
    groupes = _objectifs(donnees, annees)
    actions_dotation = [a for g in groupes if g["numero"] is not None for a in g["actions"]]
    calcul: dict[str, Any] = {
        **periode,
        **commun.parties(donnees),
        "annee_n2": annees[min(2, len(annees) - 1)],
        **commun.prorogation(donnees),
        "fait_a": commun.lieu(donnees["contrat"]["lieu_signature"]),
        "logos": commun.logos(donnees),
        "tarif_minimal": tarif_minimal(annees[0]),
        "tarifs": _tarifs(donnees["departement"], annees),
        "seuil_heures": SEUIL_HEURES,
        "plafonds": {
            "objectif_1": PLAFOND_HORAIRE[1],
            "objectif_2": PLAFOND_HORAIRE[2],
            "kilometre": PLAFOND_KM,
            "objectif_5": PART_MAX_OBJECTIF_5,
        },
        "activite": _activite(donnees, annees),
        "territoire": _territoire(donnees["territoire"]),
        "objectifs": groupes,
        "fiches": [g for g in groupes if g["actions"]],
        "liste_fiches": [{**a, "groupe": g["numero"]} for g in groupes for a in g["actions"]],
        "tableau_suivi": _tableau_suivi(groupes, annees),
        "dotation_actions": sum((a["montant"] or ZERO for a in actions_dotation), ZERO),
        "diagnostic": _diagnostic(donnees["diagnostic"]),
        "statut_juridique": STATUTS[donnees["gestionnaire"]["statut"]],
    }
    finances = calculer_finances(donnees, annees)
    financement = finances["elements_financiers"]
    premiere = (financement["colonnes"] or [{}])[0]
    calcul.update({
        "finances": finances,
        "taux_evolution": financement["taux_evolution"],
        # article 7.1: monthly payment of the APA forfait, first year
        "versement_mensuel": {"annee": premiere["annee"], "montant": premiere["versement_mensuel"]}
        if premiere.get("versement_mensuel") is not None else None,
    })
    return {**donnees, "calcul": calcul}


def _diagnostic(diagnostic: dict[str, Any]) -> dict[str, Any]:
    """Annex 5 totals: APA by GIR, whole activity, APA + PCH split by time slot."""
    activite = diagnostic["activite"]
    apa = {cle: sum((activite["apa"][g][cle] for g in ("gir1", "gir2", "gir3", "gir4")), ZERO)
           for cle in ("heures", "beneficiaires")}
    autres = [activite[cle] for cle in ("pch", "aide_sociale", "autres_pa_ph",
                                        "autres_hors_pa_ph") if activite.get(cle)]
    total = {cle: apa[cle] + sum((a[cle] for a in autres), ZERO)
             for cle in ("heures", "beneficiaires")}
    creneaux = [activite[c] for c in ("dimanches_feries", "nuits", "semaine")]
    # a person may be served on weekdays and on sundays: persons are APA + PCH, not a sum
    apa_pch = {"heures": sum((c["heures"] for c in creneaux), ZERO),
               "beneficiaires": apa["beneficiaires"] + activite["pch"]["beneficiaires"]}
    return {"apa": apa, "total": total, "apa_pch": apa_pch}
