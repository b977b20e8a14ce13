"""Contracts in the database: create, check (through the façade), save a version.

Saving keeps what was typed even when invalid; two people saving the same contract:
the second save, made on an older version, is refused and nothing is overwritten.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from generator import api
from generator.web import formulaire, stockage
from generator.web.models import Contrat, Version

_ARBRES: dict[str, api.Noeud] = {}


class Conflit(Exception):
    """The contract was saved by someone else since this form was opened."""

    def __init__(self, contrat: Contrat) -> None:
        super().__init__("conflit")
        self.contrat = contrat


def arbre(variante: str) -> tuple[api.Noeud | None, list[api.Probleme]]:
    """The variant's field tree (kept: it depends on the shipped schema only)."""
    if variante not in _ARBRES:
        racine, problemes = api.arbre_champs(variante,
                                             dossier_modeles=stockage.dossier_modeles(variante))
        if racine is None:
            return None, problemes
        _ARBRES[variante] = racine
    return _ARBRES[variante], []


def intitule(chemin: str) -> str:
    """The French header of a field of a file whose variant is not known (a file that
    could not be read): from the first variant whose schema has that field."""
    for variante in variantes():
        racine, _ = arbre(variante.id)
        if racine is not None and api.noeud_de(racine, chemin) is not None:
            return api.intitule(racine, chemin)
    return chemin


@dataclass
class Verification:
    """What the façade says of a contract's data."""

    erreurs: list[api.Probleme] = field(default_factory=list)
    avertissements: list[api.Probleme] = field(default_factory=list)
    calcul: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.erreurs


def verifier(contrat: Contrat, donnees: dict[str, Any]) -> Verification:
    """Validate ``donnees`` with the CLI's rules; images must be files of the contract."""
    base = stockage.dossier_contrat(contrat.pk)
    racine, problemes = arbre(contrat.variante)
    if racine is None:
        return Verification(erreurs=problemes)
    locaux = [api.Probleme("image introuvable : envoyez-la de nouveau", api.Lieu(champ=chemin))
              for chemin, valeur in formulaire.images(racine, donnees)
              if stockage.dans(base, valeur) is None]
    if locaux:  # never let the engine read a file outside the contract's folder
        donnees = _sans(donnees, {p.lieu.champ for p in locaux})
    donnees = formulaire.cles_de_tables(racine, donnees)
    resultat = api.valider(donnees, dossier_modeles=stockage.dossier_modeles(contrat.variante),
                           base=base)
    calcul = resultat.contrat.contexte.get("calcul") if resultat.contrat else None
    return Verification([*locaux, *resultat.erreurs], resultat.avertissements, calcul)


def pour_facade(contrat: Contrat, donnees: dict[str, Any]) -> dict[str, Any]:
    """Stored data as the façade reads it (numeric keys of tables)."""
    racine, _ = arbre(contrat.variante)
    return formulaire.cles_de_tables(racine, donnees)


def _sans(donnees: Any, chemins: set[str], chemin: str = "") -> Any:
    if isinstance(donnees, dict):
        return {c: _sans(v, chemins, formulaire.joindre(chemin, c)) for c, v in donnees.items()
                if formulaire.joindre(chemin, c) not in chemins}
    if isinstance(donnees, list):
        return [_sans(v, chemins, formulaire.joindre(chemin, i)) for i, v in enumerate(donnees)
                if formulaire.joindre(chemin, i) not in chemins]
    return donnees


def _resume(donnees: dict[str, Any]) -> tuple[str, str]:
    """The service's name and FINESS shown in the list (first service for the variants
    that hold several)."""
    service = donnees.get("service")
    if not isinstance(service, dict):
        services = donnees.get("services")
        service = services[0] if isinstance(services, list) and services and isinstance(
            services[0], dict) else {}
    nom = service.get("nom") or service.get("raison_sociale") or ""
    return str(nom)[:300], str(service.get("finess") or "")[:20]


def enregistrer(contrat: Contrat, donnees: dict[str, Any], version_lue: int, auteur: str,
                note: str = "") -> Verification:
    """Save ``donnees`` as a new version of ``contrat``; raises ``Conflit`` if the
    contract changed since version ``version_lue`` was read."""
    verification = verifier(contrat, donnees)
    nom, finess = _resume(donnees)
    with transaction.atomic():
        modifies = Contrat.objects.filter(pk=contrat.pk, version=version_lue).update(
            version=F("version") + 1, donnees=donnees, nom_service=nom, finess=finess,
            statut=Contrat.PRET if verification.ok else Contrat.BROUILLON,
            erreurs=len(verification.erreurs), avertissements=len(verification.avertissements),
            modifie_le=timezone.now(), modifie_par=auteur)
        if not modifies:
            raise Conflit(Contrat.objects.get(pk=contrat.pk))
        Version.objects.create(contrat=contrat, numero=version_lue + 1, donnees=donnees,
                               auteur=auteur, erreurs=len(verification.erreurs), note=note)
    contrat.refresh_from_db()
    return verification


def creer(variante: str, donnees: dict[str, Any], auteur: str, images: Path | None = None,
          note: str = "") -> Contrat:
    """A new contract (version 1) from ``donnees``; ``images``: a folder whose content
    (the example's images) is copied into the contract's folder."""
    contrat = Contrat.objects.create(variante=variante, modifie_par=auteur)
    if images is not None and images.is_dir():
        shutil.copytree(images, stockage.dossier_contrat(contrat.pk), dirs_exist_ok=True)
    racine, _ = arbre(variante)
    donnees = formulaire.en_json(donnees)
    if racine is not None:
        donnees = formulaire.normaliser(racine, donnees)
    enregistrer(contrat, donnees, 0, auteur, note)
    return contrat


def depuis_exemple(variante: str, auteur: str) -> tuple[Contrat | None, list[api.Probleme]]:
    dossier = stockage.dossier("tmp") / f"exemple-{timezone.now().timestamp():.6f}"
    dossier.mkdir(parents=True)
    try:
        ecrit = api.ecrire_exemple(variante, dossier / "exemple.yaml")
        if not ecrit.ok:
            return None, ecrit.problemes
        lu = api.lire_donnees(dossier / "exemple.yaml")
        if lu.donnees is None:
            return None, lu.problemes
        (dossier / "exemple.yaml").unlink()
        return creer(variante, lu.donnees, auteur, dossier, "créé depuis l'exemple"), []
    finally:
        stockage.effacer(dossier)


def variantes() -> list[api.Variante]:
    trouvees, _ = api.lister_variantes()
    return trouvees


def depuis_fichier(chemin: Path, auteur: str) -> tuple[Contrat | None, list[api.Probleme]]:
    """A contract from an uploaded data file (YAML, JSON, one-contract workbook)."""
    lu = api.lire_donnees(chemin)
    if lu.donnees is None:
        return None, lu.problemes
    modele = lu.donnees.get("modele")
    connues = [v.id for v in variantes()]
    if modele not in connues:
        return None, [api.Probleme(
            f"modèle « {modele or ''} » inconnu : le fichier doit indiquer son modèle "
            f"(modele: {' | '.join(connues)})", api.Lieu(champ="modele"))]
    return creer(str(modele), lu.donnees, auteur, note="créé depuis un fichier envoyé"), []
