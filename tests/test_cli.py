"""The command line: help everywhere, exact errors, build and serve."""

from __future__ import annotations

import threading
import time
import urllib.request

import click
import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli.main import cli
from generator.model.snapshot import write_snapshot
from tests.conftest import REPO, make_doc


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"subnet-report, version {__version__}\n"


def every_command(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand of the CLI, as the words that invoke it."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += every_command(command, (*prefix, name))
    return found


def test_the_cli_has_these_commands():
    assert [" ".join(c) for c in every_command()] == [
        "build",
        "fetch",
        "notes",
        "notes lint",
        "notes new",
        "notes status",
        "serve",
        "validate",
    ]


@pytest.mark.parametrize("words", every_command(), ids=" ".join)
def test_every_command_has_help(words):
    command: click.Command = cli
    for word in words:
        command = command.commands[word]  # type: ignore[attr-defined]
    result = CliRunner().invoke(cli, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert command.help and " ".join(command.help.split()[:4]) in " ".join(result.output.split())
    for param in command.params:
        if param.name != "help" and not getattr(param, "hidden", False) and param.param_type_name == "option":
            assert param.help, f"{' '.join(words)} --{param.name} lacks help"


def test_the_readme_documents_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [" ".join(words) for words in every_command() if f"subnet-report {' '.join(words)}" not in readme]
    assert len(every_command()) == 8
    assert missing == []


def test_build_error_names_the_file(tmp_path, chart_cache):
    snapshots = tmp_path / "snaps"
    path = write_snapshot(make_doc(), snapshots)
    path.write_bytes(b"not gzip")
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--snapshots",
            str(snapshots),
            "--out",
            str(tmp_path / "site"),
            "--cache",
            str(chart_cache),
            "--templates",
            str(REPO / "templates"),
        ],
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: unreadable snapshot (truncated or corrupt): ")
    assert not (tmp_path / "site").exists()


def test_build_missing_templates(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--templates", str(tmp_path / "nope"), "--out", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nope'}/base.html: templates folder not found or incomplete\n"


def test_build_small_snapshot_and_summary(tmp_path, chart_cache):
    snapshots = tmp_path / "snaps"
    write_snapshot(make_doc(), snapshots)
    args = [
        "build",
        "--snapshots",
        str(snapshots),
        "--out",
        str(tmp_path / "site"),
        "--cache",
        str(chart_cache),
        "--templates",
        str(REPO / "templates"),
        "--content",
        str(tmp_path / "none"),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Built 1 edition(s) from your snapshots into ")
    assert (tmp_path / "site" / "subnets" / "1.html").is_file()
    assert CliRunner().invoke(cli, [*args, "--quiet"]).output == ""


def test_serve_refuses_an_unbuilt_site(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path}/index.html: no built site here; run `subnet-report build` first\n"


def test_serve_serves_the_site_on_loopback(built_site):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    runner = threading.Thread(
        target=CliRunner().invoke, args=(cli, ["serve", "--out", str(built_site), "--port", str(port)]), daemon=True
    )
    runner.start()
    for _ in range(50):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/subnets/64.html", timeout=1) as response:
                assert response.status == 200
                assert "Chutes" in response.read().decode()
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("serve did not answer")


def _serving(folder, handler=None):
    import functools
    import http.server

    from generator.cli.main import PreviewServer

    handler = handler or functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = PreviewServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_download_dropped_by_the_browser_prints_nothing(built_site, capsys):
    import socket
    import struct

    big = next((built_site / "downloads").glob("*.json.gz"))  # megabytes: still being sent when the reader leaves
    server = _serving(built_site)
    try:
        for _ in range(3):
            reader = socket.create_connection(server.server_address)
            reader.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # leave with a reset
            reader.sendall(f"GET /downloads/{big.name} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            assert reader.recv(12).startswith(b"HTTP/1.0 200")
            reader.close()
        time.sleep(0.5)  # the server's threads meet the reset
    finally:
        server.shutdown()
    assert "Traceback" not in capsys.readouterr().err


def test_a_request_that_fails_otherwise_is_one_line(tmp_path, capsys):
    import http.server

    class Broken(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            raise ValueError("no such view")

    server = _serving(tmp_path, Broken)
    try:
        with pytest.raises(OSError):  # the server answers nothing, and closes
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/", timeout=5)
    finally:
        server.shutdown()
    assert capsys.readouterr().err == "Error: request from 127.0.0.1: no such view\n"
