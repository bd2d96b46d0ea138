"""The whole history's long table, joined from the tables every edition already published.

Each edition writes its own rows (`editions/<id>/downloads/history-<id>.csv` and `.parquet`), so the
top-level `downloads/history.*` need not tabulate every edition's records again: the editions' Parquet
tables are read back and joined with pyarrow, and the CSV is the editions' own CSV text, one after
the other. An edition's own rows can differ from its rows in the whole history in two ways, and such
an edition's rows are written again from the joined table instead:

- `life`: a row whose registration block was not captured takes the netuid's next known registration
  (`generator/model/lives.py`), which a later edition may bring (`history_data.life_column`);
- a column's type is inferred over the whole table: a whole-number column that is unknown (or absent)
  somewhere else in the history is a float column there (`98.0`, not `98`), and a column first seen in
  a later edition is empty in the rows above it.

The editions a build reuses are the live site's, and so is its whole history: when that history holds
exactly this build's first editions, all reused, it stands for their own tables (one file read, not one
per edition), checked and conformed the same way. The bytes are those of tabulating every record again
(`history_data.long_table`), which stays the reference, and the fallback when an edition's table is
missing or its rows are not the edition's records.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from generator import __version__
from generator.site.history_data import (
    HISTORY,
    EditionRows,
    in_row_order,
    life_column,
    to_csv,
    to_parquet,
)

INTEGERS = ("block", "netuid", "life")  # nullable whole numbers in every long table (`long_table`)


def own_table(folder: Path, edition_id: str, kind: str) -> Path:
    """Return where an edition's own long table (`csv` or `parquet`) is, in its folder."""
    return folder / "downloads" / f"history-{edition_id}.{kind}"


@dataclass(frozen=True)
class Piece:
    """Consecutive editions' rows as one published table: an edition's own, or the previous whole history."""

    editions: int  # how many editions, from the first not in an earlier piece
    table: pa.Table
    csv: Path


def whole_tables(
    editions: Sequence[EditionRows],
    folders: Sequence[Path | None],
    previous: Path | None = None,
    reused: Sequence[bool] = (),
) -> tuple[bytes, bytes] | None:
    """Return the whole history as CSV and Parquet bytes, joined from tables already published.

    `folders` are where each edition's files are (the staging folder, or the live site if reused);
    `previous` is the live site, whose whole history stands for its editions when they are this
    build's first ones, all `reused`. None when an edition's table is missing or does not hold its
    records: then tabulate them again.
    """
    if any(folder is None for folder in folders):
        return None
    pieces = _pieces(editions, [folder for folder in folders if folder is not None], previous, reused)
    schema = None if pieces is None else whole_schema([p.table for p in pieces])
    if pieces is None or schema is None:
        return None
    lives, expected, first = life_column(list(editions)), [], 0
    for piece in pieces:
        covered = range(first, first + piece.editions)
        expected.append(_joined([provenance_of(editions[i], lives[i]) for i in covered]))
        first += piece.editions
    joined = pa.concat_tables([conform(p.table, schema, e) for p, e in zip(pieces, expected)])
    frame = joined.to_pandas()
    for column in INTEGERS:
        frame[column] = frame[column].astype("Int64")
    parts, start = [to_csv(frame.iloc[:0])], 0  # the header alone
    for piece, provenance in zip(pieces, expected):
        end = start + piece.table.num_rows
        if reusable(piece.table, schema, provenance) and piece.csv.is_file():
            parts.append(piece.csv.read_bytes().split(b"\n", 1)[1])  # its rows, without its header
        elif end > start:
            parts.append(to_csv(frame.iloc[start:end], header=False))
        start = end
    return b"".join(parts), to_parquet(frame)


def _pieces(
    editions: Sequence[EditionRows], folders: Sequence[Path], previous: Path | None, reused: Sequence[bool]
) -> list[Piece] | None:
    """Return the published tables that hold every edition's rows, in order; None if one is missing."""
    prior = None if previous is None else previous_piece(previous, editions, reused)
    pieces = [prior] if prior is not None else []
    for edition, folder in list(zip(editions, folders))[prior.editions if prior else 0 :]:
        path = own_table(folder, edition.edition_id, "parquet")
        if not path.is_file():
            return None
        table = _read(path)
        if table is None or not holds(table, [edition]):
            return None
        pieces.append(Piece(1, table, own_table(folder, edition.edition_id, "csv")))
    return pieces


