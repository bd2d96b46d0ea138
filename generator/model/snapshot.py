"""The snapshot format: the chain at one block, on disk as gzip'd, column-oriented JSON.

A snapshot file holds one document (`SnapshotDoc`, defined in `generator/model/schema.py`) with
- `schema_version` (this module reads exactly `SCHEMA_VERSION`),
- `provenance`: network, block, hash, timestamp, runtime/SDK versions, and for each part
  (`subnets`, `neurons`, `price_usd`, `code_activity`) whether it was `captured` or `simulated`, or
  `unknown` (asked for but not obtained, with the `reason`),
- `subnets`: one record per subnet, amounts in integer rao as the chain reports them,
- `neurons`: per subnet, one column per neuron field (columns compress far better than rows),
- optional `price_usd` and `code_activity`: absent means unknown.

`null` anywhere means "unknown", never zero.

A snapshot file is untrusted input. Loading it is bounded (`MAX_SNAPSHOT_BYTES` decompressed, the
JSON parser's nesting limit) and strict: JSON types are never coerced (`"1"` is not a number, `"yes"`
not a boolean), numbers must be finite and within what the chain can hold, and every string passes
through `generator.safety.clean_field` (control, bidi and zero-width characters removed, long values
cut with a marker), so every page, feed and download receives cleaned text.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from generator.errors import SnapshotError
from generator.model.endpoints import network_slug
from generator.model.files import SUFFIX, write_new_file
from generator.model.files import find_snapshots as find_snapshots  # listed where no pandas is needed; re-exported
from generator.model.schema import NEURON_COLUMNS, SCHEMA_VERSION, Provenance, SnapshotDoc, Subnet
from generator.model.snapshot_errors import describe

MAX_SNAPSHOT_BYTES = 128 * 2**20  # decompressed; the sample's files are about 5.3 MB


@dataclass(frozen=True)
class Snapshot:
    """A validated snapshot and the file it came from, with pandas views for the metrics."""

    path: Path
    doc: SnapshotDoc

    @property
    def provenance(self) -> Provenance:
        """Return the provenance block."""
        return self.doc.provenance

    @property
    def edition_id(self) -> str:
        """Return the edition this snapshot publishes: the UTC date of its block."""
        return self.doc.provenance.block_timestamp.strftime("%Y-%m-%d")

    def subnet(self, netuid: int) -> Subnet:
        """Return one subnet record."""
        return self._by_netuid[netuid]

    @cached_property
    def _by_netuid(self) -> dict[int, Subnet]:
        return {s.netuid: s for s in self.doc.subnets}

    @cached_property
    def subnets(self) -> pd.DataFrame:
        """Return the subnet table indexed by netuid (identity and hyperparameters left out)."""
        rows = [s.model_dump(exclude={"identity", "hyperparameters"}) for s in self.doc.subnets]
        return pd.DataFrame(rows).set_index("netuid", drop=False).sort_index()

    @cached_property
    def neurons(self) -> pd.DataFrame:
        """Return every neuron of every subnet, with a netuid column (one frame from joined columns)."""
        tables = sorted(self.doc.neurons.items())
        if not tables:
            return pd.DataFrame(columns=[*NEURON_COLUMNS, "netuid"])
        columns: dict[str, list] = {
            name: [value for _, table in tables for value in getattr(table, name)] for name in NEURON_COLUMNS
        }
        columns["netuid"] = [netuid for netuid, table in tables for _ in table.uid]
        frame = pd.DataFrame(columns)
        frame["emission_rao"] = frame["emission_rao"].astype("Float64")
        return frame


def read_document(path: Path, limit: int = MAX_SNAPSHOT_BYTES) -> bytes:
    """Read the decompressed JSON of a snapshot file, at most `limit` bytes, failing clearly on
    truncation, corruption or a file that inflates beyond the limit (a gzip bomb)."""
    if not path.exists():
        raise SnapshotError(f"{path}: no such snapshot file")
    if not path.is_file():
        raise SnapshotError(f"{path}: not a regular file")
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except (EOFError, OSError, zlib.error) as exc:
        raise SnapshotError(f"{path}: unreadable snapshot (truncated or corrupt): {exc}") from None
    if len(data) > limit:
        raise SnapshotError(
            f"{path}: decompresses to more than {limit:,d} bytes, the limit for a snapshot; refusing it"
        )
    return data


def parse_document(path: Path, data: bytes) -> SnapshotDoc:
    """Validate a snapshot's JSON strictly (no type coercion, finite numbers), naming file and field."""
    try:
        doc = SnapshotDoc.model_validate_json(data, strict=True)
    except ValidationError as exc:
        raise SnapshotError(describe(path, exc, data, SCHEMA_VERSION)) from None
    if not doc.subnets:
        raise SnapshotError(f"{path}: subnets: empty; a snapshot holds at least the root subnet (netuid 0)")
    return doc


def load_snapshot(path: Path) -> Snapshot:
    """Load and validate one snapshot file."""
    path = Path(path)
    return Snapshot(path=path, doc=parse_document(path, read_document(path)))


def encode(doc: SnapshotDoc) -> bytes:
    """Serialise a document to deterministic gzip'd JSON (same document, same bytes)."""
    text = json.dumps(doc.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="", compresslevel=9) as handle:
        handle.write(text.encode("utf-8"))
    return buffer.getvalue()


def snapshot_filename(doc: SnapshotDoc) -> str:
    """Name a snapshot after its network (as a safe slug: a URL is no path), block and UTC time."""
    prov = doc.provenance
    stamp = prov.block_timestamp.strftime("%Y%m%dT%H%M%SZ")
    return f"{network_slug(prov.network)}-{prov.block}-{stamp}{SUFFIX}"


def write_snapshot(doc: SnapshotDoc, folder: Path) -> Path:
    """Write a new snapshot file atomically; never overwrite an existing one; verify by reloading."""
    return write_new_file(Path(folder), snapshot_filename(doc), encode(doc), load_snapshot)


def load_editions(paths: list[Path]) -> list[Snapshot]:
    """Load snapshots oldest first; two snapshots for the same edition date are an error."""
    snapshots = sorted((load_snapshot(p) for p in paths), key=lambda s: s.provenance.block)
    seen: dict[str, Path] = {}
    for snap in snapshots:
        if snap.edition_id in seen:
            raise SnapshotError(
                f"{snap.path}: edition {snap.edition_id} already comes from {seen[snap.edition_id]}; keep one snapshot per day"
            )
        seen[snap.edition_id] = snap.path
    return snapshots
