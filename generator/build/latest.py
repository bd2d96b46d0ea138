"""The top level of the site: the latest edition's own view, the archive, the open data of the whole history."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.build.config import BuildConfig
from generator.build.drawing import Drawing
from generator.build.edition import compute_edition, write_pages
from generator.build.edition_files import place_charts
from generator.build.edition_result import EditionResult, scorecards_path
from generator.errors import BuildError
from generator.model.snapshot import load_snapshot
from generator.notes.model import Note
from generator.site import history_data, history_whole
from generator.site import open_data as api
from generator.site import pages as pg
from generator.site.api_schema import api_schemas
from generator.site.writer import Site, link_file


def render_latest(
    site: Site,
    results: list[EditionResult],
    notes: dict[int, Note],
    stage: Path,
    config: BuildConfig,
    drawing: Drawing,
    previous: Path | None = None,
) -> tuple[Callable[[], object], Callable[[], None]]:
    """Write the top level's pages: the latest edition's, the archive and the API's (`previous`: the live site).

    Returns what waits for the pages search indexes (the workers write the latest view's, and the whole
    history with `api.html`), and what writes the rest (the JSON API, the assets, the latest view's own
    charts once drawn) while they are indexed.
    """
    latest = results[-1]
    snapshot = latest.snapshot or load_snapshot(latest.path)
    view = pg.View(base="", editions=tuple(r.edition_id for r in results), latest=True, base_url=config.base_url)
    available = {r.edition_id: r.netuids for r in results}
    pages = compute_edition(snapshot, results[:-1], notes, view, available)
    written = write_pages(site, stage, pages, drawing)  # by a worker, while the archive is written here
    drawn = drawing.start(pages.latest_charts)
    meta = pg.meta_for(snapshot, view, "archive.html", "Archive of editions")
    rows = [
        pg.ArchiveRow(pg.Link(r.edition_id, f"editions/{r.edition_id}/index.html"), r.block, str(len(r.netuids)))
        for r in reversed(results)
    ]
    site.write(stage, "archive.html", "archive.html", pg.ArchivePage(meta=meta, editions=rows))
    for result in results:
        result.wait_data()  # the editions' own tables, which the whole history joins
    link_file(stage, f"downloads/{latest.path.name}", latest.path)
    whole = WholeHistory(
        editions=[_keys_only(history_data.rows_of(r)) for r in results],
        folders=[r.folder for r in results],
        reused=[not r.rebuilt for r in results],
        previous=previous,
        meta=pg.meta_for(snapshot, view, "api.html", "Open data: the JSON API"),
        snapshot=api.snapshot_download(latest.path, f"downloads/{latest.path.name}"),
    )
    whole_written = drawing.aside(write_whole_history, site, stage, whole)  # by a worker, while the API is here

    def rest() -> None:
        """Write the JSON API and the assets, then place the latest view's charts once drawn."""
        api.write_api(stage, results, pages.paid, previous)  # paid: summed once, by compute_edition
        site.copy_assets(stage)
        place_charts(drawing, drawn, stage, pages.latest_charts)

    return lambda: (written(), whole_written()), rest


ROW_KEYS = ("netuid", "registered_at_block")  # what the whole history matches and keys its rows by
LABEL = "The whole history, one row per subnet life per edition"


@dataclass(frozen=True)
class WholeHistory:
    """What the whole history's tables and `api.html` are written from, sent whole to a worker: each
    edition's records cut to the keys of its rows (`ROW_KEYS`), and where its files are."""

    editions: list[history_data.EditionRows]
    folders: list[Path | None]
    reused: list[bool]
    previous: Path | None  # the live site
    meta: pg.Meta
    snapshot: api.Download  # the latest snapshot's download


def write_whole_history(site: Site, stage: Path, whole: WholeHistory) -> None:
    """Write `downloads/history.*` (joined from the tables already published, where they allow) and `api.html`."""
    joined = history_whole.whole_tables(whole.editions, whole.folders, whole.previous, whole.reused)
    if joined is None:  # a table is missing or is not its edition's: tabulate every record, read back
        full = [replace(e, records=_records(e, folder)) for e, folder in zip(whole.editions, whole.folders)]
        files = history_data.write_tables(stage, history_data.HISTORY, full, LABEL)
    else:
        files = history_data.write_files(stage, history_data.HISTORY, LABEL, *joined)
    page = api.ApiPage(
        meta=whole.meta, version=api.API_VERSION, schemas=api_schemas(), history=[*files, whole.snapshot]
    )
    site.write(stage, "api.html", "api.html", page)


def _keys_only(rows: history_data.EditionRows) -> history_data.EditionRows:
    """Cut an edition's records to the keys of its rows: a worker is sent 20,000 of them at 156 editions."""
    return replace(rows, records=[{k: r.get(k) for k in ROW_KEYS} for r in rows.records])


def _records(rows: history_data.EditionRows, folder: Path | None) -> list[dict]:
    """Read an edition's whole records back from its JSON download (written before the whole history)."""
    if folder is None:
        raise BuildError(f"edition {rows.edition_id}: no folder to read its records from")
    return json.loads(scorecards_path(folder, rows.edition_id).read_bytes())["subnets"]
