"""Fetch against the real bittensor.Client driving the in-memory chain, with injected faults."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest
from bittensor.result import ChainError, RpcConnectionError, RpcPolicyError

from generator.errors import FetchError
from generator.fetch.chain import FetchConfig, fetch_chain, fetch_to_folder
from generator.model.snapshot import find_snapshots, load_snapshot
from tests.fakechain import FakeSubstrate

BLOCK = 8791253
FAST = dict(backoff=0.01, timeout=2.0, retries=3)


def run(fake, **options):
    """Fetch the chain part from the fake with quick retries."""
    return asyncio.run(fetch_chain(FetchConfig(**{**FAST, **options}), substrate=fake))


def metagraph_of(netuid):
    """Match the runtime call reading one subnet's metagraph."""
    return lambda name, args: (
        name == "runtime_call" and args[:2] == ("SubnetInfoRuntimeApi", "get_metagraph") and args[2] == netuid
    )


def test_fetch_then_load_round_trip_matches_the_seeded_chain(fake, tmp_path):
    summary = fetch_to_folder(FetchConfig(**FAST), tmp_path, substrate=fake)
    snap = load_snapshot(summary.path)
    assert summary.path.name == "finney-8791253-20260807T083500Z.json.gz"
    prov = snap.provenance
    assert (prov.block, prov.block_hash, prov.network) == (BLOCK, fake.hash, "finney")
    assert prov.block_timestamp.isoformat() == "2026-08-07T08:35:00+00:00"
    assert (prov.spec_version, prov.block_emission_rao, prov.block_time_seconds) == (395, 500_000_000, 12.0)
    assert prov.network_immunity_period == fake.network_immunity_period  # read through the SDK's storage item
    assert prov.missing_subnets == [] and set(prov.parts) == {"subnets", "neurons"}
    assert len(snap.doc.subnets) == 129 and len(snap.doc.neurons) == 129
    sn64 = snap.subnet(64)
    assert sn64.tao_in_emission_rao == 12462749
    assert sn64.excess_tao_rao == 50031047
    assert sn64.price_tao == 0.086479119
    assert sn64.moving_price_tao == pytest.approx(0.08647998492233455, rel=1e-12)
    assert (sn64.name, sn64.symbol, sn64.tempo, sn64.registered_at_block) == ("Chutes", "ش", 360, 4531295)
    assert (sn64.num_uids, sn64.validator_count, sn64.miner_count, sn64.max_uids) == (256, 19, 237, 256)
    assert sn64.burn_rao == 500_000 and sn64.tao_in_rao == 221156585169260
    assert sn64.identity.github_repo == "https://github.com/chutesai/chutes"
    assert sn64.identity.subnet_contact is None  # empty on chain = not given
    assert sn64.hyperparameters["immunity_period"] == 5000 and sn64.hyperparameters["rho"] == 10
    assert sn64.ema_tao_flow_rao == fake.specs[64]["ema_flow"]
    # MinerBurned is read for every subnet; a subnet without an entry burns nothing (the storage default)
    burns = {s.netuid: s.miner_burned_fraction for s in snap.doc.subnets}
    expected = {n: spec["miner_burned_fraction"] or 0.0 for n, spec in fake.specs.items()}
    assert burns == pytest.approx(expected, abs=1e-15)
    assert burns[103] == 1.0 and sum(b == 1.0 for b in burns.values()) == 35
    assert snap.subnet(0).ema_tao_flow_rao is None and snap.subnet(0).price_tao == 1.0


def test_neuron_columns_follow_the_units(fake):
    doc = run(fake).doc
    table, raw = doc.neurons[64], fake.metagraph_dict(64)
    assert table.uid == list(range(256))
    assert table.hotkey == raw["hotkeys"] and table.coldkey == raw["coldkeys"]
    assert table.incentive == [v / 65535 for v in raw["incentives"]]
    assert table.dividends == [v / 65535 for v in raw["dividends"]]
    assert table.emission_rao == raw["emission"] and table.total_stake_rao == raw["total_stake"]
    assert table.axon_served == [a["ip"] != 0 for a in raw["axons"]]
    assert sum(table.validator_permit) == 19


