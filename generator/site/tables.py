"""Table columns that hold no known value in any row are left out and named once above the table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from generator import format as fmt
from generator.metrics.units import NOT_APPLICABLE

EMPTY = {fmt.UNKNOWN, NOT_APPLICABLE}


def empty_columns(keys: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return the keys of columns where every row's cell is unknown or not applicable (none without rows).

    Each row holds one formatted cell per key, in the order of `keys`.
    """
    if not rows:
        return []
    return [key for i, key in enumerate(keys) if all(row[i] in EMPTY for row in rows)]


def not_captured(labels: Sequence[str]) -> str:
    """Say once what the table leaves out because no row has it ("" when nothing is left out)."""
    if not labels:
        return ""
    names = ", ".join(labels)
    return f"Not captured in this edition for any subnet, so not shown as a column: {names}."


def drop_empty_leader_columns(columns: list, rows: list) -> tuple[list, list, str]:
    """Leave out leaderboard columns unknown in every row; return columns, rows and the sentence saying so."""
    keys = [c.key for c in columns]
    dropped = set(empty_columns(keys, [[cell.value for cell in row.cells] for row in rows]))
    kept = [c for c in columns if c.key not in dropped]
    rows = [replace(row, cells=[cell for cell in row.cells if cell.key not in dropped]) for row in rows]
    return kept, rows, not_captured([c.label for c in columns if c.key in dropped])
