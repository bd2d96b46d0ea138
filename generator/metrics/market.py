"""Market and emission metrics: pool price, market cap, liquidity, TAO injected, emission share and rank.

Unknown inputs give NaN, never 0; root is scored but excluded from shares and ranks (DOMAIN.md).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from generator.constants import ALPHA_SUPPLY_CAP, RAO_PER_TAO, SECONDS_PER_DAY
from generator.metrics import applicability
from generator.metrics import units as u
from generator.metrics.registry import Metric, add, metric


def blocks_per_day(block_time_seconds: float) -> float:
    """D = 86,400 / block time in seconds"""
    return SECONDS_PER_DAY / block_time_seconds


# --- market ------------------------------------------------------------------------------------


def pool_ratio(tao_in_rao: pd.Series, alpha_in_rao: pd.Series) -> pd.Series:
    """tao_in / alpha_in (unknown for an empty pool)"""
    return tao_in_rao / alpha_in_rao.where(alpha_in_rao > 0)


@metric(
    "price_tao",
    "Price",
    u.TAO_PER_ALPHA,
    "Where a source lacks the swap price, the pool ratio tao_in / alpha_in is used and labelled "
    "'pool ratio'; the two differ when liquidity positions sit in the pool.",
)
def price_tao(swap_price_tao: pd.Series, tao_in_rao: pd.Series, alpha_in_rao: pd.Series) -> pd.Series:
    """p = the chain's swap price (current_alpha_price_all); where absent, tao_in / alpha_in"""
    return swap_price_tao.fillna(pool_ratio(tao_in_rao, alpha_in_rao))


add(
    Metric(
        "price_reason",
        "Why there is no price",
        u.TEXT,
        "null when the price is known; else one of: "
        + "; ".join((applicability.ROOT, applicability.NOT_TRADING, applicability.PRICE_UNKNOWN)),
        "Market cap, FDV and the value paid in TAO and USD rest on the price and share its reason. Not applicable "
        "is shown as —, unknown as unknown; neither is ever 0.",
    )
)
add(
    Metric(
        "excess_captured",
        "Excess TAO captured",
        u.FLAG,
        "excess_tao is known for this subnet in this edition",
        "Where false (every edition before June 2026), TAO injected per day counts tao_in_emission only, and the "
        "network total says so: totals of editions with different bases are not comparable.",
    )
)
add(
    Metric(
        "emission_rank_reason",
        "Why there is no emission rank",
        u.TEXT,
        "null when ranked; else one of: "
        + "; ".join((applicability.ROOT, applicability.NO_INJECTION, applicability.SHARE_UNKNOWN)),
    )
)


def price_source(swap_price_tao: pd.Series, tao_in_rao: pd.Series, alpha_in_rao: pd.Series) -> pd.Series:
    """Name where each price comes from: "swap", "pool ratio" or None (unknown)."""
    ratio_known = pool_ratio(tao_in_rao, alpha_in_rao).notna()
    # np.where takes None (as an object); numpy's stubs leave None out of ArrayLike, hence the ignore.
    source = np.where(swap_price_tao.notna(), "swap", np.where(ratio_known, "pool ratio", None))  # type: ignore[call-overload]
    return pd.Series(source, index=swap_price_tao.index, dtype=object)


@metric(
    "market_cap_tao",
    "Market cap",
    u.TAO,
    "metagraph.sh uses the swap price × total staked alpha, which leaves the pool's alpha out; its figures are lower.",
)
def market_cap_tao(price: pd.Series, alpha_in_rao: pd.Series, alpha_out_rao: pd.Series) -> pd.Series:
    """p × (alpha_in + alpha_out) / 1e9"""
    return price * (alpha_in_rao + alpha_out_rao) / RAO_PER_TAO


@metric("fdv_tao", "Fully diluted value", u.TAO)
def fdv_tao(price: pd.Series) -> pd.Series:
    """p × 21,000,000"""
    return price * ALPHA_SUPPLY_CAP


@metric("liquidity_tao", "Liquidity", u.TAO)
def liquidity_tao(tao_in_rao: pd.Series) -> pd.Series:
    """2 × tao_in / 1e9"""
    return 2 * tao_in_rao / RAO_PER_TAO


# --- emissions -----------------------------------------------------------------------------------


@metric(
    "tao_per_day",
    "TAO injected per day",
    u.TAO_PER_DAY,
    "An instantaneous rate at the snapshot block, not realised history. excess_tao counts as 0 "
    "where the chain reports none; unknown when tao_in_emission is.",
)
def tao_per_day(tao_in_emission_rao: pd.Series, excess_tao_rao: pd.Series, blocks: float) -> pd.Series:
    """(tao_in_emission + excess_tao) × D / 1e9"""
    # NaN + 0 stays NaN: a missing excess_tao only counts as 0 when tao_in_emission is known
    return (tao_in_emission_rao + excess_tao_rao.fillna(0)) * blocks / RAO_PER_TAO


@metric(
    "emission_share",
    "Emission share",
    u.SHARE,
    "Root is excluded. If any subnet's injection is unknown, every share is unknown: the denominator cannot be known.",
)
def emission_share(tao_per_day: pd.Series, is_root: pd.Series) -> pd.Series:
    """a subnet's TAO injected per day ÷ the sum over all subnets (root excluded)"""
    subnets = tao_per_day[~is_root]
    total = subnets.sum()
    if subnets.empty or subnets.isna().any() or total <= 0:
        return pd.Series(math.nan, index=tao_per_day.index)
    return (subnets / total).reindex(tao_per_day.index)


@metric(
    "emission_rank",
    "Emission rank",
    u.RANK,
    "Ties are broken by netuid. A subnet receiving no TAO has no rank (shown as —, null with "
    "emission_rank_reason in the open data): ordering those by netuid would mean nothing.",
)
def emission_rank(share: pd.Series) -> pd.Series:
    """position by emission share among subnets with a share above 0, largest first, ties by netuid"""
    ordered = share[share > 0].sort_index().sort_values(ascending=False, kind="stable")
    ranks = pd.Series(np.arange(1, len(ordered) + 1), index=ordered.index)
    return ranks.reindex(share.index).astype("Int64")


@metric(
    "net_flow_tao_per_day",
    "Net TAO flow (EMA) per day",
    u.TAO_PER_DAY,
    "Negative means TAO is leaving the subnet's pool.",
)
def net_flow_tao_per_day(ema_tao_flow_rao: pd.Series, blocks: float) -> pd.Series:
    """SubnetEmaTaoFlow × D / 1e9"""
    return ema_tao_flow_rao * blocks / RAO_PER_TAO


@metric("epochs_per_day", "Epochs per day", u.EPOCHS_PER_DAY)
def epochs_per_day(tempo: pd.Series, blocks: float) -> pd.Series:
    """D / (tempo + 1)"""
    return blocks / (tempo + 1)
