"""Small helper to write the first version of a variant's Word templates.

The .docx files in ``templates/`` are the source of truth: legal officers edit them in
Word. The scripts in ``tools/modeles/`` only produced their first version from the seed
texts; re-running one overwrites the hand edits of its templates.

House style: A4, Arial (Liberation Sans on Linux) 10 pt, justified text, real Word
tables with a repeated grey header row, « Page X / Y » in the footer.

Tables carry their borders themselves and their cells use paragraph styles (« Tableau »,
« Tableau en-tête », « Tableau chiffres ») rather than a table style and per-cell direct
formatting: Word shows the same, a maintainer restyles every table from one place, and
LibreOffice, which applies a table style cell by cell on import, converts the long
annexes about a quarter faster (benchmarks/pdf_pool.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor

POLICE = "Arial"
A4 = (Mm(210), Mm(297))
TABLEAU, TABLEAU_ENTETE, TABLEAU_CHIFFRES = "Tableau", "Tableau en-tête", "Tableau chiffres"
TAILLE_TABLEAU = 9  # points, the size of the « Tableau » style
# children of w:tblPr that come after w:tblBorders (ECMA-376 order)
_APRES_BORDURES = {qn(n) for n in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                   "w:tblCaption", "w:tblDescription")}


def _police(style, taille: float | None = None, gras: bool | None = None,
            couleur: RGBColor | None = None) -> None:
    style.font.name = POLICE
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribut in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribut), POLICE)
    for attribut in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribut), None)
    if taille:
        style.font.size = Pt(taille)
    if gras is not None:
        style.font.bold = gras
    if couleur is not None:
        style.font.color.rgb = couleur


def _champ(paragraphe, code: str) -> None:
    """Insert a Word field (PAGE, NUMPAGES) as a simple field."""
    champ = OxmlElement("w:fldSimple")
    champ.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    texte = OxmlElement("w:t")
    texte.text = "1"
    run.append(texte)
    champ.append(run)
    paragraphe._p.append(champ)


def _langue_fr(document) -> None:
    styles = document.styles.element
    rpr_defaut = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    langue = rpr_defaut.find(qn("w:lang"))
    if langue is None:
        langue = OxmlElement("w:lang")
        rpr_defaut.append(langue)
    langue.set(qn("w:val"), "fr-FR")
    langue.set(qn("w:eastAsia"), "fr-FR")
    fonts = rpr_defaut.find(qn("w:rFonts"))
    if fonts is not None:
        for attribut in list(fonts.attrib):
            del fonts.attrib[attribut]
        for attribut in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribut), POLICE)


def _fond(cellule, couleur: str) -> None:
    tcpr = cellule._tc.get_or_add_tcPr()
    fond = OxmlElement("w:shd")
    fond.set(qn("w:val"), "clear")
    fond.set(qn("w:color"), "auto")
    fond.set(qn("w:fill"), couleur)
    tcpr.append(fond)


def _styles_tableau(styles) -> None:
    """Paragraph styles of table cells: single line spacing, no space after, 9 pt."""
    base = styles.add_style(TABLEAU, WD_STYLE_TYPE.PARAGRAPH)
    base.base_style = styles["Normal"]
    base.font.size = Pt(TAILLE_TABLEAU)
    base.paragraph_format.space_before = base.paragraph_format.space_after = Pt(0)
    base.paragraph_format.line_spacing = 1.0
    base.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for nom, alignement in ((TABLEAU_ENTETE, WD_ALIGN_PARAGRAPH.CENTER),
                            (TABLEAU_CHIFFRES, WD_ALIGN_PARAGRAPH.RIGHT)):
        style = styles.add_style(nom, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = base
        style.paragraph_format.alignment = alignement
    styles[TABLEAU_ENTETE].font.bold = True


def _bordures(table) -> None:
    """Single 1/2 pt borders around and between every cell, set on the table itself."""
    bordures = OxmlElement("w:tblBorders")
    for cote in ("top", "left", "bottom", "right", "insideH", "insideV"):
        trait = OxmlElement(f"w:{cote}")
        for attribut, valeur in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"),
                                 ("w:color", "auto")):
            trait.set(qn(attribut), valeur)
        bordures.append(trait)
    proprietes = table._tbl.tblPr
    suivant = next((e for e in proprietes if e.tag in _APRES_BORDURES), None)
    if suivant is None:
        proprietes.append(bordures)
    else:
        suivant.addprevious(bordures)


def style_de_cellule(table, nom: str, lignes: Iterable[int] | None = None,
                     colonnes: Iterable[int] | None = None) -> None:
    """Give the paragraphs of some cells (rows × columns, all by default) another table
    style (``TABLEAU_CHIFFRES``…)."""
    style = table.part.document.styles[nom]
    rangs = range(len(table.rows)) if lignes is None else lignes
    for rang in rangs:
        cellules = table.rows[rang].cells
        for c in range(len(cellules)) if colonnes is None else colonnes:
            for paragraphe in cellules[c].paragraphs:
                paragraphe.style = style


def _entete_repetee(ligne) -> None:
    trpr = ligne._tr.get_or_add_trPr()
    repete = OxmlElement("w:tblHeader")
    repete.set(qn("w:val"), "true")
    trpr.append(repete)


class Modele:
    """A Word template under construction."""

    def __init__(self, entete: str = "", paysage: bool = False) -> None:
        self.doc = Document()
        _langue_fr(self.doc)
        styles = self.doc.styles
        normal = styles["Normal"]
        _police(normal, 10)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for nom, taille in (("Title", 16), ("Heading 1", 13), ("Heading 2", 11),
                            ("Heading 3", 10)):
            _police(styles[nom], taille, gras=True, couleur=RGBColor(0x1F, 0x3A, 0x5F))
            styles[nom].paragraph_format.space_before = Pt(12 if nom != "Title" else 0)
            styles[nom].paragraph_format.space_after = Pt(6)
            styles[nom].paragraph_format.keep_with_next = True
        styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for nom in ("List Bullet", "Header", "Footer"):
            _police(styles[nom], 9 if nom in ("Header", "Footer") else None)
        _styles_tableau(styles)
        section = self.doc.sections[0]
        self._mise_en_page(section, paysage)
        if entete:
            p = section.header.paragraphs[0]
            p.text = entete
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.style = styles["Header"]
        pied = section.footer.paragraphs[0]
        pied.style = styles["Footer"]
        pied.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pied.add_run("Page ")
        _champ(pied, "PAGE")
        pied.add_run(" / ")
        _champ(pied, "NUMPAGES")

    @staticmethod
    def _mise_en_page(section, paysage: bool) -> None:
        largeur, hauteur = A4
        section.orientation = WD_ORIENT.LANDSCAPE if paysage else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (hauteur, largeur) if paysage else (largeur,
                                                                                     hauteur)
        for marge in ("left_margin", "right_margin"):
            setattr(section, marge, Cm(2))
        section.top_margin = section.bottom_margin = Cm(2)
        section.header_distance = section.footer_distance = Cm(1)

    @property
    def largeur_utile(self) -> int:
        section = self.doc.sections[-1]
        return section.page_width - section.left_margin - section.right_margin

    # --- paragraphs ---------------------------------------------------------------
    def _texte(self, paragraphe, texte: str, gras: bool = False, italique: bool = False) -> None:
        """``**gras**`` marks bold spans."""
        for balise in re.findall(r"\{[{%].*?[%}]\}", texte):
            # docxtpl turns ’ into ' inside tags; Word AutoCorrect turns " into « ».
            if any(c in balise for c in "’«»\""):
                raise ValueError(f"apostrophe typographique, guillemet ou « » dans une balise : "
                                 f"{balise}")
        for i, morceau in enumerate(re.split(r"\*\*", texte)):
            if morceau:
                run = paragraphe.add_run(morceau)
                # only ever switched on: an explicit « off » would override the style
                run.bold = True if gras or i % 2 == 1 else None
                run.italic = True if italique else None

    def p(self, texte: str = "", *, gras: bool = False, italique: bool = False,
          centre: bool = False, droite: bool = False, style: str | None = None):
        paragraphe = self.doc.add_paragraph(style=style)
        self._texte(paragraphe, texte, gras, italique)
        if centre:
            paragraphe.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif droite:
            paragraphe.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return paragraphe

    def ctrl(self, balise: str):
        """A paragraph holding only a ``{%p … %}`` tag (removed at rendering)."""
        return self.doc.add_paragraph(balise)

    def titre(self, texte: str):
        paragraphe = self.doc.add_paragraph(style="Title")
        self._texte(paragraphe, texte)
        return paragraphe

    def h1(self, texte: str):
        paragraphe = self.doc.add_paragraph(style="Heading 1")
        self._texte(paragraphe, texte)
        return paragraphe

    def h2(self, texte: str):
        paragraphe = self.doc.add_paragraph(style="Heading 2")
        self._texte(paragraphe, texte)
        return paragraphe

    def h3(self, texte: str):
        paragraphe = self.doc.add_paragraph(style="Heading 3")
        self._texte(paragraphe, texte)
        return paragraphe

    def puce(self, texte: str):
        paragraphe = self.doc.add_paragraph(style="List Bullet")
        self._texte(paragraphe, texte)
        return paragraphe

    def tiret(self, texte: str):
        paragraphe = self.p("- " + texte)
        paragraphe.paragraph_format.left_indent = Cm(0.5)
        paragraphe.paragraph_format.first_line_indent = Cm(-0.4)
        return paragraphe

    def saut_de_page(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def section(self, paysage: bool) -> None:
        """Start a new page in a new section (portrait or landscape)."""
        self._mise_en_page(self.doc.add_section(WD_SECTION.NEW_PAGE), paysage)

    # --- tables -------------------------------------------------------------------
    def tableau(self, entetes: list[list[str]] | list[str], lignes: list[list[str]], *,
                largeurs: list[float] | None = None, taille: float = 9,
                premiere_colonne_grise: bool = False, droite: tuple[int, ...] = ()):
        """A real Word table. ``entetes``: one or more header rows (grey, repeated on each
        page). ``lignes``: template rows; a row holding ``{%tr … %}`` in its first cell is a
        loop/condition row. Cell text supports ``**gras**`` and line breaks. ``droite``:
        columns of figures, right-aligned below the header rows."""
        if entetes and isinstance(entetes[0], str):
            entetes = [entetes]  # type: ignore[list-item]
        colonnes = max(len(r) for r in [*entetes, *lignes])
        table = self.doc.add_table(rows=0, cols=colonnes)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _bordures(table)
        styles = self.doc.styles
        for rang, valeurs in enumerate([*entetes, *lignes]):
            ligne = table.add_row()
            est_entete = rang < len(entetes)
            if est_entete:
                _entete_repetee(ligne)
            for c, valeur in enumerate(valeurs):
                cellule = ligne.cells[c]
                paragraphe = cellule.paragraphs[0]
                paragraphe.style = styles[TABLEAU_ENTETE if est_entete else TABLEAU]
                self._texte(paragraphe, valeur)
                if taille != TAILLE_TABLEAU:
                    for run in paragraphe.runs:
                        run.font.size = Pt(taille)
                if est_entete or (premiere_colonne_grise and c == 0
                                  and not valeur.startswith("{%")):
                    _fond(cellule, "D9E2F3" if est_entete else "F2F2F2")
        if largeurs:
            total = sum(largeurs)
            grille = table._tbl.tblGrid.findall(qn("w:gridCol"))
            for c, largeur in enumerate(largeurs):
                largeur_emu = int(self.largeur_utile * largeur / total)
                # LibreOffice lays a table out from its grid, Word from its cells: set both
                grille[c].set(qn("w:w"), str(Emu(largeur_emu).twips))
                for cellule in table.columns[c].cells:
                    cellule.width = largeur_emu
        if droite:
            style_de_cellule(table, TABLEAU_CHIFFRES, range(len(entetes), len(table.rows)),
                             droite)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)
        return table

    def logos(self) -> None:
        """The logos of the data side by side, centred (when there are any)."""
        self.ctrl("{%p if calcul.logos %}")
        self.p("{% for logo in calcul.logos %}{{ logo.image }}"
               "{{ '          ' if not loop.last else '' }}{% endfor %}", centre=True)
        self.ctrl("{%p endif %}")

    def boucle(self, entete: str, cellules: list[str], fin: str = "{%tr endfor %}",
               ) -> list[list[str]]:
        """Rows of a table loop: ``{%tr for … %}``, the repeated row, ``{%tr endfor %}``."""
        vide = [""] * (len(cellules) - 1)
        return [[entete, *vide], cellules, [fin, *vide]]

    def sauver(self, chemin: Path) -> None:
        chemin.parent.mkdir(parents=True, exist_ok=True)
        self.doc.core_properties.author = "cpom-generateur"
        self.doc.core_properties.title = ""
        self.doc.save(chemin)


def grille_annuelle(table, fixes_mm: list[float], annee_mm: float, colonnes: int = 7):
    """Column grid of a table whose last columns loop over the years (``{%tc for %}``):
    the fixed columns, then more year columns than needed; docxtpl's ``fix_tables`` drops
    the unused trailing ones and shares their width out, so the fixed columns keep their
    proportions whatever the number of years. Cell widths (what Word reads) follow; the
    table spans the page."""
    grille = table._tbl.tblGrid
    for colonne in list(grille):
        grille.remove(colonne)
    for largeur in [*fixes_mm, *[annee_mm] * colonnes]:
        colonne = OxmlElement("w:gridCol")
        colonne.set(qn("w:w"), str(int(Mm(largeur).twips)))
        grille.append(colonne)
    largeur = table._tbl.tblPr.find(qn("w:tblW"))
    if largeur is None:
        largeur = OxmlElement("w:tblW")
        table._tbl.tblPr.append(largeur)
    largeur.set(qn("w:type"), "pct")
    largeur.set(qn("w:w"), "5000")
    for ligne in table.rows:
        for rang, cellule in enumerate(ligne.cells):
            boucle = cellule.text.startswith("{%tc")
            cellule.width = Mm(fixes_mm[rang] if rang < len(fixes_mm) else 3 if boucle
                               else annee_mm)
    return table
