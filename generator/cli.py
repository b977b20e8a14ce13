"""The ``cpom`` command: wires the pipeline steps and prints; no logic of its own.

Exit codes: 0 success; 2 invalid input or usage (French messages on stderr, no
traceback); 1 only for a bug; ``bulk`` exits 3 when some rows were reported.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from generator import pipeline, variants
from generator.errors import DonneesInvalides, ErreurUtilisateur, Probleme

app = typer.Typer(
    help="Génère les CPOM département – SAD (contrat et annexes) en DOCX et PDF à partir des "
         "modèles Word de chaque département.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
modeles_app = typer.Typer(help="Modèles Word : lister, vérifier, créer.", no_args_is_help=True)
app.add_typer(modeles_app, name="templates")

console = Console(stderr=True, highlight=False, soft_wrap=True)
sortie_std = Console(highlight=False, soft_wrap=True)

OptionModeles = Annotated[
    Path | None,
    typer.Option("--templates", help="Dossier de modèles propre au département (copie éditée).",
                 exists=True, file_okay=False),
]

OptionFormat = Annotated[str, typer.Option("--format", help="docx, pdf ou all (les deux).")]
OptionBundle = Annotated[bool, typer.Option(
    "--bundle/--no-bundle", help="Contrat complet (contrat + annexes) en un document.")]
OptionPdfa = Annotated[bool, typer.Option("--pdfa", help="PDF/A-2b (archivage).")]
OptionMoteur = Annotated[str, typer.Option(
    "--pdf-engine", help="Conversion PDF : auto, libreoffice ou word.")]


def _verifier_sortie(format_: str, moteur: str) -> None:
    """Output options checked before any work: format, then PDF engine."""
    from generator import convert, production

    if format_ not in production.FORMATS:
        raise ErreurUtilisateur(f"format « {format_} » inconnu (docx, pdf ou all)")
    convert.verifier_moteur(moteur)


def _erreurs_utilisateur(fonction: Callable[..., Any]) -> Callable[..., Any]:
    """Print user errors in French on stderr and exit 2 (no traceback)."""

    @wraps(fonction)
    def enveloppe(*args: Any, **kwargs: Any) -> Any:
        try:
            return fonction(*args, **kwargs)
        except DonneesInvalides as exc:
            source = f"{exc.source} : " if exc.source else ""
            n = len(exc.problemes)
            console.print(f"[bold red]Données invalides[/] {source}{n} erreur{'s' * (n > 1)}, "
                          "aucun fichier écrit.")
            for probleme in exc.problemes:
                console.print(f"  [red]✗[/] {probleme}", markup=True, soft_wrap=True)
            raise typer.Exit(2) from None
        except ErreurUtilisateur as exc:
            console.print(f"[bold red]Erreur :[/] {exc}", soft_wrap=True)
            raise typer.Exit(2) from None

    return enveloppe


def _afficher_avertissements(avertissements: list[Probleme]) -> None:
    for avertissement in avertissements:
        console.print(f"  [yellow]![/] avertissement : {avertissement}", soft_wrap=True)


@app.command("validate")
@_erreurs_utilisateur
def valider(
    donnees: Annotated[Path, typer.Argument(help="Fichier de données (YAML ou JSON).")],
    modeles: OptionModeles = None,
) -> None:
    """Vérifie un fichier de données : erreurs (code 2) et avertissements (code 0)."""
    contrat = pipeline.charger_contrat(donnees, modeles)
    _afficher_avertissements(contrat.avertissements)
    n = len(contrat.avertissements)
    sortie_std.print(f"✓ {donnees} : données valides pour le modèle « {contrat.variante.id} »"
                     + (f" ({n} avertissement{'s' * (n > 1)})" if n else ""))


@app.command("generate")
@_erreurs_utilisateur
def generer(
    donnees: Annotated[Path, typer.Argument(help="Fichier de données (YAML ou JSON).")],
    sortie: Annotated[Path, typer.Option("-o", "--output", help="Dossier de sortie.")],
    format_: OptionFormat = "docx",
    avec_bundle: OptionBundle = True,
    pdfa: OptionPdfa = False,
    moteur: OptionMoteur = "auto",
    modeles: OptionModeles = None,
) -> None:
    """Génère le contrat et ses annexes (un fichier par document, et le contrat complet)."""
    from generator import production

    _verifier_sortie(format_, moteur)
    contrat = pipeline.charger_contrat(donnees, modeles)
    _afficher_avertissements(contrat.avertissements)
    options = production.Options(format_, avec_bundle, pdfa, moteur)
    chemins = production.produire(contrat, sortie, options)
    for chemin in chemins:
        sortie_std.print(f"  {chemin}")
    sortie_std.print(f"✓ {len(chemins)} fichiers écrits dans {sortie}")


@app.command("sample")
@_erreurs_utilisateur
def exemple(
    variante: Annotated[str, typer.Argument(help="Modèle : national, ille-et-vilaine, …")],
    sortie: Annotated[Path | None, typer.Option("-o", "--output", help="Fichier à écrire.")] = None,
) -> None:
    """Écrit un fichier de données d'exemple, complet et valide, pour un modèle."""
    modele = variants.trouver(variante)
    if not modele.exemples:
        raise ErreurUtilisateur(f"pas d'exemple pour le modèle « {variante} »")
    source = variants.dossier_exemples() / modele.exemples[0]
    if sortie is None:
        sys.stdout.write(source.read_text(encoding="utf-8"))
        return
    shutil.copyfile(source, sortie)
    annexes = source.with_suffix("")  # images of the sample (logos, organigrammes)
    if annexes.is_dir():
        shutil.copytree(annexes, sortie.parent / annexes.name, dirs_exist_ok=True)
    sortie_std.print(f"✓ exemple « {variante} » écrit dans {sortie}")


