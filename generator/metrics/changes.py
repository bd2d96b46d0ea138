"""The network as a whole, and what changed between two editions' scorecards.

`generator.metrics.scorecard` registers these formulas and re-exports `network_summary` and `changes`.
"""

from __future__ import annotations

import math

import pandas as pd

from generator.metrics import concentration
from generator.metrics.concentration import as_floats as _floats
from generator.model import lives


def top5_share(tao_per_day: pd.Series) -> float:
    """five largest subnets' TAO injected per day ÷ all subnets' (root excluded)"""
    return concentration.top_share(tao_per_day, 5)


def share_change_points(share: pd.Series, previous_share: pd.Series) -> pd.Series:
    """(emission share − previous emission share) × 100"""
    return (share - previous_share) * 100


def percent_change(value: pd.Series, previous_value: pd.Series) -> pd.Series:
    """(value ÷ previous value − 1) × 100"""
    return (value / previous_value.where(previous_value > 0) - 1) * 100


def rank_change(rank: pd.Series, previous_rank: pd.Series) -> pd.Series:
    """previous emission rank − emission rank"""
    return (previous_rank - rank).astype("Int64")


def _column(cards: pd.DataFrame, key: str) -> pd.Series:
    """Return a column as floats, all unknown when the cards predate it."""
    return _floats(cards[key]) if key in cards else pd.Series(math.nan, index=cards.index)


def network_summary(cards: pd.DataFrame) -> dict:
    """Summarise one edition's scorecards: totals and how concentrated emissions are (root excluded).

    Keys: subnets, unknown_injection_subnets, total_tao_per_day, total_basis, top5_share,
    emission_hhi, effective_subnets, zero_injection_subnets, negative_flow_subnets. A total, count or
    concentration is NaN when any subnet's figure behind it is unknown. `total_basis` says what the
    total counts: totals of editions with different bases are not comparable.
    """
    subnets = cards[~cards["is_root"].astype(bool)]
    injection = _floats(subnets["tao_per_day"])
    flow = _floats(subnets["net_flow_tao_per_day"])
    unknown = int(injection.isna().sum())
    return {
        "subnets": len(subnets),
        "unknown_injection_subnets": unknown,
        "total_tao_per_day": float(injection.sum()) if unknown == 0 else math.nan,
        "total_basis": injection_basis(subnets),
        "top5_share": top5_share(injection),
        "emission_hhi": concentration.hhi(injection),
        "effective_subnets": concentration.effective_number(injection),
        "zero_injection_subnets": _count(injection == 0, injection),
        "negative_flow_subnets": _count(flow < 0, flow),
    }


WITH_EXCESS = "tao_in_emission plus excess TAO"
WITHOUT_EXCESS = "tao_in_emission only: excess TAO not captured in this edition"


def injection_basis(subnets: pd.DataFrame) -> str:
    """Say what a network total of TAO injected counts: with excess TAO, or without where it was not captured."""
    if "excess_captured" in subnets and not subnets["excess_captured"].astype(bool).all():
        return WITHOUT_EXCESS
    return WITH_EXCESS


def _count(condition: pd.Series, values: pd.Series) -> float:
    """Count where `condition` holds; NaN when any value is unknown (the count could be higher)."""
    return math.nan if values.isna().any() else float(condition.sum())


def changes(cards: pd.DataFrame, previous_cards: pd.DataFrame, previous_block: int | None = None) -> pd.DataFrame:
    """Compare scorecards with the previous edition's (at `previous_block`), per netuid of `cards`.

    Columns: share_change_points, price_change_pct, market_cap_change_pct, rank_change (positive =
    moved up). NaN where either side is unknown, or the subnet is new: absent before, younger than
    before, or another life of the netuid (generator/model/lives.py::continues).
    """
    before = previous_cards.reindex(cards.index)
    age_now, age_before = _floats(cards["age_days"]), _floats(before["age_days"])
    other_life = [
        not lives.continues(now, was, previous_block)
        for now, was in zip(_column(cards, "registered_at_block"), _column(before, "registered_at_block"))
    ]
    new = ~cards.index.isin(previous_cards.index) | (age_now < age_before) | pd.Series(other_life, index=cards.index)
    result = pd.DataFrame(
        {
            "share_change_points": share_change_points(
                _floats(cards["emission_share"]), _floats(before["emission_share"])
            ),
            "price_change_pct": percent_change(_floats(cards["price_tao"]), _floats(before["price_tao"])),
            "market_cap_change_pct": percent_change(
                _floats(cards["market_cap_tao"]), _floats(before["market_cap_tao"])
            ),
            "rank_change": rank_change(_floats(cards["emission_rank"]), _floats(before["emission_rank"])),
        },
        index=cards.index,
    )
    return result.mask(pd.Series(new, index=cards.index))
