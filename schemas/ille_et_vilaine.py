"""The Ille-et-Vilaine CPOM SAD 2024–2028 (IV, docs/sources.md): contract + annexes 1–10.

Extends the common blocks (schemas/commun.py) and the national diagnostic (annexe 5 is the
DGCS diagnostic with an extra « semaine » row). Departmental rules (IV1–IV12, docs/sources.md):
eligibility (Titre 1: ≥ 30 000 h a year and tarification administrée), the bonification caps
of the fiches actions (annexe 6), the territory checked against the official EPCI and
communes of the département (annexe 3, domaine/referentiel.py). The financial annexes 8–10
come from schemas/ille_et_vilaine_finances.py.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any

from marshmallow import validates_schema

from domaine import referentiel
from schemas import ille_et_vilaine_finances as finances
from schemas import regles
from schemas.base import (
    Base,
    Booleen,
    Constats,
    Courriel,
    Date,
    Entier,
    Liste,
    Montant,
    Nombre,
    Objet,
    Texte,
    bornes,
    choix,
    longueur,
    optionnel,
)
from schemas.commun import (
    Action,
    Commune,
    Contact,
    Departement,
    Gestionnaire,
    Indicateur,
    Personne,
    ProrogationIlleEtVilaine,
    Service,
    TarifReference,
)
from schemas.identifiants import Finess, Siren
from schemas.national import (
    Activite,
    ActiviteAnnuelle,
    Diagnostic,
    Tarification,
    regle_rna,
)
from schemas.regles import euros, nombre

DEPARTEMENT = "35"
SEUIL_HEURES = Decimal(30_000)  # Titre 1: « activité annuelle supérieure ou égale à 30 000 h »
# Annexe 6, « Modalité de valorisation de l'action par le Département ».
PLAFOND_HORAIRE = {1: Decimal("1.50"), 2: Decimal("2.00")}  # €/h, objectifs 1 et 2
PLAFOND_KM = Decimal("0.04")  # €/km indemnisé APA/PCH, objectif 3
PART_MAX_OBJECTIF_5 = Decimal("0.50")  # of the CNSA allocation to the Département
OBJECTIFS_PROPOSES = (1, 2, 3, 5)  # annexe 7: the L.314-2-2 objectives offered, + « autres »
LARGEUR_PAGE_MM = 170  # A4 portrait, 2 cm margins

# Annexe 3: the model's labels and order; matched on SIREN (official names differ slightly).
EPCI_SEED = (
    ("243500139", "Rennes Métropole"),
    ("243500782", "Communauté d’Agglomération du Pays de St Malo - Saint Malo Agglomération"),
    ("200039022", "Communauté d’Agglomération Vitré Communauté"),
    ("200072452", "Communauté d’Agglomération Fougères Agglomération"),
    ("243500741", "Redon Agglomération"),
    ("200043990", "Communauté de Communes Vallons de Haute Bretagne Communauté"),
    ("243500667", "Communauté du Val d’Ille Aubigné"),
    ("243500733", "Communauté de Communes Bretagne Romantique"),
    ("200070662", "Communauté de Communes Bretagne Porte de Loire Communauté"),
    ("243500725", "Communauté de Communes Côte d’Emeraude"),
    ("200038990", "Communauté de Communes de Saint Méen Montauban"),
    ("243500634", "Communauté de Communes au Pays de la Roche aux Fées"),
    ("243500774", "Communauté de Communes Liffré Cormier Communauté"),
    ("243500550", "Communauté de Communes Montfort Communauté"),
    ("243500659", "Communauté de Communes du Pays de Châteaugiron"),
    ("200070670", "Communauté de Communes du Pays de Dol et de la Baie du Mont Saint Michel"),
    ("200070688", "Communauté de Communes Couesnon Marches de Bretagne"),
    ("243500618", "Communauté de Communes de Brocéliande"),
)


# --- parties --------------------------------------------------------------------------

class DepartementIV(Departement):
    class Meta(Departement.Meta):
        exclude = ("date_decision_signature", "date_arrete_tarifs")

    date_deliberation_cpom = Date(required=True, metadata={
        "description": "Date de la délibération du Conseil départemental approuvant le CPOM et "
                       "autorisant le Président à le signer", "exemple": "2023-10-16"})
    date_deliberation_strategie = optionnel(Date(metadata={
        "description": "Date de la délibération adoptant la stratégie territoriale de l'aide à "
                       "domicile", "exemple": "2018-11-05"}))
    tarifs_reference = Liste(Objet(TarifReference), required=True, validate=longueur(1),
                             metadata={"description": "Tarif départemental APA/PCH de chaque "
                                                      "année (article 7.1)"})
    courriel_dpo = Courriel(required=True, metadata={
        "description": "Adresse du délégué à la protection des données du Département "
                       "(article 11)", "exemple": "dpo@ille-et-vilaine.fr"})
    service_instructeur = optionnel(Texte(metadata={
        "description": "Direction et service du Département qui suivent le CPOM (en-tête des "
                       "annexes)",
        "exemple": "Pôle solidarité humaine - Direction de l'Autonomie - Service OARES"}))


class Interlocuteur(Personne):
    """A person of annex 1: name, function (``qualite``), e-mail and telephone."""

    contact = optionnel(Objet(Contact, metadata={"description": "Courriel et téléphone"}))


class GestionnaireIV(Gestionnaire):
    class Meta(Gestionnaire.Meta):
        exclude = ("description",)

    representant_legal = Objet(Interlocuteur, required=True, metadata={
        "description": "Responsable légal de la structure"})
    charge_dossier = optionnel(Objet(Interlocuteur, metadata={
        "description": "Personne chargée du dossier (si différente du responsable)"}))


class ServiceIV(Service):
    """The SAD of the contract; its territory is given by EPCI (annexe 3)."""

    class Meta(Service.Meta):
        exclude = ("communes",)

    finess = Finess(required=True, metadata={"description": "N° FINESS du service",
                                             "exemple": "350012343"})
    pch_paiement_direct = Booleen(required=True, metadata={
        "description": "Heures PCH en paiement direct (convention) : oui ; sinon paiement à "
                       "l'activité sur factures (article 7.1)", "exemple": "oui"})


class CpomPrecedent(Base):
    periode = Texte(required=True, metadata={"description": "Période", "phrase": "Vu le CPOM",
                                             "exemple": "2019-2023"})
    date = optionnel(Date(metadata={"description": "Date de signature"}))


class ContratIV(Base):
    date_effet = Date(required=True, metadata={"description": "Date d'effet du contrat",
                                               "exemple": "2024-01-01"})
    duree_annees = optionnel(Entier(metadata={"description": "Durée en années (ou date_fin)",
                                              "exemple": 5}))
    date_fin = optionnel(Date(metadata={"description": "Date de fin (ou bien duree_annees)"}))
    lieu_signature = Texte(required=True, metadata={"description": "Lieu de signature",
                                                    "exemple": "Rennes"})
    date_signature = optionnel(Date(metadata={
        "description": "Date de signature (laissée en blanc si absente)"}))
    prorogation = Objet(ProrogationIlleEtVilaine,
                        load_default=lambda: ProrogationIlleEtVilaine().load({}), metadata={
        "description": "Délais de prorogation (articles 12 et 16)"})
    cpom_precedent = optionnel(Objet(CpomPrecedent, metadata={
        "description": "CPOM précédent conclu avec le gestionnaire (visa)"}))


# --- annexe 1: fiche signalétique -------------------------------------------------------

class Heures(Base):
    """Hours of one year; APA, PCH and AM default to the same year's figures of annex 8."""

    apa = optionnel(Nombre(validate=bornes(0), metadata={
        "description": "Heures APA (à défaut, celles de l'annexe 8 pour l'année)"}))
    pch = optionnel(Nombre(validate=bornes(0), metadata={
        "description": "Heures PCH (à défaut, celles de l'annexe 8)"}))
    aide_menagere = optionnel(Nombre(validate=bornes(0), metadata={
        "description": "Heures d'aide ménagère, aide sociale (à défaut, celles de l'annexe 8)"}))
    autres = Nombre(load_default=Decimal(0), validate=bornes(0),
                    metadata={"description": "Autres heures"})


