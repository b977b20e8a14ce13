"""Contract calendar arithmetic shared by validation and compute (pure functions)."""

from __future__ import annotations

from datetime import date, timedelta


def ajouter_mois(jour: date, mois: int) -> date:
    """Same day ``mois`` months later (clamped to the month's last day)."""
    total = jour.month - 1 + mois
    annee, mois_ = jour.year + total // 12, total % 12 + 1
    for j in (jour.day, 30, 29, 28):
        try:
            return date(annee, mois_, j)
        except ValueError:
            continue
    raise ValueError(jour)  # pragma: no cover


def date_fin(date_effet: date, duree_annees: int | None, fin: date | None) -> date:
    """Last day of the contract: given, or ``duree_annees`` after the effective date."""
    if fin is not None:
        return fin
    assert duree_annees is not None
    return ajouter_mois(date_effet, 12 * duree_annees) - timedelta(days=1)


def duree_en_mois(debut: date, fin: date) -> float:
    """Length of [debut, fin] in months (fin inclusive), fractional."""
    lendemain = fin + timedelta(days=1)
    mois = (lendemain.year - debut.year) * 12 + lendemain.month - debut.month
    return mois + (lendemain.day - debut.day) / 30


def annees_du_contrat(debut: date, fin: date) -> list[int]:
    """Calendar years the contract covers, in order."""
    return list(range(debut.year, fin.year + 1))
