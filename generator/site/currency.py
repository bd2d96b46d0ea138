"""TAO figures in US dollars, where the edition captured a TAO/USD price (shown beside the TAO figure)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from generator import format as fmt
from generator.metrics import units as u
from generator.metrics.scorecard import METRICS

# the USD unit of each TAO unit: an amount, a per-day rate, a price per alpha
USD_UNITS = {u.TAO.name: u.USD, u.TAO_PER_DAY.name: u.USD_PER_DAY, u.TAO_PER_ALPHA.name: u.USD}
STORAGE_KEY = "subnet-report.currency"


def usd_equivalent(tao_amount: float | None, tao_usd: float | None) -> float | None:
    """TAO figure × TAO/USD at the edition's block; None when either is unknown (None, NaN)."""
    if tao_usd is None or tao_amount is None or fmt.is_unknown(tao_amount):
        return None
    return float(tao_amount) * tao_usd


def usd_text(key: str, value: float | None, tao_usd: float | None) -> str:
    """Format a TAO figure's USD equivalent in the matching USD unit ("" for non-TAO figures or unknown)."""
    unit = USD_UNITS.get(METRICS[key].unit.name)
    amount = usd_equivalent(value, tao_usd)
    return "" if unit is None or amount is None else unit.format(amount)


def with_usd(items: list, card: pd.Series, tao_usd: float | None) -> list:
    """Give each cell or figure (with `key`, `value`, `usd`) of a TAO figure its USD equivalent."""
    if tao_usd is None:
        return items
    return [
        replace(item, usd=usd_text(item.key, card[item.key], tao_usd))
        if item.value not in (fmt.UNKNOWN, u.NOT_APPLICABLE)
        else item
        for item in items
    ]


def price_line(tao_usd: float | None, block: int) -> str:
    """Say which TAO/USD price the USD figures use ("" without one)."""
    if tao_usd is None:
        return ""
    return f"USD figures use {fmt.usd(tao_usd)} per TAO, the price captured at block {fmt.count(block)}."
