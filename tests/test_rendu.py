"""The render engine: the same documents as docxtpl (every part, as canonical XML), the
same bytes every time, a template edited between two renderings seen at once, errors
located in the template, never a « repaired » document."""

from __future__ import annotations

import io
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from generator import api
from generator.problems import ErreurCpom, Nature
from generator.render import context, docxtpl_adapter, engine
from tests import oracle_docxtpl
from tests.aide import contrat_de, texte_docx
from tests.conftest import EXEMPLES

EXEMPLES_YAML = sorted(EXEMPLES.glob("*.yaml"))
_NS_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _parties(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {nom: archive.read(nom) for nom in archive.namelist()}


def _canonique(nom: str, contenu: bytes) -> bytes:
    """A part as canonical XML (C14N 2.0). python-docx rewrites two parts on save without
    changing their meaning: it sorts the content types, and writes the empty core
    properties docxtpl renders; both are normalised here, nothing else."""
    racine = etree.fromstring(contenu)
    if nom == "[Content_Types].xml":
        racine[:] = sorted(racine, key=lambda e: (e.tag, sorted(e.attrib.items())))
    if nom == "docProps/core.xml":
        for element in list(racine):
            if not (element.text or "").strip() and not len(element):
                racine.remove(element)
    return etree.tostring(racine, method="c14n2")


@pytest.mark.parametrize("exemple", EXEMPLES_YAML, ids=[e.stem for e in EXEMPLES_YAML])
def test_memes_documents_que_docxtpl(exemple: Path) -> None:
    """Every part of every document of every sample: the engine's canonical XML equals
    docxtpl's own ``render``; media parts byte for byte."""
    contrat = contrat_de(exemple)
    for document in contrat.variante.documents:
        gabarit = contrat.variante.gabarit(document)
        moteur = _parties(engine.rendre(gabarit, contrat.contexte))
        reference = _parties(oracle_docxtpl.rendre(gabarit, contrat.contexte))
        assert sorted(moteur) == sorted(reference), document.fichier
        for nom, contenu in reference.items():
            if nom.endswith((".xml", ".rels")):
                assert _canonique(nom, moteur[nom]) == _canonique(nom, contenu), \
                    f"{document.fichier} : {nom}"
            else:
                assert moteur[nom] == contenu, f"{document.fichier} : {nom}"


def test_oracle_voit_une_difference_de_mise_en_forme(tmp_path: Path) -> None:
    """The comparison above sees formatting, not only text: a bold run differs."""
    contrat = contrat_de(EXEMPLES / "national.yaml")
    gabarit = contrat.variante.gabarit(contrat.variante.documents[-1])
    moteur = _parties(engine.rendre(gabarit, contrat.contexte))
    corps = moteur["word/document.xml"].replace(b"<w:r>", b"<w:r><w:rPr><w:b/></w:rPr>", 1)
    reference = _parties(oracle_docxtpl.rendre(gabarit, contrat.contexte))
    assert _canonique("word/document.xml", corps) != \
        _canonique("word/document.xml", reference["word/document.xml"])


def test_memes_octets_a_chaque_rendu() -> None:
    contrat = contrat_de(EXEMPLES / "ille-et-vilaine.yaml")
    premier = api.rendre(EXEMPLES / "ille-et-vilaine.yaml", avec_bundle=True).documents
    second = api.rendre(EXEMPLES / "ille-et-vilaine.yaml", avec_bundle=True).documents
    assert premier == second
    assert len(premier) == len(contrat.variante.documents) + 1


def test_deux_generations_memes_fichiers(runner, tmp_path: Path) -> None:
    for dossier in ("a", "b"):
        resultat = runner.invoke(app_cli(), ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                             str(tmp_path / dossier)])
        assert resultat.exit_code == 0, resultat.output
    fichiers = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "contrat-complet.docx" in fichiers
    for nom in fichiers:
        assert (tmp_path / "a" / nom).read_bytes() == (tmp_path / "b" / nom).read_bytes(), nom


def app_cli():
    from generator.cli import app

    return app


def _remplacer(docx: Path, avant: str, apres: str) -> None:
    """Edit the body of a Word file as Word would save it (same file, new content)."""
    with zipfile.ZipFile(docx) as archive:
        parties = {nom: archive.read(nom) for nom in archive.namelist()}
    corps = parties["word/document.xml"].decode("utf-8")
    assert avant in corps
    parties["word/document.xml"] = corps.replace(avant, apres, 1).encode("utf-8")
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as archive:
        for nom, contenu in parties.items():
            archive.writestr(nom, contenu)


@pytest.fixture
def copie_nationale(tmp_path: Path) -> Path:
    dossier = tmp_path / "modeles"
    shutil.copytree(contrat_de(EXEMPLES / "national.yaml").variante.dossier, dossier)
    return dossier


