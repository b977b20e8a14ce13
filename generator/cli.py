"""The ``cpom`` command: parses the arguments, calls the façade (``generator.api``) and
prints what it returns. No rule, no rendering of its own.

Exit codes: 0 success; 2 invalid input, template or usage (French messages on stderr,
no traceback); 1 only for a bug (« erreur interne »); ``bulk`` exits 3 when some rows
were reported.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from generator import api
from generator.api import Options, Resultat
from generator.cli_fr import Commande, Groupe
from generator.problems import Nature, Probleme

app = typer.Typer(
    help="Génère les CPOM département – SAD (contrat et annexes) en DOCX et PDF à partir des "
         "modèles Word de chaque département.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    cls=Groupe,
)
modeles_app = typer.Typer(help="Modèles Word : lister, vérifier, créer.", no_args_is_help=True,
                          cls=Groupe, rich_markup_mode=None)
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
OptionForce = Annotated[bool, typer.Option(
    "--force", help="Remplace le fichier s'il existe déjà (sinon : refus, rien n'est écrit).")]
ArgumentDonnees = Annotated[Path, typer.Argument(
    help="Fichier de données : YAML, JSON, ou classeur .xlsx d'un contrat (cpom sample "
         "VARIANTE -o contrat.xlsx).")]
ArgumentVariante = Annotated[str, typer.Argument(help="Modèle : national, ille-et-vilaine, …")]


def _e(valeur: object) -> str:
    """Any user string (file name, value, title) printed as it is: Rich markup escaped."""
    return escape(str(valeur))


# --- printing problems --------------------------------------------------------------------

def _erreur_interne(probleme: Probleme) -> None:
    console.print(f"[bold red]✗[/] {escape(probleme.texte())}")
    if os.environ.get("CPOM_DEBUG") and probleme.detail:
        console.print(escape(probleme.detail), markup=True)
    else:
        console.print("  Relancez avec CPOM_DEBUG=1 pour obtenir le détail à joindre au "
                      "signalement.")


def _afficher_avertissements(problemes: list[Probleme], fichier: bool = False) -> None:
    for probleme in problemes:
        if not probleme.est_erreur:
            console.print(f"  [yellow]![/] avertissement : {escape(probleme.texte(fichier))}")


def _afficher_erreurs(resultat: Resultat, source: Path | None = None) -> None:
    """Errors of the contract's fields under one heading (« Données invalides »), the
    others one per line; then the warnings."""
    erreurs = resultat.erreurs
    nom = str(source) if source is not None else ""
    champs = [p for p in erreurs if p.nature is Nature.DONNEES and p.lieu.champ
              and p.lieu.fichier == nom and not p.lieu.ligne]
    if champs:
        entete = f"{nom} : " if nom else ""
        n = len(champs)
        console.print(f"[bold red]Données invalides[/] {escape(entete)}{n} erreur{'s' * (n > 1)}"
                      ", aucun fichier écrit.")
        for probleme in champs:
            console.print(f"  [red]✗[/] {escape(probleme.texte(fichier=False))}")
    for probleme in erreurs:
        if probleme in champs:
            continue
        if probleme.nature is Nature.SYSTEME:
            _erreur_interne(probleme)
        else:
            console.print(f"[bold red]Erreur :[/] {escape(probleme.texte())}")
    _afficher_avertissements(resultat.problemes)


def _terminer(resultat: Resultat, source: Path | None = None) -> None:
    """Print the errors and leave with the result's exit code, if not 0."""
    if resultat.erreurs:
        _afficher_erreurs(resultat, source)
    if resultat.code_sortie:
        raise typer.Exit(resultat.code_sortie)


# --- one contract -----------------------------------------------------------------------

@app.command("validate", cls=Commande)
def valider(donnees: ArgumentDonnees, dossier_modeles: OptionModeles = None) -> None:
    """Vérifie les données d'un contrat (YAML, JSON ou classeur .xlsx) : erreurs (code 2),
    chacune avec son champ ou sa cellule, et avertissements (code 0)."""
    resultat = api.valider(donnees, dossier_modeles=dossier_modeles)
    _terminer(resultat, donnees)
    _afficher_avertissements(resultat.problemes)
    n = len(resultat.avertissements)
    assert resultat.variante is not None
    sortie_std.print(f"✓ {_e(donnees)} : données valides pour le modèle "
                     f"« {_e(resultat.variante.id)} »"
                     + (f" ({n} avertissement{'s' * (n > 1)})" if n else ""))