def previous_piece(previous: Path, editions: Sequence[EditionRows], reused: Sequence[bool]) -> Piece | None:
    """Return the live site's whole history when it holds exactly this build's first editions, all reused."""
    parquet, csv = (previous / "downloads" / f"{HISTORY}.{kind}" for kind in ("parquet", "csv"))
    if not (reused and reused[0] and parquet.is_file() and csv.is_file()):
        return None  # nothing reused (every edition rendered again), or no whole history there
    table = _read(parquet)
    if table is None or "edition" not in table.column_names:
        return None
    ids = [edition_id for edition_id, _ in itertools.groupby(table.column("edition").to_pylist())]
    count = len(ids)
    if ids != [e.edition_id for e in editions[:count]] or len(reused) < count or not all(reused[:count]):
        return None  # an edition rendered again, or another history: its rows are taken from its own table
    return Piece(count, table, csv) if holds(table, editions[:count]) else None


def _read(path: Path) -> pa.Table | None:
    """Read a published Parquet table; None if it cannot be read (then its rows come from elsewhere)."""
    try:
        return pq.read_table(path)
    except (OSError, pa.ArrowException):  # damaged or cut short: it only costs tabulating again
        return None


def holds(table: pa.Table, editions: Sequence[EditionRows]) -> bool:
    """Say whether a table's rows are these editions' records, in row order (by netuid)."""
    netuids = [int(r["netuid"]) for edition in editions for r in in_row_order(edition.records)]
    return "netuid" in table.column_names and table.column("netuid").to_pylist() == netuids


def _joined(columns: list[dict[str, pa.Array]]) -> dict[str, pa.Array]:
    """Concatenate several editions' provenance columns."""
    return {name: pa.concat_arrays([c[name] for c in columns]) for name in columns[0]} if columns else {}


def whole_schema(tables: Sequence[pa.Table]) -> pa.Schema | None:
    """Return the joined table's columns (in order of first appearance) and types; None if a column mixes kinds."""
    columns = [dict(zip(table.column_names, table.columns)) for table in tables]
    names = list(dict.fromkeys(name for table in columns for name in table))
    fields = []
    for name in names:
        present = [table[name] for table in columns if name in table]
        gaps = any(c.null_count for c in present) or any(
            t.num_rows and name not in c for t, c in zip(tables, columns)
        )  # an edition without rows adds nothing to a column's type
        kind = merged_type({c.type for c in present} - {pa.null()}, bool(gaps), name in INTEGERS)
        if kind is None:
            return None
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


def merged_type(types: set[pa.DataType], gaps: bool, integer: bool) -> pa.DataType | None:
    """Return the type pandas gives a column whose editions hold these types (None: kinds mixed).

    Whole numbers with an unknown cell anywhere become floats, as `pd.Series` infers them; `block`,
    `netuid` and `life` stay nullable integers.
    """
    if integer:
        return pa.int64()
    if not types:
        return pa.null()
    if types <= {pa.int64(), pa.float64()}:
        return pa.float64() if gaps or pa.float64() in types else pa.int64()
    return next(iter(types)) if len(types) == 1 else None


def provenance_of(edition: EditionRows, lives: list[int | None]) -> dict[str, pa.Array]:
    """Return the provenance columns the whole history gives an edition's rows (its `life` as of now)."""
    count = len(lives)
    return {
        "edition": pa.array([edition.edition_id] * count, pa.large_string()),
        "block": pa.array([edition.block] * count, pa.int64()),
        "block_timestamp": pa.array([edition.timestamp] * count, pa.large_string()),
        "life": pa.array(lives, pa.int64()),
        "snapshot": pa.array([edition.snapshot] * count, pa.large_string()),
        "generator_version": pa.array([__version__] * count, pa.large_string()),
    }


def conform(table: pa.Table, schema: pa.Schema, provenance: dict[str, pa.Array]) -> pa.Table:
    """Lay an edition's table out as the whole history's: its columns, types and provenance."""
    arrays, columns = [], dict(zip(table.column_names, table.columns))
    for field in schema:
        if field.name in provenance:
            arrays.append(pa.chunked_array([provenance[field.name].cast(field.type)]))
        elif field.name in columns:
            column = columns[field.name]
            arrays.append(column if column.type == field.type else column.cast(field.type))
        else:
            arrays.append(pa.chunked_array([pa.nulls(table.num_rows, field.type)]))
    return pa.Table.from_arrays(arrays, schema=schema)


def reusable(table: pa.Table, schema: pa.Schema, provenance: dict[str, pa.Array]) -> bool:
    """Say whether an edition's own CSV rows are its rows of the whole history, byte for byte.

    Its columns must be the whole table's, in order; each of the same type or all empty (an integer
    column that is a float column in the whole history is written `98.0` there); and its provenance,
    `life` included, what the whole history gives it.
    """
    if table.column_names != schema.names:
        return False
    types = dict(zip(table.column_names, table.schema.types))
    if any(types[f.name] not in (f.type, pa.null()) for f in schema if f.name not in provenance):
        return False
    return all(table.column(name).equals(pa.chunked_array([values])) for name, values in provenance.items())
