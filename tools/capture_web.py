"""The README's screenshot of the web application (docs/application-web.png).

    .venv/bin/python tools/capture_web.py

Starts ``cpom serve`` on a free port with a data folder of its own, creates the
Ille-et-Vilaine contract from its example, types a wrong FINESS, saves, and lets headless
Chromium (Debian's package, driven by Playwright) photograph the form with its errors.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
SORTIE = RACINE / "docs" / "application-web.png"
DRAPEAUX = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        port = prise.getsockname()[1]
    donnees = Path(tempfile.mkdtemp(prefix="cpom-capture-"))
    serveur = subprocess.Popen([str(Path(sys.executable).parent / "cpom"), "serve", "--port",
                                str(port), "--donnees", str(donnees)])
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/connexion/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as playwright:
            contexte = playwright.chromium.launch_persistent_context(
                str(donnees / "profil"), executable_path="/usr/bin/chromium", headless=True,
                args=DRAPEAUX, viewport={"width": 1280, "height": 860}, locale="fr-FR")
            page = contexte.new_page()
            page.goto(url + "/contrats/nouveau/")
            page.check("input[value=exemple]")
            page.select_option("#id_variante", "ille-et-vilaine")
            with page.expect_navigation():
                page.click("text=Créer le contrat")
            page.fill('[name="service.finess"]', "35002456")
            with page.expect_navigation():
                page.click("#enregistrer")
            page.screenshot(path=str(SORTIE))
            contexte.close()
    finally:
        serveur.terminate()
        serveur.wait(timeout=30)
    print(f"capture écrite : {SORTIE}")


if __name__ == "__main__":
    main()
