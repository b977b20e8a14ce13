"""Legal rules shared by the variants (rules D1–D5, T1, DL1–DL2 of docs/sources.md),
applied by the root schemas.

Each rule reads loaded data and reports to a ``Constats`` collector: errors and warnings,
each with its field path and a French message naming the figure and the article.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domaine import formats
from domaine.calendrier import annees_du_contrat, date_fin, duree_en_mois
from domaine.tarifs import tarif_minimal as tarif_minimal_de
from schemas.base import Constats


def _espaces(texte: str) -> str:
    return texte.replace("\u202f", " ").replace("\u00a0", " ")


def euros(valeur: Decimal) -> str:
    """« 1 234,50 € » for messages (plain spaces: terminals and spreadsheets)."""
    return _espaces(formats.montant(valeur))


def nombre(valeur: Decimal | int) -> str:
    """« 30 000 », « 0,5 », « 12 500 » for messages: the decimals the value has (two at most)."""
    arrondie = formats.arrondi(valeur, 2).normalize()
    return _espaces(formats.nombre(arrondie, max(0, -arrondie.as_tuple().exponent)))


def pourcent_signe(valeur: Decimal) -> str:
    """« +12,50 % », « -3,00 % » for messages: a signed fraction as a percentage."""
    return ("+" if valeur > 0 else "") + _espaces(formats.pourcentage(valeur, 2))


def periode(contrat: dict, constats: Constats, chemin: str = "contrat") -> tuple[date, date] | None:
    """Duration rules D1–D4 (L.313-11 CASF; GUIDE §3). Returns (start, end) when usable."""
    debut, duree, fin = contrat["date_effet"], contrat.get("duree_annees"), contrat.get("date_fin")
    if (duree is None) == (fin is None):
        constats.erreur(f"{chemin}.duree_annees",
                        "indiquer soit la durée en années (duree_annees), soit la date de fin "
                        "(date_fin), l'une des deux exactement")
        return None
    if duree is not None and not 1 <= duree <= 10:
        constats.erreur(f"{chemin}.duree_annees",
                        f"durée de {duree} an{'s' * (duree > 1)} impossible")
        return None
    fin = date_fin(debut, duree, fin)
    if fin <= debut:
        constats.erreur(f"{chemin}.date_fin", "la date de fin précède la date d'effet")
        return None
    mois = duree_en_mois(debut, fin)
    champ = f"{chemin}.duree_annees" if duree is not None else f"{chemin}.date_fin"
    libelle = f"{duree} an{'s' * (duree > 1)}" if duree is not None else f"{mois:.0f} mois"
    if mois > 60.01:  # L.313-11 CASF: « durée maximale de cinq ans »
        constats.erreur(champ, f"durée de {libelle} : un CPOM est conclu pour cinq ans au plus "
                               "(article L.313-11 du CASF)")
        return debut, fin
    if mois < 23.99:  # GUIDE §3: « au moins de deux ans »
        constats.erreur(champ, f"durée de {libelle} : un CPOM est conclu pour deux ans au "
                               "moins (guide DGCS de la contractualisation, §3)")
    elif mois < 35.99:  # GUIDE §3: trois ans recommandés
        constats.avertissement(champ, f"durée de {libelle} : le guide DGCS (§3) recommande une "
                                      "durée d'au moins trois ans")
    prorogation = contrat.get("prorogation") or {}
    total = prorogation.get("duree_totale_max_annees", 6)
    if total * 12 < mois - 0.01:
        constats.erreur(f"{chemin}.prorogation.duree_totale_max_annees",
                        f"durée totale maximale de {total} ans inférieure à la durée du contrat")
    for suffixe in ("", "_revision"):
        reponse = prorogation.get(f"delai_reponse{suffixe}_mois")
        preavis = prorogation.get(f"preavis{suffixe}_mois")
        if reponse is not None and preavis is not None and reponse >= preavis:
            constats.erreur(f"{chemin}.prorogation.delai_reponse{suffixe}_mois",
                            f"délai de réponse de {reponse} mois : il doit être plus court que "
                            f"le préavis de prorogation ({preavis} mois, "
                            f"prorogation.preavis{suffixe}_mois)")
    return debut, fin


def valeurs_annuelles(indicateurs: list[dict], chemin: str, annees: list[int],
                      constats: Constats) -> None:
    """Every yearly value of an indicator belongs to a contract year."""
    for i, indicateur in enumerate(indicateurs):
        for annee in indicateur.get("valeurs") or {}:
            if annee not in annees:
                constats.erreur(f"{chemin}[{i}].valeurs.{annee}",
                                f"l'année {annee} n'est pas une année du contrat "
                                f"({annees[0]}–{annees[-1]})")


def montants_annuels(lignes: list[dict], chemin: str, annees: list[int],
                     constats: Constats) -> None:
    """Yearly amounts: contract years only, each year once."""
    vues: set[int] = set()
    for i, ligne in enumerate(lignes):
        if ligne["annee"] not in annees:
            constats.erreur(f"{chemin}[{i}].annee", f"l'année {ligne['annee']} n'est pas une "
                                                    f"année du contrat ({annees[0]}–{annees[-1]})")
        if ligne["annee"] in vues:
            constats.erreur(f"{chemin}[{i}].annee", f"l'année {ligne['annee']} figure deux fois")
        vues.add(ligne["annee"])


def tarif_minimal(tarifs: list[dict], chemin: str, constats: Constats,
                  aides: tuple[str, ...] = ("apa", "pch")) -> None:
    """T1: each year's tariff valuing APA/PCH hours ≥ the national floor of that year
    (L.314-2-1 I 1°; D.314-130-1): an error for a year whose amount is confirmed, a warning
    for a year still to confirm. ``tarifs``: {annee, <aide>: montant} rows."""
    for i, tarif in enumerate(tarifs):
        for aide in aides:
            sous_tarif_minimal(tarif.get(aide), tarif["annee"], f"{chemin}[{i}].{aide}",
                               constats)


def sous_tarif_minimal(valeur: Decimal | None, annee: int, champ: str,
                       constats: Constats) -> None:
    """T1 for one tariff of one year (see ``tarif_minimal``)."""
    # A later year than the table knows is held to the last known floor (it only rises).
    plancher = tarif_minimal_de(annee)
    if valeur is None or plancher is None or valeur >= plancher["montant"]:
        return
    de = "" if plancher["annee"] == annee else f" (montant de {plancher['annee']}, dernier connu)"
    message = (f"tarif de {euros(valeur)} en {annee} inférieur au tarif minimal national de "
               f"{euros(plancher['montant'])}{de} (article L.314-2-1 I 1° et article "
               f"D.314-130-1 du CASF ; {plancher['source']})")
    if plancher["verifie"]:
        constats.erreur(champ, message)
    else:
        constats.avertissement(champ, message + f" : montant {plancher['annee']} non encore "
                                                "confirmé au Journal officiel, à vérifier")


def echeance_documents(jour_mois: tuple[int, int] | None, chemin: str, constats: Constats,
                       documents: bool = True, compte_administratif: bool = False) -> None:
    """DL1/DL2: documents of year N before 30 April N+1 (``documents``), and in any case
    before 30 June N+1, when the Département reports to the CNSA. With
    ``compte_administratif`` (habilité services), 30 April N+1 is the law (R.314-49 II)."""
    if jour_mois is None:
        return
    jour, mois = jour_mois
    if (mois, jour) > (6, 30):
        constats.erreur(chemin, f"échéance du {jour}/{mois:02d} postérieure au 30 juin N+1, date "
                                "de transmission des données à la CNSA (TRAME art. 4)")
    elif compte_administratif and (mois, jour) > (4, 30):
        constats.erreur(chemin, f"échéance du {jour}/{mois:02d} : le compte administratif d'un "
                                "service habilité est transmis avant le 30 avril N+1 (article "
                                "R.314-49 II du CASF)")
    elif documents and (mois, jour) > (4, 30):
        constats.avertissement(chemin, f"échéance du {jour}/{mois:02d} : le guide DGCS (§5-1-3) "
                                       "prévoit la transmission des documents avant le 30 avril "
                                       "N+1")


def objectifs_dotation(objectifs: list[dict], chemin: str, constats: Constats) -> None:
    """Rule 7: dotation ⇒ ≥ 1 L.314-2-2 objective, each with actions, indicators, calendar."""
    if not objectifs:
        constats.erreur(chemin, "la dotation complémentaire exige au moins un objectif de "
                                "l'article L.314-2-2 du CASF (TRAME art. 2-2)")
        return
    vus: set[int] = set()
    for i, objectif in enumerate(objectifs):
        if objectif["numero"] in vus:
            constats.erreur(f"{chemin}[{i}].numero",
                            f"l'objectif n°{objectif['numero']} figure deux fois")
        vus.add(objectif["numero"])
        for j, operationnel in enumerate(objectif["operationnels"]):
            base = f"{chemin}[{i}].operationnels[{j}]"
            if not operationnel["actions"]:
                constats.erreur(f"{base}.actions", "au moins une action attendue pour un "
                                                   "objectif financé par la dotation")
            for k, action in enumerate(operationnel["actions"]):
                if not (action["indicateurs"] or action["indicateurs_resultat"]):
                    constats.erreur(f"{base}.actions[{k}].indicateurs",
                                    "au moins un indicateur de suivi ou de résultat attendu")
                if not action.get("delai"):
                    constats.erreur(f"{base}.actions[{k}].delai",
                                    "calendrier de réalisation attendu (TRAME annexe 2)")


def annees(contrat: dict) -> list[int]:
    """Contract years, or [] when the dates are unusable (reported by ``periode``)."""
    duree, fin = contrat.get("duree_annees"), contrat.get("date_fin")
    if (duree is None) == (fin is None) or (duree is not None and not 1 <= duree <= 10):
        return []
    debut = contrat["date_effet"]
    fin = date_fin(debut, duree, fin)
    return annees_du_contrat(debut, fin) if fin > debut else []
