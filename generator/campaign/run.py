"""A campaign run: every service of a workbook, validated first, then generated.

1. load the workbook (``load.workbook``), prepare every template (a template that does
   not compile stops here, nothing written), validate every row; each problem is located
   by sheet, row and column; ``OUT/rapport.xlsx`` lists them (invalid rows never stop the
   others);
2. generate each valid service into ``OUT/<finess>-<nom>/``: DOCX in a pool of processes
   (each prepares each template once), PDF through one pool of LibreOffice workers; each
   service is written into a temporary folder, then renamed: no half-written files. A
   template that fails while rendering (an unknown field…) stops the run: it is reported
   once, located in the template, and the services not yet done are left for the next
   run;
3. ``OUT/manifest.csv`` (service, file, SHA-256, status), the state of each service (a
   second run skips what did not change) and, on request, ``OUT/campagne.zip``.

Ctrl-C stops cleanly: running services finish or are dropped, temporary folders are
removed, and the manifest lists what was done. Problems are ``Probleme`` values from the
workbook to the report; the exit code comes from their kinds (``Bilan.code_sortie``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import wait as attendre
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from domaine import formats
from generator import contract
from generator.campaign import state
from generator.contract import Contrat
from generator.load import workbook
from generator.load.workbook import Campagne, LigneService
from generator.output import bundle, production, writing
from generator.problems import ErreurCpom, Nature, Probleme, erreurs, interne
from generator.render import engine
from generator.variants import Variante

GENERE, INCHANGE, INVALIDE, ECHEC, NON_FAIT = (
    "généré", "inchangé", "invalide", "échec", "non traité")
RAPPORT, MANIFESTE = state.RAPPORT, state.MANIFESTE


@dataclass(frozen=True)
class OptionsCampagne:
    format: str = "docx"  # docx | pdf | all
    bundle: bool = True
    pdfa: bool = False
    moteur: str = "auto"
    jobs: int | None = None  # default: number of cores
    archive: bool = False
    dossier_modeles: Path | None = None

    def production(self) -> production.Options:
        return production.Options(self.format, self.bundle, self.pdfa, self.moteur)

    def travailleurs(self) -> int:
        return max(1, self.jobs or os.cpu_count() or 1)


@dataclass
class Service:
    """One service of the run and what became of it."""

    ligne: LigneService
    contrat: Contrat | None = None
    problemes: list[Probleme] = field(default_factory=list)
    statut: str = NON_FAIT
    dossier: str = ""
    fichiers: tuple[tuple[str, str], ...] = ()  # (name, sha256)
    empreinte: str = ""

    @property
    def finess(self) -> str:
        return self.ligne.finess

    @property
    def erreurs(self) -> list[Probleme]:
        return erreurs(self.problemes)

    def sortie(self) -> state.Sortie:
        fait = self.statut in (GENERE, INCHANGE)
        return state.Sortie(self.finess, self.ligne.nom, self.dossier if fait else "",
                            self.statut, self.fichiers if fait else ())


@dataclass
class Bilan:
    """The outcome of a run (the CLI prints it, the web application shows it)."""

    sortie: Path
    variante: Variante
    services: list[Service]
    problemes: list[Probleme] = field(default_factory=list)  # located, in report order
    generaux: list[Probleme] = field(default_factory=list)  # of no row: templates, machine
    interrompu: bool = False  # Ctrl-C
    arrete: bool = False  # stopped by a template or machine problem
    duree: float = 0.0
    duree_generation: float = 0.0
    documents: int = 0
    archive: Path | None = None

    def compte(self, statut: str) -> int:
        return sum(1 for s in self.services if s.statut == statut)

    @property
    def erreurs(self) -> list[Probleme]:
        return erreurs(self.problemes)

    @property
    def code_sortie(self) -> int:
        """130 interrupted; 1 an internal error; 2 a template or machine problem; 3 rows
        reported (the others generated); 0 every row generated."""
        if self.interrompu:
            return 130
        natures = {p.nature for p in self.erreurs}
        if Nature.SYSTEME in natures:
            return 1
        if natures - {Nature.DONNEES}:
            return 2
        return 3 if natures else 0


# --- validation ---------------------------------------------------------------------------

def _du_service(probleme: Probleme, ligne: LigneService) -> Probleme:
    lieu = probleme.lieu
    return replace(probleme, lieu=replace(lieu, service=lieu.service or ligne.finess,
                                          nom_service=lieu.nom_service or ligne.nom))


def _localiser(probleme: Probleme, ligne: LigneService) -> Probleme:
    """A problem of one service, placed in the workbook (``LigneService.situer``)."""
    return _du_service(ligne.situer(probleme), ligne)


def valider_service(ligne: LigneService, variante: Variante, source: Path) -> Service:
    """Validate and compute one service; its problems are located in the workbook."""
    service = Service(ligne, problemes=[_du_service(p, ligne) for p in ligne.problemes])
    try:
        prepare = contract.preparer(ligne.donnees, variante, source.name, source.parent)
    except ErreurCpom as exc:
        service.problemes += [_localiser(p, ligne) for p in exc.problemes]
    except Exception as exc:  # a bug (a legal rule that crashes): reported, never a pass
        service.problemes.append(_localiser(interne(exc), ligne))
    else:
        service.problemes += [_localiser(p, ligne) for p in prepare.avertissements]
        if not service.erreurs:
            service.contrat = prepare
    if service.erreurs:
        service.statut = INVALIDE
    return service


# --- the work of one service (in a worker process or thread) --------------------------------

@dataclass
class Tache:
    finess: str
    dossier: str
    contrat: Contrat
    sortie: Path
    options: production.Options


@dataclass
class Resultat:
    finess: str
    temporaire: Path
    fichiers: tuple[tuple[str, str], ...]
    problemes: list[Probleme] = field(default_factory=list)  # crosses processes intact


def produire_service(tache: Tache, convertisseur: Any = None) -> Resultat:
    """Write one service into a temporary folder of ``sortie`` (renamed by the caller)."""
    temporaire = tache.sortie / f"{state.PREFIXE_TEMPORAIRE}{tache.dossier}." \
                                f"{uuid.uuid4().hex[:8]}"
    try:
        if tache.options.pdf:
            production.produire(lambda: contract.documents(tache.contrat, tache.options.bundle),
                                temporaire, tache.options, convertisseur,
                                synchroniser=False)  # the run syncs once at its end
            fichiers = tuple((c.name, state.sha256(c)) for c in sorted(temporaire.iterdir())
                             if c.is_file() and not c.name.startswith("."))
        else:
            fichiers = _ecrire_docx(tache, temporaire)
    except ErreurCpom as exc:  # a template that fails, a conversion impossible
        shutil.rmtree(temporaire, ignore_errors=True)
        return Resultat(tache.finess, temporaire, (), exc.problemes)
    except Exception as exc:  # a bug: reported, the other services go on
        shutil.rmtree(temporaire, ignore_errors=True)
        return Resultat(tache.finess, temporaire, (), [interne(exc)])
    except BaseException:
        shutil.rmtree(temporaire, ignore_errors=True)
        raise
    return Resultat(tache.finess, temporaire, fichiers)


def _ecrire_docx(tache: Tache, dossier: Path) -> tuple[tuple[str, str], ...]:
    """DOCX only: render in memory, write into the service's temporary folder (no fsync
    per file: the folder is renamed when complete, and the run syncs once at the end)."""
    documents = contract.documents(tache.contrat, tache.options.bundle)
    fichiers = []
    with writing.ecriture(dossier):
        dossier.mkdir(parents=True)
        for nom in sorted(documents):
            (dossier / nom).write_bytes(documents[nom])
            fichiers.append((nom, hashlib.sha256(documents[nom]).hexdigest()))
    return tuple(fichiers)


def _initialiser_travailleur() -> None:
    """Worker process: Ctrl-C is the parent's business."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- the report ---------------------------------------------------------------------------

