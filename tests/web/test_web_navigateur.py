"""End to end, as a legal officer works: the real server (``cpom serve``) and a real
headless Chromium (Debian's package) driven by Playwright.

Covers: a contract created from the Ille-et-Vilaine example; a broken FINESS and a broken
bonification cap seen at their fields and in the summary, then fixed; errors shown while
typing, before any saving; list items added,
moved and removed; generation (DOCX and PDF) with its progress, the DOCX downloaded and
reopened with the gestionnaire's name intact; two versions compared; the sample campaign
run from an upload, its ZIP and report downloaded; a template with an unknown field
refused with its located problem; an image uploaded and shown.
"""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from tests.aide import normaliser
from tests.web.conftest import EXEMPLES
from tests.web.test_web_serveur import _modele_avec_inconnu

CHROMIUM = "/usr/bin/chromium"
DRAPEAUX = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOM = "Aide & Soins <Vilaine> « Été »"


def _port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


@pytest.fixture(scope="module")
def serveur(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    donnees = tmp_path_factory.mktemp("donnees-web")
    port = _port_libre()
    cpom = Path(sys.executable).parent / "cpom"
    journal = (donnees / "serveur.log").open("w")
    processus = subprocess.Popen([str(cpom), "serve", "--port", str(port), "--donnees",
                                  str(donnees)], stdout=journal, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        fin = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url + "/connexion/", timeout=2)
                break
            except OSError:
                if processus.poll() is not None or time.monotonic() > fin:
                    raise AssertionError((donnees / "serveur.log").read_text()) from None
                time.sleep(0.3)
        yield url
    finally:
        processus.terminate()
        processus.wait(timeout=30)
        journal.close()


@pytest.fixture(scope="module")
def navigateur(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    profil = tmp_path_factory.mktemp("profil-chromium")  # a new, empty --user-data-dir
    with sync_playwright() as playwright:
        contexte = playwright.chromium.launch_persistent_context(
            str(profil), executable_path=CHROMIUM, headless=True, args=DRAPEAUX,
            accept_downloads=True, locale="fr-FR", viewport={"width": 1280, "height": 900})
        contexte.set_default_timeout(30_000)
        yield contexte
        contexte.close()


@pytest.fixture
def page(navigateur: object) -> Iterator[object]:
    onglet = navigateur.new_page()  # type: ignore[attr-defined]
    yield onglet
    onglet.close()


def _champ(page: object, chemin: str) -> object:
    return page.locator(f'[name="{chemin}"]')  # type: ignore[attr-defined]


def _enregistrer(page: object) -> None:
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.click("#enregistrer")  # type: ignore[attr-defined]


def _telecharger(page: object, selecteur: str) -> bytes:
    with page.expect_download() as attente:  # type: ignore[attr-defined]
        page.click(selecteur)  # type: ignore[attr-defined]
    return Path(attente.value.path()).read_bytes()


def test_contrat_de_bout_en_bout(serveur: str, page: object) -> None:
    page.goto(serveur + "/contrats/nouveau/")
    page.check("input[value=exemple]")
    page.select_option("#id_variante", "ille-et-vilaine")
    with page.expect_navigation():
        page.click("text=Créer le contrat")
    assert page.locator("#sommaire-erreurs").count() == 0
    assert page.locator(".calculs").count() >= 3  # annexes 8 to 10, read-only
    contrat = page.url

    # a broken FINESS and a bonification over its cap: both at their field and in the summary
    _champ(page, "service.finess").fill("35002456")
    bonification = "objectifs[0].actions[0].financement.bonification_horaire"
    _champ(page, bonification).fill("1,80")
    _enregistrer(page)
    sommaire = page.locator("#sommaire-erreurs")
    assert sommaire.is_visible()
    assert sommaire.locator('a[href="#champ-service-finess"]').count() == 1
    assert "Service › N° FINESS du service : un n° FINESS compte 9 caractères" in (
        sommaire.inner_text())  # the field's header, as in the workbook
    lien_bonification = sommaire.locator(
        'a[href="#champ-objectifs-0--actions-0--financement-bonification_horaire"]')
    assert lien_bonification.count() == 1
    assert "9 caractères" in page.locator("#champ-service-finess .problemes").inner_text()
    assert "1,50" in page.locator(
        "#champ-objectifs-0--actions-0--financement-bonification_horaire .problemes"
    ).inner_text()
    assert _champ(page, "service.finess").input_value() == "35002456"  # kept as typed
    lien_bonification.click()
    assert page.url.endswith("#champ-objectifs-0--actions-0--financement-bonification_horaire")
    assert page.locator("#form-generer button").is_disabled()

    # fix them; the gestionnaire's name with & < > « »; lists: add, move, remove
    _champ(page, "service.finess").fill("350024568")
    _champ(page, bonification).fill("1,50")
    _champ(page, "gestionnaire.raison_sociale").fill(NOM)
    tarifs = page.locator("#champ-departement-tarifs_reference")
    nombre = tarifs.locator("ol.elements > li").count()
    premier = _champ(page, "departement.tarifs_reference[0].annee").input_value()
    tarifs.locator("ol.elements > li").first.locator("[data-action=descendre]").click()
    assert _champ(page, "departement.tarifs_reference[1].annee").input_value() == premier
    tarifs.locator("[data-action=ajouter]").first.click()
    assert tarifs.locator("ol.elements > li").count() == nombre + 1
    page.once("dialog", lambda dialogue: dialogue.accept())
    tarifs.locator("ol.elements > li").last.locator("[data-action=supprimer]").click()
    assert tarifs.locator("ol.elements > li").count() == nombre
    _enregistrer(page)
    assert page.locator("#sommaire-erreurs").count() == 0, page.locator(
        "#sommaire-erreurs").inner_text()
    assert _champ(page, "departement.tarifs_reference[1].annee").input_value() == premier
    assert _champ(page, "gestionnaire.raison_sociale").input_value() == NOM

    # generate DOCX and PDF in the background; the page follows the progress
    page.select_option("#form-generer select", "all")
    with page.expect_navigation():
        page.click("#form-generer button")
    assert page.locator("#progression").is_visible()
    page.reload()  # the job survives a reload
    page.wait_for_selector("text=Tout télécharger (ZIP)", timeout=240_000)
    assert page.locator("iframe.apercu-pdf").count() == 1
    docx = _telecharger(page, 'a[href$="/fichiers/contrat.docx"]')
    texte = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert NOM in normaliser(texte)  # characters as typed (French non-breaking spaces aside)
    archive = zipfile.ZipFile(io.BytesIO(_telecharger(page, 'a[href$="documents.zip"]')))
    assert {"contrat.docx", "contrat.pdf"} <= set(archive.namelist())
    pdf = page.request.get(serveur + page.locator("iframe.apercu-pdf").get_attribute("src"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert "inline" in pdf.headers.get("content-disposition", "inline")

    # compare two versions
    page.goto(contrat + "versions/")
    with page.expect_navigation():
        page.click("text=Comparer A et B")
    tableau = page.locator("table.comparaison").inner_text()
    assert "Raison sociale" in tableau and NOM in tableau and "Meu & Garun" in tableau


def test_erreurs_montrees_pendant_la_saisie(serveur: str, page: object) -> None:
    """While typing, nothing saved: a broken FINESS shown at its field, in the summary and
    on its section, then gone once fixed; after list items move, an error follows its item."""
    page.goto(serveur + "/contrats/nouveau/")
    page.check("input[value=exemple]")
    page.select_option("#id_variante", "ille-et-vilaine")
    with page.expect_navigation():
        page.click("text=Créer le contrat")
    adresse, meta = page.url, page.locator(".meta").inner_text()

    _champ(page, "service.finess").fill("35002456")
    page.locator("#champ-service-finess .problemes").wait_for()
    assert "9 caractères" in page.locator("#champ-service-finess .problemes").inner_text()
    assert "erreur" in page.locator("#champ-service-finess").get_attribute("class")
    sommaire = page.locator("#sommaire-erreurs")
    assert "1 erreur à corriger" in sommaire.inner_text()
    assert "pas encore enregistrées" in sommaire.inner_text()
    assert sommaire.locator('a[href="#champ-service-finess"]').count() == 1
    assert page.locator('.sommaire-sections li[data-section="service"] .pastille'
                        ).inner_text() == "1"

    # an error on a list item, then the item moved down: the error moves with it
    tarifs = page.locator("#champ-departement-tarifs_reference")
    annee = _champ(page, "departement.tarifs_reference[0].annee").input_value()
    _champ(page, "departement.tarifs_reference[0].annee").fill("deux mille")
    page.wait_for_function(
        "() => document.querySelectorAll('#sommaire-erreurs li').length === 2")
    formulaire = page.locator("#formulaire-contrat")
    avant = formulaire.get_attribute("data-verifications")
    tarifs.locator("ol.elements > li").first.locator("[data-action=descendre]").click()
    page.wait_for_function(  # the check made after the move has been shown
        "n => document.getElementById('formulaire-contrat')"
        ".getAttribute('data-verifications') !== n", arg=avant)
    deuxieme = tarifs.locator("ol.elements > li").nth(1)
    assert deuxieme.locator(".champ.erreur input").input_value() == "deux mille"
    nom = deuxieme.locator(".champ.erreur input").get_attribute("name")
    assert nom == "departement.tarifs_reference[1].annee"
    assert tarifs.locator("ol.elements > li").first.locator(".champ.erreur").count() == 0

    # a new organigramme: its image missing, then chosen (sent only when saving)
    organigrammes = page.locator("#champ-organigrammes")
    organigrammes.locator("[data-action=ajouter]").first.click()
    _champ(page, "organigrammes[2].titre").fill("Organigramme du siège")
    image = organigrammes.locator("ol.elements > li").nth(2).locator(".champ").filter(
        has=page.locator('input[type=file]'))
    image.locator(".problemes .erreur").wait_for()
    image.locator("input[type=file]").set_input_files(
        str(EXEMPLES / "ille-et-vilaine" / "organigramme-service.png"))
    image.locator(".problemes").wait_for(state="detached")

    # both fixed: the errors go, the page was never saved nor left
    _champ(page, "departement.tarifs_reference[1].annee").fill(annee)
    _champ(page, "service.finess").fill("350024568")
    page.locator("#sommaire-correct").wait_for()
    assert page.locator("#sommaire-erreurs").count() == 0
    assert page.locator("#formulaire-contrat .problemes .erreur").count() == 0
    assert page.locator(".sommaire-sections .pastille").count() == 0
    assert page.url == adresse and page.locator(".meta").inner_text() == meta


def test_campagne_depuis_un_envoi(serveur: str, page: object) -> None:
    page.goto(serveur + "/campagnes/")
    classeur = _telecharger(page, "button:has-text(\"Télécharger le classeur\")")
    assert classeur[:4] == b"PK\x03\x04"
    page.set_input_files("#id_classeur", str(EXEMPLES / "campagne-ille-et-vilaine.xlsx"))
    page.select_option("#id_format", "docx")
    with page.expect_navigation():
        page.click("text=Lancer la campagne")
    page.wait_for_selector("text=Bilan", timeout=240_000)
    rapport = page.locator("table.rapport")
    assert rapport.locator("tr.erreur").count() >= 2  # two rows wrong on purpose
    entetes = rapport.locator("thead").inner_text()
    assert all(mot in entetes for mot in ("Feuille", "Ligne", "Colonne", "Message"))
    assert "Services" in rapport.inner_text()
    assert _telecharger(page, "text=Rapport (rapport.xlsx)")[:4] == b"PK\x03\x04"
    archive = zipfile.ZipFile(io.BytesIO(_telecharger(page, "text=Contrats (campagne.zip)")))
    assert any(nom.endswith("contrat.docx") for nom in archive.namelist())


def test_modele_avec_champ_inconnu(serveur: str, page: object, tmp_path: Path) -> None:
    modele = tmp_path / "contrat.docx"
    modele.write_bytes(_modele_avec_inconnu())
    page.goto(serveur + "/modeles/")
    champ = page.locator('input[aria-label="Modèle modifié pour contrat.docx"]').first
    champ.set_input_files(str(modele))
    with page.expect_navigation():
        champ.locator("xpath=following-sibling::button").click()
    problemes = page.locator("#problemes-modele").inner_text()
    assert "gestionnaire.inexistant" in problemes and "paragraphe" in problemes
    annote = zipfile.ZipFile(io.BytesIO(_telecharger(page, "text=copie annotée")))
    assert "inexistant" in annote.read("word/comments.xml").decode()


def test_image_envoyee_et_affichee(serveur: str, page: object) -> None:
    page.goto(serveur + "/contrats/nouveau/")
    page.check("input[value=exemple]")
    page.select_option("#id_variante", "ille-et-vilaine")
    with page.expect_navigation():
        page.click("text=Créer le contrat")
    ancien = _champ(page, "gestionnaire.logo").input_value()
    page.set_input_files('input[name="@gestionnaire.logo"]',
                         str(EXEMPLES / "ille-et-vilaine" / "organigramme-service.png"))
    _enregistrer(page)
    nouveau = _champ(page, "gestionnaire.logo").input_value()
    assert nouveau != ancien and nouveau.startswith("images/")
    image = page.locator("#champ-gestionnaire-logo img.apercu")
    assert image.evaluate("i => i.complete && i.naturalWidth > 0")
    assert page.locator("#sommaire-erreurs").count() == 0


def test_deux_onglets_le_second_enregistrement_refuse(serveur: str, navigateur: object,
                                                      page: object) -> None:
    page.goto(serveur + "/contrats/nouveau/")
    page.check("input[value=vide]")
    page.select_option("#id_variante", "national")
    with page.expect_navigation():
        page.click("text=Créer le contrat")
    autre = navigateur.new_page()  # type: ignore[attr-defined]
    try:
        autre.goto(page.url)
        _champ(page, "contrat.lieu_signature").fill("Laval")
        _enregistrer(page)
        _champ(autre, "contrat.lieu_signature").fill("Mayenne")
        _enregistrer(autre)
        assert "Enregistrement refusé" in autre.locator("#conflit").inner_text()
        assert _champ(autre, "contrat.lieu_signature").input_value() == "Mayenne"
        page.reload()
        assert _champ(page, "contrat.lieu_signature").input_value() == "Laval"
    finally:
        autre.close()
