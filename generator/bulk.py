"""A campaign run: every service of a workbook, validated first, then generated.

1. load the workbook (``campagne``) and validate every row; each problem is located by
   sheet, row and column; ``OUT/rapport.xlsx`` lists them (invalid rows never stop the
   others);
2. generate each valid service into ``OUT/<finess>-<nom>/``: DOCX in a pool of processes
   (each compiles each template once), PDF through one pool of LibreOffice workers;
   each service is written into a temporary folder, then renamed: no half-written files;
3. ``OUT/manifest.csv`` (service, file, SHA-256, status), ``OUT/.cpom-etat.json`` (the
   data and templates fingerprint of each service: a second run skips what did not
   change) and, on request, ``OUT/campagne.zip``.

Ctrl-C stops cleanly: running services finish or are dropped, temporary folders are
removed, and the manifest lists what was done.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import wait as attendre
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator import bundle, campagne, compilation, pipeline, production, render
from generator.campagne import Campagne, LigneService, ProblemeCampagne
from generator.errors import DonneesInvalides, ErreurUtilisateur
from generator.output import ecrire_atomique
from generator.variants import Variante

RAPPORT = "rapport.xlsx"
MANIFESTE = "manifest.csv"
ETAT = ".cpom-etat.json"
ARCHIVE = "campagne.zip"
PREFIXE_TEMPORAIRE = ".cpom-"
VERSION_ETAT = 1

GENERE, INCHANGE, INVALIDE, ECHEC, NON_FAIT = (
    "généré", "inchangé", "invalide", "échec", "non traité")


@dataclass(frozen=True)
class OptionsCampagne:
    format: str = "docx"  # docx | pdf | all
    bundle: bool = True
    pdfa: bool = False
    moteur: str = "auto"
    jobs: int | None = None  # default: number of cores
    archive: bool = False
    modeles: Path | None = None

    def production(self) -> production.Options:
        return production.Options(self.format, self.bundle, self.pdfa, self.moteur)

    def travailleurs(self) -> int:
        return max(1, self.jobs or os.cpu_count() or 1)


@dataclass
class Service:
    """One service of the run and what became of it."""

    ligne: LigneService
    contrat: pipeline.Contrat | None = None
    problemes: list[ProblemeCampagne] = field(default_factory=list)
    statut: str = NON_FAIT
    dossier: str = ""
    fichiers: list[tuple[str, str]] = field(default_factory=list)  # (name, sha256)
    empreinte: str = ""

    @property
    def finess(self) -> str:
        return self.ligne.finess

    @property
    def erreurs(self) -> list[ProblemeCampagne]:
        return [p for p in self.problemes if p.niveau == "erreur"]


@dataclass
class Bilan:
    """The outcome of a run (the CLI prints it)."""

    sortie: Path
    variante: Variante
    services: list[Service]
    problemes: list[ProblemeCampagne]  # every problem, located, in report order
    interrompu: bool = False
    duree: float = 0.0
    duree_generation: float = 0.0
    documents: int = 0
    archive: Path | None = None

    def compte(self, statut: str) -> int:
        return sum(1 for s in self.services if s.statut == statut)

    @property
    def erreurs(self) -> list[ProblemeCampagne]:
        return [p for p in self.problemes if p.niveau == "erreur"]

    @property
    def code_sortie(self) -> int:
        """0 every row generated; 3 some rows reported; 130 interrupted; 1 internal error."""
        if self.interrompu:
            return 130
        if any(p.niveau == "erreur" and p.message.startswith("erreur interne")
               for p in self.problemes):
            return 1
        return 3 if self.erreurs else 0


# --- validation ---------------------------------------------------------------------------

def valider_service(ligne: LigneService, variante: Variante, source: Path) -> Service:
    """Validate and compute one service; its problems are located in the workbook."""
    service = Service(ligne, problemes=list(ligne.problemes))
    try:
        contrat = pipeline.preparer(ligne.donnees, variante, source.name, source.parent)
    except DonneesInvalides as exc:
        for probleme in exc.problemes:
            cellule, chemin = ligne.localiser(probleme.chemin)
            service.problemes.append(ProblemeCampagne(probleme.message, cellule, chemin,
                                                      ligne.finess, ligne.nom))
    except ErreurUtilisateur as exc:  # an image that cannot be read
        service.problemes.append(ProblemeCampagne(str(exc), ligne.cellule, "", ligne.finess,
                                                  ligne.nom))
    else:
        for avertissement in contrat.avertissements:
            cellule, chemin = ligne.localiser(avertissement.chemin)
            service.problemes.append(ProblemeCampagne(
                avertissement.message, cellule, chemin, ligne.finess, ligne.nom,
                niveau="avertissement"))
        if not service.erreurs:
            service.contrat = contrat
    for probleme in service.problemes:
        probleme.service = probleme.service or ligne.finess
        probleme.nom = probleme.nom or ligne.nom
    if service.erreurs:
        service.statut = INVALIDE
    return service


# --- fingerprints ---------------------------------------------------------------------------

def _canonique(valeur: Any) -> Any:
    if isinstance(valeur, dict):
        return {str(k): _canonique(v) for k, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [_canonique(v) for v in valeur]
    if isinstance(valeur, Decimal | date | datetime):
        return f"{type(valeur).__name__}:{valeur}"
    return valeur


def _images(valeur: Any) -> Iterator[Path]:
    if isinstance(valeur, render.Image):
        yield Path(valeur.chemin)
    elif isinstance(valeur, dict):
        for sous in valeur.values():
            yield from _images(sous)
    elif isinstance(valeur, list | tuple):
        for sous in valeur:
            yield from _images(sous)


def _sha256(chemin: Path) -> str:
    empreinte = hashlib.sha256()
    with chemin.open("rb") as flux:
        for bloc in iter(lambda: flux.read(1 << 20), b""):
            empreinte.update(bloc)
    return empreinte.hexdigest()


def empreinte_modeles(variante: Variante) -> str:
    """Fingerprint of the templates, the variant's description and the engine version."""
    from importlib import metadata

    empreinte = hashlib.sha256()
    try:
        empreinte.update(metadata.version("cpom-generateur").encode())
    except metadata.PackageNotFoundError:  # pragma: no cover - source checkout
        empreinte.update(b"dev")
    for fichier in ["variante.yaml", *(d.fichier for d in variante.documents)]:
        chemin = variante.dossier / fichier
        empreinte.update(fichier.encode() + b"\0" + _sha256(chemin).encode())
    return empreinte.hexdigest()