def _resume(bilan: Bilan, source: Path) -> list[tuple[str, Any]]:
    return [
        ("Classeur", str(source)),
        ("Modèle", bilan.variante.id),
        ("Services", len(bilan.services)),
        ("Générés", bilan.compte(GENERE)),
        ("Inchangés (déjà générés)", bilan.compte(INCHANGE)),
        ("Signalés (non générés)", bilan.compte(INVALIDE)),
        ("Échecs de génération", bilan.compte(ECHEC)),
        ("Non traités (interruption)", bilan.compte(NON_FAIT)),
        ("Erreurs", len(bilan.erreurs)),
        ("Avertissements", len(bilan.problemes) - len(bilan.erreurs)),
        ("Date", datetime.now().replace(microsecond=0).isoformat(sep=" ")),
    ]


def _ordre(probleme: Probleme) -> tuple[Any, ...]:
    lieu = probleme.lieu
    return (not probleme.est_erreur, lieu.feuille, lieu.ligne or 0, lieu.colonne or 0)


def _dedoublonner(problemes: list[Probleme], total: int) -> list[Probleme]:
    """A problem of a shared cell (« Paramètres », a common list row) or of a template is
    listed once, for « tous » or « N services »."""
    vus: dict[tuple[Any, ...], tuple[int, set[str]]] = {}
    sortie: list[Probleme] = []
    for probleme in problemes:
        lieu = probleme.lieu
        partage = bool(lieu.feuille) or probleme.nature is not Nature.DONNEES
        cle = (replace(lieu, service="", nom_service=""), probleme.message, probleme.niveau)
        if partage and cle in vus:
            rang, services = vus[cle]
            services.add(lieu.service)
            qui = "tous" if len(services) >= total > 1 else f"{len(services)} services"
            sortie[rang] = replace(sortie[rang], lieu=replace(sortie[rang].lieu, service=qui,
                                                              nom_service=""))
            continue
        vus[cle] = (len(sortie), {lieu.service})
        sortie.append(probleme)
    return sortie


