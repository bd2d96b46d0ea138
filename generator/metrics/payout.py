"""Who the participants' alpha reaches: the owner, miners, validators, or nobody (burned miner emission).

`generator.metrics.scorecard` registers these formulas. The chain emits `alpha_out_emission` for participants
and splits it 18 % owner, 41 % miners, 41 % validators; on runtimes with `MinerBurned` a share of the
miners' 41 % is burned and reaches no key: it is neither pay nor owner capture. Where a capture lacks
the burn (every capture before 2026-08-07) the burned amount is unknown, the miners' and total pay
are the amounts before any burn, and `burn_captured` says so.
"""

from __future__ import annotations

import math

import pandas as pd

from generator.constants import OWNER_CUT, RAO_PER_TAO
from generator.metrics.concentration import as_floats as _floats

NOT_CAPTURED = "burn not captured in this edition: the amount before any burn"


def alpha_emitted_per_day(alpha_out_emission_rao: pd.Series, blocks: float) -> pd.Series:
    """alpha_out_emission × D / 1e9 (owner, miners and validators together, before any burn)"""
    return alpha_out_emission_rao * blocks / RAO_PER_TAO


def owner_alpha_per_day(alpha_emitted: pd.Series) -> pd.Series:
    """alpha emitted per day × 11,796 / 65,535 (the owner's 18 %)"""
    return alpha_emitted * OWNER_CUT


def miner_share_per_day(alpha_emitted: pd.Series) -> pd.Series:
    """(alpha emitted per day − owner's alpha per day) ÷ 2 (the miners' 41 %, before any burn)"""
    return (alpha_emitted - owner_alpha_per_day(alpha_emitted)) / 2


def validator_alpha_per_day(alpha_emitted: pd.Series) -> pd.Series:
    """(alpha emitted per day − owner's alpha per day) ÷ 2"""
    return (alpha_emitted - owner_alpha_per_day(alpha_emitted)) / 2


def miner_burned_alpha_per_day(alpha_emitted: pd.Series, burned_fraction: pd.Series) -> pd.Series:
    """miners' 41 % × miner_burned_fraction (unknown where the capture lacks the burn)"""
    return miner_share_per_day(alpha_emitted) * burned_fraction


def miner_alpha_per_day(alpha_emitted: pd.Series, burned_fraction: pd.Series) -> pd.Series:
    """miners' 41 % − burned miner alpha per day (a burn not captured counts as none; see burn_captured)"""
    return miner_share_per_day(alpha_emitted) * (1 - burned_fraction.fillna(0.0))


def alpha_paid_per_day(alpha_emitted: pd.Series, burned_fraction: pd.Series) -> pd.Series:
    """alpha emitted per day − burned miner alpha per day (a burn not captured counts as none; see burn_captured)"""
    return alpha_emitted - miner_share_per_day(alpha_emitted) * burned_fraction.fillna(0.0)


def burn_captured(burned_fraction: pd.Series) -> pd.Series:
    """miner_burned_fraction is known"""
    return _floats(burned_fraction).notna()


def network_burn(cards: pd.DataFrame) -> dict:
    """Sum miners' alpha before the burn and the burned alpha over subnets (root excluded).

    Keys: miner_alpha_before_burn_per_day, miner_burned_alpha_per_day, miner_burned_share (burned ÷
    before the burn). The burned figures are NaN when any subnet's burn is unknown.
    """
    subnets = cards[~cards["is_root"].astype(bool)]
    before = miner_share_per_day(_floats(subnets["alpha_emitted_per_day"]))
    burned = _floats(subnets["miner_burned_alpha_per_day"])
    total_before = float(before.sum(skipna=False))
    total_burned = float(burned.sum(skipna=False))
    share = total_burned / total_before if total_before > 0 else math.nan
    return {
        "miner_alpha_before_burn_per_day": total_before,
        "miner_burned_alpha_per_day": total_burned,
        "miner_burned_share": share,
    }
