"""Seine-et-Marne « CPOM-mandatement » (SEM, docs/sources.md, 2019–2022): contract, annexes 1–5.

Rules cite the model as « SEM §n » (its article numbers) and rules SEM1–SEM3 (docs/sources.md).
The compensation figures checked here come from ``generator.compute.seine_et_marne``, the
one place where the formulas are written.
"""

from __future__ import annotations

from decimal import Decimal

from marshmallow import validates_schema

from domaine import referentiel
from domaine.formules import seine_et_marne as formules
from schemas import regles
from schemas.base import (
    Base,
    Constats,
    Date,
    Dictionnaire,
    Entier,
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
from schemas.commun import STATUTS, Commune, Departement, Gestionnaire, Service
from schemas.identifiants import Rna, Siret
from schemas.regles import euros, nombre

DEPARTEMENT = formules.DEPARTEMENT
NOM_DEPARTEMENT = "Seine-et-Marne"


# --- parties -------------------------------------------------------------------------------

class DepartementSEM(Departement):
    class Meta(Departement.Meta):
        # Fields of the common block this contract never prints: refused, not ignored.
        exclude = ("date_deliberation_cpom", "schema_departemental", "date_arrete_tarifs",
                   "tarifs_reference")

    date_decision_signature = Date(required=True, metadata={
        "description": "Date de la délibération du Conseil départemental autorisant la "
                       "signature du CPOM", "exemple": "2019-02-01"})
    numero_deliberation = optionnel(Texte(metadata={
        "description": "N° de la délibération du Conseil départemental autorisant la signature "
                       "(sa date : date_decision_signature)", "exemple": "4/07"}))


class GestionnaireSEM(Gestionnaire):
    # SEM parties: « L'association/fédération X » — an association in law either way.
    statut = Texte(load_default="association", validate=choix(STATUTS), metadata={
        "description": "Statut juridique (association par défaut)", "exemple": "association"})
    nature = Texte(required=True, validate=choix(("association", "federation")), metadata={
        "description": "Co-signataire : association (seule) ou federation d'associations "
                       "locales (article 8)", "exemple": "federation"})


class AssociationFederee(Base):
    nom = Texte(required=True, metadata={"description": "Nom de l'association locale"})
    commune_siege = optionnel(Texte(metadata={"description": "Commune du siège"}))
    siret = optionnel(Siret(metadata={"description": "N° SIRET"}))
    rna = optionnel(Rna(metadata={"description": "N° RNA"}))
    communes = Liste(Objet(Commune), load_default=list, metadata={
        "description": "Communes où elle intervient (parmi celles de l'annexe 1)"})


# --- contract ------------------------------------------------------------------------------

class Seuils(Base):
    # SEM §7.3.2: « seuils des indicateurs de bonne gestion, déterminés par le Département »
    taux_heures_improductives_max = optionnel(Pourcentage(validate=bornes(0, 100), metadata={
        "description": "Seuil maximal du taux d'heures improductives (%)", "exemple": "18"}))
    taux_administratif_min = optionnel(Nombre(validate=bornes(0), metadata={
        "description": "Seuil minimal du taux administratif (heures réalisées par ETP "
                       "administratif)", "exemple": "11000"}))


class ContratSEM(Base):
    date_effet = Date(required=True, metadata={"description": "Début de la période du CPOM",
                                               "exemple": "2019-04-01"})
    date_fin = optionnel(Date(metadata={"description": "Fin de la période (ou bien duree_annees)",
                                        "exemple": "2022-12-31"}))
    duree_annees = optionnel(Entier(metadata={"description": "Durée en années (ou bien "
                                                             "date_fin)"}))
    lieu_signature = Texte(load_default="Melun", metadata={"description": "Lieu de signature"})
    date_signature = optionnel(Date(metadata={
        "description": "Date de signature (laissée en blanc si absente)"}))
    exemplaires = Entier(load_default=2, validate=bornes(1, 10), metadata={
        "description": "Nombre d'exemplaires originaux"})
    preambule = optionnel(Liste(Texte(), metadata={
        "description": "Préambule propre (paragraphes) ; à défaut, celui du modèle 2019"}))
    communes_annexe_1 = Texte(load_default="toutes", validate=choix(("toutes", "couvertes")),
                              metadata={"description": "Annexe 1 : toutes les communes du "
                                                       "département (cases à cocher) ou "
                                                       "seulement les communes couvertes"})
    penalite_osp = Montant(load_default=Decimal(1000), metadata={
        "description": "Pénalité par défaut d'OSP constaté (€, article 6)", "exemple": "1000"})
    penalite_sous_traitance = Montant(load_default=Decimal(1000), metadata={
        "description": "Pénalité par intervention sous-traitée non autorisée (€, article 10)",
        "exemple": "1000"})
    seuils = Objet(Seuils, load_default=lambda: Seuils().load({}), metadata={
        "description": "Seuils des indicateurs de bonne gestion (article 7.3.2)"})
    repartition_fonctions = optionnel(Texte(metadata={
        "description": "Répartition des fonctions entre la fédération et les associations "
                       "(article 8.1, fédérations)"}))


class Tarification(Base):
    tarif_reference = Montant(required=True, metadata={
        "description": "Tarif départemental de référence APA à la signature (€/h)",
        "exemple": "21.60"})  # SEM1
    tarif_plafond = Montant(load_default=Decimal(24), metadata={
        "description": "Tarif plafond par heure réalisée (€/h)", "exemple": "24"})  # SEM2
    differentiel_max = optionnel(Montant(metadata={
        "description": "Différentiel maximal par heure (€/h, annexe 2) ; par défaut tarif "
                       "plafond − tarif de référence (24 − 21,60 = 2,40 €)",
        "exemple": "2.40"}))  # SEM3


# --- annexe 2: synthèse financière ----------------------------------------------------------

class Ligne(Base):
    montant = Montant(required=True, metadata={"description": "Montant (€)"})
    detail = optionnel(Texte(metadata={
        "description": "Détails sur les objets et modalités de calcul"}))


def _ligne(description: str) -> Objet:
    return Objet(Ligne, required=True, metadata={"description": description})


class Volumetrie(Base):
    heures_realisees = Nombre(required=True, validate=bornes(0), metadata={
        "description": "Heures réalisées (APA, PCH, aide-ménagère)", "exemple": "60000"})
    etp_administratifs = Nombre(required=True, validate=bornes(0), metadata={
        "description": "ETP administratifs (direction comprise)", "exemple": "12.5"})
    heures_payees = Nombre(required=True, validate=bornes(0), metadata={
        "description": "Heures de travail payées aux intervenants", "exemple": "72000"})
    interventions_30_minutes = Entier(required=True, validate=bornes(0), metadata={
        "description": "Nombre d'interventions de 30 minutes"})


class Groupe1(Base):
    achats = _ligne("Achats")
    services_exterieurs = _ligne("Services extérieurs")
    autres_services_exterieurs = _ligne("Autres services extérieurs")
    osp_deplacements_eloignes = _ligne("OSP déplacements éloignés à déduire (indemnités km)")


class Groupe2(Base):
    remunerations_charges = _ligne("Rémunérations et charges")
    autres = _ligne("Autres")
    osp_majorations = _ligne("OSP majorations à déduire (dimanches et jours fériés)")


class Groupe3(Base):
    depenses_structure = _ligne("Dépenses de structure")
    autres_charges_gestion_courante = _ligne("Autres charges de gestion courante")
    charges_financieres = _ligne("Charges financières")
    autres_dont_amortissements = _ligne("Autres, dont dotations aux amortissements")


class Recettes(Base):
    ticket_moderateur = _ligne("Ticket modérateur (reste à charge de l'usager)")
    participations_forfaitaires = _ligne("Participations forfaitaires des usagers")
    subventions = _ligne("Subventions")
    autres_produits_groupe_2 = _ligne("Autres produits de groupe 2 (remb. IJ, crédit d'impôts…)")
    recuperation_tva = _ligne("Récupération de TVA")
    produits_financiers = _ligne("Produits financiers")
    produits_exceptionnels = _ligne("Produits exceptionnels")
    autres_produits_groupe_3 = _ligne("Autres produits de groupe 3 (reprises, transferts de "
                                      "charges)")


class SyntheseFinanciere(Base):
    exercice = Entier(required=True, validate=bornes(2000, 2100), metadata={
        "description": "Exercice du budget prévisionnel (une année du contrat)",
        "exemple": 2019})
    nom_service = optionnel(Texte(metadata={
        "description": "Nom du service d'aide à domicile (par défaut celui du service)"}))
    volumetrie = Objet(Volumetrie, required=True, metadata={"description": "Volumétrie"})
    groupe_1 = Objet(Groupe1, required=True, metadata={"description": "Groupe 1 : exploitation"})
    groupe_2 = Objet(Groupe2, required=True, metadata={"description": "Groupe 2 : personnel"})
    groupe_3 = Objet(Groupe3, required=True, metadata={"description": "Groupe 3 : structure"})
    recettes = Objet(Recettes, required=True, metadata={
        "description": "Recettes en atténuation (ticket modérateur compris)"})


# --- quality: article 7, annexes 3 and 4 --------------------------------------------------

class IndicateurSEM(Base):
    libelle = Texte(required=True, metadata={"description": "Indicateur de suivi"})
    valeur_n_2 = optionnel(Texte(metadata={"description": "Valeur N-2"}))
    valeur_n_1 = optionnel(Texte(metadata={"description": "Valeur N-1"}))
    cibles = Dictionnaire(keys=Entier(), values=Texte(), load_default=dict, metadata={
        "description": "Valeurs cibles par année du contrat (année : valeur)"})
    source = Texte(required=True, metadata={"description": "Source de l'indicateur",
                                            "exemple": "télégestion"})
    referent = Texte(required=True, metadata={"description": "Référent"})


class Qualite(Base):
    engagements = Liste(Objet(IndicateurSEM), required=True, validate=longueur(1), metadata={
        "description": "Engagements qualité à atteindre (article 7.3.1)"})
    statistiques = Liste(Objet(IndicateurSEM), required=True, validate=longueur(1), metadata={
        "description": "Données qualité à transmettre (statistiques, article 7.3.1)"})


class ActionSpecifique(Base):
    intitule = Texte(required=True, metadata={"description": "Intitulé de l'action"})
    objectif = Texte(required=True, metadata={"description": "Objectif poursuivi"})
    description = Texte(required=True, metadata={"description": "Description et modalités de "
                                                                "mise en œuvre"})
    public = optionnel(Texte(metadata={"description": "Public concerné"}))
    moyens = optionnel(Texte(metadata={"description": "Moyens mobilisés"}))
    calendrier = Texte(required=True, metadata={"description": "Calendrier de réalisation"})
    cout = optionnel(Montant(metadata={"description": "Coût estimé (€)"}))
    referent = optionnel(Texte(metadata={"description": "Référent de l'action"}))
    indicateurs = Liste(Objet(IndicateurSEM), load_default=list, metadata={
        "description": "Indicateurs de suivi (repris à l'annexe 4)"})


class ContratSeineEtMarne(Base):
    """A CPOM-mandatement of the Département de Seine-et-Marne."""

    modele = Texte(required=True, validate=choix(("seine-et-marne",)))
    departement = Objet(DepartementSEM, required=True, metadata={"libelle": "Département"})
    gestionnaire = Objet(GestionnaireSEM, required=True, metadata={
        "libelle": "Co-signataire", "description": "Le co-signataire (association ou fédération)"})
    associations_federees = Liste(Objet(AssociationFederee), load_default=list, metadata={
        "libelle": "Associations locales fédérées",
        "description": "Associations locales fédérées (fédération seulement, article 8)"})
    services = Liste(Objet(Service), required=True, validate=longueur(1), metadata={
        "libelle": "Services",
        "description": "Service(s) d'aide à domicile autorisé(s) et leurs communes (annexe 1)"})
    contrat = Objet(ContratSEM, required=True, metadata={"libelle": "Contrat"})
    tarification = Objet(Tarification, required=True, metadata={
        "libelle": "Principes tarifaires (article 9.1)", "description": "Article 9.1"})
    synthese_financiere = Objet(SyntheseFinanciere, required=True, metadata={
        "libelle": "Synthèse financière (annexe 2)",
        "description": "Annexe 2 : grille financière APA-PCH"})
    qualite = Objet(Qualite, required=True, metadata={
        "libelle": "Engagements qualité communs", "description": "Article 7.3.1, annexe 4"})
    engagements_volontaires = Liste(Objet(ActionSpecifique), load_default=list, metadata={
        "libelle": "Engagements qualité volontaires",
        "description": "Engagements qualité volontaires (article 7.3.2, annexe 3)"})

    @validates_schema(skip_on_field_errors=False)
    def regles_departementales(self, data: dict, **_: object) -> None:
        self.appliquer(REGLES_SEINE_ET_MARNE, data)


# --- rules -----------------------------------------------------------------------------------

def _annees(data: dict) -> list[int]:
    return regles.annees(data["contrat"])


def regle_duree(data: dict, constats: Constats) -> None:
    regles.periode(data["contrat"], constats)  # D1–D4, SEM §4: dates, not only years


def regle_departement(data: dict, constats: Constats) -> None:
    departement = data["departement"]
    if departement["code"] != DEPARTEMENT:
        constats.erreur("departement.code", f"le modèle seine-et-marne est celui du Département "
                                            f"de Seine-et-Marne (77), pas du {departement['code']}")
    if not departement.get("adresse"):  # SEM parties: « situé, Hôtel du Département, … »
        constats.erreur("departement.adresse", "adresse du Département obligatoire (désignation "
                                               "des parties)")


def regle_cosignataire(data: dict, constats: Constats) -> None:
    gestionnaire = data["gestionnaire"]
    if not gestionnaire.get("date_deliberation_signature"):  # SEM visas
        constats.erreur("gestionnaire.date_deliberation_signature",
                        "date de la délibération du conseil d'administration autorisant la "
                        "signature obligatoire (visas)")
    if (gestionnaire["statut"] == "association" and not gestionnaire.get("rna")
            and gestionnaire["adresse"]["code_postal"][:2] not in ("57", "67", "68")):
        constats.erreur("gestionnaire.rna", "n° RNA obligatoire pour une association")


def regle_services(data: dict, constats: Constats) -> None:
    for i, service in enumerate(data["services"]):
        if not (service.get("finess") or service.get("siret")):  # TRAME art. 1
            constats.erreur(f"services[{i}].finess",
                            "identifiant FINESS (ou n° SIRET) du service manquant")
        if not service["habilite_aide_sociale"]:  # SEM §1, §9.1: services habilités
            constats.erreur(f"services[{i}].habilite_aide_sociale",
                            "le CPOM-mandatement de Seine-et-Marne est conclu avec des services "
                            "habilités à l'aide sociale (article 9.1)")


def verifier_commune(commune: dict, chemin: str, constats: Constats) -> str | None:
    """Check one commune against the official list of Seine-et-Marne; its INSEE code or None."""
    nom = commune["nom"]
    code = commune.get("code_insee")
    if code:
        departement = referentiel.departement_de_commune(code)
        if departement != DEPARTEMENT:
            constats.erreur(f"{chemin}.code_insee", f"commune « {nom} » ({code}) hors de la "
                                                    f"{NOM_DEPARTEMENT} (article 5, annexe 1)")
            return None
        trouvee = referentiel.commune(code)
        if trouvee is None:
            constats.erreur(f"{chemin}.code_insee", f"code INSEE « {code} » inconnu en "
                                                    f"{NOM_DEPARTEMENT} (COG "
                                                    f"{referentiel.millesime()})")
            return None
        if referentiel.normaliser(trouvee.nom) != referentiel.normaliser(nom):
            constats.erreur(f"{chemin}.nom", f"le code INSEE {code} est celui de "
                                             f"« {trouvee.nom} », pas de « {nom} »")
            return None
    else:
        trouvee = referentiel.chercher_commune(nom, DEPARTEMENT, commune.get("code_postal"))
        if trouvee is None:
            constats.erreur(f"{chemin}.nom", _commune_inconnue(nom))
            return None
    cp = commune.get("code_postal")
    if cp and cp not in trouvee.codes_postaux:
        constats.erreur(f"{chemin}.code_postal", f"le code postal {cp} n'est pas celui de "
                                                 f"« {trouvee.nom} » "
                                                 f"({', '.join(trouvee.codes_postaux)})")
    return trouvee.code_insee


def _commune_inconnue(nom: str) -> str:
    cle = referentiel.normaliser(nom)
    homonymes = [c for c in referentiel.communes(DEPARTEMENT) if referentiel.normaliser(c.nom)
                 == cle]
    if len(homonymes) > 1:
        codes = ", ".join(f"{c.code_insee} ({', '.join(c.codes_postaux)})" for c in homonymes)
        return f"plusieurs communes « {nom} » en {NOM_DEPARTEMENT} : préciser le code INSEE " \
               f"ou le code postal ({codes})"
    for autre in referentiel.departements():
        if autre != DEPARTEMENT and referentiel.chercher_commune(nom, autre):
            return f"commune « {nom} » hors de la {NOM_DEPARTEMENT} (commune du département " \
                   f"{autre}) : le contrat ne couvre que des communes du département (article 5)"
    suggestions = referentiel.suggestions_commune(nom, DEPARTEMENT)
    conseil = f", vouliez-vous dire {' ou '.join(f'« {s} »' for s in suggestions)} ?" \
        if suggestions else ""
    return f"commune « {nom} » inconnue en {NOM_DEPARTEMENT} (COG " \
           f"{referentiel.millesime()}){conseil}"


def regle_communes(data: dict, constats: Constats) -> None:
    """SEM §5, annexe 1: communes of Seine-et-Marne, each once."""
    vues: dict[str, str] = {}
    for i, service in enumerate(data["services"]):
        for j, commune in enumerate(service["communes"]):
            chemin = f"services[{i}].communes[{j}]"
            code = verifier_commune(commune, chemin, constats)
            if code in vues:
                constats.erreur(chemin, f"commune « {commune['nom']} » déjà citée ({vues[code]})")
            elif code:
                vues[code] = chemin


def regle_federation(data: dict, constats: Constats) -> None:
    """SEM §8 (and OSP 10): only a federation has federated local associations."""
    associations = data["associations_federees"]
    if data["gestionnaire"]["nature"] == "association":
        if associations:
            constats.erreur("associations_federees", "sans objet pour une association seule : "
                                                     "l'article 8 ne concerne qu'une fédération "
                                                     "(nature : federation)")
        if data["contrat"].get("repartition_fonctions"):
            constats.erreur("contrat.repartition_fonctions",
                            "sans objet pour une association seule : la répartition des "
                            "fonctions (article 8.1) ne concerne qu'une fédération")
        return
    if not associations:
        constats.erreur("associations_federees", "une fédération co-signataire liste ses "
                                                 "associations locales fédérées (article 8)")
        return
    couvertes = set(formules.communes_couvertes(data["services"]))
    for i, association in enumerate(associations):
        for j, commune in enumerate(association["communes"]):
            chemin = f"associations_federees[{i}].communes[{j}]"
            code = verifier_commune(commune, chemin, constats)
            if code and code not in couvertes:
                constats.erreur(chemin, f"commune « {commune['nom']} » absente des communes des "
                                        "services (annexe 1)")


def regle_tarification(data: dict, constats: Constats) -> None:
    tarification = data["tarification"]
    reference, plafond = tarification["tarif_reference"], tarification["tarif_plafond"]
    if reference > plafond:
        constats.erreur("tarification.tarif_reference",
                        f"tarif de référence de {euros(reference)} supérieur au tarif plafond "
                        f"de {euros(plafond)} (article 9.1)")
    maximum = tarification.get("differentiel_max")
    if maximum is not None and reference <= plafond and maximum > plafond - reference:
        # SEM3: « Différentiel (Max 2,40 €) » = 24 € − 21,60 €
        constats.erreur("tarification.differentiel_max",
                        f"différentiel maximal de {euros(maximum)} supérieur à l'écart entre le "
                        f"tarif plafond ({euros(plafond)}) et le tarif de référence "
                        f"({euros(reference)}), soit {euros(plafond - reference)}")
    if annees := _annees(data):  # rule 13: L.314-2-1 I 1°; D.314-130-1
        regles.sous_tarif_minimal(reference, annees[0], "tarification.tarif_reference",
                                  constats)


def regle_grille(data: dict, constats: Constats) -> None:
    """Annexe 2 consistency: hours, OSP deductions, revenue below expenses, exercise year."""
    grille = data["synthese_financiere"]
    base = "synthese_financiere"
    volume = grille["volumetrie"]
    if not volume["heures_realisees"]:
        constats.erreur(f"{base}.volumetrie.heures_realisees",
                        "aucune heure réalisée : le prix de revient horaire ne peut pas être "
                        "calculé (annexe 2)")
    if volume["heures_payees"] and volume["heures_payees"] < volume["heures_realisees"]:
        constats.erreur(f"{base}.volumetrie.heures_payees",
                        f"{nombre(volume['heures_payees'])} heures payées pour "
                        f"{nombre(volume['heures_realisees'])} heures réalisées : le taux "
                        "d'heures improductives (1 − réalisées / payées) serait négatif")
    t = formules.totaux_groupes(grille)
    for groupe, cle, osp in (("groupe_1", "g1", "osp_deplacements_eloignes"),
                             ("groupe_2", "g2", "osp_majorations")):
        if t[cle] < 0:
            brut = t[cle] + grille[groupe][osp]["montant"]
            constats.erreur(f"{base}.{groupe}.{osp}.montant",
                            f"OSP à déduire de {euros(grille[groupe][osp]['montant'])} "
                            f"supérieures aux charges du groupe ({euros(brut)})")
    d = t["g1"] + t["g2"] + t["g3"]
    if t["r"] > d:
        constats.erreur(f"{base}.recettes", f"recettes en atténuation (R) de {euros(t['r'])} "
                                            f"supérieures aux dépenses totales (D) de "
                                            f"{euros(d)} : compensation négative")
    annees = _annees(data)
    if annees and grille["exercice"] not in annees:
        constats.erreur(f"{base}.exercice", f"l'exercice {grille['exercice']} n'est pas une "
                                            f"année du contrat ({annees[0]}–{annees[-1]})")


def regle_plafonds(data: dict, constats: Constats) -> None:
    """SEM2, SEM3: coût de revient total ≤ 24 €, différentiel ≤ 2,40 € (as printed, to the
    cent); SEM §6: one OSP penalty within the forecast OSP total."""
    tarification = data["tarification"]
    s = formules.synthese(data["synthese_financiere"], tarification)
    if s["heures"] and s["d"] >= s["r"]:
        cout, plafond = s["cout_de_revient_total"], tarification["tarif_plafond"]
        if formules.au_centime(cout) > plafond:
            constats.erreur("synthese_financiere",
                            f"coût de revient total de {euros(cout)} par heure (Ct "
                            f"{euros(s['ct'])} / {nombre(s['heures'])} heures réalisées) "
                            f"supérieur au plafond de {euros(plafond)} (article 9.1, annexe 2)")
        maximum = formules.differentiel_max(tarification)
        if formules.au_centime(s["differentiel"]) > maximum:
            constats.erreur("synthese_financiere",
                            f"différentiel de {euros(s['differentiel'])} par heure (prix de "
                            f"revient horaire net {euros(s['prix_de_revient'])} − tarif de "
                            f"référence {euros(tarification['tarif_reference'])}) supérieur au "
                            f"maximum de {euros(maximum)} (annexe 2)")
        if s["surcompensation"] > 0:  # §9.2.1: no surcompensation
            constats.avertissement("synthese_financiere",
                    f"prix de revient horaire net de {euros(s['prix_de_revient'])} inférieur au "
                    f"tarif de référence de {euros(tarification['tarif_reference'])} : les "
                    f"factures au tarif de référence dépassent la compensation de "
                    f"{euros(s['surcompensation'])} (surcompensation à régulariser au rapport "
                    "de juste compensation)")
    penalite = data["contrat"]["penalite_osp"]
    if penalite > s["osp"]:
        constats.erreur("contrat.penalite_osp",
                        f"pénalité de {euros(penalite)} par défaut d'OSP supérieure au plafond "
                        f"des pénalités, le montant total prévisionnel des OSP "
                        f"({euros(s['osp'])}, annexe 2) (article 6)")


def regle_seuils(data: dict, constats: Constats) -> None:
    """SEM §7.3.2, §9.3.1: a grid beyond the good-management thresholds means a réfaction."""
    seuils = data["contrat"].get("seuils") or {}
    s = formules.synthese(data["synthese_financiere"], data["tarification"])
    improductif, maximum = s["taux_heures_improductives"], seuils.get(
        "taux_heures_improductives_max")
    if improductif is not None and maximum is not None and improductif * 100 > maximum:
        constats.avertissement("synthese_financiere.volumetrie.heures_payees",
                f"taux d'heures improductives de {nombre(improductif * 100)} % au-delà du seuil "
                f"de {nombre(maximum)} % (article 7.3.2) : réfaction possible")
    administratif, minimum = s["taux_administratif"], seuils.get("taux_administratif_min")
    if administratif is not None and minimum is not None and administratif < minimum:
        constats.avertissement("synthese_financiere.volumetrie.etp_administratifs",
                f"taux administratif de {nombre(administratif)} heures par ETP en deçà du seuil "
                f"de {nombre(minimum)} (article 7.3.2) : réfaction possible")


def regle_indicateurs(data: dict, constats: Constats) -> None:
    """Annexe 4: target values for contract years only."""
    annees = _annees(data)
    if not annees:
        return
    listes = [(f"qualite.{cle}", data["qualite"][cle]) for cle in ("engagements", "statistiques")]
    listes += [(f"engagements_volontaires[{i}].indicateurs", a["indicateurs"])
               for i, a in enumerate(data["engagements_volontaires"])]
    for chemin, indicateurs in listes:
        for i, indicateur in enumerate(indicateurs):
            for annee in indicateur["cibles"]:
                if annee not in annees:
                    constats.erreur(f"{chemin}[{i}].cibles.{annee}",
                                    f"l'année {annee} n'est pas une année du contrat "
                                    f"({annees[0]}–{annees[-1]})")


REGLES_SEINE_ET_MARNE = [
    regle_duree,
    regle_departement,
    regle_cosignataire,
    regle_services,
    regle_communes,
    regle_federation,
    regle_tarification,
    regle_grille,
    regle_plafonds,
    regle_seuils,
    regle_indicateurs,
]

__all__ = ["REGLES_SEINE_ET_MARNE", "ContratSeineEtMarne"]