def _rassembler(bilan: Bilan, donnees: Campagne) -> None:
    problemes = [p for s in bilan.services for p in s.problemes] + donnees.problemes
    bilan.problemes = _dedoublonner(sorted(problemes, key=_ordre), len(bilan.services)) \
        + _dedoublonner(bilan.generaux, len(bilan.services))


def _ecrire_rapport(bilan: Bilan, source: Path) -> None:
    from generator.campaign import workbooks  # openpyxl, loaded when a report is written

    workbooks.ecrire_rapport(bilan.sortie / RAPPORT, bilan.problemes, _resume(bilan, source))


# --- the run --------------------------------------------------------------------------------

Crochet = Callable[[Service], None]


class Affichage:
    """Progress of a run (the CLI shows a rich progress bar; tests show nothing)."""

    def debut(self, total: int) -> None: ...

    def avance(self, service: Service) -> None: ...

    def fin(self) -> None: ...


class _Arret(Exception):
    """A template or machine problem: the other services would fail the same way."""


def executer(source: Path, sortie: Path, options: OptionsCampagne | None = None, *,
             affichage: Affichage | None = None, apres_service: Crochet | None = None
             ) -> Bilan:
    """Run the campaign of ``source`` into ``sortie``; see the module docstring.

    ``apres_service`` is called after each service is written (tests use it to simulate
    an interruption). Raises ``ErreurCpom`` when the workbook cannot be read or a
    template cannot be prepared (nothing is written then).
    """
    options = options or OptionsCampagne()
    options.production().verifier()
    affichage = affichage or Affichage()
    debut = time.perf_counter()
    donnees = workbook.charger(source, options.dossier_modeles)
    for modeles in (donnees.variante.dossier, options.dossier_modeles):
        if modeles is not None:
            writing.verifier_sortie(sortie, modeles, dossiers_entree=(source.resolve().parent,))
    writing.verifier_dossier(sortie)
    prechauffer(donnees.variante, options.bundle)
    gabarits = state.empreinte_modeles(donnees.variante)
    services = []
    for ligne in donnees.services:
        service = valider_service(ligne, donnees.variante, source)
        if service.contrat is not None:
            service.dossier = state.nom_dossier(service.finess, ligne.nom)
            service.empreinte = state.empreinte_service(
                ligne.donnees, service.contrat.contexte, gabarits,
                (options.format, options.bundle, options.pdfa))
            _alleger(ligne)
        services.append(service)
    bilan = Bilan(sortie, donnees.variante, services)
    _rassembler(bilan, donnees)
    writing.creer_dossier(sortie)
    with state.verrou(sortie):
        return _executer(source, sortie, options, donnees, bilan, affichage, apres_service,
                         debut)