class Personnes(Base):
    apa = Entier(required=True, validate=bornes(0), metadata={"description": "Personnes APA"})
    pch = Entier(required=True, validate=bornes(0), metadata={"description": "Personnes PCH"})
    aide_menagere = Entier(required=True, validate=bornes(0), metadata={
        "description": "Personnes suivies en aide ménagère"})
    autres = Entier(load_default=0, validate=bornes(0), metadata={"description": "Autres"})


class ActiviteAnnee(Base):
    annee = Entier(required=True, validate=bornes(2000, 2100), metadata={"description": "Année"})
    heures = Objet(Heures, load_default=lambda: Heures().load({}), metadata={
        "description": "Heures réalisées ou prévues (APA, PCH, AM : à défaut, annexe 8)"})
    personnes = Objet(Personnes, required=True)


class Amplitude(Base):
    lundi_samedi = Texte(required=True, metadata={"description": "Du lundi au samedi",
                                                  "exemple": "de 7 h à 21 h"})
    dimanches_feries = Texte(required=True, metadata={"description": "Dimanche et jours fériés",
                                                      "exemple": "de 8 h à 20 h"})


class FicheSignaletique(Base):
    activites = Texte(required=True, metadata={
        "description": "Présentation des différentes activités réalisées"})
    activite = Liste(Objet(ActiviteAnnee), required=True, validate=longueur(1), metadata={
        "description": "Heures et personnes suivies : valeur d'entrée (première année) puis "
                       "prévisionnelles, une ligne par année du contrat"})
    amplitude = Objet(Amplitude, required=True, metadata={
        "description": "Amplitude horaire d'intervention"})


