"""DOCX → PDF: a pool of long-lived LibreOffice workers (Linux), or Word via docx2pdf.

LibreOffice: each worker is one ``soffice --accept=pipe`` with its
own user profile, in its own process group, driven through UNO by a small script
(``uno_worker.py``) run by a Python that has ``uno`` (``/usr/bin/python3`` on Debian).
A document that exceeds its deadline gets the whole worker killed (process group), the
worker restarted and the document retried once (the first attempt's deadline is sized on
the document, the retry's is the full one); the same after a crash. Workers are
recycled every N documents. Every PDF is checked (exists, non-empty, starts with
``%PDF-``) and written atomically. Without UNO, each document is one
``soffice --convert-to pdf`` with the worker's profile (same timeouts and retry).

Overrides (environment, or arguments of :func:`convertisseur`):
``CPOM_SOFFICE`` command of LibreOffice · ``CPOM_PYTHON_UNO`` Python with ``uno`` ·
``CPOM_PDF_MODE`` ``uno`` or ``cli`` · ``CPOM_PDF_TRAVAILLEURS`` number of workers ·
``CPOM_PDF_DELAI`` seconds per document · ``CPOM_PDF_DELAI_DEMARRAGE`` seconds to start
a worker · ``CPOM_PDF_RECYCLAGE`` documents before a worker is restarted.
"""

from __future__ import annotations

import abc
import atexit
import contextlib
import glob
import hashlib
import json
import os
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from queue import Queue
from typing import IO, Any

from generator.problems import ErreurCpom, Nature, Probleme

MOTEURS = ("auto", "libreoffice", "word")
# First attempt of a conversion: 15 s plus 30 s per MB of DOCX (a 28-page full contract,
# 0.2 MB, converts in 1.5 to 4 s on 2 cores; its first attempt may take 21 s).
DELAI_PREMIER_ESSAI = 15.0
DELAI_PAR_MO = 30.0
SCRIPT_UNO = Path(__file__).with_name("uno_worker.py")
FILTRE_DOCX = "MS Word 2007 XML"
# PDF export (writer_pdf_Export FilterData): images compressed without loss (logos and
# organigrammes are line art that JPEG would blur; LibreOffice also skips its JPEG
# trial), at most 300 dpi (print quality, bounded size).
OPTIONS_PDF: dict[str, bool | int] = {"UseLosslessCompression": True,
                                      "ReduceImageResolution": True,
                                      "MaxImageResolution": 300,
                                      # bookmarks as named destinations: the pages of
                                      # each document in the contrat complet
                                      "ExportBookmarksToPDFDestination": True}
PDFA_2B: dict[str, bool | int] = {"SelectPdfVersion": 2}
# Worker profiles: no word collection for autocompletion nor online spelling, idle-time
# jobs LibreOffice would otherwise run between the calls of a conversion.
REGLAGES_PROFIL = (
    ("/org.openoffice.Office.Writer/AutoFunction/Completion", "Enable", "false"),
    ("/org.openoffice.Office.Writer/AutoFunction/Completion", "CollectWords", "false"),
    ("/org.openoffice.Office.Linguistic/SpellChecking", "IsSpellAuto", "false"),
)
# jemalloc (Debian package libjemalloc2), preloaded into LibreOffice when present.
JEMALLOC = ("/usr/lib/*-linux-gnu/libjemalloc.so.2", "/usr/lib64/libjemalloc.so.2",
            "/usr/lib/libjemalloc.so.2", "/usr/local/lib/libjemalloc.so.2")
OPTIONS_SOFFICE = ("--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
                   "--nolockcheck", "--nofirststartwizard")
CHEMINS_SOFFICE = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


class ConvertisseurIntrouvable(ErreurCpom):
    """No PDF converter (LibreOffice, or Word with docx2pdf) is installed."""

    def __init__(self, detail: str = "LibreOffice (soffice) est introuvable") -> None:
        super().__init__(Probleme(
            f"conversion PDF impossible : {detail}. Installez LibreOffice : "
            "« sudo apt-get install libreoffice-writer-nogui » (ou « make systeme » en root) ; "
            "sous Windows ou macOS, Microsoft Word avec docx2pdf convient aussi "
            "(--pdf-engine word). Les fichiers DOCX sont conservés.",
            nature=Nature.ENVIRONNEMENT))


class ConversionEchouee(ErreurCpom):
    """A document could not be converted, even after a restart of its worker."""

    def __init__(self, message: str) -> None:
        super().__init__(Probleme(message, nature=Nature.ENVIRONNEMENT))


class _Echec(Exception):
    """One failed attempt (deadline, crash, no or bad output); the pool retries once."""

    def __init__(self, message: str, delai_depasse: bool = False) -> None:
        super().__init__(message)
        self.delai_depasse = delai_depasse


# ---------------------------------------------------------------- settings


