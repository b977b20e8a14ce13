"""Background jobs: generating a contract's documents, running a campaign.

A job runs in a thread of the server; its progress and result live in the database
(``Travail``), so a page reload shows them and a restart of the server finds the jobs
it left unfinished: ``reprendre`` starts them again (a campaign resumes where it stopped,
the engine skips the services already generated).
"""

from __future__ import annotations

import logging
import shutil
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone

from generator import api
from generator.web import contrats, stockage
from generator.web.models import Contrat, Travail, Version

journal = logging.getLogger("generator.web")
ZIP_DOCUMENTS = "documents.zip"
ETAPES = {"docx": "Documents Word (DOCX)", "pdf": "Conversion en PDF",
          "all": "Conversion en PDF"}


def probleme(p: api.Probleme) -> dict[str, Any]:
    """A problem as the database keeps it (and the pages show it)."""
    lieu = p.lieu
    return {"message": p.message, "niveau": str(p.niveau), "lieu": lieu.texte(fichier=False),
            "champ": lieu.champ, "feuille": lieu.feuille, "ligne": lieu.ligne,
            "colonne": lieu.lettre, "entete": lieu.entete, "service": lieu.service,
            "nom_service": lieu.nom_service, "interne": p.nature is api.Nature.SYSTEME}


def lancer(travail: Travail) -> None:
    threading.Thread(target=executer, args=(travail.pk,), daemon=True,
                     name=f"cpom-travail-{travail.pk}").start()


def _maj(travail: Travail, **champs: Any) -> None:
    for cle, valeur in champs.items():
        setattr(travail, cle, valeur)
    travail.save(update_fields=list(champs))


def executer(pk: int, apres_service: Callable[[Any], None] | None = None) -> None:
    """Run job ``pk`` to its end (in the calling thread)."""
    close_old_connections()
    try:
        travail = Travail.objects.get(pk=pk)
        _maj(travail, etat=Travail.EN_COURS)
        if travail.genre == Travail.GENERATION:
            _generation(travail)
        else:
            _campagne(travail, apres_service)
    except Exception as exc:  # a bug: shown as « erreur interne », never a success
        journal.exception("travail %s", pk)
        Travail.objects.filter(pk=pk).update(
            etat=Travail.ECHEC, fini_le=timezone.now(),
            resultat={"problemes": [probleme(api.Probleme(
                f"erreur interne ({type(exc).__name__}) : à signaler",
                nature=api.Nature.SYSTEME))]})
    finally:
        connection.close()


def reprendre() -> list[int]:
    """Start again the jobs a stopped server left unfinished."""
    repris = []
    for travail in Travail.objects.filter(etat__in=(Travail.ATTENTE, Travail.EN_COURS)):
        _maj(travail, reprises=travail.reprises + 1, etat=Travail.ATTENTE)
        lancer(travail)
        repris.append(travail.pk)
    return repris


def _zip(dossier: Path, fichiers: list[Path]) -> Path:
    cible = dossier / ZIP_DOCUMENTS
    partiel = dossier / f".{ZIP_DOCUMENTS}.part"
    with zipfile.ZipFile(partiel, "w", zipfile.ZIP_DEFLATED) as archive:
        for fichier in fichiers:
            archive.write(fichier, fichier.name)
    partiel.replace(cible)
    return cible


def _generation(travail: Travail) -> None:
    contrat: Contrat = travail.contrat
    version = Version.objects.get(contrat=contrat, numero=travail.version)
    sortie = stockage.dossier_travail(travail.pk) / "documents"
    # DOCX first (quick, and an error is known at once), then everything: a generation
    # leaves in its folder exactly the outputs of its last run (api.generer)
    formats = ["docx", "all"] if travail.format == "all" else [travail.format]
    _maj(travail, total=len(formats), faits=0)
    fichiers: list[Path] = []
    avertissements: list[api.Probleme] = []
    for i, format_ in enumerate(formats):
        _maj(travail, etape=ETAPES[format_])
        resultat = api.generer(contrats.pour_facade(contrat, version.donnees), sortie,
                               api.Options(format=format_),
                               dossier_modeles=stockage.dossier_modeles(contrat.variante),
                               base=stockage.dossier_contrat(contrat.pk))
        if not resultat.ok:
            _maj(travail, etat=Travail.ECHEC, fini_le=timezone.now(), etape="",
                 resultat={"problemes": [probleme(p) for p in resultat.problemes]})
            return
        avertissements = resultat.avertissements
        fichiers = resultat.fichiers
        _maj(travail, faits=i + 1)
    _zip(sortie, fichiers)
    _maj(travail, etat=Travail.TERMINE, fini_le=timezone.now(), etape="",
         resultat={"fichiers": [f.name for f in fichiers],
                   "problemes": [probleme(p) for p in avertissements]})
    Contrat.objects.filter(pk=contrat.pk, version=travail.version).update(
        statut=Contrat.GENERE)


class _Suivi(api.Affichage):
    """Campaign progress into the database."""

    def __init__(self, travail: Travail) -> None:
        self.travail = travail

    def debut(self, total: int) -> None:
        _maj(self.travail, total=total, faits=0, etape="Génération des contrats")

    def avance(self, service: Any) -> None:
        _maj(self.travail, faits=self.travail.faits + 1)


def classeur(travail: Travail) -> Path:
    dossier = stockage.dossier_travail(travail.pk)
    for nom in ("classeur.xlsx", "classeur.csv"):
        if (dossier / nom).is_file():
            return dossier / nom
    return dossier / "classeur.xlsx"


def _modeles_campagne(dossier: Path) -> Path:
    """The templates of a campaign: every variant as it is in service when the campaign
    starts (edited by a maintainer, else shipped), copied once beside the workbook so that
    a resumed campaign uses the same ones."""
    racine = dossier / "modeles"
    if not racine.is_dir():
        partiel = dossier / ".modeles.part"
        stockage.effacer(partiel)
        for variante in contrats.variantes():
            shutil.copytree(stockage.dossier_modeles(variante.id) or variante.dossier,
                            partiel / variante.id)
        partiel.replace(racine)
    return racine


def _campagne(travail: Travail, apres_service: Callable[[Any], None] | None) -> None:
    dossier = stockage.dossier_travail(travail.pk)
    _maj(travail, etape="Lecture et vérification du classeur")
    options = api.OptionsCampagne(format=travail.format, archive=True,
                                  jobs=1 if travail.format == "docx" else None,
                                  dossier_modeles=_modeles_campagne(dossier))
    resultat = api.campagne(classeur(travail), dossier / "sortie", options,
                            affichage=_Suivi(travail), apres_service=apres_service)
    bilan = resultat.bilan
    if bilan is None:
        _maj(travail, etat=Travail.ECHEC, fini_le=timezone.now(), etape="",
             resultat={"problemes": [probleme(p) for p in resultat.problemes]})
        return
    if bilan.interrompu:  # the server stops: the job stays « en cours », resumed at start
        return
    comptes = {cle: bilan.compte(statut) for cle, statut in
               (("genere", api.GENERE), ("inchange", api.INCHANGE), ("invalide", api.INVALIDE),
                ("echec", api.ECHEC), ("non_fait", api.NON_FAIT))}
    _maj(travail, etat=Travail.ECHEC if bilan.arrete else Travail.TERMINE,
         fini_le=timezone.now(), etape="", variante=bilan.variante.id,
         resultat={"comptes": comptes, "services": len(bilan.services),
                   "problemes": [probleme(p) for p in [*bilan.generaux, *bilan.problemes]],
                   "archive": bilan.archive is not None, "documents": bilan.documents})
