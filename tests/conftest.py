"""Shared fixtures: small hand-made snapshots and a built copy of the embedded sample."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.snapshot import (
    Identity, NeuronTable, Part, Provenance, SnapshotDoc, Subnet,
)

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def make_doc(subnets: list[Subnet] | None = None, neurons: dict | None = None, **prov) -> SnapshotDoc:
    """Build a tiny valid snapshot document."""
    provenance = Provenance(
        network="finney", block=prov.pop("block", 1000),
        block_timestamp=prov.pop("block_timestamp", dt.datetime(2026, 8, 7, 8, 35, tzinfo=dt.timezone.utc)),
        parts={"subnets": Part(obtained="captured", source="test"),
               "neurons": Part(obtained="simulated", source="test")},
        **prov,
    )
    if subnets is None:
        subnets = [
            Subnet(netuid=1, name="One", symbol="α", tao_in_rao=10**12, alpha_in_rao=10**13,
                   alpha_out_rao=10**13, price_tao=0.1, tao_in_emission_rao=10**7,
                   excess_tao_rao=0, alpha_out_emission_rao=10**9, tempo=99,
                   identity=Identity(subnet_name="One")),
        ]
    return SnapshotDoc(schema_version=1, provenance=provenance, subnets=subnets, neurons=neurons or {})


def neuron_table(n: int = 3) -> NeuronTable:
    """A valid neuron table with n uids."""
    return NeuronTable(
        uid=list(range(n)), hotkey=[f"h{i}" for i in range(n)], coldkey=[f"c{i}" for i in range(n)],
        validator_permit=[i == 0 for i in range(n)], active=[True] * n, last_update=[1] * n,
        registered_at_block=[1] * n, incentive=[0.0] + [1 / (n - 1)] * (n - 1), dividends=[1.0] + [0.0] * (n - 1),
        emission_rao=[100] * n, alpha_stake_rao=[1] * n, tao_stake_rao=[0] * n, total_stake_rao=[1] * n,
        axon_served=[True] * n,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the embedded sample once for the whole test session."""
    from generator.build import BuildConfig, build

    root = tmp_path_factory.mktemp("build")
    config = BuildConfig(snapshots=root / "none", content=REPO / "content", templates=REPO / "templates",
                         output=root / "site", cache=root / "cache", jobs=2)
    build(config)
    return root / "site"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Make any accidental outbound connection fail loudly (loopback stays allowed)."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in {"127.0.0.1", "localhost", "::1"} and not host.startswith("/"):
            raise OSError(f"network access in tests is not allowed: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    os.environ.setdefault("MPLBACKEND", "Agg")
