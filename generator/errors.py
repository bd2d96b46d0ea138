"""One family of user-facing errors: each names the file, subnet or field at fault."""

from __future__ import annotations

import click


class ReportError(click.ClickException):
    """Base of every error a user of subnet-report can see (printed as `Error: ...`)."""


class SnapshotError(ReportError):
    """A snapshot file is missing, truncated, of an unknown schema or fails validation."""


class NoteError(ReportError):
    """An editor's note cannot be read or breaks the notes schema."""


class BuildError(ReportError):
    """The site cannot be built from the given inputs."""


class FetchError(ReportError):
    """The chain or a market/code source could not be read."""
