"""Variants as folders: ``variante.yaml`` and the Word templates it lists.

The installed package ships its templates and samples under ``generator/_ressources``;
a checkout uses the repository's ``templates/`` and ``samples/``. A département's own
folder (``cpom templates new``, ``--templates DIR``) has the same layout and names the
shipped variant it is based on (``base: national``). A templates folder is untrusted
input: its ``variante.yaml`` is checked like contract data (every problem at once, in
French), names no Python code, and its document names are plain ``.docx`` file names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError, validate

from generator.fields.paths import texte_chemin
from generator.problems import ErreurCpom, Lieu, Nature, Probleme
from generator.variants.registry import ANCIENNES_REFERENCES, REGISTRE, Definition
from schemas.base import Base, Liste, Objet, Texte, choix, longueur, optionnel

FICHIER = "variante.yaml"
TAILLE_MAX = 1024 * 1024
ORIENTATIONS = ("portrait", "paysage")
_RACINE = Path(__file__).resolve().parents[1]
_NOM_SIMPLE = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f.][^/\\:*?\"<>|\x00-\x1f]*$")


# The departures of a variant from its seed model (passage, seed wording, new wording,
# reason, source), shown by ``cpom templates show``.
FICHIER_ECARTS = "ecarts-au-modele.md"


def _ressource(nom: str) -> Path:
    installe = _RACINE / "_ressources" / nom
    return installe if installe.is_dir() else _RACINE.parent / nom


def modeles_livres() -> Path:
    """Folder holding one sub-folder per shipped variant."""
    return _ressource("templates")


def dossier_exemples() -> Path:
    return _ressource("samples")


@dataclass(frozen=True)
class Document:
    """One output document of a variant, in contract order."""

    fichier: str
    titre: str
    orientation: str = "portrait"

    @property
    def nom(self) -> str:
        return Path(self.fichier).stem


@dataclass(frozen=True)
class Variante:
    """A contract model: its templates folder, and the shipped variant (``base``) whose
    schema and computation it uses."""

    id: str
    titre: str
    base: str
    dossier: Path
    documents: tuple[Document, ...]
    exemples: tuple[str, ...] = ()
    parametres_campagne: tuple[str, ...] = ()  # paths common to a campaign's contracts

    @property
    def definition(self) -> Definition:
        return REGISTRE[self.base]

    def schema(self) -> Schema:
        """A new instance of the root schema (one per validation)."""
        return self.definition.schema()

    def calculer(self, donnees: dict[str, Any]) -> dict[str, Any]:
        return self.definition.calcul(donnees)

    def gabarit(self, document: Document) -> Path:
        """The Word template of ``document``."""
        return self.dossier / document.fichier

    def chemins_exemples(self) -> list[Path]:
        return [dossier_exemples() / nom for nom in self.exemples]

    @property
    def ecarts(self) -> Path | None:
        """The list of the departures from the seed model, if the folder ships one."""
        chemin = self.dossier / FICHIER_ECARTS
        return chemin if chemin.is_file() else None


# --- variante.yaml -------------------------------------------------------------------------

def _nom_de_fichier(suffixe: str) -> validate.Validator:
    def verifier(valeur: str) -> None:
        if not _NOM_SIMPLE.match(valeur) or not valeur.lower().endswith(suffixe):
            raise ValidationError(f"nom de fichier {suffixe} attendu, sans dossier "
                                  f"(« {valeur} »)")
    return verifier


class _Document(Base):
    fichier = Texte(required=True, validate=_nom_de_fichier(".docx"))
    titre = Texte(required=True)
    orientation = Texte(load_default="portrait", validate=choix(ORIENTATIONS))


class _Campagne(Base):
    parametres = optionnel(Liste(Texte()))


class _FichierVariante(Base):
    id = Texte(required=True)
    titre = Texte(required=True)
    base = optionnel(Texte(validate=choix(tuple(REGISTRE))))
    derive_de = optionnel(Texte())
    schema = optionnel(Texte())  # before « base »: a Python path (only the shipped ones)
    calcul = optionnel(Texte())
    exemples = optionnel(Liste(Texte(validate=_nom_de_fichier(".yaml"))))
    documents = Liste(Objet(_Document), required=True, validate=longueur(1))
    campagne = optionnel(Objet(_Campagne))


def _problemes(messages: Any, fichier: str, chemin: list[Any]) -> list[Probleme]:
    if isinstance(messages, dict):
        return [p for cle, sous in messages.items()
                for p in _problemes(sous, fichier, chemin if cle == "_schema" else
                                    [*chemin, cle])]
    return [Probleme(str(m), Lieu(fichier=fichier, champ=texte_chemin(chemin)),
                     nature=Nature.MODELE) for m in messages]


def _base(meta: dict[str, Any], fichier: str) -> str:
    """The shipped variant a folder is based on: ``base``, else the Python paths that
    older versions wrote (only those), else the folder's own id if it is a shipped one."""
    anciennes = {cle: meta[cle] for cle in ("schema", "calcul") if meta.get(cle)}
    bases = set()
    for cle, reference in anciennes.items():
        if reference not in ANCIENNES_REFERENCES:
            raise ErreurCpom.modele(
                f"« {reference} » nomme du code Python : un dossier de modèles ne peut pas "
                "faire exécuter de code ; retirez cette ligne et indiquez le modèle de départ "
                f"(base: {' | '.join(REGISTRE)})", Lieu(fichier=fichier, champ=cle))
        bases.add(ANCIENNES_REFERENCES[reference])
    if meta.get("base"):
        bases.add(meta["base"])
    if len(bases) > 1:
        raise ErreurCpom.modele(f"modèles de départ contradictoires ({', '.join(sorted(bases))})",
                                Lieu(fichier=fichier, champ="base"))
    if bases:
        return bases.pop()
    if meta["id"] in REGISTRE:
        return meta["id"]
    raise ErreurCpom.modele(f"modèle de départ manquant : ajoutez « base: national » (ou "
                            f"{', '.join(list(REGISTRE)[1:])})",
                            Lieu(fichier=fichier, champ="base"))


