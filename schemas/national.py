"""The national model (TRAME: DGCS/CNSA « trame-type » 2022, docs/sources.md): contract and
annexes 1–3."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from marshmallow import validate, validates_schema

from domaine import formats
from schemas import regles
from schemas.base import (
    Base,
    Booleen,
    Constats,
    Date,
    Entier,
    JourMois,
    Liste,
    Montant,
    Nombre,
    Objet,
    Pourcentage,
    Texte,
    bornes,
    choix,
    longueur,
    optionnel,
)
from schemas.commun import (
    Departement,
    Gestionnaire,
    Indicateur,
    MontantAnnuel,
    ObjectifDotation,
    ObjectifStrategique,
    Prorogation,
    Service,
)
from schemas.regles import euros, nombre


class Contrat(Base):
    date_effet = Date(required=True, metadata={"description": "Date d'effet du contrat",
                                               "exemple": "2026-01-01"})
    duree_annees = optionnel(Entier(metadata={
        "description": "Durée en années (ou bien date_fin)", "exemple": 5}))
    date_fin = optionnel(Date(metadata={"description": "Date de fin (ou bien duree_annees)"}))
    lieu_signature = Texte(required=True, metadata={"description": "Lieu de signature",
                                                    "exemple": "Le Mans"})
    date_signature = optionnel(Date(metadata={
        "description": "Date de signature (laissée en blanc si absente)"}))
    preambule = optionnel(Liste(Texte(), metadata={
        "description": "Préambule adapté aux enjeux locaux (paragraphes) ; à défaut, celui "
                       "du modèle national"}))
    politique_departementale = optionnel(Texte(metadata={
        "description": "Présentation synthétique de la politique d'aide à domicile du "
                       "département (article 1er)",
        "phrase": "La politique d'aide à domicile du département vise à"}))
    prorogation = Objet(Prorogation, load_default=lambda: Prorogation().load({}), metadata={
        "description": "Délais de prorogation (articles 6 et 10)"})
    annexe_donnees_personnelles = optionnel(Texte(metadata={
        "description": "Document détaillant les engagements RGPD (article 5)",
        "phrase": "Le détail des engagements concernant ce volet se trouve dans",
        "exemple": "l'annexe 4 « Protection des données »"}))
    complement_pieces_annexees = optionnel(Texte(metadata={
        "description": "Complément à l'article 9 (pièces annexées)"}))


class Activite(Base):
    heures = Nombre(required=True, validate=bornes(0), metadata={"description": "Nombre d'heures"})
    beneficiaires = Entier(required=True, validate=bornes(0),
                           metadata={"description": "Nombre de bénéficiaires"})


class ActiviteApa(Base):
    gir1 = Objet(Activite, required=True)
    gir2 = Objet(Activite, required=True)
    gir3 = Objet(Activite, required=True)
    gir4 = Objet(Activite, required=True)


class ActiviteCommune(Activite):
    commune = Texte(required=True, metadata={"description": "Commune"})


class ActiviteAnnuelle(Base):
    apa = Objet(ActiviteApa, required=True, metadata={"description": "APA par GIR"})
    pch = Objet(Activite, required=True, metadata={"description": "PCH"})
    aide_sociale = optionnel(Objet(Activite, metadata={
        "description": "Aide sociale du département (services habilités)"}))
    autres_pa_ph = optionnel(Objet(Activite, metadata={
        "description": "Autres financements à destination de PA de plus de 60 ans ou de PH "
                       "(CARSAT, MSA, mutuelles, individuels…)"}))
    autres_hors_pa_ph = optionnel(Objet(Activite, metadata={
        "description": "Activités non destinées à des PA de plus de 60 ans ou de PH"}))
    dimanches_feries = Objet(Activite, required=True,
                             metadata={"description": "Dimanches et jours fériés"})
    nuits = Objet(Activite, required=True, metadata={"description": "Nuits"})
    plage_nuit = Texte(required=True, metadata={"description": "Plage horaire de nuit",
                                                "exemple": "de 21 h à 7 h"})
    par_commune = Liste(Objet(ActiviteCommune), load_default=list, metadata={
        "libelle": "Activité par commune",
        "description": "Activité selon la zone d'intervention (par commune)"})


class Tarification(Base):
    tarif_apa = Montant(required=True, metadata={
        "description": "Tarif horaire arrêté (habilités) ou de référence (non habilités), APA"})
    tarif_pch = Montant(required=True, metadata={"description": "Idem, PCH"})
    tarif_facture = optionnel(Montant(metadata={
        "description": "Tarif horaire facturé par le service (non habilités)"}))
    frais_annexes = optionnel(Montant(metadata={"description": "Dont frais annexes (€/h)"}))
    taux_participation = optionnel(Pourcentage(validate=bornes(0, 100), metadata={
        "description": "Taux moyen de participation financière (%)"}))
    reste_a_charge_moyen = optionnel(Montant(metadata={
        "description": "Montant moyen du reste à charge (non habilités, €)"}))


class Partenariat(Base):
    categorie = Texte(required=True, metadata={"description": "Catégorie d'établissement/service"})
    structure = Texte(required=True, metadata={"description": "Nom et coordonnées de la structure"})


class PointFort(Base):
    domaine = Texte(required=True)
    points_forts = Texte(required=True)
    axes_amelioration = Texte(required=True)


class Diagnostic(Base):
    donnees_departementales = Texte(required=True, metadata={
        "description": "Données départementales"})
    enjeux = Texte(required=True, metadata={
        "description": "Enjeux territoriaux et priorités du département"})
    descriptif_services = optionnel(Texte(metadata={
        "description": "Descriptif complémentaire du ou des services"}))
    activite = Objet(ActiviteAnnuelle, required=True,
                     metadata={"description": "Chiffres d'activité de l'année N-1"})
    tarification = Objet(Tarification, required=True, metadata={
        "description": "Tarification et prix facturé"})
    partenariats = Liste(Objet(Partenariat), load_default=list,
                         metadata={"description": "Partenariats formalisés"})
    points_forts = Liste(Objet(PointFort), required=True, validate=longueur(1),
                         metadata={"description": "Points forts et axes d'amélioration"})


class Objectifs(Base):
    generaux = Liste(Objet(ObjectifStrategique), required=True, validate=longueur(1), metadata={
        "description": "Objectifs généraux (hors dotation complémentaire)"})
    dotation = Liste(Objet(ObjectifDotation), load_default=list, metadata={
        "libelle": "Objectifs dotation",
        "description": "Objectifs fixés en contrepartie de la dotation complémentaire"})


OPTIONS_R314_40 = ("taux_oaed", "formule_fixe", "avenants_annuels", "equation_tarifaire")


class Evolution(Base):
    # R.314-40 CASF: the four ways the annual tariff may evolve.
    option = Texte(required=True, validate=choix(OPTIONS_R314_40), metadata={
        "description": "Option de l'article R.314-40 CASF : taux_oaed, formule_fixe, "
                       "avenants_annuels ou equation_tarifaire", "exemple": "formule_fixe"})
    modalites = Texte(required=True, metadata={
        "description": "Dispositions relatives à la fixation du tarif et à son évolution"})
    taux = optionnel(Pourcentage(metadata={
        "description": "Taux annuel d'évolution (%), pour une formule fixe", "exemple": "1.5"}))


class ElementFinancier(Base):
    annee = Entier(required=True, validate=bornes(2000, 2100))
    tarif_horaire = Montant(required=True, metadata={"description": "Tarif horaire (€)"})
    heures = Nombre(required=True, validate=bornes(0),
                    metadata={"description": "Volume horaire prévisionnel"})


class DotationGlobale(Base):
    modalites = Texte(required=True)
    montants = Liste(Objet(MontantAnnuel), required=True, validate=longueur(1), metadata={
        "libelle": "Dotation globale", "description": "Dotation globale par année"})


class AffectationResultats(Base):
    # R.314-51 CASF; free allocation by derogation (R.314-43).
    regles = Texte(required=True, metadata={
        "description": "Règles d'affectation des résultats déficitaires et excédentaires"})
    libre_affectation = Booleen(load_default=False, metadata={
        "description": "Libre affectation des résultats par le gestionnaire (dérogation)"})


class TarificationHabilite(Base):
    tarif_horaire = Montant(required=True, metadata={
        "description": "Tarif horaire de la première année (€)"})
    evolution = Objet(Evolution, required=True)
    elements_financiers = Liste(Objet(ElementFinancier), load_default=list, metadata={
        "description": "Tableau des éléments financiers par année"})
    dotation_globale = optionnel(Objet(DotationGlobale, metadata={
        "description": "Dotation globale de financement, le cas échéant"}))
    affectation_resultats = Objet(AffectationResultats, required=True)


class AppelACandidatures(Base):
    date = Date(required=True, metadata={"description": "Date de l'appel à candidatures"})
    date_publication = Date(required=True, metadata={
        "description": "Date de publication des résultats"})


class Versement(Base):
    # TRAME art. 3-2: par douzièmes, sinon dates d'acompte et de solde.
    mode = Texte(required=True, validate=choix(("douziemes", "acompte_solde")), metadata={
        "libelle": "Mode de versement",
        "description": "Mode de versement : douziemes (par douzièmes) ou acompte_solde "
                       "(un acompte puis le solde)"})
    acompte_avant = optionnel(JourMois(metadata={"description": "Acompte versé avant le (JJ/MM)"}))
    solde_avant = optionnel(JourMois(metadata={
        "description": "Solde versé avant le (JJ/MM de l'année N+1)"}))


class Regularisation(Base):
    modalites = Texte(required=True)
    avant = JourMois(required=True, metadata={
        "description": "Régularisation de l'année N avant le (JJ/MM de N+1)", "exemple": "31/05"})


class DotationComplementaire(Base):
    appel_a_candidatures = Objet(AppelACandidatures, required=True)
    modalites_calcul = Texte(required=True)
    montants = Liste(Objet(MontantAnnuel), required=True, validate=longueur(1),
                     metadata={"libelle": "Dotation complémentaire",
                               "description": "Montant alloué par année"})
    evolution = optionnel(Texte(metadata={"description": "Évolution sur la durée du contrat"}))
    versement = Objet(Versement, required=True)
    regularisation = Objet(Regularisation, required=True)


class ResteACharge(Base):
    # GUIDE §5-2-3: quantifiable and verifiable rules, not a restated commitment.
    regles = Texte(required=True, validate=validate.Length(
        min=60, error="règles trop sommaires : préciser des règles de limitation quantifiables "
                      "et vérifiables (guide DGCS §5-2-3)"), metadata={
        "description": "Règles de limitation du reste à charge",
        "phrase": "L'organisme gestionnaire s'engage à",
        "exemple": "facturer aux bénéficiaires un reste à charge horaire n'excédant pas…"})
    indicateurs = Liste(Objet(Indicateur), required=True, validate=longueur(1), metadata={
        "libelle": "Indicateurs reste à charge",
        "description": "Indicateurs de la limitation du reste à charge"})
    pieces_justificatives = Liste(Texte(), required=True, validate=longueur(1), metadata={
        "libelle": "Pièces reste à charge",
        "description": "Pièces justificatives de la limitation du reste à charge"})


class PiecesAction(Base):
    action = Texte(required=True, metadata={"description": "Action concernée"})
    pieces = Texte(required=True, metadata={"description": "Pièces justificatives",
                                            "exemple": "factures"})


class Suivi(Base):
    periodicite_annees = Entier(load_default=1, validate=bornes(1, 5), metadata={
        "description": "Réunion des parties tous les N ans (1 : chaque année)"})
    reunion_avant = JourMois(required=True, metadata={
        "description": "Réunion avant le (JJ/MM)", "exemple": "30/06"})
    documents_avant = JourMois(required=True, metadata={
        "description": "Documents de l'année N transmis avant le (JJ/MM de N+1)",
        "exemple": "30/04"})
    pieces_justificatives = Liste(Objet(PiecesAction), load_default=list, metadata={
        "libelle": "Pièces justificatives", "description": "Pièces justificatives par action"})


class ReglesGestion(Base):
    versement = Texte(required=True, metadata={
        "description": "Modalités de versement des tarifs horaires (acomptes, solde, "
                       "régularisations)"})
    teletransmission = Texte(required=True, metadata={
        "description": "Règles de télégestion / télétransmission"})
    gestion = Texte(required=True, metadata={
        "description": "Règles de gestion (temps d'intervention, proratisation, "
                       "hospitalisation…)"})
    facturation = Texte(required=True, metadata={"description": "Règles de facturation"})


class ContratNational(Base):
    """A CPOM following the national model."""

    modele = Texte(required=True, validate=choix(("national",)))
    departement = Objet(Departement, required=True, metadata={"libelle": "Département"})
    gestionnaire = Objet(Gestionnaire, required=True, metadata={
        "libelle": "Organisme gestionnaire"})
    services = Liste(Objet(Service), required=True, validate=longueur(1),
                     metadata={"libelle": "Services"})
    contrat = Objet(Contrat, required=True, metadata={"libelle": "Contrat"})
    diagnostic = Objet(Diagnostic, required=True, metadata={"libelle": "Diagnostic partagé"})
    objectifs = Objet(Objectifs, required=True, metadata={"libelle": "Objectifs et actions"})
    tarification = optionnel(Objet(TarificationHabilite, metadata={
        "libelle": "Moyens des services habilités",
        "description": "Moyens des services habilités (article 3)"}))
    dotation_complementaire = optionnel(Objet(DotationComplementaire, metadata={
        "libelle": "Dotation complémentaire"}))
    reste_a_charge = optionnel(Objet(ResteACharge, metadata={
        "libelle": "Limitation du reste à charge",
        "description": "Limitation du reste à charge (non habilités avec dotation)"}))
    suivi = Objet(Suivi, required=True, metadata={"libelle": "Suivi et évaluation"})
    regles_gestion = Objet(ReglesGestion, required=True, metadata={"libelle": "Règles de gestion"})

    @validates_schema(skip_on_field_errors=False)
    def regles_legales(self, data: dict, **_: object) -> None:
        self.appliquer(REGLES_NATIONALES, data)


def _annees(data: dict) -> list[int]:
    return regles.annees(data["contrat"])


def regle_duree(data: dict, constats: Constats) -> None:
    regles.periode(data["contrat"], constats)  # D1–D5


def regle_identite_services(data: dict, constats: Constats) -> None:
    # TRAME art. 1: FINESS (ou SIREN/SIRET) of each service; one article 3 per contract.
    services = data["services"]
    for i, service in enumerate(services):
        if not (service.get("finess") or service.get("siret")):
            constats.erreur(f"services[{i}].finess",
                            "identifiant FINESS (ou n° SIRET) du service manquant")
    if len({s["habilite_aide_sociale"] for s in services}) > 1:
        constats.erreur("services", "les services d'un même contrat doivent être tous habilités "
                                    "ou tous non habilités à l'aide sociale (article 3 du "
                                    "modèle) : faire deux contrats")


def regle_rna(data: dict, constats: Constats) -> None:
    # Associations have an RNA number, except in Alsace-Moselle (registre du tribunal).
    gestionnaire = data["gestionnaire"]
    if (gestionnaire["statut"] == "association" and not gestionnaire.get("rna")
            and gestionnaire["adresse"]["code_postal"][:2] not in ("57", "67", "68")):
        constats.erreur("gestionnaire.rna", "n° RNA obligatoire pour une association")


def regle_tarifs_reference(data: dict, constats: Constats) -> None:
    tarifs = data["departement"].get("tarifs_reference") or []
    regles.tarif_minimal(tarifs, "departement.tarifs_reference", constats)  # rule 13
    annees = _annees(data)
    if annees:
        regles.montants_annuels(tarifs, "departement.tarifs_reference", annees, constats)


def regle_article_3(data: dict, constats: Constats) -> None:
    """Rules 10–12: habilités (R.314-40, R.314-51) or non habilités (reference tariff)."""
    habilite = data["services"][0]["habilite_aide_sociale"]
    tarification = data.get("tarification")
    departement = data["departement"]
    if not habilite:
        if tarification is not None:
            constats.erreur("tarification", "sans objet pour un service non habilité à l'aide "
                                            "sociale : retirer ce bloc")
        if not departement.get("tarifs_reference"):  # TRAME 3-1
            constats.erreur("departement.tarifs_reference",
                            "tarif départemental de référence APA/PCH obligatoire pour un "
                            "service non habilité (article 3-1)")
        if not departement.get("date_arrete_tarifs"):
            constats.erreur("departement.date_arrete_tarifs",
                            "date de l'arrêté fixant les tarifs de référence obligatoire pour "
                            "un service non habilité")
        return
    if tarification is None:
        constats.erreur("tarification", "bloc obligatoire pour un service habilité à l'aide "
                                        "sociale (tarif, évolution R.314-40, affectation des "
                                        "résultats)")
        return
    evolution = tarification["evolution"]
    if evolution["option"] == "equation_tarifaire":  # GUIDE §5-1-1
        constats.erreur("tarification.evolution.option",
                        "l'équation tarifaire (R.314-40 4°) n'est pas applicable aux services "
                        "d'aide à domicile (guide DGCS §5-1-1)")
    elif evolution["option"] == "avenants_annuels":
        constats.avertissement("tarification.evolution.option",
                "des avenants annuels (R.314-40 3°) sont à éviter si le CPOM déroge à la "
                "procédure budgétaire contradictoire annuelle (guide DGCS §5-1-1)")
    # T1 for the habilité's tariffs (L.314-2-1 I 1°; D.314-130-1)
    if annees := _annees(data):
        regles.sous_tarif_minimal(tarification["tarif_horaire"], annees[0],
                                  "tarification.tarif_horaire", constats)
    regles.tarif_minimal(tarification["elements_financiers"],
                         "tarification.elements_financiers", constats, ("tarif_horaire",))
    if evolution["option"] == "formule_fixe" and evolution.get("taux") is None:
        constats.erreur("tarification.evolution.taux",
                        "taux annuel attendu pour une formule fixe d'actualisation")
    _un_seul_tarif(tarification, annees, constats)
    annees = _annees(data)
    if annees:
        regles.montants_annuels(tarification["elements_financiers"],
                                "tarification.elements_financiers", annees, constats)
        if tarification.get("dotation_globale"):
            regles.montants_annuels(tarification["dotation_globale"]["montants"],
                                    "tarification.dotation_globale.montants", annees, constats)


def _un_seul_tarif(tarification: dict, annees: list[int] | None, constats: Constats) -> None:
    """One figure typed once: the first-year rate of article 3-1 is the table's, and a
    fixed formula (R.314-40 2°) gives each year's rate of the table from the year before."""
    lignes = sorted(enumerate(tarification["elements_financiers"]), key=lambda x: x[1]["annee"])
    chemin = "tarification.elements_financiers"
    premiere = next(((i, e) for i, e in lignes if annees and e["annee"] == annees[0]), None)
    if premiere is not None and premiere[1]["tarif_horaire"] != tarification["tarif_horaire"]:
        i, e = premiere
        constats.erreur(f"{chemin}[{i}].tarif_horaire",
                        f"tarif horaire {e['annee']} de {euros(e['tarif_horaire'])} dans le "
                        "tableau des éléments financiers, mais de "
                        f"{euros(tarification['tarif_horaire'])} à l'article 3-1 "
                        "(tarification.tarif_horaire) : un même tarif ne se saisit qu'une fois")
    evolution = tarification["evolution"]
    taux = evolution.get("taux")
    if evolution["option"] != "formule_fixe" or taux is None:
        return
    for (_, avant), (i, ligne) in pairwise(lignes):
        if ligne["annee"] != avant["annee"] + 1:
            continue
        attendu = formats.arrondi(avant["tarif_horaire"] * (1 + taux / 100))
        if abs(ligne["tarif_horaire"] - attendu) > Decimal("0.01"):
            constats.erreur(f"{chemin}[{i}].tarif_horaire",
                            f"tarif horaire {ligne['annee']} de {euros(ligne['tarif_horaire'])} "
                            f"dans le tableau, mais la formule fixe de l'article R.314-40 2° "
                            f"(tarification.evolution.taux : {nombre(taux)} % par an) donne "
                            f"{euros(attendu)} à partir de {euros(avant['tarif_horaire'])} en "
                            f"{avant['annee']}")


