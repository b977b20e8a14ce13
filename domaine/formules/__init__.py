"""Financial formulas of the variants, on Decimal: each figure of an annex is computed
here once, for the rules that check it (``schemas``) and the annexes that print it
(``generator.compute``)."""

from __future__ import annotations

from decimal import Decimal


def ratio(numerateur: Decimal | int | None, denominateur: Decimal | int | None) -> Decimal | None:
    """numerateur / denominateur, or None (printed « — ») when undefined."""
    if numerateur is None or not denominateur:
        return None
    return Decimal(numerateur) / Decimal(denominateur)
