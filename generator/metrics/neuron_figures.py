"""Scorecard figures measured from a subnet's neuron table (counts, miners' alpha, concentration).

`generator.metrics.scorecard` registers the formulas and assembles them into the scorecard.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pandas as pd

from generator.metrics import concentration
from generator.metrics.concentration import Values
from generator.model.snapshot import Snapshot


def measured_miner_alpha_per_day(miner_daily_alpha: Values) -> float:
    """Σ neuron daily alpha over miners (validator_permit false)"""
    return float(np.asarray(miner_daily_alpha, dtype="float64").sum())  # one unknown makes the sum unknown


def miners(validator_permit: Values) -> int:
    """uids with validator_permit false"""
    return int((~np.asarray(validator_permit, dtype=bool)).sum())


def validators(validator_permit: Values) -> int:
    """uids with validator_permit true"""
    return int(np.asarray(validator_permit, dtype=bool).sum())


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


def subnet_neuron_metrics(neurons: dict[str, np.ndarray], owner_hotkey: str | None, owner_coldkey: str | None) -> dict:
    """Compute the metagraph-based figures of one subnet from its neurons' columns (with daily alpha)."""
    permit = neurons["validator_permit"]
    miner = ~permit
    alpha, coldkeys = neurons["daily_alpha"][miner], neurons["coldkey"][miner]
    by_coldkey = concentration.coldkey_sums(coldkeys, alpha)
    is_owner = (neurons["hotkey"][miner] == owner_hotkey) | (coldkeys == owner_coldkey)
    owner_known = owner_hotkey is not None or owner_coldkey is not None
    return {
        "measured_miner_alpha_per_day": measured_miner_alpha_per_day(alpha),
        "miners": miners(permit),
        "validators": validators(permit),
        "earning_miners": concentration.earning_miners(neurons["emission_rao"][miner]),
        "miner_gini": concentration.gini(by_coldkey),
        "top1_share": concentration.top1_share(by_coldkey),
        "top10_share": concentration.top10_share(by_coldkey),
        "miner_hhi": concentration.hhi(by_coldkey),
        "effective_earners": concentration.effective_number(by_coldkey),
        "nakamoto": concentration.nakamoto(by_coldkey),
        "owner_capture": concentration.owner_capture(alpha, is_owner) if owner_known else math.nan,
        "registered_uids": len(permit),
    }


def _columns(neurons: pd.DataFrame) -> dict[str, np.ndarray]:
    """The neuron columns the figures read, as plain arrays (unknown: NaN for numbers, None for keys)."""
    return {
        "validator_permit": neurons["validator_permit"].to_numpy(dtype=bool),
        "daily_alpha": neurons["daily_alpha"].to_numpy(dtype="float64", na_value=np.nan),
        "emission_rao": neurons["emission_rao"].to_numpy(dtype="float64", na_value=np.nan),
        "hotkey": neurons["hotkey"].to_numpy(dtype=object, na_value=None),
        "coldkey": neurons["coldkey"].to_numpy(dtype=object, na_value=None),
    }


def _by_subnet(neurons: pd.DataFrame) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
    """Each subnet's neuron columns as arrays, netuid by netuid (sorted once, then sliced)."""
    netuids = neurons["netuid"].to_numpy()
    order = np.argsort(netuids, kind="stable")
    columns = {name: values[order] for name, values in _columns(neurons).items()}
    found, starts = np.unique(netuids[order], return_index=True)
    ends = [*starts[1:], len(order)]
    for netuid, start, end in zip(found.tolist(), starts, ends):
        yield netuid, {name: values[start:end] for name, values in columns.items()}


def neuron_metrics(snapshot: Snapshot, epochs: pd.Series) -> pd.DataFrame:
    """Return the metagraph-based figures per netuid (NaN rows for subnets without a neuron table).

    Sorted by netuid once and sliced as arrays: a pandas group per subnet cost more than the figures.
    """
    rows = {}
    for netuid, part in _by_subnet(with_daily_alpha(snapshot.neurons, epochs)):
        subnet = snapshot.subnet(netuid)
        rows[netuid] = subnet_neuron_metrics(part, subnet.owner_hotkey, subnet.owner_coldkey)
    return pd.DataFrame.from_dict(rows, orient="index").reindex(index=epochs.index, columns=list(NEURON_FIGURES))


def coldkey_tables(snapshot: Snapshot, epochs: pd.Series) -> dict[int, pd.DataFrame]:
    """List every subnet's miners by coldkey, given each subnet's epochs per day (daily alpha computed once)."""
    tables = {
        netuid: concentration.coldkey_table_of(
            part["coldkey"][~part["validator_permit"]], part["daily_alpha"][~part["validator_permit"]]
        )
        for netuid, part in _by_subnet(with_daily_alpha(snapshot.neurons, epochs))
    }
    empty = concentration.coldkey_table_of(np.array([], dtype=object), np.array([]))
    return {int(netuid): tables.get(int(netuid), empty) for netuid in snapshot.subnets.index}
