"""Every passage of contract text of each seed model is in the generated documents of its
samples (tests/golden, all samples of a variant together). What is left out is either in
the exceptions below (drafting instruction, space to fill, example, layout, table row: each
with its reason) or quoted as « Texte du modèle source » in the variant's departures list
(``templates/<variante>/ecarts-au-modele.md``).

The seeds are text extractions: lines and pages break mid-sentence, words are cut
(« plur iannuel »), tables are flattened. The seed is cut into passages (sentences and
clauses) and compared word by word, case, spaces, quotes and apostrophes folded; a word cut
by the extraction is joined again when only the joined word is in the generated text. The
seed's values are cut out first (« […] », « XXX », bracketed hints, figures, years,
« année N+1 », alternatives such as « le/la »: the data replaces them). A passage is found
when at least ``SEUIL`` of its remaining words lie in runs of ``N`` consecutive words that
the generated text holds too (a run shorter than ``N`` words between two cuts must be held
whole); otherwise it must be found once its exceptions and quoted departures are cut out
too. The tolerance lets a word or two differ in a long sentence (typography, agreement,
data): such changes belong to the departures list, checked by
tests/test_ecarts_au_modele.py."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import pytest

from tests.test_ecarts_au_modele import (
    RACINE,
    SEED_DE,
    SEEDS,
    VARIANTES,
    _citations,
    _ecarts,
    _fragments,
)

N = 4
SEUIL = 0.9
MOTS_MIN = 3  # a shorter passage (page number, lone word of a table) carries no clause
COUPURE = "¦"  # a value of the seed: the data replaces it
FIN = "§"  # end of a passage

# Seed passages the generated documents leave out on purpose, as written in the seed
# (compared with case, spaces and apostrophes folded), with the reason.
CONSIGNE = "consigne de rédaction du modèle : le contrat écrit ce qu'elle demande"
EXCEPTIONS: dict[str, dict[str, str]] = {
    "national": {
        "Logo département Logo organisme gestionnaire":
            "mise en page : emplacements des logos, images du contrat",
        "directeur(trice) de l’établissement public":
            "autre qualité du représentant : le contrat écrit celle des données",
        "(à adapter en fonction des enjeux locaux)": CONSIGNE,
        "service(s) prestataires suivant(s)":
            "accord selon le nombre de services : « le service prestataire suivant » ou "
            "« les services prestataires suivants »",
        "objectifs suivant(s)… (à préciser parmi les objectifs": CONSIGNE,
        "Objectif n°1 :": "exemple de numérotation : le contrat numérote les objectifs "
                          "retenus comme l'article L. 314-2-2 du CASF",
        "possibilité de prévoir un tableau comportant les": CONSIGNE,
        "- le cas échéant, les dispositions":
            "consigne : la ligne n'est écrite que si le service a une dotation globale",
        "(à mettre en regard des objectifs en cas de choix de non versement par douzième":
            CONSIGNE,
        "Le calendrier est à fixer": CONSIGNE,
        "notamment en cas de libre affectation des résultats par le gestionnaire par "
        "dérogation": "fin de la consigne « Préciser les règles convenues… » : le contrat "
                      "écrit les règles retenues",
        "Préciser les règles de limitation ainsi qu’un indicateur de suivi": CONSIGNE,
        "Le président du conseil départemental L’organisme gestionnaire":
            "bloc des signatures, en colonnes : le contrat écrit « Pour l’organisme "
            "gestionnaire, » et le nom de chaque signataire",
        "liste des communes / carte des communes sur lesquelles le service prestataire "
        "intervient": "espace à remplir : le contrat liste les communes du service",
        "(définir la plage horaire)": "consigne : le contrat écrit la plage horaire",
    },
    "ille-et-vilaine": {
        "Cochez le ou les EPCI dans lesquels votre service intervient":
            "consigne du formulaire : le contrat liste les EPCI du service",
        "- Pour les CCAS et CIAS : préciser la ou les communes de votre territoire "
        "d’intervention": "consigne du formulaire : le contrat liste les communes",
        "M./Mme XXXX, président(e) de [raison sociale de l’organisme gestionnaire] / "
        "directeur(trice) de l’établissement public [raison sociale de l’établissement "
        "public], gérant(e) de la société": "qualité et nom du représentant à remplir : le "
                                            "contrat écrit ceux des données",
        "Le Représentant légal de Le Président l’organisme gestionnaire du Conseil "
        "départemental": "bloc des signatures en deux colonnes, lu ligne à ligne par "
                         "l'extraction",
        "Jean-Luc CHENUT": "nom du signataire du modèle : le contrat écrit celui des données",
        "*Le versement de la dotation complémentaire prévisionnelle":
            "note du tableur, tronquée dans le modèle source : sa fin n'est pas connue",
        "Cible fin CPOM*": "ligne de tableau aplatie : l'en-tête de colonne lu avec la "
                           "cellule suivante",
        "n°1 n°2": "numéros des lignes d'indicateurs du tableau vide du modèle",
        "(définir la plage horaire)": "consigne : le contrat écrit la plage horaire",
        "Exemple : participation aux différentes instances de concertation avec les autres "
        "acteurs": "exemple du modèle : le contrat écrit le diagnostic du service",
        "Exemples : mise en place d’une GPEC, formation, ratios":
            "exemple du modèle : le contrat écrit le diagnostic du service",
    },
    "seine-et-marne": {
        "X (à compléter), représenté par son (sa) Président(e)":
            "espace à remplir : le contrat écrit le co-signataire et son représentant",
        "Logo du gestionnaire": "mise en page : emplacement du logo",
        "Logo du signataire": "mise en page : emplacement du logo",
        "dénommée (à compléter), en date du (à compléter)":
            "espaces à remplir : le contrat écrit la structure et la date",
        "Heures réalisées GROUPE 1": "tableau aplati : colonnes lues ligne à ligne",
        "ETP administratifs (direction comprise) GROUPE 2":
            "tableau aplati : colonnes lues ligne à ligne",
        "aux intervenants GROUPE 3": "tableau aplati : colonnes lues ligne à ligne",
        "Ratios économiques OSP à financer": "tableau aplati : colonnes lues ligne à ligne",
        "Taux administratif - Différentiel (Max": "tableau aplati : colonnes lues ligne à "
                                                  "ligne",
        "Valeurs cibles n°Objectif": "tableau aplati : en-têtes lus ligne à ligne",
        "Taux de personnel qualifié": "engagement qualité de l'article 7.3.1, donnée du "
                                      "contrat défini avec le service (voir écart 3) : les "
                                      "exemples retiennent le taux de qualification",
        "Nombre d' intervenant par bénéficiaire": "libellé d'indicateur de l'annexe 4, "
                                                  "donnée du contrat : les exemples "
                                                  "l'écrivent au pluriel",
        "Nombre d’interventions journalières par salariés":
            "libellé d'indicateur de l'annexe 4, donnée du contrat : les exemples "
            "l'écrivent au singulier, comme l'article 7.3.1 du modèle",
    },
}


def _mots(texte: str) -> list[str]:
    """The words of a text, folded (NFKC, lower case), punctuation dropped; the cut and end
    marks are kept as words."""
    texte = unicodedata.normalize("NFKC", texte).replace("⍽", " ").replace("⸱", " ").lower()
    texte = re.sub(r"(?<=\w) ?\((?:e|s|es|x|trice|nt) ?\)", "", texte)  # président(e)
    return re.findall(rf"[^\W_]+|[{COUPURE}{FIN}]", texte)


def _recoller(mots: list[str], vocabulaire: frozenset[str]) -> list[str]:
    """Join the words the extraction cut (« plur iannuel »), when only the joined word is
    known to the generated text."""
    sortie: list[str] = []
    i = 0
    while i < len(mots):
        suivant = mots[i + 1] if i + 1 < len(mots) else ""
        if (mots[i] + suivant in vocabulaire
                and (mots[i] not in vocabulaire or suivant not in vocabulaire)):
            sortie.append(mots[i] + suivant)
            i += 2
        else:
            sortie.append(mots[i])
            i += 1
    return sortie


@cache
def _genere(variante: str) -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """The runs of 1 to ``N`` words and the words of all generated texts of a variant (a
    text read as one run of words, across lines and table cells, as the seed is)."""
    runs: set[tuple[str, ...]] = set()
    for chemin in sorted((RACINE / "tests/golden" / variante).rglob("*.txt")):
        m = _mots(chemin.read_text("utf-8"))
        for n in range(1, N + 1):
            runs.update(tuple(m[i:i + n]) for i in range(len(m) - n + 1))
    return frozenset(runs), frozenset(r[0] for r in runs if len(r) == 1)


def _marquer(seed: str) -> str:
    """The seed with its passage ends marked (after . ; : ? !, at a list bullet, at a line
    opening on a capital, a figure, a dash or a bullet « o »: a heading, a table cell or an
    item; a sentence broken by the extraction goes on in lower case) and its values cut
    out: « […] », « XXX », bracketed hints, figures, #DIV/0!, alternatives."""
    texte = unicodedata.normalize("NFKC", seed)
    texte = re.sub(r"^\s*\d{1,2}(?:\s*$|\s+(?=ANNEXE))", " ", texte, flags=re.M)  # page numbers
    texte = re.sub(r"\s*\n\s*(?:o\s+|(?=[A-ZÀ-Ý0-9•–-]))", f" {FIN} ", texte)
    texte = re.sub(r"\s+", " ", texte)
    texte = re.sub(r"\[[^\]]{0,300}\]|\bX{2,}\b|\.{3,}|…|#DIV/0!", f" {COUPURE} ", texte)
    # the seed's figures: amounts, rates, years, « année N+1 »
    texte = re.sub(r"(?<![\w.,-])(?:\d[\d ]*(?:[.,]\d+)?\s*[€%]|(?:19|20)\d\d|0(?:,00)?"
                   r"|N(?:\s?[+-]\s?\d)?)(?![\w°-])", f" {COUPURE} ", texte)
    # « le/la », « l’objectif/aux objectifs » : the data chooses one of the alternatives
    texte = re.sub(r"[\w’'()-]+(?: ?/ ?[\w’'()-]+)+", f" {COUPURE} ", texte)
    return re.sub(r"(?<=[.;:?!])\s+|\s*[•]\s*", f" {FIN} ", texte)


