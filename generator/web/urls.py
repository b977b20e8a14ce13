"""The application's addresses."""

from django.contrib.auth import views as auth
from django.urls import path

from generator.web import vues, vues_campagnes

urlpatterns = [
    path("", vues.liste, name="contrats"),
    path("connexion/", auth.LoginView.as_view(template_name="web/connexion.html"),
         name="connexion"),
    path("deconnexion/", auth.LogoutView.as_view(), name="deconnexion"),
    path("contrats/nouveau/", vues.nouveau, name="nouveau"),
    path("contrats/<int:pk>/", vues.contrat, name="contrat"),
    path("contrats/<int:pk>/verifier/", vues.verifier, name="verifier"),
    path("contrats/<int:pk>/image/", vues.image, name="image"),
    path("contrats/<int:pk>/export.yaml", vues.export, name="export"),
    path("contrats/<int:pk>/versions/", vues.versions, name="versions"),
    path("contrats/<int:pk>/versions/comparer/", vues.comparer, name="comparer"),
    path("contrats/<int:pk>/versions/<int:numero>/restaurer/", vues.restaurer,
         name="restaurer"),
    path("contrats/<int:pk>/generer/", vues.generer, name="generer"),
    path("travaux/<int:pk>/", vues.travail, name="travail"),
    path("travaux/<int:pk>/etat/", vues.etat, name="etat"),
    path("travaux/<int:pk>/fichiers/<str:nom>", vues.fichier, name="fichier"),
    path("campagnes/", vues_campagnes.campagnes, name="campagnes"),
    path("campagnes/classeur/", vues_campagnes.classeur_vide, name="classeur_vide"),
    path("campagnes/lancer/", vues_campagnes.lancer_campagne, name="lancer_campagne"),
    path("modeles/", vues_campagnes.modeles, name="modeles"),
    path("modeles/<str:variante>/<int:indice>/", vues_campagnes.telecharger_modele,
         name="telecharger_modele"),
    path("modeles/<str:variante>/<int:indice>/envoyer/", vues_campagnes.envoyer_modele,
         name="envoyer_modele"),
    path("modeles/annotations/<str:nom>", vues_campagnes.annotation, name="annotation"),
]

handler403 = "generator.web.erreurs.interdit"
