"""Financial annexes 8, 9 and 10 of the Ille-et-Vilaine CPOM (IV, docs/sources.md).

Pure functions on Decimal, no I/O, no rounding (the template filters round at display)
except the forfait amounts of annex 9 (see below);
an undefined ratio (division by zero, missing figure) is ``None``, printed « — ».

Annexe 8 « Pilotage » (one column for the reference year « CA 2022 », then one per
contract year; every rate compares a column with the previous one, as the model's
spreadsheet does, so the first contract year is compared with the reference year):

* taux de variation = (x_N − x_précédent) / x_précédent (heures APA, groupes 1 à 3, total
  des dépenses, total des dépenses y compris résultats incorporés);
* total des heures = APA (plans d'aide) + PCH + AM (APA hors plan d'aide shown apart, as
  in the model);  total des dépenses = G1 + G2 + G3;
* fonds de roulement = capitaux permanents − actif stable; BFR = actif circulant − dettes
  d'exploitation; trésorerie = FR − BFR;
* marge brute = produits (c/70-75) − charges (c/60-65); taux de marge brute = marge brute /
  produits × 100 (a number of percent, as the model writes it);
* taux d'heures présentielles = heures réalisées / (ETP d'intervention × 1 820 h) (a
  fraction); taux d'encadrement = heures d'intervention réalisées / ETP encadrants et
  administratifs (hours per ETP).

Annexe 9 « Éléments financiers » (IV3, article 7.1):

* forfait annuel = mean of the « dépenses réalisées » years (2020, 2021, 2022), the same in
  every column, as its label says;
* forfait F_N = F_(N−1) × (1 + taux) with F_0 = base, the first contract year carrying the
  rate or not (``evolution_premiere_annee``); the « taux d'évolution » row is F_N − base;
* explicit rounding: the base and each F_N are amounts the yearly arrêté fixes in euros
  and cents (article 7.1), so they are rounded to the cent (half-up) and the next year's
  rate applies to the rounded amount. Without it a forfait such as 1 569 780,855 € could
  never be balanced to the cent in annex 10;
* Total 1 (forfait global) = F_N + mesures salariales intégrées (not compounded);
  Total 2 = autres mesures salariales + dotation complémentaire;
  financement global = Total 1 + Total 2; TOTAL column = sum of the years;
* versement mensuel APA = Total 1 / 12 (article 7.1, « 1/12ème du forfait global »).

Annexe 10 « Détermination des dépenses et des recettes » (each year):

* (5) = (1) + (2) + (3) + (4); (7) = (5) + (6); (1) defaults to Total 1 of annex 9;
* total des charges = G1 + G2 + G3 + résultats incorporés (+ déficit, − excédent);
* vérification = (7) − total des charges (must be zero);
* produit par heure = (7) / activité; écart = tarif moyen arrêté − (7) / activité.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from domaine.formats import arrondi
from domaine.formules import ratio

ZERO = Decimal(0)
HEURES_ETP = Decimal(1820)  # annexe 8 / article 5: « nbre ETP*1820 h »
MOIS = Decimal(12)
TAUX_EVOLUTION = Decimal("0.50")  # IV3: « Un taux fixe de + 0.5% » (percent)

# Raw figures of one annex 8 column (schema ExercicePilotage), in the model's order.
CHAMPS_PILOTAGE = (
    "heures_apa", "heures_apa_hors_plan", "heures_pch", "heures_am",
    "depenses_groupe_1", "depenses_groupe_2", "depenses_groupe_3", "resultats_incorpores",
    "capitaux_permanents", "actif_stable", "actif_circulant", "dettes_exploitation",
    "caf_courante", "resultat_exploitation", "produits_exploitation", "charges_exploitation",
    "pourcentage_diplomes", "heures_realisees", "etp_intervention",
    "etp_encadrement_administratif", "km_apa_pch", "taux_absenteisme", "anciennete_moyenne",
)

# Figures whose variation from the previous column is shown (annexe 8 rows).
VARIATIONS = {
    "taux_variation_heures_apa": "heures_apa",
    "taux_variation_groupe_1": "depenses_groupe_1",
    "taux_variation_groupe_2": "depenses_groupe_2",
    "taux_variation_groupe_3": "depenses_groupe_3",
    "taux_variation_depenses": "total_depenses",
    "taux_variation_depenses_resultats": "total_depenses_resultats",
}

# Amounts of one annex 9 year summed in the TOTAL column (not the forfait annuel, the same
# base each year, nor the monthly payment).
MONTANTS_ANNEXE_9 = ("evolution", "forfait", "mesures_salariales_integrees", "total_1",
                     "autres_mesures_salariales", "dotation_complementaire", "total_2",
                     "financement_global")

PRODUITS_TARIFICATION = ("forfait_global", "participation_usagers_tm",
                         "participation_usagers_fc", "recettes_payantes")
CHARGES = ("charges_groupe_1", "charges_groupe_2", "charges_groupe_3", "resultats_incorpores")


# --- small helpers --------------------------------------------------------------------

def somme(valeurs: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the given figures (a missing one counts as nothing), ``None`` if none is given."""
    presentes = [v for v in valeurs if v is not None]
    return sum(presentes, ZERO) if presentes else None


