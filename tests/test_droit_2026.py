"""Rules a legal officer relies on (ticket 13 §4) and the clauses that must always be there
(§2), on mutated samples: the command's exit code, and a French message naming the field,
the figure and the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from domaine.tarifs import tarifs_minimaux
from generator import api
from tests.aide import documents_de, exemple, normaliser, texte_docx
from tests.aide import valider_cli as valider

EXEMPLES = Path(__file__).resolve().parents[1] / "samples"



# --- §4 duration (GUIDE §3) ---------------------------------------------------------------

def test_duree_de_moins_de_deux_ans_refusee(runner, tmp_path: Path) -> None:
    donnees = exemple("national.yaml")
    donnees["contrat"].pop("duree_annees")
    donnees["contrat"]["date_fin"] = "2027-06-30"
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2
    assert ("contrat.date_fin : durée de 18 mois : un CPOM est conclu pour deux ans au moins "
            "(guide DGCS de la contractualisation, §3)") in sortie


@pytest.mark.parametrize("fin", ["2027-12-31", "2028-06-30"])
def test_duree_de_deux_a_trois_ans_avertit(fin: str) -> None:
    donnees = exemple("national.yaml")
    donnees["contrat"].pop("duree_annees")
    donnees["contrat"]["date_fin"] = fin
    resultat = api.valider(donnees, base=EXEMPLES)  # yearly amounts beyond the end: errors
    duree = [p for p in resultat.problemes if p.lieu.champ == "contrat.date_fin"]
    assert [p.est_erreur for p in duree] == [False]
    assert "le guide DGCS (§3) recommande une durée d'au moins trois ans" in duree[0].message


# --- §4 tarif minimal (L.314-2-1 I 1°, D.314-130-1) ----------------------------------------

def test_table_du_tarif_minimal() -> None:
    table = tarifs_minimaux()
    assert [a for a, e in table.items() if e["verifie"]] == [2022, 2023, 2024]
    assert all(e["source"] and e["visa"] for e in table.values())


def test_tarif_sous_le_minimal_d_une_annee_confirmee_refuse(runner, tmp_path: Path) -> None:
    donnees = exemple("ille-et-vilaine.yaml")
    donnees["departement"]["tarifs_reference"][0]["apa"] = "23.00"  # 2024: 23,50 € (confirmé)
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2
    assert ("departement.tarifs_reference[0].apa : tarif de 23,00 € en 2024 inférieur au tarif "
            "minimal national de 23,50 € (article L.314-2-1 I 1° et article D.314-130-1 du "
            "CASF") in sortie


def test_tarif_sous_le_minimal_d_une_annee_a_confirmer_avertit(runner, tmp_path: Path) -> None:
    donnees = exemple("ille-et-vilaine.yaml")
    donnees["departement"]["tarifs_reference"][2]["pch"] = "24.90"  # 2026: 25,00 € à confirmer
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 0
    assert "departement.tarifs_reference[2].pch : tarif de 24,90 € en 2026" in sortie
    assert "montant 2026 non encore confirmé au Journal officiel" in sortie


def test_tarifs_des_services_habilites_controles() -> None:
    donnees = exemple("national.yaml")  # habilité, 2026–2030
    donnees["tarification"]["tarif_horaire"] = "24.00"
    donnees["tarification"]["elements_financiers"][1]["tarif_horaire"] = "24.50"
    resultat = api.valider(donnees, base=EXEMPLES)
    messages = {p.lieu.champ: p.message for p in resultat.avertissements}
    assert messages["tarification.tarif_horaire"].startswith(
        "tarif de 24,00 € en 2026 inférieur au tarif minimal national de 25,00 €")
    annee = donnees["tarification"]["elements_financiers"][1]["annee"]
    assert messages["tarification.elements_financiers[1].tarif_horaire"].startswith(
        f"tarif de 24,50 € en {annee} inférieur au tarif minimal national de 25,00 € "
        "(montant de 2026, dernier connu)")


# --- §4 deadlines: compte administratif (R.314-49 II) ---------------------------------------

def test_compte_administratif_d_un_habilite_avant_le_30_avril(runner, tmp_path: Path) -> None:
    donnees = exemple("national.yaml")
    donnees["suivi"]["documents_avant"] = "31/05"
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2
    assert ("suivi.documents_avant : échéance du 31/05 : le compte administratif d'un service "
            "habilité est transmis avant le 30 avril N+1 (article R.314-49 II du CASF)") in sortie


def test_documents_d_un_non_habilite_apres_le_30_avril_avertit(runner, tmp_path: Path) -> None:
    donnees = exemple("national-non-habilite.yaml")
    donnees["suivi"]["documents_avant"] = "31/05"
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 0
    assert "suivi.documents_avant : échéance du 31/05 : le guide DGCS (§5-1-3)" in sortie


# --- §2 prorogation: each clause its periods ------------------------------------------------

def test_delais_de_prorogation_de_chaque_clause(runner, tmp_path: Path) -> None:
    donnees = exemple("national.yaml")
    donnees["contrat"]["prorogation"].update(preavis_revision_mois=2,
                                             delai_reponse_revision_mois=2)
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2
    assert ("contrat.prorogation.delai_reponse_revision_mois : délai de réponse de 2 mois : il "
            "doit être plus court que le préavis de prorogation (2 mois, "
            "prorogation.preavis_revision_mois)") in sortie


def test_delais_par_defaut_du_modele_source() -> None:
    donnees = exemple("national-non-habilite.yaml")
    donnees["contrat"].pop("prorogation")
    texte = normaliser(texte_docx(documents_de(donnees, base=EXEMPLES)["contrat.docx"]))
    article_6 = texte[texte.index("Article 6"):texte.index("Article 7")]
    article_10 = texte[texte.index("Article 10"):]
    assert "Au plus tard douze mois avant l'échéance" in article_6
    assert "Celle-ci a deux mois" in article_6
    assert "Au plus tard six mois avant le 31 décembre 2029" in article_10
    assert "Celle-ci a un mois" in article_10


# --- §2 clauses always there ----------------------------------------------------------------

def test_contrat_national_sans_dotation_ni_politique() -> None:
    donnees = exemple("national.yaml")
    donnees.pop("dotation_complementaire")
    donnees["objectifs"]["dotation"] = []
    donnees["contrat"].pop("politique_departementale")
    texte = normaliser(texte_docx(documents_de(donnees, base=EXEMPLES)["contrat.docx"]))
    assert "3-2 Détermination de la politique d'affectation des résultats" in texte
    assert "3-3 Détermination" not in texte
    assert "distinguer les objectifs en lien avec la dotation complémentaire" not in texte
    assert ("La politique d'aide à domicile du département vise à permettre aux personnes "
            "âgées en perte d'autonomie") in texte
    assert ("le cas échéant, la transmission des résultats des évaluations au sens de "
            "l'article L. 312-8 du CASF") in texte


def test_champ_evaluations_supprime(runner, tmp_path: Path) -> None:
    donnees = exemple("national.yaml")
    donnees["suivi"]["evaluations"] = False
    code, sortie = valider(runner, tmp_path, donnees)
    assert code == 2 and "suivi.evaluations : champ inconnu" in sortie


def test_annexe_1_lignes_toujours_imprimees() -> None:
    donnees = exemple("national-non-habilite.yaml")  # no aide sociale, no activity by commune
    donnees["diagnostic"]["activite"].pop("par_commune", None)
    texte = texte_docx(documents_de(donnees, base=EXEMPLES)["annexe-01-diagnostic-partage.docx"])
    for ligne in ("Aide sociale département", "Selon zone d’intervention",
                  "Total activité année (zone d’intervention)", "Total activité année"):
        assert ligne in texte, ligne