# --- annexe 2: coopérations ------------------------------------------------------------

class Cooperation(Base):
    nature = Texte(required=True, metadata={"description": "Nature de la coopération / du "
                                                           "partenariat", "exemple": "GCSMS"})
    objet = Texte(required=True, metadata={"description": "Objet du partenariat"})
    partenaires = Texte(required=True, metadata={"description": "Les partenaires"})
    moyens = optionnel(Texte(metadata={"description": "Moyens humains et financiers dédiés"}))
    plus_value = optionnel(Texte(metadata={
        "description": "Plus-value occasionnée par ce partenariat"}))


class Cooperations(Base):
    partenariats_existants = Liste(Texte(), load_default=list, metadata={
        "description": "Partenariats avec d'autres ES ou ESMS existants et formalisés"})
    projets_rapprochement = optionnel(Texte(metadata={
        "description": "Projets de rapprochement / restructuration de l'offre"}))
    projets_conventions = optionnel(Texte(metadata={
        "description": "Projets de convention avec des acteurs locaux (EHPAD, EHPA, foyers de "
                       "vie, SAVS…)"}))
    tableau = Liste(Objet(Cooperation), load_default=list, metadata={
        "libelle": "Coopérations", "description": "Tableau des coopérations et partenariats"})


# --- annexe 3: EPCI desservis ----------------------------------------------------------

class EpciDesservi(Base):
    siren = optionnel(Siren(metadata={"description": "N° SIREN de l'EPCI (prioritaire sur le "
                                                     "nom)", "exemple": "243500139"}))
    nom = optionnel(Texte(metadata={"description": "Nom de l'EPCI", "exemple": "Rennes Métropole"}))
    communes = Liste(Objet(Commune), load_default=list, metadata={
        "description": "Communes desservies quand l'EPCI n'est pas couvert dans son ensemble "
                       "(vide : tout l'EPCI)"})


class Territoire(Base):
    epci = Liste(Objet(EpciDesservi), required=True, validate=longueur(1), metadata={
        "description": "EPCI dans lesquels le service intervient"})


# --- annexe 4: organigrammes -----------------------------------------------------------

class Organigramme(Base):
    titre = Texte(required=True, metadata={"description": "Titre",
                                           "exemple": "Organigramme du gestionnaire"})
    image = Texte(required=True, metadata={
        "description": "Image PNG ou JPEG, chemin relatif au fichier de données",
        "exemple": "ille-et-vilaine/organigramme-gestionnaire.png", "image": True})
    largeur_mm = Nombre(load_default=Decimal(LARGEUR_PAGE_MM),
                        validate=bornes(Decimal(20), Decimal(LARGEUR_PAGE_MM)), metadata={
        "description": f"Largeur à l'impression en mm (au plus {LARGEUR_PAGE_MM}, la largeur "
                       "de la page ; réduite, proportions gardées, si l'image est alors trop haute "
                       "pour la page)", "exemple": 160})


# --- annexe 5: diagnostic partagé --------------------------------------------------------

class ActiviteIV(ActiviteAnnuelle):
    """Activity of year N-1; APA + PCH hours split into sundays, nights and weekdays."""

    class Meta(ActiviteAnnuelle.Meta):
        exclude = ("par_commune",)

    semaine = Objet(Activite, required=True, metadata={
        "description": "Semaine (activités APA et PCH)"})


class TarificationIV(Tarification):
    class Meta(Tarification.Meta):
        exclude = ("taux_participation", "reste_a_charge_moyen")

    tarif_aide_sociale = Montant(required=True, metadata={
        "description": "Tarif horaire arrêté par le Département, aide sociale"})


class DiagnosticIV(Diagnostic):
    class Meta(Diagnostic.Meta):
        exclude = ("partenariats", "descriptif_services")

    activite = Objet(ActiviteIV, required=True,
                     metadata={"description": "Données du gestionnaire, année N-1"})
    tarification = Objet(TarificationIV, required=True, metadata={
        "description": "Tarification et prix facturé"})


# --- annexe 6: fiches actions ------------------------------------------------------------

class IndicateurIV(Indicateur):
    """« Détails » = libellé; valeur d'entrée = situation_initiale; cible fin CPOM = cible."""

    cible_n2 = optionnel(Texte(metadata={"description": "Cible à N+2"}))