@app.command("generate", cls=Commande)
def generer(
    donnees: ArgumentDonnees,
    sortie: Annotated[Path, typer.Option("-o", "--output", help="Dossier de sortie.")],
    format_: OptionFormat = "docx",
    avec_bundle: OptionBundle = True,
    pdfa: OptionPdfa = False,
    moteur: OptionMoteur = "auto",
    dossier_modeles: OptionModeles = None,
) -> None:
    """Génère le contrat et ses annexes (un fichier par document, et le contrat complet)."""
    resultat = api.generer(donnees, sortie, Options(format_, avec_bundle, pdfa, moteur),
                           dossier_modeles=dossier_modeles)
    _terminer(resultat, donnees)
    _afficher_avertissements(resultat.problemes)
    for chemin in resultat.fichiers:
        sortie_std.print(f"  {_e(chemin)}")
    sortie_std.print(f"✓ {len(resultat.fichiers)} fichiers écrits dans {_e(sortie)}")


@app.command("preview", cls=Commande)
def apercu(
    donnees: ArgumentDonnees,
    sortie: Annotated[Path | None, typer.Option("-o", "--output", help="Dossier de l'aperçu.")
                      ] = None,
    surveiller: Annotated[bool, typer.Option("--watch", help="Régénère à chaque modification "
                                                             "des données ou d'un modèle.")
                          ] = False,
    ouvrir: Annotated[bool, typer.Option("--ouvrir/--sans-ouvrir",
                                         help="Ouvre le contrat dans Word ou LibreOffice.")
                      ] = True,
    dossier_modeles: OptionModeles = None,
) -> None:
    """Génère un aperçu et l'ouvre dans l'application par défaut (Word, LibreOffice)."""
    dossier = sortie or api.dossier_apercu()
    try:
        _apercu(donnees, dossier, surveiller, ouvrir, dossier_modeles)
    finally:
        if sortie is None and (surveiller or not any(dossier.iterdir())):
            api.retirer_apercu(dossier)  # a shown preview stays for Word (next run)


def _apercu(donnees: Path, dossier: Path, surveiller: bool, ouvrir: bool,
            dossier_modeles: Path | None) -> None:
    etat: dict[str, Any] = {}

    def rendre() -> None:
        resultat = api.generer(donnees, dossier, Options(bundle=False),
                               dossier_modeles=dossier_modeles)
        if resultat.variante is not None:
            etat["variante"] = resultat.variante
        if resultat.erreurs:
            _afficher_erreurs(resultat, donnees)
            if not surveiller:
                raise typer.Exit(resultat.code_sortie)
            return
        _afficher_avertissements(resultat.problemes)
        etat["premier"] = resultat.fichiers[0]
        sortie_std.print(f"✓ aperçu à jour : {_e(resultat.fichiers[0])}")

    rendre()
    if ouvrir and "premier" in etat and not api.ouvrir(etat["premier"]):
        sortie_std.print(f"  (aucune application pour ouvrir {_e(etat['premier'])})")
    if surveiller:
        sortie_std.print("Surveillance des données et des modèles (Ctrl-C pour arrêter)…")

        def chemins() -> list[Path]:
            variante = etat.get("variante")
            gabarits = [variante.gabarit(d) for d in variante.documents] if variante else []
            return [donnees, *gabarits]

        try:
            api.surveiller(chemins, rendre)
        except KeyboardInterrupt:
            sortie_std.print("Arrêt de la surveillance.")


@app.command("sample", cls=Commande)
def exemple(
    variante: ArgumentVariante,
    sortie: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Fichier à écrire : .yaml (exemple rempli) ou .xlsx (classeur "
                               "d'un contrat, à remplir). Sans -o : l'exemple YAML à l'écran.")
    ] = None,
    force: OptionForce = False,
) -> None:
    """Écrit un exemple complet et valide (YAML), ou, avec -o contrat.xlsx, le classeur
    Excel d'un contrat à remplir. Exemples : national, national-non-habilite (service non
    habilité à l'aide sociale), ille-et-vilaine, seine-et-marne."""
    if sortie is None:
        resultat = api.exemple(variante)
        _terminer(resultat)
        sys.stdout.write(resultat.texte)
        return
    resultat = api.ecrire_exemple(variante, sortie, ecraser=force)
    _terminer(resultat)
    if sortie.suffix.lower() in api.CLASSEURS:
        sortie_std.print(f"✓ classeur d'un contrat (modèle « {_e(resultat.variante.id)} ») "
                         f"écrit dans {_e(sortie)}")
        sortie_std.print(f"  Remplissez-le (voir sa feuille « Lisez-moi »), puis : cpom validate "
                         f"{_e(sortie)} et cpom generate {_e(sortie)} -o contrats/")
        return
    sortie_std.print(f"✓ exemple « {_e(variante)} » écrit dans {_e(sortie)}")
    for chemin in resultat.fichiers[1:]:
        sortie_std.print(f"  images de l'exemple : {_e(chemin)}")


