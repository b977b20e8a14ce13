"""The façade and the error model: problems are data, located, in French; exit codes come
from their kind; a rule that crashes is an « erreur interne », never a pass; templates
folders name no Python code, and the folders made by earlier versions still work."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from docx import Document

from generator import api
from generator.cli import app
from generator.problems import ErreurCpom, Lieu, Nature, Niveau, Probleme, code_sortie
from generator.variants import lire_variante, trouver
from schemas import national
from tests.conftest import EXEMPLES

ANCIEN_VARIANTE_YAML = """\
# Modèles du département « dep », copiés du modèle « national ».
id: dep
titre: dep (adapté du modèle « national »)
schema: schemas.national:ContratNational
calcul: generator.compute.national:calculer
exemples:
- national.yaml
- national-non-habilite.yaml
documents:
- fichier: contrat.docx
  titre: Contrat pluriannuel d'objectifs et de moyens
- fichier: annexe-01-diagnostic-partage.docx
  titre: Annexe 1 – Diagnostic partagé
- fichier: annexe-02-objectifs-calendrier.docx
  titre: Annexe 2 – Objectifs et calendrier prévisionnel de réalisation
  orientation: paysage
- fichier: annexe-03-regles-de-gestion.docx
  titre: Annexe 3 – Règles de gestion diverses
