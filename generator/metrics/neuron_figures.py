"""Scorecard figures measured from a subnet's neuron table (counts, miners' alpha, concentration).

`generator.metrics.scorecard` registers the formulas and assembles them into the scorecard.
"""

from __future__ import annotations

import math

import pandas as pd

from generator.metrics import concentration
from generator.model.snapshot import Snapshot


def measured_miner_alpha_per_day(miner_daily_alpha: pd.Series) -> float:
    """Σ neuron daily alpha over miners (validator_permit false)"""
    return float(miner_daily_alpha.sum(skipna=False))


def miners(validator_permit: pd.Series) -> int:
    """uids with validator_permit false"""
    return int((~validator_permit.astype(bool)).sum())


def validators(validator_permit: pd.Series) -> int:
    """uids with validator_permit true"""
    return int(validator_permit.astype(bool).sum())


NEURON_FIGURES = (
    "measured_miner_alpha_per_day",
    "miners",
    "validators",
    "earning_miners",
    "miner_gini",
    "top1_share",
    "top10_share",
    "miner_hhi",
    "effective_earners",
    "nakamoto",
    "owner_capture",
    "registered_uids",
)
# The scorecard fields computed from the neuron tables: these figures (registered uids only feed the
# slots) and the two shares made of them (generator/metrics/scorecard.py)
SCORECARD_FIELDS = (frozenset(NEURON_FIGURES) - {"registered_uids"}) | {"earning_miner_share", "slots_used"}


def with_daily_alpha(neurons: pd.DataFrame, epochs: pd.Series) -> pd.DataFrame:
    """Add each neuron's `daily_alpha`, using its subnet's epochs per day."""
    return neurons.assign(
        daily_alpha=concentration.neuron_daily_alpha(
            neurons["emission_rao"], neurons["netuid"].map(epochs).astype("float64")
        )
    )


def subnet_neuron_metrics(neurons: pd.DataFrame, owner_hotkey: str | None, owner_coldkey: str | None) -> dict:
    """Compute the metagraph-based figures of one subnet from its neurons (with daily alpha)."""
    miner_rows = neurons[~neurons["validator_permit"].astype(bool)]
    by_coldkey = concentration.coldkey_table(miner_rows)["daily_alpha"]
    is_owner = miner_rows["hotkey"].eq(owner_hotkey) | miner_rows["coldkey"].eq(owner_coldkey)
    owner_known = owner_hotkey is not None or owner_coldkey is not None
    return {
        "measured_miner_alpha_per_day": measured_miner_alpha_per_day(miner_rows["daily_alpha"]),
        "miners": miners(neurons["validator_permit"]),
        "validators": validators(neurons["validator_permit"]),
        "earning_miners": concentration.earning_miners(miner_rows["emission_rao"]),
        "miner_gini": concentration.gini(by_coldkey),
        "top1_share": concentration.top1_share(by_coldkey),
        "top10_share": concentration.top10_share(by_coldkey),
        "miner_hhi": concentration.hhi(by_coldkey),
        "effective_earners": concentration.effective_number(by_coldkey),
        "nakamoto": concentration.nakamoto(by_coldkey),
        "owner_capture": concentration.owner_capture(miner_rows["daily_alpha"], is_owner) if owner_known else math.nan,
        "registered_uids": len(neurons),
    }


def neuron_metrics(snapshot: Snapshot, epochs: pd.Series) -> pd.DataFrame:
    """Return the metagraph-based figures per netuid (NaN rows for subnets without a neuron table)."""
    neurons = with_daily_alpha(snapshot.neurons, epochs)
    rows = {
        netuid: subnet_neuron_metrics(
            group, snapshot.subnet(netuid).owner_hotkey, snapshot.subnet(netuid).owner_coldkey
        )
        for netuid, group in neurons.groupby("netuid")
    }
    return pd.DataFrame.from_dict(rows, orient="index").reindex(index=epochs.index, columns=list(NEURON_FIGURES))


def coldkey_tables(snapshot: Snapshot, epochs: pd.Series) -> dict[int, pd.DataFrame]:
    """List every subnet's miners by coldkey, given each subnet's epochs per day (daily alpha computed once)."""
    neurons = with_daily_alpha(snapshot.neurons, epochs)
    miner_rows = neurons[~neurons["validator_permit"].astype(bool)]
    tables = {int(netuid): concentration.coldkey_table(group) for netuid, group in miner_rows.groupby("netuid")}
    empty = concentration.coldkey_table(miner_rows.iloc[:0])
    return {int(netuid): tables.get(int(netuid), empty) for netuid in snapshot.subnets.index}