@app.command("schema", cls=Commande)
def schema(
    variante: ArgumentVariante,
    markdown: Annotated[bool, typer.Option("--markdown", help="Tableau Markdown.")] = False,
    json_: Annotated[bool, typer.Option("--json", help="JSON Schema (draft 2020-12).")] = False,
    dossier_modeles: OptionModeles = None,
) -> None:
    """Documente chaque champ utilisable dans les données et les modèles Word."""
    format_ = "json" if json_ else "markdown" if markdown else "texte"
    resultat = api.reference_champs(variante, format_, dossier_modeles=dossier_modeles)
    _terminer(resultat)
    sys.stdout.write(resultat.texte)


# --- templates ----------------------------------------------------------------------------

@modeles_app.command("list", cls=Commande)
def lister() -> None:
    """Liste les modèles installés et leurs documents."""
    trouvees, problemes = api.lister_variantes()
    _terminer(Resultat(problemes))
    for variante in trouvees:
        sortie_std.print(f"[bold]{_e(variante.id)}[/] — {_e(variante.titre)}")
        for document in variante.documents:
            orientation = " (paysage)" if document.orientation == "paysage" else ""
            sortie_std.print(f"    {_e(document.fichier)} — {_e(document.titre)}{orientation}")
        if variante.ecarts is not None:
            sortie_std.print(f"    écarts au modèle source : cpom templates show {_e(variante.id)}")


@modeles_app.command("show", cls=Commande)
def montrer(variante: ArgumentVariante, dossier_modeles: OptionModeles = None) -> None:
    """Affiche un modèle, ses documents et ses écarts au modèle source (passage, texte
    d'origine, nouveau texte, raison, source)."""
    resultat = api.ecarts_au_modele(variante, dossier_modeles)
    _terminer(resultat)
    choisie = resultat.variante
    sortie_std.print(f"[bold]{choisie.id}[/] — {escape(choisie.titre)}")
    for document in choisie.documents:
        sortie_std.print(f"    {document.fichier} — {escape(document.titre)}")
    sortie_std.print()
    if resultat.texte:
        sys.stdout.write(resultat.texte)
    else:
        sortie_std.print("Aucun écart au modèle source n'est listé pour ce modèle.")


@modeles_app.command("check", cls=Commande)
def verifier_modeles(
    cible: Annotated[str | None, typer.Argument(
        help="Modèle (national, …) ou fichier .docx ; par défaut tous les modèles.")] = None,
    dossier_modeles: OptionModeles = None,
    variante_id: Annotated[str | None, typer.Option(
        "--modele", help="Pour un fichier .docx isolé : le modèle dont il utilise les champs.")
    ] = None,
    annoter: Annotated[Path | None, typer.Option(
        "--annotate", help="Copie annotée (commentaires Word à chaque problème) : un fichier "
                           "pour un .docx, un dossier pour un modèle.")] = None,
    force: OptionForce = False,
) -> None:
    """Vérifie les modèles Word : balises, blocs, champs inconnus (code 2 si erreur)."""
    verifications, problemes = api.verifier_modeles(cible, dossier_modeles=dossier_modeles,
                                                    variante=variante_id)
    _terminer(Resultat(problemes))
    _afficher_avertissements(problemes, fichier=True)
    total = 0
    for verification in verifications:
        n = len(verification.problemes)
        total += n
        if not n:
            sortie_std.print(f"✓ {_e(verification.nom)}")
            continue
        sortie_std.print(f"✗ {escape(verification.nom)} : {n} problème{'s' * (n > 1)}")
        for probleme in verification.problemes:
            sortie_std.print(f"    {escape(probleme.texte(fichier=False))}")
        if annoter is not None:
            cible_annotee = annoter if len(verifications) == 1 else annoter / verification.nom
            _terminer(api.annoter_modele(verification, cible_annotee, ecraser=force))
            sortie_std.print(f"    copie annotée : {_e(cible_annotee)}")
    if total:
        raise typer.Exit(2)