derive_de: national
"""


def test_resultat_valide_avec_avertissements() -> None:
    resultat = api.valider(EXEMPLES / "national-non-habilite.yaml")
    assert resultat.ok and resultat.code_sortie == 0
    assert resultat.contrat is not None and resultat.variante is not None
    (avertissement,) = resultat.avertissements
    assert avertissement.niveau is Niveau.AVERTISSEMENT
    assert avertissement.lieu.champ == "departement.tarifs_reference[0].apa"
    assert "tarif minimal national" in avertissement.message


def test_donnees_invalides_tout_en_une_fois_rien_ecrit(tmp_path: Path) -> None:
    donnees = (EXEMPLES / "national.yaml").read_text(encoding="utf-8")
    fichier = tmp_path / "faux.yaml"
    fichier.write_text(donnees.replace('finess: "720012343"', 'finess: "72001234"')
                       .replace("raison_sociale:", "raison_socialle:", 1), encoding="utf-8")
    resultat = api.generer(fichier, tmp_path / "sortie")
    assert resultat.code_sortie == 2 and not (tmp_path / "sortie").exists()
    champs = {p.lieu.champ for p in resultat.erreurs}
    assert len(resultat.erreurs) >= 2 and all(p.nature is Nature.DONNEES
                                              for p in resultat.erreurs)
    assert any(c.endswith("raison_socialle") for c in champs)
    assert all(p.lieu.fichier == str(fichier) for p in resultat.erreurs)


def test_probleme_traverse_les_processus_intact() -> None:
    probleme = Probleme("clé de contrôle invalide", Lieu(fichier="c.xlsx", feuille="Services",
                                                          ligne=7, colonne=3, entete="n° FINESS",
                                                          champ="services[0].finess",
                                                          service="720012343"))
    assert pickle.loads(pickle.dumps(probleme)) == probleme
    assert str(probleme) == ("c.xlsx, Feuille « Services », ligne 7, colonne C « n° FINESS » : "
                             "clé de contrôle invalide")  # the header names the field
    erreur = pickle.loads(pickle.dumps(ErreurCpom(probleme)))
    assert erreur.problemes == [probleme]


def test_code_de_sortie_selon_la_nature() -> None:
    assert code_sortie([]) == 0
    assert code_sortie([Probleme("a", niveau=Niveau.AVERTISSEMENT)]) == 0
    assert code_sortie([Probleme("a"), Probleme("b", nature=Nature.MODELE)]) == 2
    assert code_sortie([Probleme("a"), Probleme("b", nature=Nature.SYSTEME)]) == 1


def _regle_boguee(donnees: dict, constats: object) -> None:
    raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")


def test_regle_qui_plante_erreur_interne(monkeypatch, runner, tmp_path: Path) -> None:
    """A legal rule that raises is a bug: exit 1 with « erreur interne », never a pass."""
    monkeypatch.setattr(national, "REGLES_NATIONALES",
                        [*national.REGLES_NATIONALES, _regle_boguee])
    resultat = api.valider(EXEMPLES / "national.yaml")
    (probleme,) = resultat.erreurs
    assert probleme.nature is Nature.SYSTEME and resultat.code_sortie == 1
    assert probleme.message.startswith("erreur interne")
    assert "TypeError" in probleme.message and "tests/test_facade.py" not in probleme.message
    assert "_regle_boguee" in probleme.detail
    sortie = runner.invoke(app, ["validate", str(EXEMPLES / "national.yaml")])
    assert sortie.exit_code == 1
    assert "erreur interne (un bogue à signaler) : TypeError" in sortie.stderr
    assert "Traceback" not in sortie.stderr
    sortie = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                 str(tmp_path / "s")])
    assert sortie.exit_code == 1 and not (tmp_path / "s").exists()


def test_regle_qui_plante_dans_une_campagne(monkeypatch, runner, tmp_path: Path) -> None:
    monkeypatch.setattr(national, "REGLES_NATIONALES",
                        [*national.REGLES_NATIONALES, _regle_boguee])
    resultat = runner.invoke(app, ["bulk", str(EXEMPLES / "campagne-national.xlsx"), "-o",
                                   str(tmp_path / "s"), "-j", "1"])
    assert resultat.exit_code == 1, resultat.output
    assert "erreur interne" in resultat.output


def _modele_avec_champ_inconnu(tmp_path: Path) -> Path:
    dossier = tmp_path / "dep"
    shutil.copytree(trouver("national").dossier, dossier)
    document = Document(str(dossier / "contrat.docx"))
    document.add_paragraph("Gestionnaire : {{ gestionnaire.inexistant }}.")
    document.save(str(dossier / "contrat.docx"))
    return dossier


def _ligne_erreur(sortie: str) -> str:
    (ligne,) = [ligne for ligne in sortie.splitlines()  # once
                if "gestionnaire.inexistant" in ligne]
    return ligne[ligne.index("dep/contrat.docx"):]


def test_champ_inconnu_meme_message_generate_et_bulk(runner, tmp_path: Path) -> None:
    dossier = _modele_avec_champ_inconnu(tmp_path)
    generation = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                     str(tmp_path / "g"), "--templates", str(dossier)])
    campagne = runner.invoke(app, ["bulk", str(EXEMPLES / "campagne-national.xlsx"), "-o",
                                   str(tmp_path / "b"), "--templates", str(dossier)])
    assert generation.exit_code == campagne.exit_code == 2
    message = _ligne_erreur(generation.stderr)
    assert message == _ligne_erreur(campagne.output)
    assert message.startswith("dep/contrat.docx, corps (« Gestionnaire : "
                              "{{ gestionnaire.inexistant }}. ») : champ inconnu "
                              "« gestionnaire.inexistant »")
    assert not (tmp_path / "g").exists()
    assert not [d for d in (tmp_path / "b").iterdir() if d.is_dir()]


def test_dossier_ancien_format_fonctionne(tmp_path: Path, runner) -> None:
    """A folder made by ``cpom templates new`` before variants had a base."""
    dossier = tmp_path / "dep"
    shutil.copytree(trouver("national").dossier, dossier)
    (dossier / "variante.yaml").write_text(ANCIEN_VARIANTE_YAML, encoding="utf-8")
    variante = lire_variante(dossier)
    assert (variante.id, variante.base) == ("dep", "national")
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(tmp_path / "s"), "--templates", str(dossier)])
    assert resultat.exit_code == 0, resultat.output
    assert len(list((tmp_path / "s").glob("*.docx"))) == 5


@pytest.mark.parametrize("reference", ["os:system", "tests.test_facade:_regle_boguee",
                                       "schemas.national:REGLES_NATIONALES"])
def test_dossier_nommant_un_module_refuse(tmp_path: Path, runner, reference: str) -> None:
    dossier = tmp_path / "dep"
    shutil.copytree(trouver("national").dossier, dossier)
    (dossier / "variante.yaml").write_text(
        ANCIEN_VARIANTE_YAML.replace("schemas.national:ContratNational", reference),
        encoding="utf-8")
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(tmp_path / "s"), "--templates", str(dossier)])
    assert resultat.exit_code == 2
    assert f"« {reference} » nomme du code Python" in resultat.stderr
    assert not (tmp_path / "s").exists()


def test_variante_yaml_verifie_comme_des_donnees(tmp_path: Path) -> None:
    dossier = tmp_path / "dep"
    shutil.copytree(trouver("national").dossier, dossier)
    texte = (dossier / "variante.yaml").read_text(encoding="utf-8")
    (dossier / "variante.yaml").write_text(
        texte.replace("id: national", "id: dep\nbase: morbihan\ninconnu: 1")
        .replace("fichier: contrat.docx", "fichier: ../../contrat.docx"), encoding="utf-8")
    with pytest.raises(ErreurCpom) as exc:
        lire_variante(dossier)
    messages = {p.lieu.champ: p.message for p in exc.value.problemes}
    assert all(p.nature is Nature.MODELE for p in exc.value.problemes)
    assert messages["base"].startswith("valeur non autorisée « morbihan »")
    assert messages["inconnu"] == "champ inconnu"
    assert messages["documents[0].fichier"].startswith("nom de fichier .docx attendu")


def test_templates_new_ecrit_une_base(tmp_path: Path) -> None:
    resultat = api.nouveau_modele("morbihan", "ille-et-vilaine", tmp_path / "morbihan")
    assert resultat.ok
    texte = (tmp_path / "morbihan" / "variante.yaml").read_text(encoding="utf-8")
    assert "base: ille-et-vilaine" in texte and "schema:" not in texte
    variante = lire_variante(tmp_path / "morbihan")
    assert (variante.id, variante.base) == ("morbihan", "ille-et-vilaine")


def test_lire_donnees_rend_les_donnees_brutes_ou_une_erreur_localisee(tmp_path):
    lu = api.lire_donnees(EXEMPLES / "national.yaml")
    assert lu.ok and lu.donnees["modele"] == "national"
    casse = tmp_path / "casse.yaml"
    casse.write_text("modele: national\n  x: [\n", encoding="utf-8")
    lu = api.lire_donnees(casse)
    assert lu.donnees is None and lu.code_sortie == 2
    assert lu.erreurs[0].lieu.fichier == str(casse)