def _executer(source: Path, sortie: Path, options: OptionsCampagne, donnees: Campagne,
              bilan: Bilan, affichage: Affichage, apres_service: Crochet | None,
              debut: float) -> Bilan:
    """The run, once the output folder is held: report, generation, manifest, state."""
    services = bilan.services
    state.nettoyer_temporaires(sortie)
    _ecrire_rapport(bilan, source)
    etat = state.lire_etat(sortie)
    a_faire: list[Service] = []
    for service in services:
        if service.contrat is None:
            continue
        fichiers = state.deja_fait(service.finess, service.empreinte, service.dossier,
                                   sortie, etat)
        if fichiers is None:
            a_faire.append(service)
        else:
            service.statut, service.fichiers = INCHANGE, fichiers
    generation = time.perf_counter()
    try:
        _generer(a_faire, bilan, options, etat, affichage, apres_service)
    except KeyboardInterrupt:
        bilan.interrompu = True
    except _Arret:
        bilan.arrete = True
    except ErreurCpom as exc:  # the PDF converter cannot start
        bilan.generaux += exc.problemes
        bilan.arrete = True
    finally:
        state.nettoyer_temporaires(sortie)
        if hasattr(os, "sync") and any(s.statut == GENERE for s in services):
            os.sync()  # the documents are on disk before the state says they are
        bilan.duree_generation = time.perf_counter() - generation
        _rassembler(bilan, donnees)
        state.ecrire_manifeste(sortie, [s.sortie() for s in services])
        state.ecrire_etat(sortie, [(s.finess, s.empreinte, s.sortie()) for s in services
                                   if s.statut in (GENERE, INCHANGE)], etat)
        _ecrire_rapport(bilan, source)
        if options.archive and not (bilan.interrompu or bilan.arrete):
            bilan.archive = state.ecrire_archive(
                sortie, [s.sortie() for s in services if s.statut in (GENERE, INCHANGE)])
        bilan.documents = sum(len(s.fichiers) for s in services if s.statut == GENERE)
        bilan.duree = time.perf_counter() - debut
    return bilan


def _alleger(ligne: LigneService) -> None:
    """A valid service keeps its computed contract only (memory of large campaigns): its
    raw data are fingerprinted, its warnings already located."""
    ligne.donnees = {}
    ligne.origines.clear()
    ligne.colonnes.clear()
    ligne.elements.clear()


