"""`subnet-report validate`: check snapshot files before they are committed or published."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate_command(files: tuple[Path, ...]) -> None:
    """Load and validate snapshot FILES; fail with the file and field at fault."""
    from generator.model.snapshot import load_snapshot  # pydantic and pandas only for this command

    for path in files:
        snapshot = load_snapshot(path)
        click.echo(
            f"{path}: valid snapshot of edition {snapshot.edition_id}, block {snapshot.provenance.block}, "
            f"{len(snapshot.doc.subnets)} subnets"
        )
