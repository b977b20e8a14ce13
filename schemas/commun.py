"""Blocks shared by every variant: parties, services, contract dates, objectives.

Field names are the contract's own French vocabulary. Sources of the rules are given in
short comments (CASF articles, DGCS model « TRAME », guide « GUIDE »).
"""

from __future__ import annotations

from marshmallow import fields

from schemas.base import (
    Base,
    Booleen,
    Courriel,
    Date,
    Dictionnaire,
    Entier,
    JourMois,
    Liste,
    Montant,
    Objet,
    Texte,
    bornes,
    choix,
    longueur,
    optionnel,
)
from schemas.identifiants import CodeDepartement, CodeInsee, CodePostal, Finess, Rna, Siren, Siret


def requis(champ: fields.Field) -> fields.Field:
    champ.required = True
    return champ


class Personne(Base):
    civilite = Texte(required=True, validate=choix(["M.", "Mme"]),
                     metadata={"description": "Civilité : « M. » ou « Mme »", "exemple": "Mme"})
    prenom = Texte(required=True, metadata={"description": "Prénom", "exemple": "Claire"})
    nom = Texte(required=True, metadata={"description": "Nom", "exemple": "MARTIN"})
    qualite = optionnel(Texte(metadata={
        "description": "Qualité (si différente de celle déduite du statut)",
        "exemple": "présidente du conseil d'administration"}))


class Adresse(Base):
    voie = Texte(required=True, metadata={"description": "Numéro et voie",
                                          "exemple": "12 rue des Lilas"})
    complement = optionnel(Texte(metadata={"description": "Complément d'adresse"}))
    code_postal = CodePostal(required=True, metadata={"description": "Code postal",
                                                      "exemple": "72000"})
    commune = Texte(required=True, metadata={"description": "Commune", "exemple": "Le Mans"})


class Contact(Base):
    courriel = optionnel(Courriel(metadata={"description": "Adresse électronique"}))
    telephone = optionnel(Texte(metadata={"description": "Téléphone", "exemple": "02 43 00 00 00"}))


class TarifReference(Base):
    """Departmental reference tariff of one year (TRAME art. 3-1, non habilités)."""

    annee = Entier(required=True, validate=bornes(2000, 2100),
                   metadata={"description": "Année d'application", "exemple": 2025})
    apa = Montant(required=True, metadata={"description": "Tarif horaire APA (€)",
                                           "exemple": "25.00"})
    pch = Montant(required=True, metadata={"description": "Tarif horaire PCH (€)",
                                           "exemple": "25.00"})


class Departement(Base):
    nom = Texte(required=True, metadata={"description": "Nom du département", "exemple": "Sarthe"})
    code = CodeDepartement(required=True, metadata={"description": "Code du département",
                                                    "exemple": "72"})
    complement_nom = optionnel(Texte(metadata={
        "description": "Nom précédé de sa préposition, tel qu'il suit « Département » "
                       "(par défaut « de » + nom)", "exemple": "de la Sarthe"}))
    adresse = optionnel(Objet(Adresse, metadata={
        "description": "Adresse de l'hôtel du Département"}))
    president = Objet(Personne, required=True,
                      metadata={"description": "Président(e) du Conseil départemental"})
    date_decision_signature = Date(required=True, metadata={
        "description": "Date de la décision de la commission permanente habilitant à signer",
        "exemple": "2025-11-17"})
    date_deliberation_cpom = optionnel(Date(metadata={
        "description": "Date de la délibération du Conseil départemental approuvant le CPOM"}))
    schema_departemental = optionnel(Texte(metadata={
        "description": "Intitulé du schéma départemental en vigueur",
        "phrase": "Vu le", "exemple": "schéma départemental de l'autonomie 2023-2027"}))
    date_arrete_tarifs = optionnel(Date(metadata={
        "description": "Date de l'arrêté départemental fixant les tarifs de référence APA/PCH"}))
    tarifs_reference = optionnel(Liste(Objet(TarifReference), metadata={
        "libelle": "Tarifs de référence",
        "description": "Tarifs départementaux de référence APA/PCH, par année"}))
    logo = optionnel(Texte(metadata={
        "description": "Image du logo (PNG/JPEG), chemin relatif au fichier de données",
        "image": True}))


STATUTS = ("association", "etablissement_public", "societe")


