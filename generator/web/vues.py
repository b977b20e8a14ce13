"""The pages of contracts: list, creation, the form, versions, export, generation."""

from __future__ import annotations

import mimetypes
from dataclasses import replace
from typing import Any

import yaml
from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from generator import api
from generator.web import contrats, formulaire, formulaires, stockage, travaux
from generator.web.acces import auteur
from generator.web.models import Contrat, Travail, Version

# Computed figures shown (read-only) in the section of the inputs they come from.
CALCULS = {
    "pilotage": ("finances", "pilotage"),
    "elements_financiers": ("finances", "elements_financiers"),
    "depenses_recettes": ("finances", "depenses_recettes"),
    "synthese_financiere": ("synthese",),
    "tarification": ("elements_financiers",),
    "dotation_complementaire": ("dotation",),
}


def liste(request: HttpRequest) -> HttpResponse:
    recherche = request.GET.get("q", "").strip()
    objets = Contrat.objects.all()
    if recherche:
        objets = objets.filter(Q(nom_service__icontains=recherche) | Q(
            finess__icontains=recherche) | Q(variante__icontains=recherche) | Q(
            modifie_par__icontains=recherche))
    return render(request, "web/contrats.html", {"contrats": objets[:500], "q": recherche})


def nouveau(request: HttpRequest) -> HttpResponse:
    form = formulaires.Nouveau(request.POST or None, request.FILES or None)
    problemes: list[api.Probleme] = []
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        variante = form.cleaned_data["variante"]
        contrat = None
        if source == "exemple":
            contrat, problemes = contrats.depuis_exemple(variante, auteur(request))
        elif source == "vide":
            contrat = contrats.creer(variante, {"modele": variante}, auteur(request),
                                     note="créé vide")
        else:
            try:
                chemin = stockage.temporaire(form.cleaned_data["fichier"],
                                             stockage.EXTENSIONS_DONNEES, stockage.LIMITE_DONNEES)
            except stockage.EnvoiRefuse as exc:
                form.add_error("fichier", str(exc))
            else:
                try:
                    contrat, problemes = contrats.depuis_fichier(chemin, auteur(request))
                finally:
                    stockage.effacer(chemin)
        if contrat is not None:
            messages.success(request, "Contrat créé.")
            return redirect("contrat", pk=contrat.pk)
    # where in the file sent (a cell names its column by its header), and which field
    lignes = [{"message": p.message, "chemin": p.lieu.champ,
               "ou": replace(p.lieu, champ="").texte(fichier=False),
               "champ": contrats.intitule(p.lieu.champ) if p.lieu.champ and not p.lieu.entete
               else ""} for p in problemes]
    return render(request, "web/nouveau.html", {"form": form, "problemes": lignes},
                  status=400 if problemes or form.errors else 200)


def _url_image(contrat: Contrat) -> Any:
    base = reverse("image", args=[contrat.pk])
    return lambda chemin: f"{base}?chemin={chemin}"


def _page(request: HttpRequest, contrat: Contrat, donnees: dict[str, Any],
          verification: contrats.Verification | None, conflit: Contrat | None = None,
          status: int = 200, version_lue: int | None = None) -> HttpResponse:
    racine, problemes = contrats.arbre(contrat.variante)
    if racine is None:
        return render(request, "web/erreur.html", {"titre": "Modèle introuvable", "message":
                      "; ".join(p.message for p in problemes)}, status=500)
    verification = verification or contrats.verifier(contrat, donnees)
    erreurs, avertissements = _placer(racine, donnees, verification.erreurs,
                                      verification.avertissements)
    calculs = {}
    for section, chemin in CALCULS.items():
        valeur: Any = verification.calcul
        for cle in chemin:
            valeur = valeur.get(cle) if isinstance(valeur, dict) else None
        if valeur:
            calculs[section] = mark_safe(
                '<div class="calculs"><h3>Chiffres calculés (lecture seule)</h3>'
                + formulaire.tableau_calcul(valeur) + "</div>")
    rendu = formulaire.Rendu(racine, erreurs, avertissements, _url_image(contrat), calculs)
    sommaire, alertes = _sommaire(racine, erreurs), _sommaire(racine, avertissements)
    travail = contrat.travaux.filter(genre=Travail.GENERATION).first()
    return render(request, "web/contrat.html", {
        "contrat": contrat, "sections": rendu.sections(donnees), "erreurs": sommaire,
        "avertissements": alertes, "conflit": conflit, "travail": travail,
        "form_generation": formulaires.Generation(),
        "version_lue": contrat.version if version_lue is None else version_lue}, status=status)


