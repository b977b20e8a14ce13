"""PDF output with the real LibreOffice: pages, text, fonts, bundle, PDF/A, and the worker
pool's robustness (hang killed and retried, crash, recycling, nothing left running)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document as DocxDocument
from docx.shared import Cm
from pypdf import PdfReader
from typer.testing import CliRunner

from domaine.formats import montant
from generator import variants
from generator.cli import app
from generator.output import pdf as convert
from generator.output.bundle import NOM_PDF
from tests.aide import normaliser, png
from tests.conftest import EXEMPLES

SOFFICE = convert.commande_soffice()
necessite_libreoffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) absent : sudo apt-get install libreoffice-writer-nogui "
           "ou make systeme",
)
EXEMPLE = EXEMPLES / "national.yaml"
DOCUMENTS = variants.trouver("national").documents
A4 = (595.3, 841.9)  # points
MARQUE = f"cpom-lo-{os.getpid()}-"  # in the profile path of every LibreOffice we start


# ---------------------------------------------------------------- helpers


def processus_restants(*motifs: str) -> list[str]:
    """Running (non-zombie) processes of this test run: LibreOffice started by this pytest
    process (its profile path carries our pid) or matching one of ``motifs``."""
    motifs = (MARQUE, f"cpom_{os.getpid()}_", *motifs)
    trouves = []
    for nom in os.listdir("/proc"):
        if not nom.isdigit():
            continue
        try:
            etat = Path(f"/proc/{nom}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
            ligne = Path(f"/proc/{nom}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        if etat != b"Z" and any(motif in ligne for motif in motifs):
            trouves.append(f"{nom} {ligne[:120]}")
    return trouves


def texte_pdf(chemin: Path, page: int | None = None) -> str:
    lecteur = PdfReader(chemin)
    pages = lecteur.pages if page is None else [lecteur.pages[page]]
    return normaliser("\n".join(p.extract_text() for p in pages))


def tailles(chemin: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(chemin).pages]


def est_a4(taille: tuple[float, float], paysage: bool = False) -> bool:
    attendu = A4[::-1] if paysage else A4
    return all(abs(a - b) < 1.5 for a, b in zip(taille, attendu, strict=True))


def polices(chemin: Path) -> dict[str, bool]:
    """Every font used by the PDF's pages (and their forms) → embedded or not."""
    trouvees: dict[str, bool] = {}

    def ressources(dico) -> None:
        dico = dico.get_object() if dico is not None else None
        if not dico:
            return
        for police in (dico.get("/Font") or {}).values():
            police = police.get_object()
            descendantes = [d.get_object() for d in police.get("/DescendantFonts", [])]
            for p in [police, *descendantes]:
                descripteur = p.get("/FontDescriptor")
                if descripteur is None:
                    continue
                descripteur = descripteur.get_object()
                trouvees[str(p["/BaseFont"])] = any(
                    cle in descripteur for cle in ("/FontFile", "/FontFile2", "/FontFile3"))
        for objet in (dico.get("/XObject") or {}).values():
            objet = objet.get_object()
            if objet.get("/Subtype") == "/Form":
                ressources(objet.get("/Resources"))

    for page in PdfReader(chemin).pages:
        ressources(page.get("/Resources"))
    return trouvees


def xmp(chemin: Path) -> str:
    metadonnees = PdfReader(chemin).trailer["/Root"].get("/Metadata")
    return metadonnees.get_object().get_data().decode("utf-8", "replace") if metadonnees else ""


def pdfa_2b(chemin: Path) -> bool:
    texte = xmp(chemin)
    partie = re.search(r"pdfaid:part(?:>|=\")\s*(\d)", texte)
    conformite = re.search(r"pdfaid:conformance(?:>|=\")\s*([A-Za-z])", texte)
    return bool(partie and conformite and partie[1] == "2" and conformite[1].upper() == "B")


def generer(sortie: Path, *options: str) -> Any:
    return CliRunner().invoke(app, ["generate", str(EXEMPLE), "-o", str(sortie), *options])


