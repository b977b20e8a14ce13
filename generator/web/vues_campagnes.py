"""Campaigns (a workbook of services) and Word templates (maintainers)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from generator import api
from generator.web import contrats, formulaires, stockage, travaux
from generator.web.acces import auteur, exiger_mainteneur, role
from generator.web.models import Travail

ANNOTATIONS = "annotations"


def _page(request: HttpRequest, form: formulaires.Campagne, status: int = 200) -> HttpResponse:
    return render(request, "web/campagnes.html", {
        "travaux": Travail.objects.filter(genre=Travail.CAMPAGNE)[:100],
        "form_vide": formulaires.ClasseurVide(), "form": form}, status=status)


def campagnes(request: HttpRequest) -> HttpResponse:
    return _page(request, formulaires.Campagne())


def classeur_vide(request: HttpRequest) -> HttpResponse:
    form = formulaires.ClasseurVide(request.GET)
    if not form.is_valid():
        raise Http404
    variante = form.cleaned_data["variante"]
    dossier = stockage.dossier("tmp") / uuid.uuid4().hex
    dossier.mkdir(parents=True)
    try:
        resultat = api.classeur_campagne(variante, dossier / f"campagne-{variante}.xlsx",
                                         dossier_modeles=stockage.dossier_modeles(variante))
        if not resultat.ok:
            return render(request, "web/erreur.html", {"titre": "Classeur impossible",
                          "message": "; ".join(p.message for p in resultat.erreurs)}, status=500)
        contenu = resultat.fichiers[0].read_bytes()
    finally:
        stockage.effacer(dossier)
    reponse = HttpResponse(contenu, content_type="application/vnd.openxmlformats-officedocument"
                                                 ".spreadsheetml.sheet")
    reponse["Content-Disposition"] = f'attachment; filename="campagne-{variante}.xlsx"'
    return reponse


@require_POST
def lancer_campagne(request: HttpRequest) -> HttpResponse:
    form = formulaires.Campagne(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, 400)
    envoi = form.cleaned_data["classeur"]
    try:
        extension = stockage.extension(envoi, (".xlsx", ".csv"))
    except stockage.EnvoiRefuse as exc:
        form.add_error("classeur", str(exc))
        return _page(request, form, 400)
    travail = Travail.objects.create(genre=Travail.CAMPAGNE, format=form.cleaned_data["format"],
                                     auteur=auteur(request))
    dossier = stockage.dossier_travail(travail.pk)
    try:
        chemin = stockage.enregistrer(envoi, dossier / f"classeur{extension}",
                                      stockage.LIMITE_CLASSEUR)
        if extension == ".xlsx" and chemin.read_bytes()[:4] != stockage.ZIP:
            raise stockage.EnvoiRefuse("fichier illisible : ce n'est pas un classeur Excel")
        stockage.images_campagne(form.cleaned_data["images"], dossier)
    except stockage.EnvoiRefuse as exc:
        travail.delete()
        stockage.effacer(dossier)
        form.add_error(None, str(exc))
        return _page(request, form, 400)
    for variante in contrats.variantes():  # the workbooks of the app point at these images
        api.images_exemple(variante.id, dossier)
    travaux.lancer(travail)
    return redirect("travail", pk=travail.pk)


# --- templates ----------------------------------------------------------------------------

def _variante(identifiant: str) -> api.Variante:
    for variante in contrats.variantes():
        if variante.id == identifiant:
            dossier = stockage.dossier_modeles(identifiant)
            if dossier is None:
                return variante
            verifiees, _ = api.verifier_modeles(identifiant, dossier_modeles=dossier)
            return verifiees[0].variante if verifiees and verifiees[0].variante else variante
    raise Http404


def modeles(request: HttpRequest) -> HttpResponse:
    liste = [{"variante": v, "modifie": stockage.dossier_modeles(v.id) is not None,
              "documents": list(enumerate(v.documents))} for v in contrats.variantes()]
    return render(request, "web/modeles.html", {"variantes": liste,
                                                "mainteneur": role(request) == "mainteneur",
                                                "form": formulaires.Gabarit()})


def _document(identifiant: str, indice: int) -> tuple[api.Variante, Path, str]:
    variante = _variante(identifiant)
    if not 0 <= indice < len(variante.documents):
        raise Http404
    document = variante.documents[indice]
    dossier = stockage.dossier_modeles(identifiant) or variante.dossier
    return variante, dossier / document.fichier, document.fichier


def telecharger_modele(request: HttpRequest, variante: str, indice: int) -> HttpResponse:
    _, chemin, nom = _document(variante, indice)
    return FileResponse(chemin.open("rb"), as_attachment=True, filename=nom)


@require_POST
def envoyer_modele(request: HttpRequest, variante: str, indice: int) -> HttpResponse:
    exiger_mainteneur(request)
    choisie, cible, nom = _document(variante, indice)
    form = formulaires.Gabarit(request.POST, request.FILES)
    problemes: list[api.Probleme] = []
    annotation = ""
    if form.is_valid():
        try:
            chemin = stockage.temporaire(form.cleaned_data["fichier"], (".docx",),
                                         stockage.LIMITE_MODELE)
        except stockage.EnvoiRefuse as exc:
            form.add_error("fichier", str(exc))
        else:
            try:
                verifications, generaux = api.verifier_modeles(
                    str(chemin), variante=variante,
                    dossier_modeles=stockage.dossier_modeles(variante))
                problemes = [*generaux, *(p for v in verifications for p in v.problemes)]
                if any(p.est_erreur for p in problemes):
                    nom_annote = f"{uuid.uuid4().hex}.docx"
                    annote = api.annoter_modele(
                        verifications[0], stockage.dossier(ANNOTATIONS) / nom_annote)
                    if annote.ok:
                        annotation = nom_annote
                        request.session.setdefault("annotations", {})[nom_annote] = nom
                        request.session.modified = True
                else:
                    _remplacer(choisie, cible.name, chemin)
                    messages.success(request, f"Modèle « {nom} » vérifié et mis en service.")
                    return redirect("modeles")
            finally:
                stockage.effacer(chemin)
    return render(request, "web/modele_refuse.html", {
        "variante": choisie, "nom": nom, "form": form, "annotation": annotation,
        "problemes": [travaux.probleme(p) for p in problemes]},
        status=400)


def _remplacer(variante: api.Variante, nom: str, nouveau: Path) -> None:
    """Put a checked template in the variant's edited folder (a copy of the shipped one
    made on the first replacement), atomically."""
    dossier = stockage.racine() / "modeles" / variante.id
    if stockage.dossier_modeles(variante.id) is None:
        partiel = dossier.with_name(f".{variante.id}.{uuid.uuid4().hex[:8]}")
        shutil.copytree(variante.dossier, partiel)
        partiel.replace(dossier)
    temporaire = dossier / f".{uuid.uuid4().hex}.docx"
    shutil.copyfile(nouveau, temporaire)
    temporaire.replace(dossier / nom)


def annotation(request: HttpRequest, nom: str) -> HttpResponse:
    original = request.session.get("annotations", {}).get(nom)
    chemin = stockage.racine() / ANNOTATIONS / nom
    if original is None or not chemin.is_file():
        raise Http404
    return FileResponse(chemin.open("rb"), as_attachment=True,
                        filename=f"{Path(original).stem}-annote.docx")