def lire_variante(dossier: Path) -> Variante:
    """Read and check ``dossier/variante.yaml``; every problem at once (nature modèle)."""
    chemin = dossier / FICHIER
    nom = str(chemin)
    if not chemin.is_file():
        raise ErreurCpom.modele(f"{dossier} : pas de fichier {FICHIER} (dossier de modèles "
                                "attendu)")
    if chemin.stat().st_size > TAILLE_MAX:
        raise ErreurCpom.modele("fichier trop volumineux (1 Mo au plus)", Lieu(fichier=nom))
    try:
        meta = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ErreurCpom.modele(f"fichier illisible ({exc})", Lieu(fichier=nom)) from None
    if not isinstance(meta, dict):
        raise ErreurCpom.modele("un bloc de champs (clé : valeur) est attendu", Lieu(fichier=nom))
    try:
        meta = _FichierVariante().load(meta)
    except ValidationError as exc:
        raise ErreurCpom(_problemes(exc.messages, nom, [])) from None
    base = _base(meta, nom)
    documents = tuple(Document(d["fichier"], d["titre"], d["orientation"])
                      for d in meta["documents"])
    manquants = [Probleme(f"modèle Word manquant : {d.fichier}",
                          Lieu(fichier=nom, champ=f"documents[{i}].fichier"), nature=Nature.MODELE)
                 for i, d in enumerate(documents) if not (dossier / d.fichier).is_file()]
    if manquants:
        raise ErreurCpom(manquants)
    return Variante(
        id=meta["id"], titre=meta["titre"], base=base, dossier=dossier.resolve(),
        documents=documents, exemples=tuple(meta["exemples"]),
        parametres_campagne=tuple((meta["campagne"] or {}).get("parametres") or ()),
    )


def variantes(racine: Path | None = None) -> list[Variante]:
    """Every variant under ``racine`` (default: the shipped templates)."""
    racine = racine or modeles_livres()
    dossiers = sorted(d for d in racine.iterdir() if (d / FICHIER).is_file())
    return [lire_variante(d) for d in dossiers]


def trouver(identifiant: str, dossier_modeles: Path | None = None) -> Variante:
    """The variant ``identifiant``; ``dossier_modeles`` is a département's own templates folder
    (the folder itself, or a folder of variants)."""
    if dossier_modeles is not None:
        if (dossier_modeles / FICHIER).is_file():
            return lire_variante(dossier_modeles)
        candidat = dossier_modeles / identifiant
    else:
        candidat = modeles_livres() / identifiant
    if _NOM_SIMPLE.match(identifiant) and (candidat / FICHIER).is_file():
        return lire_variante(candidat)
    connues = ", ".join(v.id for v in variantes()) or "aucune"
    raise ErreurCpom.donnees(f"modèle « {identifiant} » inconnu (modèles disponibles : "
                             f"{connues})")


def variante_des_donnees(donnees: dict[str, Any], source: str = "",
                         dossier_modeles: Path | None = None) -> Variante:
    """The variant a contract data file names (``modele: national``)."""
    modele = donnees.get("modele")
    if not isinstance(modele, str) or not modele.strip():
        raise ErreurCpom.donnees("champ obligatoire manquant : nom du modèle (national, "
                                 "ille-et-vilaine, seine-et-marne)",
                                 Lieu(fichier=source, champ="modele"))
    return trouver(modele.strip(), dossier_modeles)
