"""The web application through Django's test client: access rules, CSRF, upload limits,
the form's errors at their fields, versions, the concurrent-edit refusal, documents,
templates, and a campaign interrupted by a restart of the server."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from docx import Document

from tests.aide import normaliser
from tests.web.conftest import EXEMPLES, RACINE, champs, sommaire_erreurs, texte

pytestmark = pytest.mark.usefixtures("application")


def _nouveau(client, variante: str = "ille-et-vilaine") -> int:
    reponse = client.post("/contrats/nouveau/", {"source": "exemple", "variante": variante})
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    return int(reponse["Location"].strip("/").split("/")[-1])


def _compte(nom: str, role: str) -> None:
    from generator.web import serveur

    assert serveur.creer_compte(nom, "mot-de-passe-solide-42", role) == []


# --- access -------------------------------------------------------------------------------

def test_poste_local_sans_compte_sans_connexion(client) -> None:
    reponse = client.get("/")
    assert reponse.status_code == 200
    assert "poste local" in reponse.content.decode()


def test_adresse_non_locale_sans_compte_refuse_de_demarrer(sans_comptes, tmp_path) -> None:
    from generator.web import serveur

    with pytest.raises(serveur.RefusDemarrage, match="aucun compte"):
        serveur.verifier_acces("0.0.0.0")
    serveur.verifier_acces("127.0.0.1")
    commande = subprocess.run([str(Path(sys.executable).parent / "cpom"), "serve", "--host",
                               "0.0.0.0", "--port", "8999", "--donnees", str(tmp_path)],
                              capture_output=True, text=True, timeout=120)
    assert commande.returncode == 2
    assert "aucun compte" in commande.stderr


def test_adresse_non_locale_exige_la_connexion(client, settings) -> None:
    settings.LOCAL = False
    _compte("claire", "juriste")
    reponse = client.get("/")
    assert reponse.status_code == 302 and reponse["Location"].startswith("/connexion/")
    assert client.post("/connexion/", {"username": "claire", "password": "faux"}
                       ).status_code == 200
    assert client.get("/").status_code == 302
    reponse = client.post("/connexion/", {"username": "claire",
                                          "password": "mot-de-passe-solide-42"})
    assert reponse.status_code == 302
    assert client.get("/").status_code == 200


def test_comptes_existants_connexion_meme_en_local(client) -> None:
    _compte("paul", "juriste")
    assert client.get("/").status_code == 302


def test_mot_de_passe_hache_et_verifie(sans_comptes) -> None:
    from django.contrib.auth import get_user_model

    from generator.web import serveur

    assert serveur.creer_compte("x", "court", "juriste")  # refused, in French
    _compte("marie", "mainteneur")
    utilisateur = get_user_model().objects.get(username="marie")
    assert utilisateur.password.startswith(("pbkdf2_", "argon2", "scrypt"))
    assert "mot-de-passe" not in utilisateur.password
    assert serveur.comptes() == [("marie", "mainteneur", True)]


def _modele_avec_inconnu() -> bytes:
    """The Ille-et-Vilaine contract template with an unknown field in its body."""
    return _modele_avec("{{ gestionnaire.inexistant }} ")


def _modele_avec(ajout: str) -> bytes:
    """The Ille-et-Vilaine contract template with ``ajout`` at the start of its first plain
    text (one without a tag)."""
    source = RACINE / "templates" / "ille-et-vilaine" / "contrat.docx"
    sortie = io.BytesIO()
    with zipfile.ZipFile(source) as entree, zipfile.ZipFile(sortie, "w") as zout:
        for info in entree.infolist():
            contenu = entree.read(info)
            if info.filename == "word/document.xml":
                texte_xml = contenu.decode()
                position = re.search(r"<w:t(?: [^>]*)?>(?=[^<{]+</w:t>)", texte_xml).end()
                texte_xml = texte_xml[:position] + ajout + texte_xml[position:]
                contenu = texte_xml.encode()
            zout.writestr(info, contenu)
    return sortie.getvalue()


def _indice_contrat() -> int:
    from generator import api

    variante = next(v for v in api.lister_variantes()[0] if v.id == "ille-et-vilaine")
    return [d.fichier for d in variante.documents].index("contrat.docx")


def test_un_juriste_ne_remplace_pas_un_modele(client, settings) -> None:
    settings.LOCAL = False
    _compte("claire", "juriste")
    client.login(username="claire", password="mot-de-passe-solide-42")
    from django.core.files.uploadedfile import SimpleUploadedFile

    fichier = SimpleUploadedFile("contrat.docx", (RACINE / "templates" / "ille-et-vilaine" /
                                                  "contrat.docx").read_bytes())
    reponse = client.post(f"/modeles/ille-et-vilaine/{_indice_contrat()}/envoyer/",
                          {"fichier": fichier})
    assert reponse.status_code == 403
    assert "mainteneurs" in reponse.content.decode()
    from generator.web import stockage

    assert stockage.dossier_modeles("ille-et-vilaine") is None


def test_modele_avec_champ_inconnu_refuse_et_annote(client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from generator.web import stockage

    reponse = client.post(f"/modeles/ille-et-vilaine/{_indice_contrat()}/envoyer/",
                          {"fichier": SimpleUploadedFile("x.docx", _modele_avec_inconnu())})
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "gestionnaire.inexistant" in page and "paragraphe" in page
    assert stockage.dossier_modeles("ille-et-vilaine") is None  # not put in service
    lien = re.search(r'href="(/modeles/annotations/[0-9a-f]+\.docx)"', page)[1]
    annote = client.get(lien)
    assert annote.status_code == 200
    document = zipfile.ZipFile(io.BytesIO(b"".join(annote.streaming_content)))
    assert "inexistant" in document.read("word/comments.xml").decode()


def test_modele_valide_mis_en_service(client, application) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from generator.web import stockage

    modifie = _modele_avec("Clause relue par le mainteneur. ")
    try:
        reponse = client.post(f"/modeles/ille-et-vilaine/{_indice_contrat()}/envoyer/",
                              {"fichier": SimpleUploadedFile("contrat.docx", modifie)})
        assert reponse.status_code == 302
        dossier = stockage.dossier_modeles("ille-et-vilaine")
        assert dossier is not None and (dossier / "contrat.docx").read_bytes() == modifie
        telecharge = client.get(f"/modeles/ille-et-vilaine/{_indice_contrat()}/")
        assert b"".join(telecharge.streaming_content) == modifie
        pk = _nouveau(client)  # the next generation uses the template in service
        travail = int(client.post(f"/contrats/{pk}/generer/", {"format": "docx"})["Location"]
                      .strip("/").split("/")[-1])
        assert _attendre(travail).etat == "termine"
        docx = b"".join(client.get(f"/travaux/{travail}/fichiers/contrat.docx")
                        .streaming_content)
        corps = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
        assert "Clause relue par le mainteneur." in corps
    finally:
        shutil.rmtree(application / "modeles", ignore_errors=True)


# --- CSRF and uploads ---------------------------------------------------------------------

def test_csrf_exige(sans_comptes) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    reponse = client.post("/contrats/nouveau/", {"source": "vide", "variante": "national"})
    assert reponse.status_code == 403
    assert "CSRF" in reponse.content.decode()
    page = client.get("/contrats/nouveau/").content.decode()
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    reponse = client.post("/contrats/nouveau/", {"source": "vide", "variante": "national",
                                                 "csrfmiddlewaretoken": jeton})
    assert reponse.status_code == 302


def test_limites_d_envoi(client, settings) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    reponse = client.post("/contrats/nouveau/", {"source": "fichier", "fichier":
                          SimpleUploadedFile("donnees.exe", b"MZ")})
    assert reponse.status_code == 400 and "type de fichier refusé" in reponse.content.decode()
    gros = SimpleUploadedFile("gros.yaml", b"a: b\n" * (6 * 1024 * 1024 // 5))
    reponse = client.post("/contrats/nouveau/", {"source": "fichier", "fichier": gros})
    assert reponse.status_code == 400 and "trop volumineux" in reponse.content.decode()
    faux = SimpleUploadedFile("classeur.xlsx", b"pas un classeur")
    reponse = client.post("/contrats/nouveau/", {"source": "fichier", "fichier": faux})
    assert reponse.status_code == 400 and "illisible" in reponse.content.decode()
    settings.LIMITE_REQUETE = 1000
    reponse = client.post("/contrats/nouveau/", {"source": "fichier", "fichier":
                          SimpleUploadedFile("d.yaml", b"x" * 5000)})
    assert reponse.status_code == 413
    assert not any((Path(settings.DONNEES) / "tmp").glob("*.yaml"))


def test_un_chemin_envoye_n_est_jamais_un_chemin_de_fichier(client) -> None:
    pk = _nouveau(client)
    assert client.get(f"/contrats/{pk}/image/?chemin=../../secret.txt").status_code == 404
    assert client.get("/travaux/1/fichiers/..%2F..%2Fsecret.txt").status_code == 404
    page = client.get(f"/contrats/{pk}/").content.decode()
    donnees = champs(page)
    donnees["departement.logo"] = "../../../../etc/logo.png"
    page = client.post(f"/contrats/{pk}/", donnees).content.decode()
    assert "image introuvable" in page


# --- the form -----------------------------------------------------------------------------

def test_exemple_valide_et_enregistrement_sans_perte(client) -> None:
    pk = _nouveau(client)
    page = client.get(f"/contrats/{pk}/").content.decode()
    assert "sommaire-erreurs" not in page
    assert "Chiffres calculés" in page  # annexes 8 to 10, read-only
    donnees = champs(page)
    assert donnees["departement.date_deliberation_cpom"] == "16/10/2023"  # French dates
    assert donnees["departement.tarifs_reference[0].apa"] == "23,50"  # French amounts
    reponse = client.post(f"/contrats/{pk}/", donnees)
    assert reponse.status_code == 200
    assert "sommaire-erreurs" not in reponse.content.decode()
    from generator.web.models import Contrat

    contrat = Contrat.objects.get(pk=pk)
    assert contrat.version == 2 and contrat.statut == "pret"
    # the example, once through the form unchanged, is the same data: nothing to compare
    assert contrat.versions.get(numero=1).donnees == contrat.versions.get(numero=2).donnees
    page = client.get(f"/contrats/{pk}/versions/comparer/?a=1&b=2").content.decode()
    assert "Les deux versions sont identiques" in page


def test_erreurs_a_leur_champ_et_dans_le_sommaire(client) -> None:
    pk = _nouveau(client)
    donnees = champs(client.get(f"/contrats/{pk}/").content.decode())
    donnees["service.finess"] = "35002456"
    donnees["objectifs[0].actions[0].financement.bonification_horaire"] = "1,80"
    page = client.post(f"/contrats/{pk}/", donnees).content.decode()
    sommaire = sommaire_erreurs(page)
    assert 'href="#champ-service-finess"' in sommaire
    # each error named by its field's French header, the path left in a tooltip
    assert ('<span class="intitule" title="service.finess">Service › N° FINESS du service'
            "</span>") in sommaire and "<code>" not in sommaire
    assert ("Objectifs n° 1 › Actions n° 1 › Montant et détail du financement › "
            "Bonification par heure") in sommaire
    assert 'href="#champ-objectifs-0--actions-0--financement-bonification_horaire"' in sommaire
    champ = page[page.index('id="champ-service-finess"'):]
    champ = champ[:champ.index("</div>")]
    assert "erreur" in champ and "9 caractères" in champ and 'value="35002456"' in champ
    bonif = page[page.index('id="champ-objectifs-0--actions-0--financement-'
                            'bonification_horaire"'):]
    assert "1,50" in texte(bonif[:bonif.index("</div>")])
    from generator.web.models import Contrat

    contrat = Contrat.objects.get(pk=pk)  # saved as typed, even invalid
    # both errors, and the dotation of annexe 9 no longer matching article 7.3 (the 1,80)
    assert contrat.statut == "brouillon" and contrat.erreurs >= 2
    assert contrat.donnees["service"]["finess"] == "35002456"
    assert client.post(f"/contrats/{pk}/generer/", {"format": "docx"}).status_code == 302
    assert not contrat.travaux.exists()  # nothing generated while an error remains


def test_verification_pendant_la_saisie_sans_rien_enregistrer(client) -> None:
    """The form as it is being typed, checked by the same rules as saving: each problem at
    its field's path, the summary as the page shows it, errors per section; nothing saved.
    Only by POST with the CSRF token, like the form."""
    from django.test import Client

    from generator.web.models import Contrat

    pk = _nouveau(client)
    avant = Contrat.objects.get(pk=pk).version
    donnees = champs(client.get(f"/contrats/{pk}/").content.decode())
    donnees["service.finess"] = "35002456"
    donnees["gestionnaire.raison_sociale"] = "Aide & Soins <Vilaine>"
    reponse = client.post(f"/contrats/{pk}/verifier/", donnees)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/json"
    resultat = reponse.json()
    assert resultat["erreurs"] == 1
    assert resultat["champs"]["service.finess"]["erreurs"] == [
        "un n° FINESS compte 9 caractères, pas 8 (« 35002456 »)"]
    assert resultat["sections"]["service"] == 1 and resultat["sections"]["objectifs"] == 0
    sommaire = resultat["sommaire"]
    assert 'id="sommaire-erreurs"' in sommaire and 'href="#champ-service-finess"' in sommaire
    assert "pas encore enregistrées" in sommaire and 'role="alert"' not in sommaire
    contrat = Contrat.objects.get(pk=pk)
    assert contrat.version == avant and contrat.donnees["service"]["finess"] != "35002456"

    donnees["service.finess"] = "350024568"
    resultat = client.post(f"/contrats/{pk}/verifier/", donnees).json()
    assert resultat["erreurs"] == 0 and "service.finess" not in resultat["champs"]
    assert 'id="sommaire-correct"' in resultat["sommaire"]
    # an organigramme removed and another chosen, not yet sent: not reported missing
    donnees["organigrammes[0].image"] = ""
    manque = client.post(f"/contrats/{pk}/verifier/", donnees).json()["champs"]
    assert manque["organigrammes[0].image"]["erreurs"]
    choisie = client.post(f"/contrats/{pk}/verifier/",
                          {**donnees, "@en-attente": "organigrammes[0].image"}).json()
    assert "organigrammes[0].image" not in choisie["champs"] and choisie["erreurs"] == 0
    assert client.get(f"/contrats/{pk}/verifier/").status_code == 405
    assert Client(enforce_csrf_checks=True).post(f"/contrats/{pk}/verifier/",
                                                 donnees).status_code == 403


def test_listes_renumerotees_et_champs_inconnus_gardes(client) -> None:
    pk = _nouveau(client)
    donnees = champs(client.get(f"/contrats/{pk}/").content.decode())
    # the browser renames after a move; a gap in the numbering closes up
    nouveaux = {re.sub(r"^objectifs\[1\]", "objectifs[7]", k): v for k, v in donnees.items()}
    nouveaux["contrat.lieu_signture"] = "Rennes"
    page = client.post(f"/contrats/{pk}/", nouveaux).content.decode()
    from generator.web.models import Contrat

    contrat = Contrat.objects.get(pk=pk)
    nombre = len({re.match(r"objectifs\[(\d+)\]", k)[1] for k in donnees
                  if k.startswith("objectifs[")})
    assert len(contrat.donnees["objectifs"]) == nombre  # in the order of the form
    assert contrat.donnees["objectifs"][-1]["numero"] == int(donnees["objectifs[1].numero"])
    assert contrat.donnees["contrat"]["lieu_signture"] == "Rennes"
    assert "champ inconnu" in page and 'href="#champ-contrat-lieu_signture"' in page


def test_edition_concurrente_refusee(sans_comptes) -> None:
    from django.test import Client

    from generator.web.models import Contrat

    premier, second = Client(), Client()
    pk = _nouveau(premier)
    formulaire_1 = champs(premier.get(f"/contrats/{pk}/").content.decode())
    formulaire_2 = champs(second.get(f"/contrats/{pk}/").content.decode())
    formulaire_1["contrat.lieu_signature"] = "Vitré"
    assert premier.post(f"/contrats/{pk}/", formulaire_1).status_code == 200
    formulaire_2["contrat.lieu_signature"] = "Fougères"
    reponse = second.post(f"/contrats/{pk}/", formulaire_2)
    assert reponse.status_code == 409
    page = reponse.content.decode()
    assert "Enregistrement refusé" in page and "Rien n'a été écrasé" in page
    assert 'value="Fougères"' in page  # what the second person typed is still shown
    contrat = Contrat.objects.get(pk=pk)
    assert contrat.donnees["contrat"]["lieu_signature"] == "Vitré" and contrat.version == 2


def test_versions_comparees_et_restaurees(client) -> None:
    pk = _nouveau(client)
    donnees = champs(client.get(f"/contrats/{pk}/").content.decode())
    donnees["contrat.lieu_signature"] = "Redon"
    client.post(f"/contrats/{pk}/", donnees)
    page = client.get(f"/contrats/{pk}/versions/comparer/?a=1&b=2").content.decode()
    assert "Lieu de signature" in page and "Rennes" in page and "Redon" in page
    assert client.post(f"/contrats/{pk}/versions/1/restaurer/", {"version": 2}
                       ).status_code == 302
    from generator.web.models import Contrat

    contrat = Contrat.objects.get(pk=pk)
    assert contrat.version == 3 and contrat.donnees["contrat"]["lieu_signature"] == "Rennes"


def test_import_et_export_yaml(client, tmp_path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from generator import api

    envoi = SimpleUploadedFile("mon contrat.yaml", (EXEMPLES / "national.yaml").read_bytes())
    reponse = client.post("/contrats/nouveau/", {"source": "fichier", "fichier": envoi})
    assert reponse.status_code == 302
    pk = int(reponse["Location"].strip("/").split("/")[-1])
    liste = client.get("/?q=national").content.decode()
    assert f'href="/contrats/{pk}/"' in liste
    exporte = client.get(f"/contrats/{pk}/export.yaml")
    donnees = yaml.safe_load(exporte.content.decode())
    assert donnees["modele"] == "national"
    (tmp_path / "national").mkdir()
    for image in (EXEMPLES / "national").iterdir():
        shutil.copy(image, tmp_path / "national")
    (tmp_path / "c.yaml").write_bytes(exporte.content)
    assert api.valider(tmp_path / "c.yaml").ok
    inconnu = SimpleUploadedFile("x.json", b'{"modele": "atlantide"}')
    reponse = client.post("/contrats/nouveau/", {"source": "fichier", "fichier": inconnu})
    page = reponse.content.decode()
    assert reponse.status_code == 400 and "atlantide" in page
    assert '<span class="intitule" title="modele">Modèle</span> : modèle' in page
    casse = SimpleUploadedFile("casse.yaml", b"modele: national\ndepartement:\n  nom: [\n")
    page = client.post("/contrats/nouveau/", {"source": "fichier", "fichier": casse}
                       ).content.decode()
    assert "<li>ligne 4 : YAML invalide" in page  # where, in the file sent
    assert api.ecrire_exemple("ille-et-vilaine", tmp_path / "un.xlsx").ok  # a blank one
    classeur = openpyxl.load_workbook(tmp_path / "un.xlsx")
    classeur["Services"]["B4"] = "Service sans FINESS"  # its n° FINESS (A4) left empty
    classeur.save(tmp_path / "un.xlsx")
    envoi = SimpleUploadedFile("un.xlsx", (tmp_path / "un.xlsx").read_bytes())
    page = client.post("/contrats/nouveau/", {"source": "fichier", "fichier": envoi}
                       ).content.decode()
    assert ("<li>Feuille « Services », ligne 4, colonne A « Service › N° FINESS du service » : "
            "n° FINESS du service manquant</li>") in page  # the cell named by its header


# --- documents and campaigns --------------------------------------------------------------

def _attendre(pk: int, delai: float = 300) -> object:
    from generator.web.models import Travail

    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        travail = Travail.objects.get(pk=pk)
        if travail.fini:
            return travail
        time.sleep(0.3)
    raise AssertionError("travail non terminé")


def test_generation_docx_en_arriere_plan(client) -> None:
    pk = _nouveau(client)
    donnees = champs(client.get(f"/contrats/{pk}/").content.decode())
    donnees["gestionnaire.raison_sociale"] = "Aide & Soins <Vilaine> « Été »"
    client.post(f"/contrats/{pk}/", donnees)
    reponse = client.post(f"/contrats/{pk}/generer/", {"format": "docx"})
    travail = int(reponse["Location"].strip("/").split("/")[-1])
    assert _attendre(travail).etat == "termine"
    etat = client.get(f"/travaux/{travail}/etat/").json()
    assert etat["fini"] and etat["pourcentage"] == 100
    page = client.get(f"/travaux/{travail}/").content.decode()
    assert "contrat.docx" in page and "documents.zip" in page
    docx = b"".join(client.get(f"/travaux/{travail}/fichiers/contrat.docx").streaming_content)
    texte_docx = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "Aide & Soins <Vilaine> « Été »" in normaliser(texte_docx)  # NBSP aside
    archive = b"".join(client.get(f"/travaux/{travail}/fichiers/documents.zip")
                       .streaming_content)
    assert "contrat.docx" in zipfile.ZipFile(io.BytesIO(archive)).namelist()
    from generator.web.models import Contrat

    assert Contrat.objects.get(pk=pk).statut == "genere"


def test_campagne_interrompue_par_un_redemarrage_reprend(client) -> None:
    from generator import api
    from generator.web import stockage, travaux
    from generator.web.models import Travail

    travail = Travail.objects.create(genre=Travail.CAMPAGNE, format="docx")
    dossier = stockage.dossier_travail(travail.pk)
    shutil.copy(EXEMPLES / "campagne-ille-et-vilaine.xlsx", dossier / "classeur.xlsx")
    api.images_exemple("ille-et-vilaine", dossier)

    generes = []

    def arret(service: object) -> None:  # the server stops after the first contract
        generes.append(service)
        raise KeyboardInterrupt

    travaux.executer(travail.pk, apres_service=arret)
    travail.refresh_from_db()
    assert travail.etat == "en_cours" and len(generes) == 1
    assert travaux.reprendre() == [travail.pk]  # what the next start of the server does
    travail = _attendre(travail.pk)
    assert travail.etat == "termine" and travail.reprises == 1
    comptes = travail.resultat["comptes"]
    assert comptes["inchange"] == 1 and comptes["genere"] >= 1 and comptes["invalide"] == 2
    page = client.get(f"/travaux/{travail.pk}/").content.decode()
    assert "Feuille" in page or "Services" in page
    assert client.get(f"/travaux/{travail.pk}/fichiers/rapport.xlsx").status_code == 200
    archive = b"".join(client.get(f"/travaux/{travail.pk}/fichiers/campagne.zip")
                       .streaming_content)
    assert any(n.endswith("contrat.docx") for n in zipfile.ZipFile(io.BytesIO(archive))
               .namelist())


def test_classeur_vide_d_une_variante(client) -> None:
    reponse = client.get("/campagnes/classeur/?variante=ille-et-vilaine")
    assert reponse.status_code == 200
    assert reponse.content[:4] == b"PK\x03\x04"
    assert client.get("/campagnes/classeur/?variante=../../x").status_code == 404


def test_image_envoyee_gardee_et_affichee(client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from generator.web.models import Contrat

    pk = _nouveau(client)
    donnees = champs(client.get(f"/contrats/{pk}/").content.decode())
    logo = (EXEMPLES / "ille-et-vilaine" / "logo-gestionnaire.png").read_bytes()
    donnees["@departement.logo"] = SimpleUploadedFile("../../mon logo.png", logo)
    page = client.post(f"/contrats/{pk}/", donnees).content.decode()
    assert "sommaire-erreurs" not in page
    chemin = Contrat.objects.get(pk=pk).donnees["departement"]["logo"]
    assert re.fullmatch(r"images/[0-9a-f]{32}\.png", chemin)  # a name the application chose
    assert f'src="/contrats/{pk}/image/?chemin={chemin}"' in page
    image = client.get(f"/contrats/{pk}/image/?chemin={chemin}")
    assert b"".join(image.streaming_content) == logo
    donnees = champs(page)
    donnees["@gestionnaire.logo"] = SimpleUploadedFile("faux.png", b"pas une image")
    page = client.post(f"/contrats/{pk}/", donnees).content.decode()
    assert "image illisible" in page and 'href="#champ-gestionnaire-logo"' in page


def test_campagne_avec_ses_images(client, tmp_path) -> None:
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    classeur = openpyxl.load_workbook(EXEMPLES / "campagne-ille-et-vilaine.xlsx")
    for feuille in classeur.worksheets:
        for ligne in feuille.iter_rows():
            for cellule in ligne:
                if isinstance(cellule.value, str) and cellule.value.startswith(
                        "ille-et-vilaine/"):
                    cellule.value = cellule.value.replace("ille-et-vilaine/", "images/")
    classeur.save(tmp_path / "c.xlsx")

    def images() -> list[SimpleUploadedFile]:
        return [SimpleUploadedFile(p.name, p.read_bytes())
                for p in sorted((EXEMPLES / "ille-et-vilaine").glob("*.png"))]

    mauvais = SimpleUploadedFile("mon logo é.png", b"\x89PNG\r\n\x1a\n")
    reponse = client.post("/campagnes/lancer/", {
        "classeur": SimpleUploadedFile("c.xlsx", (tmp_path / "c.xlsx").read_bytes()),
        "images": [*images(), mauvais], "format": "docx"})
    assert reponse.status_code == 400 and "nom d&#x27;image refusé" in reponse.content.decode()
    reponse = client.post("/campagnes/lancer/", {
        "classeur": SimpleUploadedFile("c.xlsx", (tmp_path / "c.xlsx").read_bytes()),
        "images": images(), "format": "docx"})
    assert reponse.status_code == 302
    travail = _attendre(int(reponse["Location"].strip("/").split("/")[-1]))
    assert travail.etat == "termine", travail.resultat
    assert not [p for p in travail.resultat["problemes"] if "image" in p["message"]]
    assert travail.resultat["comptes"]["invalide"] == 2  # the two rows wrong on purpose


def test_postgresql_par_variable_d_environnement(tmp_path) -> None:
    """``--database`` / ``CPOM_DATABASE_URL`` choose the database (dj-database-url)."""
    import os

    code = ("from django.conf import settings; import django; django.setup(); "
            "b = settings.DATABASES['default']; print(b['ENGINE'], b['NAME'], b['HOST'])")
    environnement = {**os.environ, "CPOM_DONNEES": str(tmp_path),
                     "DJANGO_SETTINGS_MODULE": "generator.web.reglages",
                     "CPOM_DATABASE_URL": "postgresql://cpom:secret@db.interne:5432/cpom"}
    sortie = subprocess.run([sys.executable, "-c", code], env=environnement, text=True,
                            capture_output=True, check=True, cwd=RACINE).stdout.split()
    assert sortie == ["django.db.backends.postgresql", "cpom", "db.interne"]
    del environnement["CPOM_DATABASE_URL"]
    environnement.pop("DATABASE_URL", None)
    sortie = subprocess.run([sys.executable, "-c", code], env=environnement, text=True,
                            capture_output=True, check=True, cwd=RACINE).stdout.split()
    assert sortie == ["django.db.backends.sqlite3", str(tmp_path / "cpom.sqlite3")]


@pytest.mark.parametrize(("variante", "section"), [
    ("ille-et-vilaine", "depenses_recettes"), ("seine-et-marne", "synthese_financiere"),
    ("national", "tarification")])
def test_chiffres_calcules_dans_leur_section(client, variante: str, section: str) -> None:
    pk = _nouveau(client, variante)
    page = client.get(f"/contrats/{pk}/").content.decode()
    debut = page.index(f'<section id="section-{section}">')
    assert "Chiffres calculés (lecture seule)" in page[debut:page.index("</section>", debut)]
    assert "sommaire-erreurs" not in page


def test_migrations_a_jour() -> None:
    """The models and their migrations agree (a model changed without its migration
    would fail on a département's PostgreSQL)."""
    from django.core.management import call_command

    call_command("makemigrations", "web", "--check", "--dry-run", verbosity=0)