class Financement(Base):
    detail = optionnel(Texte(metadata={"description": "Détail du financement"}))
    bonification_horaire = optionnel(Montant(metadata={
        "description": "Bonification par heure (€/h), objectifs 1 et 2", "exemple": "1.20"}))
    heures = optionnel(Nombre(validate=bornes(0), metadata={
        "description": "Heures bonifiées par an, objectifs 1 et 2", "exemple": 6000}))
    kilometres = optionnel(Nombre(validate=bornes(0), metadata={
        "description": "Kilomètres indemnisés par an au titre de l'APA et de la PCH, objectif 3 "
                       "(à défaut, ceux de l'annexe 8 pour la première année)",
        "exemple": 210000}))
    montant = optionnel(Montant(metadata={
        "description": "Montant annuel forfaitaire (€), objectifs 3, 5 et autres"}))


class ActionIV(Action):
    class Meta(Action.Meta):
        exclude = ("indicateurs_resultat",)

    constats = Texte(required=True, metadata={"description": "Constats du diagnostic"})
    modalites = Texte(required=True, metadata={
        "description": "Description des différentes phases"})
    delai = Texte(required=True, metadata={"description": "Délai de réalisation"})
    indicateurs = Liste(Objet(IndicateurIV), required=True, validate=longueur(1), metadata={
        "description": "Indicateurs de suivi et d'évaluation (n°1, n°2…)"})
    cout = Montant(required=True, metadata={"description": "Coût de l'action (€ par an)"})
    financement = Objet(Financement, required=True, metadata={
        "description": "Montant et détail du financement"})
    versement = Texte(required=True, metadata={
        "description": "Modalités de versement et de régularisation des montants"})
    depense_realisee = optionnel(Montant(metadata={
        "description": "Dépense réalisée (suivi, annexe 7)"}))


class ObjectifIV(Base):
    numero = optionnel(Entier(validate=choix(OBJECTIFS_PROPOSES), metadata={
        "description": "Objectif de l'article L.314-2-2 du CASF retenu par le Département "
                       "(1, 2, 3 ou 5) ; absent pour un autre objectif", "exemple": 1}))
    intitule = optionnel(Texte(metadata={
        "description": "Intitulé (obligatoire pour un autre objectif)"}))
    actions = Liste(Objet(ActionIV), required=True, validate=longueur(1))


class DotationComplementaireIV(Base):
    date_resultats = optionnel(Date(metadata={
        "description": "Date de publication des résultats de l'appel à candidatures"}))
    allocation_cnsa = optionnel(Montant(metadata={
        "description": "Montant annuel alloué par la CNSA au Département au titre de la "
                       "dotation complémentaire (plafond de l'objectif 5)"}))


# --- the contract ---------------------------------------------------------------------

class ContratIlleEtVilaine(Base):
    """A CPOM SAD following the Ille-et-Vilaine model."""

    modele = Texte(required=True, validate=choix(("ille-et-vilaine",)))
    departement = Objet(DepartementIV, required=True, metadata={"libelle": "Département"})
    gestionnaire = Objet(GestionnaireIV, required=True, metadata={"libelle": "Gestionnaire"})
    service = Objet(ServiceIV, required=True, metadata={"libelle": "Service"})
    contrat = Objet(ContratIV, required=True, metadata={"libelle": "Contrat"})
    fiche_signaletique = Objet(FicheSignaletique, required=True, metadata={
        "libelle": "Fiche signalétique (annexe 1)", "description": "Annexe 1"})
    cooperations = Objet(Cooperations, required=True, metadata={
        "libelle": "Coopérations (annexe 2)", "description": "Annexe 2"})
    territoire = Objet(Territoire, required=True, metadata={
        "libelle": "EPCI couverts (annexe 3)", "description": "Annexe 3"})
    organigrammes = Liste(Objet(Organigramme), required=True, validate=longueur(1), metadata={
        "libelle": "Organigrammes",
        "description": "Annexe 4 : organigrammes du gestionnaire et du SAD"})
    diagnostic = Objet(DiagnosticIV, required=True, metadata={
        "libelle": "Diagnostic partagé (annexe 5)", "description": "Annexe 5"})
    objectifs = Liste(Objet(ObjectifIV), load_default=list, metadata={
        "libelle": "Objectifs",
        "description": "Annexes 6 et 7 : objectifs et fiches actions"})
    dotation_complementaire = optionnel(Objet(DotationComplementaireIV, metadata={
        "libelle": "Dotation complémentaire"}))
    pilotage = Objet(finances.Pilotage, required=True, metadata={
        "libelle": "Pilotage (annexe 8)", "description": "Annexe 8"})
    elements_financiers = Objet(finances.ElementsFinanciers, required=True,
                                metadata={"libelle": "Éléments financiers (annexe 9)",
                                          "description": "Annexe 9"})
    depenses_recettes = Objet(finances.DepensesRecettes, required=True,
                              metadata={"libelle": "Dépenses et recettes (annexe 10)",
                                        "description": "Annexe 10"})

    @validates_schema(skip_on_field_errors=False)
    def regles_departementales(self, data: dict, **_: object) -> None:
        self.appliquer(REGLES_ILLE_ET_VILAINE, data)


