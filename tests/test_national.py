"""The national model: validation rules, computed values, rendering of both samples."""

from __future__ import annotations

import copy
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from generator import api, contract, variants
from generator.cli import app
from generator.compute.national import calculer
from generator.output.writing import ecrire_documents
from generator.problems import ErreurCpom
from tests.aide import contrat_de, erreurs_de, normaliser, restes, texte_docx, valider

EXEMPLES = Path(__file__).resolve().parents[1] / "samples"
NATIONAL = variants.trouver("national")

# One characteristic passage of every paragraph of seed 000 (trame-type DGCS/CNSA 2022).
PASSAGES_SEED = [
    "Contrat pluriannuel d'objectifs et de moyens (CPOM)",
    "dûment habilité à signer le présent contrat par décision de commission permanente",
    "dénommé « l'organisme gestionnaire »",
    "Vu le code général des collectivités territoriales",
    "Vu la loi n° 2021-1754 du 23 décembre 2021 de financement de la sécurité sociale pour 2022",
    "Vu le décret n° 2016-502 du 22 avril 2016",
    "Vu le décret n° 2021-1932 du 30 décembre 2021",
    "Vu le décret n° 2022-735 du 28 avril 2022",
    "Vu l'arrêté du 28 décembre 2005",
    "tarif minimal mentionné au I de l'article L. 314-2-1",
    "définissant les orientations politiques et stratégiques en matière d'offre médico-sociale",
    "Vu le règlement départemental d'action sociale",
    "fixant le(s) tarif(s) de référence départemental APA/PCH",
    "Vu les résultats de l'appel à candidatures organisé en vue de l'attribution de la "
    "dotation complémentaire",
    "approuvant le CPOM et autorisant le Président du Conseil départemental à le signer",
    "autorisant la signature du présent CPOM",
    "Préambule",
    "L'ambition du virage domiciliaire",
    "Outil de modernisation de l'action publique",
    "Cette démarche de contractualisation doit permettre",
    "renforcer son pilotage territorial",
    "rationaliser et optimiser les dépenses du Département",
    "bénéficier d'une meilleure visibilité sur son activité",
    "l'amélioration de la qualité de service rendu",
    "Article 1er : Objet et périmètre du contrat",
    "La politique d'aide à domicile du département vise à",
    "l'Allocation Personnalisée d'Autonomie (APA)",
    "la Prestation de Compensation du Handicap (PCH)",
    "l'aide sociale légale du Département",
    "Identifiant FINESS (ou numéro SIREN/SIRET)",
    "Arrêté d'autorisation",
    "Habilitation à l'aide sociale : OUI",
    "Zone d'intervention du service",
    "Article 2 : Objectifs fixés sur la base du diagnostic partagé",
    "2-1 Objectifs généraux",
    "Objectif/Orientation stratégique n°1",
    "2-2 Objectif(s) fixés en contrepartie du versement de la dotation complémentaire",
    "a été sélectionné dans le cadre de l'appel à candidatures organisé le",
    "Les objectifs, déclinés en actions, et assortis d'indicateurs de suivi et de résultat",
    "un bilan d'étape de la mise en œuvre des actions prévues au contrat",
    "Article 3 : Moyens dédiés à la réalisation du contrat (services habilités)",
    "3-1 Détermination et évolution des moyens sur la durée du contrat",
    "tarif horaire année 2026",
    "article R. 314-40 du code de l'action sociale et des familles",
    "dotation globale de financement",
    "modalités de versement et règles diverses : annexe 3",
    "3-2 Dispositions relatives à la dotation complémentaire",
    "modalités de calcul",
    "montant alloué et évolution sur la durée du contrat",
    "versement de l'acompte avant le 31 mars et du solde avant le 30 avril",
    "au plus tard le 30 juin de l'année N+1",
    "3-3 Détermination de la politique d'affectation des résultats",
    "article R. 314-51 du CASF",
    "Article 4 : Suivi du contrat et modalités du dialogue de gestion",
    "Les parties conviennent de se réunir chaque année",
    "les comptes administratifs (cadre normalisé)",
    "les bilans comptables du/des service(s)",
    "un bilan financier annuel de l'activité au titre des objectifs",
    "le rapport d'activité du/des service(s)",
    "complété par la liste des pièces justificatives suivantes",
    "la transmission des résultats des évaluations au sens de l'article L. 312-8 du CASF",
    "Un relevé de décisions est rédigé et approuvé par les deux parties",
    "Les parties peuvent se réunir autant que de besoin",
    "un rapport complet d'exécution",
    "Il comporte un volet relatif à l'évaluation des objectifs fixés en contrepartie",
    "Article 5 : Informatique et libertés",
    "règlement général sur la protection des données",
    "règlement général sur la protection des données",
    "délégué à la protection des données du Département",
    "Le détail des engagements concernant ce volet se trouve dans",
    "Article 6 : Conditions de révision et de prorogation du contrat",
    "par simple avenant",
    "dans la limite d'une durée totale de six ans",
    "l'accord est réputé acquis",
    "est ouverte sans délai",
    "Article 7 : Dénonciation et résiliation du contrat",
    "préavis de 3 mois par lettre recommandée avec avis de réception",
    "en cas de liquidation judiciaire de la structure",
    "Le présent contrat n'est ni cessible, ni transmissible",
    "Article 8 : Litiges",
    "le litige sera porté devant le tribunal administratif compétent",
    "Article 9 : Pièces annexées au contrat",
    "Ces annexes sont opposables aux parties signataires du présent contrat",
    "Article 10 : Durée et date d'effet du contrat",
    "Le présent contrat prend effet à la date du 1er janvier 2026 pour une durée de 5 ans",
    "les parties signataires entament une négociation en vue d'un nouveau contrat",
    "Fait au Mans, le",
    # annex 1
    "Annexe 1 – Diagnostic partagé",
    "Données départementales",
    "Enjeux territoriaux et priorités du département",
    "Descriptif de l'organisme gestionnaire",
    "Descriptif du/des service(s)",
    "date de la dernière évaluation interne/externe ou certification",
    "Chiffres activité année 2025",
    "GIR 1", "GIR 4", "Aide sociale département",
    "Au titre des financements à destination de PA de plus de 60 ans ou de PH",
    "Au titre des activités non destinées à des PA de plus de 60 ans ou de PH",
    "Total activité année",
    "Dimanche / jour férié", "Nuits (de 21 h à 7 h)", "Selon zone d'intervention",
    "Tarification / prix facturé",
    "Taux moyen de participation financière",
    "Montant moyen du reste à charge (services non habilités)",
    "Partenariats formalisés", "Nom et coordonnées de la structure",
    "Points forts et axes d'amélioration",
    # annex 2
    "Annexe 2 – Objectifs et calendrier prévisionnel de réalisation",
    "Tableau synthétique de suivi des objectifs généraux (hors dotation complémentaire)",
    "Tableau synthétique de suivi des objectifs en lien avec la dotation complémentaire",
    "Objectifs stratégiques (mentionnés à l'article L.314-2-2 du CASF)",
    "Indicateurs de suivi (des objectifs opérationnels)",
    "Situation initiale (2025)", "Cible CPOM (2030)",
    "Fiche action n°1", "Modalités de mise en œuvre",
    "Délai de réalisation de l'action", "Indicateur(s) de résultat", "Coût de l'action",
    "Modalités de valorisation de l'action par le Département",
    # annex 3
    "Annexe 3 – Règles de gestion diverses",
    "Les modalités de versement des tarifs horaires aux services",
    "Les règles de télégestion / télétransmission",
    "Les règles de gestion (comptabilisation du temps d'intervention",
    "Les règles de facturation",
]