def empreinte_service(service: Service, modeles: str, options: OptionsCampagne) -> str:
    """Data + templates + options (+ images): a service is regenerated when it changes."""
    assert service.contrat is not None
    images = {str(c): _sha256(c) for c in sorted(set(_images(service.contrat.contexte)))}
    contenu = json.dumps({
        "donnees": _canonique(service.ligne.donnees), "modeles": modeles, "images": images,
        "options": [options.format, options.bundle, options.pdfa],
    }, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(contenu.encode("utf-8")).hexdigest()


# --- output folder --------------------------------------------------------------------------

def nom_dossier(service: Service) -> str:
    """``<finess>-<nom-en-minuscules>``: safe on every file system."""
    texte = unicodedata.normalize("NFKD", service.ligne.nom).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", texte.decode().lower()).strip("-")[:60].strip("-")
    finess = re.sub(r"[^0-9A-Za-z]", "", service.finess)
    return f"{finess}-{slug}" if slug else finess


def _lire_etat(sortie: Path) -> dict[str, Any]:
    try:
        etat = json.loads((sortie / ETAT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if etat.get("version") != VERSION_ETAT:
        return {}
    return etat.get("services", {})


def _ecrire_etat(sortie: Path, services: list[Service], ancien: dict[str, Any]) -> None:
    etat = dict(ancien)
    for service in services:
        if service.statut in (GENERE, INCHANGE):
            etat[service.finess] = {"empreinte": service.empreinte, "dossier": service.dossier,
                                    "fichiers": dict(service.fichiers)}
    contenu = json.dumps({"version": VERSION_ETAT, "services": etat}, ensure_ascii=False,
                         indent=1, sort_keys=True)
    ecrire_atomique(sortie / ETAT, contenu.encode("utf-8"))


def _deja_fait(service: Service, sortie: Path, etat: dict[str, Any]) -> bool:
    connu = etat.get(service.finess)
    if not connu or connu.get("empreinte") != service.empreinte \
            or connu.get("dossier") != service.dossier:
        return False
    dossier = sortie / service.dossier
    fichiers = connu.get("fichiers") or {}
    if not fichiers or not all((dossier / nom).is_file() for nom in fichiers):
        return False
    service.fichiers = sorted(fichiers.items())
    return True


def nettoyer_temporaires(sortie: Path) -> None:
    """Remove what an interrupted run left (temporary folders, files being written)."""
    if not sortie.is_dir():
        return
    for chemin in sortie.iterdir():
        if chemin.name.startswith(PREFIXE_TEMPORAIRE) and chemin.is_dir():
            shutil.rmtree(chemin, ignore_errors=True)
        elif chemin.name.startswith(".") and chemin.name.endswith(".part"):
            chemin.unlink(missing_ok=True)


def _valider_dossier(dossier: Path, fichiers: list[tuple[str, str]]) -> None:
    """Make the DOCX bytes deterministic (fixed zip timestamps) and hash every file."""
    for chemin in sorted(dossier.iterdir()):
        if not chemin.is_file():
            continue
        if chemin.suffix.lower() == ".docx":
            octets = chemin.read_bytes()
            normal = compilation.normaliser(octets)
            if normal != octets:
                ecrire_atomique(chemin, normal)
        fichiers.append((chemin.name, _sha256(chemin)))


# --- the work of one service (in a worker process or thread) --------------------------------

@dataclass
class Tache:
    finess: str
    dossier: str
    contrat: pipeline.Contrat
    sortie: Path
    options: production.Options


@dataclass
class Resultat:
    finess: str
    temporaire: Path
    fichiers: list[tuple[str, str]]
    erreur: str | None = None  # French message (errors cross process boundaries as text)


def produire_service(tache: Tache, convertisseur: Any = None) -> Resultat:
    """Write one service into a temporary folder of ``sortie`` (renamed by the caller)."""
    temporaire = tache.sortie / f"{PREFIXE_TEMPORAIRE}{tache.dossier}.{uuid.uuid4().hex[:8]}"
    fichiers: list[tuple[str, str]] = []
    try:
        if tache.options.pdf:
            production.produire(tache.contrat, temporaire, tache.options, convertisseur)
            _valider_dossier(temporaire, fichiers)
        else:
            _ecrire_docx(tache, temporaire, fichiers)
    except ErreurUtilisateur as exc:  # template error, PDF conversion impossible
        shutil.rmtree(temporaire, ignore_errors=True)
        return Resultat(tache.finess, temporaire, [], str(exc))
    except Exception as exc:  # a bug: reported, the other services go on
        shutil.rmtree(temporaire, ignore_errors=True)
        return Resultat(tache.finess, temporaire, [],
                        f"erreur interne : {type(exc).__name__}: {exc}")
    except BaseException:
        shutil.rmtree(temporaire, ignore_errors=True)
        raise
    return Resultat(tache.finess, temporaire, fichiers)


def _ecrire_docx(tache: Tache, dossier: Path, fichiers: list[tuple[str, str]]) -> None:
    """DOCX only: render in memory, write into the service's temporary folder (no fsync
    per file: the folder is renamed when complete, and the run syncs once at the end)."""
    documents = production.documents_docx(tache.contrat, tache.options.bundle)
    dossier.mkdir(parents=True)
    for nom in sorted(documents):
        octets = documents[nom]
        if nom == bundle.NOM_DOCX:  # docxcompose (python-docx) writes the time of day
            octets = compilation.normaliser(octets)
        (dossier / nom).write_bytes(octets)
        fichiers.append((nom, hashlib.sha256(octets).hexdigest()))


def _initialiser_travailleur() -> None:
    """Worker process: Ctrl-C is the parent's business; compiled rendering."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    render.utiliser_compilation(True)


def _publier(resultat: Resultat, service: Service, sortie: Path, ancien: str | None) -> None:
    """Rename the temporary folder into place (the old version goes away after)."""
    final = sortie / service.dossier
    perime = None
    if final.exists():
        perime = sortie / f"{PREFIXE_TEMPORAIRE}ancien.{uuid.uuid4().hex[:8]}"
        os.replace(final, perime)
    os.replace(resultat.temporaire, final)
    if perime is not None:
        shutil.rmtree(perime, ignore_errors=True)
    if ancien and ancien != service.dossier and (sortie / ancien).is_dir():
        shutil.rmtree(sortie / ancien, ignore_errors=True)  # renamed service: ours to remove
    service.fichiers = resultat.fichiers
    service.statut = GENERE


# --- manifest, report, archive ----------------------------------------------------------------

def ecrire_manifeste(sortie: Path, services: list[Service]) -> Path:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\n")
    ecrivain.writerow(["service", "nom", "dossier", "fichier", "sha256", "statut"])
    for service in services:
        if service.fichiers and service.statut in (GENERE, INCHANGE):
            for nom, empreinte in service.fichiers:
                ecrivain.writerow([service.finess, service.ligne.nom, service.dossier, nom,
                                   empreinte, service.statut])
        else:
            ecrivain.writerow([service.finess, service.ligne.nom, "", "", "", service.statut])
    return ecrire_atomique(sortie / MANIFESTE, tampon.getvalue().encode("utf-8-sig"))


def ecrire_archive(sortie: Path, services: list[Service]) -> Path:
    """``campagne.zip``: every generated folder, the manifest and the report (streamed to
    a temporary file, then renamed; fixed timestamps)."""
    import zipfile

    chemins = [sortie / MANIFESTE, sortie / RAPPORT]
    for service in services:
        if service.statut in (GENERE, INCHANGE):
            chemins += [sortie / service.dossier / nom for nom, _ in service.fichiers]
    final = sortie / ARCHIVE
    temporaire = sortie / f".{ARCHIVE}.{uuid.uuid4().hex[:8]}.part"
    try:
        with zipfile.ZipFile(temporaire, "w", zipfile.ZIP_DEFLATED) as archive:
            for chemin in chemins:
                if not chemin.is_file():
                    continue
                info = zipfile.ZipInfo(chemin.relative_to(sortie).as_posix(),
                                       (1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with chemin.open("rb") as source, archive.open(info, "w") as cible:
                    shutil.copyfileobj(source, cible, 1 << 20)
        os.replace(temporaire, final)
    except BaseException:
        temporaire.unlink(missing_ok=True)
        raise
    return final


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


def _ordre(probleme: ProblemeCampagne) -> tuple[Any, ...]:
    cellule = probleme.cellule
    return (probleme.niveau != "erreur", cellule.feuille if cellule else "",
            cellule.ligne if cellule else 0, cellule.colonne or 0 if cellule else 0)


def _dedoublonner(problemes: list[ProblemeCampagne], total: int) -> list[ProblemeCampagne]:
    """A problem of a shared cell (« Paramètres », a common list row) is listed once."""
    vus: dict[tuple[Any, ...], tuple[ProblemeCampagne, set[str]]] = {}
    sortie = []
    for probleme in problemes:
        cle = (probleme.cellule, probleme.chemin, probleme.message, probleme.niveau)
        if probleme.cellule is not None and cle in vus:
            premier, services = vus[cle]
            services.add(probleme.service)
            premier.service = "tous" if len(services) >= total > 1 else \
                f"{len(services)} services"
            premier.nom = ""
            continue
        vus[cle] = (probleme, {probleme.service})
        sortie.append(probleme)
    return sortie


# --- the run --------------------------------------------------------------------------------

Crochet = Callable[[Service], None]


class Affichage:
    """Progress of a run (the CLI shows a rich progress bar; tests show nothing)."""

    def debut(self, total: int) -> None: ...

    def avance(self, service: Service) -> None: ...

    def fin(self) -> None: ...


def executer(source: Path, sortie: Path, options: OptionsCampagne | None = None, *,
             affichage: Affichage | None = None, apres_service: Crochet | None = None
             ) -> Bilan:
    """Run the campaign of ``source`` into ``sortie``; see the module docstring.

    ``apres_service`` is called after each service is written (tests use it to simulate
    an interruption). Raises ``FichierIllisible`` when the workbook cannot be read.
    """
    options = options or OptionsCampagne()
    affichage = affichage or Affichage()
    debut = time.perf_counter()
    donnees = campagne.charger(source, options.modeles)
    modeles = empreinte_modeles(donnees.variante)
    services = []
    for ligne in donnees.services:
        service = valider_service(ligne, donnees.variante, source)
        if service.contrat is not None:
            service.dossier = nom_dossier(service)
            service.empreinte = empreinte_service(service, modeles, options)
            _alleger(ligne)
        services.append(service)
    bilan = Bilan(sortie, donnees.variante, services, [])
    _rassembler(bilan, donnees)
    sortie.mkdir(parents=True, exist_ok=True)
    nettoyer_temporaires(sortie)
    classeur_rapport = sortie / RAPPORT
    _ecrire_rapport(bilan, source, classeur_rapport)
    etat = _lire_etat(sortie)
    a_faire: list[Service] = []
    for service in services:
        if service.contrat is None:
            continue
        if _deja_fait(service, sortie, etat):
            service.statut = INCHANGE
        else:
            a_faire.append(service)
    generation = time.perf_counter()
    try:
        _generer(a_faire, sortie, options, etat, affichage, apres_service)
    except KeyboardInterrupt:
        bilan.interrompu = True
    finally:
        nettoyer_temporaires(sortie)
        if hasattr(os, "sync") and any(s.statut == GENERE for s in services):
            os.sync()  # the documents are on disk before the state says they are
        bilan.duree_generation = time.perf_counter() - generation
        _rassembler(bilan, donnees)
        ecrire_manifeste(sortie, services)
        _ecrire_etat(sortie, services, etat)
        _ecrire_rapport(bilan, source, classeur_rapport)
        if options.archive and not bilan.interrompu:
            bilan.archive = ecrire_archive(sortie, services)
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


def _rassembler(bilan: Bilan, donnees: Campagne) -> None:
    problemes = [p for s in bilan.services for p in s.problemes] + donnees.problemes
    copies = [ProblemeCampagne(p.message, p.cellule, p.chemin, p.service, p.nom, p.niveau)
              for p in problemes]
    bilan.problemes = _dedoublonner(sorted(copies, key=_ordre), len(bilan.services))


def _ecrire_rapport(bilan: Bilan, source: Path, chemin: Path) -> None:
    from generator import classeur

    classeur.ecrire_rapport(chemin, bilan.problemes, _resume(bilan, source))


def _generer(services: list[Service], sortie: Path, options: OptionsCampagne,
             etat: dict[str, Any], affichage: Affichage, apres_service: Crochet | None
             ) -> None:
    if not services:
        return
    production_options = options.production()
    taches = {s.finess: Tache(s.finess, s.dossier, s.contrat, sortie, production_options)
              for s in services if s.contrat is not None}
    par_finess = {s.finess: s for s in services}
    variante = services[0].contrat.variante if services[0].contrat else None
    try:
        with _executeur(options, len(taches), variante) as (executeur, convertisseur):
            if executeur is None:
                affichage.debut(len(taches))
                for tache in taches.values():
                    _terminer(par_finess[tache.finess], sortie, etat, affichage, apres_service,
                              lambda t=tache: produire_service(t, convertisseur))
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
                        _terminer(par_finess[futurs[futur]], sortie, etat, affichage,
                                  apres_service, futur.result)
            except BaseException:
                for futur in futurs:
                    futur.cancel()
                executeur.shutdown(wait=True, cancel_futures=True)
                raise  # services finished meanwhile are dropped (temporary folders)
    finally:
        affichage.fin()


def _terminer(service: Service, sortie: Path, etat: dict[str, Any], affichage: Affichage,
              apres_service: Crochet | None, resultat: Callable[[], Resultat]) -> None:
    """Publish one service (or record its failure), then report progress."""
    fait = resultat()
    if fait.erreur is not None:
        _echec(service, fait.erreur)
    else:
        ancien = (etat.get(service.finess) or {}).get("dossier")
        _publier(fait, service, sortie, ancien)
    affichage.avance(service)
    if apres_service is not None:
        apres_service(service)


def _echec(service: Service, message: str) -> None:
    service.statut = ECHEC
    service.problemes.append(ProblemeCampagne(message, service.ligne.cellule, "",
                                              service.finess, service.ligne.nom))


@contextlib.contextmanager
def _executeur(options: OptionsCampagne, nombre: int, variante: Variante | None
               ) -> Iterator[tuple[Executor | None, Any]]:
    """DOCX: a pool of processes (none for one job); PDF: threads sharing one pool of
    LibreOffice workers (the converter parallelises, rendering is cheap)."""
    travailleurs = min(options.travailleurs(), nombre)
    avant = render._COMPILE["actif"]
    render.utiliser_compilation(True)
    try:
        if variante is not None:
            prechauffer(variante)
        with _pool(options, travailleurs) as pool:
            yield pool
    finally:
        render.utiliser_compilation(avant)


@contextlib.contextmanager
def _pool(options: OptionsCampagne, travailleurs: int
          ) -> Iterator[tuple[Executor | None, Any]]:
    if options.production().pdf:
        from generator import convert

        with convert.convertisseur(options.moteur, travailleurs=travailleurs) as convertisseur:
            convertisseur.demarrer()  # LibreOffice starts while the first contracts render
            if travailleurs <= 1:
                yield None, convertisseur
                return
            executeur = ThreadPoolExecutor(travailleurs, thread_name_prefix="cpom-service")
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


def prechauffer(variante: Variante) -> None:
    """Prepare every template of ``variante`` in this process: worker processes started
    afterwards (fork) inherit them; others prepare each template on first use."""
    from domaine import formats

    for document in variante.documents:
        compilation.gabarit(variante.modele(document))
    formats.montant(Decimal("1234.5"))  # loads the French locale data of babel
    formats.date_longue(date(2026, 1, 1))