def test_one_block_few_round_trips_and_the_client_closes(fake):
    maps = []
    fake.fault = lambda name, args: maps.append(args[1]) if name == "query_map" else None
    run(fake)
    assert fake.hashes_used == {fake.hash}  # every read at the pinned block, nothing at head
    assert fake.calls["connect"] == 1 and fake.calls["finalized_block_number"] == 1
    # 129 metagraphs + dynamic info + swap prices; flows and excess are map scans.
    assert fake.calls["runtime_call"] == 131
    # No TokenSymbol scan: the SDK's connect would make one (display-only symbols) before the block is pinned.
    assert sorted(maps) == ["MinerBurned", "SubnetEmaTaoFlow", "SubnetExcessTao"]
    # 2 of them: the MinerBurned map scan; 1: the NetworkImmunityPeriod query
    assert fake.round_trips == 145 and fake.closed


def test_the_backend_has_the_endpoint_pools_the_sdk_client_would_give_it():
    import bittensor as bt

    from generator.fetch.connection import rpc_backend

    for network in ("finney", "archive", "test", "local", "wss://node.example:9944"):
        ours, sdks = rpc_backend(network), bt.Client(network)._substrate  # the SDK's default backend
        assert isinstance(ours, bt.RpcSubstrate) and ours.endpoint == sdks.endpoint
        assert (ours.fallback_endpoints, ours.archive_endpoints) == (sdks.fallback_endpoints, sdks.archive_endpoints)
    assert rpc_backend("finney").fallback_endpoints  # finney has a pool to fall back on


def test_slow_call_times_out_and_is_retried(fake):
    slow = metagraph_of(5)
    first = []

    def fault(name, args):
        if slow(name, args) and not first:
            first.append(1)
            return asyncio.sleep(30)

    fake.fault = fault
    started = time.monotonic()
    doc = run(fake, timeout=0.3).doc
    assert time.monotonic() - started < 5
    assert 5 in doc.neurons and fake.calls["runtime_call"] == 132


def test_subnet_that_always_times_out_fails_the_fetch_and_writes_nothing(fake, tmp_path):
    slow = metagraph_of(5)
    fake.fault = lambda name, args: asyncio.sleep(30) if slow(name, args) else None
    with pytest.raises(FetchError) as err:
        fetch_to_folder(FetchConfig(**{**FAST, "timeout": 0.2, "retries": 1}), tmp_path, substrate=fake)
    assert err.value.message == (
        f"subnet 5: could not read its metagraph at block {BLOCK}: timed out "
        "(use --allow-partial to write the snapshot without it)"
    )
    assert list(tmp_path.iterdir()) == [] and fake.closed


def test_rate_limit_waits_for_retry_after(fake):
    refusals = []

    def fault(name, args):
        if name == "runtime_call" and args[1] == "get_all_dynamic_info" and len(refusals) < 2:
            refusals.append(time.monotonic())
            raise RpcPolicyError("HTTP 429", status_code=429, retry_after="0.3", policy="per-ip")

    fake.fault = fault
    doc = run(fake).doc
    assert len(doc.subnets) == 129 and len(refusals) == 2
    assert fake.calls["runtime_call"] == 133
    gaps = time.monotonic() - refusals[0]
    assert gaps >= 0.6  # two waits of retry_after, far above the 0.01 s backoff


def test_rate_limited_connect_is_retried(fake):
    tries = []

    def fault(name, args):
        if name == "connect" and not tries:
            tries.append(1)
            raise RpcPolicyError("HTTP 429", status_code=429, retry_after="0")

    fake.fault = fault
    assert len(run(fake).doc.subnets) == 129 and fake.calls["connect"] == 2


def test_connection_drop_mid_fetch_is_survived(fake):
    dropped = []

    def fault(name, args):
        if name == "runtime_call" and fake.calls["runtime_call"] > 60 and len(dropped) < 6:
            dropped.append(args)
            raise RpcConnectionError("connection closed: 1006")

    fake.fault = fault
    doc = run(fake, concurrency=4).doc
    assert len(dropped) == 6 and len(doc.neurons) == 129


def test_persistent_connection_loss_names_the_part(fake):
    fake.fault = lambda name, args: (
        (_ for _ in ()).throw(RpcConnectionError("gone")) if name == "runtime_call" else None
    )
    with pytest.raises(FetchError, match=rf"^block {BLOCK}: could not read dynamic info: RpcConnectionError: gone$"):
        run(fake, retries=1)
    assert fake.closed


