"""The whole history as one data set: a long table, one row per subnet life per edition, as CSV and Parquet.

Each row holds every scorecard figure of one subnet in one edition (null = unknown; the `*_reason`
columns say why a figure is not applicable) and provenance columns: `edition`, `block`,
`block_timestamp`, `life` (the registration block of the subnet this row belongs to, inferred where
not captured, `generator/model/lives.py`), `snapshot` (the input file), `generator_version` and
`simulated_fields` (`;`-separated). Every edition publishes its own rows in `downloads/`; the top
level publishes the whole history in `downloads/history.*`, each file with its SHA-256 (joined from the
tables already published: `generator/site/history_whole.py`; `long_table` is the reference it matches).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd
from pandas.api.types import is_numeric_dtype

from generator import __version__
from generator.model import lives
from generator.model.events import EditionHistory
from generator.safety import csv_cell
from generator.site.open_data import SIMULATED, Download, sha256
from generator.site.writer import write_bytes

PROVENANCE = ("edition", "block", "block_timestamp", "netuid", "life", "snapshot", "generator_version")
HISTORY = "history"
CSV_ROWS = 2_000  # rows converted to text at a time


class BuiltEdition(Protocol):
    """What the site reads of a built edition (`build.edition_result.EditionResult`: site never imports build)."""

    @property
    def edition_id(self) -> str: ...
    @property
    def block(self) -> int: ...
    @property
    def path(self) -> Path: ...
    @property
    def records(self) -> list[dict]: ...
    @property
    def history(self) -> EditionHistory | None: ...
    @property
    def folder(self) -> Path | None: ...
    @property
    def rebuilt(self) -> bool: ...


def history_of(result: BuiltEdition) -> EditionHistory:
    """Return a built edition's history; every edition a build reads back or renders has one."""
    if result.history is None:
        raise ValueError(f"edition {result.edition_id}: no history (events and facts) to read")
    return result.history


@dataclass(frozen=True)
class EditionRows:
    """One edition's scorecard records and where they come from."""

    edition_id: str
    block: int
    timestamp: str
    snapshot: str
    records: list[dict]


def long_table(editions: list[EditionRows], only: str | None = None) -> pd.DataFrame:
    """Return the long table of these editions (or only of edition `only`), oldest first, rows keyed by life."""
    columns: dict[str, list] = {}  # column by column: a row dict each would cost more than the table
    count = 0
    for edition, keys in zip(editions, life_column(editions)):
        if only is not None and edition.edition_id != only:
            continue  # earlier editions only tell which life each row belongs to
        for record, key in zip(in_row_order(edition.records), keys):
            provenance = {
                "edition": edition.edition_id,
                "block": edition.block,
                "block_timestamp": edition.timestamp,
                "netuid": int(record["netuid"]),
                "life": key,
                "snapshot": edition.snapshot,
                "generator_version": __version__,
            }
            # sorted: a reused edition's records come back from JSON in another order than fresh ones
            figures = {k: record[k] for k in sorted(record) if k not in provenance and k != SIMULATED}
            count = _append(columns, count, {**provenance, **figures, SIMULATED: ";".join(record.get(SIMULATED, []))})
    frame = pd.DataFrame({name: pd.Series(values, dtype=None) for name, values in columns.items()})
    for column in ("block", "netuid", "life"):  # whole numbers, with null where the life is unknown
        frame[column] = frame[column].astype("Int64")
    return frame


def in_row_order(records: list[dict]) -> list[dict]:
    """Order an edition's records as its rows of the long table: by netuid."""
    return sorted(records, key=lambda r: int(r["netuid"]))


def life_column(editions: list[EditionRows]) -> list[list[int | None]]:
    """Return each edition's `life` cells in row order: the registration block, or None where unknown.

    An uncaptured registration takes the netuid's next known one (`lives.life_keys`), so a row's
    life can depend on later editions: an edition's own table, written when it was the newest, may
    leave empty a life the whole history knows.
    """
    by_netuid: dict[int, list[tuple[int, float | int | None]]] = {}
    for edition in editions:
        for record in edition.records:
            by_netuid.setdefault(int(record["netuid"]), []).append((edition.block, record.get("registered_at_block")))
    life = {n: iter(lives.life_keys(rows)) for n, rows in by_netuid.items()}
    column = []
    for edition in editions:
        keys = (next(life[int(record["netuid"])]) for record in in_row_order(edition.records))
        column.append([key if isinstance(key, int) else None for key in keys])
    return column


def to_csv(frame: pd.DataFrame, header: bool = True) -> bytes:
    """Write the table as UTF-8 CSV: empty cell = unknown, formula-like text quoted with a leading `'`.

    Slice by slice, each encoded at once: one `str` of the whole history would hold every character in
    four bytes as soon as one name has a character outside the Basic Multilingual Plane.
    """
    text = [c for c in frame.columns if not is_numeric_dtype(frame[c])]  # only text can read as a formula
    parts = []
    for start in range(0, max(len(frame), 1), CSV_ROWS):  # in slices: the whole history as objects is large
        part = frame.iloc[start : start + CSV_ROWS]
        cells = part.astype(object).where(part.notna(), None)
        for column in text:
            cells[column] = cells[column].map(csv_cell)
        parts.append(cells.to_csv(index=False, header=header and start == 0, lineterminator="\n").encode("utf-8"))
    return b"".join(parts)


def _append(columns: dict[str, list], count: int, row: dict) -> int:
    """Add one row to a table kept as columns (a column first seen now is empty above); return the row count."""
    for name in row:
        if name not in columns:
            columns[name] = [None] * count
    for name, values in columns.items():
        values.append(row.get(name))
    return count + 1


def to_parquet(frame: pd.DataFrame) -> bytes:
    """Write the table as Parquet (pyarrow, zstd), deterministically: same table, same bytes."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, engine="pyarrow", index=False, compression="zstd")
    return buffer.getvalue()


def write_tables(folder: Path, stem: str, editions: list[EditionRows], label: str) -> list[Download]:
    """Write these editions' long table as `downloads/<stem>.csv` and `.parquet`, with their checksums."""
    frame = long_table(editions)
    return write_files(folder, stem, label, to_csv(frame), to_parquet(frame))


def write_files(folder: Path, stem: str, label: str, csv: bytes, parquet: bytes) -> list[Download]:
    """Write a long table's CSV and Parquet bytes as `downloads/<stem>.*`; return them with their checksums."""
    write_bytes(folder, f"downloads/{stem}.csv", csv)
    write_bytes(folder, f"downloads/{stem}.parquet", parquet)
    return [
        Download(f"{label} ({kind})", f"downloads/{name}", sha256(folder / "downloads" / name), _size(folder, name))
        for kind, name in (("CSV", f"{stem}.csv"), ("Parquet", f"{stem}.parquet"))
    ]


def _size(folder: Path, name: str) -> str:
    """Format a download's size."""
    return f"{(folder / 'downloads' / name).stat().st_size:,d} bytes"


def rows_of(result: BuiltEdition) -> EditionRows:
    """Describe a built edition (`build.edition_result.EditionResult`) for the long table."""
    history = history_of(result)
    return EditionRows(result.edition_id, result.block, history.timestamp.isoformat(), result.path.name, result.records)
