"""Raw figures of the Ille-et-Vilaine financial annexes 8, 9 and 10 (IV, docs/sources.md).

Three blocks of the contract data, each a schema of its own:

* ``pilotage`` (:class:`Pilotage`, annexe 8): the reference year (« CA 2022 ») and one
  ``exercices`` entry per year with the raw figures; every rate, total, FR/BFR/trésorerie
  and HR ratio is computed (domaine/formules/ille_et_vilaine.py);
* ``elements_financiers`` (:class:`ElementsFinanciers`, annexe 9): the « dépenses
  réalisées » of the base years, the evolution rate, and per contract year the salary
  measures and the dotation complémentaire;
* ``depenses_recettes`` (:class:`DepensesRecettes`, annexe 10): per year the products,
  charges, results incorporated, activity and tarif moyen arrêté.

Each schema checks what it can alone (years given once, annex 10 balanced when its forfait
is typed). The rules that need the contract years or several annexes are in
:func:`regles_finances`, which the root schema of the variant calls from its
``validates_schema``::

    @validates_schema(skip_on_field_errors=False)
    def regles(self, data, **_):
        self.appliquer([regles_finances], data)

It reads ``data["contrat"]`` for the contract years (or takes ``annees``) and reports with
full paths (``pilotage.exercices[2].annee``…): years of the contract, annex 10 balance when
its forfait comes from annex 9, missing annex 10 years and the ±10 % / 7 % band of
article 7.1 (IV4, warnings).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import validates_schema

from domaine.formules import ille_et_vilaine as formules
from schemas import regles
from schemas.base import (
    Base,
    Booleen,
    Constats,
    Entier,
    Liste,
    Montant,
    Nombre,
    Objet,
    Pourcentage,
    appliquer,
    bornes,
    longueur,
    optionnel,
)
from schemas.commun import MontantAnnuel
from schemas.regles import euros, nombre, pourcent_signe

ZERO = Decimal(0)
SEUIL_HEURES = Decimal("0.07")  # article 7.1: « une variation d'au moins 7% des heures »
SEUIL_DEPENSES = Decimal("0.10")  # article 7.1: « variation … de 10 % sur les dépenses »


def _annee(description: str = "Année") -> Entier:
    return Entier(required=True, validate=bornes(2000, 2100),
                  metadata={"description": description, "exemple": 2024})


def _heures(description: str, exemple: str | None = None) -> Nombre:
    return optionnel(Nombre(validate=bornes(0), metadata={"description": description,
                                                          "exemple": exemple}))


def _montant(description: str, exemple: str | None = None) -> Montant:
    return optionnel(Montant(metadata={"description": description, "exemple": exemple}))


def _signe(description: str, exemple: str | None = None) -> Nombre:
    return optionnel(Nombre(metadata={"description": description, "exemple": exemple}))


def _taux(description: str, exemple: str | None = None) -> Pourcentage:
    return optionnel(Pourcentage(validate=bornes(0, 100), metadata={
        "description": description, "exemple": exemple}))


def _doublons(lignes: list[dict[str, Any]], chemin: str, constats: Constats) -> None:
    vues: set[int] = set()
    for i, ligne in enumerate(lignes):
        annee = ligne.get("annee")
        if annee in vues:
            constats.erreur(f"{chemin}[{i}].annee", f"l'année {annee} figure deux fois")
        vues.add(annee)


# --- annexe 8 -------------------------------------------------------------------------

class ExercicePilotage(Base):
    """Raw figures of one year of annex 8 (compte administratif or forecast)."""

    annee = _annee("Exercice (année de référence ou année du contrat)")
    heures_apa = _heures("Volume d'heures APA (financées au titre des plans d'aide)", "52000")
    heures_apa_hors_plan = _heures("Volume d'heures APA (hors plan d'aide)", "1500")
    heures_pch = _heures("Volume d'heures PCH", "6500")
    heures_am = _heures("Volume d'heures AM (aide ménagère, aide sociale)", "2000")
    depenses_groupe_1 = _montant("Dépenses de fonctionnement réalisées, groupe 1 (€)")
    depenses_groupe_2 = _montant("Dépenses de personnel réalisées, groupe 2 (€)")
    depenses_groupe_3 = _montant("Dépenses de structure réalisées, groupe 3 (€)")
    resultats_incorpores = _signe("Résultats incorporés (€, + pour un déficit, - pour un "
                                  "excédent)", "-15000")
    capitaux_permanents = _montant("Capitaux permanents (€)")
    actif_stable = _montant("Actif stable (€)")
    actif_circulant = _montant("Actif circulant (€)")
    dettes_exploitation = _montant("Dettes d'exploitation (€)")
    caf_courante = _signe("Capacité d'autofinancement courante, hors éléments financiers et "
                          "exceptionnels (€)")
    resultat_exploitation = _signe("Résultat d'exploitation (€)")
    produits_exploitation = _montant("Produits d'exploitation, comptes 70 à 75 (€)")
    charges_exploitation = _montant("Charges d'exploitation, comptes 60 à 65 (€)")
    pourcentage_diplomes = _taux("Pourcentage d'intervenant·e·s ayant un diplôme en lien avec "
                                 "leur activité (%)", "62")
    heures_realisees = _heures("Nombre d'heures d'intervention réalisées", "61000")
    etp_intervention = _heures("ETP du personnel d'intervention", "42.5")
    etp_encadrement_administratif = _heures("ETP encadrants et administratifs", "6.8")
    km_apa_pch = _heures("Nombre de kilomètres annuels parcourus au titre de l'APA et de la "
                         "PCH", "480000")
    taux_absenteisme = _taux("Taux d'absentéisme (%)", "8.5")
    anciennete_moyenne = _heures("Ancienneté moyenne des intervenant·e·s dans la structure "
                                 "(années)", "7.5")


class Pilotage(Base):
    """Annexe 8 « Pilotage »: reference year then the contract years."""

    annee_reference = _annee("Année de référence (colonne « CA », compte administratif)")
    exercices = Liste(Objet(ExercicePilotage), load_default=list, metadata={
        "description": "Chiffres bruts par exercice (année de référence et années du contrat)"})

    @validates_schema(skip_on_field_errors=False)
    def regles(self, data: dict, **_: object) -> None:
        self.appliquer([lambda d, e: _doublons(d["exercices"], "exercices", e)], data)


# --- annexe 9 -------------------------------------------------------------------------

class FinancementAnnuel(Base):
    """Amounts of one contract year in annex 9 (articles 7.2 and 7.3)."""

    annee = _annee("Année du contrat")
    mesures_salariales_integrees = Montant(load_default=ZERO, metadata={
        "description": "Mesures salariales intégrées au forfait global (€)"})
    autres_mesures_salariales = Montant(load_default=ZERO, metadata={
        "description": "Autres mesures salariales : CTI 2022, avenant 43 BAD (€, article 7.2)"})
    dotation_complementaire = Montant(load_default=ZERO, metadata={
        "description": "Dotation complémentaire prévisionnelle (€, article 7.3)"})


class ElementsFinanciers(Base):
    """Annexe 9 « Éléments financiers »: forfait global and its evolution (IV3)."""

    depenses_realisees = Liste(Objet(MontantAnnuel), required=True, validate=longueur(1),
                               metadata={"description": "État des dépenses réalisées des années "
                                                        "de base du forfait (2020, 2021, 2022)"})
    taux_evolution = Pourcentage(load_default=formules.TAUX_EVOLUTION, validate=bornes(0, 100),
                                 metadata={"description": "Taux d'évolution annuel du forfait "
                                                          "(%, article 7.1)", "exemple": "0.50"})
    evolution_premiere_annee = Booleen(load_default=True, metadata={
        "description": "Le taux s'applique dès la première année du contrat (oui/non)"})
    annees = Liste(Objet(FinancementAnnuel), load_default=list, metadata={
        "libelle": "Financement par année",
        "description": "Mesures salariales et dotation complémentaire par année du contrat"})

    @validates_schema(skip_on_field_errors=False)
    def regles(self, data: dict, **_: object) -> None:
        self.appliquer([lambda d, e: _doublons(d["depenses_realisees"], "depenses_realisees", e),
                        lambda d, e: _doublons(d["annees"], "annees", e)], data)


# --- annexe 10 ------------------------------------------------------------------------

class DepensesRecettesAnnee(Base):
    """One year of annex 10."""

    annee = _annee("Année du contrat")
    tarif_moyen_arrete = _montant("Tarif moyen arrêté (€/h)", "24.10")
    forfait_global = _montant("Forfait global (1) (€) ; à défaut, le Total 1 de l'annexe 9")
    participation_usagers_tm = Montant(load_default=ZERO, metadata={
        "description": "Participation des usagers, ticket modérateur (2) (€)"})
    participation_usagers_fc = Montant(load_default=ZERO, metadata={
        "description": "Participation des usagers FC (3) (€)"})
    recettes_payantes = Montant(load_default=ZERO, metadata={
        "description": "Recettes payantes (4) (€)"})
    recettes_attenuation = Montant(load_default=ZERO, metadata={
        "description": "Recettes en atténuation (6) (€)"})
    charges_groupe_1 = Montant(required=True, metadata={"description": "Charges du groupe 1 (€)"})
    charges_groupe_2 = Montant(required=True, metadata={"description": "Charges du groupe 2 (€)"})
    charges_groupe_3 = Montant(required=True, metadata={"description": "Charges du groupe 3 (€)"})
    resultats_incorpores = Nombre(load_default=ZERO, metadata={
        "description": "Résultats incorporés (€, + pour un déficit, - pour un excédent)"})
    activite = _heures("Activité (heures)", "61000")


class DepensesRecettes(Base):
    """Annexe 10 « Tableau de détermination des dépenses et des recettes »."""

    annees = Liste(Objet(DepensesRecettesAnnee), required=True, validate=longueur(1), metadata={
        "libelle": "Dépenses et recettes",
        "description": "Un bloc par année du contrat"})

    @validates_schema(skip_on_field_errors=False)
    def regles(self, data: dict, **_: object) -> None:
        def equilibre(d: dict, e: Constats) -> None:
            for i, ligne in enumerate(d["annees"]):
                if ligne.get("forfait_global") is not None:
                    verifier_equilibre(ligne, None, f"annees[{i}]", e)

        self.appliquer([lambda d, e: _doublons(d["annees"], "annees", e), equilibre], data)


def verifier_equilibre(ligne: dict[str, Any], forfait_annexe_9: Decimal | None, chemin: str,
                       constats: Constats) -> None:
    """Annex 10 « Vérification »: total des charges = total des produits (7)."""
    bilan = formules.bilan_annuel(ligne, forfait_annexe_9)
    if bilan["verification"] is None or formules.nul_au_centime(bilan["verification"]):
        return
    origine = " (forfait global repris du Total 1 de l'annexe 9)" \
        if bilan["forfait_depuis_annexe_9"] else ""
    # Each side's lines named, so that the officer knows which figure to adjust.
    constats.erreur(chemin, f"Annexe 10, {ligne['annee']} : total des charges "
                            f"{euros(bilan['total_charges'])} (charges des groupes 1, 2 et 3 "
                            "et résultats incorporés) ≠ total des produits (7) "
                            f"{euros(bilan['total_produits'])} (forfait global (1), "
                            "participations des usagers (2) et (3), recettes payantes (4), "
                            f"recettes en atténuation (6)){origine} : écart "
                            f"{euros(abs(bilan['verification']))} ; corrigez l'une de ces "
                            f"lignes de l'année {ligne['annee']}")


# --- rules across the annexes ----------------------------------------------------------

def _hors_contrat(annee: int, annees: list[int]) -> str:
    return f"l'année {annee} n'est pas une année du contrat ({annees[0]}–{annees[-1]})"


def regle_annees(donnees: dict, constats: Constats, annees: list[int]) -> None:
    """Every yearly figure belongs to the contract (or, for annexes 8 and 9, to the years
    before it)."""
    pilotage = donnees.get("pilotage")
    if pilotage:
        reference = pilotage["annee_reference"]
        if reference >= annees[0]:
            constats.erreur("pilotage.annee_reference",
                            f"l'année de référence {reference} doit précéder la première année "
                            f"du contrat ({annees[0]})")
        for i, exercice in enumerate(pilotage.get("exercices") or []):
            if exercice["annee"] != reference and exercice["annee"] not in annees:
                constats.erreur(f"pilotage.exercices[{i}].annee",
                                f"l'année {exercice['annee']} n'est ni l'année de référence "
                                f"({reference}) ni une année du contrat "
                                f"({annees[0]}–{annees[-1]})")
    financier = donnees.get("elements_financiers")
    if financier:
        for i, depense in enumerate(financier.get("depenses_realisees") or []):
            if depense["annee"] >= annees[0]:
                constats.erreur(f"elements_financiers.depenses_realisees[{i}].annee",
                                f"l'année {depense['annee']} n'est pas antérieure au contrat : "
                                "le forfait se calcule sur des dépenses déjà réalisées")
        for i, ligne in enumerate(financier.get("annees") or []):
            if ligne["annee"] not in annees:
                constats.erreur(f"elements_financiers.annees[{i}].annee",
                                _hors_contrat(ligne["annee"], annees))
    tableau = donnees.get("depenses_recettes")
    if tableau:
        lignes = tableau.get("annees") or []
        for i, ligne in enumerate(lignes):
            if ligne["annee"] not in annees:
                constats.erreur(f"depenses_recettes.annees[{i}].annee",
                                _hors_contrat(ligne["annee"], annees))
        manquantes = [a for a in annees if a not in {ligne["annee"] for ligne in lignes}]
        if manquantes:
            constats.avertissement("depenses_recettes.annees",
                    "Annexe 10 : pas de tableau pour "
                    + ", ".join(map(str, manquantes)))


def regle_annexes_8_et_10(donnees: dict, constats: Constats, annees: list[int]) -> None:
    """One figure typed once: annex 10's charges of groups 1–3 and activity of a year are
    annex 8's expenses and hours realised of that year (error naming both places)."""
    pilotage, tableau = donnees.get("pilotage"), donnees.get("depenses_recettes")
    if not pilotage or not tableau:
        return
    exercices = {e["annee"]: (j, e) for j, e in enumerate(pilotage.get("exercices") or [])}
    paires = [(f"charges_groupe_{k}", f"depenses_groupe_{k}", f"charges du groupe {k}", euros)
              for k in (1, 2, 3)]
    paires.append(("activite", "heures_realisees", "activité (heures réalisées)",
                   lambda h: f"{nombre(h)} h"))
    for i, ligne in enumerate(tableau.get("annees") or []):
        if ligne["annee"] not in exercices:
            continue
        j, exercice = exercices[ligne["annee"]]
        for cle_10, cle_8, libelle, texte in paires:
            a_10, a_8 = ligne.get(cle_10), exercice.get(cle_8)
            if a_10 is not None and a_8 is not None and a_10 != a_8:
                constats.erreur(f"depenses_recettes.annees[{i}].{cle_10}",
                        f"Annexe 10, {ligne['annee']} : {libelle} {texte(a_10)}, mais "
                        f"{texte(a_8)} en annexe 8 (pilotage.exercices[{j}].{cle_8}) : un même "
                        "chiffre ne se saisit qu'une fois")


