"""Simulated neuron tables for the sample: deterministic, shaped like a real metagraph.

No public capture has per-uid incentive, dividends and coldkeys for every subnet, so the sample
simulates them, consistent with each subnet's captured counts and alpha emission. Keys are
deterministic ss58 addresses; a miner slot (netuid, i) keeps its keys across editions and
validators come from one network-wide pool, so operators reappear from edition to edition.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from generator.model.schema import NeuronTable

OWNER_CUT = (11796, 65535)  # the owner's exact share of alpha_out_emission
SLOTS = 257  # the largest max_uids on finney: key plans cover every possible slot
VALIDATOR_POOL = 120  # network-wide validator operators
ACTIVITY_CUTOFF = 5000  # blocks without an update before a uid counts as inactive
TAO_WEIGHT = 0.18  # weight of root (TAO) stake in total stake
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


@dataclass(frozen=True)
class NeuronPlan:
    """What one subnet's simulated table must agree with."""

    netuid: int
    block: int
    seed: int  # the edition's seed (e.g. its date as 20260807)
    miners: int
    validators: int
    tempo: int  # tempo used for the per-epoch emission
    alpha_out_emission_rao: int | None  # per block; None: uid emissions unknown
    alpha_out_rao: int | None
    registered_at: int  # earliest block a uid may have registered
    owner_hotkey: str | None
    owner_coldkey: str | None
    miner_burn: float = 0.0  # captured share of the miners' alpha the chain burns (paid to no uid)


def ss58(seed: str) -> str:
    """Return a valid generic-substrate (prefix 42) ss58 address derived from a seed."""
    payload = bytes([42]) + hashlib.sha256(seed.encode()).digest()
    checksum = hashlib.blake2b(b"SS58PRE" + payload, digest_size=64).digest()[:2]
    number = int.from_bytes(payload + checksum, "big")
    text = ""
    while number:
        number, digit = divmod(number, 58)
        text = BASE58[digit] + text
    return text


def owner_captures(netuid: int) -> bool:
    """Pick about one subnet in ten (the same in every edition) whose owner farms its miners."""
    return netuid > 0 and hashlib.sha256(f"owner-capture/{netuid}".encode()).digest()[0] < 26


def miner_keys(netuid: int, count: int) -> tuple[list[str], list[str]]:
    """Return hotkeys and coldkeys of miner slots 0..count-1, stable across editions."""
    rng = np.random.default_rng([netuid, 1])
    operators = max(SLOTS // 3, 1)
    weights = 1.0 / np.arange(1, operators + 1) ** 0.9  # a few coldkeys run many uids
    owner_of_slot = rng.choice(operators, size=SLOTS, p=weights / weights.sum())
    hotkeys = [ss58(f"sn{netuid}/miner-hotkey/{i}") for i in range(count)]
    coldkeys = [ss58(f"sn{netuid}/miner-coldkey/{k}") for k in owner_of_slot[:count]]
    return hotkeys, coldkeys


def validator_keys(netuid: int, count: int) -> tuple[list[str], list[str]]:
    """Return hotkeys and coldkeys of validators picked from the network-wide pool."""
    rng = np.random.default_rng([netuid, 2])
    weights = 1.0 / np.arange(1, VALIDATOR_POOL + 1) ** 0.8  # big validators sit everywhere
    picks = rng.choice(VALIDATOR_POOL, size=min(count, VALIDATOR_POOL), replace=False, p=weights / weights.sum())
    hotkeys = [ss58(f"validator-hotkey/{j}") for j in picks]
    coldkeys = [ss58(f"validator-coldkey/{j}") for j in picks]
    return hotkeys, coldkeys


def split_integer(total: int, weights: np.ndarray) -> list[int]:
    """Split an integer amount in proportion to weights, largest remainders first (exact sum)."""
    if total == 0 or weights.sum() <= 0:
        return [0] * len(weights)
    exact = weights / weights.sum() * total
    parts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - parts), kind="stable")
    parts[order[: total - int(parts.sum())]] += 1
    return [int(p) for p in parts]


def epoch_pools(plan: NeuronPlan) -> tuple[int, int, int]:
    """Return the alpha (rao) of one epoch paid to miners, burned of the miners' half, and paid to validators."""
    paid = plan.alpha_out_emission_rao * (plan.tempo + 1)
    participants = paid - paid * OWNER_CUT[0] // OWNER_CUT[1]
    miners = participants // 2
    burned = round(miners * plan.miner_burn)
    return miners - burned, burned, participants - miners


def miner_incentive(plan: NeuronPlan, rng: np.random.Generator, owned: np.ndarray) -> np.ndarray:
    """Draw heavy-tailed miner weights: many earn nothing, owner-held uids may take a large share."""
    earning = rng.random(plan.miners) < rng.uniform(0.25, 0.85)
    weights = np.where(earning, rng.lognormal(0.0, 1.6, plan.miners), 0.0)
    if owned.any() and weights[~owned].sum() > 0:
        farmed = rng.uniform(0.4, 0.75)  # the owner's uids take this share of miner incentive
        weights[owned] = rng.uniform(0.5, 1.0, owned.sum())
        weights[owned] *= farmed / weights[owned].sum() * weights[~owned].sum() / (1 - farmed)
    return weights