def faux_soffice(dossier: Path, nom: str = "faux-soffice") -> Path:
    """A LibreOffice command that hangs the first time it is started (writes its pid, then
    sleeps), and is the real LibreOffice afterwards."""
    script = dossier / nom
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, sys, time\n"
        f"marque = {str(dossier / (nom + '.bloque'))!r}\n"
        "try:\n"
        "    os.mkdir(marque)\n"
        "except FileExistsError:\n"
        f"    os.execv({SOFFICE[0]!r}, [{SOFFICE[0]!r}, *sys.argv[1:]])\n"
        "open(os.path.join(marque, 'pid'), 'w').write(str(os.getpid()))\n"
        "time.sleep(600)\n",
        encoding="utf-8")
    script.chmod(0o755)
    return script


def pid_bloque(script: Path) -> int:
    return int((script.parent / (script.name + ".bloque") / "pid").read_text())


def en_vie(pid: int) -> bool:
    try:
        etat = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return etat != b"Z"


@pytest.fixture(autouse=True)
def _rien_ne_reste():
    """After every test: no LibreOffice (or UNO worker) started by this test still runs."""
    yield
    fin = time.monotonic() + 5
    while processus_restants() and time.monotonic() < fin:
        time.sleep(0.1)
    assert processus_restants() == []


