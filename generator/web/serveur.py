"""Start the application (``cpom serve``) and manage its accounts (``cpom comptes``)."""

from __future__ import annotations

import os
from pathlib import Path

LOCALES = ("127.0.0.1", "localhost", "::1")


class RefusDemarrage(Exception):
    """The server must not start (message for the user)."""


def preparer(donnees: Path | None = None, base_de_donnees: str | None = None,
             hote: str = "127.0.0.1") -> None:
    """Configure Django for this process and bring the database up to date."""
    if donnees is not None:
        os.environ["CPOM_DONNEES"] = str(donnees)
    if base_de_donnees:
        os.environ["CPOM_DATABASE_URL"] = base_de_donnees
    os.environ["CPOM_HOTE"] = hote
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "generator.web.reglages")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def verifier_acces(hote: str) -> None:
    """Any address other than the loopback one needs accounts (then login)."""
    from django.contrib.auth import get_user_model

    if hote not in LOCALES and not get_user_model().objects.exists():
        raise RefusDemarrage(
            f"aucun compte : l'application ne démarre pas sur l'adresse {hote} sans comptes. "
            "Créez-en un (cpom comptes creer NOM --role juriste|mainteneur), ou lancez-la "
            "sur 127.0.0.1 pour un seul poste sans connexion.")


def servir(hote: str, port: int, fils: int = 8) -> None:
    """Resume the jobs a previous run left, then serve until interrupted."""
    import waitress

    from generator.web import travaux
    from generator.web.wsgi import application

    travaux.reprendre()
    waitress.serve(application, host=hote, port=port, threads=fils, ident="cpom",
                   max_request_body_size=64 * 1024 * 1024)


# --- accounts -----------------------------------------------------------------------------

def creer_compte(nom: str, mot_de_passe: str, role: str) -> list[str]:
    """Create (or update the password and role of) an account; returns the password's
    problems, in French, if it is refused."""
    from django.contrib.auth import get_user_model, password_validation
    from django.contrib.auth.models import Group
    from django.core.exceptions import ValidationError

    from generator.web.acces import ROLES

    if role not in ROLES:
        return [f"rôle inconnu « {role} » ({' ou '.join(ROLES)})"]
    utilisateur = get_user_model()(username=nom)
    try:
        password_validation.validate_password(mot_de_passe, utilisateur)
    except ValidationError as exc:
        return list(exc.messages)
    utilisateur, _ = get_user_model().objects.get_or_create(username=nom)
    utilisateur.set_password(mot_de_passe)  # hashed by Django
    utilisateur.save()
    utilisateur.groups.set([Group.objects.get_or_create(name=role)[0]])
    return []


def comptes() -> list[tuple[str, str, bool]]:
    """(name, role, active) of every account."""
    from django.contrib.auth import get_user_model

    from generator.web.acces import JURISTE, MAINTENEUR

    return [(u.username, MAINTENEUR if u.groups.filter(name=MAINTENEUR).exists() else JURISTE,
             u.is_active) for u in get_user_model().objects.order_by("username")]


def supprimer_compte(nom: str) -> bool:
    from django.contrib.auth import get_user_model

    supprimes, _ = get_user_model().objects.filter(username=nom).delete()
    return bool(supprimes)
