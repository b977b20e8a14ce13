"""Prepared templates kept on disk between runs (``generator/render/cache_disque.py``):
read back by the next process, never trusted when damaged, stale or shared."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from generator.output import bundle
from generator.render import cache_disque, engine
from tests.aide import texte_docx
from tests.conftest import EXEMPLES, RACINE


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty disk cache, and the process's own caches emptied (as in a new run)."""
    monkeypatch.setenv("CPOM_CACHE", str(tmp_path / "cache"))
    engine._GABARITS.clear()
    bundle._COMPOSES.clear()
    yield tmp_path / "cache" / "gabarits"
    engine._GABARITS.clear()
    bundle._COMPOSES.clear()


def _modele(dossier: Path, texte: str = "Bonjour {{ nom }} !") -> Path:
    document = Document()
    document.add_paragraph(texte)
    chemin = dossier / "modele.docx"
    document.save(str(chemin))
    return chemin


def _rendre(chemin: Path) -> str:
    engine._GABARITS.clear()  # a new process: only the disk cache is left
    return texte_docx(engine.gabarit(chemin).rendre({"nom": "Anne & Cie"}))


def _entrees(cache: Path, genre: str = "gabarit") -> list[Path]:
    return sorted(cache.glob(f"{genre}-*"))


def test_une_entree_ecrite_puis_lue(cache: Path, tmp_path: Path) -> None:
    chemin = _modele(tmp_path)
    assert "Bonjour Anne & Cie !" in _rendre(chemin)
    [entree] = _entrees(cache)
    # the entry is what the next run uses: a changed entry shows in the document
    sources, _codes = pickle.loads(entree.read_bytes())
    parties = [replace(p, source=p.source.replace("Bonjour", "Salut")) for p in sources.parties]
    entree.write_bytes(pickle.dumps((replace(sources, parties=parties), {})))
    assert "Salut Anne & Cie !" in _rendre(chemin)


def test_entree_abimee_preparee_a_nouveau(cache: Path, tmp_path: Path) -> None:
    chemin = _modele(tmp_path)
    attendu = _rendre(chemin)
    [entree] = _entrees(cache)
    entree.write_bytes(entree.read_bytes()[:50])
    assert _rendre(chemin) == attendu
    pickle.loads(entree.read_bytes())  # written again, whole


def test_modele_modifie_nouvelle_entree(cache: Path, tmp_path: Path) -> None:
    chemin = _modele(tmp_path)
    _rendre(chemin)
    _modele(tmp_path, "Au revoir {{ nom }}.")
    assert "Au revoir Anne & Cie." in _rendre(chemin)
    assert len(_entrees(cache)) == 2


def test_sans_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPOM_CACHE", "non")
    engine._GABARITS.clear()
    assert "Bonjour Anne & Cie !" in _rendre(_modele(tmp_path))
    assert cache_disque.dossier() is None


@pytest.mark.skipif(os.name != "posix", reason="droits POSIX")
def test_dossier_modifiable_par_d_autres_ignore(cache: Path, tmp_path: Path) -> None:
    cache.mkdir(parents=True)
    cache.chmod(0o777)  # another user could plant an entry: nothing read, nothing written
    assert cache_disque.dossier() is None
    assert "Bonjour Anne & Cie !" in _rendre(_modele(tmp_path))
    assert _entrees(cache) == []


def test_elagage(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_disque, "ENTREES_MAX", 2)
    for numero in range(3):
        cle = cache_disque.cle("essai", str(numero).encode())
        cache_disque.ecrire(cle, numero)
        os.utime(cache / cle, (numero, numero))  # written one after the other
    restes = sorted(cache_disque.lire(p.name) for p in _entrees(cache, "essai"))
    assert restes == [1, 2]


def test_deux_lancements_memes_documents(tmp_path: Path) -> None:
    """A second ``cpom generate`` reads the composed contrat complet and the compiled
    templates from the disk cache and writes the same bytes as the first."""
    environnement = {**os.environ, "CPOM_CACHE": str(tmp_path / "cache")}
    for sortie in ("premier", "second"):
        subprocess.run([sys.executable, "-m", "generator.cli", "generate",
                        str(EXEMPLES / "ille-et-vilaine.yaml"), "-o", str(tmp_path / sortie)],
                       check=True, capture_output=True, cwd=RACINE, env=environnement)
    cache = tmp_path / "cache" / "gabarits"
    assert len(_entrees(cache, "contrat-complet")) == 1
    assert len(_entrees(cache)) >= 12  # each document, and the contrat complet
    premiers = sorted((tmp_path / "premier").rglob("*.docx"))
    assert len(premiers) >= 12
    for fichier in premiers:
        second = tmp_path / "second" / fichier.relative_to(tmp_path / "premier")
        assert second.read_bytes() == fichier.read_bytes(), fichier.name


def test_contrat_complet_lu_du_disque(cache: Path) -> None:
    """The composed contrat complet comes from its entry (a changed entry shows)."""
    from generator.variants import trouver

    variante = trouver("national")
    compose = bundle.gabarit(variante)
    [entree] = _entrees(cache, "contrat-complet")
    autre = Document(io.BytesIO(pickle.loads(entree.read_bytes())))
    autre.add_paragraph("Paragraphe venu du cache")
    sortie = io.BytesIO()
    autre.save(sortie)
    entree.write_bytes(pickle.dumps(sortie.getvalue()))
    bundle._COMPOSES.clear()
    assert bundle.gabarit(variante) is not compose
    assert "Paragraphe venu du cache" in "".join(
        p.source for p in bundle.gabarit(variante).parties)
