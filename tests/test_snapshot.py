"""The snapshot format: round trip, determinism, and clear errors on bad files."""

from __future__ import annotations

import gzip
import json

import pytest

from generator.errors import SnapshotError
from generator.model.snapshot import encode, load_editions, load_snapshot, write_snapshot
from tests.conftest import make_doc
from tests.conftest import tiny_neuron_table as neuron_table


def write_raw(path, document) -> None:
    path.write_bytes(gzip.compress(json.dumps(document).encode()))


def raw_doc() -> dict:
    return json.loads(gzip.decompress(encode(make_doc(neurons={1: neuron_table()}))))


def test_round_trip_and_same_bytes(tmp_path):
    doc = make_doc(neurons={1: neuron_table()})
    path = write_snapshot(doc, tmp_path)
    assert path.name == "finney-1000-20260807T083500Z.json.gz"
    snap = load_snapshot(path)
    assert snap.doc == doc
    assert snap.edition_id == "2026-08-07"
    assert encode(doc) == path.read_bytes()
    assert list(snap.neurons["uid"]) == [0, 1, 2]
    assert snap.subnets.loc[1, "tao_in_emission_rao"] == 10**7


def test_write_never_overwrites(tmp_path):
    doc = make_doc()
    path = write_snapshot(doc, tmp_path)
    before = path.read_bytes()
    with pytest.raises(SnapshotError, match="already exists; not overwriting"):
        write_snapshot(doc, tmp_path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_truncated_file_names_the_file(tmp_path):
    path = write_snapshot(make_doc(), tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SnapshotError) as error:
        load_snapshot(path)
    assert str(path) in error.value.message
    assert "truncated or corrupt" in error.value.message


def test_unknown_schema_version(tmp_path):
    document = raw_doc()
    document["schema_version"] = 2
    write_raw(tmp_path / "x.json.gz", document)
    with pytest.raises(SnapshotError) as error:
        load_snapshot(tmp_path / "x.json.gz")
    assert error.value.message == (
        f"{tmp_path / 'x.json.gz'}: schema_version: 2 is not supported (this version reads 1; upgrade subnet-report)"
    )


def test_missing_schema_version(tmp_path):
    document = raw_doc()
    del document["schema_version"]
    write_raw(tmp_path / "x.json.gz", document)
    with pytest.raises(SnapshotError, match="schema_version: missing"):
        load_snapshot(tmp_path / "x.json.gz")


def test_every_problem_is_reported_with_its_field(tmp_path):
    document = raw_doc()
    del document["subnets"][0]["name"]
    document["subnets"][0]["tao_in_rao"] = -5
    document["neurons"]["1"]["incentive"][1] = 3.0
    document["provenance"]["block_timestamp"] = "2026-08-07T08:35:00"
    write_raw(tmp_path / "x.json.gz", document)
    with pytest.raises(SnapshotError) as error:
        load_snapshot(tmp_path / "x.json.gz")
    message = error.value.message
    assert "\n" not in message and message.endswith("(4 problems)")
    assert message.startswith(f"{tmp_path / 'x.json.gz'}: ")
    assert "subnets[0].name (netuid 1): Field required" in message
    assert "subnets[0].tao_in_rao (netuid 1): Input should be greater than or equal to 0" in message
    assert "neurons.1.incentive[1]: Input should be less than or equal to 1" in message
    assert "provenance.block_timestamp: Value error, must include a timezone" in message


def test_unequal_columns_and_stray_tables(tmp_path):
    document = raw_doc()
    document["neurons"]["1"]["hotkey"].pop()
    document["neurons"]["7"] = document["neurons"]["1"]
    write_raw(tmp_path / "x.json.gz", document)
    with pytest.raises(SnapshotError) as error:
        load_snapshot(tmp_path / "x.json.gz")
    assert "columns differ in length" in error.value.message


def test_two_snapshots_for_one_day(tmp_path):
    first = write_snapshot(make_doc(block=1000), tmp_path)
    second = write_snapshot(make_doc(block=1001), tmp_path)
    with pytest.raises(SnapshotError, match="edition 2026-08-07 already comes from"):
        load_editions([first, second])


def test_not_an_object(tmp_path):
    write_raw(tmp_path / "x.json.gz", [1, 2])
    with pytest.raises(SnapshotError, match="must be a JSON object"):
        load_snapshot(tmp_path / "x.json.gz")
