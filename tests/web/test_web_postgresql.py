"""PostgreSQL, the database of a shared server: the web application's tests run again
against a real PostgreSQL server, started for the test (a cluster of its own in a
temporary folder, reached by its Unix socket only): accounts and logins, forms,
contracts, versions and generation jobs; the contracts, versions and jobs they leave are
found in that database."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]


def _binaires() -> Path | None:
    """The folder of PostgreSQL's server programs (Debian's, else on the PATH)."""
    for initdb in [*sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True),
                   shutil.which("initdb")]:
        if initdb and os.access(initdb, os.X_OK):
            return Path(initdb).parent
    return None


BINAIRES = _binaires()


def _comme_serveur() -> list[str]:
    """PostgreSQL refuses to run as root: as root, its programs run as « postgres »."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("root sans compte « postgres » : PostgreSQL ne peut pas démarrer")
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture
def postgresql() -> Iterator[str]:
    """The URL of a new, empty database on a PostgreSQL started for this test."""
    if BINAIRES is None:
        pytest.skip("PostgreSQL (initdb) absent : « make systeme » l'installe")
    prefixe = _comme_serveur()
    # in the temporary folder itself: a short socket path, reachable by « postgres »
    dossier = Path(tempfile.mkdtemp(prefix="cpom-pg-"))
    if prefixe:
        shutil.chown(dossier, "postgres")
    donnees = dossier / "donnees"

    def lancer(programme: str, *arguments: str) -> None:
        subprocess.run([*prefixe, str(BINAIRES / programme), *arguments], check=True,
                       capture_output=True, timeout=120)

    try:
        lancer("initdb", "-D", str(donnees), "-A", "trust", "-U", "cpom", "--no-sync",
               "-E", "UTF8", "--locale", "C")
        lancer("pg_ctl", "-D", str(donnees), "-l", str(dossier / "journal"), "-w", "-o",
               f"-k {dossier} -c listen_addresses='' -F", "start")
        try:
            lancer("createdb", "-h", str(dossier), "-U", "cpom", "cpom")
            yield f"postgresql://cpom@/cpom?host={dossier}"
        finally:
            lancer("pg_ctl", "-D", str(donnees), "-m", "immediate", "stop")
    finally:
        shutil.rmtree(dossier, ignore_errors=True)


def test_application_web_sur_postgresql(postgresql: str, tmp_path: Path) -> None:
    env = {**os.environ, "CPOM_DATABASE_URL": postgresql, "CPOM_CACHE": str(tmp_path)}
    env.pop("CPOM_DONNEES", None)
    tests = sorted(str(p) for p in (RACINE / "tests" / "web").glob("test_web_*.py")
                   if p.name != Path(__file__).name)
    enfant = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p",
                             "no:cacheprovider", *tests], cwd=RACINE, env=env,
                            capture_output=True, text=True, timeout=900)
    assert enfant.returncode == 0, enfant.stdout[-3000:] + enfant.stderr[-2000:]
    assert " passed" in enfant.stdout.splitlines()[-1]

    import psycopg

    with psycopg.connect(postgresql) as connexion:
        contrats, versions, travaux = (
            connexion.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("web_contrat", "web_version", "web_travail"))
    assert contrats > 0 and versions >= contrats and travaux > 0
