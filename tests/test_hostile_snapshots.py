"""Hostile snapshot files: each gives one exact `Error:` line from `validate`, never a traceback."""

from __future__ import annotations

import gzip
import json
import os

import pytest
from click.testing import CliRunner

from generator.cli.main import cli
from generator.errors import SnapshotError
from generator.model.snapshot import MAX_SNAPSHOT_BYTES, encode, load_snapshot, read_document
from tests.conftest import make_doc, tiny_neuron_table


def base() -> dict:
    """A valid document (one subnet with three neurons) as plain JSON data."""
    return json.loads(gzip.decompress(encode(make_doc(neurons={1: tiny_neuron_table()}))))


def with_text(mutate, text_edit=None) -> bytes:
    """Mutate the base document, serialise it (optionally editing the JSON text) and gzip it."""
    document = base()
    mutate(document)
    text = json.dumps(document)
    if text_edit:
        text = text_edit(text)
    return gzip.compress(text.encode())


def subnet(field, value):
    return lambda d: d["subnets"][0].__setitem__(field, value)


def neurons(field, index, value):
    return lambda d: d["neurons"]["1"][field].__setitem__(index, value)


def provenance(field, value):
    return lambda d: d["provenance"].__setitem__(field, value)


def nest(depth: int):
    return lambda d: d["subnets"][0]["identity"].__setitem__("additional", "NEST")


S = "subnets[0]"
CASES = [
    (
        "price as the string Infinity",
        subnet("price_tao", "Infinity"),
        None,
        f"{S}.price_tao (netuid 1): Input should be a valid number",
    ),
    (
        "bare Infinity literal",
        subnet("price_tao", float("inf")),
        None,
        f"{S}.price_tao (netuid 1): Input should be a finite number",
    ),
    (
        "NaN incentive",
        neurons("incentive", 1, float("nan")),
        None,
        "neurons.1.incentive[1]: Input should be a finite number",
    ),
    (
        "price of 1e300",
        subnet("price_tao", 1e300),
        None,
        f"{S}.price_tao (netuid 1): Input should be less than or equal to 1000000000000",
    ),
    (
        "amount of 400 digits",
        subnet("tao_in_rao", 10**399),
        None,
        f"{S}.tao_in_rao (netuid 1): Input should be less than or equal to 9223372036854775807",
    ),
    (
        "negative ema flow beyond int64",
        subnet("ema_tao_flow_rao", -1e30),
        None,
        f"{S}.ema_tao_flow_rao (netuid 1): Input should be greater than or equal to -9223372036854776000",
    ),
    (
        "block time Infinity",
        provenance("block_time_seconds", float("inf")),
        None,
        "provenance.block_time_seconds: Input should be a finite number",
    ),
    (
        "block time 1e-300",
        provenance("block_time_seconds", 1e-300),
        None,
        "provenance.block_time_seconds: Input should be greater than or equal to 1",
    ),
    ("netuid as text", subnet("netuid", "1"), None, f"{S}.netuid: Input should be a valid integer"),
    (
        "boolean as yes",
        neurons("validator_permit", 0, "yes"),
        None,
        "neurons.1.validator_permit[0]: Input should be a valid boolean",
    ),
    (
        "schema_version true",
        lambda d: d.__setitem__("schema_version", True),
        None,
        "schema_version: true is not supported (this version reads 1; not a subnet-report snapshot?)",
    ),
    (
        "schema_version 2",
        lambda d: d.__setitem__("schema_version", 2),
        None,
        "schema_version: 2 is not supported (this version reads 1; upgrade subnet-report)",
    ),
    (
        "hyperparameter of 1e300",
        lambda d: d["subnets"][0]["hyperparameters"].__setitem__("kappa", 1e300),
        None,
        f"{S}.hyperparameters (netuid 1): Value error, kappa: 1e+300 is out of range",
    ),
    (
        "hostile extra field name",
        subnet("\u202e<b>evil\x00", 1),
        None,
        f"{S}.<b>evil (netuid 1): Extra inputs are not permitted",
    ),
    ("top level list", lambda d: None, lambda t: "[" + t + "]", "a snapshot must be a JSON object"),
]