def _placer(racine: api.Noeud, donnees: dict[str, Any], erreurs: list[api.Probleme],
            avertissements: list[api.Probleme]
            ) -> tuple[dict[str, list[api.Probleme]], dict[str, list[api.Probleme]]]:
    """Errors and warnings by the path of the box of the form that shows them."""
    connus = set(formulaire.chemins(racine, donnees))
    return formulaire.placer(erreurs, connus), formulaire.placer(avertissements, connus)


def _sommaire(racine: api.Noeud, places: dict[str, list[api.Probleme]]
              ) -> list[dict[str, str]]:
    """Each problem with the French header of its field (« Service › N° FINESS du
    service ») and the link to the field's box; the path stays for the curious."""
    return [{"message": p.message, "chemin": p.lieu.champ, "lien": formulaire.ident(chemin),
             "champ": api.intitule(racine, p.lieu.champ) if p.lieu.champ else ""}
            for chemin, liste_ in places.items() for p in liste_]


@require_POST
def verifier(request: HttpRequest, pk: int) -> JsonResponse:
    """The form checked while it is typed in, nothing saved (cpom.js): the problems of
    each shown path, the summaries as the page shows them, and the errors per section.
    The same check as saving (the façade's), images as last saved; an image chosen but
    not yet sent (``@en-attente``: its path) is not reported missing."""
    objet = get_object_or_404(Contrat, pk=pk)
    racine, _ = contrats.arbre(objet.variante)
    if racine is None:
        raise Http404
    donnees = formulaire.lire(racine, request.POST, {})
    verification = contrats.verifier(objet, donnees)
    attente = set(request.POST.getlist("@en-attente"))  # images chosen, sent on saving
    erreurs, avertissements = _placer(
        racine, donnees, [p for p in verification.erreurs if p.lieu.champ not in attente],
        verification.avertissements)
    champs: dict[str, dict[str, list[str]]] = {}
    for genre, places in (("erreurs", erreurs), ("avertissements", avertissements)):
        for chemin, liste_ in places.items():
            champs.setdefault(chemin, {"erreurs": [], "avertissements": []})[genre] += [
                p.message for p in liste_]
    sommaire = render_to_string("web/_problemes.html", {
        "erreurs": _sommaire(racine, erreurs), "avertissements": _sommaire(racine, avertissements),
        "en_direct": True}, request=request)
    return JsonResponse({
        "champs": champs, "sommaire": sommaire, "erreurs": sum(map(len, erreurs.values())),
        "sections": {cle: formulaire.nombre_dans(erreurs, cle) for cle in racine.enfants}})


