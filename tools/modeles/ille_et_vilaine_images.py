"""Fictional images of the Ille-et-Vilaine sample: two logos and two organigrammes.

Pillow is not a dependency of the project: the PNG files are drawn on a small RGB canvas
with a 5×7 bitmap font and written with zlib. Written by ``construire`` in
``tools/modeles/ille_et_vilaine.py``.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

Couleur = tuple[int, int, int]

BLANC: Couleur = (255, 255, 255)
BLEU: Couleur = (31, 58, 95)
BLEU_CLAIR: Couleur = (217, 226, 243)
VERT: Couleur = (46, 125, 50)
GRIS: Couleur = (90, 90, 90)

# 5×7 glyphs, one string of 5 bits per row.
_POLICE = {
    "A": "01110 10001 10001 11111 10001 10001 10001",
    "B": "11110 10001 10001 11110 10001 10001 11110",
    "C": "01110 10001 10000 10000 10000 10001 01110",
    "D": "11110 10001 10001 10001 10001 10001 11110",
    "E": "11111 10000 10000 11110 10000 10000 11111",
    "F": "11111 10000 10000 11110 10000 10000 10000",
    "G": "01110 10001 10000 10111 10001 10001 01111",
    "H": "10001 10001 10001 11111 10001 10001 10001",
    "I": "01110 00100 00100 00100 00100 00100 01110",
    "J": "00111 00010 00010 00010 00010 10010 01100",
    "K": "10001 10010 10100 11000 10100 10010 10001",
    "L": "10000 10000 10000 10000 10000 10000 11111",
    "M": "10001 11011 10101 10101 10001 10001 10001",
    "N": "10001 10001 11001 10101 10011 10001 10001",
    "O": "01110 10001 10001 10001 10001 10001 01110",
    "P": "11110 10001 10001 11110 10000 10000 10000",
    "Q": "01110 10001 10001 10001 10101 10010 01101",
    "R": "11110 10001 10001 11110 10100 10010 10001",
    "S": "01111 10000 10000 01110 00001 00001 11110",
    "T": "11111 00100 00100 00100 00100 00100 00100",
    "U": "10001 10001 10001 10001 10001 10001 01110",
    "V": "10001 10001 10001 10001 10001 01010 00100",
    "W": "10001 10001 10001 10101 10101 10101 01010",
    "X": "10001 10001 01010 00100 01010 10001 10001",
    "Y": "10001 10001 01010 00100 00100 00100 00100",
    "Z": "11111 00001 00010 00100 01000 10000 11111",
    "0": "01110 10001 10011 10101 11001 10001 01110",
    "1": "00100 01100 00100 00100 00100 00100 01110",
    "2": "01110 10001 00001 00010 00100 01000 11111",
    "3": "11110 00001 00001 01110 00001 00001 11110",
    "4": "00010 00110 01010 10010 11111 00010 00010",
    "5": "11111 10000 11110 00001 00001 10001 01110",
    "6": "00110 01000 10000 11110 10001 10001 01110",
    "7": "11111 00001 00010 00100 01000 01000 01000",
    "8": "01110 10001 10001 01110 10001 10001 01110",
    "9": "01110 10001 10001 01111 00001 00010 01100",
    "&": "01100 10010 10100 01000 10101 10010 01101",
    "-": "00000 00000 00000 11111 00000 00000 00000",
    ".": "00000 00000 00000 00000 00000 01100 01100",
    "/": "00001 00010 00010 00100 01000 01000 10000",
    "'": "00100 00100 01000 00000 00000 00000 00000",
    "(": "00010 00100 01000 01000 01000 00100 00010",
    ")": "01000 00100 00010 00010 00010 00100 01000",
    " ": "00000 00000 00000 00000 00000 00000 00000",
}


class Toile:
    """An RGB canvas."""

    def __init__(self, largeur: int, hauteur: int, fond: Couleur = BLANC) -> None:
        self.largeur, self.hauteur = largeur, hauteur
        self.pixels = [bytearray(bytes(fond) * largeur) for _ in range(hauteur)]

    def point(self, x: int, y: int, couleur: Couleur) -> None:
        if 0 <= x < self.largeur and 0 <= y < self.hauteur:
            self.pixels[y][3 * x:3 * x + 3] = bytes(couleur)

    def rectangle(self, x0: int, y0: int, x1: int, y1: int, couleur: Couleur,
                  plein: bool = True, epaisseur: int = 2) -> None:
        for y in range(y0, y1):
            for x in range(x0, x1):
                bord = min(x - x0, x1 - 1 - x, y - y0, y1 - 1 - y) < epaisseur
                if plein or bord:
                    self.point(x, y, couleur)

    def trait(self, x0: int, y0: int, x1: int, y1: int, couleur: Couleur,
              epaisseur: int = 2) -> None:
        """Horizontal or vertical line."""
        self.rectangle(min(x0, x1), min(y0, y1), max(x0, x1) + epaisseur,
                       max(y0, y1) + epaisseur, couleur)

    def texte(self, x: int, y: int, texte: str, couleur: Couleur, echelle: int = 2) -> None:
        for i, caractere in enumerate(texte.upper()):
            lignes = _POLICE.get(caractere, _POLICE[" "]).split()
            for r, ligne in enumerate(lignes):
                for c, bit in enumerate(ligne):
                    if bit == "1":
                        base_x, base_y = x + (6 * i + c) * echelle, y + r * echelle
                        self.rectangle(base_x, base_y, base_x + echelle, base_y + echelle,
                                       couleur)

    def texte_centre(self, cx: int, y: int, texte: str, couleur: Couleur,
                     echelle: int = 2) -> None:
        self.texte(cx - len(texte) * 6 * echelle // 2, y, texte, couleur, echelle)

    def png(self) -> bytes:
        brut = b"".join(b"\x00" + bytes(ligne) for ligne in self.pixels)

        def bloc(type_: bytes, donnees: bytes) -> bytes:
            return (struct.pack(">I", len(donnees)) + type_ + donnees
                    + struct.pack(">I", zlib.crc32(type_ + donnees) & 0xFFFFFFFF))

        entete = struct.pack(">IIBBBBB", self.largeur, self.hauteur, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + bloc(b"IHDR", entete)
                + bloc(b"IDAT", zlib.compress(brut, 9)) + bloc(b"IEND", b""))


def _boite(toile: Toile, cx: int, y: int, lignes: list[str], largeur: int = 300,
           fond: Couleur = BLEU_CLAIR) -> tuple[int, int, int]:
    """A box centred on ``cx``; returns (centre x, top y, bottom y)."""
    hauteur = 16 + 22 * len(lignes)
    toile.rectangle(cx - largeur // 2, y, cx + largeur // 2, y + hauteur, fond)
    toile.rectangle(cx - largeur // 2, y, cx + largeur // 2, y + hauteur, BLEU, plein=False)
    for i, ligne in enumerate(lignes):
        toile.texte_centre(cx, y + 10 + 22 * i, ligne, BLEU)
    return cx, y, y + hauteur


def _arbre(toile: Toile, parent: tuple[int, int, int],
           enfants: list[tuple[int, int, int]]) -> None:
    """Connectors from the bottom of ``parent`` to the top of each child."""
    px, _, bas = parent
    haut = min(e[1] for e in enfants)
    milieu = (bas + haut) // 2
    toile.trait(px, bas, px, milieu, GRIS)
    toile.trait(min(e[0] for e in enfants), milieu, max(e[0] for e in enfants), milieu, GRIS)
    for ex, ey, _ in enfants:
        toile.trait(ex, milieu, ex, ey, GRIS)


def organigramme_gestionnaire() -> bytes:
    toile = Toile(1400, 640)
    toile.texte_centre(700, 30, "ASSOCIATION MEU & GARUN DOMICILE", BLEU, 3)
    ca = _boite(toile, 700, 90, ["CONSEIL D'ADMINISTRATION", "(14 MEMBRES)"], 420)
    bureau = _boite(toile, 700, 210, ["BUREAU - PRESIDENTE"], 420)
    _arbre(toile, ca, [bureau])
    direction = _boite(toile, 700, 320, ["DIRECTRICE GENERALE"], 420, (255, 236, 179))
    _arbre(toile, bureau, [direction])
    services = [
        _boite(toile, 190, 470, ["SAD MEU & GARUN", "(PRESTATAIRE)"], 300),
        _boite(toile, 530, 470, ["PORTAGE DE REPAS"], 300),
        _boite(toile, 870, 470, ["RESSOURCES", "HUMAINES"], 300),
        _boite(toile, 1210, 470, ["COMPTABILITE", "ET PAIE"], 300),
    ]
    _arbre(toile, direction, services)
    toile.texte_centre(700, 600, "EXEMPLE FICTIF", GRIS)
    return toile.png()


def organigramme_service() -> bytes:
    toile = Toile(1400, 580)
    toile.texte_centre(700, 30, "SAD MEU & GARUN - ORGANISATION", BLEU, 3)
    responsable = _boite(toile, 700, 90, ["RESPONSABLE DE SERVICE", "1 ETP"], 440,
                         (255, 236, 179))
    secteurs = [
        _boite(toile, 240, 240, ["SECTEUR MONTFORT", "RESPONSABLE DE SECTEUR"], 400),
        _boite(toile, 700, 240, ["SECTEUR SAINT-MEEN", "RESPONSABLE DE SECTEUR"], 400),
        _boite(toile, 1160, 240, ["SECTEUR RENNES OUEST", "RESPONSABLE DE SECTEUR"], 400),
    ]
    _arbre(toile, responsable, secteurs)
    for secteur, etp in zip(secteurs, ("16 ETP", "12 ETP", "14 ETP"), strict=True):
        equipe = _boite(toile, secteur[0], 420, ["INTERVENANTS", "A DOMICILE", etp], 320)
        _arbre(toile, secteur, [equipe])
    support = _boite(toile, 1180, 90, ["PLANNING - ASTREINTE", "ACCUEIL 3.8 ETP"], 380)
    toile.trait(responsable[0] + 220, 120, support[0] - 190, 120, GRIS)
    toile.texte_centre(700, 540, "EXEMPLE FICTIF", GRIS)
    return toile.png()


def logo(sigle: str, nom: str, couleur: Couleur) -> bytes:
    toile = Toile(420, 160)
    toile.rectangle(0, 0, 160, 160, couleur)
    toile.texte_centre(80, 58, sigle, BLANC, 5)
    toile.texte(180, 50, nom.split("|")[0], couleur, 3)
    toile.texte(180, 90, nom.split("|")[1], couleur, 3)
    return toile.png()


def ecrire(dossier: Path) -> list[Path]:
    """Write the four PNG files of the sample into ``dossier``."""
    dossier.mkdir(parents=True, exist_ok=True)
    fichiers = {
        "logo-departement.png": logo("35", "DEPARTEMENT|EXEMPLE", VERT),
        "logo-gestionnaire.png": logo("MG", "MEU & GARUN|DOMICILE", BLEU),
        "organigramme-gestionnaire.png": organigramme_gestionnaire(),
        "organigramme-service.png": organigramme_service(),
    }
    chemins = []
    for nom, contenu in fichiers.items():
        chemin = dossier / nom
        chemin.write_bytes(contenu)
        chemins.append(chemin)
    return chemins