# --- lookups shared with the compute step ----------------------------------------------

def _libelles_seed() -> dict[str, str]:
    return dict(EPCI_SEED)


def resoudre_epci(entree: dict[str, Any]) -> referentiel.Epci | None:
    """The EPCI of the département named by SIREN (first) or by name (model's or official)."""
    if entree.get("siren"):
        epci = referentiel.epci(entree["siren"])
        return epci if epci and epci in referentiel.epcis(DEPARTEMENT) else None
    nom = entree.get("nom") or ""
    candidats = [e for e in referentiel.epcis(DEPARTEMENT) if _meme_epci(nom, e)]
    return candidats[0] if len(candidats) == 1 else None


def resoudre_commune(commune: dict[str, Any]) -> referentiel.Commune | None:
    """The commune of the département by INSEE code (first) or tolerant name."""
    if commune.get("code_insee"):
        trouvee = referentiel.commune(commune["code_insee"])
        if trouvee and referentiel.departement_de_commune(trouvee.code_insee) == DEPARTEMENT \
                and referentiel.normaliser(trouvee.nom) == referentiel.normaliser(commune["nom"]):
            return trouvee
        return None
    return referentiel.chercher_commune(commune["nom"], DEPARTEMENT, commune.get("code_postal"))


def _meme_epci(nom: str, epci: referentiel.Epci) -> bool:
    """``nom`` is the official or model name, possibly without « CC », « CA »…"""
    cle = referentiel.normaliser(nom)
    officiels = {referentiel.normaliser(n) for n in (epci.nom, libelle_epci(epci))}
    return any(cle == o or o.endswith(f" {cle}") for o in officiels)


def libelle_epci(epci: referentiel.Epci) -> str:
    """The model's label of an EPCI, else its official name."""
    return _libelles_seed().get(epci.siren, epci.nom)


HEURES_PILOTAGE = {"apa": "heures_apa", "pch": "heures_pch", "aide_menagere": "heures_am"}


def _exercice(data: dict[str, Any], annee: int) -> dict[str, Any]:
    """The annex 8 column of ``annee`` (raw figures), or {}."""
    exercices = (data.get("pilotage") or {}).get("exercices") or []
    return next((e for e in exercices if e["annee"] == annee), {})


def heures_annee(data: dict[str, Any], ligne: dict[str, Any]) -> dict[str, Decimal | None]:
    """Annex 1 hours of one year: typed, else annex 8's figure of the same year."""
    exercice = _exercice(data, ligne["annee"])
    heures = ligne["heures"]
    resultat = {cle: heures[cle] if heures.get(cle) is not None else exercice.get(champ)
                for cle, champ in HEURES_PILOTAGE.items()}
    return {**resultat, "autres": heures.get("autres") or Decimal(0)}


def kilometres_action(data: dict[str, Any], financement: dict[str, Any]) -> Decimal | None:
    """Objective 3: km indemnified, typed or annex 8's km APA/PCH of the first year."""
    if financement.get("kilometres") is not None:
        return financement["kilometres"]
    annees = regles.annees(data["contrat"])
    return _exercice(data, annees[0]).get("km_apa_pch") if annees else None


def montant_action(numero: int | None, financement: dict[str, Any]) -> Decimal | None:
    """Annual amount of an action: bonification × hours (objectives 1, 2), else the forfait."""
    if numero in PLAFOND_HORAIRE:
        taux, heures = financement.get("bonification_horaire"), financement.get("heures")
        return None if taux is None or heures is None else taux * heures
    return financement.get("montant")


# --- rules ----------------------------------------------------------------------------

def _annees(data: dict) -> list[int]:
    return regles.annees(data["contrat"])


def regle_duree(data: dict, constats: Constats) -> None:
    regles.periode(data["contrat"], constats)  # D1–D5 (L.313-11 CASF)


def regle_departement(data: dict, constats: Constats) -> None:
    code = data["departement"]["code"]
    if code != DEPARTEMENT:
        constats.erreur("departement.code", f"le modèle ille-et-vilaine est celui du "
                                            f"département 35, pas du {code}")


def regle_tarification_administree(data: dict, constats: Constats) -> None:
    # Titre 1, second cumulative criterion; article 1: autorisation et habilitation.
    if not data["service"]["habilite_aide_sociale"]:
        constats.erreur("service.habilite_aide_sociale",
                        "le CPOM d'Ille-et-Vilaine est réservé aux SAD à tarification "
                        "administrée, habilités à l'aide sociale (Titre 1, article 1)")


