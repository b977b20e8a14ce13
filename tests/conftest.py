"""Shared fixtures: paths of the checkout, sample data, a CLI runner."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

RACINE = Path(__file__).resolve().parents[1]
EXEMPLES = RACINE / "samples"


def pytest_configure(config: pytest.Config) -> None:
    """Prepared templates cached on disk in a folder of this run, not in the user's
    ~/.cache (inherited by the commands the tests start)."""
    if "CPOM_CACHE" not in os.environ:
        os.environ["CPOM_CACHE"] = config._cpom_cache = tempfile.mkdtemp(  # type: ignore[attr-defined]
            prefix="cpom-tests-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    dossier = getattr(config, "_cpom_cache", None)
    if dossier:
        shutil.rmtree(dossier, ignore_errors=True)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def exemples() -> Path:
    return EXEMPLES
