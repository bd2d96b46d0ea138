"""`subnet-report fetch` through click's CliRunner, on the in-memory chain."""

from __future__ import annotations

import errno
import functools
import gzip
import socket

import click
import pytest
from bittensor.result import ChainError
from click.testing import CliRunner

from generator.cli import fetch as cli_fetch
from generator.cli.fetch import fetch_command
from generator.fetch.chain import fetch_to_folder
from generator.fetch.sources import SourcesConfig
from generator.model.snapshot import find_snapshots, load_snapshot

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
    result = CliRunner().invoke(
        cli, ["fetch", "--out", str(tmp_path), *OFFLINE], env={"SUBNET_REPORT_NETWORK": "nowhere"}
    )
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
    assert (
        result.stderr.splitlines(keepends=True)[-1]
        == f"Error: {path}: a snapshot for this block already exists; not overwriting it\n"
    )


def test_bad_concurrency_is_a_usage_error(cli, tmp_path):
    result = CliRunner().invoke(cli, ["fetch", "--concurrency", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--concurrency': 0 is not in the range x>=1." in result.stderr


def test_help_documents_every_option(cli):
    result = CliRunner().invoke(cli, ["fetch", "--help"])
    assert result.exit_code == 0
    for option in (
        "--network",
        "--block",
        "--out",
        "--concurrency",
        "--timeout",
        "--retries",
        "--allow-partial",
        "--price-url",
        "--github-url",
        "--cache-dir",
        "--quiet",
    ):
        assert option in result.output


URL = "wss://my.node.example:443"
URL_FILE = "my.node.example-8791253-20260807T083500Z.json.gz"


@pytest.mark.parametrize("how", ["option", "environment"])
def test_url_network_names_the_file_by_its_host(cli, tmp_path, how):
    out = tmp_path / "snapshots"
    args, env = (["--network", URL], {}) if how == "option" else ([], {"SUBNET_REPORT_NETWORK": URL})
    result = CliRunner().invoke(cli, ["fetch", "--out", str(out), *args, *OFFLINE], env=env)
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "snapshots",
        f"snapshots/{URL_FILE}",
    ]
    prov = load_snapshot(out / URL_FILE).provenance
    assert prov.network == URL and f"at {URL}:" in prov.parts["subnets"].source
    assert result.stdout.splitlines()[0] == f"network   {URL}"


def test_url_credentials_stay_out_of_the_snapshot_and_the_output(cli, tmp_path):
    secret = "wss://me:s3cret@rpc.example:443/ws?apikey=s3cret"
    result = CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), "--network", secret, *OFFLINE])
    assert result.exit_code == 0, result.output
    [path] = find_snapshots(tmp_path)
    assert path.name == "rpc.example-8791253-20260807T083500Z.json.gz"
    assert load_snapshot(path).provenance.network == "wss://***@rpc.example:443/ws?apikey=***"
    assert "s3cret" not in result.output and b"s3cret" not in gzip.decompress(path.read_bytes())


@pytest.mark.parametrize("network", ["../x", "../../tmp/x", "/etc"])
def test_path_like_network_is_refused_and_writes_nothing(cli, fake, tmp_path, network):
    out = tmp_path / "a" / "out"
    result = CliRunner().invoke(cli, ["fetch", "--out", str(out), "--network", network, *OFFLINE])
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: network {network}: Unknown network ")
    assert len(result.stderr.splitlines()) == 1 and fake.calls["connect"] == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_url_with_dot_dot_path_still_writes_inside_out(cli, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["fetch", "--out", str(out), "--network", "ws://node/../../../x", *OFFLINE])
    assert result.exit_code == 0, result.output
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json.gz")] == [
        "out/node-8791253-20260807T083500Z.json.gz"
    ]


def test_unwritable_out_fails_before_reading_the_chain(cli, fake, tmp_path):
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "snapshots"
    result = CliRunner().invoke(cli, ["fetch", "--out", str(out), *OFFLINE])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out}: cannot write snapshots here: a file is in the way of the folder\n"
    assert fake.calls["connect"] == 0


def test_disk_full_while_writing_is_one_line_and_leaves_no_partial(cli, tmp_path, monkeypatch):
    from generator.model import files as snapshot_files

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(snapshot_files, "_write_all", full)
    result = CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), *OFFLINE])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {tmp_path / 'finney-8791253-20260807T083500Z.json.gz'}: cannot write the snapshot: No space left on device"
    )
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []


def test_unreachable_sources_are_unknown_in_summary_and_provenance(cli, tmp_path, monkeypatch):
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setattr(cli_fetch, "SourcesConfig", functools.partial(SourcesConfig, retries=1, backoff=0.01))
    result = CliRunner().invoke(
        cli,
        [
            "fetch",
            "--out",
            str(tmp_path),
            "--retries",
            "1",
            "--price-url",
            dead,
            "--github-url",
            dead,
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
    )
    assert result.exit_code == 0, result.output
    host = dead.removeprefix("http://")
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert lines["TAO/USD"].startswith(f"unknown: TAO/USD price unavailable ({host} unreachable (ConnectError: ")
    assert lines["code"].startswith(
        "unknown: no repository could be read (111 subnets naming a GitHub repository: "
        f"0 read, 0 not found, 0 failed, 111 skipped); {host} unreachable: ConnectError: "
    )
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == 2 and lines["warnings"] == "2"
    assert warnings[1].endswith("given up for this run, code activity not fetched for 111 more subnets")
    parts = load_snapshot(find_snapshots(tmp_path)[0]).provenance.parts
    assert parts["code_activity"].obtained == "unknown" and parts["price_usd"].obtained == "unknown"
    assert parts["code_activity"].reason == lines["code"].removeprefix("unknown: ")


def test_offline_summary_says_what_was_not_fetched(cli, tmp_path):
    result = CliRunner().invoke(cli, ["fetch", "--out", str(tmp_path), *OFFLINE])
    lines = result.stdout.splitlines()
    assert lines[5:7] == ["TAO/USD   not fetched", "code      not fetched"]