def regle_activite(data: dict, constats: Constats) -> None:
    """Annex 1: one row per contract year; Titre 1: ≥ 30 000 h (APA + PCH + AM) a year."""
    lignes = data["fiche_signaletique"]["activite"]
    chemin = "fiche_signaletique.activite"
    annees = _annees(data)
    if annees:
        regles.montants_annuels(lignes, chemin, annees, constats)
        manquantes = sorted(set(annees) - {ligne["annee"] for ligne in lignes})
        if manquantes:
            constats.erreur(chemin, f"année{'s' * (len(manquantes) > 1)} "
                                    f"{', '.join(map(str, manquantes))} manquante"
                                    f"{'s' * (len(manquantes) > 1)} : une ligne par année du "
                                    f"contrat ({annees[0]}–{annees[-1]})")
    for i, ligne in sorted(enumerate(lignes), key=lambda x: x[1]["annee"]):
        h = heures_annee(data, ligne)
        manquantes = [cle for cle in HEURES_PILOTAGE if h[cle] is None]
        for cle in manquantes:
            constats.erreur(f"{chemin}[{i}].heures.{cle}",
                            f"heures {LIBELLES_HEURES[cle]} {ligne['annee']} à indiquer ici ou "
                            f"dans l'annexe 8 (pilotage.exercices, {HEURES_PILOTAGE[cle]})")
        _heures_differentes(data, ligne, f"{chemin}[{i}].heures", constats)
        if manquantes:
            continue
        total = h["apa"] + h["pch"] + h["aide_menagere"]
        if total >= SEUIL_HEURES:
            continue
        detail = (f"activité de {nombre(total)} h en {ligne['annee']} (APA {nombre(h['apa'])} h "
                  f"+ PCH {nombre(h['pch'])} h + aide ménagère {nombre(h['aide_menagere'])} h) "
                  f"inférieure au seuil de {nombre(SEUIL_HEURES)} heures par an")
        if annees and ligne["annee"] == annees[0]:  # valeur d'entrée
            constats.erreur(f"{chemin}[{i}].heures", f"{detail} requis pour le CPOM (Titre 1)")
        else:
            constats.avertissement(f"{chemin}[{i}].heures",
                                   f"{detail} (critère d'éligibilité du Titre 1)")


LIBELLES_HEURES = {"apa": "APA", "pch": "PCH", "aide_menagere": "d'aide ménagère"}


def _heures_differentes(data: dict, ligne: dict, chemin: str, constats: Constats) -> None:
    """The same figure typed in annexes 1 and 8 must agree (error naming both)."""
    exercice = _exercice(data, ligne["annee"])
    for cle, champ in HEURES_PILOTAGE.items():
        saisi, pilotage = ligne["heures"].get(cle), exercice.get(champ)
        if saisi is not None and pilotage is not None and saisi != pilotage:
            constats.erreur(f"{chemin}.{cle}",
                            f"heures {LIBELLES_HEURES[cle]} {ligne['annee']} : {nombre(saisi)} h "
                            f"en annexe 1 mais {nombre(pilotage)} h en annexe 8 "
                            f"(pilotage.exercices, {champ}) ; ne saisir qu'une fois")


def regle_tarifs(data: dict, constats: Constats) -> None:
    tarifs = data["departement"]["tarifs_reference"]
    regles.tarif_minimal(tarifs, "departement.tarifs_reference", constats)  # rule 13
    annees = _annees(data)
    if annees:
        regles.montants_annuels(tarifs, "departement.tarifs_reference", annees, constats)
        if annees[0] not in {t["annee"] for t in tarifs}:
            constats.erreur("departement.tarifs_reference",
                            f"tarif départemental {annees[0]} manquant (article 7.1)")


def _commune_inconnue(nom: str) -> str:
    suggestions = referentiel.suggestions_commune(nom, DEPARTEMENT)
    conseil = (f", vouliez-vous dire {' ou '.join(f'« {s} »' for s in suggestions)} ?"
               if suggestions else "")
    return (f"commune « {nom} » inconnue en Ille-et-Vilaine (COG "
            f"{referentiel.millesime()}){conseil}")


