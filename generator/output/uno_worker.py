"""UNO conversion worker, run by a Python that can ``import uno`` (on Debian the system
``/usr/bin/python3`` with python3-uno; not the project's virtualenv).

Started by ``generator.convert`` with one argument, the UNO pipe name of a LibreOffice
already launched with ``--accept=pipe,name=NAME;urp;``. It connects, prints one JSON line
``{"pret": true}``, then reads one JSON request per line on stdin (``{"docx": "...",
"pdf": "...", "options": {...}}``, options being the FilterData of the PDF export) and
answers one JSON line per request (``{"ok": true}`` or ``{"ok": false, "erreur": "..."}``).
At the end of stdin (normal close, or the parent died) it asks LibreOffice to quit.
Timeouts, kills and restarts are the parent's job: this script stays small, standard
library only.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

FILTRE_DOCX = "MS Word 2007 XML"
DELAI_CONNEXION = 120.0  # the parent enforces its own, shorter, start-up deadline


def _propriete(nom, valeur):
    propriete = PropertyValue()
    propriete.Name = nom
    propriete.Value = valeur
    return propriete


def _repondre(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def connecter(nom_tube):
    """The Desktop of the LibreOffice listening on ``nom_tube`` (retries while it starts)."""
    local = uno.getComponentContext()
    resolveur = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={nom_tube};urp;StarOffice.ComponentContext"
    fin = time.monotonic() + DELAI_CONNEXION
    while True:
        try:
            contexte = resolveur.resolve(url)
            break
        except NoConnectException:
            if time.monotonic() > fin:
                raise
            time.sleep(0.1)
    return contexte.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", contexte)


def convertir(bureau, docx, pdf, options=None):
    """Load ``docx`` hidden and read-only, refresh its indexes, store it as PDF."""
    proprietes = [_propriete("Hidden", True), _propriete("ReadOnly", True)]
    if docx.lower().endswith(".docx"):  # no silent import of a damaged file as plain text
        proprietes.append(_propriete("FilterName", FILTRE_DOCX))
    document = bureau.loadComponentFromURL(
        uno.systemPathToFileUrl(docx), "_blank", 0, tuple(proprietes))
    if document is None:
        raise RuntimeError("LibreOffice n'a pas pu ouvrir le document")
    try:
        if hasattr(document, "getDocumentIndexes"):  # tables of contents, if any
            index = document.getDocumentIndexes()
            for i in range(index.getCount()):
                index.getByIndex(i).update()
        donnees_filtre = tuple(_propriete(nom, valeur) for nom, valeur in (options or {}).items())
        document.storeToURL(uno.systemPathToFileUrl(pdf), (
            _propriete("FilterName", "writer_pdf_Export"),
            _propriete("FilterData",
                       uno.Any("[]com.sun.star.beans.PropertyValue", donnees_filtre)),
            _propriete("Overwrite", True),
        ))
    finally:
        document.close(True)


def main():
    bureau = connecter(sys.argv[1])
    _repondre({"pret": True})
    for ligne in sys.stdin:
        if not ligne.strip():
            continue
        demande = json.loads(ligne)
        try:
            convertir(bureau, demande["docx"], demande["pdf"], demande.get("options"))
        except Exception as exc:  # reported to the parent, which retries or gives up
            _repondre({"ok": False, "erreur": f"{type(exc).__name__}: {exc}"})
        else:
            _repondre({"ok": True})
    with contextlib.suppress(Exception):  # LibreOffice already gone: the parent cleans up
        bureau.terminate()


if __name__ == "__main__":
    main()