def test_modele_modifie_entre_deux_rendus_vu_aussitot(copie_nationale: Path) -> None:
    """Same path, same size (a word of the same length), in the same process: the second
    rendering shows the edit."""
    contrat = contrat_de(EXEMPLES / "national.yaml")
    gabarit = copie_nationale / "annexe-03-regles-de-gestion.docx"
    avant = texte_docx(engine.rendre(gabarit, contrat.contexte))
    taille = gabarit.stat().st_size
    _remplacer(gabarit, "Annexe 3", "Annexe Z")
    apres = texte_docx(engine.rendre(gabarit, contrat.contexte))
    assert "Annexe 3" in avant and "Annexe Z" not in avant
    assert "Annexe Z" in apres and "Annexe 3" not in apres
    assert abs(gabarit.stat().st_size - taille) < 64


def test_rendus_en_parallele_identiques() -> None:
    """One prepared template shared by threads: each rendering keeps its state."""
    contrat = contrat_de(EXEMPLES / "ille-et-vilaine.yaml")
    documents = contrat.variante.documents
    attendus = {d.fichier: engine.rendre(contrat.variante.gabarit(d), contrat.contexte)
                for d in documents}
    obtenus: list[tuple[str, bytes]] = []

    def travail() -> None:
        for document in documents:
            octets = engine.rendre(contrat.variante.gabarit(document), contrat.contexte)
            obtenus.append((document.fichier, octets))

    fils = [threading.Thread(target=travail) for _ in range(4)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert len(obtenus) == 4 * len(documents)
    assert all(octets == attendus[nom] for nom, octets in obtenus)


def _ajouter_paragraphe(docx: Path, texte: str) -> None:
    document = Document(str(docx))
    document.add_paragraph(texte)
    document.save(str(docx))


def test_champ_inconnu_localise_dans_le_modele(copie_nationale: Path) -> None:
    _ajouter_paragraphe(copie_nationale / "contrat.docx",
                        "Gestionnaire : {{ gestionnaire.inexistant }}.")
    contrat = contrat_de(EXEMPLES / "national.yaml")
    with pytest.raises(ErreurCpom) as exc:
        engine.rendre(copie_nationale / "contrat.docx", contrat.contexte)
    (probleme,) = exc.value.problemes
    assert probleme.nature is Nature.MODELE
    assert probleme.lieu.fichier == "modeles/contrat.docx"
    assert probleme.lieu.partie == "corps"
    assert "{{ gestionnaire.inexistant }}" in probleme.lieu.extrait
    assert probleme.message.startswith("champ inconnu « gestionnaire.inexistant »")


def test_erreur_de_syntaxe_localisee(copie_nationale: Path) -> None:
    _ajouter_paragraphe(copie_nationale / "contrat.docx", "Fin : {% if contrat %} sans fin")
    with pytest.raises(ErreurCpom) as exc:
        engine.gabarit(copie_nationale / "contrat.docx")
    (probleme,) = exc.value.problemes
    assert probleme.nature is Nature.MODELE
    assert probleme.message.startswith("erreur de syntaxe dans une balise")


def test_xml_casse_jamais_repare(copie_nationale: Path) -> None:
    """A template that writes raw XML from the data (« safe ») gives an error, never a
    document silently cut after the bad markup."""
    _ajouter_paragraphe(copie_nationale / "annexe-03-regles-de-gestion.docx",
                        "Raison : {{ gestionnaire.raison_sociale|safe }}")
    contrat = contrat_de(EXEMPLES / "national.yaml")
    contexte = {**contrat.contexte,
                "gestionnaire": {**contrat.contexte["gestionnaire"],
                                 "raison_sociale": "A </w:t></w:r></w:p> B"}}
    with pytest.raises(ErreurCpom) as exc:
        engine.rendre(copie_nationale / "annexe-03-regles-de-gestion.docx", contexte)
    assert exc.value.problemes[0].nature is Nature.MODELE
    assert "n'est pas un document Word valide" in exc.value.problemes[0].message


def test_caracteres_interdits_retires_document_entier() -> None:
    """A lone surrogate or a control character in a text field is removed: the document
    keeps its end (signatures, page setup)."""
    contrat = contrat_de(EXEMPLES / "national.yaml")
    contexte = context.preparer({**contrat.contexte, "gestionnaire": {
        **contrat.contexte["gestionnaire"], "raison_sociale": "Aide\ud800 & Soins\x01\ufffe"}})
    gabarit = contrat.variante.gabarit(contrat.variante.documents[0])
    rendu, normal = (Document(io.BytesIO(engine.rendre(gabarit, c)))
                     for c in (contexte, contrat.contexte))
    assert "Aide & Soins" in texte_docx(engine.rendre(gabarit, contexte))
    assert len(rendu.paragraphs) == len(normal.paragraphs)
    assert rendu.paragraphs[-1].text == normal.paragraphs[-1].text
    assert rendu.sections[-1].page_height == normal.sections[-1].page_height


def test_proprietes_du_document_rendues(copie_nationale: Path) -> None:
    """A tag in File > Properties (title) is rendered by the same engine."""
    chemin = copie_nationale / "annexe-03-regles-de-gestion.docx"
    document = Document(str(chemin))
    document.core_properties.title = "CPOM {{ gestionnaire.raison_sociale }}"
    document.save(str(chemin))
    contrat = contrat_de(EXEMPLES / "national.yaml")
    rendu = Document(io.BytesIO(engine.rendre(chemin, contrat.contexte)))
    assert rendu.core_properties.title == \
        f"CPOM {contrat.contexte['gestionnaire']['raison_sociale']}"


# --- the full contract as one template ----------------------------------------------------

def _mise_en_page(docx: bytes) -> tuple[list[tuple[int, int, str]], int]:
    document = Document(io.BytesIO(docx))
    sections = [(round(s.page_width.mm), round(s.page_height.mm), str(s.orientation))
                for s in document.sections]
    return sections, len(document.inline_shapes)


@pytest.mark.parametrize("exemple", EXEMPLES_YAML, ids=[e.stem for e in EXEMPLES_YAML])
def test_contrat_complet_comme_un_modele(exemple: Path) -> None:
    """The full contract rendered from the composed templates is the one composed from
    the rendered documents: same text, sections (size, orientation) and pictures."""
    from generator import contract
    from generator.output import bundle

    contrat = contrat_de(exemple)
    compose = bundle.composer(contract.documents(contrat).values())
    rendu = bundle.rendre(contrat.variante, contrat.contexte)
    assert texte_docx(rendu) == texte_docx(compose)
    assert _mise_en_page(rendu) == _mise_en_page(compose)
    assert bundle.gabarit(contrat.variante) is bundle.gabarit(contrat.variante)  # once


_GRILLE = ('<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:tbl><w:tblGrid>{grille}</w:tblGrid>{lignes}</w:tbl></w:body>')


@pytest.mark.parametrize(("colonnes", "lignes"), [
    ([3000, 3000], [3, 2]),            # a {%tc loop added a column: the grid grows
    ([2000, 2000, 2000, 2000], [2, 1]),  # columns removed: widths given to the others
    ([2000, 2000, 2000], [(2, 1), 3]),   # a gridSpan counts for its columns
    ([1000, 1000], [2, 2]),            # nothing to fix
])
def test_grilles_de_tableaux_comme_docxtpl(colonnes: list[int], lignes: list) -> None:
    def ligne(cellules: int | tuple[int, int]) -> str:
        if isinstance(cellules, tuple):
            fusion, simples = cellules
            return (f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="{fusion}"/></w:tcPr><w:p/></w:tc>'
                    + "<w:tc><w:p/></w:tc>" * simples + "</w:tr>")
        return "<w:tr>" + "<w:tc><w:p/></w:tc>" * cellules + "</w:tr>"

    xml = _GRILLE.format(grille="".join(f'<w:gridCol w:w="{c}"/>' for c in colonnes),
                         lignes="".join(ligne(n) for n in lignes))
    arbre = etree.fromstring(xml)
    docxtpl_adapter.reparer_tableaux(arbre)
    assert etree.tostring(arbre) == etree.tostring(oracle_docxtpl.reparer_tableaux(xml))


def test_listing_comme_le_parcours_complet() -> None:
    """``resoudre_listing`` restarts its scan near each tab or line break: the same text as
    the scan of every paragraph, on real paragraphs and on malformed fragments."""
    import random

    def complet(xml: str) -> str:
        return docxtpl_adapter._PARAGRAPHE.sub(docxtpl_adapter._paragraphe, xml)

    paragraphe = '<w:p w:rsidR="1"><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>'
    reel = "<w:body>" + "".join(paragraphe.format(t) for t in
                                ["un", "deux\nlignes", "tab\tici", "trois", "a\x07b", "fin"])
    assert docxtpl_adapter.resoudre_listing(reel) == complet(reel) != reel
    jetons = ["<w:p>", "<w:p ", "<w:p", "</w:p>", "</w:p", ">", "\n", "\t", "\x07", "\x0c",
              "x", "<w:r><w:t>", "</w:t></w:r>", "<", " ", 'a="1"', "<w:pPr>", "w:p>", "/"]
    hasard = random.Random(16)
    for _ in range(20_000):
        xml = "".join(hasard.choice(jetons) for _ in range(hasard.randint(0, 25)))
        assert docxtpl_adapter.resoudre_listing(xml) == complet(xml), repr(xml)
