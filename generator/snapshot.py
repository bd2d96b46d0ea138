"""The snapshot format: the chain at one block, on disk as gzip'd, column-oriented JSON.

A snapshot file holds one document (`SnapshotDoc`) with
- `schema_version` (this module reads exactly `SCHEMA_VERSION`),
- `provenance`: network, block, hash, timestamp, runtime/SDK versions, and for each part
  (`subnets`, `neurons`, `price_usd`, `code_activity`) whether it was `captured` or `simulated`,
- `subnets`: one record per subnet, amounts in integer rao as the chain reports them,
- `neurons`: per subnet, one column per neuron field (columns compress far better than rows),
- optional `price_usd` and `code_activity`: absent means unknown.

`null` anywhere means "unknown", never zero.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator.errors import SnapshotError

SCHEMA_VERSION = 1
SUFFIX = ".json.gz"
Obtained = Literal["captured", "simulated"]


def _rao():
    """An optional, non-negative integer amount in rao."""
    return Field(default=None, ge=0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Part(_Model):
    """How one part of the snapshot was obtained."""

    obtained: Obtained
    source: str
    note: str | None = None


class MissingSubnet(_Model):
    """A subnet listed on chain whose data could not be read (fetch --allow-partial)."""

    netuid: int = Field(ge=0)
    reason: str


class Provenance(_Model):
    """Where and when the snapshot comes from."""

    network: str
    block: int = Field(ge=0)
    block_hash: str | None = None
    block_timestamp: datetime
    spec_version: int | None = Field(default=None, ge=0)
    sdk_version: str | None = None
    block_time_seconds: float = Field(default=12.0, gt=0)
    block_emission_rao: int | None = _rao()
    emission_rule: str | None = None
    parts: dict[Literal["subnets", "neurons", "price_usd", "code_activity"], Part]
    missing_subnets: list[MissingSubnet] = []

    @field_validator("block_timestamp")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        """Require a timezone so editions sort and print the same everywhere."""
        if value.tzinfo is None:
            raise ValueError("must include a timezone, e.g. 2026-08-07T08:35:00Z")
        return value.astimezone(timezone.utc)


class Identity(_Model):
    """The owner-written on-chain identity (SubnetIdentitiesV3): untrusted text."""

    subnet_name: str | None = None
    github_repo: str | None = None
    subnet_url: str | None = None
    subnet_contact: str | None = None
    discord: str | None = None
    description: str | None = None
    logo_url: str | None = None
    additional: str | None = None


class Subnet(_Model):
    """One subnet at the snapshot block. Amounts in rao; per-block emissions in rao per block."""

    netuid: int = Field(ge=0, le=65535)
    name: str
    symbol: str
    owner_hotkey: str | None = None
    owner_coldkey: str | None = None
    registered_at_block: int | None = Field(default=None, ge=0)
    tempo: int | None = Field(default=None, ge=0)
    burn_rao: int | None = _rao()
    tao_in_rao: int | None = _rao()
    alpha_in_rao: int | None = _rao()
    alpha_out_rao: int | None = _rao()
    price_tao: float | None = Field(default=None, ge=0)
    moving_price_tao: float | None = Field(default=None, ge=0)
    tao_in_emission_rao: int | None = _rao()
    excess_tao_rao: int | None = _rao()
    alpha_in_emission_rao: int | None = _rao()
    alpha_out_emission_rao: int | None = _rao()
    ema_tao_flow_rao: float | None = None
    volume_rao: int | None = _rao()
    num_uids: int | None = Field(default=None, ge=0)
    max_uids: int | None = Field(default=None, ge=0)
    miner_count: int | None = Field(default=None, ge=0)
    validator_count: int | None = Field(default=None, ge=0)
    # Share of the miners' alpha the chain burns instead of paying (SubtensorModule.MinerBurned,
    # 0..1; null = not captured, e.g. every capture before 2026-08-07).
    miner_burned_fraction: float | None = Field(default=None, ge=0, le=1)
    identity: Identity | None = None
    hyperparameters: dict[str, int | float | bool | str | None] = {}


NEURON_COLUMNS = (
    "uid", "hotkey", "coldkey", "validator_permit", "active", "last_update",
    "registered_at_block", "incentive", "dividends", "emission_rao",
    "alpha_stake_rao", "tao_stake_rao", "total_stake_rao", "axon_served",
)


class NeuronTable(_Model):
    """Every uid of one subnet, one list per field (all lists the same length).

    `incentive` and `dividends` are fractions 0..1; `emission_rao` is the alpha a uid earned in
    the last epoch (null when unknown).
    """

    uid: list[int]
    hotkey: list[str]
    coldkey: list[str]
    validator_permit: list[bool]
    active: list[bool]
    last_update: list[int]
    registered_at_block: list[int]
    incentive: list[float]
    dividends: list[float]
    emission_rao: list[int | None]
    alpha_stake_rao: list[int]
    tao_stake_rao: list[int]
    total_stake_rao: list[int]
    axon_served: list[bool]

    @model_validator(mode="after")
    def _consistent(self) -> NeuronTable:
        """Check equal lengths, unique uids and value ranges."""
        lengths = {name: len(getattr(self, name)) for name in NEURON_COLUMNS}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"columns differ in length: {lengths}")
        if len(set(self.uid)) != len(self.uid):
            raise ValueError("uid: duplicate uids")
        for name in ("incentive", "dividends"):
            if any(not 0.0 <= v <= 1.0 for v in getattr(self, name)):
                raise ValueError(f"{name}: values must lie between 0 and 1")
        if any(v is not None and v < 0 for v in self.emission_rao):
            raise ValueError("emission_rao: values must not be negative")
        return self


class PriceUSD(_Model):
    """TAO/USD price with its source and time."""

    tao_usd: float = Field(gt=0)
    source: str
    as_of: datetime


class RepoActivity(_Model):
    """Code activity of a subnet's GitHub repository; fields are null when not fetched."""

    repo: str
    status: Literal["ok", "not_found", "rate_limited", "error"] = "ok"
    commits_30d: int | None = Field(default=None, ge=0)
    commits_90d: int | None = Field(default=None, ge=0)
    authors_30d: int | None = Field(default=None, ge=0)
    authors_90d: int | None = Field(default=None, ge=0)
    last_push: datetime | None = None
    latest_release: str | None = None
    latest_release_at: datetime | None = None
    stars: int | None = Field(default=None, ge=0)
    archived: bool | None = None


