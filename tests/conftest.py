"""Shared fixtures: paths of the checkout, sample data, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

RACINE = Path(__file__).resolve().parents[1]
EXEMPLES = RACINE / "samples"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def exemples() -> Path:
    return EXEMPLES
