"""DOCX files as zip members: read with their compressed bytes, written back with fixed
timestamps. A member left untouched by the rendering is copied without recompression,
and the same members always give the same bytes (deterministic documents)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

_DATE_DOS = (0, (0 << 9) | (1 << 5) | 1)  # 1980-01-01 00:00:00 (time, date)
_PARSEUR_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def arbre(xml: str) -> Any:
    """The tree of a part's XML text, read strictly: no entity resolved, no network,
    lxml's limits of depth and size (``XMLSyntaxError`` beyond them)."""
    return etree.fromstring(xml.encode("utf-8"), _PARSEUR_STRICT)


@dataclass(frozen=True)
class Membre:
    """A zip member: its name and its compressed bytes."""

    nom: str
    methode: int
    crc: int
    taille: int
    donnees: bytes  # compressed (or stored) bytes

    @classmethod
    def nouveau(cls, nom: str, contenu: bytes) -> Membre:
        compresseur = zlib.compressobj(6, zlib.DEFLATED, -15)
        donnees = compresseur.compress(contenu) + compresseur.flush()
        return cls(nom, zipfile.ZIP_DEFLATED, zlib.crc32(contenu), len(contenu), donnees)


def lire_membres(octets: bytes) -> list[Membre]:
    """Every member of a zip, in order, with its raw compressed bytes."""
    membres = []
    with zipfile.ZipFile(io.BytesIO(octets)) as archive:
        for info in archive.infolist():
            entete = octets[info.header_offset:info.header_offset + zipfile.sizeFileHeader]
            champs = struct.unpack(zipfile.structFileHeader, entete)
            debut = (info.header_offset + zipfile.sizeFileHeader
                     + champs[zipfile._FH_FILENAME_LENGTH]
                     + champs[zipfile._FH_EXTRA_FIELD_LENGTH])
            membres.append(Membre(info.filename, info.compress_type, info.CRC, info.file_size,
                                  octets[debut:debut + info.compress_size]))
    return membres


def ecrire_membres(membres: Iterable[Membre]) -> bytes:
    """A zip of ``membres`` with fixed timestamps: same members, same bytes."""
    sortie = io.BytesIO()
    central = []
    for membre in membres:
        nom = membre.nom.encode("utf-8")
        drapeaux = 0x800 if not membre.nom.isascii() else 0
        decalage = sortie.tell()
        sortie.write(struct.pack(zipfile.structFileHeader, zipfile.stringFileHeader, 20, 0,
                                 drapeaux, membre.methode, *_DATE_DOS, membre.crc,
                                 len(membre.donnees), membre.taille, len(nom), 0))
        sortie.write(nom)
        sortie.write(membre.donnees)
        central.append(struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, 20, 0,
                                   20, 0, drapeaux, membre.methode, *_DATE_DOS, membre.crc,
                                   len(membre.donnees), membre.taille, len(nom), 0, 0, 0, 0,
                                   0, decalage) + nom)
    debut = sortie.tell()
    for entree in central:
        sortie.write(entree)
    taille = sortie.tell() - debut
    sortie.write(struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0,
                             len(central), len(central), taille, debut, 0))
    return sortie.getvalue()


def normaliser(octets: bytes) -> bytes:
    """The same DOCX (or any zip) with fixed timestamps: deterministic bytes."""
    return ecrire_membres(lire_membres(octets))


def lire(membres: list[Membre], nom: str) -> bytes:
    """The uncompressed content of member ``nom``."""
    membre = next(m for m in membres if m.nom == nom)
    if membre.methode == zipfile.ZIP_STORED:
        return membre.donnees[:membre.taille]
    decompresseur = zlib.decompressobj(-15)
    contenu = decompresseur.decompress(membre.donnees, membre.taille + 1)  # never past
    if len(contenu) > membre.taille:  # the declared size, checked before (load.limites)
        raise zipfile.BadZipFile(f"partie {nom} plus grande que sa taille déclarée")
    return contenu
