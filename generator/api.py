"""The façade: what the command line, the web application and the tests call.

Each function runs the pipeline stages for one job and returns data: the files written,
the documents, and the problems (errors and warnings, located, in French). Nothing here
raises for a problem of the user's data, of a template or of the machine; a bug comes
back as a problem of nature « système » (« erreur interne »), never as a silent pass.
``Resultat.code_sortie`` is the exit code the command line uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import contract
from generator.authoring import lint, new_folder, reference, text
from generator.authoring.preview import dossier_apercu, ouvrir, retirer_apercu, surveiller
from generator.campaign import run, workbooks
from generator.campaign.run import (
    ECHEC,
    GENERE,
    INCHANGE,
    INVALIDE,
    MANIFESTE,
    NON_FAIT,
    RAPPORT,
    Affichage,
    Bilan,
    OptionsCampagne,
    Service,
)
from generator.contract import Contrat
from generator.load.data_file import charger
from generator.output import production, writing
from generator.output.production import Options
from generator.problems import (
    ErreurCpom,
    Lieu,
    Nature,
    Niveau,
    Probleme,
    avertissements,
    code_sortie,
    erreurs,
    interne,
)
from generator.variants import (
    Variante,
    lire_variante,
    trouver,
    variante_des_donnees,
    variantes,
)

__all__ = [
    "ECHEC",
    "GENERE",
    "INCHANGE",
    "INVALIDE",
    "MANIFESTE",
    "NON_FAIT",
    "RAPPORT",
    "Affichage",
    "Bilan",
    "Options",
    "OptionsCampagne",
    "Resultat",
    "ResultatCampagne",
    "Service",
    "VerificationModele",
    "annoter_modele",
    "campagne",
    "classeur_campagne",
    "dossier_apercu",
    "ecrire_exemple",
    "exemple",
    "generer",
    "lire_donnees",
    "lister_variantes",
    "nouveau_modele",
    "ouvrir",
    "reference_champs",
    "rendre",
    "retirer_apercu",
    "surveiller",
    "texte_docx",
    "valider",
    "verifier_modeles",
]

Donnees = Path | dict[str, Any]


@dataclass
class Resultat:
    """What a job did: files written, documents rendered, problems found."""

    problemes: list[Probleme] = field(default_factory=list)
    fichiers: list[Path] = field(default_factory=list)
    variante: Variante | None = None
    contrat: Contrat | None = None  # validated and computed (figures of the annexes)
    documents: dict[str, bytes] = field(default_factory=dict)  # file name → DOCX bytes
    texte: str = ""  # a text the job produced (field reference, sample data)
    donnees: dict[str, Any] | None = None  # data read from a file, not yet validated

    @property
    def erreurs(self) -> list[Probleme]:
        return erreurs(self.problemes)

    @property
    def avertissements(self) -> list[Probleme]:
        return avertissements(self.problemes)

    @property
    def ok(self) -> bool:
        return not self.erreurs

    @property
    def code_sortie(self) -> int:
        return code_sortie(self.problemes)


def _proteger(resultat: Resultat, travail: Callable[[], object]) -> Resultat:
    """Run ``travail``; its problems (and any bug, as « erreur interne ») go into
    ``resultat``."""
    try:
        travail()
    except ErreurCpom as exc:
        resultat.problemes += exc.problemes
    except Exception as exc:
        resultat.problemes.append(interne(exc))
    return resultat


def _contrat(donnees: Donnees, resultat: Resultat, dossier_modeles: Path | None,
             base: Path | None) -> Contrat:
    """Load (a file), find the variant, validate and compute; warnings into ``resultat``."""
    if isinstance(donnees, Path):
        source, base = str(donnees), base or donnees.resolve().parent
        donnees = charger(donnees)
    else:
        source = ""
    resultat.variante = variante_des_donnees(donnees, source, dossier_modeles)
    prepare = contract.preparer(donnees, resultat.variante, source, base)
    resultat.problemes += prepare.avertissements
    resultat.contrat = prepare
    return prepare


def lire_donnees(chemin: Path) -> Resultat:
    """Read a contract data file into plain data (``Resultat.donnees``), unvalidated:
    what an interface stores before it validates, edits or exports it."""
    resultat = Resultat()

    def travail() -> None:
        resultat.donnees = charger(chemin)
    return _proteger(resultat, travail)


def valider(donnees: Donnees, *, dossier_modeles: Path | None = None,
            base: Path | None = None) -> Resultat:
    """Check contract data (a data file, or loaded data with images relative to
    ``base``): every error and warning, and the computed contract when valid."""
    resultat = Resultat()
    return _proteger(resultat, lambda: _contrat(donnees, resultat, dossier_modeles, base))


def rendre(donnees: Donnees, *, dossier_modeles: Path | None = None, base: Path | None = None,
           avec_bundle: bool = False) -> Resultat:
    """Render every document in memory (``Resultat.documents``), nothing written."""
    resultat = Resultat()

    def travail() -> None:
        resultat.documents = contract.documents(_contrat(donnees, resultat, dossier_modeles, base),
                                                avec_bundle)
    return _proteger(resultat, travail)


def generer(donnees: Donnees, sortie: Path, options: Options | None = None, *,
            dossier_modeles: Path | None = None, base: Path | None = None) -> Resultat:
    """Generate the contract and its annexes into ``sortie`` (DOCX and/or PDF, and the
    full contract); on invalid data nothing is written."""
    options = options or Options()
    resultat = Resultat()

    def travail() -> None:
        options.verifier()
        prepare = _contrat(donnees, resultat, dossier_modeles, base)
        _verifier_sortie(sortie, resultat.variante, dossier_modeles,
                         (donnees,) if isinstance(donnees, Path) else ())
        resultat.fichiers = production.produire(
            lambda: contract.documents(prepare, options.bundle), sortie, options)
    return _proteger(resultat, travail)


def _verifier_sortie(sortie: Path, variante: Variante | None, dossier_modeles: Path | None,
                     entrees: tuple[Path, ...] = (), dossiers: tuple[Path, ...] = ()) -> None:
    """The output folder overlaps neither the templates nor the inputs."""
    for modeles in (variante.dossier if variante else None, dossier_modeles):
        if modeles is not None:
            writing.verifier_sortie(sortie, modeles, entrees, dossiers)


# --- campaigns ----------------------------------------------------------------------------

@dataclass
class ResultatCampagne(Resultat):
    """A campaign: ``bilan`` when it ran (rows reported, services generated…)."""

    bilan: Bilan | None = None

    @property
    def code_sortie(self) -> int:
        if self.bilan is not None and not self.erreurs:
            return self.bilan.code_sortie
        return code_sortie(self.problemes)


def campagne(classeur: Path, sortie: Path, options: OptionsCampagne | None = None, *,
             affichage: Affichage | None = None,
             apres_service: Callable[[Service], None] | None = None) -> ResultatCampagne:
    """Run the campaign of a workbook (see ``campaign.run``)."""
    resultat = ResultatCampagne()

    def travail() -> None:
        resultat.bilan = run.executer(classeur, sortie, options, affichage=affichage,
                                      apres_service=apres_service)
        resultat.variante = resultat.bilan.variante
    return _proteger(resultat, travail)  # type: ignore[return-value]


def classeur_campagne(variante: str, sortie: Path, *, dossier_modeles: Path | None = None,
                      ecraser: bool = False) -> Resultat:
    """The campaign workbook of a variant (with its example row), and the example's
    images beside it. An existing workbook (the user may have filled it) is replaced only
    when ``ecraser`` (``--force``)."""
    resultat = Resultat()

    def travail() -> None:
        writing.refuser_ecrasement(sortie, ecraser)
        choisie = resultat.variante = trouver(variante, dossier_modeles)
        _verifier_sortie(sortie.parent, choisie, dossier_modeles)
        exemples = []
        if choisie.exemples:
            source = choisie.chemins_exemples()[0]
            exemples = [charger(source)]
            _copier_images(source, sortie.parent, ecraser)
        resultat.fichiers = [workbooks.ecrire_campagne(choisie, sortie, exemples)]
    return _proteger(resultat, travail)


# --- samples, variants, templates ---------------------------------------------------------

def _copier_images(exemple: Path, dossier: Path, ecraser: bool = False) -> list[Path]:
    """Copy the images of a sample (logos, organigrammes: the folder named like the
    sample) into ``dossier``, where the copied data file or workbook points; an image
    already there (the user may have put their own logo) is kept unless ``ecraser``."""
    images = exemple.with_suffix("")
    cible = dossier / images.name
    if not images.is_dir() or images.resolve() == cible.resolve():
        return []
    for image in sorted(images.rglob("*")):
        copie = cible / image.relative_to(images)
        if image.is_file() and (ecraser or not (copie.exists() or copie.is_symlink())):
            writing.copier(image, copie)
    return [cible]


def lister_variantes(dossier_modeles: Path | None = None) -> tuple[list[Variante], list[Probleme]]:
    """The variants under ``dossier_modeles`` (default: the shipped ones)."""
    resultat = Resultat()
    trouvees: list[Variante] = []
    _proteger(resultat, lambda: trouvees.extend(variantes(dossier_modeles)))
    return trouvees, resultat.problemes


def exemple(variante: str) -> Resultat:
    """A complete, valid example data file of ``variante`` (``Resultat.texte``)."""
    resultat = Resultat()

    def travail() -> None:
        choisie = resultat.variante = trouver(variante)
        if not choisie.exemples:
            raise ErreurCpom.donnees(f"pas d'exemple pour le modèle « {variante} »")
        resultat.fichiers = [choisie.chemins_exemples()[0]]
        resultat.texte = resultat.fichiers[0].read_text(encoding="utf-8")
    return _proteger(resultat, travail)


def ecrire_exemple(variante: str, sortie: Path, ecraser: bool = False) -> Resultat:
    """Write the example data file of ``variante`` to ``sortie``, with its images; an
    existing file (the user may have filled it) is replaced only when ``ecraser``."""
    resultat = exemple(variante)
    if not resultat.ok:
        return resultat

    def travail() -> None:
        writing.refuser_ecrasement(sortie, ecraser)
        source = resultat.fichiers[0]
        writing.copier(source, sortie)
        resultat.fichiers = [sortie, *_copier_images(source, sortie.parent, ecraser)]
    return _proteger(resultat, travail)


def nouveau_modele(nom: str, depuis: str, sortie: Path) -> Resultat:
    """A département's own templates folder, copied from the variant ``depuis``."""
    resultat = Resultat()

    def travail() -> None:
        resultat.variante = trouver(depuis)
        resultat.fichiers = [new_folder.nouveau_dossier(nom, resultat.variante, sortie)]
    return _proteger(resultat, travail)