@dataclass
class Passage:
    """A passage of the seed: its words, and for each the exception or departure that cuts
    it out, or None."""

    mots: list[str]
    coupes: list[str | None] = field(default_factory=list)

    @property
    def texte(self) -> str:
        return " ".join(self.mots)

    def segments(self, couper: bool) -> list[list[str]]:
        """The runs of words left between the seed's values (and between the exceptions and
        departures, with ``couper``)."""
        sortie: list[list[str]] = [[]]
        for mot, coupe in zip(self.mots, self.coupes, strict=True):
            if mot == COUPURE or (couper and coupe is not None):
                sortie.append([])
            else:
                sortie[-1].append(mot)
        return [s for s in sortie if s]


def _couverture(segments: list[list[str]], runs: frozenset[tuple[str, ...]]) -> float:
    """Share of the words lying in a run of ``N`` words (or a whole shorter segment) that
    the generated text holds."""
    total = sum(len(s) for s in segments)
    couverts = 0
    for mots in segments:
        if len(mots) < N:
            couverts += len(mots) if tuple(mots) in runs else 0
            continue
        vus = [False] * len(mots)
        for i in range(len(mots) - N + 1):
            if tuple(mots[i:i + N]) in runs:
                vus[i:i + N] = [True] * N
        couverts += sum(vus)
    return couverts / total if total else 1.0