def _env_nombre(nom: str, defaut: float) -> float:
    valeur = os.environ.get(nom, "").strip()
    if not valeur:
        return defaut
    try:
        nombre = float(valeur)
    except ValueError:
        raise ErreurCpom.environnement(f"{nom} : « {valeur} » n'est pas un nombre") from None
    if nombre <= 0:
        raise ErreurCpom.environnement(f"{nom} : doit être positif (« {valeur} »)")
    return nombre


def nombre_de_coeurs() -> int:
    """Cores this process may use (at least 1)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def commande_soffice(commande: str | list[str] | None = None) -> list[str] | None:
    """The LibreOffice command (argument, else ``CPOM_SOFFICE``, else found on the
    system), or None when it is not installed."""
    commande = commande if commande is not None else os.environ.get("CPOM_SOFFICE") or None
    if commande is not None:
        morceaux = shlex.split(commande) if isinstance(commande, str) else list(commande)
        if not morceaux:
            return None
        executable = shutil.which(morceaux[0])
        return [executable, *morceaux[1:]] if executable else None
    for nom in ("soffice", "libreoffice"):
        if trouve := shutil.which(nom):
            return [trouve]
    for chemin in CHEMINS_SOFFICE:
        if os.access(chemin, os.X_OK):
            return [chemin]
    return None


def python_uno(soffice: list[str] | None = None) -> str | None:
    """A Python that can ``import uno`` (``CPOM_PYTHON_UNO``, the system Python, or the
    one LibreOffice bundles on Windows/macOS), or None."""
    candidats = [os.environ.get("CPOM_PYTHON_UNO"), "/usr/bin/python3"]
    if soffice:
        dossier = Path(soffice[0]).resolve().parent
        candidats += [str(dossier / "python"), str(dossier.parent / "Resources" / "python")]
    for candidat in candidats:
        if candidat and os.access(candidat, os.X_OK) and _importe_uno(candidat):
            return candidat
    return None


@lru_cache(maxsize=8)
def _importe_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@dataclass(frozen=True)
class Reglages:
    """How the LibreOffice pool runs (see the module docstring for the overrides)."""

    soffice: list[str]
    mode: str = "uno"  # uno | cli
    python: str | None = None  # Python with uno, for mode "uno"
    travailleurs: int = 1
    delai: float = 120.0  # seconds per document, at most (the retry's deadline)
    delai_demarrage: float = 20.0  # seconds for a worker to accept connections
    recyclage: int = 200  # documents before a worker is restarted
    allocateur: str | None = None  # library preloaded into LibreOffice (jemalloc)

    @classmethod
    def depuis_environnement(cls, travailleurs: int | None = None,
                             soffice: str | list[str] | None = None,
                             mode: str | None = None, delai: float | None = None,
                             delai_demarrage: float | None = None,
                             recyclage: int | None = None) -> Reglages:
        """Arguments first, then ``CPOM_*`` variables, then defaults."""
        commande = commande_soffice(soffice)
        if commande is None:
            raise ConvertisseurIntrouvable()
        mode = mode or os.environ.get("CPOM_PDF_MODE") or None
        if mode not in (None, "uno", "cli"):
            raise ErreurCpom.environnement(f"CPOM_PDF_MODE : « {mode} » inconnu (uno ou cli)")
        python = None
        if mode != "cli" and os.name == "posix":
            python = python_uno(commande)
        if mode == "uno" and python is None:
            raise ConvertisseurIntrouvable(
                "aucun Python ne peut importer « uno » (paquet python3-uno)")
        return cls(
            soffice=commande,
            mode="uno" if python else "cli",
            python=python,
            travailleurs=max(1, int(travailleurs or _env_nombre("CPOM_PDF_TRAVAILLEURS",
                                                                nombre_de_coeurs()))),
            delai=delai or _env_nombre("CPOM_PDF_DELAI", cls.delai),
            delai_demarrage=delai_demarrage or _env_nombre("CPOM_PDF_DELAI_DEMARRAGE",
                                                           cls.delai_demarrage),
            recyclage=max(1, int(recyclage or _env_nombre("CPOM_PDF_RECYCLAGE",
                                                          cls.recyclage))),
            allocateur=jemalloc(),
        )


def options_pdf(pdfa: bool) -> dict[str, bool | int]:
    """The FilterData of the PDF export (PDF/A-2b when ``pdfa``)."""
    return {**OPTIONS_PDF, **(PDFA_2B if pdfa else {})}


def filtre_convert_to(pdfa: bool) -> str:
    """``soffice --convert-to`` argument for the same export (JSON FilterData, LO ≥ 7.4)."""
    donnees = {nom: {"type": "boolean" if isinstance(valeur, bool) else "long",
                     "value": str(valeur).lower()}
               for nom, valeur in options_pdf(pdfa).items()}
    return "pdf:writer_pdf_Export:" + json.dumps(donnees, separators=(",", ":"))


def profil_neuf(prefixe: str) -> Path:
    """A new LibreOffice user profile directory holding ``REGLAGES_PROFIL``."""
    dossier = Path(tempfile.mkdtemp(prefix=prefixe))
    (dossier / "user").mkdir()
    elements = "".join(
        f'<item oor:path="{chemin}"><prop oor:name="{nom}" oor:op="fuse">'
        f"<value>{valeur}</value></prop></item>\n"
        for chemin, nom, valeur in REGLAGES_PROFIL)
    (dossier / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{elements}</oor:items>\n", encoding="utf-8")
    return dossier


# ---------------------------------------------------------------- processes


def _taille(chemin: Path) -> int:
    try:
        return Path(chemin).stat().st_size
    except OSError:  # reported by ``convertir``
        return 0


def verifier_pdf(chemin: Path) -> None:
    """Raise when ``chemin`` is missing, empty or not a PDF."""
    try:
        with open(chemin, "rb") as fichier:
            debut = fichier.read(5)
    except OSError:
        raise _Echec("aucun PDF produit") from None
    if not debut:
        raise _Echec("PDF vide")
    if debut != b"%PDF-":
        raise _Echec("le fichier produit n'est pas un PDF")


def membres_du_groupe(groupe: int) -> list[int]:
    """Live processes of process group ``groupe`` (Linux /proc; empty elsewhere)."""
    membres = []
    with contextlib.suppress(OSError):
        for nom in os.listdir("/proc"):
            if not nom.isdigit():
                continue
            try:
                with open(f"/proc/{nom}/stat", "rb") as fichier:
                    champs = fichier.read().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(champs[2]) == groupe and champs[0] != b"Z":
                membres.append(int(nom))
    return membres


def _lancer(commande: list[str], **options: Any) -> subprocess.Popen:
    """Start ``commande`` as the leader of a new process group (new session)."""
    if os.name == "posix":
        options["start_new_session"] = True
    else:
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    return subprocess.Popen(commande, **options)


def tuer_groupe(processus: subprocess.Popen) -> None:
    """Kill ``processus`` and every process of its group, and reap it.

    The leader's children are killed first so that it reaps them (no zombie left to an
    init that does not reap); the group is killed while the leader's pid is still held
    (not yet reaped), so a reused pid can never be hit.
    """
    if os.name != "posix":
        if processus.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(processus.pid)],
                           capture_output=True, check=False)
        processus.wait()
        return
    groupe = processus.pid
    enfants = [pid for pid in membres_du_groupe(groupe) if pid != groupe]
    for pid in enfants:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    if processus.returncode is not None:  # leader already reaped: children done above
        return
    if enfants and hasattr(os, "waitid"):
        fin = time.monotonic() + 3
        while time.monotonic() < fin:
            if os.waitid(os.P_PID, groupe, os.WEXITED | os.WNOWAIT | os.WNOHANG):
                break
            time.sleep(0.02)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(groupe, signal.SIGKILL)
    processus.wait()


def _fin_du_journal(journal: IO[bytes] | None, taille: int = 400) -> str:
    if journal is None:
        return ""
    with contextlib.suppress(OSError, ValueError):
        journal.seek(0, os.SEEK_END)
        journal.seek(max(0, journal.tell() - taille))
        texte = journal.read().decode("utf-8", "replace").strip()
        return f" : {texte.splitlines()[-1]}" if texte else ""
    return ""


def _effacer_tube_ipc(uri_profil: str) -> None:
    """Remove the single-instance socket a killed LibreOffice leaves in /tmp
    (``OSL_PIPE_<uid>_SingleOfficeIPC_<MD5 of the profile URL in UTF-16>``)."""
    if not hasattr(os, "getuid"):
        return
    Path(_tube_ipc(uri_profil)).unlink(missing_ok=True)


# ---------------------------------------------------------------- watchdog

# The watchdog: a small process of its own session that reads orders on its standard
# input. The only writer of that pipe is the converter's process: when it ends, however
# (SIGKILL included), the watchdog reads the end of its input, kills the LibreOffice
# process groups still registered and removes the profiles, temporary folders and pipes.
_CODE_GARDIEN = """
import glob, json, os, shutil, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
groupes, chemins = set(), set()
for ligne in sys.stdin:
    try:
        ordre = json.loads(ligne)
    except ValueError:
        continue
    groupes.add(ordre["groupe"]) if "groupe" in ordre else None
    groupes.discard(ordre.get("fini"))
    chemins.add(ordre["chemin"]) if "chemin" in ordre else None
    chemins.discard(ordre.get("oublie"))
