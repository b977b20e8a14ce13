"""How a field is shown to people: a short French label, a header that says which figure
(GIR, year, group), and a description that says the format, whether it is required and
which sentence of the contract a free text completes.

Read from the tree of fields (schema metadata « libelle », « description », « phrase »,
« exemple »); the campaign workbook and the web form show the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from generator.fields.paths import segments
from generator.fields.tree import Noeud

SEPARATEUR = " › "
LIBELLE_MAX = 45  # a description this short is the label itself

# Words of field names that are abbreviations or need accents.
_MOTS = {
    "apa": "APA", "pch": "PCH", "am": "aide ménagère", "epci": "EPCI", "cnsa": "CNSA",
    "finess": "n° FINESS", "siret": "n° SIRET", "siren": "n° SIREN", "rna": "n° RNA",
    "insee": "INSEE", "dpo": "DPO", "cpom": "CPOM", "osp": "OSP", "bfr": "BFR", "tm": "TM",
    "fc": "FC", "pa": "PA", "ph": "PH", "dgcs": "DGCS", "saad": "SAAD", "sad": "SAD",
    "numero": "numéro", "annee": "année", "annees": "années", "activite": "activité",
    "activites": "activités", "beneficiaires": "bénéficiaires", "depenses": "dépenses",
    "realisees": "réalisées", "elements": "éléments", "financiers": "financiers",
    "cooperations": "coopérations", "intitule": "intitulé", "libelle": "libellé",
    "unite": "unité", "operationnels": "objectifs opérationnels", "generaux":
    "objectifs généraux", "modalites": "modalités", "delai": "délai", "cout": "coût",
    "periodicite": "périodicité", "evaluations": "évaluations", "regles": "règles",
    "pieces": "pièces", "justificatives": "justificatives", "reste": "reste",
    "a": "à", "charge": "charge", "departement": "département", "prevu": "prévu",
    "recettes": "recettes", "resultat": "résultat", "resultats": "résultats",
    "deficit": "déficit", "excedent": "excédent", "federees": "fédérées", "siege": "siège",
    "reference": "référence", "deliberation": "délibération", "president": "président",
    "qualite": "qualité", "civilite": "civilité", "prenom": "prénom", "telephone":
    "téléphone", "societe": "société", "etablissement": "établissement", "public": "public",
    "presentation": "présentation", "fiche": "fiche", "signaletique": "signalétique",
    "territoire": "territoire", "communes": "communes", "geographique": "géographique",
    "tarifs": "tarifs", "preambule": "préambule", "echeance": "échéance",
    "derniere": "dernière", "prorogation": "prorogation", "preavis": "préavis",
    "duree": "durée", "frequence": "fréquence", "categorie": "catégorie",
    "amelioration": "amélioration", "mesures": "mesures", "salariales": "salariales",
    "integrees": "intégrées", "exercices": "exercices", "evolution": "évolution",
    "interets": "intérêts", "creances": "créances", "dotation": "dotation",
    "complementaire": "complémentaire", "verification": "vérification",
    "heures": "heures", "n": "N", "modele": "modèle", "valeurs": "valeurs", "cibles": "cibles",
    "donnees": "données", "synthese": "synthèse", "strategiques": "stratégiques",
    "complement": "complément", "habilite": "habilité", "periode": "période",
    "premiere": "première", "precedente": "précédente", "absenteisme": "absentéisme",
    "anciennete": "ancienneté", "applique": "appliqué", "arrete": "arrêté",
    "attenuation": "atténuation", "deplacements": "déplacements", "differentiel":
    "différentiel", "diplomes": "diplômés", "ecart": "écart", "entete": "en-tête",
    "etp": "ETP", "caf": "CAF", "incorpores": "incorporés", "penalites": "pénalités",
    "presentielles": "présentielles", "tresorerie": "trésorerie", "max": "maximum",
    "g1": "G1", "g2": "G2", "g3": "G3",
}


def humaniser(nom: str) -> str:
    """``heures_apa_hors_plan`` → « Heures APA hors plan »; ``gir1`` → « GIR 1 »;
    ``valeur_n_1`` → « Valeur N-1 »."""
    if re.fullmatch(r"\d+", nom):
        return nom
    texte = re.sub(r"^gir(\d)$", r"GIR \1", nom)
    texte = re.sub(r"(?:^|_)n_(\d)$", r" N-\1", texte)
    mots = [_MOTS.get(mot, mot) for mot in re.split(r"_+", texte.strip()) if mot]
    resultat = " ".join(mots).strip()
    return resultat[:1].upper() + resultat[1:]


def libelle(noeud: Noeud) -> str:
    """The short label of a field: metadata « libelle », else a short description, else
    the field's name in words."""
    if noeud.libelle:
        return noeud.libelle
    description = re.split(r" \(| : |, ", noeud.description or "", maxsplit=1)[0].strip()
    if description and len(description) <= LIBELLE_MAX:
        return description
    return humaniser(noeud.nom)


