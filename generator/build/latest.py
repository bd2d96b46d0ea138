"""The top level of the site: the latest edition's own view, the archive, the open data of the whole history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.build.config import BuildConfig
from generator.build.drawing import Drawing
from generator.build.edition import compute_edition, write_pages
from generator.build.edition_files import place_charts
from generator.build.edition_result import EditionResult
from generator.model.snapshot import load_snapshot
from generator.notes.model import Note
from generator.site import history_whole
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

    Returns what waits for the pages (a worker writes the latest view's), and what writes the rest
    (the JSON API, the assets, the latest view's own charts once drawn) while they are indexed for search.
    """
    latest = results[-1]
    snapshot = latest.snapshot or load_snapshot(latest.path)
    view = pg.View(base="", editions=tuple(r.edition_id for r in results), latest=True, base_url=config.base_url)
    available = {r.edition_id: r.netuids for r in results}
    pages = compute_edition(snapshot, results[:-1], notes, view, available)
    written = write_pages(site, stage, pages, drawing)  # by a worker, while the archive and the API page are here
    drawn = drawing.start(pages.latest_charts)
    meta = pg.meta_for(snapshot, view, "archive.html", "Archive of editions")
    rows = [
        pg.ArchiveRow(pg.Link(r.edition_id, f"editions/{r.edition_id}/index.html"), r.block, str(len(r.netuids)))
        for r in reversed(results)
    ]
    site.write(stage, "archive.html", "archive.html", pg.ArchivePage(meta=meta, editions=rows))
    meta = pg.meta_for(snapshot, view, "api.html", "Open data: the JSON API")
    label = "The whole history, one row per subnet life per edition"
    for result in results:
        result.wait_data()
    whole = history_whole.write_whole(stage, results, label, previous)
    link_file(stage, f"downloads/{latest.path.name}", latest.path)
    whole.append(api.snapshot_download(latest.path, f"downloads/{latest.path.name}"))
    page = api.ApiPage(meta=meta, version=api.API_VERSION, schemas=api_schemas(), history=whole)
    site.write(stage, "api.html", "api.html", page)

    def rest() -> None:
        """Write the JSON API and the assets, then place the latest view's charts once drawn."""
        api.write_api(stage, results, pages.paid, previous)  # paid: summed once, by compute_edition
        site.copy_assets(stage)
        place_charts(drawing, drawn, stage, pages.latest_charts)

    return written, rest