for groupe in groupes:
    try:
        os.killpg(groupe, signal.SIGKILL)
    except OSError:
        pass
for motif in chemins:
    for chemin in glob.glob(motif):
        if os.path.isdir(chemin) and not os.path.islink(chemin):
            shutil.rmtree(chemin, ignore_errors=True)
        else:
            try:
                os.unlink(chemin)
            except OSError:
                pass
"""


class Gardien:
    """Kills the LibreOffice process groups and removes the files this process
    registered, whenever this process ends (even killed). No-op where it cannot start."""

    def __init__(self) -> None:
        self.processus: subprocess.Popen | None = None
        self.verrou = threading.Lock()

    def _envoyer(self, **ordre: Any) -> None:
        with self.verrou:
            if self.processus is None and os.name == "posix":
                with contextlib.suppress(OSError):
                    self.processus = subprocess.Popen(
                        [sys.executable, "-c", _CODE_GARDIEN], stdin=subprocess.PIPE,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                        start_new_session=True, close_fds=True)
            if self.processus is not None and self.processus.stdin is not None:
                with contextlib.suppress(OSError, ValueError):
                    self.processus.stdin.write((json.dumps(ordre) + "\n").encode())
                    self.processus.stdin.flush()

    def groupe(self, pid: int) -> None:
        self._envoyer(groupe=pid)

    def fini(self, pid: int) -> None:
        self._envoyer(fini=pid)

    def chemin(self, motif: str | Path) -> None:
        self._envoyer(chemin=str(motif))

    def oublie(self, motif: str | Path) -> None:
        self._envoyer(oublie=str(motif))

    def fermer(self) -> None:
        """Let the watchdog clean what is left, and wait for it."""
        with self.verrou:
            processus, self.processus = self.processus, None
        if processus is not None:
            with contextlib.suppress(OSError, ValueError):
                processus.stdin.close()  # type: ignore[union-attr]
            with contextlib.suppress(subprocess.TimeoutExpired):
                processus.wait(10)


def _tubes(tube: str) -> list[str]:
    """The sockets a LibreOffice listening on ``tube`` leaves when killed."""
    return [str(Path(d) / f"OSL_PIPE_*_{tube}")
            for d in sorted({"/tmp", tempfile.gettempdir()})]


def _tube_ipc(uri_profil: str) -> str:
    empreinte = "".join(f"{octet:x}" for octet in
                        hashlib.md5(uri_profil.encode("utf-16-le"), usedforsecurity=False).digest())
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return f"/tmp/OSL_PIPE_{uid}_SingleOfficeIPC_{empreinte}"


def jemalloc() -> str | None:
    """The jemalloc library LibreOffice runs with, if any (``CPOM_PDF_ALLOCATEUR``: a
    library path, or ``systeme`` for the C library's allocator).

    LibreOffice allocates and frees millions of small objects per document; with
    jemalloc a conversion takes about 15 % less CPU than with glibc's malloc (measured
    in benchmarks/README.md), the PDF being the same."""
    choix = os.environ.get("CPOM_PDF_ALLOCATEUR", "").strip()
    if choix == "systeme" or not sys.platform.startswith("linux"):
        return None
    if choix:
        if not Path(choix).is_file():
            raise ErreurCpom.environnement(
                f"CPOM_PDF_ALLOCATEUR : « {choix} » introuvable (chemin de libjemalloc.so.2 "
                "ou « systeme »)")
        return choix
    for motif in JEMALLOC:
        for chemin in sorted(glob.glob(motif)):
            return chemin
    return None


def _environnement_soffice(profil: Path, allocateur: str | None) -> dict[str, str]:
    """LibreOffice's temporary files (``lu*.tmp``) inside the worker's profile (removed
    with it), and jemalloc preloaded when the machine has it."""
    temporaire = profil / "tmp"
    temporaire.mkdir(exist_ok=True)
    environnement = {**os.environ, "TMPDIR": str(temporaire), "TMP": str(temporaire),
                     "TEMP": str(temporaire)}
    if allocateur:
        environnement["LD_PRELOAD"] = " ".join(
            filter(None, (allocateur, os.environ.get("LD_PRELOAD"))))
    return environnement


# ---------------------------------------------------------------- workers


class _Travailleur(abc.ABC):
    """One slot of the pool: its own LibreOffice profile, restarted on demand."""

    def __init__(self, numero: int, reglages: Reglages, pool: PoolLibreOffice) -> None:
        self.numero = numero
        self.reglages = reglages
        self.pool = pool
        self.verrou = threading.Lock()
        self.profil: Path | None = None
        self.documents = 0  # since the last start
        self.occupe = False  # converting a document right now

    def _nouveau_profil(self) -> str:
        self._oublier_profil()
        self.profil = profil_neuf(f"cpom-lo-{os.getpid()}-{self.numero}-")
        self.pool.gardien.chemin(self.profil)
        self.pool.gardien.chemin(_tube_ipc(self.profil.as_uri()))
        return f"-env:UserInstallation={self.profil.as_uri()}"

    def _oublier_profil(self) -> None:
        if self.profil is not None:
            _effacer_tube_ipc(self.profil.as_uri())
            shutil.rmtree(self.profil, ignore_errors=True)
            self.pool.gardien.oublie(self.profil)
            self.pool.gardien.oublie(_tube_ipc(self.profil.as_uri()))
            self.profil = None

    def _lancer(self, commande: list[str], **options: Any) -> subprocess.Popen:
        """Start a process group the watchdog kills if this process dies."""
        processus = _lancer(commande, **options)
        self.pool.gardien.groupe(processus.pid)
        return processus

    @contextlib.contextmanager
    def _surveille(self, chemin: str | Path) -> Iterator[None]:
        """``chemin`` removed by the watchdog if this process dies meanwhile."""
        self.pool.gardien.chemin(chemin)
        try:
            yield
        finally:
            self.pool.gardien.oublie(chemin)

    def _tuer(self, processus: subprocess.Popen) -> None:
        tuer_groupe(processus)
        self.pool.gardien.fini(processus.pid)

    def groupes(self) -> list[int]:
        return []

    @abc.abstractmethod
    def convertir(self, docx: Path, pdf: Path, pdfa: bool, delai: float) -> None:
        """Convert one document within ``delai`` seconds (raises ``_Echec`` on a failed
        attempt)."""

    def preparer(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Start what a conversion needs, ahead of the first document."""

    def demander_arret(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Ask an idle worker to quit on its own (see ``arreter``)."""

    @abc.abstractmethod
    def arreter(self, force: bool = False) -> None:
        """Stop this worker's LibreOffice (at once when ``force``) and forget its profile."""


class _TravailleurUno(_Travailleur):
    """A long-lived ``soffice --accept=pipe`` and its UNO worker script."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.soffice: subprocess.Popen | None = None
        self.script: subprocess.Popen | None = None
        self.journal: IO[bytes] | None = None
        self.tampon = b""
        self.tube = ""

    def groupes(self) -> list[int]:
        return [p.pid for p in (self.soffice, self.script) if p and p.returncode is None]

    def _demarrer(self) -> None:
        self.tube = tube = f"cpom_{os.getpid()}_{self.numero}_{uuid.uuid4().hex[:8]}"
        with self.verrou:
            if self.pool.ferme:
                raise ConversionEchouee("conversion PDF interrompue (convertisseur fermé)")
            profil = self._nouveau_profil()
            self.journal = tempfile.TemporaryFile()  # noqa: SIM115 (closed in arreter)
            self.tampon = b""
            self.documents = 0
            for motif in _tubes(tube):
                self.pool.gardien.chemin(motif)
            try:
                assert self.profil is not None
                self.soffice = self._lancer(
                    [*self.reglages.soffice, *OPTIONS_SOFFICE, profil,
                     f"--accept=pipe,name={tube};urp;StarOffice.ComponentContext"],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.journal,
                    env=_environnement_soffice(self.profil, self.reglages.allocateur))
                self.script = self._lancer(
                    [self.reglages.python or "python3", str(SCRIPT_UNO), tube],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.journal)
            except OSError as exc:  # not executable, vanished…
                if self.soffice is not None:
                    self._tuer(self.soffice)
                    self.soffice = None
                raise ConvertisseurIntrouvable(f"{exc.filename or exc} ne démarre pas "
                                               f"({exc.strerror or exc})") from None
        self.pool._compter("demarrages")
        reponse = self._lire(self.reglages.delai_demarrage, "démarrage de LibreOffice")
        if not reponse.get("pret"):
            raise _Echec(f"démarrage de LibreOffice : réponse inattendue {reponse}")

    def _lire(self, delai: float, etape: str) -> dict[str, Any]:
        """Next JSON line of the worker script, within ``delai`` seconds."""
        try:
            descripteur = self.script.stdout.fileno()  # type: ignore[union-attr]
        except (AttributeError, ValueError):  # stopped meanwhile (the pool is closing)
            raise _Echec(f"{etape} : processus UNO arrêté") from None
        fin = time.monotonic() + delai
        while b"\n" not in self.tampon:
            reste = fin - time.monotonic()
            if reste <= 0:
                raise _Echec(f"{etape} : délai de {delai:g} s dépassé", delai_depasse=True)
            prets, _, _ = select.select([descripteur], [], [], min(reste, 0.5))
            if not prets:
                if self.soffice is not None and self.soffice.poll() is not None:
                    raise _Echec(f"{etape} : LibreOffice s'est arrêté "
                                 f"(code {self.soffice.returncode})"
                                 + _fin_du_journal(self.journal))
                continue
            try:
                morceau = os.read(descripteur, 65536)
            except OSError:
                morceau = b""
            if not morceau:
                raise _Echec(f"{etape} : le processus UNO s'est arrêté"
                             + _fin_du_journal(self.journal))
            self.tampon += morceau
        ligne, _, self.tampon = self.tampon.partition(b"\n")
        try:
            return json.loads(ligne)
        except ValueError:
            raise _Echec(f"{etape} : réponse illisible du processus UNO") from None

    def preparer(self) -> None:
        if self.script is None:
            self._demarrer()

    def convertir(self, docx: Path, pdf: Path, pdfa: bool, delai: float) -> None:
        if self.script is not None and self.documents >= self.reglages.recyclage:
            self.arreter()
            self.pool._compter("recyclages")
        if self.script is None:
            self._demarrer()
        demande = json.dumps({"docx": str(docx), "pdf": str(pdf),
                              "options": options_pdf(pdfa)})
        try:
            self.script.stdin.write((demande + "\n").encode())  # type: ignore[union-attr]
            self.script.stdin.flush()  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            raise _Echec("le processus UNO ne répond plus") from None
        self.documents += 1
        reponse = self._lire(delai, docx.name)
        if not reponse.get("ok"):
            raise _Echec(str(reponse.get("erreur", "erreur inconnue")))

    def demander_arret(self) -> None:
        if self.script is not None and self.script.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self.script.stdin.close()  # end of input: the script makes LibreOffice quit

    def arreter(self, force: bool = False) -> None:
        """Stop this worker: politely (end of its input: LibreOffice quits), then kill
        whatever is left; ``force`` kills at once."""
        with self.verrou:
            soffice, script = self.soffice, self.script
            self.soffice = self.script = None
            if script is not None and not force:
                self.script = script
                self.demander_arret()
                self.script = None
                for processus in (script, soffice):
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        if processus is not None:
                            processus.wait(10)
            for processus in (soffice, script):  # LibreOffice first: frees a blocked call
                if processus is not None:
                    self._tuer(processus)
                    for flux in (processus.stdin, processus.stdout):
                        with contextlib.suppress(OSError, ValueError):
                            if flux:
                                flux.close()
            if self.journal is not None:
                self.journal.close()
                self.journal = None
            self._oublier_profil()
            if self.tube:  # the socket of a killed LibreOffice stays in /tmp
                for motif in _tubes(self.tube):
                    for reste in Path(motif).parent.glob(Path(motif).name):
                        reste.unlink(missing_ok=True)
                    self.pool.gardien.oublie(motif)
                self.tube = ""


class _TravailleurCli(_Travailleur):
    """One ``soffice --convert-to pdf`` per document, with this slot's profile."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.processus: subprocess.Popen | None = None

    def groupes(self) -> list[int]:
        return [self.processus.pid] if self.processus and self.processus.returncode is None else []

    def convertir(self, docx: Path, pdf: Path, pdfa: bool, delai: float) -> None:
        with tempfile.TemporaryDirectory(prefix="cpom-pdf-") as dossier, \
                tempfile.TemporaryFile() as journal, self._surveille(dossier):
            with self.verrou:
                if self.pool.ferme:
                    raise ConversionEchouee("conversion PDF interrompue (convertisseur fermé)")
                profil = (f"-env:UserInstallation={self.profil.as_uri()}" if self.profil
                          else self._nouveau_profil())
                filtre = ([f"--infilter={FILTRE_DOCX}"] if docx.suffix.lower() == ".docx"
                          else [])  # a damaged file is not imported as plain text
                try:
                    assert self.profil is not None
                    self.processus = processus = self._lancer(
                        [*self.reglages.soffice, *OPTIONS_SOFFICE, profil, *filtre,
                         "--convert-to", filtre_convert_to(pdfa), "--outdir", dossier,
                         str(docx)],
                        stdin=subprocess.DEVNULL, stdout=journal, stderr=journal,
                        env=_environnement_soffice(self.profil, self.reglages.allocateur))
                except OSError as exc:
                    raise ConvertisseurIntrouvable(f"{exc.filename or exc} ne démarre pas "
                                                   f"({exc.strerror or exc})") from None
            try:
                processus.wait(delai)
            except subprocess.TimeoutExpired:
                raise _Echec(f"{docx.name} : délai de {delai:g} s dépassé",
                             delai_depasse=True) from None
            finally:
                with self.verrou:
                    self._tuer(processus)  # strays of a finished run, or the hung one
                    self.processus = None
            produit = Path(dossier) / f"{docx.stem}.pdf"
            if not produit.exists():
                raise _Echec(f"aucun PDF produit (code {processus.returncode})"
                             + _fin_du_journal(journal))
            shutil.move(produit, pdf)
        self.documents += 1

    def arreter(self, force: bool = False) -> None:
        with self.verrou:
            if self.processus is not None:
                self._tuer(self.processus)
                self.processus = None
            if force or self.pool.ferme:
                self._oublier_profil()  # a killed run may leave its profile locked


# ---------------------------------------------------------------- converters


_OUVERTS: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _tout_fermer() -> None:
    """Last resort (interpreter exit): no LibreOffice outlives the program."""
    for convertisseur_ouvert in list(_OUVERTS):
        with contextlib.suppress(Exception):
            convertisseur_ouvert.fermer(force=True)


@dataclass
class Statistiques:
    documents: int = 0
    demarrages: int = 0
    recyclages: int = 0
    relances: int = 0  # documents retried after a failed attempt
    delais_depasses: int = 0
    echecs: list[str] = field(default_factory=list)


class PoolLibreOffice:
    """A pool of LibreOffice workers; ``convertir_tous`` converts in parallel."""

    moteur = "libreoffice"

    def __init__(self, reglages: Reglages) -> None:
        self.reglages = reglages
        self.ferme = False
        self.statistiques = Statistiques()
        self.gardien = Gardien()
        self._verrou = threading.Lock()
        classe = _TravailleurUno if reglages.mode == "uno" else _TravailleurCli
        self.travailleurs = [classe(i, reglages, self) for i in range(reglages.travailleurs)]
        self._libres: Queue[_Travailleur] = Queue()
        for travailleur in self.travailleurs:
            self._libres.put(travailleur)
        _OUVERTS.add(self)

    def _compter(self, compteur: str) -> None:
        with self._verrou:
            setattr(self.statistiques, compteur, getattr(self.statistiques, compteur) + 1)

    def groupes(self) -> list[int]:
        """Process groups of the running LibreOffice processes (for supervision)."""
        return [g for t in self.travailleurs for g in t.groupes()]

    def demarrer(self) -> None:
        """Start every worker now, in the background, so that LibreOffice starts while
        the caller renders its documents. A start that fails here is retried, and
        reported, by the first conversion of that worker."""

        def preparer() -> None:
            travailleur = self._libres.get()
            try:
                if not self.ferme:
                    travailleur.preparer()
            except Exception:  # retried, and reported, by ``convertir``
                travailleur.arreter(force=True)
            finally:
                self._libres.put(travailleur)

        for _ in self.travailleurs:
            threading.Thread(target=preparer, name="cpom-pdf-demarrage", daemon=True).start()

    def convertir(self, docx: Path | str, pdf: Path | str, pdfa: bool = False) -> Path:
        """Convert one DOCX into ``pdf`` (PDF/A-2b when ``pdfa``); returns ``pdf``."""
        docx, pdf = Path(docx).resolve(), Path(pdf).resolve()
        if not docx.is_file():
            raise ConversionEchouee(f"{docx} : document introuvable")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        partiel = pdf.with_name(f".{pdf.stem}.{uuid.uuid4().hex[:8]}.partiel")
        travailleur = self._libres.get()
        travailleur.occupe = True
        try:
            for tentative in (1, 2):
                if self.ferme:
                    raise ConversionEchouee("conversion PDF interrompue (convertisseur fermé)")
                delai = self.delai_premier_essai(docx) if tentative == 1 else \
                    self.reglages.delai
                try:
                    travailleur.convertir(docx, partiel, pdfa, delai)
                    verifier_pdf(partiel)
                except _Echec as echec:
                    partiel.unlink(missing_ok=True)
                    travailleur.arreter(force=True)
                    if echec.delai_depasse:
                        self._compter("delais_depasses")
                    if tentative == 1:
                        self._compter("relances")
                        continue
                    with self._verrou:
                        self.statistiques.echecs.append(docx.name)
                    raise ConversionEchouee(
                        f"{docx.name} : conversion PDF impossible après deux essais "
                        f"({echec})") from None
                os.replace(partiel, pdf)
                self._compter("documents")
                return pdf
            raise AssertionError("unreachable")
        finally:
            partiel.unlink(missing_ok=True)
            travailleur.occupe = False
            self._libres.put(travailleur)

    def delai_premier_essai(self, docx: Path) -> float:
        """The first attempt's deadline, sized on the document: a conversion that stalls
        (LibreOffice can, rarely) costs seconds before its worker is killed and the
        document retried with the full deadline, not ``delai`` (two minutes)."""
        return min(self.reglages.delai,
                   DELAI_PREMIER_ESSAI + DELAI_PAR_MO * _taille(docx) / 2**20)

    def convertir_tous(self, paires: Iterable[tuple[Path, Path]],
                       pdfa: bool = False) -> list[Path]:
        """Convert every (docx, pdf) pair over the pool; PDFs in the order given. The
        largest documents start first (the full contract of ``--format all`` no longer
        runs alone at the end while the other workers wait)."""
        paires = list(paires)
        if len(paires) <= 1 or len(self.travailleurs) == 1:
            return [self.convertir(docx, pdf, pdfa) for docx, pdf in paires]
        executeur = ThreadPoolExecutor(min(len(self.travailleurs), len(paires)),
                                       thread_name_prefix="cpom-pdf")
        try:
            ordre = sorted(range(len(paires)), key=lambda i: -_taille(paires[i][0]))
            taches = {i: executeur.submit(self.convertir, *paires[i], pdfa) for i in ordre}
            return [taches[i].result() for i in range(len(paires))]
        finally:
            executeur.shutdown(wait=False, cancel_futures=True)

    def fermer(self, force: bool = False) -> None:
        """Stop every worker: idle ones quit politely (all at once), busy ones and every
        one when ``force`` are killed; no LibreOffice process is left. Idempotent."""
        force = force or self.ferme
        self.ferme = True
        polis = [] if force else [t for t in self.travailleurs if not t.occupe]
        for travailleur in polis:
            travailleur.demander_arret()
        for travailleur in self.travailleurs:
            travailleur.arreter(force=travailleur not in polis)
        self.gardien.fermer()
        _OUVERTS.discard(self)

    def __enter__(self) -> PoolLibreOffice:
        return self

    def __exit__(self, type_exc: object, *exc: object) -> None:
        self.fermer(force=type_exc is not None)


def word_disponible() -> bool:
    """Microsoft Word and docx2pdf are present (Windows or macOS only)."""
    if sys.platform not in ("win32", "darwin"):
        return False
    try:
        import docx2pdf  # noqa: F401
    except ImportError:
        return False
    if sys.platform == "darwin":
        return Path("/Applications/Microsoft Word.app").exists()
    try:
        import winreg

        winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, "Word.Application"))
    except OSError:
        return False
    return True


