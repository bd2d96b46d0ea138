"""Who earns inside a subnet: per-neuron figures and concentration over miners' coldkeys.

The functions here see one subnet at a time. Concentration functions take the daily alpha of
each holder (one value per coldkey) and return NaN when nothing is earned or a figure is unknown:
an empty or all-zero distribution has no concentration, and NaN is never reported as 0.
`generator.metrics.scorecard` registers them in the scorecard's metric registry.
"""

from __future__ import annotations

import math
from typing import TypeAlias

import numpy as np
import pandas as pd

from generator.constants import RAO_PER_TAO

EARNINGS_COLUMNS = ("coldkey", "uids", "daily_alpha", "share")
Values: TypeAlias = pd.Series | np.ndarray  # one subnet's amounts or flags, as a column or a plain array


def as_floats(values: pd.Series) -> pd.Series:
    """Return a column as float64, unknowns (None, <NA>) as NaN."""
    return pd.to_numeric(values, errors="coerce").astype("float64")


def neuron_daily_alpha(emission_rao: pd.Series, epochs_per_day: float) -> pd.Series:
    """emission × epochs per day / 1e9"""
    return emission_rao.astype("float64") * epochs_per_day / RAO_PER_TAO


def _amounts(amounts: Values) -> np.ndarray | None:
    """Return the amounts as floats, or None when any is unknown or nothing is earned."""
    values = np.asarray(amounts, dtype="float64")
    if values.size == 0 or np.isnan(values).any() or values.sum() <= 0:
        return None
    return values


def gini(amounts: Values) -> float:
    """G = Σᵢ (2i − n − 1)·xᵢ ÷ (n·Σx), x = daily alpha per miner coldkey sorted ascending, i = 1..n (non-earning coldkeys count as 0)"""
    values = _amounts(amounts)
    if values is None:
        return math.nan
    values = np.sort(values)
    n = values.size
    weights = 2 * np.arange(1, n + 1) - n - 1
    return float((weights * values).sum() / (n * values.sum()))


def top_share(amounts: Values, k: int) -> float:
    """Return the share of the total held by the k largest holders."""
    values = _amounts(amounts)
    if values is None:
        return math.nan
    return float(np.sort(values)[::-1][:k].sum() / values.sum())


def top1_share(amounts: Values) -> float:
    """largest coldkey's daily alpha ÷ all miners' daily alpha"""
    return top_share(amounts, 1)


def top10_share(amounts: Values) -> float:
    """ten largest coldkeys' daily alpha ÷ all miners' daily alpha"""
    return top_share(amounts, 10)


def hhi(amounts: Values) -> float:
    """HHI = Σ sᵢ², sᵢ = each holder's share of the total (1 = one holder takes all)"""
    values = _amounts(amounts)
    if values is None:
        return math.nan
    shares = values / values.sum()
    return float((shares**2).sum())


def effective_number(amounts: Values) -> float:
    """1 ÷ HHI: the number of equal holders that would give the same concentration"""
    index = hhi(amounts)
    return math.nan if math.isnan(index) else 1.0 / index


def nakamoto(amounts: Values) -> float:
    """fewest coldkeys whose daily alpha together is more than 50 % of all miners' daily alpha"""
    values = _amounts(amounts)
    if values is None:
        return math.nan
    cumulative = np.cumsum(np.sort(values)[::-1])
    # strictly more than half: argmax finds the first holder that tips the balance
    return float(np.argmax(cumulative > values.sum() / 2) + 1)


def owner_capture(miner_alpha: Values, is_owner: Values) -> float:
    """daily alpha of miner uids whose hotkey or coldkey is the owner's ÷ all miners' daily alpha"""
    values = _amounts(miner_alpha)
    if values is None:
        return math.nan
    return float(values[np.asarray(is_owner, dtype=bool)].sum() / values.sum())


def earning_miners(miner_emission_rao: Values) -> float:
    """miners with emission > 0 (unknown when any miner's emission is)"""
    emission = np.asarray(miner_emission_rao, dtype="float64")
    if np.isnan(emission).any():
        return math.nan
    return float((emission > 0).sum())


def coldkey_sums(coldkeys: np.ndarray, daily_alpha: np.ndarray) -> np.ndarray:
    """Each miner coldkey's daily alpha, largest first (all unknown if any miner's is: a partial sum would understate)."""
    codes, keys = pd.factorize(coldkeys, sort=True)
    if np.isnan(daily_alpha).any():
        return np.full(len(keys), np.nan)
    return np.sort(np.bincount(codes, daily_alpha, len(keys)))[::-1]


def coldkey_table(miners: pd.DataFrame) -> pd.DataFrame:
    """Aggregate miners' `daily_alpha` by coldkey: coldkey, uids (count), daily_alpha, share.

    If any miner's daily alpha is unknown, every coldkey's is: a partial sum would understate.
    Sorted by daily alpha (largest first), then coldkey.
    """
    return coldkey_table_of(
        miners["coldkey"].to_numpy(dtype=object), miners["daily_alpha"].to_numpy(dtype="float64", na_value=np.nan)
    )


def coldkey_table_of(coldkeys: np.ndarray, alpha: np.ndarray) -> pd.DataFrame:
    """`coldkey_table` of miners given as arrays: each one's coldkey and daily alpha (NaN = unknown)."""
    if len(coldkeys) == 0:
        return pd.DataFrame(
            {
                name: pd.Series(dtype=dtype)
                for name, dtype in zip(EARNINGS_COLUMNS, ("str", "int64", "float64", "float64"))
            }
        )
    # factorize + bincount: this runs for every subnet of every edition, and groupby().agg is slow
    codes, keys = pd.factorize(coldkeys, sort=True)
    uids = np.bincount(codes, minlength=len(keys))
    daily = np.full(len(keys), np.nan) if np.isnan(alpha).any() else np.bincount(codes, alpha, len(keys))
    total = daily.sum()
    order = np.argsort(-daily, kind="stable")  # keys are sorted, so ties stay in coldkey order
    return pd.DataFrame(
        {
            "coldkey": np.asarray(keys, dtype=object)[order],
            "uids": uids[order].astype("int64"),
            "daily_alpha": daily[order],
            "share": daily[order] / total if total > 0 else np.full(len(keys), np.nan),
        }
    )