@pytest.mark.parametrize(("label", "mutate", "text_edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_values_give_one_exact_line(tmp_path, label, mutate, text_edit, expected):
    path = tmp_path / "hostile.json.gz"
    path.write_bytes(with_text(mutate, text_edit))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {path}: {expected}\n"


def test_deep_nesting_is_refused_without_recursion(tmp_path):
    path = tmp_path / "deep.json.gz"
    deep = "[" * 100_000 + "]" * 100_000
    path.write_bytes(with_text(nest(0), lambda t: t.replace('"NEST"', deep)))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: not valid JSON: recursion limit exceeded at line 1 column ")
    assert result.output.count("\n") == 1


def test_a_lone_surrogate_is_invalid_json(tmp_path):
    path = tmp_path / "surrogate.json.gz"
    path.write_bytes(with_text(subnet("name", "\udc00")))
    with pytest.raises(SnapshotError, match="not valid JSON: lone leading surrogate in hex escape at line 1 column "):
        load_snapshot(path)


def test_many_problems_stay_on_one_short_line(tmp_path):
    path = tmp_path / "many.json.gz"
    path.write_bytes(
        with_text(
            lambda d: (
                d["neurons"]["1"].__setitem__("incentive", [7.0] * 3)
                or d["subnets"][0].update(tao_in_rao=-1, alpha_in_rao=-1, alpha_out_rao=-1)
            )
        )
    )
    with pytest.raises(SnapshotError) as error:
        load_snapshot(path)
    message = error.value.message
    assert "\n" not in message and message.endswith("(6 problems)")
    assert message.count(": Input should be") == 5  # the first five are listed


def test_gzip_bomb_is_refused_at_the_cap(tmp_path):
    path = tmp_path / "bomb.json.gz"
    path.write_bytes(gzip.compress(b" " * 2_000_000))  # 2 MB of spaces in about 2 KB
    assert path.stat().st_size < 10_000
    with pytest.raises(SnapshotError) as error:
        read_document(path, limit=100_000)
    assert error.value.message == (
        f"{path}: decompresses to more than 100,000 bytes, the limit for a snapshot; refusing it"
    )
    assert read_document.__defaults__ == (MAX_SNAPSHOT_BYTES,)


def test_a_fifo_is_not_opened(tmp_path):
    path = tmp_path / "fifo.json.gz"
    os.mkfifo(path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.output == f"Error: {path}: not a regular file\n"


def test_every_string_is_cleaned_at_load(tmp_path):
    payload = "\u202eA\u200bB\x00C\x1b[31m\U000e0041D" + "x" * 5000

    def poison(document: dict) -> None:
        document["subnets"][0].update(name=payload, owner_coldkey=payload)
        document["subnets"][0]["hyperparameters"] = {payload: payload}
        document["neurons"]["1"]["hotkey"][0] = payload
        document["provenance"]["parts"]["subnets"]["note"] = payload

    path = tmp_path / "strings.json.gz"
    path.write_bytes(with_text(poison))
    snap = load_snapshot(path)
    subnet = snap.subnet(1)
    cleaned = "AB C [31mD" + "x" * 245 + "…"  # controls become spaces, format characters go
    assert subnet.name == subnet.owner_coldkey == snap.doc.neurons[1].hotkey[0] == cleaned
    assert subnet.hyperparameters == {cleaned: cleaned}
    note = snap.provenance.parts["subnets"].note
    assert len(note) == 2000 and note.startswith("AB C [31mD") and note.endswith("…")


def test_no_subnets_is_a_clean_error(tmp_path):
    path = tmp_path / "empty.json.gz"
    path.write_bytes(with_text(lambda d: d.update(subnets=[], neurons={})))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.output == f"Error: {path}: subnets: empty; a snapshot holds at least the root subnet (netuid 0)\n"


@pytest.mark.parametrize("number", ["9" * 20_000, "1" + "0" * 20_000 + ".5"])
def test_numbers_of_thousands_of_digits_are_refused(tmp_path, number):
    path = tmp_path / "digits.json.gz"
    path.write_bytes(
        with_text(subnet("tao_in_rao", "N"), lambda t: t.replace('"tao_in_rao": "N"', f'"tao_in_rao": {number}'))
    )
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.output.startswith(f"Error: {path}: not valid JSON: number out of range at line 1 column ")
    assert result.output.count("\n") == 1