class ConvertisseurWord:
    """Microsoft Word through docx2pdf, one document at a time (Word is single-instance)."""

    moteur = "word"

    def __init__(self) -> None:
        self.statistiques = Statistiques()

    def convertir(self, docx: Path | str, pdf: Path | str, pdfa: bool = False) -> Path:
        if pdfa:
            raise ErreurCpom.donnees("PDF/A : non disponible avec Word (docx2pdf) ; "
                                    "utilisez --pdf-engine libreoffice")
        from docx2pdf import convert as convertir_word

        docx, pdf = Path(docx).resolve(), Path(pdf).resolve()
        pdf.parent.mkdir(parents=True, exist_ok=True)
        try:
            convertir_word(str(docx), str(pdf))
            verifier_pdf(pdf)
        except (Exception, SystemExit) as exc:  # docx2pdf calls sys.exit on macOS
            raise ConversionEchouee(f"{docx.name} : conversion PDF par Word impossible "
                                    f"({exc})") from None
        self.statistiques.documents += 1
        return pdf

    def convertir_tous(self, paires: Iterable[tuple[Path, Path]],
                       pdfa: bool = False) -> list[Path]:
        return [self.convertir(docx, pdf, pdfa) for docx, pdf in paires]

    def demarrer(self) -> None:
        """Nothing to start ahead: docx2pdf starts Word for each document."""

    def fermer(self, force: bool = False) -> None:
        """Nothing to stop: docx2pdf quits Word after each document."""