def regle_equilibre_annexe_9(donnees: dict, constats: Constats, annees: list[int]) -> None:
    """Annex 10 balance for the years whose forfait global (1) is annex 9's Total 1."""
    tableau = donnees.get("depenses_recettes")
    if not tableau:
        return
    financement = formules.elements_financiers(donnees.get("elements_financiers"), annees)
    totaux = {c["annee"]: c["total_1"] for c in financement["colonnes"]}
    for i, ligne in enumerate(tableau.get("annees") or []):
        if ligne.get("forfait_global") is None:
            if totaux.get(ligne["annee"]) is None:
                constats.erreur(f"depenses_recettes.annees[{i}].forfait_global",
                                f"Annexe 10, {ligne['annee']} : forfait global (1) à indiquer "
                                "(pas de Total 1 de l'annexe 9 pour cette année)")
                continue
            verifier_equilibre(ligne, totaux[ligne["annee"]], f"depenses_recettes.annees[{i}]",
                               constats)


def regle_fourchette(donnees: dict, constats: Constats, annees: list[int]) -> None:
    """IV4 (article 7.1): expenses may vary by ±10 % on N-1 when the APA hours vary by at
    least 7 %; beyond, the variation is examined at the dialogue de gestion (warning)."""
    pilotage = donnees.get("pilotage")
    if not pilotage:
        return
    exercices = {e["annee"]: (i, e) for i, e in enumerate(pilotage.get("exercices") or [])}
    for annee, (i, exercice) in sorted(exercices.items()):
        if annee - 1 not in exercices:
            continue  # the band compares with N-1 only
        precedent = exercices[annee - 1][1]
        courant, avant = (formules.colonne_pilotage(e) for e in (exercice, precedent))
        dep = formules.variation(courant["total_depenses"], avant["total_depenses"])
        if dep is None or abs(dep) <= SEUIL_DEPENSES:
            continue
        heures = formules.variation(courant["heures_apa"], avant["heures_apa"])
        if heures is None:
            lien = "sans volume d'heures APA pour comparer"
        elif abs(heures) >= SEUIL_HEURES:
            lien = f"pour une variation des heures APA de {pourcent_signe(heures)}"
        else:
            lien = (f"alors que les heures APA ne varient que de {pourcent_signe(heures)} "
                    "(moins de 7 %)")
        constats.avertissement(f"pilotage.exercices[{i}]",
                f"Annexe 8, {annee} : variation des dépenses réalisées de {pourcent_signe(dep)} "
                f"par rapport à {annee - 1} {lien}, hors de la fourchette de ±10 % de "
                "l'article 7.1 : à examiner lors du dialogue de gestion")


def regles_finances(donnees_contrat: dict, constats: Constats,
                    annees: list[int] | None = None) -> None:
    """Rules of annexes 8–10 that need the contract years or several annexes (see the
    module docstring); ``annees`` defaults to the years of ``donnees_contrat["contrat"]``."""
    if annees is None:
        annees = regles.annees(donnees_contrat["contrat"])
    if not annees:
        return  # unusable dates, already reported
    appliquer([regle_annees, regle_annexes_8_et_10, regle_equilibre_annexe_9,
               regle_fourchette],
              donnees_contrat, constats, annees)


__all__ = [
    "DepensesRecettes",
    "DepensesRecettesAnnee",
    "ElementsFinanciers",
    "ExercicePilotage",
    "FinancementAnnuel",
    "Pilotage",
    "regles_finances",
    "verifier_equilibre",
]
