"""`subnet-report notes`: scaffold, lint and coverage of the editors' notes (a thin layer)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

folder = click.Path(file_okay=False, path_type=Path)
content_option = click.option(
    "--content",
    type=folder,
    default=Path("content"),
    show_default=True,
    help="Folder of editors' notes (content/subnets/<netuid>.md).",
)
snapshots_option = click.option(
    "--snapshots",
    type=folder,
    default=Path("snapshots"),
    show_default=True,
    help="Folder of snapshots; the latest one (or the embedded sample) is used.",
)
today_option = click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    envvar="SUBNET_REPORT_TODAY",
    hidden=True,
    help="Pretend today is this date (tests).",
)


def _today(value: dt.datetime | None) -> dt.date:
    """Resolve "today" the one way the build does too: `--today`, else SUBNET_REPORT_TODAY, else the date."""
    from generator.notes.lint import today_or_env

    return today_or_env(value.date() if value else None)


@click.group("notes")
def notes_group() -> None:
    """Write, check and survey the editors' notes (content/subnets/<netuid>.md)."""


@notes_group.command("new")
@click.argument("netuid", type=click.IntRange(1, 65535))
@content_option
@snapshots_option
@today_option
def new_command(netuid: int, content: Path, snapshots: Path, today: dt.datetime | None) -> None:
    """Write a note scaffold for NETUID, prefilled from the latest snapshot (never overwrites)."""
    from generator.build.checks import new_note

    path = new_note(content, snapshots, netuid, _today(today))
    click.echo(f"Wrote {path}: fill in every TODO, then run `subnet-report notes lint`.")


@notes_group.command("lint")
@content_option
@snapshots_option
@click.option("--strict", is_flag=True, help="Fail on warnings (stale notes) too.")
@today_option
def lint_command(content: Path, snapshots: Path, strict: bool, today: dt.datetime | None) -> None:
    """Check every note; print each problem as `path:line: message` (exit 1 on errors)."""
    from generator.build.checks import lint
    from generator.notes.lint import ERROR, all_problems

    linted = lint(content, snapshots, _today(today))
    problems = all_problems(linted)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{len(linted)} note(s): {errors} error(s), {warnings} warning(s).")
    if errors or (strict and warnings):
        raise SystemExit(1)


@notes_group.command("status")
@content_option
@snapshots_option
@today_option
def status_command(content: Path, snapshots: Path, today: dt.datetime | None) -> None:
    """Show coverage: subnets without a note, stale notes, orphaned notes, emission share covered."""
    from generator.build.checks import notes_status

    for line in notes_status(content, snapshots, _today(today)).lines():
        click.echo(line)
