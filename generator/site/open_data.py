"""Open data: each edition's downloads (with SHA-256 checksums) and a small static JSON API.

Layout (every JSON file carries `schema_version`):
- `editions/<id>/downloads/`: scorecards as CSV and JSON, and the snapshot file itself;
- `editions/<id>/api/subnets.json`: the edition's scorecards and subnet facts, published (hard-linked,
  never rebuilt) as `api/v1/editions/<id>/subnets.json`;
- `api/v1/editions.json`: every edition; `api/v1/subnets/<netuid>.json`: one subnet across editions.
The documented schema of each file is in `generator/site/api_schema.py` (`api.html` prints it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from generator.errors import BuildError
from generator.metrics.pay import LifetimePaid
from generator.model import lives
from generator.safety import csv_cell
from generator.site.api_schema import ApiModel, ApiSchema
from generator.site.context import Meta
from generator.site.writer import link_file, write_text

API_VERSION = 1
API = "api/v1"
EDITION_API = "api/subnets.json"
SERIES_FIELDS = (
    "emission_share",
    "emission_rank",
    "tao_per_day",
    "price_tao",
    "market_cap_tao",
    "tao_paid_per_day",
    "usd_paid_per_day",
    "registered_at_block",
)


EDITION_TABLES = ("owners.json", "risk.json")  # beside subnets.json in each edition's api/ folder
# an edition's folder of the JSON API (`api/v1/editions/<id>/`): each name, and the edition's own file it links
EDITION_FILES = {"subnets.json": EDITION_API} | {name: f"api/{name}" for name in EDITION_TABLES}


@dataclass(frozen=True)
class Download:
    """One downloadable file of an edition and its checksum."""

    label: str
    url: str
    sha256: str
    size: str


@dataclass(frozen=True)
class DownloadsPage:
    """`editions/<id>/downloads.html`: the edition's data files with SHA-256 checksums."""

    meta: Meta
    files: list[Download]


@dataclass(frozen=True)
class ApiPage:
    """`api.html`: the JSON API's files and their JSON Schema."""

    meta: Meta
    version: int
    schemas: list[ApiSchema]
    history: list[Download] = field(default_factory=list)  # the whole history as CSV and Parquet


def _json(data: object) -> str:
    """Serialise strictly (NaN or Infinity is an error: invalid JSON must never be published) and
    compactly: no indent keeps json's C encoder (these files grow with the history)."""
    return strict_json(data, separators=(",", ":"))


def strict_json(data: object, indent: int | None = None, separators: tuple[str, str] | None = None) -> str:
    """Serialise to JSON with sorted keys, refusing non-finite numbers (the build's one JSON writer)."""
    try:
        dumped = json.dumps(
            data, sort_keys=True, ensure_ascii=False, allow_nan=False, indent=indent, separators=separators
        )
        return dumped + "\n"
    except ValueError as exc:
        raise BuildError(f"refusing to write a non-finite number as JSON: {exc}") from None


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


SIMULATED = "simulated_fields"


def tag_simulated(records: list[dict], simulated: list[str]) -> list[dict]:
    """Tag each record with the names of its fields computed from simulated data (`simulated_fields`)."""
    return [{**record, SIMULATED: [key for key in simulated if key in record]} for record in records]


def scorecards_csv(records: list[dict]) -> str:
    """Write scorecard records as CSV (empty cell = unknown; simulated_fields joined by ";"); a text cell
    a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is quoted with a leading `'`, numbers stay
    numbers."""
    rows = [{**r, SIMULATED: ";".join(r.get(SIMULATED, []))} for r in records]
    frame = pd.DataFrame.from_records([{key: csv_cell(value) for key, value in r.items()} for r in rows])
    return frame.to_csv(index=False, lineterminator="\n")


def write_downloads(folder: Path, edition_id: str, snapshot_path: Path, records: list[dict]) -> list[Download]:
    """Write an edition's downloads and return them with their checksums."""
    write_text(folder, f"downloads/scorecards-{edition_id}.csv", scorecards_csv(records))
    write_text(
        folder,
        f"downloads/scorecards-{edition_id}.json",
        _json({"schema_version": API_VERSION, "edition": edition_id, "subnets": records}),
    )
    labels = {
        f"scorecards-{edition_id}.csv": "Scorecards (CSV)",
        f"scorecards-{edition_id}.json": "Scorecards (JSON)",
    }
    return [
        Download(
            label,
            f"downloads/{name}",
            sha256(folder / "downloads" / name),
            f"{(folder / 'downloads' / name).stat().st_size:,d} bytes",
        )
        for name, label in labels.items()
    ] + [snapshot_download(snapshot_path, "")]


