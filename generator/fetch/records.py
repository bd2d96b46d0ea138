"""Turn the SDK's decoded chain values into snapshot records (no I/O here).

Inputs are what the v11 SDK returns at one pinned block: `get_all_dynamic_info` dicts (byte-list
names, `moving_price` as `{"bits"}`), the raw `get_metagraph` dict of each subnet (the typed
`Metagraph` costs ~10 µs per uid to build, too slow for 30,000 uids), and plain maps for the swap
price, EMA TAO flow and excess TAO. Amounts stay integer rao; fractions are 0..1.
"""

from __future__ import annotations

from typing import Any

from bittensor.reads.base import utf8_text

from generator.constants import U16_MAX
from generator.model.schema import Identity, NeuronTable, Subnet

I96F32_ONE = 2**32

# Subnet-level hyperparameter fields of the runtime Metagraph struct (SDK doc §3.2).
HYPERPARAMETER_FIELDS = (
    "rho",
    "kappa",
    "min_allowed_weights",
    "max_weights_limit",
    "weights_version",
    "weights_rate_limit",
    "activity_cutoff",
    "max_validators",
    "difficulty",
    "registration_allowed",
    "pow_registration_allowed",
    "immunity_period",
    "min_difficulty",
    "max_difficulty",
    "min_burn",
    "max_burn",
    "adjustment_alpha",
    "adjustment_interval",
    "target_regs_per_interval",
    "max_regs_per_block",
    "serving_rate_limit",
    "commit_reveal_weights_enabled",
    "commit_reveal_period",
    "liquid_alpha_enabled",
    "alpha_high",
    "alpha_low",
    "bonds_moving_avg",
)
IDENTITY_FIELDS = tuple(Identity.model_fields)


def _int_or_none(value: Any) -> int | None:
    """Return an int, or None for a missing value."""
    return None if value is None else int(value)


def moving_price_tao(value: Any) -> float | None:
    """Decode an I96F32 `{"bits": n}` moving price into TAO per alpha."""
    bits = value.get("bits") if isinstance(value, dict) else value
    return None if bits is None else int(bits) / I96F32_ONE


def identity_record(value: Any) -> Identity:
    """Keep the known identity fields as text; empty strings mean "not given".

    A subnet whose owner never set an identity (the chain returns None) gets an identity with every
    field unset: in a snapshot, a null identity means "not captured", never "not set".
    """
    if not isinstance(value, dict):
        return Identity()
    fields = {}
    for name in IDENTITY_FIELDS:
        text = value.get(name)
        if text is not None and not isinstance(text, str):
            text = str(utf8_text(text))
        fields[name] = text or None
    return Identity(**fields)


def listed_repos(dynamic: list[dict]) -> dict[int, str | None]:
    """Give each listed subnet (root left out) the repository its snapshot record will name."""
    repos = {int(d["netuid"]): identity_record(d.get("subnet_identity")).github_repo for d in dynamic}
    return {netuid: repo for netuid, repo in repos.items() if netuid != 0}


def miner_burned_fraction(value: Any) -> float | None:
    """Decode one `MinerBurned` value (U64F64 fixed point, `{"bits": n}` → n / 2**64) as a fraction 0..1.

    A value outside 0..1 is not a fraction this project understands: it is recorded as unknown.
    """
    bits = value.get("bits") if isinstance(value, dict) else value
    if bits is None:
        return None
    fraction = int(bits) / 2**64
    return fraction if 0.0 <= fraction <= 1.0 else None


def spot_price_tao(netuid: int, swap_prices: dict[int, float] | None, dyn: dict) -> float | None:
    """Use the swap API price; fall back to the pool ratio tao_in/alpha_in only when it is missing."""
    if swap_prices is not None and netuid in swap_prices:
        return swap_prices[netuid]
    alpha_in = int(dyn.get("alpha_in") or 0)
    return int(dyn.get("tao_in") or 0) / alpha_in if alpha_in else None


def hyperparameters(raw: dict) -> dict[str, int | float | bool | str | None]:
    """Pick the hyperparameter fields present in a raw metagraph dict."""
    return {name: raw[name] for name in HYPERPARAMETER_FIELDS if name in raw}


def _column(graph: dict, key: str, length: int, default: Any = 0) -> list:
    """Return one per-uid vector padded to `length` (newer runtimes leave some empty)."""
    values = list(graph.get(key) or [])[:length]
    return [default if v is None else v for v in values] + [default] * (length - len(values))


def _axon_served(axon: Any) -> bool:
    """Say whether a uid serves an axon (ip != 0)."""
    return isinstance(axon, dict) and bool(int(axon.get("ip") or 0))


def neuron_table(graph: dict) -> NeuronTable:
    """Lay out every uid of a raw `get_metagraph` dict as columns (fractions = raw/65535)."""
    hotkeys = [str(hk) for hk in graph.get("hotkeys") or []]
    n = len(hotkeys)
    ints = lambda key: [int(v) for v in _column(graph, key, n)]  # noqa: E731
    return NeuronTable(
        uid=list(range(n)),
        hotkey=hotkeys,
        coldkey=[str(ck) for ck in _column(graph, "coldkeys", n, "")],
        validator_permit=[bool(v) for v in _column(graph, "validator_permit", n, False)],
        active=[bool(v) for v in _column(graph, "active", n, False)],
        last_update=ints("last_update"),
        registered_at_block=ints("block_at_registration"),
        incentive=[int(v) / U16_MAX for v in _column(graph, "incentives", n)],
        dividends=[int(v) / U16_MAX for v in _column(graph, "dividends", n)],
        emission_rao=[
            int(v) for v in _column(graph, "emission", n)
        ],  # inline, to type as the schema's list[Rao | None]
        alpha_stake_rao=ints("alpha_stake"),
        tao_stake_rao=ints("tao_stake"),
        total_stake_rao=ints("total_stake"),
        axon_served=[_axon_served(a) for a in _column(graph, "axons", n, None)],
    )


def subnet_record(
    dyn: dict,
    graph: dict | None,
    *,
    swap_prices: dict[int, float] | None,
    flows: dict[int, float] | None,
    excess: dict[int, int] | None,
    miner_burn: dict[int, float | None] | None = None,
) -> Subnet:
    """Build one subnet record from its DynamicInfo and (when read) its metagraph."""
    netuid = int(dyn["netuid"])
    raw = graph or {}
    uids = len(raw.get("hotkeys") or []) if graph is not None else None
    validators = sum(bool(v) for v in raw.get("validator_permit") or []) if graph is not None else None
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
        num_uids=uids,
        max_uids=_int_or_none(raw.get("max_uids")),
        miner_count=None if uids is None or validators is None else uids - validators,
        validator_count=validators,
        miner_burned_fraction=None if miner_burn is None else miner_burn.get(netuid, 0.0),
        identity=identity_record(dyn.get("subnet_identity")),
        hyperparameters=hyperparameters(raw),
    )
