"""Golden texts: every document of every sample renders exactly its committed text
(``tests/golden``); a one-word change of a template is a failing test until the golden
text is rewritten (``make golden``) and the diff read."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from generator import variants
from tests import textes_rendus
from tests.conftest import EXEMPLES

EXEMPLES_YAML = sorted(EXEMPLES.glob("*.yaml"))


@pytest.mark.parametrize("exemple", EXEMPLES_YAML, ids=[e.stem for e in EXEMPLES_YAML])
def test_textes_de_reference(exemple: Path) -> None:
    ecarts = textes_rendus.ecarts(textes_rendus.rendus(exemple))
    assert not ecarts, ("Texte rendu différent du texte de référence. Si le changement est "
                        "voulu : make golden, puis relire git diff tests/golden\n"
                        + "\n".join(ecarts))


def test_un_texte_de_reference_par_document() -> None:
    attendus = {chemin for exemple in EXEMPLES_YAML
                for chemin in textes_rendus.rendus(exemple)}
    presents = set(textes_rendus.DOSSIER.rglob("*.txt"))
    assert presents == attendus


def test_un_mot_change_dans_un_modele_est_vu(tmp_path: Path) -> None:
    dossier = tmp_path / "national"
    shutil.copytree(variants.trouver("national").dossier, dossier)
    gabarit = dossier / "annexe-03-regles-de-gestion.docx"
    with zipfile.ZipFile(gabarit) as archive:
        parties = {nom: archive.read(nom) for nom in archive.namelist()}
    corps = parties["word/document.xml"].decode("utf-8")
    assert "diverses" in corps
    parties["word/document.xml"] = corps.replace("diverses", "variées", 1).encode("utf-8")
    with zipfile.ZipFile(gabarit, "w", zipfile.ZIP_DEFLATED) as archive:
        for nom, contenu in parties.items():
            archive.writestr(nom, contenu)
    ecarts = textes_rendus.ecarts(textes_rendus.rendus(EXEMPLES / "national.yaml", dossier))
    assert len(ecarts) == 2  # the annex and the full contract
    for ecart in ecarts:
        assert "\n-Annexe 3 – Règles de gestion diverses\n" in ecart
        assert "\n+Annexe 3 – Règles de gestion variées\n" in ecart
