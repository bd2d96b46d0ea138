"""Charts drawn in worker processes while the build writes pages, with one pool for the whole build.

`Drawing.start` takes an edition's charts, returns at once with those found in the chart cache and
the others sent to the workers in chunks; the build renders the edition's pages meanwhile, then
`Pending.result` collects the drawings (writing each into the cache). With `jobs` 1 the charts are
drawn in the build's own process when collected; otherwise only the workers import matplotlib.
Workers end with a killed build (`generator/site/lifeline.py`).
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from generator.site.chart_spec import Chart
from generator.site.lifeline import watch_parent

CHUNK = 16  # charts per task: fewer round trips to the workers, still enough tasks to share out


def draw_chunk(batch: list[Chart]) -> list[tuple[str, str]]:
    """Draw a few charts in a worker: (key, SVG text) each (matplotlib is imported here, on first use)."""
    if not batch:
        return []
    from generator.site import charts

    return [(chart.key, charts.draw(chart)) for chart in batch]


@dataclass
class Pending:
    """An edition's charts: found in the cache, being drawn, or still to draw here."""

    folder: Path
    found: dict[str, str]
    futures: list[Future] = field(default_factory=list)
    here: list[Chart] = field(default_factory=list)

    def result(self) -> dict[str, str]:
        """Wait for every drawing; return SVG text by chart key (each new one is cached)."""
        drawn = [pair for future in self.futures for pair in future.result()] + draw_chunk(self.here)
        for key, svg in drawn:
            _write_atomic(self.folder / f"{key}.svg", svg)
            self.found[key] = svg
        return self.found


class Drawing:
    """The chart cache and worker pool of one build (a context manager: the pool ends with it)."""

    def __init__(self, cache: Path, jobs: int) -> None:
        """Use `cache`/charts for drawn charts and up to `jobs` worker processes."""
        self.folder = Path(cache) / "charts"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Drawing:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None):
        if self._pool is not None:
            self._pool.shutdown(wait=kind is None, cancel_futures=kind is not None)

    def start(self, wanted: list[Chart]) -> Pending:
        """Look charts up in the cache and start drawing the missing ones."""
        found: dict[str, str] = {}
        missing: dict[str, Chart] = {}
        for chart in wanted:
            path = self.folder / f"{chart.key}.svg"
            if path.is_file():
                found[chart.key] = path.read_text(encoding="utf-8")
            else:
                missing.setdefault(chart.key, chart)
        todo = list(missing.values())
        if self.jobs <= 1 or not todo:  # else even a few go to the workers: only they import matplotlib
            return Pending(self.folder, found, here=todo)
        pool = self._workers()
        futures = [pool.submit(draw_chunk, todo[i : i + CHUNK]) for i in range(0, len(todo), CHUNK)]
        return Pending(self.folder, found, futures=futures)

    def _workers(self) -> ProcessPoolExecutor:
        """Start the pool on first use."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=watch_parent, initargs=(os.getpid(),))
        return self._pool


def _write_atomic(path: Path, text: str) -> None:
    """Write a cache file so a crash never leaves half a chart behind."""
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)