def failing(netuid):
    """Make one subnet's metagraph call fail every time."""
    match = metagraph_of(netuid)

    def fault(name, args):
        if match(name, args):
            raise ChainError("state call failed: trap")

    return fault


def test_one_failing_subnet_fails_without_allow_partial(fake, tmp_path):
    fake.fault = failing(12)
    with pytest.raises(FetchError, match=r"^subnet 12: could not read its metagraph at block 8791253: ChainError"):
        fetch_to_folder(FetchConfig(**FAST), tmp_path, substrate=fake)
    assert find_snapshots(tmp_path) == [] and list(tmp_path.iterdir()) == []


def test_one_failing_subnet_is_recorded_with_allow_partial(fake, tmp_path):
    fake.fault = failing(12)
    summary = fetch_to_folder(FetchConfig(**FAST, allow_partial=True), tmp_path, substrate=fake)
    snap = load_snapshot(summary.path)
    missing = snap.provenance.missing_subnets
    assert [(m.netuid, m.reason) for m in missing] == [(12, "ChainError: state call failed: trap")]
    assert 12 not in snap.doc.neurons and len(snap.doc.neurons) == 128
    assert snap.subnet(12).tao_in_rao == fake.specs[12]["tao_in"] and snap.subnet(12).num_uids is None
    assert fake.calls["runtime_call"] == 131  # chain errors are not retried


def test_runtime_without_newer_fields(fake, tmp_path):
    fake.old_runtime = True  # no SubnetExcessTao, empty trust/rank/pruning vectors
    summary = fetch_to_folder(FetchConfig(**FAST), tmp_path, substrate=fake)
    doc = load_snapshot(summary.path).doc
    assert all(s.excess_tao_rao is None for s in doc.subnets)
    assert doc.provenance.parts["subnets"].note == (
        "129 subnets listed; not on this runtime: SubnetExcessTao (excess TAO unknown), "
        "MinerBurned (miner burn unknown)"
    )
    assert summary.result.warnings == [
        "excess TAO unavailable on this runtime: recorded as unknown",
        "miner burn unavailable on this runtime: recorded as unknown",
    ]
    assert all(s.miner_burned_fraction is None for s in doc.subnets)
    assert fake.metagraph_dict(64)["trust"] == [] and len(doc.neurons[64].uid) == 256
    assert next(s for s in doc.subnets if s.netuid == 64).tao_in_emission_rao == 12462749


def test_subnet_deregistered_between_listing_and_metagraph(fake, tmp_path):
    fake.metagraph_gone = {7}
    with pytest.raises(
        FetchError,
        match=r"^subnet 7: could not read its metagraph at block 8791253: "
        r"LookupError: no metagraph at block 8791253 \(deregistered after listing\?\)",
    ):
        fetch_to_folder(FetchConfig(**FAST), tmp_path, substrate=fake)
    assert list(tmp_path.iterdir()) == []
    summary = fetch_to_folder(FetchConfig(**FAST, allow_partial=True), tmp_path, substrate=fake)
    doc = load_snapshot(summary.path).doc
    assert [m.netuid for m in doc.provenance.missing_subnets] == [7] and 7 not in doc.neurons


def test_given_block_is_used_and_spec_version_left_unknown(fake):
    doc = run(fake, block=BLOCK).doc
    assert doc.provenance.block == BLOCK and doc.provenance.spec_version is None
    assert fake.calls["finalized_block_number"] == 0


def test_unknown_block_fails_clearly(fake):
    with pytest.raises(FetchError, match=r"^block 42: could not read dynamic info: ChainError: BlockNotFound"):
        run(fake, block=42)


def test_unknown_network_name_fails_clearly(fake):
    with pytest.raises(FetchError, match=r"^network nowhere: "):
        run(fake, network="nowhere")


def test_writing_twice_never_overwrites(fake, tmp_path):
    fetch_to_folder(FetchConfig(**FAST), tmp_path, substrate=fake)
    with pytest.raises(Exception, match="already exists; not overwriting it"):
        fetch_to_folder(FetchConfig(**FAST), tmp_path, substrate=fake)
    assert len(find_snapshots(tmp_path)) == 1


def test_parts_count_what_was_read(fake, tmp_path):
    fake.fault = failing(12)
    doc = run(fake, allow_partial=True).doc
    assert doc.provenance.parts["neurons"].obtained == "captured"
    assert doc.provenance.parts["neurons"].note == "128 of 129 metagraphs read, 1 failed (see missing_subnets)"
    full = run(FakeSubstrate()).doc.provenance.parts
    assert (full["subnets"].note, full["neurons"].note) == ("129 subnets listed", "129 of 129 metagraphs read")