def difference(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """a − b, ``None`` when either figure is missing."""
    return None if a is None or b is None else a - b


def variation(courant: Decimal | None, precedent: Decimal | None) -> Decimal | None:
    """(courant − précédent) / précédent as a fraction; ``None`` when undefined."""
    return ratio(difference(courant, precedent), precedent)


def nul_au_centime(valeur: Decimal) -> bool:
    """True when an amount rounds to 0,00 € (the « vérification » of annex 10)."""
    return arrondi(valeur) == 0


# --- annexe 8: pilotage ---------------------------------------------------------------

def colonne_pilotage(exercice: dict[str, Any]) -> dict[str, Any]:
    """Raw and derived figures of one annex 8 column (no variation rates)."""
    f = {champ: exercice.get(champ) for champ in CHAMPS_PILOTAGE}
    total_depenses = somme(f[f"depenses_groupe_{g}"] for g in (1, 2, 3))
    fonds_de_roulement = difference(f["capitaux_permanents"], f["actif_stable"])
    besoin = difference(f["actif_circulant"], f["dettes_exploitation"])
    marge = difference(f["produits_exploitation"], f["charges_exploitation"])
    taux_marge = ratio(marge, f["produits_exploitation"])
    etp = f["etp_intervention"]
    return {
        **f,
        "total_heures": somme([f["heures_apa"], f["heures_pch"], f["heures_am"]]),
        "total_depenses": total_depenses,
        "total_depenses_resultats": None if total_depenses is None
        else total_depenses + (f["resultats_incorpores"] or ZERO),
        "fonds_de_roulement": fonds_de_roulement,
        "besoin_fonds_de_roulement": besoin,
        "tresorerie": difference(fonds_de_roulement, besoin),
        "marge_brute": marge,
        "taux_marge_brute": None if taux_marge is None else taux_marge * 100,
        "taux_heures_presentielles": ratio(f["heures_realisees"],
                                           None if etp is None else etp * HEURES_ETP),
        "taux_encadrement": ratio(f["heures_realisees"], f["etp_encadrement_administratif"]),
    }


def pilotage(donnees: dict[str, Any] | None, annees: list[int]) -> dict[str, Any]:
    """Annex 8: the reference column (« CA 2022 ») then one column per contract year."""
    donnees = donnees or {}
    reference = donnees.get("annee_reference") or (annees[0] - 2 if annees else None)
    par_annee = {e["annee"]: e for e in donnees.get("exercices") or []}
    colonnes: list[dict[str, Any]] = []
    for annee in [reference, *annees] if reference is not None else annees:
        colonne = {
            "annee": annee,
            "reference": annee == reference,
            "entete": f"CA {annee}" if annee == reference else str(annee),
            **colonne_pilotage(par_annee.get(annee, {})),
        }
        precedente = colonnes[-1] if colonnes else None
        colonne["annee_precedente"] = precedente["annee"] if precedente else None
        for cle, champ in VARIATIONS.items():
            colonne[cle] = variation(colonne[champ], precedente[champ]) if precedente else None
        colonnes.append(colonne)
    return {"annee_reference": reference, "colonnes": colonnes}


# --- annexe 9: éléments financiers ----------------------------------------------------

def forfait_base(depenses_realisees: list[dict[str, Any]]) -> Decimal | None:
    """IV3: mean of the « dépenses réalisées » years (2020, 2021, 2022 in the model)."""
    if not depenses_realisees:
        return None
    return arrondi(sum((d["montant"] for d in depenses_realisees), ZERO)
                   / len(depenses_realisees))


def forfaits(base: Decimal, annees: list[int], taux: Decimal,
             premiere_annee: bool = True) -> dict[int, Decimal]:
    """F_N = F_(N−1) × (1 + taux/100) rounded to the cent, F_0 = base; the first year is
    raised only when ``premiere_annee`` (the IV model does not say)."""
    resultat: dict[int, Decimal] = {}
    courant = arrondi(base)
    for i, annee in enumerate(annees):
        if i > 0 or premiere_annee:
            courant = arrondi(courant * (1 + taux / 100))
        resultat[annee] = courant
    return resultat


def _liste_annees(annees: list[int]) -> str:
    """« 2020, 2021 et 2022 » (the seed's « 2020_2021_2022 » is a spreadsheet label)."""
    textes = [str(a) for a in annees]
    return " et ".join([", ".join(textes[:-1]), textes[-1]]) if len(textes) > 1 else "".join(textes)


def elements_financiers(donnees: dict[str, Any] | None, annees: list[int]) -> dict[str, Any]:
    """Annex 9: forfait global, salary measures, dotation complémentaire, totals."""
    donnees = donnees or {}
    depenses = sorted(donnees.get("depenses_realisees") or [], key=lambda d: d["annee"])
    base = forfait_base(depenses)
    taux = donnees.get("taux_evolution")
    taux = TAUX_EVOLUTION if taux is None else taux
    premiere = donnees.get("evolution_premiere_annee", True)
    par_annee = {a["annee"]: a for a in donnees.get("annees") or []}
    suite = forfaits(base, annees, taux, premiere) if base is not None else {}
    colonnes = []
    for annee in annees:
        saisie = par_annee.get(annee, {})
        forfait = suite.get(annee)
        mesures = saisie.get("mesures_salariales_integrees") or ZERO
        autres = saisie.get("autres_mesures_salariales") or ZERO
        dotation = saisie.get("dotation_complementaire") or ZERO
        total_1 = None if forfait is None else forfait + mesures
        total_2 = autres + dotation
        colonnes.append({
            "annee": annee,
            "forfait_annuel": base,
            "evolution": None if forfait is None else forfait - base,
            "forfait": forfait,
            "mesures_salariales_integrees": mesures,
            "total_1": total_1,
            "autres_mesures_salariales": autres,
            "dotation_complementaire": dotation,
            "total_2": total_2,
            "financement_global": None if total_1 is None else total_1 + total_2,
            "versement_mensuel": None if total_1 is None else total_1 / MOIS,
        })
    total = {cle: somme(c[cle] for c in colonnes) for cle in MONTANTS_ANNEXE_9}
    return {
        "base": {
            "annees": [d["annee"] for d in depenses],
            "depenses": depenses,
            "libelle": _liste_annees([d["annee"] for d in depenses]),
            "moyenne": base,
        },
        "taux_evolution": taux,
        "evolution_premiere_annee": premiere,
        "colonnes": colonnes,
        "total": total,
    }


def regularisation_dotation(taux_horaire: Decimal, heures_realisees: Decimal,
                            depenses_realisees: Decimal) -> Decimal:
    """IV7 (article 7.3): dotation complémentaire of year N after regularisation in N+1,
    « en fonction du nombre d'heures effectué en N et dans la limite du montant des
    dépenses réalisées »."""
    return min(taux_horaire * heures_realisees, depenses_realisees)


# --- annexe 10: détermination des dépenses et des recettes -----------------------------

def bilan_annuel(ligne: dict[str, Any], forfait_annexe_9: Decimal | None = None,
                 ) -> dict[str, Any]:
    """Every figure of one annex 10 block; (1) falls back on annex 9's Total 1."""
    forfait = ligne.get("forfait_global")
    depuis_annexe_9 = forfait is None
    if depuis_annexe_9:
        forfait = forfait_annexe_9
    produits = {cle: ligne.get(cle) or ZERO for cle in PRODUITS_TARIFICATION[1:]}
    total_tarification = None if forfait is None else forfait + sum(produits.values(), ZERO)
    attenuation = ligne.get("recettes_attenuation") or ZERO
    total_produits = None if total_tarification is None else total_tarification + attenuation
    charges = {cle: ligne.get(cle) or ZERO for cle in CHARGES}
    total_charges = sum(charges.values(), ZERO)
    activite = ligne.get("activite")
    par_heure = ratio(total_produits, activite)
    tarif = ligne.get("tarif_moyen_arrete")
    return {
        "annee": ligne["annee"],
        "tarif_moyen_arrete": tarif,
        "forfait_global": forfait,
        "forfait_depuis_annexe_9": depuis_annexe_9,
        **produits,
        "total_produits_tarification": total_tarification,
        "recettes_attenuation": attenuation,
        "total_produits": total_produits,
        **charges,
        "total_charges": total_charges,
        "verification": difference(total_produits, total_charges),
        "activite": activite,
        "produit_par_heure": par_heure,
        "ecart_tarif": difference(tarif, par_heure),
    }


def depenses_recettes(donnees: dict[str, Any] | None, annees: list[int],
                      financement: dict[str, Any] | None = None) -> dict[str, Any]:
    """Annex 10: one block per year given, in year order."""
    donnees = donnees or {}
    par_annee = {c["annee"]: c for c in (financement or {}).get("colonnes", [])}
    blocs = []
    for ligne in sorted(donnees.get("annees") or [], key=lambda x: x["annee"]):
        total_1 = par_annee.get(ligne["annee"], {}).get("total_1")
        blocs.append(bilan_annuel(ligne, total_1))
    return {"annees": blocs}


# --- everything -----------------------------------------------------------------------

def calculer_finances(donnees: dict[str, Any], annees: list[int]) -> dict[str, Any]:
    """Computed figures of annexes 8, 9 and 10 (``calcul.finances`` in the templates)."""
    financement = elements_financiers(donnees.get("elements_financiers"), annees)
    return {
        "annees": list(annees),
        "premiere_annee": annees[0] if annees else None,
        "derniere_annee": annees[-1] if annees else None,
        "pilotage": pilotage(donnees.get("pilotage"), annees),
        "elements_financiers": financement,
        "depenses_recettes": depenses_recettes(donnees.get("depenses_recettes"), annees,
                                               financement),
    }


__all__ = [
    "CHAMPS_PILOTAGE",
    "HEURES_ETP",
    "TAUX_EVOLUTION",
    "bilan_annuel",
    "calculer_finances",
    "colonne_pilotage",
    "depenses_recettes",
    "difference",
    "elements_financiers",
    "forfait_base",
    "forfaits",
    "nul_au_centime",
    "pilotage",
    "regularisation_dotation",
    "somme",
    "variation",
]
