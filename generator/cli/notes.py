"""`subnet-report notes`: scaffold, lint and coverage of the editors' notes (a thin layer)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.errors import NoteError

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
    return value.date() if value else dt.date.today()


def _latest(snapshots: Path):
    """Load the latest snapshot (or the embedded sample's latest)."""
    from generator.build.run import snapshot_paths
    from generator.model.snapshot import load_snapshot

    paths, _ = snapshot_paths(snapshots)
    return load_snapshot(paths[-1])


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
    from generator.notes.tools import scaffold

    path = content / "subnets" / f"{netuid}.md"
    if path.exists() or path.is_symlink():
        raise NoteError(f"{path}: a note for SN{netuid} already exists; edit it instead")
    snapshot = _latest(snapshots)
    if netuid not in {s.netuid for s in snapshot.doc.subnets}:
        raise NoteError(f"netuid: {netuid} is not a subnet in the latest snapshot ({snapshot.edition_id})")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # never through a link, never over a file
        handle.write(scaffold(snapshot, netuid, _today(today)))
    click.echo(f"Wrote {path}: fill in every TODO, then run `subnet-report notes lint`.")


@notes_group.command("lint")
@content_option
@snapshots_option
@click.option("--strict", is_flag=True, help="Fail on warnings (stale notes) too.")
@today_option
def lint_command(content: Path, snapshots: Path, strict: bool, today: dt.datetime | None) -> None:
    """Check every note; print each problem as `path:line: message` (exit 1 on errors)."""
    from generator.notes.lint import ERROR, all_problems, lint_notes

    netuids = {s.netuid for s in _latest(snapshots).doc.subnets}
    linted = lint_notes(content, netuids, _today(today))
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
    from generator.metrics import scorecard as metrics
    from generator.notes.tools import coverage

    snapshot = _latest(snapshots)
    cards = metrics.scorecards(snapshot)
    shares = {int(n): float(v) for n, v in cards["emission_share"].items()}
    for line in coverage(snapshot, shares, content, _today(today)).lines():
        click.echo(line)
