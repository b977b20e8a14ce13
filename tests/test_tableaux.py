"""Only the tables whose cells tags change are repaired, each on a tree of its own; the
rest of the body is left as rendered. The result is the one of a repair of the whole
body on one tree (the former way, and docxtpl's): checked on made-up bodies here, and on
every document of every sample by tests/test_rendu.py."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree

from generator.problems import ErreurCpom, Nature
from generator.render import docxtpl_adapter, engine, tableaux

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MARQUE = tableaux.MARQUE


def _table(grille: list[int], lignes: list[int], texte: str = "") -> str:
    colonnes = "".join(f'<w:gridCol w:w="{largeur}"/>' for largeur in grille)
    cellule = f'<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{texte}' \
              '</w:t></w:r></w:p></w:tc>'
    return (f"<w:tbl><w:tblPr/><w:tblGrid>{colonnes}</w:tblGrid>"
            + "".join("<w:tr>" + cellule * n + "</w:tr>" for n in lignes) + "</w:tbl>")


def _corps(*morceaux: str) -> str:
    return f'<w:body xmlns:w="{W}">' + "".join(morceaux) + "</w:body>"


def _c14n(xml: str) -> bytes:
    return etree.tostring(etree.fromstring(xml.encode()), method="c14n2")


def _avec_colonnes_d_annees(document: Any, premiere: str) -> bytes:
    """``document`` ending with a table: a cell holding ``premiere``, then one column per
    year (a ``{%tc`` loop over ``annees``); the DOCX bytes."""
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text = premiere
    table.cell(0, 1).text = "{%tc for annee in annees %}"
    table.cell(0, 2).text = "{{ annee }}{%tc endfor %}"
    tampon = io.BytesIO()
    document.save(tampon)
    return tampon.getvalue()


def test_seuls_les_tableaux_a_colonnes_variables_sont_marques() -> None:
    """In a Word template: the table with a ``{%tc`` loop is marked, the plain one and the
    paragraphs are not; a template without such tags is left as it is."""
    document = Document()
    document.add_paragraph("Avant {{ titre }}")
    simple = document.add_table(rows=2, cols=2)
    simple.cell(0, 0).text = "{{ a }}"
    [corps] = [p for p in docxtpl_adapter.sources(_avec_colonnes_d_annees(document, "Année"))
               .parties if p.corps]
    assert corps.colonnes
    assert corps.source.count(MARQUE) == 1
    assert corps.source.index(MARQUE) > corps.source.index("{{ a }}")  # the second table
    assert corps.source[corps.source.index(MARQUE) + len(MARQUE):].startswith("<w:tbl>")

    assert tableaux.marquer(_corps(_table([1000], [1])), "source") == ("source", False)


def test_reparation_table_par_table_egale_reparation_du_corps_entier() -> None:
    """Marked tables (one grown by a loop, one with a nested table, one shrunk) repaired
    one by one give the tree of a repair of the whole body; the text around them, an
    unmarked table included, is kept byte for byte."""
    imbriquee = _table([1000, 1000], [2])
    exterieure = _table([2000, 2000], [3, 3]).replace(
        "<w:p><w:r><w:t></w:t></w:r></w:p></w:tc>", "<w:p/>" + imbriquee + "</w:tc>", 1)
    autour = ['<w:p><w:r><w:t xml:space="preserve">« A &amp; B » ’</w:t></w:r></w:p>',
              _table([1000, 1000], [2], "non marquée"), "<w:p/>"]
    xml = _corps(autour[0], MARQUE + _table([3000, 3000], [3, 3]), autour[1],
                 MARQUE + exterieure, MARQUE + _table([1000] * 4, [2]), autour[2])
    repare = tableaux.reparer(xml, engine._reparer_grilles)
    assert MARQUE not in repare
    assert _c14n(repare) == _c14n(tableaux._reparer_tout(xml, engine._reparer_grilles))
    for morceau in autour:
        assert morceau in repare
    grilles = [len(t.findall(f"{{{W}}}tblGrid/{{{W}}}gridCol"))
               for t in etree.fromstring(repare.encode()).iter(f"{{{W}}}tbl")]
    assert grilles == [3, 2, 3, 2, 2]  # grown, untouched, outer grown, nested, shrunk


def test_tableau_non_marque_laisse_tel_quel() -> None:
    """A table no tag changed keeps its grid, even one Word wrote with widths of its own
    (a repair of the whole body would have rescaled its cells)."""
    propre = _table([1500, 1500], [2], "non marquée")
    xml = _corps(MARQUE + _table([3000, 3000], [3]), propre)
    assert propre in tableaux.reparer(xml, engine._reparer_grilles)


def test_espace_de_noms_declare_plus_haut_repare_sur_le_corps_entier() -> None:
    """A marked table using a namespace declared on an element around it (not on the
    body): repaired on a tree of the whole body, marks removed."""
    table = _table([3000, 3000], [3]).replace("<w:tblPr/>", "<w:tblPr><x:a/></w:tblPr>")
    xml = _corps('<w:sdt xmlns:x="urn:x"><w:sdtContent>', MARQUE + table,
                 "</w:sdtContent></w:sdt>")
    repare = tableaux.reparer(xml, engine._reparer_grilles)
    assert MARQUE not in repare
    assert len(etree.fromstring(repare.encode()).findall(f".//{{{W}}}gridCol")) == 3


def test_numeros_des_images_comme_sur_un_arbre() -> None:
    """Picture ids renumbered on the text equal those set on a tree, whatever the order
    of the attributes or the children of ``docPr``; a tag written otherwise (single
    quotes) goes through the tree."""
    images = ['<wp:docPr id="7" name="Image 1"/>',
              '<wp:docPr name="Logo" descr="id=&quot;3&quot;" id="12"><a:ext xmlns:a="urn:a"/>'
              "</wp:docPr>",
              "<wp:docPr name='Organigramme' id='4'/>"]
    for morceaux in (images[:2], images):
        xml = f'<w:body xmlns:w="{W}" xmlns:wp="{WP}">' + "".join(
            f"<w:p><w:r><w:t>docPr id=&quot;9&quot;</w:t>{image}</w:r></w:p>"
            for image in morceaux) + "</w:body>"
        arbre = etree.fromstring(xml.encode())
        for numero, element in enumerate(arbre.iter(f"{{{WP}}}docPr"), start=1001):
            element.set("id", str(numero))
        numerote = engine._numeroter_images(xml)
        assert _c14n(numerote) == etree.tostring(arbre, method="c14n2")
        assert [e.get("id") for e in etree.fromstring(numerote.encode()).iter(
            f"{{{WP}}}docPr")] == [str(1001 + i) for i in range(len(morceaux))]


def test_xml_trop_profond_dans_un_tableau_marque_erreur_du_modele(tmp_path: Path) -> None:
    """Well-formed XML too deep for lxml (written raw by ``|safe``) in a marked table: the
    template's located error, never an internal one."""
    gabarit = engine.Gabarit(tmp_path / "modele.docx",
                             _avec_colonnes_d_annees(Document(), "{{ profond|safe }}"))
    profond = "<w:sdt><w:sdtContent>" * 300 + "</w:sdtContent></w:sdt>" * 300
    with pytest.raises(ErreurCpom) as erreur:
        gabarit.rendre({"annees": [2026, 2027], "profond": profond})
    [probleme] = erreur.value.problemes
    assert probleme.nature is Nature.MODELE and "pas un document Word valide" in \
        probleme.message and probleme.lieu.fichier.endswith("modele.docx")
