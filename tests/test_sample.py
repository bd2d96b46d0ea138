"""The committed sample snapshots: loadable, reproducible, faithful to the captures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model.snapshot import Snapshot, load_snapshot

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "generator" / "sample"
CAPTURES = ROOT.parent / "shared" / "data" / "captures"
EDITIONS = ("2026-03-22", "2026-04-13", "2026-06-14", "2026-08-07")
SS58 = re.compile(r"^5[1-9A-HJ-NP-Za-km-z]{47}$")
OWNER_CUT = 11796 / 65535


@pytest.fixture(scope="module")
def editions() -> dict[str, Snapshot]:
    """Load every committed sample snapshot, keyed by edition date."""
    snapshots = [load_snapshot(p) for p in sorted(SAMPLE.glob("*.json.gz"))]
    return {s.edition_id: s for s in snapshots}


def test_four_editions_load(editions: dict[str, Snapshot]) -> None:
    assert tuple(editions) == EDITIONS


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    assert CAPTURES.is_dir(), f"{CAPTURES}: the shared captures must sit beside the repository (../shared)"
    script = ROOT / "scripts" / "make_sample.py"
    subprocess.run(
        [sys.executable, str(script), "--captures", str(CAPTURES), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    committed = sorted(p.name for p in SAMPLE.glob("*.json.gz"))
    assert sorted(p.name for p in tmp_path.glob("*.json.gz")) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_chutes_on_august_7_as_captured(editions: dict[str, Snapshot]) -> None:
    chutes = editions["2026-08-07"].subnet(64)
    assert chutes.price_tao == 0.086479119
    assert chutes.tao_in_emission_rao == 12462749
    assert chutes.excess_tao_rao == 50031047
    assert chutes.alpha_out_emission_rao == 1_000_000_000
    assert chutes.registered_at_block == 4_531_295
    assert chutes.miner_count == 237 and chutes.validator_count == 19


def test_provenance_blocks_and_times(editions: dict[str, Snapshot]) -> None:
    blocks = {day: s.provenance.block for day, s in editions.items()}
    expected = {"2026-03-22": 7_801_029, "2026-04-13": 7_961_916, "2026-06-14": 8_404_076, "2026-08-07": 8_791_253}
    assert blocks == expected
    assert editions["2026-03-22"].provenance.block_timestamp.isoformat() == "2026-03-22T00:00:00+00:00"
    assert "00:00 UTC" in editions["2026-03-22"].provenance.parts["subnets"].note
    assert editions["2026-08-07"].provenance.block_hash.startswith("0x5d9ff876")


def test_june_emission_is_unknown(editions: dict[str, Snapshot]) -> None:
    june = editions["2026-06-14"]
    fields = ["tao_in_emission_rao", "excess_tao_rao", "alpha_in_emission_rao", "alpha_out_emission_rao"]
    assert june.subnets[fields].isna().all().all()
    assert june.neurons["emission_rao"].isna().all()
    assert "unknown" in june.provenance.emission_rule


def test_unknown_is_null_not_zero(editions: dict[str, Snapshot]) -> None:
    march = editions["2026-03-22"].subnets
    assert march[["excess_tao_rao", "tempo", "owner_coldkey", "miner_count"]].isna().all().all()
    assert 0 not in editions["2026-03-22"].doc.neurons  # no root in the taosignal captures
    assert editions["2026-08-07"].subnet(0).name == "root"


def test_april_emission_shares_match_capture(editions: dict[str, Snapshot]) -> None:
    april = editions["2026-04-13"].subnets
    share = 100 * april.tao_in_emission_rao / april.tao_in_emission_rao.sum()
    assert share.loc[5] == pytest.approx(2.8699, abs=1e-4)


def test_neuron_counts_follow_the_subnets(editions: dict[str, Snapshot]) -> None:
    for day, snap in editions.items():
        for netuid, table in snap.doc.neurons.items():
            subnet = snap.subnet(netuid)
            permits = table.validator_permit
            if subnet.miner_count is not None:
                counts = (permits.count(False), permits.count(True))
                assert counts == (subnet.miner_count, subnet.validator_count), (day, netuid)
            if subnet.max_uids is not None:
                assert len(permits) <= subnet.max_uids, (day, netuid)
        if day == "2026-04-13":
            assert all(len(t.uid) == snap.subnet(n).num_uids for n, t in snap.doc.neurons.items())


def epoch_paid(snap: Snapshot, netuid: int, tempo: int) -> tuple[int, int]:
    """Return one epoch's alpha out and what the table's uids received, in rao."""
    table = snap.doc.neurons[netuid]
    return snap.subnet(netuid).alpha_out_emission_rao * (tempo + 1), sum(table.emission_rao)


def test_uid_emission_is_82_percent_less_the_captured_burn(editions: dict[str, Snapshot]) -> None:
    june = editions["2026-06-14"]  # April lacks tempo: its simulation borrows June's
    checked = burning = 0
    for day in ("2026-04-13", "2026-08-07"):
        snap = editions[day]
        for netuid, table in snap.doc.neurons.items():
            tempo = snap.subnet(netuid).tempo or june.subnet(netuid).tempo
            paid, received = epoch_paid(snap, netuid, tempo)
            participants = paid - int(paid * OWNER_CUT)
            burn = snap.subnet(netuid).miner_burned_fraction
            burned = round(participants // 2 * (burn or 0.0))  # burned alpha goes to no uid
            if table.uid:
                assert received == participants - burned, (day, netuid)
                checked += 1
                burning += burned > 0
    assert checked > 250 and burning > 35


def test_burned_miner_emission_reaches_no_uid(editions: dict[str, Snapshot]) -> None:
    august = editions["2026-08-07"]
    burners = [s.netuid for s in august.doc.subnets if s.miner_burned_fraction == 1]
    assert len(burners) == 35  # counted in the 2026-08-07 capture: miner_burned_fraction == 1
    for netuid in burners:
        table = august.doc.neurons.get(netuid)
        if table is None or not table.uid:
            continue
        miners = [e for e, v in zip(table.emission_rao, table.validator_permit) if not v]
        assert sum(miners) == 0, netuid


def test_neurons_simulated_subnets_captured(editions: dict[str, Snapshot]) -> None:
    for snap in editions.values():
        parts = snap.provenance.parts
        assert parts["subnets"].obtained == "captured"
        assert parts["neurons"].obtained == "simulated"
        assert parts["neurons"].source == "scripts/make_sample.py"
        assert set(parts) == {"subnets", "neurons"}


def test_neuron_values_are_plausible(editions: dict[str, Snapshot]) -> None:
    for snap in editions.values():
        frame = snap.neurons
        registered = frame.netuid.map(snap.subnets.registered_at_block.astype(float))
        assert frame.hotkey.str.match(SS58).all() and frame.coldkey.str.match(SS58).all()
        assert (frame.last_update <= snap.provenance.block).all()
        assert (frame.registered_at_block <= snap.provenance.block).all()
        assert (registered.isna() | (frame.registered_at_block >= registered)).all()
        miners = frame[~frame.validator_permit]
        assert 0.2 < (miners.incentive == 0).mean() < 0.8
        assert frame.active.mean() > 0.9


def test_miner_coldkeys_persist_across_editions(editions: dict[str, Snapshot]) -> None:
    march, august = (set(editions[d].doc.neurons[64].coldkey) for d in ("2026-03-22", "2026-08-07"))
    assert len(march & august) > 20


def test_owner_keys_are_real_where_captured(editions: dict[str, Snapshot]) -> None:
    august = editions["2026-08-07"]
    chutes = august.subnet(64)
    assert chutes.owner_coldkey == "5FRYKhbmfXPDoHdUUDMx27E3HuMvAzwjzFMMq3rNurUhAyS9"
    # where the simulation has the owner farm its miners, the owner's real hotkey holds uid 0
    farmed = [n for n, t in august.doc.neurons.items() if august.subnet(n).owner_hotkey in t.hotkey]
    assert len(farmed) > 5
    table = august.doc.neurons[farmed[0]]
    assert table.hotkey[0] == august.subnet(farmed[0]).owner_hotkey and not table.validator_permit[0]