@modeles_app.command("list")
@_erreurs_utilisateur
def lister() -> None:
    """Liste les modèles installés et leurs documents."""
    for variante in variants.variantes():
        sortie_std.print(f"[bold]{variante.id}[/] — {variante.titre}")
        for document in variante.documents:
            orientation = " (paysage)" if document.orientation == "paysage" else ""
            sortie_std.print(f"    {document.fichier}{orientation}")


@modeles_app.command("check")
@_erreurs_utilisateur
def verifier_modeles(
    cible: Annotated[str | None, typer.Argument(
        help="Modèle (national, …) ou fichier .docx ; par défaut tous les modèles.")] = None,
    modeles: OptionModeles = None,
    modele: Annotated[str | None, typer.Option(
        "--modele", help="Pour un fichier .docx isolé : le modèle dont il utilise les champs.")
    ] = None,
    annoter: Annotated[Path | None, typer.Option(
        "--annotate", help="Copie annotée (commentaires Word à chaque problème) : un fichier "
                           "pour un .docx, un dossier pour un modèle.")] = None,
) -> None:
    """Vérifie les modèles Word : balises, blocs, champs inconnus (code 2 si erreur)."""
    from generator import lint

    fichiers: list[tuple[Path, variants.Variante | None]] = []
    if cible and cible.lower().endswith(".docx"):
        chemin = Path(cible)
        if not chemin.is_file():
            raise ErreurUtilisateur(f"{chemin} : fichier introuvable")
        variante = None
        if modele or (chemin.parent / "variante.yaml").is_file():
            variante = (variants.trouver(modele, modeles) if modele
                        else variants.charger_variante(chemin.parent.resolve()))
        else:
            console.print("  [yellow]![/] modèle inconnu (--modele) : champs non vérifiés")
        fichiers.append((chemin, variante))
    else:
        if cible:
            choisies = [variants.trouver(cible, modeles)]
        elif modeles is not None and (modeles / "variante.yaml").is_file():
            choisies = [variants.charger_variante(modeles.resolve())]
        else:
            choisies = variants.variantes(modeles)
        fichiers = [(v.modele(d), v) for v in choisies for d in v.documents]
    total = 0
    for chemin, variante in fichiers:
        problemes = lint.verifier(chemin, variante)
        total += len(problemes)
        nom = (f"{variante.id}/{chemin.name}" if variante and chemin.parent == variante.dossier
               else str(chemin))
        if not problemes:
            sortie_std.print(f"✓ {nom}")
            continue
        sortie_std.print(f"✗ {nom} : {len(problemes)} problème{'s' * (len(problemes) > 1)}")
        for probleme in problemes:
            sortie_std.print(f"    {probleme}")
        if annoter is not None:
            cible_annotee = annoter if len(fichiers) == 1 else annoter / nom
            lint.annoter(chemin, problemes, cible_annotee)
            sortie_std.print(f"    copie annotée : {cible_annotee}")
    if total:
        raise typer.Exit(2)


@modeles_app.command("new")
@_erreurs_utilisateur
def nouveau(
    nom: Annotated[str, typer.Argument(help="Nom du dossier de modèles à créer.")],
    depuis: Annotated[str, typer.Option("--from", help="Modèle de départ (national, …).")],
    sortie: Annotated[Path | None, typer.Option("-o", "--output",
                                                 help="Dossier à créer (par défaut : NOM).")
                      ] = None,
) -> None:
    """Crée un dossier de modèles propre au département, copie d'un modèle existant."""
    from generator.authoring import nouveau_modele

    dossier = nouveau_modele(nom, variants.trouver(depuis), sortie or Path(nom))
    sortie_std.print(f"✓ modèles « {nom} » créés dans {dossier} (copie de « {depuis} »)")
    sortie_std.print(f"  Modifiez les .docx dans Word, puis : cpom templates check --templates "
                     f"{dossier}")
    sortie_std.print(f"  Générez avec : cpom generate DONNEES.yaml -o SORTIE --templates {dossier}")