@pytest.fixture(scope="module")
def sortie(tmp_path_factory) -> Path:
    """``cpom generate samples/national.yaml --format all`` once for the module."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) absent")
    dossier = tmp_path_factory.mktemp("pdf") / "national"
    resultat = generer(dossier, "--format", "all")
    assert resultat.exit_code == 0, resultat.output
    return dossier


@pytest.fixture(scope="module")
def donnees() -> dict:
    return yaml.safe_load(EXEMPLE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- documents


@necessite_libreoffice
def test_chaque_document_en_docx_et_pdf_plus_le_contrat_complet(sortie: Path) -> None:
    noms = [d.nom for d in DOCUMENTS] + [Path(NOM_PDF).stem]
    assert sorted(p.name for p in sortie.iterdir()) == sorted(
        [f"{n}.docx" for n in noms] + [f"{n}.pdf" for n in noms])
    for nom in noms:
        contenu = (sortie / f"{nom}.pdf").read_bytes()
        assert contenu.startswith(b"%PDF-") and len(PdfReader(sortie / f"{nom}.pdf").pages) >= 1


@necessite_libreoffice
def test_pages_a4_et_annexe_paysage(sortie: Path) -> None:
    orientations = []  # page by page, True = landscape
    for document in DOCUMENTS:
        pages = tailles(sortie / f"{document.nom}.pdf")
        paysages = [est_a4(t, paysage=True) for t in pages]
        assert all(p or est_a4(t) for t, p in zip(pages, paysages, strict=True)), pages
        # a landscape annex starts landscape (its wide tables), the others are portrait
        assert paysages[0] == (document.orientation == "paysage"), (document.nom, pages)
        if document.orientation != "paysage":
            assert not any(paysages), (document.nom, pages)
        orientations += paysages
    assert any(orientations)  # annexe 2 of the national model
    # the bundle keeps the orientation of every page of every part
    complet = tailles(sortie / NOM_PDF)
    assert [est_a4(t, paysage=True) for t in complet] == orientations
    assert all(est_a4(t, p) for t, p in zip(complet, orientations, strict=True))


@necessite_libreoffice
def test_polices_incorporees_sans_dejavu(sortie: Path) -> None:
    for pdf in sorted(sortie.glob("*.pdf")):
        trouvees = polices(pdf)
        assert trouvees, pdf.name
        assert all(trouvees.values()), (pdf.name, trouvees)  # every font embedded
        assert not [p for p in trouvees if "dejavu" in p.lower()], (pdf.name, trouvees)
        assert any("Liberation" in p or "Arial" in p for p in trouvees), trouvees
        if shutil.which("pdffonts"):  # second, independent reader (poppler)
            sortie_pdffonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True,
                                             text=True, check=True).stdout
            lignes = sortie_pdffonts.splitlines()[2:]  # name type encoding emb sub uni id
            assert lignes and all(ligne.split()[-5] == "yes" for ligne in lignes), lignes
            assert "dejavu" not in sortie_pdffonts.lower()


@necessite_libreoffice
def test_le_texte_relu_contient_les_donnees(sortie: Path, donnees: dict) -> None:
    contrat = texte_pdf(sortie / "contrat.pdf")
    gestionnaire = donnees["gestionnaire"]
    representant = gestionnaire["representant_legal"]
    president = donnees["departement"]["president"]
    for attendu in (
        gestionnaire["raison_sociale"],  # « & », « < > » and guillemets survive
        f"{representant['prenom']} {representant['nom']}",
        f"{president['prenom']} {president['nom']}",
        gestionnaire["siren"],
        montant(Decimal(donnees["tarification"]["tarif_horaire"])),  # « 26,10 € »
    ):
        assert normaliser(attendu) in contrat, attendu
    diagnostic = texte_pdf(sortie / "annexe-01-diagnostic-partage.pdf")
    assert normaliser(montant(Decimal(donnees["diagnostic"]["tarification"]["tarif_apa"]))) \
        in diagnostic
    objectifs = texte_pdf(sortie / "annexe-02-objectifs-calendrier.pdf")
    action = donnees["objectifs"]["dotation"][0]["operationnels"][0]["actions"][0]
    assert normaliser(montant(Decimal(action["cout"]))) in objectifs  # « 42 000,00 € »
    assert "42 000,00 €" in objectifs
    for texte in (contrat, diagnostic, objectifs):
        assert "{{" not in texte and "{%" not in texte


@necessite_libreoffice
def test_ordre_et_nombre_de_pages_du_contrat_complet(sortie: Path) -> None:
    complet = PdfReader(sortie / NOM_PDF)
    parties = [PdfReader(sortie / f"{d.nom}.pdf") for d in DOCUMENTS]
    assert len(complet.pages) == sum(len(p.pages) for p in parties)
    debut = 0
    for document, partie in zip(DOCUMENTS, parties, strict=True):
        # each part starts on a new page of the bundle, at the sum of the previous parts
        page = normaliser(complet.pages[debut].extract_text())
        if document is not DOCUMENTS[0]:
            assert normaliser(document.titre) in page, (document.titre, debut)
            precedente = normaliser(complet.pages[debut - 1].extract_text())
            assert normaliser(document.titre) not in precedente
        plus_longue = max(partie.pages[0].extract_text().splitlines(), key=len)
        assert normaliser(plus_longue) in page, (document.nom, plus_longue)
        debut += len(partie.pages)
    # each document numbered on its own, as in its own PDF: « Page 1 / n » … « Page n / n »
    debut = 0
    for partie in parties:
        n = len(partie.pages)
        for k in range(n):
            assert f"Page {k + 1} / {n}" in normaliser(complet.pages[debut + k].extract_text())
        debut += n


@necessite_libreoffice
def test_pdfa_2b(tmp_path: Path, docx_national: dict[str, Path]) -> None:
    dossier = tmp_path / "pdfa"
    resultat = generer(dossier, "--format", "pdf", "--pdfa")
    assert resultat.exit_code == 0, resultat.output
    pdfs = sorted(dossier.iterdir())
    assert [p.suffix for p in pdfs] == [".pdf"] * (len(DOCUMENTS) + 1)  # no DOCX, no leftovers
    for pdf in pdfs:
        assert pdfa_2b(pdf), (pdf.name, xmp(pdf)[:300])
        assert all(polices(pdf).values())
    # without --pdfa: no PDF/A identification
    ordinaire = tmp_path / "ordinaire.pdf"
    with convert.convertisseur("libreoffice", travailleurs=1) as convertisseur:
        convertisseur.convertir(docx_national["annexe-03-regles-de-gestion"], ordinaire)
    assert not pdfa_2b(ordinaire)


# ---------------------------------------------------------------- robustness


@necessite_libreoffice
def test_libreoffice_bloque_au_demarrage_est_tue_et_le_document_refait(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    faux = faux_soffice(tmp_path)
    monkeypatch.setenv("CPOM_SOFFICE", str(faux))
    monkeypatch.setenv("CPOM_PDF_TRAVAILLEURS", "1")
    monkeypatch.setenv("CPOM_PDF_DELAI", "8")
    monkeypatch.setenv("CPOM_PDF_DELAI_DEMARRAGE", "8")
    debut = time.monotonic()
    resultat = generer(tmp_path / "s", "--format", "pdf", "--no-bundle")
    assert resultat.exit_code == 0, resultat.output
    assert time.monotonic() - debut >= 8  # the first attempt really hung until its deadline
    bloque = pid_bloque(faux)
    assert not en_vie(bloque)  # killed with its process group
    for document in DOCUMENTS:
        assert (tmp_path / "s" / f"{document.nom}.pdf").read_bytes().startswith(b"%PDF-")
    assert processus_restants(str(tmp_path)) == []


@pytest.fixture
def docx_national(tmp_path: Path) -> dict[str, Path]:
    resultat = generer(tmp_path / "docx", "--no-bundle")
    assert resultat.exit_code == 0, resultat.output
    return {d.nom: tmp_path / "docx" / d.fichier for d in DOCUMENTS}


@necessite_libreoffice
def test_conversion_bloquee_tuee_puis_refaite_et_plantage_rattrape(
        tmp_path: Path, docx_national: dict[str, Path]) -> None:
    contrat, annexe = docx_national["contrat"], docx_national["annexe-03-regles-de-gestion"]
    with convert.convertisseur("libreoffice", travailleurs=1, delai=6) as convertisseur:
        if convertisseur.reglages.mode != "uno":
            pytest.skip("python3-uno absent : pool en mode « soffice --convert-to »")
        convertisseur.convertir(contrat, tmp_path / "1.pdf")
        # LibreOffice freezes in the middle of the work (SIGSTOP): the call must not hang
        groupe = convertisseur.travailleurs[0].soffice.pid
        geles = convert.membres_du_groupe(groupe)
        for pid in geles:
            os.kill(pid, signal.SIGSTOP)
        debut = time.monotonic()
        convertisseur.convertir(annexe, tmp_path / "2.pdf")
        assert 6 <= time.monotonic() - debut < 60
        assert not [pid for pid in geles if en_vie(pid)]  # the whole group was killed
        stats = convertisseur.statistiques
        assert (stats.delais_depasses, stats.relances, stats.demarrages) == (1, 1, 2)
        # LibreOffice crashes between two documents: restarted, document converted
        for pid in convert.membres_du_groupe(convertisseur.travailleurs[0].soffice.pid):
            os.kill(pid, signal.SIGKILL)
        convertisseur.convertir(annexe, tmp_path / "3.pdf")
        assert (stats.delais_depasses, stats.relances, stats.demarrages) == (1, 2, 3)
        assert stats.documents == 3
    for i in (1, 2, 3):
        assert (tmp_path / f"{i}.pdf").read_bytes().startswith(b"%PDF-")
    assert "Annexe 3" in texte_pdf(tmp_path / "2.pdf")
    assert not list(tmp_path.glob(".*partiel"))


@necessite_libreoffice
def test_pool_parallele_ordre_conserve_et_recyclage(
        tmp_path: Path, docx_national: dict[str, Path]) -> None:
    paires = [(docx, tmp_path / f"{i}-{nom}.pdf")
              for i, (nom, docx) in enumerate([*docx_national.items()] * 2)]
    with convert.convertisseur("libreoffice", travailleurs=2, recyclage=2) as convertisseur:
        pdfs = convertisseur.convertir_tous(paires)
        assert len({g for g in convertisseur.groupes()}) == 4  # 2 × (soffice + UNO script)
        stats = convertisseur.statistiques
    assert pdfs == [pdf for _, pdf in paires]
    for docx, pdf in paires:  # each PDF is the conversion of its own DOCX
        premiere = texte_pdf(pdf, 0)
        for document in DOCUMENTS[1:]:
            assert (normaliser(document.titre) in premiere) == (document.fichier == docx.name)
    assert stats.documents == 8 and stats.relances == 0
    if convertisseur.reglages.mode == "uno":  # a restart every 2 documents of a worker
        assert stats.recyclages >= 2 and stats.demarrages == 2 + stats.recyclages


@necessite_libreoffice
def test_demarrage_anticipe_pendant_le_rendu(
        tmp_path: Path, docx_national: dict[str, Path]) -> None:
    with convert.convertisseur("libreoffice", travailleurs=2) as convertisseur:
        if convertisseur.reglages.mode != "uno":
            pytest.skip("python3-uno absent : pool en mode « soffice --convert-to »")
        convertisseur.demarrer()  # returns at once; both LibreOffice start meanwhile
        assert convertisseur.statistiques.documents == 0
        fin = time.monotonic() + 60
        while len(convertisseur.groupes()) < 4 and time.monotonic() < fin:
            time.sleep(0.1)
        assert len(convertisseur.groupes()) == 4  # 2 × (soffice + UNO script)
        pdfs = convertisseur.convertir_tous(
            [(docx, tmp_path / f"{nom}.pdf") for nom, docx in docx_national.items()])
        assert convertisseur.statistiques.demarrages == 2  # no second start
    assert all(pdf.read_bytes().startswith(b"%PDF-") for pdf in pdfs)
    with convert.convertisseur("libreoffice", travailleurs=2) as convertisseur:
        convertisseur.demarrer()  # closed while starting: nothing may be left running


@necessite_libreoffice
@pytest.mark.parametrize("mode", ["uno", "cli"])
def test_images_sans_perte_et_a_300_dpi(tmp_path: Path, mode: str) -> None:
    (tmp_path / "logo.png").write_bytes(png(600, 300, bruit=True))
    document = DocxDocument()
    document.add_paragraph("Logo du gestionnaire")
    document.add_picture(str(tmp_path / "logo.png"), width=Cm(2.54))  # 600 px on 1 inch
    document.save(str(tmp_path / "logo.docx"))
    if mode == "uno" and convert.python_uno(SOFFICE) is None:
        pytest.skip("python3-uno absent")
    with convert.convertisseur("libreoffice", travailleurs=1, mode=mode) as convertisseur:
        pdf = convertisseur.convertir(tmp_path / "logo.docx", tmp_path / "logo.pdf")
    images = [x.get_object() for x in PdfReader(pdf).pages[0]["/Resources"]["/XObject"].values()]
    assert [str(i.get("/Filter")) for i in images] == ["/FlateDecode"]  # no JPEG
    assert 290 <= images[0]["/Width"] <= 310  # reduced to 300 dpi, not more


@necessite_libreoffice
def test_mode_ligne_de_commande_bloque_tue_et_refait(
        tmp_path: Path, docx_national: dict[str, Path]) -> None:
    faux = faux_soffice(tmp_path)
    annexe = docx_national["annexe-03-regles-de-gestion"]
    with convert.convertisseur("libreoffice", travailleurs=1, mode="cli", soffice=str(faux),
                               delai=10) as convertisseur:
        assert convertisseur.reglages.mode == "cli"
        pdf = convertisseur.convertir(annexe, tmp_path / "annexe.pdf", pdfa=True)
        assert convertisseur.statistiques.delais_depasses == 1
        assert convertisseur.statistiques.relances == 1
    assert not en_vie(pid_bloque(faux))
    assert pdf.read_bytes().startswith(b"%PDF-") and pdfa_2b(pdf)
    assert processus_restants(str(tmp_path)) == []


@necessite_libreoffice
def test_conversion_bloquee_coute_des_secondes_pas_le_delai(
        tmp_path: Path, docx_national: dict[str, Path]) -> None:
    """With the default deadline (two minutes), a stalled first attempt is killed after a
    deadline sized on the document, then the document is converted."""
    faux = faux_soffice(tmp_path)
    annexe = docx_national["annexe-03-regles-de-gestion"]
    with convert.convertisseur("libreoffice", travailleurs=1, mode="cli",
                               soffice=str(faux)) as convertisseur:
        assert convertisseur.reglages.delai == 120
        premier = convertisseur.delai_premier_essai(annexe)
        assert 15 <= premier < 17
        debut = time.monotonic()
        pdf = convertisseur.convertir(annexe, tmp_path / "annexe.pdf")
        assert premier <= time.monotonic() - debut < premier + 30
        assert convertisseur.statistiques.delais_depasses == 1
    assert not en_vie(pid_bloque(faux))
    assert pdf.read_bytes().startswith(b"%PDF-")


@necessite_libreoffice
def test_document_illisible_echoue_avec_un_message_francais(tmp_path: Path) -> None:
    faux_docx = tmp_path / "abime.docx"
    faux_docx.write_bytes(b"ceci n'est pas un document Word")
    with convert.convertisseur("libreoffice", travailleurs=1, delai=30) as convertisseur, \
            pytest.raises(convert.ConversionEchouee, match=r"abime\.docx"):
        convertisseur.convertir(faux_docx, tmp_path / "abime.pdf")
    assert not (tmp_path / "abime.pdf").exists()


def test_convertisseur_absent_code_2_message_et_docx_conserves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPOM_SOFFICE", str(tmp_path / "nulle-part" / "soffice"))
    resultat = generer(tmp_path / "s", "--format", "pdf", "--pdf-engine", "libreoffice")
    assert resultat.exit_code == 2, resultat.output
    assert "Traceback" not in resultat.output
    message = " ".join(resultat.stderr.split())
    assert "conversion PDF impossible" in message
    assert "sudo apt-get install libreoffice-writer-nogui" in message
    assert "DOCX" in message
    ecrits = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert ecrits == sorted([d.fichier for d in DOCUMENTS] + ["contrat-complet.docx"])
    if sys.platform.startswith("linux"):  # no Word on Linux
        with pytest.raises(convert.ConvertisseurIntrouvable, match="Word"):
            convert.ouvrir("word")


ENFANT = """
import signal
import sys
from pathlib import Path
from generator.output import pdf as convert
signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
docx = [Path(p) for p in sys.argv[1:]]
with convert.convertisseur("libreoffice", travailleurs=2) as convertisseur:
    convertisseur.convertir(docx[0], docx[0].with_suffix(".pdf"))
    print("pret", flush=True)
    convertisseur.convertir_tous([(d, d.with_name(f"{i}.pdf")) for i, d in enumerate(docx * 20)])