class Gestionnaire(Base):
    raison_sociale = Texte(required=True, metadata={"description": "Raison sociale",
                                                    "exemple": "Association Aide & Vie"})
    statut = Texte(required=True, validate=choix(STATUTS), metadata={
        "description": "Statut : association, etablissement_public ou societe",
        "exemple": "association"})
    forme_juridique = optionnel(Texte(metadata={"description": "Forme juridique",
                                                "exemple": "association loi 1901"}))
    siren = optionnel(Siren(metadata={"description": "N° SIREN", "exemple": "732829320"}))
    siret = optionnel(Siret(metadata={"description": "N° SIRET du siège",
                                      "exemple": "73282932000074"}))
    rna = optionnel(Rna(metadata={"description": "N° RNA (associations, hors Alsace-Moselle)",
                                  "exemple": "W723001234"}))
    representant_legal = Objet(Personne, required=True,
                               metadata={"description": "Représentant(e) légal(e)"})
    adresse = Objet(Adresse, required=True, metadata={"description": "Adresse du siège"})
    contact = optionnel(Objet(Contact, metadata={"description": "Courriel et téléphone"}))
    date_deliberation_signature = optionnel(Date(metadata={
        "description": "Date de la délibération du conseil d'administration autorisant "
                       "la signature"}))
    description = optionnel(Texte(metadata={
        "description": "Descriptif de l'organisme gestionnaire (diagnostic)"}))
    logo = optionnel(Texte(metadata={
        "description": "Image du logo (PNG/JPEG), chemin relatif au fichier de données",
        "image": True}))


class Commune(Base):
    nom = Texte(required=True, metadata={"description": "Nom de la commune", "exemple": "Le Mans"})
    code_insee = optionnel(CodeInsee(metadata={"description": "Code officiel géographique",
                                               "exemple": "72181"}))
    code_postal = optionnel(CodePostal(metadata={"description": "Code postal",
                                                 "exemple": "72000"}))


class Autorisation(Base):
    date = Date(required=True, metadata={"description": "Date de l'arrêté d'autorisation"})
    reference = optionnel(Texte(metadata={"description": "Référence de l'arrêté",
                                          "exemple": "arrêté n° 2017-0412"}))
    agrement = Booleen(load_default=False, metadata={
        "description": "Agrément valant autorisation (oui/non)"})


class Service(Base):
    nom = Texte(required=True, metadata={"description": "Nom du service",
                                         "exemple": "SAD Aide & Vie Le Mans"})
    raison_sociale = optionnel(Texte(metadata={
        "description": "Raison sociale (par défaut celle du gestionnaire)"}))
    finess = optionnel(Finess(metadata={"description": "N° FINESS de l'établissement",
                                        "exemple": "720012345"}))
    siret = optionnel(Siret(metadata={"description": "N° SIRET du service"}))
    autorisation = Objet(Autorisation, required=True,
                         metadata={"description": "Arrêté d'autorisation"})
    habilite_aide_sociale = Booleen(required=True, metadata={
        "description": "Habilitation à l'aide sociale (oui/non)", "exemple": "oui"})
    communes = Liste(Objet(Commune), required=True, validate=longueur(1), metadata={
        "description": "Communes de la zone d'intervention autorisée"})
    date_derniere_evaluation = optionnel(Date(metadata={
        "description": "Date de la dernière évaluation ou certification"}))
    nature_derniere_evaluation = optionnel(Texte(metadata={
        "description": "Nature de cette évaluation", "exemple": "évaluation externe"}))
    autres_activites = optionnel(Texte(metadata={
        "description": "Autres activités (hors prestataire APA/PCH/aide sociale)"}))


class Prorogation(Base):
    """The two prorogation clauses of the models, each with its own periods, the seed's
    by default (rule D5): the article on revision and prorogation (TRAME art. 6: 12 mois /
    2 mois; IV art. 12: 6 mois / 2 mois) and the article on duration (TRAME art. 10, IV
    art. 16: 6 mois / 1 mois)."""

    preavis_mois = Entier(load_default=6, validate=bornes(1, 12), metadata={
        "description": "Article sur la durée du contrat : délai de notification d'une demande "
                       "de prorogation avant l'échéance (mois)", "exemple": 6})
    delai_reponse_mois = Entier(load_default=1, validate=bornes(1, 3), metadata={
        "description": "Article sur la durée du contrat : délai de réponse de l'autre partie "
                       "(mois)", "exemple": 1})
    preavis_revision_mois = Entier(load_default=12, validate=bornes(1, 12), metadata={
        "description": "Article sur la révision et la prorogation : délai de notification "
                       "d'une demande de prorogation avant l'échéance (mois)", "exemple": 12})
    delai_reponse_revision_mois = Entier(load_default=2, validate=bornes(1, 3), metadata={
        "description": "Article sur la révision et la prorogation : délai de réponse de "
                       "l'autre partie (mois)", "exemple": 2})
    duree_totale_max_annees = Entier(load_default=6, validate=bornes(1, 6), metadata={
        "description": "Durée totale maximale, prorogation comprise (L.313-11 CASF : 6 ans)",
        "exemple": 6})