def _generer(services: list[Service], bilan: Bilan, options: OptionsCampagne,
             etat: dict[str, Any], affichage: Affichage, apres_service: Crochet | None
             ) -> None:
    if not services:
        return
    production_options = options.production()
    taches = {s.finess: Tache(s.finess, s.dossier, s.contrat, bilan.sortie, production_options)
              for s in services if s.contrat is not None}
    par_finess = {s.finess: s for s in services}

    def terminer(finess: str, resultat: Resultat) -> None:
        _terminer(par_finess[finess], resultat, bilan, etat, affichage, apres_service)

    try:
        with _executeur(options, len(taches)) as (executeur, convertisseur):
            if executeur is None:
                affichage.debut(len(taches))
                for tache in taches.values():
                    terminer(tache.finess, produire_service(tache, convertisseur))
                return
            futurs: dict[Future[Resultat], str] = {}
            try:
                for tache in taches.values():
                    futur = (executeur.submit(produire_service, tache) if convertisseur is None
                             else executeur.submit(produire_service, tache, convertisseur))
                    futurs[futur] = tache.finess
                affichage.debut(len(taches))  # after the workers started (fork)
                restants = set(futurs)
                while restants:
                    faits, restants = attendre(restants, return_when="FIRST_COMPLETED")
                    for futur in sorted(faits, key=lambda f: futurs[f]):
                        terminer(futurs[futur], futur.result())
            except BaseException:
                for futur in futurs:
                    futur.cancel()
                executeur.shutdown(wait=True, cancel_futures=True)
                raise  # services finished meanwhile are dropped (temporary folders)
    finally:
        affichage.fin()


def _terminer(service: Service, resultat: Resultat, bilan: Bilan, etat: dict[str, Any],
              affichage: Affichage, apres_service: Crochet | None) -> None:
    """Publish one service, or record why it failed; then report progress."""
    if resultat.problemes:
        service.statut = ECHEC
        for probleme in resultat.problemes:
            if probleme.nature is Nature.SYSTEME:  # this service's bug
                service.problemes.append(_localiser(probleme, service.ligne))
            else:  # a template or the machine: not this row's fault
                bilan.generaux.append(probleme)
        if any(p.nature in (Nature.MODELE, Nature.ENVIRONNEMENT) for p in resultat.problemes):
            raise _Arret
    else:
        ancien = (etat.get(service.finess) or {}).get("dossier")
        state.publier(resultat.temporaire, bilan.sortie, service.dossier, ancien)
        service.fichiers, service.statut = resultat.fichiers, GENERE
        state.noter(bilan.sortie, service.finess, service.empreinte, service.sortie())
    affichage.avance(service)
    if apres_service is not None:
        apres_service(service)


@contextlib.contextmanager
def _executeur(options: OptionsCampagne, nombre: int
               ) -> Iterator[tuple[Executor | None, Any]]:
    """DOCX: a pool of processes (none for one job); PDF: threads sharing one pool of
    LibreOffice workers (the converter parallelises, rendering is cheap)."""
    travailleurs = min(options.travailleurs(), nombre)
    if options.production().pdf:
        from generator.output import pdf

        with pdf.convertisseur(options.moteur, travailleurs=travailleurs) as convertisseur:
            convertisseur.demarrer()  # LibreOffice starts while the first contracts render
            if travailleurs <= 1:
                yield None, convertisseur
                return
            # twice as many services in flight as LibreOffice workers: while one service
            # waits for its conversion, the next one renders (the workers never wait)
            executeur = ThreadPoolExecutor(2 * travailleurs, thread_name_prefix="cpom-service")
            try:
                yield executeur, convertisseur
            finally:
                executeur.shutdown(wait=True, cancel_futures=True)
        return
    if travailleurs <= 1:
        yield None, None
        return
    executeur = ProcessPoolExecutor(travailleurs, initializer=_initialiser_travailleur)
    try:
        yield executeur, None
    finally:
        executeur.shutdown(wait=True, cancel_futures=True)


def prechauffer(variante: Variante, avec_bundle: bool = False) -> None:
    """Prepare every template of ``variante`` in this process, and the full contract's
    (a template that does not compile is reported here, before any work): worker
    processes started afterwards (fork) inherit them; others prepare each on first use."""
    for document in variante.documents:
        engine.gabarit(variante.gabarit(document))
    if avec_bundle:
        bundle.gabarit(variante)
    formats.montant(Decimal("1234.5"))
    formats.date_longue(date(2026, 1, 1))