def chaine(racine: Noeud, chemin: str) -> list[Noeud]:
    """The nodes from ``racine`` (excluded) down to the field at ``chemin``."""
    noeuds: list[Noeud] = []
    courant: Noeud | None = racine
    for morceau in segments(chemin):
        if courant is None:
            break
        if isinstance(morceau, int):
            courant = courant.element
            continue
        if courant.type == "table":
            courant = Noeud(str(morceau), "texte", f"Année {morceau}"
                            if str(morceau).isdigit() else "")
        else:
            courant = courant.enfant(str(morceau))
        if courant is not None:
            noeuds.append(courant)
    return noeuds


def entete(racine: Noeud, chemin: str) -> str:
    """The header of a column: the labels from ``racine`` down to the field, joined by
    « › » (« Activité › APA › GIR 1 › Nombre d'heures »)."""
    return SEPARATEUR.join(_libelle_dans(n) for n in chaine(racine, chemin)) or chemin


def _libelle_dans(noeud: Noeud) -> str:
    if noeud.nom.isdigit():  # a year of a table
        return noeud.nom
    return libelle(noeud)


def format_saisie(noeud: Noeud, formulaire: bool = False) -> str:
    """What to type, in words; ``formulaire``: in the web form (a list shows its choices,
    an image is sent as a file, a table is typed one line per key; plain text goes
    without saying, « » then)."""
    if formulaire:
        if noeud.choix or noeud.type == "oui/non":
            return "à choisir dans la liste"
        if noeud.image:
            return "image PNG ou JPEG à envoyer"
        if noeud.type == "table":
            return "une ligne par valeur (par exemple « 2026 : 1 234,50 »)"
        if noeud.type == "texte":
            return ""
    if noeud.choix:
        return "à choisir dans la liste : " + ", ".join(map(str, noeud.choix))
    if noeud.image:
        return ("chemin d'une image PNG ou JPEG, relatif au dossier du classeur ou du fichier "
                "de données (par exemple images/logo.png)")
    return {
        "oui/non": "oui ou non (liste)",
        "date (AAAA-MM-JJ)": "date JJ/MM/AAAA",
        "échéance (JJ/MM)": "jour et mois JJ/MM (par exemple 30/04)",
        "montant (€)": "montant en euros (par exemple 1 234,50)",
        "nombre": "nombre (par exemple 12,5)",
        "entier": "nombre entier",
        "pourcentage": "pourcentage (1,5 pour 1,5 %)",
        "n° FINESS": "n° FINESS (9 caractères)",
        "n° SIREN": "n° SIREN (9 chiffres)",
        "n° SIRET": "n° SIRET (14 chiffres)",
        "code postal": "code postal (5 chiffres)",
        "code INSEE": "code INSEE de la commune (5 caractères)",
        "code département": "code du département (72, 2A, 971…)",
        "courriel": "adresse électronique",
    }.get(noeud.type, "texte")


def exemple_texte(valeur: Any) -> str:
    """An example value as a person types it (dates JJ/MM/AAAA, decimal commas)."""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, date):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", valeur):
        return f"{valeur[8:]}/{valeur[5:7]}/{valeur[:4]}"
    if isinstance(valeur, Decimal | float) or (isinstance(valeur, str)
                                              and re.fullmatch(r"-?\d+\.\d+", valeur)):
        return str(valeur).replace(".", ",")
    texte = str(valeur)
    return texte if len(texte) <= 120 else texte[:117] + "…"


@dataclass(frozen=True)
class Presentation:
    """A field as shown to people (header, description, required), relative to the part
    that holds it (the contract, or an element of a repeated part)."""

    chemin: str
    libelle: str
    entete: str
    description: str
    obligatoire: bool  # required whenever its part is filled (its blocks all required)
    condition: str  # the optional block that makes it required: « CPOM précédent »