def miner_roster(plan: NeuronPlan) -> tuple[list[str], list[str], np.ndarray, int | None]:
    """Return miner hotkeys, coldkeys, the owner-held mask and the owner hotkey's row (or None)."""
    hotkeys, coldkeys = miner_keys(plan.netuid, plan.miners)
    owned = np.zeros(plan.miners, dtype=bool)
    owner_cold = plan.owner_coldkey or ss58(f"sn{plan.netuid}/owner-coldkey")
    owner_row = None
    if plan.miners and plan.owner_hotkey and owner_captures(plan.netuid):
        owner_row = 0
        hotkeys[0], coldkeys[0] = plan.owner_hotkey, owner_cold
    if owner_captures(plan.netuid):
        for row in range(1, min(2 + plan.netuid % 5, plan.miners)):
            hotkeys[row], coldkeys[row] = ss58(f"sn{plan.netuid}/owner-hotkey/{row}"), owner_cold
            owned[row] = True
    return hotkeys, coldkeys, owned, owner_row


def uid_positions(plan: NeuronPlan, rng: np.random.Generator, owner_row: int | None) -> np.ndarray:
    """Return the uid of each row (miners first, then validators); the owner's row gets uid 0."""
    size = plan.miners + plan.validators
    start = 0 if owner_row is None else 1
    validator_uids = rng.choice(np.arange(start, size), size=plan.validators, replace=False)
    miner_uids = np.setdiff1d(np.arange(size), validator_uids)
    return np.concatenate([miner_uids, validator_uids])


def timing(plan: NeuronPlan, rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Draw registration and last-update blocks; about 4% of uids have gone stale."""
    registered = rng.integers(plan.registered_at, plan.block + 1, size)
    recent = plan.block - rng.integers(0, 3 * (plan.tempo + 1), size)
    stale = plan.block - rng.integers(ACTIVITY_CUTOFF + 1, 20 * ACTIVITY_CUTOFF, size)
    updated = np.where(rng.random(size) < 0.04, stale, recent)
    return registered, np.maximum(updated, registered)


def stakes(plan: NeuronPlan, rng: np.random.Generator) -> tuple[list[int], list[int]]:
    """Draw alpha and TAO stakes in rao: validators hold most of the staked alpha, miners little."""
    staked = int(plan.alpha_out_rao * 0.6) if plan.alpha_out_rao else 10**15
    validator_alpha = split_integer(staked, rng.lognormal(0.0, 1.2, plan.validators))
    miner_alpha = np.where(rng.random(plan.miners) < 0.4, rng.lognormal(3.0, 1.5, plan.miners), 0.0)
    validator_tao = rng.lognormal(8.0, 1.5, plan.validators)
    alpha = [int(a * 1e9) for a in miner_alpha] + validator_alpha
    tao = [0] * plan.miners + [int(t * 1e9) for t in validator_tao]
    return alpha, tao


def emissions(plan: NeuronPlan, incentive: np.ndarray, dividends: np.ndarray) -> list[int | None]:
    """Pay one epoch's miner pool by incentive and validator pool by dividends (exact sums)."""
    if plan.alpha_out_emission_rao is None:
        return [None] * (plan.miners + plan.validators)
    to_miners, _burned, to_validators = epoch_pools(plan)  # the burned alpha goes to no uid
    if incentive.sum() <= 0:  # nobody to pay as a miner: validators receive the paid amount
        to_miners, to_validators = 0, to_miners + to_validators
    if dividends.sum() <= 0:
        to_miners, to_validators = to_miners + to_validators, 0
    return split_integer(to_miners, incentive) + split_integer(to_validators, dividends)


def shares(weights: np.ndarray) -> list[float]:
    """Normalise weights to fractions summing to 1, rounded like the chain's u16 fixed point."""
    total = weights.sum()
    return [round(float(w / total), 6) if total > 0 else 0.0 for w in weights]


def build_table(plan: NeuronPlan) -> NeuronTable:
    """Simulate one subnet's neuron table."""
    rng = np.random.default_rng([plan.seed, plan.netuid])
    hotkeys, coldkeys, owned, owner_row = miner_roster(plan)
    size = plan.miners + plan.validators
    registered, updated = timing(plan, rng, size)
    active = plan.block - updated <= ACTIVITY_CUTOFF
    weights = np.where(active[: plan.miners], miner_incentive(plan, rng, owned), 0.0)
    if weights.sum() <= 0 and plan.validators == 0 and plan.miners:
        weights = np.ones(plan.miners)
    alpha, tao = stakes(plan, rng)
    dividend_weights = np.array(alpha[plan.miners :], dtype=float) * rng.uniform(0.8, 1.0, plan.validators)
    validator_hot, validator_cold = validator_keys(plan.netuid, plan.validators)
    columns = {
        "uid": uid_positions(plan, rng, owner_row).tolist(),
        "hotkey": hotkeys + validator_hot,
        "coldkey": coldkeys + validator_cold,
        "validator_permit": [False] * plan.miners + [True] * plan.validators,
        "active": active.tolist(),
        "last_update": updated.tolist(),
        "registered_at_block": registered.tolist(),
        "incentive": shares(weights) + [0.0] * plan.validators,
        "dividends": [0.0] * plan.miners + shares(dividend_weights),
        "emission_rao": emissions(plan, weights, dividend_weights),
        "alpha_stake_rao": alpha,
        "tao_stake_rao": tao,
        "total_stake_rao": [a + int(t * TAO_WEIGHT) for a, t in zip(alpha, tao)],
        "axon_served": (rng.random(size) < np.where(np.arange(size) < plan.miners, 0.92, 0.4)).tolist(),
    }
    return NeuronTable(**sort_by_uid(columns))


def sort_by_uid(columns: dict[str, list]) -> dict[str, list]:
    """Reorder every column by uid."""
    order = np.argsort(columns["uid"], kind="stable")
    return {name: [values[i] for i in order] for name, values in columns.items()}