def contrat(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(Contrat, pk=pk)
    if request.method != "POST":
        return _page(request, objet, objet.donnees, None)
    racine, _ = contrats.arbre(objet.variante)
    if racine is None:
        raise Http404
    images: dict[str, str] = {}
    refusees: list[api.Probleme] = []
    for nom, fichier in request.FILES.items():
        if nom.startswith("@"):
            try:
                images[nom[1:]] = stockage.image(fichier, objet.pk)
            except stockage.EnvoiRefuse as exc:
                refusees.append(api.Probleme(str(exc), api.Lieu(champ=nom[1:])))
    donnees = formulaire.lire(racine, request.POST, images)
    try:
        version_lue = int(request.POST.get("version", ""))
    except ValueError:
        version_lue = -1
    try:
        verification = contrats.enregistrer(objet, donnees, version_lue, auteur(request))
    except contrats.Conflit as conflit:
        return _page(request, objet, donnees, None, conflit.contrat, status=409,
                     version_lue=version_lue)
    verification.erreurs[:0] = refusees
    if verification.ok:
        messages.success(request, f"Version {objet.version} enregistrée : le contrat est prêt.")
    else:
        messages.warning(request, f"Version {objet.version} enregistrée, avec "
                                  f"{len(verification.erreurs)} erreur(s) à corriger.")
    return _page(request, objet, donnees, verification)


def image(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(Contrat, pk=pk)
    chemin = stockage.dans(stockage.dossier_contrat(objet.pk), request.GET.get("chemin", ""))
    if chemin is None or chemin.suffix.lower() not in stockage.EXTENSIONS_IMAGES:
        raise Http404
    return FileResponse(chemin.open("rb"), content_type=mimetypes.guess_type(chemin.name)[0])


def export(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(Contrat, pk=pk)
    texte = yaml.safe_dump(contrats.pour_facade(objet, objet.donnees), allow_unicode=True,
                           sort_keys=False, width=100)
    reponse = HttpResponse(texte, content_type="application/yaml; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="contrat-{objet.pk}.yaml"'
    return reponse


# --- versions -----------------------------------------------------------------------------

def versions(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(Contrat, pk=pk)
    return render(request, "web/versions.html", {"contrat": objet,
                                                 "versions": objet.versions.all()})


def comparer(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(Contrat, pk=pk)
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        messages.error(request, "Choisissez deux versions à comparer.")
        return redirect("versions", pk=pk)
    va = get_object_or_404(Version, contrat=objet, numero=a)
    vb = get_object_or_404(Version, contrat=objet, numero=b)
    plat_a, plat_b = formulaire.aplatir(va.donnees), formulaire.aplatir(vb.donnees)
    racine, _ = contrats.arbre(objet.variante)
    lignes = []
    for chemin in dict.fromkeys([*plat_a, *plat_b]):
        if plat_a.get(chemin) != plat_b.get(chemin):
            lignes.append({"chemin": chemin, "libelle": api.intitule(racine, chemin)
                           if racine and chemin else chemin, "a": _texte(plat_a.get(chemin)),
                           "b": _texte(plat_b.get(chemin))})
    return render(request, "web/comparer.html", {"contrat": objet, "a": va, "b": vb,
                                                 "lignes": lignes})


def _texte(valeur: Any) -> str:
    if valeur is None:
        return "—"
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    return str(valeur) if valeur not in ({}, []) else "—"


@require_POST
def restaurer(request: HttpRequest, pk: int, numero: int) -> HttpResponse:
    objet = get_object_or_404(Contrat, pk=pk)
    version = get_object_or_404(Version, contrat=objet, numero=numero)
    try:
        contrats.enregistrer(objet, version.donnees, int(request.POST.get("version", -1)),
                             auteur(request), note=f"restauration de la version {numero}")
    except (contrats.Conflit, ValueError):
        messages.error(request, "Le contrat a été modifié entre-temps : rien n'a été restauré. "
                                "Rechargez la page et recommencez.")
        return redirect("versions", pk=pk)
    messages.success(request, f"Version {numero} restaurée (nouvelle version {objet.version}).")
    return redirect("contrat", pk=pk)


# --- documents ----------------------------------------------------------------------------

@require_POST
def generer(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(Contrat, pk=pk)
    form = formulaires.Generation(request.POST)
    if not form.is_valid():
        return redirect("contrat", pk=pk)
    if objet.erreurs:
        messages.error(request, "Corrigez d'abord les erreurs du contrat : rien n'est généré "
                                "tant qu'il en reste une.")
        return redirect("contrat", pk=pk)
    travail = Travail.objects.create(genre=Travail.GENERATION, contrat=objet,
                                     version=objet.version, variante=objet.variante,
                                     format=form.cleaned_data["format"], auteur=auteur(request))
    travaux.lancer(travail)
    return redirect("travail", pk=travail.pk)


def travail(request: HttpRequest, pk: int) -> HttpResponse:
    objet = get_object_or_404(Travail, pk=pk)
    fichiers = objet.resultat.get("fichiers", [])
    pdfs = [f for f in fichiers if f.endswith(".pdf")]
    return render(request, "web/travail.html", {
        "travail": objet, "fichiers": fichiers, "pdf": pdfs[0] if pdfs else None,
        "problemes": objet.resultat.get("problemes", []), "comptes": objet.resultat.get(
            "comptes", {})})


def etat(request: HttpRequest, pk: int) -> JsonResponse:
    """Progress of a job, for the page that polls it."""
    objet = get_object_or_404(Travail, pk=pk)
    return JsonResponse({"etat": objet.etat, "libelle": objet.get_etat_display(),
                         "faits": objet.faits, "total": objet.total, "etape": objet.etape,
                         "pourcentage": objet.pourcentage, "fini": objet.fini})


def fichier(request: HttpRequest, pk: int, nom: str) -> HttpResponse:
    """A file a job wrote, looked up by name among the ones it lists (never a path)."""
    objet = get_object_or_404(Travail, pk=pk)
    dossier = stockage.dossier_travail(objet.pk)
    if objet.genre == Travail.GENERATION:
        permis = {n: dossier / "documents" / n for n in objet.resultat.get("fichiers", [])}
        if permis and objet.etat == Travail.TERMINE:
            permis[travaux.ZIP_DOCUMENTS] = dossier / "documents" / travaux.ZIP_DOCUMENTS
    else:
        permis = {n: dossier / "sortie" / n for n in (api.RAPPORT, "campagne.zip")}
    chemin = permis.get(nom)
    if chemin is None or not chemin.is_file():
        raise Http404
    en_ligne = nom.endswith(".pdf") and request.GET.get("voir") == "1"
    return FileResponse(chemin.open("rb"), as_attachment=not en_ligne, filename=nom,
                        content_type=mimetypes.guess_type(nom)[0] or "application/octet-stream")