def _plier(texte: str, vocabulaire: frozenset[str]) -> list[str]:
    """The words of an excerpt of the seed, cut and folded as the seed is."""
    return [m for m in _recoller(_mots(_marquer(texte)), vocabulaire)
            if m not in (COUPURE, FIN)]


def _a_couper(variante: str, vocabulaire: frozenset[str]) -> list[tuple[list[str], str]]:
    """The word runs to cut out of the seed, each with its origin: the exceptions, then the
    seed wordings quoted by the departures list (a quote of fewer than three words names a
    table row or a word, not a passage)."""
    coupes = [(_plier(debut, vocabulaire), f"exception : {debut}")
              for debut in EXCEPTIONS[variante]]
    for ecart in _ecarts(variante):
        for citation in _citations(ecart["Texte du modèle source"]):
            for fragment in _fragments(citation):
                mots = _plier(fragment, vocabulaire)
                if len(mots) >= 3:
                    coupes.append((mots, f"écart : {ecart['titre']}"))
    return coupes


@cache
def _passages(variante: str) -> list[Passage]:
    """The seed's passages, the words of the exceptions and departures marked."""
    _, vocabulaire = _genere(variante)
    flux = _recoller(_mots(_marquer((SEEDS / SEED_DE[variante]).read_text("utf-8"))),
                     vocabulaire)
    coupes: list[str | None] = [None] * len(flux)
    position = [i for i, mot in enumerate(flux) if mot not in (COUPURE, FIN)]
    seuls = [flux[i] for i in position]
    for mots, origine in _a_couper(variante, vocabulaire):
        for debut in range(len(seuls) - len(mots) + 1):
            if seuls[debut:debut + len(mots)] == mots:
                for k in range(debut, debut + len(mots)):
                    coupes[position[k]] = origine
    passages: list[Passage] = [Passage([])]
    for mot, coupe in zip(flux, coupes, strict=True):
        if mot == FIN:
            passages.append(Passage([]))
        else:
            passages[-1].mots.append(mot)
            passages[-1].coupes.append(coupe)
    return [p for p in passages if sum(m != COUPURE for m in p.mots) >= MOTS_MIN]