PASSAGES_NON_HABILITE = [
    "Article 3 : Moyens dédiés à la réalisation du contrat (services non habilités)",
    "a délibéré sur un tarif départemental de référence",
    "24,80 € pour les heures réalisées au titre de l'APA et à 25,40 € pour les heures "
    "réalisées au titre de la PCH",
    "Son évolution éventuelle est arrêtée par le Président du Conseil départemental",
    "3-3 Modalités de limitation du reste à charge des bénéficiaires",
    "Le reste à charge est entendu comme le total des sommes facturées",
    "le versement de la dotation complémentaire pourra être suspendu",
    "L'organisme gestionnaire reste libre de fixer le tarif facturé",
    "un bilan sur la mise en œuvre effective de l'engagement de limiter le reste à charge",
    "versement par douzièmes",
    "Tarif facturé par le service",
    "Dont frais annexes",
]


def donnees(nom: str = "national.yaml") -> dict:
    return yaml.safe_load((EXEMPLES / nom).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendus() -> dict[str, dict[str, str]]:
    """Text of every document of both samples, rendered once."""
    resultat = {}
    for nom in ("national.yaml", "national-non-habilite.yaml"):
        contrat = contrat_de(EXEMPLES / nom)
        resultat[nom] = {f: texte_docx(b) for f, b in contract.documents(contrat).items()}
    return resultat


# --- validation ---------------------------------------------------------------------------

def erreurs(data: dict) -> list[str]:
    return erreurs_de(data, NATIONAL)


def test_exemples_valides() -> None:
    assert valider(donnees(), NATIONAL).avertissements == []
    avertissements = valider(donnees("national-non-habilite.yaml"), NATIONAL).avertissements
    assert [a.lieu.champ for a in avertissements] == ["departement.tarifs_reference[0].apa"]
    assert "24,80 € en 2026 inférieur au tarif minimal national de 25,00 €" in str(
        avertissements[0])


def test_avertissements_propres_a_chaque_validation() -> None:
    """A thread validates with the same schema instances each time: the warnings of a
    validation (or of one that failed) never show in the next, nor in another thread's."""
    habilite, non_habilite = donnees(), donnees("national-non-habilite.yaml")
    attendus = ["departement.tarifs_reference[0].apa"]

    def champs(data: dict) -> list[str]:
        return [a.lieu.champ for a in valider(data, NATIONAL).avertissements]

    assert champs(non_habilite) == attendus
    assert champs(non_habilite) == attendus
    assert champs(habilite) == []
    with pytest.raises(ErreurCpom):
        valider({**non_habilite, "inconnu": 1}, NATIONAL)
    assert champs(habilite) == []
    barriere = threading.Barrier(4)

    def en_parallele(data: dict) -> list[list[str]]:
        barriere.wait()
        return [champs(data) for _ in range(3)]

    with ThreadPoolExecutor(4) as pool:
        resultats = list(pool.map(en_parallele, [habilite, non_habilite] * 2))
    assert resultats == [[[]] * 3, [attendus] * 3] * 2


def test_toutes_les_erreurs_en_une_fois() -> None:
    data = donnees()
    data["gestionnaire"]["siret"] = "78291634000015"
    data["services"][0]["finess"] = "72001234"
    data["contrat"]["duree_annees"] = 7
    data["contrat"]["lieu_signture"] = "Le Mans"
    del data["gestionnaire"]["representant_legal"]
    messages = erreurs(data)
    assert messages == [
        "gestionnaire.siret : clé de contrôle invalide (« 78291634000015 »)",
        "gestionnaire.representant_legal : champ obligatoire manquant",
        "services[0].finess : un n° FINESS compte 9 caractères, pas 8 (« 72001234 »)",
        "contrat.lieu_signture : champ inconnu, vouliez-vous dire « lieu_signature » ?",
        "contrat.duree_annees : durée de 7 ans : un CPOM est conclu pour cinq ans au plus "
        "(article L.313-11 du CASF)",
    ]


@pytest.mark.parametrize(("modifier", "attendu"), [
    (lambda d: d["contrat"].update(duree_annees=1),
     "contrat.duree_annees : durée de 1 an : un CPOM est conclu pour deux ans au moins"),
    (lambda d: d["contrat"].update(date_fin=date(2030, 12, 31)),
     "contrat.duree_annees : indiquer soit la durée en années"),
    (lambda d: d["tarification"]["evolution"].update(option="equation_tarifaire"),
     "tarification.evolution.option : l'équation tarifaire (R.314-40 4°) n'est pas applicable"),
    (lambda d: d.pop("tarification"),
     "tarification : bloc obligatoire pour un service habilité"),
    (lambda d: d["dotation_complementaire"]["versement"].pop("acompte_avant"),
     "dotation_complementaire.versement.acompte_avant : date obligatoire"),
    (lambda d: d["dotation_complementaire"]["regularisation"].update(avant="15/07"),
     "dotation_complementaire.regularisation.avant : échéance du 15/07 postérieure au 30 juin"),
    (lambda d: d["objectifs"].update(dotation=[]),
     "objectifs.dotation : la dotation complémentaire exige au moins un objectif"),
    (lambda d: d["objectifs"]["dotation"][0].update(numero=7),
     "objectifs.dotation[0].numero : valeur non autorisée « 7 »"),
    (lambda d: d["objectifs"]["generaux"][0]["operationnels"][0]["indicateurs"][0][
        "valeurs"].update({2031: "3"}),
     "objectifs.generaux[0].operationnels[0].indicateurs[0].valeurs.2031 : l'année 2031 n'est "
     "pas une année du contrat (2026–2030)"),
    (lambda d: d["gestionnaire"].pop("rna"),
     "gestionnaire.rna : n° RNA obligatoire pour une association"),
    (lambda d: d["services"].append({**copy.deepcopy(d["services"][0]),
                                     "habilite_aide_sociale": False}),
     "services : les services d'un même contrat doivent être tous habilités"),
    (lambda d: d["suivi"].update(documents_avant="31/07"),
     "suivi.documents_avant : échéance du 31/07 postérieure au 30 juin"),
    (lambda d: d["contrat"]["prorogation"].update(duree_totale_max_annees=4),
     "contrat.prorogation.duree_totale_max_annees : durée totale maximale de 4 ans inférieure"),
    (lambda d: d["dotation_complementaire"]["montants"].append({"annee": 2026, "montant": 1}),
     "dotation_complementaire.montants[5].annee : l'année 2026 figure deux fois"),
])
def test_regles(modifier, attendu: str) -> None:
    data = donnees()
    modifier(data)
    messages = erreurs(data)
    assert any(m.startswith(attendu) for m in messages), messages


def test_non_habilite_avec_dotation_exige_le_reste_a_charge() -> None:
    data = donnees("national-non-habilite.yaml")
    del data["reste_a_charge"]
    assert any(m.startswith("reste_a_charge : un service non habilité qui reçoit la dotation")
               for m in erreurs(data))
    data = donnees("national-non-habilite.yaml")
    data["reste_a_charge"]["regles"] = "limiter le reste à charge"
    assert any("règles trop sommaires" in m for m in erreurs(data))
    data = donnees("national-non-habilite.yaml")
    data["reste_a_charge"]["indicateurs"] = []
    assert "reste_a_charge.indicateurs : au moins un élément attendu" in erreurs(data)


def test_avertissements_duree_courte_et_avenants_annuels() -> None:
    data = donnees()
    data["contrat"]["duree_annees"] = 2
    data["tarification"]["evolution"]["option"] = "avenants_annuels"
    for cle in ("tarification",):
        data[cle]["elements_financiers"] = data[cle]["elements_financiers"][:2]
        data[cle]["dotation_globale"]["montants"] = data[cle]["dotation_globale"]["montants"][:2]
    data["dotation_complementaire"]["montants"] = data["dotation_complementaire"]["montants"][:2]
    for objectif in data["objectifs"]["generaux"] + data["objectifs"]["dotation"]:
        for operationnel in objectif["operationnels"]:
            for ind in operationnel["indicateurs"] + [
                    i for a in operationnel.get("actions", []) for i in a["indicateurs"]]:
                ind["valeurs"] = {a: v for a, v in ind["valeurs"].items() if a < 2028}
    chemins = [a.lieu.champ for a in valider(data, NATIONAL).avertissements]
    assert chemins == ["contrat.duree_annees", "tarification.evolution.option"]


# --- compute ------------------------------------------------------------------------------

def test_calculs_du_modele_national() -> None:
    calcul = calculer(valider(donnees(), NATIONAL).donnees)["calcul"]
    assert calcul["date_fin"] == date(2030, 12, 31)
    assert calcul["annees"] == [2026, 2027, 2028, 2029, 2030]
    assert (calcul["annee_initiale"], calcul["annee_cible"]) == (2025, 2030)
    assert calcul["duree"] == "5 ans"
    # APA = 6 120 + 24 380 + 21 450 + 30 210 h ; total = APA + PCH 18 760 + AS 4 300
    #       + autres 8 200 + 2 100
    assert calcul["activite"]["apa"] == {"heures": 82160, "beneficiaires": 792}
    assert calcul["activite"]["total"]["heures"] == 82160 + 18760 + 4300 + 8200 + 2100
    assert calcul["activite"]["total_communes"]["heures"] == 78400 + 18200 + 11300 + 7620
    # 26,10 € × 62 000 h = 1 618 200 € ; total of five years = 8 610 080 €
    lignes = calcul["elements_financiers"]["lignes"]
    assert lignes[0]["montant"] == Decimal("1618200.00")
    assert calcul["elements_financiers"]["total"] == Decimal("8610080.00")
    assert calcul["dotation"]["total"] == Decimal("147300")
    assert calcul["dotation_globale"]["total"] == Decimal("578237")
    # annex 2: one row per indicator, labels only on the first row of their group
    generaux = calcul["tableau_generaux"]
    assert [ligne["strategique"] != "" for ligne in generaux] == [True, False, True]
    assert generaux[1]["valeurs"] == ["50 %", "70 %", "80 %", "85 %", "90 %"]
    assert [f["numero"] for f in calcul["fiches"]] == [1, 2]
    assert calcul["fiches"][1]["dotation"] is True
    assert calcul["qualite_representant"] == (
        "présidente de l’Association Aide et Soins à Domicile du Pays manceau")
    assert calcul["fait_a"] == "au Mans"


def test_duree_en_dates() -> None:
    calcul = calculer(valider(donnees("national-non-habilite.yaml"), NATIONAL).donnees)["calcul"]
    assert calcul["duree"] == "3 ans et 9 mois"
    assert calcul["annees"] == [2026, 2027, 2028, 2029]
    assert calcul["tarif_reference"]["apa"] == Decimal("24.80")
    assert calcul["periode_reponse"] == "d’un mois"
    assert calcul["periode_reponse_revision"] == "de deux mois"


# --- rendering ----------------------------------------------------------------------------

def test_quatre_documents_sans_reste_de_balise(rendus) -> None:
    for nom, documents in rendus.items():
        assert list(documents) == [d.fichier for d in NATIONAL.documents]
        for fichier, texte in documents.items():
            assert restes(texte) == [], (nom, fichier, restes(texte))
            assert "…" not in texte.replace("individuels en complément de plans d’aide…", "") \
                .replace("hospitalisation…", ""), (nom, fichier)


def test_reproduit_le_seed(rendus) -> None:
    habilite = normaliser("\n".join(rendus["national.yaml"].values()))
    manquants = [p for p in PASSAGES_SEED if normaliser(p) not in habilite]
    assert manquants == []
    non_habilite = normaliser("\n".join(rendus["national-non-habilite.yaml"].values()))
    manquants = [p for p in PASSAGES_NON_HABILITE if normaliser(p) not in non_habilite]
    assert manquants == []
    assert "services habilités)" not in non_habilite
    assert "(services non habilités)" not in habilite.replace(
        "Montant moyen du reste à charge (services non habilités)", "")


def test_donnees_remplies(rendus) -> None:
    texte = normaliser(rendus["national.yaml"]["contrat.docx"])
    for attendu in ["Le Département de la Sarthe, représenté par le Président du Conseil "
                    "départemental, M. Bernard LEROY",
                    "Mme Claire MARTIN, présidente de l'Association Aide et Soins à Domicile du "
                    "Pays manceau",
                    "720012343", "arrêté du 12 mars 2017 (arrêté n° 2017-0412)",
                    "1 618 200,00 €", "8 610 080,00 €", "147 300,00 €",
                    "soit jusqu'au 31 décembre 2030", "CPOM Département de la Sarthe – Association "
                    "Aide et Soins à Domicile du Pays manceau", "Page /"]:
        assert normaliser(attendu) in texte, attendu


def test_texte_avec_caracteres_speciaux_rendu_tel_quel() -> None:
    """& < > « » ’ in a field are printed as typed, in the body and the running header."""
    data = donnees()
    data["gestionnaire"]["raison_sociale"] = "Aide & Soins <Vilaine> « Été » l’île"
    documents = api.rendre(data, base=EXEMPLES)
    assert documents.ok, documents.problemes
    texte = normaliser(texte_docx(documents.documents["contrat.docx"]))
    for attendu in ["Mme Claire MARTIN, présidente de l'association Aide & Soins <Vilaine> "
                    "« Été » l'île", "CPOM Département de la Sarthe – Aide & Soins <Vilaine> "
                    "« Été » l'île"]:
        assert normaliser(attendu) in texte, attendu


def test_logos_et_format_a4(tmp_path: Path) -> None:
    contrat = contrat_de(EXEMPLES / "national.yaml")
    documents = contract.documents(contrat)
    chemins = ecrire_documents(documents, tmp_path)
    from docx import Document

    document = Document(chemins[0])
    assert len(document.inline_shapes) == 2
    for chemin in chemins:
        for section in Document(chemin).sections:
            largeur, hauteur = sorted((section.page_width.mm, section.page_height.mm))
            assert (round(largeur), round(hauteur)) == (210, 297)


def test_caracteres_speciaux_et_tabulation_verticale(tmp_path: Path) -> None:
    data = donnees()
    data["gestionnaire"]["raison_sociale"] = "Aide & Soins <Vilaine> « Été »\x0bSite de Rennes"
    data["regles_gestion"]["facturation"] = "ligne 1\x0bligne 2\x01\x1f fin"
    data["departement"].pop("logo")
    data["gestionnaire"].pop("logo")
    contrat = contrat_de(data)
    for fichier, contenu in contract.documents(contrat).items():
        texte = texte_docx(contenu)  # parses every XML part strictly
        # the characters as typed, the spaces inside the French quotes made no-break
        assert "Aide & Soins <Vilaine> «\u00a0Été\u00a0»\nSite de Rennes" in texte, fichier
    assert "ligne 1\nligne 2 fin" in texte


# --- command line -------------------------------------------------------------------------

def test_cli_generate_ecrit_quatre_docx(runner, tmp_path: Path) -> None:
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(tmp_path)])
    assert resultat.exit_code == 0, resultat.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [d.fichier for d in NATIONAL.documents] + ["contrat-complet.docx"])
    resultat = runner.invoke(app, ["generate", str(EXEMPLES / "national.yaml"), "-o",
                                   str(tmp_path / "sans"), "--no-bundle"])
    assert len(list((tmp_path / "sans").glob("*.docx"))) == 4


