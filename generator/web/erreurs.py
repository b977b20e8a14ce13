"""Error pages in French."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def interdit(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/erreur.html", {
        "titre": "Accès refusé", "message": str(exception) if exception and str(exception)
        else "Vous n'avez pas le droit de faire cela."}, status=403)


def csrf(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/erreur.html", {
        "titre": "Formulaire expiré", "message": "La vérification de sécurité du formulaire a "
        "échoué (jeton CSRF absent ou périmé) : rechargez la page et recommencez."}, status=403)
