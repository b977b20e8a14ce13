"""Writing files the user keeps: atomically (a temporary file in the target folder, then a
rename), with the permissions of the user's umask (0644 under umask 022, like any other
program), never over a file the user may have filled unless asked (``--force``), and with
a French error when the machine refuses (disk full, read-only folder, a file where a
folder is expected): nothing half-written is ever left."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.problems import ErreurCpom, Lieu, cause_systeme

_VERROU = threading.Lock()
_UMASK: list[int] = []


def umask() -> int:
    """The process's umask (read once; /proc on Linux, without changing it)."""
    with _VERROU:
        if not _UMASK:
            valeur = None
            with contextlib.suppress(OSError, ValueError):
                for ligne in Path("/proc/self/status").read_text().splitlines():
                    if ligne.startswith("Umask:"):
                        valeur = int(ligne.split()[1], 8)
            if valeur is None:
                valeur = os.umask(0o022)
                os.umask(valeur)
            _UMASK.append(valeur)
        return _UMASK[0]


def mode_fichier() -> int:
    return 0o666 & ~umask()


def mode_dossier() -> int:
    return 0o777 & ~umask()


def erreur_ecriture(exc: OSError, chemin: Path | str) -> ErreurCpom:
    """A refused write as a problem of the machine (exit 2), naming the file."""
    return ErreurCpom.environnement(f"écriture impossible ({cause_systeme(exc)})",
                                    Lieu(fichier=str(exc.filename or chemin)))


@contextlib.contextmanager
def ecriture(chemin: Path | str) -> Iterator[None]:
    """Turn the machine's refusal to write (disk full, permissions…) into a French error."""
    try:
        yield
    except ErreurCpom:
        raise
    except OSError as exc:
        raise erreur_ecriture(exc, chemin) from None


def verifier_dossier(dossier: Path) -> None:
    """A French error when the output folder is an existing file (checked before work)."""
    parent = dossier
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise ErreurCpom.donnees("le dossier de sortie est un fichier existant : choisissez "
                                 "un dossier (-o)", Lieu(fichier=str(parent)))


def creer_dossier(dossier: Path) -> Path:
    """Create ``dossier`` (and its parents); a French error when it is a file or cannot
    be created."""
    verifier_dossier(dossier)
    with ecriture(dossier):
        dossier.mkdir(parents=True, exist_ok=True)
    if not os.access(dossier, os.W_OK | os.X_OK):
        raise ErreurCpom.environnement("écriture impossible (permission refusée)",
                                       Lieu(fichier=str(dossier)))
    return dossier


def refuser_ecrasement(chemin: Path, force: bool) -> None:
    """A file the user may have filled is never replaced without ``--force``."""
    if force or not (chemin.exists() or chemin.is_symlink()):
        return
    if chemin.is_dir():
        raise ErreurCpom.donnees("un dossier porte déjà ce nom : choisissez un fichier (-o)",
                                 Lieu(fichier=str(chemin)))
    raise ErreurCpom.donnees("le fichier existe déjà (peut-être rempli) : rien n'est écrit ; "
                             "choisissez un autre nom, ou ajoutez --force pour le remplacer",
                             Lieu(fichier=str(chemin)))


def ecrire_atomique(chemin: Path, contenu: bytes, *, synchroniser: bool = True) -> Path:
    """Write ``contenu`` to ``chemin`` so that no half-written file can ever be seen."""
    creer_dossier(chemin.parent)
    with ecriture(chemin):
        fd, temporaire = tempfile.mkstemp(prefix=f".{chemin.name}.", suffix=".part",
                                          dir=chemin.parent)
        try:
            with os.fdopen(fd, "wb") as flux:
                if os.name == "posix":
                    os.fchmod(flux.fileno(), mode_fichier())
                flux.write(contenu)
                flux.flush()
                if synchroniser:
                    os.fsync(flux.fileno())
            os.replace(temporaire, chemin)
        except BaseException:
            Path(temporaire).unlink(missing_ok=True)
            raise
    return chemin


def ecrire_documents(documents: Mapping[str, bytes], dossier: Path, *,
                     synchroniser: bool = True) -> list[Path]:
    """Write each document (file name → bytes) into ``dossier``, in order."""
    return [ecrire_atomique(dossier / nom, contenu, synchroniser=synchroniser)
            for nom, contenu in documents.items()]


