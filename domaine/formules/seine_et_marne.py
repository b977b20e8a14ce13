"""Formulas of the Seine-et-Marne CPOM-mandatement (SEM, docs/sources.md): shared by the rules of
``schemas.seine_et_marne`` and by the computation of annexe 2.

Every compensation formula of annexe 2 (« Synthèse financière ») and of article 9 lives
here, on Decimal, with ``None`` for an undefined ratio (printed « — »):

* G1 = achats + services extérieurs + autres services extérieurs − OSP déplacements éloignés;
  G2 = rémunérations et charges + autres − OSP majorations; G3 = sum of its four lines;
* D = G1 + G2 + G3; R = recettes en atténuation, ticket modérateur compris; C = D − R;
  OSP = OSP déplacements éloignés + OSP majorations; Ct = C + OSP;
* prix de revient horaire net (« avec ticket modérateur, hors OSP ») = (C + P) / H, where
  P = participations des usagers (ticket modérateur APA + participations forfaitaires aide
  sociale, the two « reste à charge » lines of the recettes) and H = heures réalisées: the
  hourly cost comparable to the tarif de référence, of which the user pays his share;
* coût de revient total (« avec OSP, hors TM ») = Ct / H; OSP par heure = OSP / H;
* différentiel = max(prix de revient − tarif de référence, 0) per hour, at most
  tarif plafond − tarif de référence (24 − 21,60 = 2,40 €);
* taux d'heures improductives = 1 − H / heures payées; taux administratif = H / ETP
  administratifs (§7.3.2, §9.3.1);
* dotation de base (§9.3.2.1) = H × min(prix de revient, tarif plafond) − P;
* payments (§9.3.3): monthly invoices H × tarif de référence − P; a dotation of
  OSP + différentiel × H, paid 80 % at signature (then each January) and 20 % after the
  dialogue de gestion;
* pénalités OSP (§6): capped at the forecast OSP total.

With these definitions the parts add up: invoices + différentiel × H + OSP = Ct when the
prix de revient is at least the reference tariff (otherwise the invoices alone exceed C:
the excess is shown as ``surcompensation``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from domaine import referentiel
from domaine.formules import ratio

ZERO = Decimal(0)
CENT = Decimal("0.01")
PART_ACOMPTE = Decimal("0.80")  # SEM §9.3.3: 80 % by dotation, 20 % after the dialogue
DEPARTEMENT = "77"

# Lines of annexe 2 added up in each block (the OSP lines are deducted, not added).
LIGNES: dict[str, tuple[str, ...]] = {
    "groupe_1": ("achats", "services_exterieurs", "autres_services_exterieurs"),
    "groupe_2": ("remunerations_charges", "autres"),
    "groupe_3": ("depenses_structure", "autres_charges_gestion_courante", "charges_financieres",
                 "autres_dont_amortissements"),
    "recettes": ("ticket_moderateur", "participations_forfaitaires", "subventions",
                 "autres_produits_groupe_2", "recuperation_tva", "produits_financiers",
                 "produits_exceptionnels", "autres_produits_groupe_3"),
}

def resoudre_commune(commune: dict[str, Any],
                     departement: str = DEPARTEMENT) -> referentiel.Commune | None:
    """The official commune a data entry names: by INSEE code, else by name (and postal
    code among homonyms) in the département; ``None`` when unknown or ambiguous."""
    if commune.get("code_insee"):
        return referentiel.commune(commune["code_insee"])
    return referentiel.chercher_commune(commune["nom"], departement, commune.get("code_postal"))


def communes_couvertes(services: list[dict[str, Any]]) -> list[str]:
    """INSEE codes of the communes covered by the services, each once, in data order."""
    codes: dict[str, None] = {}
    for service in services:
        for commune in service["communes"]:
            trouvee = resoudre_commune(commune)
            if trouvee is not None:
                codes.setdefault(trouvee.code_insee)
    return list(codes)


def _somme(bloc: dict[str, Any], lignes: tuple[str, ...]) -> Decimal:
    return sum((bloc[ligne]["montant"] for ligne in lignes), ZERO)


def totaux_groupes(grille: dict[str, Any]) -> dict[str, Decimal]:
    """Totals of the three expense groups (OSP deducted) and of the revenue."""
    osp_km = grille["groupe_1"]["osp_deplacements_eloignes"]["montant"]
    osp_majorations = grille["groupe_2"]["osp_majorations"]["montant"]
    return {
        "g1": _somme(grille["groupe_1"], LIGNES["groupe_1"]) - osp_km,
        "g2": _somme(grille["groupe_2"], LIGNES["groupe_2"]) - osp_majorations,
        "g3": _somme(grille["groupe_3"], LIGNES["groupe_3"]),
        "r": _somme(grille["recettes"], LIGNES["recettes"]),
        "osp_deplacements": osp_km,
        "osp_majorations": osp_majorations,
        "participations": grille["recettes"]["ticket_moderateur"]["montant"]
        + grille["recettes"]["participations_forfaitaires"]["montant"],
    }


def differentiel_max(tarification: dict[str, Any]) -> Decimal:
    """SEM3: the maximum hourly differential, given or tarif plafond − tarif de référence."""
    donne = tarification.get("differentiel_max")
    if donne is not None:
        return donne
    return max(tarification["tarif_plafond"] - tarification["tarif_reference"], ZERO)


def au_centime(valeur: Decimal) -> Decimal:
    return valeur.quantize(CENT, rounding=ROUND_HALF_UP)


def synthese(grille: dict[str, Any], tarification: dict[str, Any],
             penalite: Decimal | None = None) -> dict[str, Any]:
    """Every figure of annexe 2 and of article 9 for the grid of one financial year."""
    t = totaux_groupes(grille)
    volume = grille["volumetrie"]
    heures = volume["heures_realisees"]
    d = t["g1"] + t["g2"] + t["g3"]
    c = d - t["r"]
    osp = t["osp_deplacements"] + t["osp_majorations"]
    ct = c + osp
    participations = t["participations"]
    reference, plafond = tarification["tarif_reference"], tarification["tarif_plafond"]
    prix = ratio(c + participations, heures)
    paye = ratio(heures, volume["heures_payees"])
    differentiel = None if prix is None else max(prix - reference, ZERO)
    # différentiel × H written without the rounded hourly figure: C + P − H × référence
    paiement_differentiel = max(c + participations - heures * reference, ZERO)
    factures = heures * reference - participations
    dotation_osp = osp + paiement_differentiel
    acompte = au_centime(dotation_osp * PART_ACOMPTE)
    prix_retenu = None if prix is None else min(prix, plafond)
    total_versements = factures + dotation_osp
    return {
        **t,
        "d": d,
        "c": c,
        "osp": osp,
        "ct": ct,
        "parts": {cle: ratio(montant, d) for cle, montant in
                  (("g1", t["g1"]), ("g2", t["g2"]), ("g3", t["g3"]), ("d", d), ("r", t["r"]),
                   ("c", c))},
        "heures": heures,
        "prix_de_revient": prix,
        "osp_par_heure": ratio(osp, heures),
        "taux_heures_improductives": None if paye is None else 1 - paye,
        "taux_administratif": ratio(heures, volume["etp_administratifs"]),
        "cout_de_revient_total": ratio(ct, heures),
        "tarif_reference": reference,
        "tarif_plafond": plafond,
        "differentiel": differentiel,
        "differentiel_max": differentiel_max(tarification),
        "prix_retenu": prix_retenu,
        "plafond_applique": prix is not None and prix > plafond,
        "dotation_base": None if prix_retenu is None else heures * prix_retenu - participations,
        "factures": factures,
        "paiement_differentiel": paiement_differentiel,
        "dotation_osp_differentiel": dotation_osp,
        "acompte": acompte,
        "solde": dotation_osp - acompte,
        "total_versements": total_versements,
        "surcompensation": max(total_versements - ct, ZERO),
        "plafond_penalites": osp,
        "nombre_max_penalites": int(osp // penalite) if penalite else None,
    }
