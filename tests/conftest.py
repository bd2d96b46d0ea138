"""Shared test helpers: hand-made snapshots, the committed sample, the in-memory chain, a built site."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest

from generator.model.schema import Identity, NeuronTable, Part, Provenance, SnapshotDoc, Subnet
from generator.model.snapshot import Snapshot, load_snapshot

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CAPTURES = SHARED / "data" / "captures"
CAPTURE_0807 = CAPTURES / "2026-08-07_metagraphed_finney-subnets.json"
SAMPLE_0807 = REPO / "generator" / "sample" / "finney-8791253-20260807T083500Z.json.gz"


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


def neuron_table(
    coldkeys: list[str],
    emission_rao: list[int | None],
    permits: list[bool] | None = None,
    hotkeys: list[str] | None = None,
) -> dict:
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


# The pools, price and emissions of an ordinary trading subnet with TAO injection, shared by the
# hand-made snapshots of the tests (each adds its netuid, names and whatever it is about).
TRADING = {
    "tao_in_rao": 10**12,
    "alpha_in_rao": 10**13,
    "alpha_out_rao": 10**13,
    "price_tao": 0.1,
    "tao_in_emission_rao": 10**7,
    "excess_tao_rao": 0,
    "alpha_out_emission_rao": 10**9,
    "tempo": 99,
}


def make_doc(subnets: list[Subnet] | None = None, neurons: dict | None = None, **prov) -> SnapshotDoc:
    """Build a tiny valid snapshot document with one subnet."""
    provenance_block = Provenance(
        network="finney",
        block=prov.pop("block", 1000),
        block_timestamp=prov.pop("block_timestamp", dt.datetime(2026, 8, 7, 8, 35, tzinfo=dt.UTC)),
        parts={
            "subnets": Part(obtained="captured", source="test"),
            "neurons": Part(obtained="simulated", source="test"),
        },
        **prov,
    )
    if subnets is None:
        subnets = [
            Subnet(
                netuid=1,
                name="One",
                symbol="α",
                **TRADING,
                identity=Identity(subnet_name="One"),
            ),
        ]
    return SnapshotDoc(schema_version=1, provenance=provenance_block, subnets=subnets, neurons=neurons or {})


def tiny_neuron_table() -> NeuronTable:
    """A valid three-uid neuron table: one validator, two miners."""
    table = neuron_table(["c0", "c1", "c2"], [100, 100, 100], permits=[True, False, False])
    return NeuronTable(**{**table, "incentive": [0.0, 0.5, 0.5], "dividends": [1.0, 0.0, 0.0]})


@pytest.fixture(scope="session")
def capture_0807() -> dict:
    """The raw 2026-08-07 capture (for hand-computed expected values)."""
    return json.loads(CAPTURE_0807.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def snapshot_0807() -> Snapshot:
    """The committed sample snapshot converted from the 2026-08-07 capture."""
    return load_snapshot(SAMPLE_0807)


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory) -> Path:
    """One chart cache for every test build: charts are keyed by their inputs, so sharing is safe."""
    return tmp_path_factory.mktemp("chart-cache")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, chart_cache) -> Path:
    """Build the embedded sample once for the whole test session."""
    from generator.build.run import BuildConfig, build

    root = tmp_path_factory.mktemp("build")
    config = BuildConfig(
        snapshots=root / "none",
        content=REPO / "content",
        templates=REPO / "templates",
        output=root / "site",
        cache=chart_cache,
        jobs=2,
    )
    build(config)
    return root / "site"


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    """Give the SDK fresh caches (SDK gotcha 9) and make any non-loopback connection fail loudly."""
    folder = tmp_path_factory.mktemp("sdk-cache")
    monkeypatch.setenv("BTCLI_TOKEN_SYMBOLS_CACHE", str(folder / "symbols.json"))
    monkeypatch.setenv("BITTENSOR_RUNTIME_CACHE_DIR", str(folder / "runtime"))
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in {"127.0.0.1", "localhost", "::1"} and not host.startswith("/"):
            raise OSError(f"network access in tests is not allowed: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def fake():
    """A fresh in-memory chain seeded from the 2026-08-07 capture."""
    from tests.fakechain import FakeSubstrate, load_capture

    return FakeSubstrate(load_capture())


def only_script_files(page) -> bool:
    """True when every script of a parsed page is a file of the site's assets: no inline script."""
    scripts = page.find_all("script")
    return all(s.get("src", "").rsplit("assets/", 1)[0].strip("./") == "" and not s.string for s in scripts)
