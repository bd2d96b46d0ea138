"""The weekly workflow and netlify.toml only run `subnet-report` commands and options that exist."""

from __future__ import annotations

import shlex
import tomllib

import click
import yaml
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "weekly.yml"
STOP = {")", "|", "||", "&&", ";", ">", ">>"}


def commands(script: str) -> list[list[str]]:
    """Return the arguments of every `subnet-report` call in a shell script."""
    found = []
    for line in script.splitlines():
        words = shlex.split(line.replace("$(", " ").replace(")", " ) "), posix=True)
        for index, word in enumerate(words):
            if word == "subnet-report":
                tail = []
                for arg in words[index + 1:]:
                    if arg in STOP:
                        break
                    tail.append(arg)
                found.append(tail)
    return found


def check(args: list[str]) -> None:
    """Fail unless the subcommand exists and accepts every option given."""
    command = cli.commands.get(args[0])
    assert isinstance(command, click.Command), f"no such command: {args[0]}"
    options = {opt for param in command.params for opt in param.opts + param.secondary_opts}
    for arg in args[1:]:
        if arg.startswith("-"):
            assert arg.split("=")[0] in options, f"subnet-report {args[0]}: no option {arg}"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_commands_exist():
    steps = workflow()["jobs"]["edition"]["steps"]
    calls = [c for step in steps if "run" in step for c in commands(step["run"])]
    assert [c[0] for c in calls] == ["fetch", "validate", "build"]
    for call in calls:
        check(call)


def test_workflow_triggers_and_secrets():
    data = workflow()
    triggers = data[True] if True in data else data["on"]  # YAML 1.1 reads `on` as true
    assert "workflow_dispatch" in triggers and triggers["schedule"][0]["cron"]
    steps = data["jobs"]["edition"]["steps"]
    fetch = next(s for s in steps if s.get("id") == "fetch")
    assert fetch["env"]["GITHUB_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert "vars.SUBNET_REPORT_NETWORK" in data["jobs"]["edition"]["env"]["SUBNET_REPORT_NETWORK"]
    names = [s.get("name", "") for s in steps]
    # nothing is committed or deployed before the build succeeded
    assert names.index("Build") < names.index("Commit the snapshot") < names.index("Deploy to Netlify")
    assert "set -euo pipefail" in fetch["run"]


def test_netlify_command_exists():
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    calls = commands(config["build"]["command"])
    assert calls and calls[0][0] == "build"
    for call in calls:
        check(call)
    assert config["build"]["publish"] == "site"


def test_check_catches_a_missing_option():
    try:
        check(["build", "--no-such-option"])
    except AssertionError as error:
        assert "no option --no-such-option" in str(error)
    else:
        raise AssertionError("check accepted an unknown option")


def test_validate_command(tmp_path):
    from generator.snapshot import write_snapshot
    from tests.conftest import make_doc

    path = write_snapshot(make_doc(), tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0 and "valid snapshot of edition 2026-08-07, block 1000, 1 subnets" in result.output
    path.write_bytes(path.read_bytes()[:50])
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and "truncated or corrupt" in result.output