@app.command("schema")
@_erreurs_utilisateur
def schema(
    variante: Annotated[str, typer.Argument(help="Modèle : national, ille-et-vilaine, …")],
    markdown: Annotated[bool, typer.Option("--markdown", help="Tableau Markdown.")] = False,
    json_: Annotated[bool, typer.Option("--json", help="JSON Schema (draft 2020-12).")] = False,
    modeles: OptionModeles = None,
) -> None:
    """Documente chaque champ utilisable dans les données et les modèles Word."""
    import json

    from generator import reference

    modele = variants.trouver(variante, modeles)
    if json_:
        sys.stdout.write(json.dumps(reference.json_schema(modele), ensure_ascii=False,
                                    indent=2, default=str) + "\n")
        return
    lignes = reference.lignes_markdown(modele)
    if not markdown:
        lignes = [ligne.replace("`", "") for ligne in lignes]
    sys.stdout.write("\n".join(lignes) + "\n")


@app.command("preview")
@_erreurs_utilisateur
def apercu(
    donnees: Annotated[Path, typer.Argument(help="Fichier de données (YAML ou JSON).")],
    sortie: Annotated[Path | None, typer.Option("-o", "--output", help="Dossier de l'aperçu.")
                      ] = None,
    surveiller: Annotated[bool, typer.Option("--watch", help="Régénère à chaque modification "
                                                             "des données ou d'un modèle.")
                          ] = False,
    ouvrir: Annotated[bool, typer.Option("--ouvrir/--sans-ouvrir",
                                         help="Ouvre le contrat dans Word ou LibreOffice.")
                      ] = True,
    modeles: OptionModeles = None,
) -> None:
    """Génère un aperçu et l'ouvre dans l'application par défaut (Word, LibreOffice)."""
    import tempfile

    from generator import authoring

    dossier = sortie or Path(tempfile.mkdtemp(prefix="cpom-apercu-"))
    etat: dict[str, Any] = {}

    def rendre() -> None:
        try:
            contrat = pipeline.charger_contrat(donnees, modeles)
            etat["variante"] = contrat.variante
            _afficher_avertissements(contrat.avertissements)
            chemins = pipeline.ecrire(pipeline.rendre_documents(contrat), dossier)
            sortie_std.print(f"✓ aperçu à jour : {chemins[0]}")
            etat["premier"] = chemins[0]
        except ErreurUtilisateur as exc:
            console.print(f"[bold red]Erreur :[/] {exc}")
            if not surveiller:
                raise

    rendre()
    if ouvrir and "premier" in etat and not authoring.ouvrir(etat["premier"]):
        sortie_std.print(f"  (aucune application pour ouvrir {etat['premier']})")
    if surveiller:
        sortie_std.print("Surveillance des données et des modèles (Ctrl-C pour arrêter)…")

        def chemins() -> list[Path]:
            variante = etat.get("variante")
            modeles_docx = [variante.modele(d) for d in variante.documents] if variante else []
            return [donnees, *modeles_docx]

        try:
            authoring.surveiller(chemins, rendre)
        except KeyboardInterrupt:
            sortie_std.print("Arrêt de la surveillance.")


# --- campaigns (cpom bulk, cpom bulk-template) -------------------------------------------

