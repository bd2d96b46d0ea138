"""The weekly workflow and netlify.toml only run `subnet-report` commands and options that exist."""

from __future__ import annotations

import shlex
import subprocess
import tomllib

import click
import yaml
from click.testing import CliRunner

from generator.cli.main import cli
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
                for arg in words[index + 1 :]:
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
    commit = "Commit the snapshot and the notes it froze"
    assert names.index("Build") < names.index(commit) < names.index("Deploy to Netlify")
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
    from generator.model.snapshot import write_snapshot
    from tests.conftest import make_doc

    path = write_snapshot(make_doc(), tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0 and "valid snapshot of edition 2026-08-07, block 1000, 1 subnets" in result.output
    path.write_bytes(path.read_bytes()[:50])
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and "truncated or corrupt" in result.output


def test_commit_step_commits_the_snapshot_and_the_notes_it_froze(tmp_path):
    """Run the workflow's own commit script after two weekly builds; the remote gets all the archive needs."""
    from generator.build.run import BuildConfig, build
    from tests.test_build import git
    from tests.test_build_faults import note, snapshot

    steps = workflow()["jobs"]["edition"]["steps"]
    build_step = next(s for s in steps if s.get("name") == "Build")
    assert "--snapshots snapshots" in build_step["run"]  # the folder the commit step adds
    script = next(s for s in steps if s.get("name", "").startswith("Commit"))["run"]
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(tmp_path, "clone", "-q", str(remote), str(work))
    (work / ".gitignore").write_text("site/\n.cache/\n.site.lock\n")
    note(work / "content", "week one")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "start")
    git(work, "push", "-q", "origin", "HEAD")
    for day in (1, 8):
        path = snapshot(work / "snapshots", day)
        build(
            BuildConfig(
                snapshots=work / "snapshots",
                content=work / "content",
                templates=REPO / "templates",
                output=work / "site",
                cache=work / ".cache",
                jobs=1,
            )
        )
        filled = script.replace("${{ steps.fetch.outputs.file }}", f"snapshots/{path.name}")
        done = subprocess.run(
            ["bash", "-c", filled],
            cwd=work,
            capture_output=True,
            text=True,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )
        assert done.returncode == 0, done.stderr
        note(work / "content", "week two")  # an edit between the weekly runs
    assert git(work, "status", "--porcelain", "--", "snapshots") == ""
    committed = git(remote, "ls-tree", "-r", "--name-only", "HEAD").split()
    for stem in ("finney-1000-20260801T083500Z", "finney-8000-20260808T083500Z"):
        assert {f"snapshots/{stem}.json.gz", f"snapshots/{stem}.notes/subnets/1.md"} <= set(committed)
    first = git(remote, "show", "HEAD:snapshots/finney-1000-20260801T083500Z.notes/subnets/1.md")
    assert "week one" in first  # frozen when the second edition was built, not rewritten after the edit
