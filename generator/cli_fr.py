"""The command line in French: the help and usage errors of typer (its bundled click) are
in English and hold no gettext hook (click's own catalogue is not used by the click that
typer bundles); the command and group classes of ``cpom`` rewrite them (``--help`` text,
headings, « [required] », usage errors) before they are shown."""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer import core

try:  # typer ≥ 0.2x bundles its own click
    from typer._click import exceptions
except ImportError:  # pragma: no cover - older typer: click itself
    from click import exceptions  # type: ignore[no-redef]

_AIDE_SANS_ARGUMENT = getattr(exceptions, "NoArgsIsHelpError", ())

_AIDE = [
    (r"^Usage: ", "Utilisation : "),
    (r"^Arguments:$", "Arguments :"),
    (r"^Options:$", "Options :"),
    (r"^Commands:$", "Commandes :"),
    (r"Show this message and exit\.", "Affiche cette aide et quitte."),
    (r"\[required\]", "[obligatoire]"),
    (r"\[default: ([^\]]*)\]", r"[par défaut : \1]"),
    (r"\[env var: ([^\]]*)\]", r"[variable : \1]"),
    (r"COMMAND \[ARGS\]\.\.\.", "COMMANDE [ARGUMENTS]..."),
    (r"\(deprecated\)", "(obsolète)"),
]
# Placeholders of values, replaced without moving the help column.
_VALEURS = {"<path>": "<chemin>", "<str>": "<texte>", "<int>": "<entier>",
            "<dir>": "<dossier>", "<directory>": "<dossier>", "<file>": "<fichier>"}

_ERREURS = [
    (r"^Missing argument '?([^'.]*)'?\.", r"argument manquant : \1."),
    (r"^Missing option '?([^.]*?)'?\.", r"option manquante : \1."),
    (r"^Missing parameter: (.*)", r"paramètre manquant : \1"),
    (r"^No such option: (.*)", r"option inconnue : \1"),
    (r"^No such command '?([^']*)'?\.", r"commande inconnue : « \1 »."),
    (r"^Missing command\.", "commande manquante."),
    (r"^Got unexpected extra arguments? \((.*)\)", r"argument en trop : \1"),
    (r"^Option '?([^']*)'? requires (.*)", r"l'option \1 attend \2"),
    (r"^Option '?([^']*)'? does not take a value\.", r"l'option \1 ne prend pas de valeur."),
    (r"^Invalid value for (.*?): ", r"valeur invalide pour \1 : "),
    (r"^Invalid value: ", "valeur invalide : "),
    (r"Directory '?(.*?)'? does not exist\.", r"le dossier \1 n'existe pas."),
    (r"File '?(.*?)'? does not exist\.", r"le fichier \1 n'existe pas."),
    (r"Path '?(.*?)'? does not exist\.", r"le chemin \1 n'existe pas."),
    (r"(Directory|File|Path) (.*) is a file\.", r"\2 est un fichier (dossier attendu)."),
    (r"(Directory|File|Path) (.*) is a directory\.", r"\2 est un dossier (fichier attendu)."),
    (r"'([^']*)' is not a valid int(eger)?( range)?\.", r"« \1 » n'est pas un nombre entier."),
    (r"'([^']*)' is not a valid float( range)?\.", r"« \1 » n'est pas un nombre."),
    (r"(.*) is not in the range (.*)\.", r"\1 n'est pas dans l'intervalle \2."),
    (r"Value '?(.*?)'? is not a valid (.*)\.", r"« \1 » n'est pas un \2 valide."),
    (r"(.*) is not one of (.*)\.", r"\1 n'est pas l'une des valeurs \2."),
    (r"\(Possible options?: (.*)\)", r"(options possibles : \1)"),
    (r"Input should be a valid integer.*", "nombre entier attendu"),
    (r"Input should be a valid number.*", "nombre attendu"),
]


def franciser(texte: str, regles: list[tuple[str, str]] = _AIDE) -> str:
    """``texte`` with typer's English strings in French (line by line)."""
    lignes = []
    for ligne in texte.split("\n"):
        for motif, remplacement in regles:
            ligne = re.sub(motif, remplacement, ligne)
        for anglais, francais in _VALEURS.items():
            ecart = len(francais) - len(anglais)
            if ecart >= 0:  # a longer word takes spaces of the gap before the help
                ligne = re.sub(re.escape(anglais) + f"( {{{ecart + 2}}})",
                               lambda m, f=francais, e=ecart: f + m[1][e:], ligne)
            else:  # a shorter one gives them back
                ligne = re.sub(re.escape(anglais) + "(  )",
                               lambda m, f=francais, e=ecart: f + " " * -e + m[1], ligne)
            ligne = ligne.replace(anglais, francais)
        lignes.append(ligne)
    return "\n".join(lignes)


def _montrer(erreur: exceptions.ClickException) -> None:
    """A usage error in French: the usage line, the hint, the message."""
    message = franciser(erreur.format_message(), _ERREURS)
    contexte = getattr(erreur, "ctx", None)
    if contexte is not None:
        typer.echo(franciser(contexte.get_usage()), err=True)
        typer.echo(f"Aide : {contexte.command_path} --help\n", err=True)
    typer.echo(f"Erreur : {message}", err=True)


class Commande(core.TyperCommand):
    """A ``cpom`` command whose help is in French."""

    def get_help(self, ctx: Any) -> str:
        return franciser(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return franciser(super().get_usage(ctx))


class Groupe(core.TyperGroup):
    """The ``cpom`` group (and ``cpom templates``): French help, French usage errors."""

    def get_help(self, ctx: Any) -> str:
        return franciser(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return franciser(super().get_usage(ctx))

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except _AIDE_SANS_ARGUMENT as erreur:  # « cpom » alone: the help
            typer.echo(franciser(erreur.format_message()), err=True)
            sys.exit(erreur.exit_code)
        except exceptions.ClickException as erreur:
            _montrer(erreur)
            sys.exit(erreur.exit_code)
        except exceptions.Abort:
            typer.echo("Interrompu.", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)