@modeles_app.command("new", cls=Commande)
def nouveau(
    nom: Annotated[str, typer.Argument(help="Nom du dossier de modèles à créer.")],
    depuis: Annotated[str, typer.Option("--from", help="Modèle de départ (national, …).")],
    sortie: Annotated[Path | None, typer.Option("-o", "--output",
                                                 help="Dossier à créer (par défaut : NOM).")
                      ] = None,
) -> None:
    """Crée un dossier de modèles propre au département, copie d'un modèle existant."""
    resultat = api.nouveau_modele(nom, depuis, sortie or Path(nom))
    _terminer(resultat)
    dossier = resultat.fichiers[0]
    sortie_std.print(f"✓ modèles « {_e(nom)} » créés dans {_e(dossier)} "
                     f"(copie de « {_e(depuis)} »)")
    sortie_std.print(f"  Modifiez les .docx dans Word, puis : cpom templates check --templates "
                     f"{_e(dossier)}")
    sortie_std.print("  Générez avec : cpom generate DONNEES.yaml -o SORTIE "
                     f"--templates {_e(dossier)}")


@modeles_app.command("text", cls=Commande)
def texte(
    fichier: Annotated[Path, typer.Argument(help="Document ou modèle Word (.docx).")],
) -> None:
    """Affiche le texte d'un document Word (paragraphes, tableaux, en-têtes), pour relire
    ou comparer des versions (git diff)."""
    resultat = api.texte_docx(fichier)
    _terminer(resultat)
    sys.stdout.write(resultat.texte)


# --- campaigns (cpom bulk, cpom bulk-template) -------------------------------------------

def _progression() -> Any:
    """A rich progress bar with the time left, on stderr (the class is made here: the
    campaign machinery is loaded only by ``cpom bulk``)."""

    class _Progression(api.Affichage):
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

    return _Progression()


def _resume_campagne(bilan: api.Bilan, classeur: Path, limite: int = 20) -> None:
    n = len(bilan.services)
    sortie_std.print(f"Campagne {_e(classeur)} (modèle « {_e(bilan.variante.id)} ») : {n} service"
                     f"{'s' * (n > 1)}")
    sortie_std.print(f"  ✓ {bilan.compte(api.GENERE)} généré(s) · "
                     f"{bilan.compte(api.INCHANGE)} inchangé(s) (déjà à jour) · "
                     f"✗ {bilan.compte(api.INVALIDE)} signalé(s) · "
                     f"{bilan.compte(api.ECHEC)} échec(s)")
    erreurs = bilan.erreurs
    for probleme in erreurs[:limite]:
        if probleme.nature is Nature.SYSTEME:
            _erreur_interne(probleme)
            continue
        qui = f"{probleme.lieu.service} — " if probleme.lieu.service else ""
        sortie_std.print(f"  [red]✗[/] {escape(qui + probleme.texte())}", soft_wrap=True)
    if len(erreurs) > limite:
        sortie_std.print(f"  … et {len(erreurs) - limite} autre(s) : voir le rapport")
    avertissements = len(bilan.problemes) - len(erreurs)
    if avertissements:
        sortie_std.print(f"  [yellow]![/] {avertissements} avertissement(s) : voir le rapport")
    sortie_std.print(f"  Rapport : {_e(bilan.sortie / api.RAPPORT)} · manifeste : "
                     f"{_e(bilan.sortie / api.MANIFESTE)}"
                     + (f" · archive : {_e(bilan.archive)}" if bilan.archive else ""))
    debit = bilan.documents / bilan.duree_generation if bilan.duree_generation else 0
    sortie_std.print(f"  Durée : {bilan.duree:.1f} s ({bilan.documents} documents écrits"
                     + (f", {debit:.1f} documents/s" if bilan.documents else "") + ")")
    restants = bilan.compte(api.NON_FAIT)
    if bilan.arrete:
        sortie_std.print(f"[bold red]Arrêté[/] : {restants} service(s) non traité(s). "
                         "Corrigez le problème ci-dessus, puis relancez la même commande "
                         "(les services déjà générés ne sont pas refaits).")
    if bilan.interrompu:
        sortie_std.print(f"[bold yellow]Interrompu[/] : {restants} service(s) non traité(s). "
                         "Relancez la même commande pour reprendre (les services déjà générés "
                         "ne sont pas refaits).")