def snapshot_download(path: Path, url: str) -> Download:
    """Describe a snapshot file: published at `url`, or ("") kept in the repository's `snapshots/` only.

    The site publishes the latest snapshot (`downloads/` at the top level); every snapshot is
    committed in the repository, so an archived edition names its input and checksum without a copy.
    """
    label = f"Snapshot {path.name} (gzip'd JSON, the build's input)"
    return Download(label, url, sha256(path), f"{path.stat().st_size:,d} bytes")


def edition_api(edition_id: str, block: int, timestamp: str, records: list[dict], facts: dict) -> str:
    """Return the edition's `subnets.json` API document."""
    return _json(
        {
            "schema_version": API_VERSION,
            "edition": edition_id,
            "block": block,
            "block_timestamp": timestamp,
            "subnets": records,
            "facts": {str(n): f for n, f in sorted(facts.items())},
        }
    )


def write_api(stage: Path, results: list, paid: dict[int, LifetimePaid], live: Path | None = None) -> None:
    """Write `api/v1/`: the editions index, each edition's subnets (linked) and each subnet's history.

    `paid`: each subnet's pay over these editions (`metrics.pay.lifetime_paid`, summed by the latest view).
    `live`: the live site, where a reused edition's API folder stays when it is whole (`build.publish.KEPT`).
    """
    entries = []
    for result in results:
        # an edition built before these tables existed has none
        present = {name: source for name, source in EDITION_FILES.items() if (result.folder / source).exists()}
        published = live / API / "editions" / result.edition_id if live is not None else None
        whole = published is not None and all((published / name).is_file() for name in present)
        if result.rebuilt or not whole:
            for name, source in present.items():
                link_file(stage, f"{API}/editions/{result.edition_id}/{name}", result.folder / source)
        entries.append(
            {
                "edition": result.edition_id,
                "block": result.block,
                "block_timestamp": result.history.timestamp.isoformat(),
                "subnets": len(result.records),
                "subnets_url": f"editions/{result.edition_id}/subnets.json",
                "page_url": f"../../editions/{result.edition_id}/index.html",
            }
        )
    write_text(stage, f"{API}/editions.json", _json({"schema_version": API_VERSION, "editions": entries}))
    for netuid, document in subnet_histories(results, paid).items():
        write_text(stage, f"{API}/subnets/{netuid}.json", _json(document))


def _subnet_document(netuid: int) -> dict:
    """Start one subnet's history document (its lifetime pay unknown until summed)."""
    document: dict = {"schema_version": API_VERSION, "netuid": netuid, "editions": [], "events": []}
    return document | {"lifetime_tao_estimate": None, "lifetime_usd_estimate": None}


def subnet_histories(results: list, paid: dict[int, LifetimePaid]) -> dict[int, dict]:
    """Build each subnet's history document from every edition's records and events, and its lifetime pay."""
    docs: dict[int, dict] = {}
    seen: dict[int, list[tuple[str, int, dict]]] = {}
    for result in results:
        stamp = result.history.timestamp.isoformat()
        for record in result.records:
            netuid = int(record["netuid"])
            doc = docs.get(netuid)
            if doc is None:  # started once a subnet, not once a record
                doc = docs[netuid] = _subnet_document(netuid)
            doc["name"] = record.get("name") or "unnamed"
            point = {key: record.get(key) for key in SERIES_FIELDS}
            point["edition"], point["block_timestamp"] = result.edition_id, stamp
            simulated = record.get(SIMULATED)  # usually empty: captured figures
            point[SIMULATED] = [k for k in simulated if k in SERIES_FIELDS] if simulated else []
            doc["editions"].append(point)
            seen.setdefault(netuid, []).append((result.edition_id, result.block, record))
        for event in result.history.events:
            if event.netuid in docs:
                docs[event.netuid]["events"].append(event.as_dict())
    for netuid, total in paid.items():
        docs[netuid]["lifetime_tao_estimate"], docs[netuid]["lifetime_usd_estimate"] = total.tao, total.usd
    for netuid, rows in seen.items():
        keys = lives.life_keys([(block, record.get("registered_at_block")) for _, block, record in rows])
        for point, key in zip(docs[netuid]["editions"], keys):
            point["life"] = key if isinstance(key, int) else None
        docs[netuid]["past_lives"] = [asdict(p) for p in lives.past_lives(netuid, rows)]
    return dict(sorted(docs.items()))


def table_document(model: type[ApiModel], data: dict) -> str:
    """Validate an API table against its schema and serialise it strictly."""
    return _json(model.model_validate(data).model_dump(mode="json"))
