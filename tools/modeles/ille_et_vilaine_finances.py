"""First version of the Ille-et-Vilaine financial annexes 8, 9 and 10 (seed 001).

Run: ``python tools/modeles/ille_et_vilaine_finances.py`` — overwrites
templates/ille-et-vilaine/annexe-08-pilotage.docx, annexe-09-elements-financiers.docx and
annexe-10-depenses-recettes.docx (hand edits in Word are lost).

Landscape A4, real Word tables with the seed's rows and labels. The year columns of
annexes 8 and 9 are a ``{%tc for %}`` loop (one column per contract year, whatever the
duration); annex 10 repeats the seed's block once per year with a ``{%p for %}`` loop.
Every figure comes from ``calcul.finances`` (generator/compute/ille_et_vilaine_finances.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE / "tools"))

from docxbuild import (  # noqa: E402
    TABLEAU_CHIFFRES,
    TABLEAU_ENTETE,
    Modele,
    _fond,
    grille_annuelle,
    style_de_cellule,
)

SORTIE = RACINE / "templates" / "ille-et-vilaine"
F = "calcul.finances"
ENTETE = ("Conseil départemental d’Ille-et-Vilaine - Pôle solidarité humaine - Direction de "
          "l’Autonomie - Service OARES - CPOM {{ calcul.finances.premiere_annee }}-"
          "{{ calcul.finances.derniere_annee }}")
GESTIONNAIRE = "**GESTIONNAIRE :** {{ gestionnaire.raison_sociale }}"
NOTE_TIRET = ("« — » : donnée non renseignée ou ratio non défini (division par zéro).")


def _grille_finances(table, libelle_mm: float = 67, colonne_mm: float = 27, colonnes: int = 7):
    """A wide label column, then the year columns (see ``docxbuild.grille_annuelle``)."""
    return grille_annuelle(table, [libelle_mm], colonne_mm, colonnes)


def _a_droite(table, entetes: tuple[int, ...] = (0,)):
    """Figures right-aligned (every cell but the first column and the header rows)."""
    style_de_cellule(table, TABLEAU_CHIFFRES,
                     [r for r in range(len(table.rows)) if r not in entetes],
                     range(1, len(table.columns)))
    return table


def _colonnes(boucle: str, cellule: str, *fin: str) -> list[str]:
    """The cells of a row looping over year columns: ``{%tc for %}``, the cell, endfor."""
    return [f"{{%tc for {boucle} %}}", cellule, "{%tc endfor %}", *fin]


# --- annexe 8 -------------------------------------------------------------------------

PILOTAGE = f"c in {F}.pilotage.colonnes"


def _ligne_8(libelle: str, valeur: str) -> list[str]:
    return [libelle, *_colonnes(PILOTAGE, f"{{{{ {valeur} }}}}")]


def _variation_8(libelle: str, cle: str) -> list[str]:
    # No rate for the reference column (the seed leaves it empty).
    return _ligne_8(libelle, f"'' if c.reference else c.{cle}|pourcentage(2)")


def _section_8(titre: str) -> list[str]:
    return [f"**{titre}**", *_colonnes(PILOTAGE, "")]


def annexe_8(dossier: Path) -> None:
    m = Modele(entete=ENTETE, paysage=True)
    m.titre("Annexe 8 : Pilotage")
    m.p(GESTIONNAIRE)
    entete = ["", *_colonnes(PILOTAGE, "{{ c.entete }}")]
    m.h2("Suivi de l’activité")
    _grille_finances(_a_droite(m.tableau(entete, [
        _ligne_8("Volume d’heures APA (financées au titre des plans d’aide)",
                 "c.heures_apa|nombre"),
        _variation_8("Taux de variation du volume d’heures APA (en référence à N-1)",
                     "taux_variation_heures_apa"),
        _ligne_8("Volume d’heures APA (hors plan d’aide)", "c.heures_apa_hors_plan|nombre"),
        _ligne_8("Volume d’heures PCH", "c.heures_pch|nombre"),
        _ligne_8("Volume d’heures AM", "c.heures_am|nombre"),
        _ligne_8("**Total volume d’heures APA PCH AM**", "c.total_heures|nombre"),
        _ligne_8("Dépenses de fonctionnement (Gr 1)", "c.depenses_groupe_1|montant"),
        _variation_8("Taux de variation des dépenses réalisées Gr 1 (en référence à N-1)",
                     "taux_variation_groupe_1"),
        _ligne_8("Dépenses de personnel (Gr 2)", "c.depenses_groupe_2|montant"),
        _variation_8("Taux de variation des dépenses réalisées Gr 2 (en référence à N-1)",
                     "taux_variation_groupe_2"),
        _ligne_8("Dépenses de structure (Gr 3)", "c.depenses_groupe_3|montant"),
        _variation_8("Taux de variation des dépenses réalisées Gr 3 (en référence à N-1)",
                     "taux_variation_groupe_3"),
        _ligne_8("**Total des dépenses réalisées**", "c.total_depenses|montant"),
    ], premiere_colonne_grise=True)))
    m.saut_de_page()
    m.h2("Indicateurs financiers")
    _grille_finances(_a_droite(m.tableau(entete, [
        _variation_8("Taux de variation des dépenses réalisées y compris incorporation "
                     "résultat (en référence à N-1)", "taux_variation_depenses_resultats"),
        _ligne_8("Fonds de roulement = Capitaux permanents - actif stable",
                 "c.fonds_de_roulement|montant"),
        _ligne_8("Besoin en fonds de roulement = actif circulant - dettes d’exploitation",
                 "c.besoin_fonds_de_roulement|montant"),
        _ligne_8("Trésorerie = Fonds de roulement - Besoin en Fonds de roulement",
                 "c.tresorerie|montant"),
        _ligne_8("Capacité d’autofinancement courante (hors éléments financiers et "
                 "exceptionnels)", "c.caf_courante|montant"),
        _ligne_8("Résultat d’exploitation", "c.resultat_exploitation|montant"),
        _ligne_8("Marge brute d’exploitation = produits d’exploitation (c/70-75) - charges "
                 "d’exploitation (c/60-65)", "c.marge_brute|montant"),
        _ligne_8("Taux de marge brute d’exploitation = (marge brute / produits "
                 "d’exploitation)*100", "c.taux_marge_brute|pourcentage(2, false)"),
        _section_8("Indicateurs de suivi"),
        _ligne_8("Pourcentage d’intervenant.e.s ayant un diplôme en lien avec leur activité",
                 "c.pourcentage_diplomes|pourcentage(1, false)"),
        _ligne_8("Taux d’heures présentielles = heures réalisées / nbre ETP*1820 h",
                 "c.taux_heures_presentielles|pourcentage(1)"),
        _ligne_8("Taux d’encadrement = (nombre d’heures d’intervention réalisées / nombre "
                 "d’ETP encadrants et administratifs)", "c.taux_encadrement|nombre"),
        _ligne_8("Nombre de kilomètres annuel parcourus au titre des activités APA et PCH",
                 "c.km_apa_pch|nombre"),
        _ligne_8("Taux d’absentéisme", "c.taux_absenteisme|pourcentage(1, false)"),
        _ligne_8("Durée de l’ancienneté moyenne des intervenant.e.s dans la structure (années)",
                 "c.anciennete_moyenne|nombre(1)"),
    ], premiere_colonne_grise=True)))
    m.saut_de_page()
    m.h2("Données de calcul des indicateurs")
    _grille_finances(_a_droite(m.tableau(entete, [
        _ligne_8("Résultats incorporés (+ pour un déficit et - pour un excédent)",
                 "c.resultats_incorpores|montant"),
        _ligne_8("Total des dépenses réalisées y compris incorporation résultat",
                 "c.total_depenses_resultats|montant"),
        _ligne_8("Capitaux permanents", "c.capitaux_permanents|montant"),
        _ligne_8("Actif stable", "c.actif_stable|montant"),
        _ligne_8("Actif circulant", "c.actif_circulant|montant"),
        _ligne_8("Dettes d’exploitation", "c.dettes_exploitation|montant"),
        _ligne_8("Produits d’exploitation (c/70-75)", "c.produits_exploitation|montant"),
        _ligne_8("Charges d’exploitation (c/60-65)", "c.charges_exploitation|montant"),
        _ligne_8("Nombre d’heures d’intervention réalisées", "c.heures_realisees|nombre"),
        _ligne_8("ETP du personnel d’intervention", "c.etp_intervention|nombre(2)"),
        _ligne_8("ETP encadrants et administratifs",
                 "c.etp_encadrement_administratif|nombre(2)"),
    ], premiere_colonne_grise=True)))
    m.p("Les taux de variation comparent chaque colonne à la précédente : "
        "{{ calcul.finances.premiere_annee }} est comparée au CA "
        "{{ calcul.finances.pilotage.annee_reference }}. " + NOTE_TIRET, italique=True)
    m.sauver(dossier / "annexe-08-pilotage.docx")


# --- annexe 9 -------------------------------------------------------------------------

E9 = f"{F}.elements_financiers"
ANNEES_9 = f"c in {E9}.colonnes"


def _ligne_9(libelle: str, cle: str, total: bool = True) -> list[str]:
    return [libelle, *_colonnes(ANNEES_9, f"{{{{ c.{cle}|montant }}}}",
                                f"{{{{ {E9}.total.{cle}|montant }}}}" if total else "")]


def annexe_9(dossier: Path) -> None:
    m = Modele(entete=ENTETE, paysage=True)
    m.titre("Annexe 9 : Eléments financiers")
    m.p("**Gestionnaire :** {{ gestionnaire.raison_sociale }}")
    m.p("**Détermination du financement dans le cadre du renouvellement de CPOM "
        "{{ calcul.finances.premiere_annee }}_{{ calcul.finances.derniere_annee }}**",
        centre=True)
    _grille_finances(_a_droite(m.tableau(["", *_colonnes(ANNEES_9, "{{ c.annee }}", "TOTAL")], [
        ["**1. Forfait Global**", *_colonnes(ANNEES_9, "", "")],
        _ligne_9(f"Forfait annuel (moyenne état des dépenses réalisées "
                 f"{{{{ {E9}.base.libelle }}}})", "forfait_annuel", total=False),
        _ligne_9(f"Taux d’évolution (1) {{{{ {E9}.taux_evolution|pourcentage(2, false) }}}}",
                 "evolution"),
        _ligne_9("Mesures salariales intégrées", "mesures_salariales_integrees"),
        _ligne_9("**Total 1 Forfait global**", "total_1"),
        _ligne_9("Autres mesures salariales", "autres_mesures_salariales"),
        _ligne_9("Dotation complémentaire *", "dotation_complementaire"),
        _ligne_9("**Total 2 autres**", "total_2"),
        _ligne_9("**Financement global**", "financement_global"),
    ], premiere_colonne_grise=True)))
    m.p(f"(1) Un taux fixe de + {{{{ {E9}.taux_evolution|pourcentage(2, false) }}}} est "
        "appliqué annuellement au montant du forfait{% if "
        f"{E9}.evolution_premiere_annee %}}, dès {{{{ calcul.finances.premiere_annee }}}}"
        "{% else %}, à compter de la deuxième année du contrat{% endif %}, sous réserve du "
        "vote par la collectivité départementale des moyens correspondants dans son budget "
        "(article 7.1).", italique=True)
    m.p("*Le versement de la dotation complémentaire prévisionnelle fait l’objet d’une "
        "régularisation l’année suivante en fonction du nombre d’heures effectuées en N et "
        "dans la limite du montant des dépenses réalisées (article 7.3).", italique=True)
    m.h2("Base du forfait global : état des dépenses réalisées")
    depenses = f"d in {E9}.base.depenses"
    table = m.tableau([*_colonnes(depenses, "{{ d.annee }}", "Moyenne")],
                      [[*_colonnes(depenses, "{{ d.montant|montant }}",
                                   f"{{{{ {E9}.base.moyenne|montant }}}}")]])
    style_de_cellule(table, TABLEAU_CHIFFRES, [1])
    m.h2("Versement mensuel du forfait global de l’APA (article 7.1)")
    _grille_finances(_a_droite(m.tableau(["", *_colonnes(ANNEES_9, "{{ c.annee }}")], [
        ["1/12e du Total 1 Forfait global",
         *_colonnes(ANNEES_9, "{{ c.versement_mensuel|montant }}")],
    ], premiere_colonne_grise=True)))
    m.sauver(dossier / "annexe-09-elements-financiers.docx")


# --- annexe 10 ------------------------------------------------------------------------

PRODUITS = ["Tarif moyen arrêté {{ b.annee }}", "Forfait global (1)",
            "Participation usagers -TM (2)", "Participation usagers FC (3)",
            "Recettes payantes (4)", "TOTAL produits de tarification (1)+(2)+(3)+(4)=(5)",
            "Recettes en atténuation (6)", "Total produits (5)+(6) = (7)"]
CHARGES = ["Charges groupe 1", "Charges groupe 2", "Charges groupe 3",
           "Résultats incorporés (+ pour un déficit et - pour un excédent)",
           "TOTAL charges = Total des produits (7)", "Activité",
           "Produits de la tarification SAAD/activité (7)/Activité",
           "Ecart tarif moyen arrêté et tarif du SAAD"]


def annexe_10(dossier: Path) -> None:
    m = Modele(entete=ENTETE, paysage=True)
    m.titre("Annexe 10 : Tableau de détermination des recettes et des dépenses-CPOM "
            "{{ calcul.finances.premiere_annee }}-{{ calcul.finances.derniere_annee }}")
    m.p(GESTIONNAIRE)
    m.p("Un tableau par année ; la vérification (total des produits (7) - total des charges) "
        "doit être nulle. " + NOTE_TIRET, italique=True)
    m.ctrl(f"{{%p for b in {F}.depenses_recettes.annees %}}")
    m.h2("Année {{ b.annee }}")
    valeurs = [f"{{{{ b.{cle}|montant }}}}" for cle in (
        "tarif_moyen_arrete", "forfait_global", "participation_usagers_tm",
        "participation_usagers_fc", "recettes_payantes", "total_produits_tarification",
        "recettes_attenuation", "total_produits")]
    charges = [f"{{{{ b.{cle}|montant }}}}" for cle in (
        "charges_groupe_1", "charges_groupe_2", "charges_groupe_3", "resultats_incorpores",
        "total_charges")] + ["{{ b.activite|nombre }}", "{{ b.produit_par_heure|montant }}",
                             "{{ b.ecart_tarif|montant }}"]
    table = m.tableau(PRODUITS, [valeurs, CHARGES, charges,
                                 ["**Vérification**", "{{ b.verification|montant }}",
                                  *[""] * 6]], taille=8.5)
    style_de_cellule(table, TABLEAU_ENTETE, [2])  # second header band: the charges
    for cellule in table.rows[2].cells:
        _fond(cellule, "D9E2F3")
    for ligne in table.rows[:-1]:  # one year's block stays on one page
        for cellule in ligne.cells:
            for paragraphe in cellule.paragraphs:
                paragraphe.paragraph_format.keep_with_next = True
    _a_droite(table, entetes=(0, 2))
    for rang in (1, 3):  # value rows: the first column holds a figure too
        style_de_cellule(table, TABLEAU_CHIFFRES, [rang], [0])
    m.ctrl("{%p if b.forfait_depuis_annexe_9 %}")
    m.p("(1) Forfait global repris du Total 1 « Forfait global » de l’annexe 9.", italique=True)
    m.ctrl("{%p endif %}")
    m.ctrl("{%p endfor %}")
    m.sauver(dossier / "annexe-10-depenses-recettes.docx")


def construire(dossier: Path) -> None:
    """Write the three templates into ``dossier``."""
    annexe_8(dossier)
    annexe_9(dossier)
    annexe_10(dossier)


if __name__ == "__main__":
    construire(SORTIE)
    print(f"Modèles des annexes 8, 9 et 10 écrits dans {SORTIE}")
