"""Who may do what. Bound to the loopback address with no account, the application serves
one user without login (« poste local »); otherwise every page but the login page needs a
signed-in user. Two roles (Django groups): juriste and mainteneur (templates)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

JURISTE, MAINTENEUR = "juriste", "mainteneur"
ROLES = (JURISTE, MAINTENEUR)
LOCAL = "poste local"
_PUBLIQUES = ("/connexion/", "/static/")


def sans_compte() -> bool:
    """No login needed: bound to the loopback address and no account exists."""
    return bool(settings.LOCAL) and not get_user_model().objects.exists()


def auteur(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else LOCAL


def role(request: HttpRequest) -> str | None:
    """The user's role; the single local user has every right."""
    user = request.user
    if not user.is_authenticated:
        return MAINTENEUR if getattr(request, "cpom_local", False) else None
    if user.is_superuser or user.groups.filter(name=MAINTENEUR).exists():
        return MAINTENEUR
    return JURISTE


def exiger_mainteneur(request: HttpRequest) -> None:
    if role(request) != MAINTENEUR:
        raise PermissionDenied("réservé aux mainteneurs de modèles")


class Acces:
    """Login required, except in the single-user local mode."""

    def __init__(self, suivant: Callable[[HttpRequest], HttpResponse]) -> None:
        self.suivant = suivant

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.cpom_local = False  # type: ignore[attr-defined]
        if not request.user.is_authenticated and not request.path.startswith(_PUBLIQUES):
            if sans_compte():
                request.cpom_local = True  # type: ignore[attr-defined]
            else:
                return redirect_to_login(request.get_full_path())
        return self.suivant(request)


class LimiteEnvoi:
    """A request larger than ``LIMITE_REQUETE`` is refused before it is read."""

    def __init__(self, suivant: Callable[[HttpRequest], HttpResponse]) -> None:
        self.suivant = suivant

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            taille = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            taille = 0
        if taille > settings.LIMITE_REQUETE:
            return render(request, "web/erreur.html", {
                "titre": "Envoi trop volumineux",
                "message": f"Un envoi ne peut dépasser "
                           f"{settings.LIMITE_REQUETE // (1024 * 1024)} Mo."}, status=413)
        return self.suivant(request)


def contexte(request: HttpRequest) -> dict[str, Any]:
    """What every page shows: who is connected, with which role."""
    return {"cpom_auteur": auteur(request), "cpom_role": role(request) if hasattr(
        request, "user") else None, "cpom_local": getattr(request, "cpom_local", False)}