def precision(noeud: Noeud) -> str:
    """The description of a field or block when it says more than its label (« Annexe 1 »
    under « Fiche signalétique (annexe 1) » says nothing more: « »)."""
    description = (noeud.description or "").strip()
    sans_unite = re.sub(r"\s*\([^()]{1,3}\)$", "", description)  # « Montant (€) »
    if not description or sans_unite.lower() in libelle(noeud).lower():
        return ""
    return description


def intitule(racine: Noeud, chemin: str) -> str:
    """Where a field of one contract is, in words: its header with the number of each
    list item (« Objectifs n° 1 › Actions n° 2 › Intitulé »); the path itself when the
    schema does not know it (an unknown field)."""
    morceaux: list[str] = []
    courant: Noeud | None = racine
    for morceau in segments(chemin):
        if courant is None:
            return chemin
        if isinstance(morceau, int):
            if morceaux and morceau >= 0:
                morceaux[-1] += f" n° {morceau + 1}"
            courant = courant.element
        elif courant.type == "table":
            morceaux.append(str(morceau))
            courant = Noeud(str(morceau), "texte")
        else:
            courant = courant.enfant(str(morceau))
            if courant is not None:
                morceaux.append(libelle(courant))
    return SEPARATEUR.join(morceaux) if courant is not None and morceaux else chemin


def presenter(racine: Noeud, chemin: str, exemple: Any = None, formulaire: bool = False
              ) -> Presentation:
    """How the field at ``chemin`` (relative to ``racine``) is shown; ``exemple`` is the
    example value to show (default: the schema's). ``formulaire``: in the web form, whose
    blocks already frame the field: the description without its blocks, and what to type
    in the form (``format_saisie``)."""
    noeuds = chaine(racine, chemin)
    if not noeuds:
        return Presentation(chemin, chemin, chemin, "", False, "")
    feuille = noeuds[-1]
    blocs = noeuds[:-1]
    facultatif = next((b for b in blocs if not b.obligatoire), None)
    obligatoire = feuille.obligatoire and facultatif is None
    condition = SEPARATEUR.join(_libelle_dans(b) for b in blocs[:blocs.index(facultatif) + 1]
                                ) if facultatif is not None and feuille.obligatoire else ""
    morceaux = [feuille.description or _libelle_dans(feuille)]
    contexte = SEPARATEUR.join(_libelle_dans(b) for b in blocs)
    if formulaire:
        morceaux = [precision(feuille)] if precision(feuille) else []
    elif contexte and not feuille.nom.isdigit():
        morceaux[0] += f" — {contexte}"
    elif feuille.nom.isdigit() and blocs:
        morceaux = [f"{blocs[-1].description or _libelle_dans(blocs[-1])} — année {feuille.nom}"]
    saisie = format_saisie(feuille, formulaire)
    if saisie:
        morceaux.append(f"Saisie : {saisie}.")
    if obligatoire:
        morceaux.append("Obligatoire.")
    elif condition:  # in the form, the block's frame around the field says where it is
        bloc = _libelle_dans(facultatif) if formulaire and facultatif is not None else condition
        morceaux.append(f"Obligatoire si vous remplissez « {bloc} ».")
    if feuille.phrase:
        morceaux.append(f"Complète la phrase du contrat : « {feuille.phrase} … »")
    valeur = exemple if exemple is not None else feuille.exemple
    if valeur is not None and not isinstance(valeur, dict | list):
        morceaux.append(f"Exemple : {exemple_texte(valeur)}")
    return Presentation(chemin, _libelle_dans(feuille), entete(racine, chemin),
                        "\n".join(morceaux), obligatoire, condition)


def presentations(racine: Noeud, prefixe: str = "") -> list[Presentation]:
    """How every leaf field under ``racine`` is shown (generic paths, ``[]`` for list
    items): what a form builds its inputs and help from."""
    resultat: list[Presentation] = []

    def visiter(noeud: Noeud, chemin: str) -> None:
        if noeud.type == "bloc":
            for nom, enfant in noeud.enfants.items():
                visiter(enfant, f"{chemin}.{nom}" if chemin else nom)
        elif noeud.type == "liste" and noeud.element is not None:
            visiter(noeud.element, f"{chemin}[]")
        elif noeud.type != "table":
            resultat.append(presenter(racine, chemin))

    visiter(racine if not prefixe else chaine(racine, prefixe)[-1], prefixe)
    return resultat