class SnapshotDoc(_Model):
    """The whole document stored in one snapshot file."""

    schema_version: Literal[1]
    provenance: Provenance
    subnets: list[Subnet]
    neurons: dict[int, NeuronTable] = {}
    price_usd: PriceUSD | None = None
    code_activity: dict[int, RepoActivity] | None = None

    @model_validator(mode="after")
    def _netuids(self) -> SnapshotDoc:
        """Require unique netuids and neuron tables only for listed subnets."""
        netuids = [s.netuid for s in self.subnets]
        duplicates = sorted({n for n in netuids if netuids.count(n) > 1})
        if duplicates:
            raise ValueError(f"subnets: duplicate netuids {duplicates}")
        strays = sorted(set(self.neurons) - set(netuids))
        if strays:
            raise ValueError(f"neurons: tables for netuids not in subnets: {strays}")
        return self


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
        """Return every neuron of every subnet, with a netuid column."""
        frames = [
            pd.DataFrame(table.model_dump()).assign(netuid=netuid)
            for netuid, table in sorted(self.doc.neurons.items())
        ]
        if not frames:
            return pd.DataFrame(columns=[*NEURON_COLUMNS, "netuid"])
        frame = pd.concat(frames, ignore_index=True)
        frame["emission_rao"] = frame["emission_rao"].astype("Float64")
        return frame


def _location(loc: tuple) -> str:
    """Turn a pydantic error location into `subnets[3].tao_in_rao`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(document)"


def _describe(path: Path, error: ValidationError, doc: dict) -> str:
    """List every validation problem with the file and field."""
    lines = [f"{path}: invalid snapshot ({error.error_count()} problem(s)):"]
    for item in error.errors():
        where = _location(item["loc"])
        if item["loc"][:1] == ("subnets",) and len(item["loc"]) > 1:
            netuid = _safe_netuid(doc, item["loc"][1])
            where += f" (netuid {netuid})" if netuid is not None else ""
        lines.append(f"  {where}: {item['msg']}")
    return "\n".join(lines)


def _safe_netuid(doc: dict, index: object) -> object:
    try:
        return doc["subnets"][index].get("netuid")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def read_document(path: Path) -> dict:
    """Read the raw JSON of a snapshot file, failing clearly on truncation or corruption."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            raw = json.load(handle)
    except FileNotFoundError:
        raise SnapshotError(f"{path}: no such snapshot file") from None
    except (EOFError, gzip.BadGzipFile, OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"{path}: unreadable snapshot (truncated or corrupt): {exc}") from None
    if not isinstance(raw, dict):
        raise SnapshotError(f"{path}: a snapshot must be a JSON object")
    return raw


def parse_document(path: Path, raw: dict) -> SnapshotDoc:
    """Validate a raw snapshot document, reporting every problem with its field."""
    version = raw.get("schema_version")
    if version is None:
        raise SnapshotError(f"{path}: schema_version: missing")
    if version != SCHEMA_VERSION:
        hint = "upgrade subnet-report" if isinstance(version, int) and version > SCHEMA_VERSION else "not a subnet-report snapshot?"
        raise SnapshotError(
            f"{path}: schema_version: {version!r} is not supported (this version reads {SCHEMA_VERSION}; {hint})"
        )
    try:
        return SnapshotDoc.model_validate(raw)
    except ValidationError as exc:
        raise SnapshotError(_describe(path, exc, raw)) from None


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
    """Name a snapshot after its network, block and UTC time."""
    prov = doc.provenance
    stamp = prov.block_timestamp.strftime("%Y%m%dT%H%M%SZ")
    return f"{prov.network}-{prov.block}-{stamp}{SUFFIX}"


def write_snapshot(doc: SnapshotDoc, folder: Path) -> Path:
    """Write a new snapshot file atomically; never overwrite an existing one; verify by reloading."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / snapshot_filename(doc)
    if target.exists():
        raise SnapshotError(f"{target}: a snapshot for this block already exists; not overwriting it")
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(encode(doc))
            handle.flush()
            os.fsync(handle.fileno())
        load_snapshot(Path(temp))
        os.link(temp, target)  # fails if target appeared meanwhile, unlike rename
    finally:
        os.unlink(temp)
    return target


def find_snapshots(folder: Path) -> list[Path]:
    """List the snapshot files in a folder (hidden and partial files skipped)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith(".")), key=_chronological)


def _chronological(path: Path) -> tuple[str, str]:
    """Sort key: the block time in the name (`<network>-<block>-<time>`), not the name, since block
    numbers gain digits (finney passes block 10,000,000 in early 2027)."""
    stamp = path.name[: -len(SUFFIX)].rsplit("-", 1)[-1]
    return (stamp, path.name)


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
