"""`subnet-report validate`: check snapshot files before they are committed or published."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate_command(files: tuple[Path, ...]) -> None:
    """Load and validate snapshot FILES; fail with the file and field at fault."""
    from generator.build.checks import validate  # heavy imports only for this command

    for path in files:
        click.echo(validate(path))