def regle_territoire(data: dict, constats: Constats) -> None:
    """Annex 3: EPCI and communes exist in the official reference data of the département."""
    vus: set[str] = set()
    for i, entree in enumerate(data["territoire"]["epci"]):
        chemin = f"territoire.epci[{i}]"
        if not (entree.get("siren") or entree.get("nom")):
            constats.erreur(chemin, "indiquer le SIREN ou le nom de l'EPCI")
            continue
        epci = resoudre_epci(entree)
        if epci is None:
            if entree.get("siren"):
                constats.erreur(f"{chemin}.siren", f"SIREN « {entree['siren']} » : aucun EPCI "
                                                   f"de ce numéro en Ille-et-Vilaine (EPCI "
                                                   f"{referentiel.millesime()})")
            else:
                noms = [n for _, n in EPCI_SEED] + [e.nom for e in referentiel.epcis(DEPARTEMENT)]
                proches = difflib.get_close_matches(entree["nom"], noms, n=2, cutoff=0.5)
                conseil = (f", vouliez-vous dire {' ou '.join(f'« {p} »' for p in proches)} ?"
                           if proches else "")
                constats.erreur(f"{chemin}.nom", f"EPCI « {entree['nom']} » inconnu en "
                                                 f"Ille-et-Vilaine{conseil}")
            continue
        if entree.get("siren") and entree.get("nom") and not _meme_epci(entree["nom"], epci):
            constats.erreur(f"{chemin}.nom", f"le SIREN {epci.siren} est celui de « {epci.nom} »"
                                             f", pas de « {entree['nom']} »")
        if epci.siren in vus:
            constats.erreur(chemin, f"l'EPCI « {epci.nom} » figure deux fois")
        vus.add(epci.siren)
        for j, commune in enumerate(entree["communes"]):
            trouvee = resoudre_commune(commune)
            if trouvee is None:
                champ = "code_insee" if commune.get("code_insee") else "nom"
                message = (f"code INSEE « {commune['code_insee']} » : pas la commune "
                           f"« {commune['nom']} » d'Ille-et-Vilaine"
                           if champ == "code_insee" else _commune_inconnue(commune["nom"]))
                constats.erreur(f"{chemin}.communes[{j}].{champ}", message)
            elif trouvee.epci_siren != epci.siren:
                autre = referentiel.epci(trouvee.epci_siren or "")
                constats.erreur(f"{chemin}.communes[{j}].nom",
                                f"la commune « {trouvee.nom} » n'appartient pas à « {epci.nom} »"
                                + (f" mais à « {autre.nom} »" if autre else ""))


def regle_objectifs(data: dict, constats: Constats) -> None:
    """Annex 6: objectives 1, 2, 3, 5 once each; an « autre objectif » has a title."""
    vus: set[int] = set()
    for i, objectif in enumerate(data["objectifs"]):
        numero = objectif.get("numero")
        if numero is None and not objectif.get("intitule"):
            constats.erreur(f"objectifs[{i}].intitule", "intitulé obligatoire pour un objectif "
                                                        "autre que les objectifs 1, 2, 3 et 5")
        if numero is not None:
            if numero in vus:
                constats.erreur(f"objectifs[{i}].numero", f"l'objectif n°{numero} figure deux "
                                                          "fois : regrouper ses actions")
            vus.add(numero)
    finances_dotation = any(o.get("numero") is not None for o in data["objectifs"])
    if finances_dotation and not data.get("dotation_complementaire"):
        constats.erreur("dotation_complementaire",
                        "bloc obligatoire : des actions relèvent des objectifs de la dotation "
                        "complémentaire (article 7.3)")


def regle_bonifications(data: dict, constats: Constats) -> None:
    """Annex 6 caps: 1,50 €/h (obj. 1), 2 €/h (obj. 2), 0,04 €/km × km (obj. 3),
    objective 5 ≤ 50 % of the CNSA allocation to the Département."""
    total_5 = Decimal(0)
    chemins_5: list[str] = []
    for i, objectif in enumerate(data["objectifs"]):
        numero = objectif.get("numero")
        for j, action in enumerate(objectif["actions"]):
            chemin = f"objectifs[{i}].actions[{j}].financement"
            financement = action["financement"]
            if numero in PLAFOND_HORAIRE:
                plafond = PLAFOND_HORAIRE[numero]
                for champ in ("bonification_horaire", "heures"):
                    if financement.get(champ) is None:
                        constats.erreur(f"{chemin}.{champ}",
                                        f"obligatoire pour l'objectif n°{numero} (bonification "
                                        "horaire × heures bonifiées)")
                taux = financement.get("bonification_horaire")
                if taux is not None and taux > plafond:
                    constats.erreur(f"{chemin}.bonification_horaire",
                                    f"bonification de {euros(taux)}/h supérieure au plafond de "
                                    f"{euros(plafond)}/h de l'objectif n°{numero} (annexe 6)")
                if financement.get("montant") is not None:
                    constats.erreur(f"{chemin}.montant",
                                    f"sans objet pour l'objectif n°{numero} : le montant est la "
                                    "bonification horaire × les heures bonifiées")
                continue
            montant = financement.get("montant")
            if montant is None:
                constats.erreur(f"{chemin}.montant", "montant annuel du financement obligatoire")
                continue
            if numero == 3:
                km = kilometres_action(data, financement)
                if km is None:
                    constats.erreur(f"{chemin}.kilometres",
                                    "nombre de kilomètres indemnisés au titre de l'APA et de la "
                                    "PCH obligatoire pour l'objectif n°3 (plafond 0,04 €/km), "
                                    "ici ou dans l'annexe 8 (pilotage.exercices, km_apa_pch)")
                elif montant > PLAFOND_KM * km:
                    constats.erreur(f"{chemin}.montant",
                                    f"montant de {euros(montant)} supérieur au plafond de "
                                    f"{euros(PLAFOND_KM * km)} ({euros(PLAFOND_KM)}/km × "
                                    f"{nombre(km)} km indemnisés au titre de l'APA et de la "
                                    "PCH, objectif n°3, annexe 6)")
            if numero == 5:
                total_5 += montant
                chemins_5.append(f"{chemin}.montant")
    if not chemins_5:
        return
    allocation = (data.get("dotation_complementaire") or {}).get("allocation_cnsa")
    if allocation is None:
        constats.erreur("dotation_complementaire.allocation_cnsa",
                        "montant alloué par la CNSA au Département obligatoire pour vérifier le "
                        "plafond de l'objectif n°5 (50 %)")
    elif total_5 > PART_MAX_OBJECTIF_5 * allocation:
        constats.erreur(chemins_5[-1] if len(chemins_5) == 1 else "objectifs",
                        f"financements de l'objectif n°5 de {euros(total_5)} supérieurs à 50 % "
                        f"du montant alloué par la CNSA au Département ({euros(allocation)}, "
                        f"plafond {euros(PART_MAX_OBJECTIF_5 * allocation)}, annexe 6)")