def _dotation_et_actions(data: dict, dotation: dict, constats: Constats) -> None:
    """A year's dotation complémentaire above the cost of the actions it finances (annex 2,
    one cost per action and per year) is flagged: a warning naming both figures."""
    couts = [a.get("cout") for o in data["objectifs"].get("dotation") or []
             for op in o["operationnels"] for a in op["actions"]]
    if not couts or any(c is None for c in couts):
        return
    total = sum(couts, Decimal(0))
    for i, ligne in enumerate(dotation["montants"]):
        if ligne["montant"] > total:
            constats.avertissement(f"dotation_complementaire.montants[{i}].montant",
                    f"dotation complémentaire {ligne['annee']} de {euros(ligne['montant'])}, "
                    f"supérieure au coût des actions qu'elle finance, {euros(total)} "
                    "(objectifs.dotation, coût de chaque action, annexe 2 ; article L.314-2-1 "
                    "du CASF)")


def regle_dotation(data: dict, constats: Constats) -> None:
    """Rules 7, 8, 9, 15 and DL2 for the dotation complémentaire (L.314-2-1, L.314-2-2)."""
    dotation = data.get("dotation_complementaire")
    objectifs = data["objectifs"].get("dotation") or []
    rac = data.get("reste_a_charge")
    if not dotation:
        if objectifs:
            constats.erreur("objectifs.dotation", "objectifs liés à la dotation complémentaire "
                                                  "sans bloc dotation_complementaire")
        if rac is not None:
            constats.erreur("reste_a_charge", "sans objet sans dotation complémentaire")
        return
    regles.objectifs_dotation(objectifs, "objectifs.dotation", constats)
    _dotation_et_actions(data, dotation, constats)
    annees = _annees(data)
    if annees:
        regles.montants_annuels(dotation["montants"], "dotation_complementaire.montants",
                                annees, constats)
    versement = dotation["versement"]
    if versement["mode"] == "acompte_solde":  # TRAME 3-2
        for cle in ("acompte_avant", "solde_avant"):
            if not versement.get(cle):
                constats.erreur(f"dotation_complementaire.versement.{cle}",
                                "date obligatoire pour un versement en acompte et solde")
    regles.echeance_documents(dotation["regularisation"]["avant"],
                              "dotation_complementaire.regularisation.avant", constats,
                              documents=False)
    habilite = data["services"][0]["habilite_aide_sociale"]
    if not habilite and rac is None:  # L.313-11-1 as amended by LFSS 2022 art. 44
        constats.erreur("reste_a_charge", "un service non habilité qui reçoit la dotation "
                                          "complémentaire s'engage sur des règles de limitation "
                                          "du reste à charge, avec au moins un indicateur de "
                                          "suivi et les pièces justificatives")
    if habilite and rac is not None:
        constats.erreur("reste_a_charge", "sans objet pour un service habilité")