def test_no_metagraph_read_makes_the_neurons_unknown(fake):
    fake.fault = lambda name, args: (
        (_ for _ in ()).throw(ChainError("trap")) if name == "runtime_call" and args[1] == "get_metagraph" else None
    )
    doc = run(fake, allow_partial=True).doc
    part = doc.provenance.parts["neurons"]
    assert (part.obtained, part.reason) == (
        "unknown",
        "no metagraph could be read (0 of 129 metagraphs read, 129 failed (see missing_subnets))",
    )
    assert doc.neurons == {} and len(doc.provenance.missing_subnets) == 129


def test_closed_port_is_one_line_through_the_real_transport(tmp_path):
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        network = f"ws://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(FetchError) as err:
        fetch_to_folder(FetchConfig(network=network, retries=1, backoff=0.01), tmp_path / "out")
    assert err.value.message.startswith(
        f"network {network}: could not connect: RpcConnectionError: could not connect to any endpoint: "
    )
    assert "\n" not in err.value.message and list((tmp_path / "out").iterdir()) == []


def test_connect_failing_oddly_is_one_line(fake):
    fake.fault = lambda name, args: (
        (_ for _ in ()).throw(OSError("token cache not writable")) if name == "connect" else None
    )
    with pytest.raises(FetchError, match=r"^network finney: could not connect: OSError: token cache not writable$"):
        run(fake)


def test_chain_data_of_an_unexpected_shape_is_one_line(fake, tmp_path):
    fake.specs[5]["tempo"] = -1  # the runtime answers a value the snapshot schema refuses
    with pytest.raises(FetchError) as err:
        fetch_to_folder(FetchConfig(**FAST), tmp_path, substrate=fake)
    assert err.value.message.startswith(
        f"block {BLOCK}: the chain answered data of an unexpected shape: ValidationError: "
    )
    assert "\n" not in err.value.message and list(tmp_path.iterdir()) == []


def test_a_metagraph_of_an_unexpected_shape_is_one_line_and_nothing_is_written(fake, tmp_path, monkeypatch):
    answer = fake.runtime_call

    async def bent(api, method, params, block_hash=None):
        graph = await answer(api, method, params, block_hash)
        if method == "get_metagraph" and params[0] == 5:  # laid out while other reads are in flight
            graph = {**graph, "emission": ["lots"] * len(graph["hotkeys"])}
        return graph

    monkeypatch.setattr(fake, "runtime_call", bent)
    with pytest.raises(FetchError) as err:
        fetch_to_folder(FetchConfig(**FAST), tmp_path, substrate=fake)
    assert err.value.message == (
        f"block {BLOCK}: the chain answered data of an unexpected shape: "
        "ValueError: invalid literal for int() with base 10: 'lots'"
    )
    assert list(tmp_path.iterdir()) == [] and fake.closed


def test_neuron_tables_are_laid_out_while_later_metagraphs_are_read(fake, monkeypatch):
    from generator.fetch import records

    laid_out, lay_out = [], records.neuron_table
    others_done = asyncio.Event()

    def counting(graph):
        laid_out.append(graph["netuid"])
        if len(laid_out) == 128:
            others_done.set()
        return lay_out(graph)

    monkeypatch.setattr(records, "neuron_table", counting)
    last = metagraph_of(128)  # the only read of the third wave at concurrency 64
    # Subnet 128 answers only once the 128 other tables exist: laid out after the last read, as
    # before, every attempt would time out and the fetch would fail.
    fake.fault = lambda name, args: others_done.wait() if last(name, args) else None
    doc = run(fake, concurrency=64).doc
    assert len(doc.neurons) == 129 and laid_out[-1] == 128
    assert fake.calls["runtime_call"] == 131  # its first attempt was answered: no retry


def test_credentials_of_a_bad_endpoint_stay_out_of_the_error(tmp_path):
    with pytest.raises(FetchError) as err:
        fetch_to_folder(FetchConfig(network="wss://me:s3cret@:0/?apikey=s3cret", retries=0), tmp_path)
    assert err.value.message.startswith("network wss://***@:0/?apikey=***: could not connect: RpcConnectionError: ")
    assert "s3cret" not in err.value.message