@dataclass
class Bilan:
    """The seed's passages sorted, and the exceptions that some passage needs."""

    retrouves: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    ecarts: list[str] = field(default_factory=list)
    manquants: list[str] = field(default_factory=list)
    exceptions_utiles: set[str] = field(default_factory=set)


@cache
def _bilan(variante: str) -> Bilan:
    """Each passage of the seed: found in the generated texts as it is, found once its
    exceptions or listed departures are cut out, or missing."""
    runs, _ = _genere(variante)
    bilan = Bilan()
    for passage in _passages(variante):
        if _couverture(passage.segments(couper=False), runs) >= SEUIL:
            bilan.retrouves.append(passage.texte)
        elif _couverture(passage.segments(couper=True), runs) < SEUIL:
            bilan.manquants.append(passage.texte)
        else:
            origines = {c for c in passage.coupes if c is not None}
            exceptions = {c for c in origines if c.startswith("exception : ")}
            bilan.exceptions_utiles.update(exceptions)
            (bilan.exceptions if exceptions else bilan.ecarts).append(passage.texte)
    return bilan


@pytest.fixture(autouse=True)
def _seeds_presents() -> None:
    if not SEEDS.is_dir():
        pytest.skip("modèles sources absents de cette machine")


@pytest.mark.parametrize("variante", VARIANTES)
def test_chaque_passage_du_modele_est_dans_les_documents_generes(variante: str) -> None:
    bilan = _bilan(variante)
    assert len(bilan.retrouves) > 150, variante
    assert bilan.manquants == []


@pytest.mark.parametrize("variante", VARIANTES)
def test_chaque_exception_sert_et_a_sa_raison(variante: str) -> None:
    """An exception no passage needs any more (text now generated, or not in the seed) is
    dropped from the list."""
    utiles = _bilan(variante).exceptions_utiles
    inutiles = [debut for debut, raison in EXCEPTIONS[variante].items()
                if f"exception : {debut}" not in utiles or len(raison) < 15]
    assert inutiles == []
