"""The rendering half of a build: every edition rendered or reused, then the top level and feeds.

Imported only by a build that has something to write (generator/build/run.py decides first), since
it brings pandas, matplotlib and the templates.
"""

from __future__ import annotations

import gc
import json
import logging
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.build.config import BuildConfig
from generator.build.drawing import Drawing
from generator.build.edition import EditionInputs, EditionResult, render_edition, start_latest_charts
from generator.build.frozen import EditionNotes
from generator.build.latest import render_latest
from generator.build.plan import MANIFEST
from generator.build.records import figures_of, prepare, remember
from generator.model.snapshot import Snapshot
from generator.site.search import Indexing
from generator.site.syndication import write_syndication
from generator.site.writer import Site

log = logging.getLogger(__name__)


def previous_manifests(output: Path) -> dict[str, dict]:
    """Read the manifests of the editions in the current site, by key."""
    found = {}
    for path in sorted(output.glob(f"editions/*/{MANIFEST}")):
        try:
            manifest = json.loads(path.read_bytes())  # UTF-8 JSON, without text mode's newline translation
            found[manifest["key"]] = manifest
        except (OSError, ValueError, KeyError) as exc:
            log.debug("%s: unreadable manifest, the edition is rebuilt: %s", path, exc)  # only costs a rebuild
    return found


def write_site(
    config: BuildConfig,
    paths: list[Path],
    keys: list[str],
    sources: list[EditionNotes],
    latest: Snapshot,
    stage: Path,
    previous: Path,
) -> list[EditionResult]:
    """Render or reuse every edition, then the latest view and the feeds, into `stage`."""
    site = Site(config.templates)
    old = previous_manifests(previous)
    results: list[EditionResult] = []
    with _long_lived(), Drawing(config.cache, config.jobs) as drawing:
        # the latest edition's figures, computed by a worker while the earlier editions are read or rendered
        latest_figures = drawing.ahead(figures_of, paths[-1]) if len(paths) > 1 else None
        ahead: dict[int, Future | None] = {}
        for index, (path, key, source) in enumerate(zip(paths, keys, sources)):
            manifest, newest = old.get(key), index == len(paths) - 1
            following = index + 1
            if following < len(paths) - 1 and keys[following] not in old:  # the latest snapshot is loaded already
                ahead[following] = drawing.ahead(prepare, paths[following])  # while this edition is rendered
            prepared = _from_worker(ahead.pop(index, None))  # (snapshot, scorecards, earnings), or None
            if prepared is not None:
                remember(*prepared)
            figures = _from_worker(latest_figures) if newest else None
            if figures is not None:
                remember(latest, *figures)
            if newest:  # drawn while the newest edition is computed, and its pages written
                start_latest_charts(latest, results, drawing)
            # a reused edition needs no notes: frozen ones are parsed only for editions rendered again
            inputs = EditionInputs(
                path=path,
                key=key,
                notes={} if manifest else source.notes,
                earlier=list(results),
                config=config,
                # the latest: loaded for the notes check
                snapshot=latest if newest else prepared[0] if prepared else None,
            )
            if results:
                results[-1].snapshot = None  # only the latest snapshot is needed again: memory stays flat
            results.append(_edition(site, inputs, manifest, drawing, stage, previous))
            if len(results) > 1:
                results[-2].finish()  # its pages, and its charts (drawn while this edition was computed)
        results[-1].snapshot = latest
        # the latest view's charts draw meanwhile; the live site's whole history stands for its editions
        written, rest = render_latest(site, results, sources[-1].notes, stage, config, drawing, previous)
        indexing = Indexing(stage, after=written)  # search indexes the latest view's pages once written
        try:
            rest()
            results[-1].finish()
            write_syndication(stage, results, config.base_url)
            indexing.wait()
        except BaseException:
            indexing.stop()
            raise
    return results


@contextmanager
def _long_lived() -> Iterator[None]:
    """Spare the collector of reference cycles what lives to the end of the build (`gc.freeze`).

    Frozen now: the modules, the latest snapshot and the notes; each reused edition's records are
    frozen once read (`_edition`): at 155 editions, walking them at every collection took 0.6 s.
    Everything is unfrozen at the end, so a process that builds again (`watch`) collects it as usual.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _from_worker(future: Future | None) -> Any:
    """Return what a worker computed ahead, or None when it did not (the build then does it, and reports
    any problem, such as a damaged snapshot, as every build does)."""
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # done again here, the same error is reported in the build's own words
        return None


def _edition(
    site: Site, inputs: EditionInputs, manifest: dict | None, drawing: Drawing, stage: Path, previous: Path
) -> EditionResult:
    """Read an unchanged edition back from the current site (it stays there, untouched), or render it."""
    if manifest is not None:
        folder = previous / "editions" / manifest["edition_id"]  # its manifest was read once, by the plan
        result = EditionResult.from_folder(folder, inputs.path, rebuilt=False, manifest=manifest)
        gc.freeze()  # its records live to the end of the build (`_long_lived`)
        return result
    return render_edition(site, inputs, stage, drawing)