def verifier_moteur(moteur: str) -> None:
    """Raise a French error when ``moteur`` is not one of ``MOTEURS``."""
    if moteur not in MOTEURS:
        raise ErreurCpom.donnees(f"moteur PDF « {moteur} » inconnu (auto, libreoffice ou word)")


def ouvrir(moteur: str = "auto", travailleurs: int | None = None,
           **options: Any) -> PoolLibreOffice | ConvertisseurWord:
    """The converter for ``moteur`` (auto: Word where present, else LibreOffice)."""
    verifier_moteur(moteur)
    if moteur == "word" or (moteur == "auto" and word_disponible()):
        if not word_disponible():
            raise ConvertisseurIntrouvable("Microsoft Word (avec docx2pdf) est introuvable ; "
                                           "il n'existe que sous Windows et macOS")
        return ConvertisseurWord()
    return PoolLibreOffice(Reglages.depuis_environnement(travailleurs, **options))


@contextlib.contextmanager
def convertisseur(moteur: str = "auto", travailleurs: int | None = None,
                  **options: Any) -> Iterator[PoolLibreOffice | ConvertisseurWord]:
    """Open a converter for a run and always stop it (also on error or Ctrl-C).

    ``options``: ``soffice``, ``mode``, ``delai``, ``delai_demarrage``, ``recyclage``
    (see :class:`Reglages`). Raises ``ConvertisseurIntrouvable`` when none is installed.
    """
    ouvert = ouvrir(moteur, travailleurs, **options)
    try:
        with _sigterm_comme_sortie():
            yield ouvert
    except BaseException:
        ouvert.fermer(force=True)
        raise
    ouvert.fermer()


@contextlib.contextmanager
def _sigterm_comme_sortie() -> Iterator[None]:
    """While converting, SIGTERM (``kill``, ``timeout``, systemd) exits through Python's
    clean-up like Ctrl-C, so the workers are stopped; the previous handler is restored."""
    principal = threading.current_thread() is threading.main_thread()
    if not principal or os.name != "posix" or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def sortir(numero: int, _cadre: object) -> None:
        raise SystemExit(128 + numero)

    signal.signal(signal.SIGTERM, sortir)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
