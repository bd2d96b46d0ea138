"""`subnet-report fetch` through click's CliRunner, on the in-memory chain."""

from __future__ import annotations

import functools

import click
import pytest
from bittensor.result import ChainError
from click.testing import CliRunner

from generator import cli_fetch
from generator.cli_fetch import fetch_command
from generator.fetch import fetch_to_folder
from generator.snapshot import find_snapshots, load_snapshot

OFFLINE = ["--no-market", "--no-code", "--retries", "1"]


@pytest.fixture
def cli(fake, monkeypatch):
    """A tiny group with the fetch command, wired to the fake chain."""
    monkeypatch.setattr(cli_fetch, "fetch_to_folder", functools.partial(fetch_to_folder, substrate=fake))
    group = click.Group("subnet-report")
    group.add_command(fetch_command)
    return group


def test_fetch_writes_a_snapshot_and_prints_a_summary(cli, tmp_path):
    result = CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), *OFFLINE])
    assert result.exit_code == 0, result.output
    [path] = find_snapshots(tmp_path)
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "network   finney",
        "block     8791253 (2026-08-07 08:35:00 UTC)",
        "subnets   129 (129 metagraphs)",
        f"neurons   {sum(len(t.uid) for t in load_snapshot(path).doc.neurons.values())}",
        "failures  none",
    ]
    assert lines[-1] == f"file      {path}"
    assert "metagraphs: 129/129" in result.stderr


def test_quiet_prints_only_the_file(cli, tmp_path):
    result = CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), "--quiet", *OFFLINE])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == f"{find_snapshots(tmp_path)[0]}\n"


def test_ci_is_quiet(cli, tmp_path):
    result = CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), *OFFLINE], env={"CI": "true"})
    assert result.exit_code == 0 and result.stderr == ""


def test_failing_subnet_is_an_error_naming_it(cli, fake, tmp_path):
    def fault(name, args):
        if name == "runtime_call" and args[1] == "get_metagraph" and args[2] == 12:
            raise ChainError("trap")

    fake.fault = fault
    result = CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), *OFFLINE])
    assert result.exit_code == 1
    assert result.stderr.splitlines(keepends=True)[-1] == (
        "Error: subnet 12: could not read its metagraph at block 8791253: ChainError: trap "
        "(use --allow-partial to write the snapshot without it)\n"
    )
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []
    result = CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), "--allow-partial", *OFFLINE])
    assert result.exit_code == 0 and "failures  12 (ChainError: trap)" in result.stdout


def test_network_comes_from_the_environment(cli, tmp_path):
    result = CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), *OFFLINE], env={"SUBNET_REPORT_NETWORK": "nowhere"})
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: network nowhere: Unknown network 'nowhere'. Known networks: "
        "['archive', 'devnet', 'finney', 'local', 'test'], or pass a ws:// / wss:// endpoint directly.\n"
    )


def test_same_block_twice_is_refused(cli, tmp_path):
    CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), *OFFLINE])
    result = CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), *OFFLINE])
    [path] = find_snapshots(tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines(keepends=True)[-1] == f"Error: {path}: a snapshot for this block already exists; not overwriting it\n"


def test_bad_concurrency_is_a_usage_error(cli, tmp_path):
    result = CliRunner().invoke(cli, ["fetch", "--concurrency", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--concurrency': 0 is not in the range x>=1." in result.stderr


def test_help_documents_every_option(cli):
    result = CliRunner().invoke(cli, ["fetch", "--help"])
    assert result.exit_code == 0
    for option in ("--network", "--block", "--out", "--concurrency", "--timeout", "--retries",
                   "--allow-partial", "--price-url", "--github-url", "--cache-dir", "--quiet"):
        assert option in result.output