def regle_dotation_annexe_9(data: dict, constats: Constats) -> None:
    """One figure typed once: article 7.3 grants « un montant annuel » equal to the actions of
    objectives 1, 2, 3, 5 (annex 6); each year of annex 9 holds that amount (error naming
    both figures)."""
    annees = _annees(data)
    financier = data.get("elements_financiers")
    if not annees or not financier:
        return
    actions = [montant_action(o.get("numero"), a["financement"]) for o in data["objectifs"]
               if o.get("numero") is not None for a in o["actions"]]
    if not actions or any(m is None for m in actions):
        return
    total = sum(actions, Decimal(0))
    for i, ligne in enumerate(financier["annees"]):
        if ligne["annee"] in annees and ligne["dotation_complementaire"] != total:
            constats.erreur(f"elements_financiers.annees[{i}].dotation_complementaire",
                    f"dotation complémentaire {ligne['annee']} de "
                    f"{euros(ligne['dotation_complementaire'])} en annexe 9, mais montant "
                    f"annuel de {euros(total)} à l'article 7.3 (total des actions des objectifs "
                    "1, 2, 3 et 5, annexe 6) : un même montant ne se saisit qu'une fois")


def regle_indicateurs(data: dict, constats: Constats) -> None:
    """Annex 7: indicator values are given for contract years only."""
    annees = _annees(data)
    if not annees:
        return
    for i, objectif in enumerate(data["objectifs"]):
        for j, action in enumerate(objectif["actions"]):
            regles.valeurs_annuelles(action["indicateurs"],
                                     f"objectifs[{i}].actions[{j}].indicateurs", annees, constats)


def regle_diagnostic(data: dict, constats: Constats) -> None:
    """Annex 5: sundays + nights + weekdays = APA + PCH hours of year N-1 (warning)."""
    activite = data["diagnostic"]["activite"]
    apa = sum((activite["apa"][g]["heures"] for g in ("gir1", "gir2", "gir3", "gir4")),
              Decimal(0))
    apa_pch = apa + activite["pch"]["heures"]
    reparties = sum((activite[c]["heures"] for c in ("dimanches_feries", "nuits", "semaine")),
                    Decimal(0))
    if reparties != apa_pch:
        constats.avertissement("diagnostic.activite.semaine",
                f"dimanches et jours fériés + nuits + semaine = {nombre(reparties)} h, différent "
                f"des heures APA + PCH ({nombre(apa)} + {nombre(activite['pch']['heures'])} = "
                f"{nombre(apa_pch)} h)")


def regle_finances(data: dict, constats: Constats) -> None:
    """Annexes 8–10: the rules that need the contract years (schemas/ille_et_vilaine_finances)."""
    finances.regles_finances(data, constats)


REGLES_ILLE_ET_VILAINE = [
    regle_duree,
    regle_departement,
    regle_rna,
    regle_tarification_administree,
    regle_activite,
    regle_tarifs,
    regle_territoire,
    regle_objectifs,
    regle_bonifications,
    regle_dotation_annexe_9,
    regle_indicateurs,
    regle_diagnostic,
    regle_finances,
]

__all__ = [
    "DEPARTEMENT",
    "EPCI_SEED",
    "OBJECTIFS_PROPOSES",
    "PART_MAX_OBJECTIF_5",
    "PLAFOND_HORAIRE",
    "PLAFOND_KM",
    "REGLES_ILLE_ET_VILAINE",
    "SEUIL_HEURES",
    "ContratIlleEtVilaine",
    "heures_annee",
    "kilometres_action",
    "libelle_epci",
    "montant_action",
    "resoudre_commune",
    "resoudre_epci",
]
