"""The façade: what the command line, the web application and the tests call.

Each function runs the pipeline stages for one job and returns data: the files written,
the documents, and the problems (errors and warnings, located, in French). Nothing here
raises for a problem of the user's data, of a template or of the machine; a bug comes
back as a problem of nature « système » (« erreur interne »), never as a silent pass.
``Resultat.code_sortie`` is the exit code the command line uses.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import contract
from generator.contract import Contrat
from generator.fields.libelles import (
    Presentation,
    entete,
    humaniser,
    intitule,
    libelle,
    precision,
    presenter,
)
from generator.fields.paths import segments
from generator.fields.tree import Noeud, depuis_schema, noeud_de
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
    "Noeud",
    "Options",
    "OptionsCampagne",
    "Presentation",
    "Resultat",
    "ResultatCampagne",
    "Service",
    "VerificationModele",
    "annoter_modele",
    "arbre_champs",
    "campagne",
    "classeur_campagne",
    "convertir_classeur",
    "dossier_apercu",
    "ecrire_exemple",
    "entete",
    "exemple",
    "exemples",
    "generer",
    "humaniser",
    "images_exemple",
    "intitule",
    "libelle",
    "lire_donnees",
    "lister_variantes",
    "noeud_de",
    "nouveau_modele",
    "ouvrir",
    "precision",
    "presenter",
    "reference_champs",
    "rendre",
    "retirer_apercu",
    "segments",
    "surveiller",
    "texte_docx",
    "valider",
    "verifier_modeles",
]

if TYPE_CHECKING:
    from generator.authoring.preview import dossier_apercu, ouvrir, retirer_apercu, surveiller
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

# Names of the campaign and authoring stages, imported on first use (PEP 562): a command
# on one contract does not load the campaign machinery, openpyxl or the linter.
_PARESSEUX = {
    **dict.fromkeys(("ECHEC", "GENERE", "INCHANGE", "INVALIDE", "MANIFESTE", "NON_FAIT",
                     "RAPPORT", "Affichage", "Bilan", "OptionsCampagne", "Service"),
                    "generator.campaign.run"),
    **dict.fromkeys(("dossier_apercu", "ouvrir", "retirer_apercu", "surveiller"),
                    "generator.authoring.preview"),
}


def __getattr__(nom: str) -> Any:
    if nom in _PARESSEUX:
        return getattr(importlib.import_module(_PARESSEUX[nom]), nom)
    raise AttributeError(f"module {__name__!r} has no attribute {nom!r}")


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


CLASSEURS = (".xlsx", ".xlsm")


def _est_classeur(donnees: Donnees) -> bool:
    return isinstance(donnees, Path) and donnees.suffix.lower() in CLASSEURS


def _contrat_du_classeur(classeur: Path, resultat: Resultat, dossier_modeles: Path | None
                         ) -> Contrat:
    """The contract of a one-contract workbook; its problems located by sheet, row and
    column (images relative to the workbook's folder)."""
    from generator.campaign import run
    from generator.load import workbook

    lu, ligne = workbook.un_contrat(classeur, dossier_modeles)
    resultat.variante = lu.variante
    service = run.valider_service(ligne, lu.variante, classeur)
    problemes = [p for p in lu.problemes if p.est_erreur] + service.problemes
    resultat.problemes += [p for p in lu.problemes if not p.est_erreur]
    if service.contrat is None or any(p.est_erreur for p in problemes):
        raise ErreurCpom([replace(p, lieu=replace(p.lieu, fichier=str(classeur), service="",
                                                  nom_service="")) for p in problemes])
    resultat.problemes += [replace(p, lieu=replace(p.lieu, fichier=str(classeur), service="",
                                                   nom_service="")) for p in problemes]
    resultat.contrat = service.contrat
    return service.contrat


def _contrat(donnees: Donnees, resultat: Resultat, dossier_modeles: Path | None,
             base: Path | None) -> Contrat:
    """Load (a file), find the variant, validate and compute; warnings into ``resultat``."""
    if isinstance(donnees, Path) and _est_classeur(donnees):
        return _contrat_du_classeur(donnees, resultat, dossier_modeles)
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


def lire_donnees(chemin: Path, *, dossier_modeles: Path | None = None) -> Resultat:
    """Read a contract data file (YAML, JSON, or the workbook of one contract) into plain
    data (``Resultat.donnees``), unvalidated: what an interface stores before it
    validates, edits or exports it. A workbook's reading problems (a sheet, a row, a
    column) are errors."""
    resultat = Resultat()

    def travail() -> None:
        if _est_classeur(chemin):
            from generator.load import workbook

            lu, ligne = workbook.un_contrat(chemin, dossier_modeles)
            resultat.variante = lu.variante
            problemes = [replace(p, lieu=replace(p.lieu, fichier=str(chemin), service="",
                                                 nom_service=""))
                         for p in [*lu.problemes, *ligne.problemes]]
            if any(p.est_erreur for p in problemes):
                raise ErreurCpom(problemes)
            resultat.problemes += problemes
            resultat.donnees = ligne.donnees
            return
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
        from generator.campaign import run

        resultat.bilan = run.executer(classeur, sortie, options, affichage=affichage,
                                      apres_service=apres_service)
        resultat.variante = resultat.bilan.variante
    return _proteger(resultat, travail)  # type: ignore[return-value]


def classeur_campagne(variante: str, sortie: Path, *, dossier_modeles: Path | None = None,
                      un_contrat: bool = False, ecraser: bool = False) -> Resultat:
    """The empty campaign workbook of a variant (``un_contrat``: of one contract): no
    example row (an example is never generated), example values in its help row. An
    existing workbook (the user may have filled it) is replaced only when ``ecraser``
    (``--force``)."""
    resultat = Resultat()

    def travail() -> None:
        writing.refuser_ecrasement(sortie, ecraser)
        choisie = resultat.variante = trouver(variante, dossier_modeles)
        _verifier_sortie(sortie.parent, choisie, dossier_modeles)
        from generator.campaign import workbooks  # openpyxl

        resultat.fichiers = [workbooks.ecrire_campagne(choisie, sortie, [], un_contrat)]
    return _proteger(resultat, travail)


def convertir_classeur(source: Path, sortie: Path, *, dossier_modeles: Path | None = None,
                       force: bool = False) -> Resultat:
    """A campaign workbook (of any layout, or a CSV file) rewritten in the current layout,
    same data: each service as loaded, the common values of the first one in
    « Paramètres ». Problems of the reading (a stray row) are returned as warnings."""
    resultat = Resultat()

    def travail() -> None:
        from generator.load import workbook

        if sortie.exists() and (not force or sortie.resolve() == source.resolve()):
            raise ErreurCpom.donnees("fichier déjà présent : choisissez un autre nom (ou "
                                     "--force pour le remplacer)", Lieu(fichier=str(sortie)))
        lu = workbook.charger(source, dossier_modeles)
        resultat.variante = lu.variante
        resultat.problemes += [replace(p, niveau=Niveau.AVERTISSEMENT) for p in
                               [*lu.problemes, *(p for s in lu.services for p in s.problemes)]
                               if "ancienne disposition" not in p.message]
        services = [ligne.donnees for ligne in lu.services]
        from generator.campaign import workbooks  # openpyxl

        resultat.fichiers = [workbooks.ecrire_campagne(lu.variante, sortie, services)]
    return _proteger(resultat, travail)


# --- samples, variants, templates ---------------------------------------------------------

def _copier_images(exemple: Path, dossier: Path, ecraser: bool = False) -> list[Path]:
    """Copy the images of a sample (logos, organigrammes: the folder named like the
    sample) into ``dossier``, where the copied data file or workbook points; an image
    already there (the user may have put their own logo) is kept unless ``ecraser``."""
    images = exemple.with_suffix("")
    if not images.is_dir():  # national-non-habilite.yaml uses national/
        images = exemple.parent / exemple.stem.split("-non-")[0]
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


def exemples() -> list[tuple[str, Variante]]:
    """The names of the examples (``national``, ``national-non-habilite``…) and their
    variant: a variant's id names its first example."""
    noms: list[tuple[str, Variante]] = []
    for variante in variantes():
        for chemin in variante.chemins_exemples():
            noms.append((chemin.stem, variante))
    return noms


def _exemple_nomme(nom: str) -> tuple[Variante, Path]:
    """The variant and data file of the example ``nom`` (a variant's id, or the name of
    one of its examples)."""
    for stem, variante in exemples():
        if stem == nom:
            return variante, next(c for c in variante.chemins_exemples() if c.stem == nom)
    choisie = trouver(nom)  # « modèle inconnu » with the known ones
    if not choisie.exemples:
        raise ErreurCpom.donnees(f"pas d'exemple pour le modèle « {nom} »")
    return choisie, choisie.chemins_exemples()[0]


def ecarts_au_modele(variante: str, dossier_modeles: Path | None = None) -> Resultat:
    """The departures of ``variante`` from its seed model (``Resultat.texte``, Markdown;
    empty when the folder lists none)."""
    resultat = Resultat()

    def travail() -> None:
        choisie = resultat.variante = trouver(variante, dossier_modeles)
        if choisie.ecarts is not None:
            resultat.fichiers = [choisie.ecarts]
            resultat.texte = choisie.ecarts.read_text(encoding="utf-8")
    return _proteger(resultat, travail)


def exemple(variante: str) -> Resultat:
    """A complete, valid example data file (``Resultat.texte``): ``variante`` is a
    variant's id or an example's name (``national-non-habilite``)."""
    resultat = Resultat()

    def travail() -> None:
        resultat.variante, source = _exemple_nomme(variante)
        resultat.fichiers = [source]
        resultat.texte = source.read_text(encoding="utf-8")
    return _proteger(resultat, travail)


def ecrire_exemple(variante: str, sortie: Path, ecraser: bool = False) -> Resultat:
    """Write the example data file of ``variante`` to ``sortie``, with its images; a
    ``.xlsx`` ``sortie`` is the empty workbook of one contract (same sheets as a
    campaign, example values in its help row). An existing file (the user may have filled
    it) is replaced only when ``ecraser``."""
    if sortie.suffix.lower() in CLASSEURS:
        resultat = Resultat()

        def classeur() -> None:
            writing.refuser_ecrasement(sortie, ecraser)
            resultat.variante, _ = _exemple_nomme(variante)
            from generator.campaign import workbooks  # openpyxl

            resultat.fichiers = [workbooks.ecrire_campagne(resultat.variante, sortie, [],
                                                           un_contrat=True)]
        return _proteger(resultat, classeur)
    resultat = exemple(variante)
    if not resultat.ok:
        return resultat

    def travail() -> None:
        writing.refuser_ecrasement(sortie, ecraser)
        source = resultat.fichiers[0]
        writing.copier(source, sortie)
        resultat.fichiers = [sortie, *_copier_images(source, sortie.parent, ecraser)]
    return _proteger(resultat, travail)


def images_exemple(variante: str, dossier: Path, *, dossier_modeles: Path | None = None
                   ) -> Resultat:
    """Copy the images of the variant's example (logos, organigrammes) into ``dossier``,
    where its example data and campaign workbook point."""
    resultat = Resultat()

    def travail() -> None:
        choisie = resultat.variante = trouver(variante, dossier_modeles)
        if choisie.exemples:
            resultat.fichiers = _copier_images(choisie.chemins_exemples()[0], dossier)
    return _proteger(resultat, travail)


def arbre_champs(variante: str, *, dossier_modeles: Path | None = None
                 ) -> tuple[Noeud | None, list[Probleme]]:
    """The tree of the variant's fields (``fields.tree``): what a form is built from."""
    resultat = Resultat()
    arbre: list[Noeud] = []

    def travail() -> None:
        arbre.append(depuis_schema(trouver(variante, dossier_modeles).schema()))
    _proteger(resultat, travail)
    return (arbre[0] if arbre else None), resultat.problemes


def nouveau_modele(nom: str, depuis: str, sortie: Path) -> Resultat:
    """A département's own templates folder, copied from the variant ``depuis``."""
    resultat = Resultat()

    def travail() -> None:
        resultat.variante = trouver(depuis)
        from generator.authoring import new_folder

        resultat.fichiers = [new_folder.nouveau_dossier(nom, resultat.variante, sortie)]
    return _proteger(resultat, travail)


def reference_champs(variante: str, format_: str = "texte", *,
                     dossier_modeles: Path | None = None) -> Resultat:
    """Every field a data file and a template may use (``texte``, ``markdown``, ``json``)."""
    import json

    resultat = Resultat()

    def travail() -> None:
        from generator.authoring import reference

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
        from generator.authoring import lint

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
        from generator.authoring import lint

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
            from generator.authoring import text

            resultat.texte = text.texte(fichier)
        except Exception as exc:  # python-docx: not a zip, not a Word document
            raise ErreurCpom.donnees(f"document Word illisible ({type(exc).__name__})",
                                     Lieu(fichier=str(fichier))) from None
    return _proteger(resultat, travail)