def test_cli_donnees_invalides_rien_n_est_ecrit(runner, tmp_path: Path) -> None:
    data = donnees()
    data["gestionnaire"]["siret"] = "78291634000015"
    data["services"][0]["finess"] = "72001234"
    data["contrat"]["duree_annees"] = 7
    data["contrat"]["signataire"] = "x"
    del data["gestionnaire"]["representant_legal"]
    shutil.copytree(EXEMPLES / "national", tmp_path / "national")  # its images
    fichier = tmp_path / "mauvais.yaml"
    fichier.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    sortie = tmp_path / "sortie"
    resultat = runner.invoke(app, ["generate", str(fichier), "-o", str(sortie)])
    assert resultat.exit_code == 2
    lignes = [ligne for ligne in resultat.stderr.splitlines() if "✗" in ligne]
    assert len(lignes) == 5
    for champ in ("gestionnaire.siret", "services[0].finess", "contrat.duree_annees",
                  "contrat.signataire", "gestionnaire.representant_legal"):
        assert any(champ in ligne for ligne in lignes), champ
    assert "Traceback" not in resultat.output
    assert not sortie.exists()


def test_cli_validate_et_sample(runner, tmp_path: Path) -> None:
    resultat = runner.invoke(app, ["validate", str(EXEMPLES / "national-non-habilite.yaml")])
    assert resultat.exit_code == 0
    assert "avertissement" in resultat.stderr
    cible = tmp_path / "exemple.yaml"
    assert runner.invoke(app, ["sample", "national", "-o", str(cible)]).exit_code == 0
    assert yaml.safe_load(cible.read_text(encoding="utf-8"))["modele"] == "national"


