"""What the checking commands do (`validate`, `notes new`, `notes lint`, `notes status`), so the CLI
only parses, calls one of these and prints: it loads no snapshot and does no pandas work itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.build.run import snapshot_paths
from generator.errors import NoteError
from generator.metrics import scorecard
from generator.model.snapshot import Snapshot, load_snapshot
from generator.notes.lint import LintedNote, lint_notes
from generator.notes.tools import Coverage, coverage, scaffold


def latest_snapshot(snapshots: Path) -> Snapshot:
    """Load the latest snapshot of a folder (or the embedded sample's latest)."""
    paths, _ = snapshot_paths(snapshots)
    return load_snapshot(paths[-1])


def validate(path: Path) -> str:
    """Load and validate one snapshot file; describe it in one line (a bad file raises SnapshotError)."""
    snapshot = load_snapshot(path)
    return (
        f"{path}: valid snapshot of edition {snapshot.edition_id}, block {snapshot.provenance.block}, "
        f"{len(snapshot.doc.subnets)} subnets"
    )


def new_note(content: Path, snapshots: Path, netuid: int, today: dt.date) -> Path:
    """Write a note scaffold for `netuid`, prefilled from the latest snapshot; never overwrites one."""
    path = content / "subnets" / f"{netuid}.md"
    if path.exists() or path.is_symlink():
        raise NoteError(f"{path}: a note for SN{netuid} already exists; edit it instead")
    snapshot = latest_snapshot(snapshots)
    if netuid not in {s.netuid for s in snapshot.doc.subnets}:
        raise NoteError(f"netuid: {netuid} is not a subnet in the latest snapshot ({snapshot.edition_id})")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # never through a link, never over a file
        handle.write(scaffold(snapshot, netuid, today))
    return path


def lint(content: Path, snapshots: Path, today: dt.date) -> list[LintedNote]:
    """Lint every note against the netuids of the latest snapshot."""
    return lint_notes(content, {s.netuid for s in latest_snapshot(snapshots).doc.subnets}, today)


def notes_status(content: Path, snapshots: Path, today: dt.date) -> Coverage:
    """Survey the notes against the latest snapshot, with the emission share each subnet holds."""
    snapshot = latest_snapshot(snapshots)
    cards = scorecard.scorecards(snapshot)
    shares = {int(n): float(v) for n, v in cards["emission_share"].items()}
    return coverage(snapshot, shares, content, today)