def reference_champs(variante: str, format_: str = "texte", *,
                     dossier_modeles: Path | None = None) -> Resultat:
    """Every field a data file and a template may use (``texte``, ``markdown``, ``json``)."""
    import json

    resultat = Resultat()

    def travail() -> None:
        choisie = resultat.variante = trouver(variante, dossier_modeles)
        if format_ == "json":
            resultat.texte = json.dumps(reference.json_schema(choisie), ensure_ascii=False,
                                        indent=2, default=str) + "\n"
            return
        lignes = reference.lignes_markdown(choisie)
        if format_ != "markdown":
            lignes = [ligne.replace("`", "") for ligne in lignes]
        resultat.texte = "\n".join(lignes) + "\n"
    return _proteger(resultat, travail)


@dataclass
class VerificationModele:
    """The problems of one Word template."""

    nom: str  # « national/contrat.docx », or the file's path
    chemin: Path
    variante: Variante | None
    problemes: list[Probleme]


def verifier_modeles(cible: str | None = None, *, dossier_modeles: Path | None = None,
                     variante: str | None = None
                     ) -> tuple[list[VerificationModele], list[Probleme]]:
    """Check Word templates: a variant (``cible`` an id), a single ``.docx`` (its fields
    checked against ``variante``, or the variant of its folder), or every variant.
    Returns each template's problems, and the problems that kept templates from being
    checked (unknown variant, unreadable folder) with warnings."""
    resultat = Resultat()
    verifications: list[VerificationModele] = []

    def travail() -> None:
        fichiers: list[tuple[str, Path, Variante | None]] = []
        if cible and cible.lower().endswith(".docx"):
            chemin = Path(cible)
            if not chemin.is_file():
                raise ErreurCpom.donnees("fichier introuvable", Lieu(fichier=str(chemin)))
            choisie = None
            if variante:
                choisie = trouver(variante, dossier_modeles)
            elif (chemin.parent / "variante.yaml").is_file():
                choisie = lire_variante(chemin.parent)
            else:
                resultat.problemes.append(Probleme(
                    "modèle inconnu (--modele) : champs non vérifiés", Lieu(fichier=str(chemin)),
                    niveau=Niveau.AVERTISSEMENT, nature=Nature.MODELE))
            fichiers.append((str(chemin), chemin, choisie))
        else:
            if cible:
                choisies = [trouver(cible, dossier_modeles)]
            elif dossier_modeles is not None and (dossier_modeles / "variante.yaml").is_file():
                choisies = [lire_variante(dossier_modeles)]
            else:
                choisies = variantes(dossier_modeles)
            fichiers = [(f"{v.id}/{d.fichier}", v.gabarit(d), v)
                        for v in choisies for d in v.documents]
        for nom, chemin, choisie in fichiers:
            verifications.append(VerificationModele(nom, chemin, choisie,
                                                    lint.verifier(chemin, choisie, nom)))
    _proteger(resultat, travail)
    return verifications, resultat.problemes