"""


@necessite_libreoffice
@pytest.mark.parametrize("signal_recu", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interruption_pendant_les_conversions_rien_ne_reste(
        tmp_path: Path, docx_national: dict[str, Path], signal_recu: int) -> None:
    enfant = subprocess.Popen([sys.executable, "-c", ENFANT, *map(str, docx_national.values())],
                              cwd=Path(__file__).resolve().parents[1], text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert enfant.stdout.readline().strip() == "pret"
        marque = f"cpom-lo-{enfant.pid}-"
        assert processus_restants(marque)  # two LibreOffice at work
        time.sleep(0.5)
        enfant.send_signal(signal_recu)
        _, erreurs = enfant.communicate(timeout=60)
    finally:
        if enfant.poll() is None:
            enfant.kill()
    # Ctrl-C: KeyboardInterrupt, then Python dies of SIGINT; SIGTERM: SystemExit(143)
    assert enfant.returncode == (-signal.SIGINT if signal_recu == signal.SIGINT else 143), erreurs
    assert processus_restants(marque, f"cpom_{enfant.pid}_") == []
    assert not list(Path(tempfile.gettempdir()).glob(f"{marque}*"))  # profiles removed


def _bibliotheques_de_libreoffice(convertisseur: Any) -> str:
    """The shared libraries mapped by the running soffice.bin processes of a pool."""
    cartes = ""
    for groupe in convertisseur.groupes():
        for pid in convert.membres_du_groupe(groupe):
            try:
                if "soffice" in Path(f"/proc/{pid}/cmdline").read_text():
                    cartes += Path(f"/proc/{pid}/maps").read_text()
            except OSError:  # ended meanwhile
                continue
    return cartes


@necessite_libreoffice
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc de Linux")
@pytest.mark.skipif(convert.jemalloc() is None, reason="libjemalloc2 absent")
@pytest.mark.parametrize("allocateur", ["", "systeme"])
def test_libreoffice_tourne_avec_jemalloc(
        tmp_path: Path, docx_national: dict[str, Path], allocateur: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPOM_PDF_ALLOCATEUR", allocateur)
    nom, docx = next(iter(docx_national.items()))
    with convert.convertisseur("libreoffice", travailleurs=1) as convertisseur:
        if convertisseur.reglages.mode != "uno":
            pytest.skip("python3-uno absent : pool en mode « soffice --convert-to »")
        pdf = convertisseur.convertir(docx, tmp_path / f"{nom}.pdf")
        cartes = _bibliotheques_de_libreoffice(convertisseur)
    assert "libmergedlo" in cartes  # the maps of LibreOffice itself were read
    assert ("libjemalloc" in cartes) == (allocateur != "systeme")
    assert texte_pdf(pdf).strip()


def test_allocateur_introuvable_message_francais(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPOM_PDF_ALLOCATEUR", "/nulle/part/libjemalloc.so.2")
    if not sys.platform.startswith("linux"):
        pytest.skip("jemalloc : Linux seulement")
    with pytest.raises(convert.ErreurCpom) as erreur:
        convert.jemalloc()
    assert "CPOM_PDF_ALLOCATEUR" in str(erreur.value) and "introuvable" in str(erreur.value)
