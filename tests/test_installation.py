"""The wheel ships the templates and samples: ``cpom`` works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def roue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dossier = tmp_path_factory.mktemp("roue")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dossier),
                    str(RACINE)], check=True, capture_output=True)
    return next(dossier.glob("cpom_generateur-*.whl"))


def test_la_roue_contient_modeles_et_exemples(roue: Path) -> None:
    noms = zipfile.ZipFile(roue).namelist()
    for attendu in ("generator/_ressources/templates/national/contrat.docx",
                    "generator/_ressources/templates/national/variante.yaml",
                    "generator/_ressources/samples/national.yaml",
                    "domaine/donnees/tarif-minimal.yaml"):
        assert attendu in noms
    assert not any(n.startswith(("tests/", "tools/")) for n in noms)


def test_cpom_installe_hors_du_depot(roue: Path, tmp_path: Path) -> None:
    installe = tmp_path / "site"
    zipfile.ZipFile(roue).extractall(installe)
    ailleurs = tmp_path / "ailleurs"
    ailleurs.mkdir()
    env = {**os.environ, "PYTHONPATH": str(installe)}

    def cpom(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", "from generator.cli import app; app()",
                               *args], cwd=ailleurs, env=env, capture_output=True, text=True)

    origine = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                             cwd=ailleurs, env=env, capture_output=True, text=True).stdout
    assert origine.startswith(str(installe))
    assert cpom("sample", "national", "-o", "cpom.yaml").returncode == 0
    resultat = cpom("generate", "cpom.yaml", "-o", "sortie")
    assert resultat.returncode == 0, resultat.stderr
    assert len(list((ailleurs / "sortie").glob("*.docx"))) == 5  # 4 documents + bundle
    assert "national" in cpom("templates", "list").stdout