def regle_valeurs_annuelles(data: dict, constats: Constats) -> None:
    """Indicator values are given for contract years only."""
    annees = _annees(data)
    if not annees:
        return
    for groupe in ("generaux", "dotation"):
        for i, objectif in enumerate(data["objectifs"].get(groupe) or []):
            for j, operationnel in enumerate(objectif["operationnels"]):
                base = f"objectifs.{groupe}[{i}].operationnels[{j}]"
                regles.valeurs_annuelles(operationnel["indicateurs"], f"{base}.indicateurs",
                                         annees, constats)
                for k, action in enumerate(operationnel["actions"]):
                    regles.valeurs_annuelles(action["indicateurs"],
                                             f"{base}.actions[{k}].indicateurs", annees, constats)
    if data.get("reste_a_charge"):
        regles.valeurs_annuelles(data["reste_a_charge"]["indicateurs"],
                                 "reste_a_charge.indicateurs", annees, constats)


def regle_echeance_documents(data: dict, constats: Constats) -> None:
    habilite = data["services"][0]["habilite_aide_sociale"]  # comptes administratifs: R.314-49
    regles.echeance_documents(data["suivi"]["documents_avant"], "suivi.documents_avant", constats,
                              compte_administratif=habilite)


REGLES_NATIONALES = [
    regle_duree,
    regle_identite_services,
    regle_rna,
    regle_tarifs_reference,
    regle_article_3,
    regle_dotation,
    regle_valeurs_annuelles,
    regle_echeance_documents,
]

__all__ = ["REGLES_NATIONALES", "ContratNational"]