@app.command("bulk", cls=Commande)
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
    dossier_modeles: OptionModeles = None,
) -> None:
    """Génère les contrats de tous les services d'un classeur : rapport des lignes en
    erreur (rapport.xlsx), un dossier par service, manifest.csv. Code 0 : tout est
    généré ; 3 : des lignes sont signalées ; 2 : classeur ou modèle à corriger."""
    options = api.OptionsCampagne(format_, avec_bundle, pdfa, moteur, jobs, archive,
                                  dossier_modeles)
    try:
        resultat = api.campagne(classeur, sortie, options, affichage=_progression())
    except KeyboardInterrupt:  # during reading or validation: nothing generated yet
        console.print("[bold yellow]Interrompu[/] avant la génération : aucun contrat écrit.")
        raise typer.Exit(130) from None
    if resultat.bilan is None:
        _terminer(resultat)
        return
    _resume_campagne(resultat.bilan, classeur)
    if resultat.code_sortie:
        raise typer.Exit(resultat.code_sortie)


@app.command("bulk-template", cls=Commande)
def modele_campagne(
    variante: ArgumentVariante,
    sortie: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Classeur à écrire (par défaut campagne-VARIANTE.xlsx).")
    ] = None,
    dossier_modeles: OptionModeles = None,
    force: OptionForce = False,
) -> None:
    """Écrit le classeur de campagne vide d'un modèle : Lisez-moi, Paramètres (commun à
    tous les contrats), Services (une ligne par service), une feuille par partie répétée,
    avec l'aide de chaque colonne, les listes déroulantes et les contrôles de saisie."""
    resultat = api.classeur_campagne(variante, sortie or Path(f"campagne-{variante}.xlsx"),
                                     dossier_modeles=dossier_modeles, ecraser=force)
    _terminer(resultat)
    chemin = resultat.fichiers[0]
    assert resultat.variante is not None
    sortie_std.print(f"✓ classeur de campagne « {_e(resultat.variante.id)} » écrit dans "
                     f"{_e(chemin)} (seul fichier écrit)")
    sortie_std.print("  Images (logos, organigrammes) : placez-les dans le dossier du classeur "
                     "(ou un sous-dossier) et écrivez leur chemin à partir de ce dossier.")
    sortie_std.print(f"  Remplissez-le (une ligne par service), puis : cpom bulk {_e(chemin)} "
                     "-o contrats/")


@app.command("convert", cls=Commande)
def convertir(
    classeur: Annotated[Path, typer.Argument(
        help="Classeur de campagne ou d'un contrat de l'ancienne disposition (.xlsx), ou "
             "fichier .csv.")],
    sortie: Annotated[Path, typer.Option("-o", "--output", help="Nouveau classeur à écrire.")],
    force: Annotated[bool, typer.Option("--force", help="Remplace le fichier de sortie s'il "
                                                        "existe.")] = False,
    dossier_modeles: OptionModeles = None,
) -> None:
    """Réécrit un classeur dans la disposition actuelle (en-têtes en français, listes
    déroulantes, aide de chaque colonne), avec les mêmes données."""
    resultat = api.convertir_classeur(classeur, sortie, dossier_modeles=dossier_modeles,
                                      force=force)
    _terminer(resultat, classeur)
    _afficher_avertissements(resultat.problemes)
    sortie_std.print(f"✓ {_e(classeur)} converti dans {_e(sortie)} (seul fichier écrit ; "
                     "gardez les images à côté du nouveau classeur)")


# --- the web application --------------------------------------------------------------------

OptionDonnees = Annotated[Path | None, typer.Option(
    "--donnees", help="Dossier de données de l'application (base SQLite, images, documents) ; "
                      "par défaut $CPOM_DONNEES ou ./donnees-cpom.")]
OptionBase = Annotated[str | None, typer.Option(
    "--database", help="Base de données (ex. postgresql://cpom:…@hote/cpom) ; par défaut "
                       "$CPOM_DATABASE_URL, sinon SQLite dans le dossier de données.")]
comptes_app = typer.Typer(help="Comptes de l'application web.", no_args_is_help=True,
                          cls=Groupe, rich_markup_mode=None)