def test_cli_fichier_illisible(runner, tmp_path: Path) -> None:
    fichier = tmp_path / "casse.yaml"
    fichier.write_text("modele: national\ncontrat: [\n", encoding="utf-8")
    resultat = runner.invoke(app, ["validate", str(fichier)])
    assert resultat.exit_code == 2
    assert "YAML invalide" in resultat.stderr
    fichier.write_text("modele: national\nmodele: national\n", encoding="utf-8")
    assert "clé « modele » en double" in runner.invoke(app, ["validate", str(fichier)]).stderr
    resultat = runner.invoke(app, ["validate", str(tmp_path / "absent.yaml")])
    assert resultat.exit_code == 2 and "introuvable" in resultat.stderr


def test_logo_introuvable_ou_illisible(runner, tmp_path: Path) -> None:
    data = donnees()
    data["departement"]["logo"] = "absent.png"
    shutil.copytree(EXEMPLES / "national", tmp_path / "national")  # the other logo
    fichier = tmp_path / "d.yaml"
    fichier.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    resultat = runner.invoke(app, ["generate", str(fichier), "-o", str(tmp_path / "s")])
    assert resultat.exit_code == 2 and "image introuvable" in resultat.stderr
    (tmp_path / "faux.png").write_text("pas une image")
    data["departement"]["logo"] = "faux.png"
    fichier.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    resultat = runner.invoke(app, ["generate", str(fichier), "-o", str(tmp_path / "s")])
    assert resultat.exit_code == 2 and "PNG ou JPEG attendu" in resultat.stderr
    assert "departement.logo" in resultat.stderr
    assert not (tmp_path / "s").exists()
