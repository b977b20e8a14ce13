"""Template authoring: lint with locations, annotated copy, own templates, schema, preview."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from generator import variants
from generator.authoring import lint
from generator.cli import app

EXEMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture
def modele_fautif(tmp_path: Path) -> Path:
    """A template with an unknown variable, a tag split across paragraphs, « » in a tag."""
    document = Document()
    document.add_paragraph("Raison sociale : {{ gestionnaire.raison_socialle }}")
    document.add_paragraph("Représenté par {{ gestionnaire.representant_legal.")
    document.add_paragraph("nom }}, dûment habilité.")
    document.add_paragraph("Département {{ departement[«nom»] }}")
    chemin = tmp_path / "fautif.docx"
    document.save(chemin)
    return chemin


def test_trois_problemes_localises(modele_fautif: Path) -> None:
    problemes = [p.texte(fichier=False)
                 for p in lint.verifier(modele_fautif, variants.trouver("national"))]
    assert problemes == [
        "corps, paragraphe 1 (« Raison sociale : {{ gestionnaire.raison_socialle }} ») : "
        "champ inconnu « raison_socialle » dans gestionnaire, vouliez-vous dire "
        "raison_sociale ? (gestionnaire.raison_socialle)",
        "corps, paragraphe 2 (« Représenté par {{ gestionnaire.representant_legal. ») : balise "
        "coupée sur deux paragraphes (elle continue dans le paragraphe suivant « nom }}, dûment "
        "habilité. ») : une balise doit tenir dans un seul paragraphe, la retaper d'un seul "
        "tenant",
        "corps, paragraphe 4 (« Département {{ departement[«nom»] }} ») : guillemets "
        "typographiques « » dans la balise {{ departement[«nom»] }} : écrire les textes hors "
        "des balises ou désactiver la correction automatique des guillemets",
    ]


def test_cli_check_annote_trois_commentaires(runner, modele_fautif: Path, tmp_path: Path) -> None:
    annote = tmp_path / "annote.docx"
    resultat = runner.invoke(app, ["templates", "check", str(modele_fautif), "--modele",
                                   "national", "--annotate", str(annote)])
    assert resultat.exit_code == 2
    assert "3 problèmes" in resultat.stdout
    with zipfile.ZipFile(annote) as archive:
        commentaires = etree.fromstring(archive.read("word/comments.xml"))
        corps = archive.read("word/document.xml").decode()
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    textes = ["".join(c.itertext()) for c in commentaires.findall("w:comment", ns)]
    assert len(textes) == 3
    assert "vouliez-vous dire raison_sociale" in textes[0]
    assert corps.count("commentRangeStart") == 3
    assert Document(str(annote)).paragraphs[0].text.startswith("Raison sociale")


@pytest.mark.parametrize(("paragraphes", "attendu"), [
    (["{%p if contrat.preambule %}{%p endif %}"], "2 balises {%p … %} dans le même paragraphe"),
    (["{%p if contrat.preambule %}", "texte"], "bloc {% if %} jamais fermé"),
    (["{%p for s in services %}", "{%p endif %}"], "{% endif %} sans {% if %} correspondant"),
    (["{{ services| }}"], "erreur de syntaxe"),
])
def test_autres_problemes(tmp_path: Path, paragraphes: list[str], attendu: str) -> None:
    document = Document()
    for texte in paragraphes:
        document.add_paragraph(texte)
    document.save(tmp_path / "m.docx")
    problemes = [p.texte(fichier=False)
                 for p in lint.verifier(tmp_path / "m.docx", variants.trouver("national"))]
    assert any(attendu in p for p in problemes), problemes


def test_boucles_filtres_et_calcul_reconnus(tmp_path: Path) -> None:
    document = Document()
    for texte in ["{%p for s in services %}", "{{ s.nom|upper }} {{ loop.index }} "
                  "{% for c in s.communes %}{{ c.nom }}{% endfor %}", "{%p endfor %}",
                  "{{ calcul.date_fin|date_longue }} {{ calcul.dotation.total|montant }}",
                  "{{ objectifs.generaux[0].intitule }}"]:
        document.add_paragraph(texte)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "{{ calcul.tableau_generaux[0].valeurs }}"
    document.save(tmp_path / "ok.docx")
    assert lint.verifier(tmp_path / "ok.docx", variants.trouver("national")) == []


def test_modeles_livres_sans_probleme(runner) -> None:
    resultat = runner.invoke(app, ["templates", "check"])
    assert resultat.exit_code == 0, resultat.stdout
    assert "✗" not in resultat.stdout


MODELES_LIVRES = [(v, d) for v in variants.variantes() for d in v.documents]


@pytest.mark.parametrize(("variante", "document"), MODELES_LIVRES,
                         ids=[f"{v.id}/{d.nom}" for v, d in MODELES_LIVRES])
def test_titres_en_gras_et_tableaux_bordes(variante, document) -> None:
    """House style of the shipped templates: no run switches the bold of a title or
    heading off (it would override the style), every table draws its borders itself and
    its cells use the « Tableau » paragraph styles."""
    modele = Document(str(variante.gabarit(document)))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for paragraphe in modele.paragraphs:
        if paragraphe.style.name.startswith(("Heading", "Title")):
            assert all(run.bold is not False for run in paragraphe.runs), paragraphe.text
    for tableau in modele.tables:
        proprietes = tableau._tbl.tblPr
        assert proprietes.find(f"{w}tblBorders") is not None, document.fichier
        assert proprietes.find(f"{w}tblStyle") is None, document.fichier
        styles = {p.style.name for cellule in tableau._cells for p in cellule.paragraphs}
        assert styles <= {"Tableau", "Tableau en-tête", "Tableau chiffres"}, styles


def test_nouveau_modele_puis_generation(runner, tmp_path: Path) -> None:
    dossier = tmp_path / "mon-departement"
    resultat = runner.invoke(app, ["templates", "new", "mon-departement", "--from", "national",
                                   "-o", str(dossier)])
    assert resultat.exit_code == 0, resultat.output
    assert (dossier / "variante.yaml").is_file()
    # the département edits its copy in Word: change one sentence
    contrat = dossier / "contrat.docx"
    document = Document(str(contrat))
    document.add_paragraph("Clause propre au département pour {{ gestionnaire.raison_sociale }}.")
    document.save(str(contrat))
    assert runner.invoke(app, ["templates", "check", "--templates", str(dossier)]).exit_code == 0
    sortie = tmp_path / "sortie"
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(sortie), "--templates", str(dossier)])
    assert resultat.exit_code == 0, resultat.output
    assert len(list(sortie.glob("annexe-*.docx"))) == 3
    texte = "\n".join(p.text for p in Document(str(sortie / "contrat.docx")).paragraphs)
    assert ("Clause propre au département pour Association Aide et Soins à Domicile du Pays "
            "manceau." in texte)
    # the shipped templates are untouched
    assert "Clause propre" not in "\n".join(
        p.text for p in Document(str(variants.trouver("national").dossier / "contrat.docx"))
        .paragraphs)
    deja = runner.invoke(app, ["templates", "new", "mon-departement", "--from", "national",
                               "-o", str(dossier)])
    assert deja.exit_code == 2 and "existe déjà" in deja.stderr


def test_schema_markdown_et_json(runner) -> None:
    resultat = runner.invoke(app, ["schema", "national", "--markdown"])
    assert resultat.exit_code == 0
    assert "| `gestionnaire.raison_sociale` | texte | oui | Raison sociale |" in resultat.stdout
    assert "| `services[].finess` | n° FINESS |" in resultat.stdout
    assert "`calcul.date_fin`" in resultat.stdout
    # a free text shows the sentence of the contract it completes, as the workbook and form
    assert ("| `reste_a_charge.regles` | texte | oui | Règles de limitation du reste à charge "
            "— complète la phrase du contrat « L'organisme gestionnaire s'engage à … » |"
            ) in resultat.stdout
    schema = json.loads(runner.invoke(app, ["schema", "national", "--json"]).stdout)
    assert schema["properties"]["departement"]["properties"]["schema_departemental"][
        "x-phrase"] == "Vu le"
    assert schema["additionalProperties"] is False
    assert "gestionnaire" in schema["required"]
    assert schema["properties"]["services"]["type"] == "array"


def test_apercu_et_surveillance(runner, tmp_path: Path) -> None:
    resultat = runner.invoke(app, ["preview", str(EXEMPLES / "national.yaml"), "-o",
                                   str(tmp_path), "--sans-ouvrir"])
    assert resultat.exit_code == 0, resultat.output
    assert (tmp_path / "contrat.docx").is_file()
    from generator.authoring.preview import surveiller

    fichier = tmp_path / "donnees.txt"
    fichier.write_text("a")
    appels: list[int] = []

    def modifier_puis_compter() -> None:
        appels.append(1)

    import threading
    import time

    def toucher() -> None:
        time.sleep(0.15)
        fichier.write_text("b")
    threading.Thread(target=toucher).start()
    surveiller(lambda: [fichier], modifier_puis_compter, intervalle=0.1, tours=6)
    assert appels == [1]
