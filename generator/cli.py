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
    modeles: OptionModeles = None,
) -> None:
    """Génère le contrat et ses annexes (un fichier .docx par document)."""
    contrat = pipeline.charger_contrat(donnees, modeles)
    _afficher_avertissements(contrat.avertissements)
    documents = pipeline.rendre_documents(contrat)
    for chemin in pipeline.ecrire(documents, sortie):
        sortie_std.print(f"  {chemin}")
    sortie_std.print(f"✓ {len(documents)} documents écrits dans {sortie}")


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


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