def dossier_temporaire(parent: Path, prefixe: str) -> Path:
    """A new folder in ``parent`` with the umask's permissions (``mkdtemp`` gives 0700)."""
    creer_dossier(parent)
    with ecriture(parent):
        dossier = Path(tempfile.mkdtemp(prefix=prefixe, dir=parent))
        os.chmod(dossier, mode_dossier())
    return dossier


PREFIXE_ATELIER = ".cpom-atelier-"
# this machine, in the name of a run's temporary folder: a folder shared between machines
# is never cleaned of another machine's running work
_MACHINE = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def processus_vivant(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (True when it cannot be told: on
    Windows, where ``os.kill(pid, 0)`` would send a Ctrl-C)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process
        return True
    return True


def nettoyer_ateliers(parent: Path) -> list[Path]:
    """Remove the temporary folders of ``parent`` that runs of this machine left when
    they were killed (their process is gone); returns them."""
    retires = []
    with contextlib.suppress(OSError):
        for dossier in parent.glob(f"{PREFIXE_ATELIER}*"):
            pid, _, reste = dossier.name[len(PREFIXE_ATELIER):].partition("-")
            if not (pid.isdigit() and reste.startswith(f"{_MACHINE}-")) or \
                    dossier.is_symlink() or not dossier.is_dir():
                continue
            if hasattr(os, "getuid") and dossier.stat().st_uid != os.getuid():
                continue
            if not processus_vivant(int(pid)):
                shutil.rmtree(dossier, ignore_errors=True)
                retires.append(dossier)
    return retires


def atelier(parent: Path) -> Path:
    """A new temporary folder of ``parent`` for this run's files, named after this process
    and machine; those that killed runs of this machine left are removed first."""
    nettoyer_ateliers(parent)
    return dossier_temporaire(parent, f"{PREFIXE_ATELIER}{os.getpid()}-{_MACHINE}-")


def copier(source: Path, cible: Path) -> Path:
    """Copy a file atomically (umask permissions)."""
    with ecriture(source):
        contenu = source.read_bytes()
    return ecrire_atomique(cible, contenu)


def copier_dossier(source: Path, cible: Path) -> Path:
    """Copy a folder's tree (files atomically, umask permissions)."""
    for chemin in sorted(source.rglob("*")):
        if chemin.is_file() and not chemin.is_symlink():
            copier(chemin, cible / chemin.relative_to(source))
    return cible


def supprimer(chemin: Path) -> None:
    """Remove a file or folder we wrote (no error when it is already gone)."""
    if chemin.is_dir() and not chemin.is_symlink():
        shutil.rmtree(chemin, ignore_errors=True)
    else:
        chemin.unlink(missing_ok=True)


def _dans(chemin: Path, dossier: Path) -> bool:
    return chemin == dossier or dossier in chemin.parents


def verifier_sortie(sortie: Path, modeles: Path | None = None,
                    entrees: tuple[Path, ...] = (), dossiers_entree: tuple[Path, ...] = ()
                    ) -> None:
    """An output folder never overlaps what is read: not in (nor equal to) the templates
    folder, not holding a Word input (``entrees``) that an output could replace, not
    equal to (nor above) a folder of inputs (a campaign's workbook and images)."""
    cible = sortie.resolve()
    lieu = Lieu(fichier=str(sortie))
    if modeles is not None and _dans(cible, modeles.resolve()):
        raise ErreurCpom.donnees(
            f"le dossier de sortie chevauche le dossier des modèles ({modeles}) : les "
            "modèles Word seraient remplacés ; choisissez un autre dossier (-o)", lieu)
    for entree in entrees:
        if entree.resolve().parent == cible and entree.suffix.lower() in (".docx", ".pdf"):
            raise ErreurCpom.donnees(
                f"le dossier de sortie contient le fichier lu {entree.name} : choisissez un "
                "autre dossier (-o)", lieu)
    for dossier in dossiers_entree:
        if _dans(dossier.resolve(), cible):
            raise ErreurCpom.donnees(
                f"le dossier de sortie contient les fichiers lus ({dossier}) : choisissez un "
                "dossier à part (-o contrats/)", lieu)
