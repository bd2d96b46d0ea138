"""Shared test helpers: tiny hand-made snapshots and the real 2026-08-07 capture as a snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.snapshot import NeuronTable, Snapshot, SnapshotDoc, Subnet

CAPTURES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "captures"
CAPTURE_0807 = CAPTURES / "2026-08-07_metagraphed_finney-subnets.json"


def provenance(block: int = 1_000_000, **extra) -> dict:
    """Return a minimal provenance block."""
    return {
        "network": "finney",
        "block": block,
        "block_timestamp": "2026-08-07T08:35:00Z",
        "parts": {"subnets": {"obtained": "captured", "source": "test"}},
        **extra,
    }


def make_snapshot(subnets: list[dict], neurons: dict[int, dict] | None = None, **doc) -> Snapshot:
    """Build a validated snapshot from subnet dicts and neuron column dicts."""
    model = SnapshotDoc(
        schema_version=1,
        provenance=doc.pop("provenance", provenance()),
        subnets=[Subnet(**s) for s in subnets],
        neurons={n: NeuronTable(**t) for n, t in (neurons or {}).items()},
        **doc,
    )
    return Snapshot(path=Path("test.json.gz"), doc=model)


def neuron_table(coldkeys: list[str], emission_rao: list[int | None], permits: list[bool] | None = None,
                 hotkeys: list[str] | None = None) -> dict:
    """Return neuron columns for uids 0..n-1 (miners unless `permits` says otherwise)."""
    n = len(coldkeys)
    return {
        "uid": list(range(n)),
        "hotkey": hotkeys or [f"hot{i}" for i in range(n)],
        "coldkey": coldkeys,
        "validator_permit": permits or [False] * n,
        "active": [True] * n,
        "last_update": [0] * n,
        "registered_at_block": [0] * n,
        "incentive": [0.0] * n,
        "dividends": [0.0] * n,
        "emission_rao": emission_rao,
        "alpha_stake_rao": [0] * n,
        "tao_stake_rao": [0] * n,
        "total_stake_rao": [0] * n,
        "axon_served": [True] * n,
    }


def _rao(tao: float | None) -> int | None:
    return None if tao is None else round(tao * 1e9)


def capture_subnet(record: dict) -> dict:
    """Convert one subnet of a metagraphed capture (amounts in TAO) into `Subnet` fields (rao)."""
    eco = record["economics"]
    identity = record.get("chain_identity") or {}
    return {
        "netuid": record["netuid"],
        "name": record["name"],
        "symbol": record["symbol"],
        "owner_hotkey": eco.get("owner_hotkey"),
        "owner_coldkey": eco.get("owner_coldkey"),
        "registered_at_block": record.get("registered_at_block"),
        "tempo": record.get("tempo"),
        "burn_rao": _rao(eco.get("registration_cost_tao")),
        "tao_in_rao": _rao(eco.get("tao_in_pool_tao")),
        "alpha_in_rao": _rao(eco.get("alpha_in_pool")),
        "alpha_out_rao": _rao(eco.get("alpha_out_pool")),
        "price_tao": eco.get("alpha_price_tao"),
        "tao_in_emission_rao": _rao(eco.get("tao_in_emission_tao")),
        "excess_tao_rao": _rao(eco.get("excess_tao")),
        "alpha_in_emission_rao": _rao(eco.get("alpha_in_emission")),
        "alpha_out_emission_rao": _rao(eco.get("alpha_out_emission")),
        "num_uids": record.get("participant_count"),
        "max_uids": eco.get("max_uids"),
        "miner_count": eco.get("miner_count"),
        "validator_count": eco.get("validator_count"),
        "identity": {k: identity.get(k) for k in ("subnet_name", "github_repo", "subnet_url")},
    }


@pytest.fixture(scope="session")
def capture_0807() -> dict:
    """The raw 2026-08-07 capture."""
    return json.loads(CAPTURE_0807.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def snapshot_0807(capture_0807: dict) -> Snapshot:
    """The 2026-08-07 capture as a snapshot (subnets only, no neuron tables)."""
    block = capture_0807["chain_state"]["block"]
    return make_snapshot([capture_subnet(r) for r in capture_0807["subnets"]], provenance=provenance(block))