class ProrogationIlleEtVilaine(Prorogation):
    """IV art. 12 gives 6 mois / 2 mois (art. 16: 6 mois / 1 mois)."""

    preavis_revision_mois = Entier(load_default=6, validate=bornes(1, 12), metadata={
        "description": "Article 12 : délai de notification d'une demande de prorogation avant "
                       "l'échéance (mois)", "exemple": 6})


class Indicateur(Base):
    libelle = Texte(required=True, metadata={"description": "Libellé de l'indicateur"})
    unite = optionnel(Texte(metadata={"description": "Unité ou formule", "exemple": "%"}))
    situation_initiale = optionnel(Texte(metadata={
        "description": "Situation initiale (année précédant le contrat)"}))
    cible = optionnel(Texte(metadata={"description": "Cible en fin de contrat"}))
    valeurs = Dictionnaire(keys=Entier(), values=Texte(), load_default=dict, metadata={
        "description": "Valeur attendue par année du contrat (année : valeur)"})


class Action(Base):
    intitule = Texte(required=True, metadata={"description": "Intitulé de l'action"})
    modalites = optionnel(Texte(metadata={"description": "Modalités de mise en œuvre"}))
    delai = optionnel(Texte(metadata={
        "description": "Délai de réalisation (dont échéances intermédiaires)"}))
    indicateurs = Liste(Objet(Indicateur), load_default=list, metadata={
        "libelle": "Indicateurs actions",
        "description": "Indicateurs de suivi de l'action"})
    indicateurs_resultat = Liste(Objet(Indicateur), load_default=list, metadata={
        "libelle": "Résultats actions",
        "description": "Indicateurs de résultat de l'action"})
    cout = optionnel(Montant(metadata={"description": "Coût de l'action (€)"}))
    valorisation = optionnel(Texte(metadata={
        "description": "Modalités de valorisation par le Département (montant, versement, "
                       "régularisation)"}))


class ObjectifOperationnel(Base):
    intitule = Texte(required=True, metadata={"description": "Objectif opérationnel"})
    indicateurs = Liste(Objet(Indicateur), load_default=list, metadata={
        "libelle": "Indicateurs objectifs",
        "description": "Indicateurs de suivi de l'objectif opérationnel"})
    actions = Liste(Objet(Action), load_default=list, metadata={"description": "Actions"})


class ObjectifStrategique(Base):
    intitule = Texte(required=True, metadata={"description": "Objectif stratégique"})
    operationnels = Liste(Objet(ObjectifOperationnel), required=True, validate=longueur(1),
                          metadata={"description": "Objectifs opérationnels"})


# L.314-2-2 CASF, numbered as in the law (rule 7, docs/sources.md).
OBJECTIFS_L314_2_2 = {
    1: "Accompagner des personnes dont le profil de prise en charge présente des spécificités",
    2: "Intervenir sur une amplitude horaire incluant les soirs, les week-ends et les jours "
       "fériés",
    3: "Contribuer à la couverture des besoins de l’ensemble du territoire",
    4: "Apporter un soutien aux aidants des personnes accompagnées",
    5: "Améliorer la qualité de vie au travail des intervenants",
    6: "Lutter contre l'isolement des personnes accompagnées",
}


class ObjectifDotation(Base):
    numero = Entier(required=True, validate=choix(tuple(OBJECTIFS_L314_2_2)), metadata={
        "description": "Numéro de l'objectif à l'article L.314-2-2 CASF (1 à 6)", "exemple": 2})
    precision = optionnel(Texte(metadata={"description": "Précision locale de l'objectif"}))
    operationnels = Liste(Objet(ObjectifOperationnel), required=True, validate=longueur(1),
                          metadata={"libelle": "Opérationnels dotation",
                                    "description": "Objectifs opérationnels"})


class MontantAnnuel(Base):
    annee = Entier(required=True, validate=bornes(2000, 2100), metadata={"description": "Année"})
    montant = Montant(required=True, metadata={"description": "Montant (€)"})


__all__ = [
    "OBJECTIFS_L314_2_2",
    "STATUTS",
    "Action",
    "Adresse",
    "Autorisation",
    "Commune",
    "Contact",
    "Departement",
    "Gestionnaire",
    "Indicateur",
    "JourMois",
    "MontantAnnuel",
    "ObjectifDotation",
    "ObjectifOperationnel",
    "ObjectifStrategique",
    "Personne",
    "Prorogation",
    "ProrogationIlleEtVilaine",
    "Service",
    "TarifReference",
    "requis",
]
