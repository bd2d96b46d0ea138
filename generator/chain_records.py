"""Turn the SDK's decoded chain values into snapshot records (no I/O here).

Inputs are what the v11 SDK returns at one pinned block: `get_all_dynamic_info` dicts (byte-list
names, `moving_price` as `{"bits"}`), the typed `Metagraph` of each subnet, and plain maps for the
swap price, EMA TAO flow and excess TAO. Amounts stay integer rao; fractions are 0..1.
"""

from __future__ import annotations

from typing import Any

from bittensor.metagraph import Metagraph
from bittensor.reads.base import utf8_text

from generator.snapshot import Identity, NeuronTable, Subnet

I96F32_ONE = 2**32
RAO_PER_TAO = 10**9

# Subnet-level hyperparameter fields of the runtime Metagraph struct (SDK doc §3.2).
HYPERPARAMETER_FIELDS = (
    "rho", "kappa", "min_allowed_weights", "max_weights_limit", "weights_version",
    "weights_rate_limit", "activity_cutoff", "max_validators", "difficulty",
    "registration_allowed", "pow_registration_allowed", "immunity_period", "min_difficulty",
    "max_difficulty", "min_burn", "max_burn", "adjustment_alpha", "adjustment_interval",
    "target_regs_per_interval", "max_regs_per_block", "serving_rate_limit",
    "commit_reveal_weights_enabled", "commit_reveal_period", "liquid_alpha_enabled",
    "alpha_high", "alpha_low", "bonds_moving_avg",
)
IDENTITY_FIELDS = tuple(Identity.model_fields)


def _int_or_none(value: Any) -> int | None:
    """Return an int, or None for a missing value."""
    return None if value is None else int(value)


def moving_price_tao(value: Any) -> float | None:
    """Decode an I96F32 `{"bits": n}` moving price into TAO per alpha."""
    bits = value.get("bits") if isinstance(value, dict) else value
    return None if bits is None else int(bits) / I96F32_ONE


def identity_record(value: Any) -> Identity | None:
    """Keep the known identity fields as text; empty strings mean "not given"."""
    if not isinstance(value, dict):
        return None
    fields = {}
    for name in IDENTITY_FIELDS:
        text = value.get(name)
        if text is not None and not isinstance(text, str):
            text = str(utf8_text(text))
        fields[name] = text or None
    return Identity(**fields)


def spot_price_tao(netuid: int, swap_prices: dict[int, float] | None, dyn: dict) -> float | None:
    """Use the swap API price; fall back to the pool ratio tao_in/alpha_in only when it is missing."""
    if swap_prices is not None and netuid in swap_prices:
        return swap_prices[netuid]
    alpha_in = int(dyn.get("alpha_in") or 0)
    return int(dyn.get("tao_in") or 0) / alpha_in if alpha_in else None


def hyperparameters(raw: dict) -> dict[str, int | float | bool | str | None]:
    """Pick the hyperparameter fields present in a raw metagraph dict."""
    return {name: raw[name] for name in HYPERPARAMETER_FIELDS if name in raw}


def neuron_table(graph: Metagraph) -> NeuronTable:
    """Lay out every uid of a typed metagraph as columns."""
    neurons = graph.neurons
    return NeuronTable(
        uid=[n.uid for n in neurons],
        hotkey=[n.hotkey for n in neurons],
        coldkey=[n.coldkey for n in neurons],
        validator_permit=[n.validator_permit for n in neurons],
        active=[n.active for n in neurons],
        last_update=[n.last_update for n in neurons],
        registered_at_block=[n.block_at_registration for n in neurons],
        incentive=[n.incentive for n in neurons],
        dividends=[n.dividends for n in neurons],
        emission_rao=[n.emission.rao for n in neurons],
        alpha_stake_rao=[n.alpha_stake.rao for n in neurons],
        tao_stake_rao=[n.tao_stake.rao for n in neurons],
        total_stake_rao=[n.total_stake.rao for n in neurons],
        axon_served=[n.axon is not None for n in neurons],
    )


def subnet_record(
    dyn: dict,
    graph: Metagraph | None,
    *,
    swap_prices: dict[int, float] | None,
    flows: dict[int, float] | None,
    excess: dict[int, int] | None,
) -> Subnet:
    """Build one subnet record from its DynamicInfo and (when read) its metagraph."""
    netuid = int(dyn["netuid"])
    raw = graph.raw if graph is not None else {}
    validators = sum(n.validator_permit for n in graph.neurons) if graph is not None else None
    return Subnet(
        netuid=netuid,
        name=str(utf8_text(dyn.get("subnet_name") or [])),
        symbol=str(utf8_text(dyn.get("token_symbol") or [])),
        owner_hotkey=dyn.get("owner_hotkey"),
        owner_coldkey=dyn.get("owner_coldkey"),
        registered_at_block=_int_or_none(dyn.get("network_registered_at")),
        tempo=_int_or_none(dyn.get("tempo")),
        burn_rao=_int_or_none(raw.get("burn")),
        tao_in_rao=_int_or_none(dyn.get("tao_in")),
        alpha_in_rao=_int_or_none(dyn.get("alpha_in")),
        alpha_out_rao=_int_or_none(dyn.get("alpha_out")),
        price_tao=spot_price_tao(netuid, swap_prices, dyn),
        moving_price_tao=moving_price_tao(dyn.get("moving_price")),
        tao_in_emission_rao=_int_or_none(dyn.get("tao_in_emission")),
        # Absent key on a runtime that has the map = the storage default, 0.
        excess_tao_rao=None if excess is None else int(excess.get(netuid, 0)),
        alpha_in_emission_rao=_int_or_none(dyn.get("alpha_in_emission")),
        alpha_out_emission_rao=_int_or_none(dyn.get("alpha_out_emission")),
        ema_tao_flow_rao=None if flows is None else flows.get(netuid),
        volume_rao=_int_or_none(dyn.get("subnet_volume")),
        num_uids=len(graph.neurons) if graph is not None else None,
        max_uids=graph.max_uids if graph is not None else None,
        miner_count=None if graph is None else len(graph.neurons) - validators,
        validator_count=validators,
        identity=identity_record(dyn.get("subnet_identity")),
        hyperparameters=hyperparameters(raw),
    )