app.add_typer(comptes_app, name="comptes")


def _preparer_web(donnees: Path | None, base: str | None, hote: str = "127.0.0.1") -> Any:
    from generator.web import serveur

    try:
        serveur.preparer(donnees, base, hote)
    except Exception as exc:  # database unreachable, bad URL
        console.print(f"[bold red]Erreur :[/] base de données inutilisable : {escape(str(exc))}")
        raise typer.Exit(2) from None
    return serveur


@app.command("serve", cls=Commande)
def servir(
    hote: Annotated[str, typer.Option("--host", help="Adresse d'écoute.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.")] = 8000,
    donnees: OptionDonnees = None,
    base: OptionBase = None,
) -> None:
    """Démarre l'application web (par défaut http://127.0.0.1:8000, un seul poste sans
    connexion tant qu'aucun compte n'existe). Sur une autre adresse, des comptes sont
    exigés (cpom comptes creer)."""
    serveur = _preparer_web(donnees, base, hote)
    try:
        serveur.verifier_acces(hote)
    except serveur.RefusDemarrage as exc:
        console.print(f"[bold red]Erreur :[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    affiche = f"[{hote}]" if ":" in hote else hote
    sortie_std.print(f"Application CPOM : http://{_e(affiche)}:{port}/ (Ctrl-C pour arrêter)")
    try:
        serveur.servir(hote, port)
    except OSError as exc:
        console.print(f"[bold red]Erreur :[/] impossible d'écouter sur {_e(hote)}:{port} "
                      f"({_e(exc)})")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


@comptes_app.command("creer", cls=Commande)
def creer_compte(
    nom: Annotated[str, typer.Argument(help="Identifiant de connexion.")],
    role: Annotated[str, typer.Option("--role", help="juriste ou mainteneur (modèles Word).")
                    ] = "juriste",
    donnees: OptionDonnees = None,
    base: OptionBase = None,
) -> None:
    """Crée un compte (ou change son mot de passe et son rôle). Le mot de passe est demandé
    (ou lu dans $CPOM_MOT_DE_PASSE) et gardé haché."""
    serveur = _preparer_web(donnees, base)
    mot_de_passe = os.environ.get("CPOM_MOT_DE_PASSE") or typer.prompt(
        "Mot de passe", hide_input=True, confirmation_prompt="Confirmez le mot de passe")
    problemes = serveur.creer_compte(nom, mot_de_passe, role)
    if problemes:
        for probleme in problemes:
            console.print(f"  [red]✗[/] {escape(probleme)}")
        raise typer.Exit(2)
    sortie_std.print(f"✓ compte « {_e(nom)} » ({_e(role)}) enregistré")


@comptes_app.command("liste", cls=Commande)
def lister_comptes(donnees: OptionDonnees = None, base: OptionBase = None) -> None:
    """Liste les comptes et leur rôle."""
    serveur = _preparer_web(donnees, base)
    for nom, role, actif in serveur.comptes():
        sortie_std.print(f"{_e(nom)}\t{_e(role)}" + ("" if actif else "\t(désactivé)"))


@comptes_app.command("supprimer", cls=Commande)
def supprimer_compte(nom: Annotated[str, typer.Argument(help="Identifiant.")],
                     donnees: OptionDonnees = None, base: OptionBase = None) -> None:
    """Supprime un compte."""
    serveur = _preparer_web(donnees, base)
    if not serveur.supprimer_compte(nom):
        console.print(f"[bold red]Erreur :[/] compte « {escape(nom)} » inconnu")
        raise typer.Exit(2)
    sortie_std.print(f"✓ compte « {_e(nom)} » supprimé")


def main() -> None:
    """The ``cpom`` command: ``app``, then a quick exit."""
    try:
        app()
        code: Any = 0
    except SystemExit as sortie:
        code = sortie.code
    sortir(code)


def sortir(code: Any) -> NoReturn:
    """Leave once the work is done without Python's teardown of every module loaded
    (about 0.2 s of each command): the exit handlers still run (LibreOffice groups,
    temporary folders) and the output is flushed; every file written is already closed.
    While a thread of ours still runs, the usual exit waits for it."""
    if any(t.is_alive() and not t.daemon for t in threading.enumerate()
           if t is not threading.main_thread()):
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for flux in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # closed, or a broken pipe (« | head »)
            flux.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