def annoter_modele(verification: VerificationModele, sortie: Path, ecraser: bool = False
                   ) -> Resultat:
    """A copy of the template with one Word comment per problem (never over the template
    itself; over another existing file only when ``ecraser``)."""
    resultat = Resultat()

    def travail() -> None:
        if sortie.resolve() == verification.chemin.resolve():
            raise ErreurCpom.donnees("la copie annotée remplacerait le modèle lui-même : "
                                     "choisissez un autre fichier (--annotate)",
                                     Lieu(fichier=str(sortie)))
        writing.refuser_ecrasement(sortie, ecraser)
        lint.annoter(verification.chemin, verification.problemes, sortie)
        resultat.fichiers = [sortie]
    return _proteger(resultat, travail)


def texte_docx(fichier: Path) -> Resultat:
    """The text of a Word document or template (``Resultat.texte``), as the golden texts
    hold it."""
    resultat = Resultat()

    def travail() -> None:
        if not fichier.is_file():
            raise ErreurCpom.donnees("fichier introuvable", Lieu(fichier=str(fichier)))
        try:
            resultat.texte = text.texte(fichier)
        except Exception as exc:  # python-docx: not a zip, not a Word document
            raise ErreurCpom.donnees(f"document Word illisible ({type(exc).__name__})",
                                     Lieu(fichier=str(fichier))) from None
    return _proteger(resultat, travail)
