"""The web application under Django's test client: a data folder of its own (SQLite file,
shared with the background threads), migrated once."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]
EXEMPLES = RACINE / "samples"


@pytest.fixture(scope="session")
def application() -> Iterator[Path]:
    dossier = Path(tempfile.mkdtemp(prefix="cpom-web-test-"))
    os.environ["CPOM_DONNEES"] = str(dossier)
    from generator.web import serveur

    serveur.preparer(dossier, None, "127.0.0.1")
    from django.test.utils import setup_test_environment

    setup_test_environment()
    yield dossier


@pytest.fixture
def sans_comptes(application: Path) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.all().delete()


@pytest.fixture
def client(sans_comptes: None):
    from django.test import Client

    return Client()


class _Champs(HTMLParser):
    """The fields of the contract form as the browser would post them (outside the
    ``<template>`` of new list items)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.champs: dict[str, str] = {}
        self.dans_formulaire = False
        self.modeles = 0
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "formulaire-contrat":
            self.dans_formulaire = True
        if not self.dans_formulaire:
            return
        if tag == "template":
            self.modeles += 1
        if self.modeles or not a.get("name"):
            if tag == "option" and self.select is not None and "selected" in a:
                self.champs[self.select] = a.get("value", "")
            return
        if tag == "input" and a.get("type") != "file":
            self.champs[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
            self.champs[a["name"]] = ""
        elif tag == "textarea":
            self.textarea = a["name"]
            self.champs[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.modeles -= 1
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.dans_formulaire = False

    def handle_data(self, data: str) -> None:
        if self.textarea is not None and not self.modeles:
            self.champs[self.textarea] += data


def champs(html: str) -> dict[str, str]:
    lecteur = _Champs()
    lecteur.feed(html)
    return lecteur.champs


def sommaire_erreurs(html: str) -> str:
    """The error summary of a form page (its block, up to its closing ``</div>``)."""
    debut = html.index('id="sommaire-erreurs"')
    return html[debut:html.index("</div>", debut)]


def texte(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


class _Reglages:
    """Settings changed for one test, restored after it."""

    def __init__(self) -> None:
        object.__setattr__(self, "anciens", {})

    def __setattr__(self, cle: str, valeur: object) -> None:
        from django.conf import settings

        self.anciens.setdefault(cle, getattr(settings, cle))
        setattr(settings, cle, valeur)

    def __getattr__(self, cle: str) -> object:
        from django.conf import settings

        return getattr(settings, cle)


@pytest.fixture
def settings(application: Path) -> Iterator[_Reglages]:
    from django.conf import settings as django_settings

    reglages = _Reglages()
    yield reglages
    for cle, valeur in reglages.anciens.items():
        setattr(django_settings, cle, valeur)
