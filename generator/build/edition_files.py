"""The files of one edition beside its pages: charts linked from the cache, open data, the manifest."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.build.drawing import Drawing, Pending
from generator.model.snapshot import Snapshot
from generator.site import history_data
from generator.site import open_data as api
from generator.site import pages as pg
from generator.site.chart_spec import Chart
from generator.site.writer import Site, link_file, write_text


def place_charts(drawing: Drawing, drawn: Pending, folder: Path, charts: list[Chart]) -> None:
    """Wait for the drawings, then publish each chart into `folder/charts/` as a link to its cache file.

    A link, not a new file: creating a file is the costly part on many disks, and the cache file is
    never written again (the cache replaces a file, never rewrites it).
    """
    drawn.result()
    for chart in charts:
        link_file(folder, f"charts/{chart.name}", drawing.folder / f"{chart.key}.svg")


@dataclass(frozen=True)
class OpenData:
    """What one edition's open data is written from: sent whole to a worker (no snapshot, no pages)."""

    edition_id: str
    block: int
    timestamp: str
    path: Path  # the snapshot file
    records: list[dict]
    facts: dict
    api: dict[str, str]  # extra API documents, by path
    meta: pg.Meta  # of the downloads page


def write_open_data(
    site: Site, folder: Path, path: Path, snapshot: Snapshot, view: pg.View, pages: pg.EditionPages, drawing: Drawing
) -> Callable[[], object]:
    """Write the edition's downloads, their checksums page and its API documents, by a worker when
    there are some; return what waits for them (an error there is raised by it, as if written here)."""
    meta = pg.meta_for(snapshot, view, "downloads.html", f"Downloads of edition {snapshot.edition_id}")
    history = pages.history
    data = OpenData(
        snapshot.edition_id,
        snapshot.provenance.block,
        history.timestamp.isoformat(),
        path,
        pages.records,
        history.subnet_facts(),
        pages.api,
        meta,
    )
    return drawing.aside(write_open_files, site, folder, data)


def write_open_files(site: Site, folder: Path, data: OpenData) -> None:
    """Write one edition's open data under `folder`."""
    files = api.write_downloads(folder, data.edition_id, data.path, data.records)
    this = history_data.EditionRows(data.edition_id, data.block, data.timestamp, data.path.name, data.records)
    label = "Long table of this edition, one row per subnet life"  # the newest edition's lives need no earlier one
    files += history_data.write_tables(folder, f"history-{data.edition_id}", [this], label)
    for relative, document in data.api.items():
        write_text(folder, relative, document)
    site.write(folder, "downloads.html", "downloads.html", api.DownloadsPage(meta=data.meta, files=files))
    write_text(
        folder,
        api.EDITION_API,
        api.edition_api(data.edition_id, data.block, data.timestamp, data.records, data.facts),
    )


def edition_json(data: object) -> str:
    """Serialise an edition's JSON files (strict: never NaN), one space of indent."""
    return api.strict_json(data, indent=1)


def manifest_of(folder: Path, key: str, path: Path, snapshot: Snapshot) -> dict:
    """Describe a built edition: its key, snapshot file (`path`) and a SHA-256 of every file."""
    files = {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    return {
        "edition_id": snapshot.edition_id,
        "block": snapshot.provenance.block,
        "key": key,
        "snapshot": path.name,
        "snapshot_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "generator_version": __version__,
        "files": files,
    }
