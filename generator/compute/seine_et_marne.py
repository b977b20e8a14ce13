"""Computations of the Seine-et-Marne CPOM-mandatement (seed 004, domain-rules §2.2).

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

import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.compute import commun
from schemas import referentiel

ZERO = Decimal(0)
CENT = Decimal("0.01")
PART_ACOMPTE = Decimal("0.80")  # SEM §9.3.3: 80 % by dotation, 20 % after the dialogue
COLONNES_ANNEXE_1 = 4
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


def designation(gestionnaire: dict[str, Any]) -> str:
    """« L’association Aide à domicile du Provinois », « La Fédération ADMR … »."""
    raison = gestionnaire["raison_sociale"]
    nature = gestionnaire["nature"]
    if raison.lower().startswith(("association", "fédération", "federation")):
        return f"{'L’' if raison[0] in 'Aa' else 'La '}{raison}"
    return f"L’association {raison}" if nature == "association" else f"La fédération {raison}"


def numeros_articles(federation: bool) -> dict[str, int]:
    """Article numbers from 9 on: as in the seed for a federation, one less otherwise."""
    depart = 9 if federation else 8
    return {nom: depart + i for i, nom in enumerate(ARTICLES_APRES_8)}


# --- annexe 2: synthèse financière ---------------------------------------------------------

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


def _au_centime(valeur: Decimal) -> Decimal:
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
    prix = commun.ratio(c + participations, heures)
    paye = commun.ratio(heures, volume["heures_payees"])
    differentiel = None if prix is None else max(prix - reference, ZERO)
    # différentiel × H written without the rounded hourly figure: C + P − H × référence
    paiement_differentiel = max(c + participations - heures * reference, ZERO)
    factures = heures * reference - participations
    dotation_osp = osp + paiement_differentiel
    acompte = _au_centime(dotation_osp * PART_ACOMPTE)
    prix_retenu = None if prix is None else min(prix, plafond)
    total_versements = factures + dotation_osp
    return {
        **t,
        "d": d,
        "c": c,
        "osp": osp,
        "ct": ct,
        "parts": {cle: commun.ratio(montant, d) for cle, montant in
                  (("g1", t["g1"]), ("g2", t["g2"]), ("g3", t["g3"]), ("d", d), ("r", t["r"]),
                   ("c", c))},
        "heures": heures,
        "prix_de_revient": prix,
        "osp_par_heure": commun.ratio(osp, heures),
        "taux_heures_improductives": None if paye is None else 1 - paye,
        "taux_administratif": commun.ratio(heures, volume["etp_administratifs"]),
        "cout_de_revient_total": commun.ratio(ct, heures),
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


# --- annexe 1: communes -------------------------------------------------------------------

def cle_tri(nom: str) -> str:
    """Alphabetical order of French names: accents and case ignored."""
    decompose = unicodedata.normalize("NFD", nom)
    return "".join(c for c in decompose if not unicodedata.combining(c)).lower()


def grille_communes(departement: str, couvertes: set[str], toutes: bool,
                    colonnes: int = COLONNES_ANNEXE_1) -> list[list[dict[str, Any]]]:
    """Annexe 1: communes in alphabetical order, ``colonnes`` per row, read across then down
    (a row never depends on where Word breaks the pages).

    ``toutes``: every commune of the département (■ covered, □ not), as the seed's checklist;
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