class _Progression:
    """Rich progress bar with the time left, on stderr (generator.bulk.Affichage)."""

    def __init__(self) -> None:
        self.barre: Any = None

    def debut(self, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.barre = Progress(TextColumn("Génération"), BarColumn(), MofNCompleteColumn(),
                              TextColumn("· écoulé"), TimeElapsedColumn(),
                              TextColumn("· reste"), TimeRemainingColumn(),
                              console=console, transient=False)
        self.tache = self.barre.add_task("services", total=total)
        self.barre.start()

    def avance(self, service: Any) -> None:
        if self.barre is not None:
            self.barre.advance(self.tache)

    def fin(self) -> None:
        if self.barre is not None:
            self.barre.stop()
            self.barre = None


def _resume_campagne(bilan: Any, classeur: Path, limite: int = 20) -> None:
    from generator import bulk

    n = len(bilan.services)
    sortie_std.print(f"Campagne {classeur} (modèle « {bilan.variante.id} ») : {n} service"
                     f"{'s' * (n > 1)}")
    sortie_std.print(f"  ✓ {bilan.compte(bulk.GENERE)} généré(s) · "
                     f"{bilan.compte(bulk.INCHANGE)} inchangé(s) (déjà à jour) · "
                     f"✗ {bilan.compte(bulk.INVALIDE)} signalé(s) · "
                     f"{bilan.compte(bulk.ECHEC)} échec(s)")
    erreurs = bilan.erreurs
    for probleme in erreurs[:limite]:
        qui = f"{probleme.service} " if probleme.service else ""
        sortie_std.print(f"  [red]✗[/] {qui}— {probleme}", soft_wrap=True)
    if len(erreurs) > limite:
        sortie_std.print(f"  … et {len(erreurs) - limite} autre(s) : voir le rapport")
    avertissements = len(bilan.problemes) - len(erreurs)
    if avertissements:
        sortie_std.print(f"  [yellow]![/] {avertissements} avertissement(s) : voir le rapport")
    sortie_std.print(f"  Rapport : {bilan.sortie / bulk.RAPPORT} · manifeste : "
                     f"{bilan.sortie / bulk.MANIFESTE}"
                     + (f" · archive : {bilan.archive}" if bilan.archive else ""))
    debit = bilan.documents / bilan.duree_generation if bilan.duree_generation else 0
    sortie_std.print(f"  Durée : {bilan.duree:.1f} s ({bilan.documents} documents écrits"
                     + (f", {debit:.1f} documents/s" if bilan.documents else "") + ")")
    if bilan.interrompu:
        sortie_std.print(f"[bold yellow]Interrompu[/] : {bilan.compte(bulk.NON_FAIT)} "
                         "service(s) non traité(s). Relancez la même commande pour reprendre "
                         "(les services déjà générés ne sont pas refaits).")


@app.command("bulk")
@_erreurs_utilisateur
def campagne(
    classeur: Annotated[Path, typer.Argument(
        help="Classeur de campagne (.xlsx, voir cpom bulk-template) ou fichier .csv.")],
    sortie: Annotated[Path, typer.Option("-o", "--output", help="Dossier de sortie.")],
    format_: OptionFormat = "docx",
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Nombre de générations en parallèle (par défaut : nombre de "
                             "cœurs).", min=1)] = None,
    archive: Annotated[bool, typer.Option(
        "--zip", help="Écrit aussi une archive campagne.zip de tous les contrats.")] = False,
    avec_bundle: OptionBundle = True,
    pdfa: OptionPdfa = False,
    moteur: OptionMoteur = "auto",
    modeles: OptionModeles = None,
) -> None:
    """Génère les contrats de tous les services d'un classeur : rapport des lignes en
    erreur (rapport.xlsx), un dossier par service, manifest.csv. Code 0 : tout est
    généré ; 3 : des lignes sont signalées ; 2 : classeur illisible."""
    from generator import bulk

    _verifier_sortie(format_, moteur)
    options = bulk.OptionsCampagne(format_, avec_bundle, pdfa, moteur, jobs, archive, modeles)
    try:
        bilan = bulk.executer(classeur, sortie, options, affichage=_Progression())
    except KeyboardInterrupt:  # during reading or validation: nothing generated yet
        console.print("[bold yellow]Interrompu[/] avant la génération : aucun contrat écrit.")
        raise typer.Exit(130) from None
    _resume_campagne(bilan, classeur)
    if bilan.code_sortie:
        raise typer.Exit(bilan.code_sortie)


@app.command("bulk-template")
@_erreurs_utilisateur
def modele_campagne(
    variante: Annotated[str, typer.Argument(help="Modèle : national, ille-et-vilaine, …")],
    sortie: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Classeur à écrire (par défaut campagne-VARIANTE.xlsx).")
    ] = None,
    modeles: OptionModeles = None,
) -> None:
    """Écrit le classeur de campagne d'un modèle : une feuille Paramètres, une feuille
    Services (une ligne par service), une feuille par partie répétée, avec une ligne
    d'exemple, les descriptions, les listes déroulantes et les formats."""
    from generator import classeur
    from generator.load import charger

    modele = variants.trouver(variante, modeles)
    sortie = sortie or Path(f"campagne-{modele.id}.xlsx")
    exemples = []
    if modele.exemples:
        source = variants.dossier_exemples() / modele.exemples[0]
        exemples = [charger(source)]
        annexes = source.with_suffix("")  # images of the example (logos)
        if annexes.is_dir() and annexes.resolve() != (sortie.parent / annexes.name).resolve():
            shutil.copytree(annexes, sortie.parent / annexes.name, dirs_exist_ok=True)
    classeur.ecrire_campagne(modele, sortie, exemples)
    sortie_std.print(f"✓ classeur de campagne « {modele.id} » écrit dans {sortie}")
    sortie_std.print(f"  Remplissez-le (une ligne par service), puis : cpom bulk {sortie} "
                     "-o contrats/")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
