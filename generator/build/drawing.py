"""Charts drawn in worker processes while the build writes pages, with one pool for the whole build.

`Drawing.start` takes an edition's charts, returns at once with those found in the chart cache and
the others sent to the workers in chunks; the build renders the edition's pages meanwhile, then
`Pending.result` waits for the drawings. Each worker writes the charts it draws into the cache itself
(creating a file is a cost worth keeping off the build's own process); the build then links them into
the site. With `jobs` 1 the charts are drawn in the build's own process when collected; otherwise only
the workers import matplotlib. The same workers also render and write each view's pages, and load
the next snapshot to render and compute its figures (`ahead`). Workers end with a killed build
(`generator/site/lifeline.py`).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from generator.site.chart_spec import Chart
from generator.site.lifeline import watch_parent

T = TypeVar("T")
CHUNK = 16  # charts per task: fewer round trips to the workers, still enough tasks to share out


def draw_chunk(batch: list[Chart], folder: Path) -> list[str]:
    """Draw a few charts into the cache `folder`; return their keys (matplotlib is imported here, on first use)."""
    if not batch:
        return []
    from generator.site import charts

    for chart in batch:
        _write_atomic(folder / f"{chart.key}.svg", charts.draw(chart))
    return [chart.key for chart in batch]


@dataclass
class Pending:
    """An edition's charts: found in the cache, being drawn, or still to draw here."""

    folder: Path
    found: set[str]
    futures: list[Future] = field(default_factory=list)
    here: list[Chart] = field(default_factory=list)

    def result(self) -> set[str]:
        """Wait for every drawing; return the keys of the edition's charts, each now a file in the cache."""
        drawn = [key for future in self.futures for key in future.result()] + draw_chunk(self.here, self.folder)
        return self.found | set(drawn)


class Drawing:
    """The chart cache and worker pool of one build (a context manager: the pool ends with it)."""

    def __init__(self, cache: Path, jobs: int) -> None:
        """Use `cache`/charts for drawn charts and up to `jobs` worker processes."""
        self.folder = Path(cache) / "charts"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._drawing: dict[str, Future] = {}  # chart key: the task drawing it, so one chart is drawn once
        self._charts: Feeder | None = None

    def __enter__(self) -> Drawing:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None):
        if self._charts is not None:  # on an error, the charts not yet sent are dropped
            self._charts.close(drop=kind is not None)
        if self._pool is not None:  # on an error too, waiting for the tasks under way: a worker may be
            # writing pages into the staging folder, which the build then deletes (tasks not begun are dropped)
            self._pool.shutdown(wait=True, cancel_futures=kind is not None)

    def start(self, wanted: list[Chart]) -> Pending:
        """Look charts up in the cache and start drawing the missing ones."""
        found: set[str] = set()
        missing: dict[str, Chart] = {}
        under_way: dict[Future, None] = {}  # started by an earlier call (the latest view's, ahead of it)
        for chart in wanted:
            if chart.key in self._drawing:
                under_way[self._drawing[chart.key]] = None
            elif (self.folder / f"{chart.key}.svg").is_file():
                found.add(chart.key)
            else:
                missing.setdefault(chart.key, chart)
        todo = list(missing.values())
        if self.jobs <= 1 or not todo:  # else even a few go to the workers: only they import matplotlib
            return Pending(self.folder, found, futures=list(under_way), here=todo)
        if self._charts is None:
            self._charts = Feeder(self._workers(), self.jobs)
        for i in range(0, len(todo), CHUNK):
            future = self._charts.submit(draw_chunk, todo[i : i + CHUNK], self.folder)
            under_way[future] = None
            self._drawing.update((chart.key, future) for chart in todo[i : i + CHUNK])
        return Pending(self.folder, found, futures=list(under_way))

    def ahead(self, work: Callable[..., T], *args: object) -> Future[T] | None:
        """Run other work in the pool, ahead of when the build needs it (None with one job: the build does it).

        It goes before the charts not yet sent: pages and figures are on the way to the search index,
        charts are only linked at the end of the build.
        """
        return self._workers().submit(work, *args) if self.jobs > 1 else None

    def aside(self, work: Callable[..., object], *args: object) -> Callable[[], object]:
        """Do `work` in a worker (`ahead`), or here at once with one job; return what waits for it. An
        error in the worker is raised by that wait, as if the work had been done here."""
        future = self.ahead(work, *args)
        if future is not None:
            return future.result
        done = work(*args)
        return lambda: done

    def _workers(self) -> ProcessPoolExecutor:
        """Start the pool on first use."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=watch_parent, initargs=(os.getpid(),))
        return self._pool


class Feeder:
    """Work sent to a pool a few tasks at a time, by a thread, so that work sent later straight to the
    pool (`Drawing.ahead`) waits behind at most `limit` of these tasks, not all of them."""

    def __init__(self, pool: ProcessPoolExecutor, limit: int) -> None:
        self.pool, self.limit = pool, limit
        self.waiting: deque[tuple[Future, Callable[..., object], tuple]] = deque()
        self.sent = 0  # tasks in the pool, not yet done
        self.closing = False
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._feed, name="feeder", daemon=True)
        self.thread.start()

    def submit(self, work: Callable[..., T], *args: object) -> Future[T]:
        """Queue `work`; return the future of its result."""
        future: Future[T] = Future()
        with self.changed:
            self.waiting.append((future, work, args))
            self.changed.notify()
        return future

    def close(self, drop: bool) -> None:
        """Send what waits (or cancel it, with `drop`), then end the thread."""
        with self.changed:
            self.closing = True
            while drop and self.waiting:
                self.waiting.popleft()[0].cancel()
            self.changed.notify()
        self.thread.join()

    def _feed(self) -> None:
        while True:
            with self.changed:
                while not self.closing and not (self.waiting and self.sent < self.limit):
                    self.changed.wait()
                if not self.waiting:
                    return
                future, work, args = self.waiting.popleft()
                self.sent += 1
            try:
                self.pool.submit(work, *args).add_done_callback(partial(self._done, future))
            except BaseException as exc:  # a broken or closed pool: the build sees it when it waits
                self._done(future, None, exc)

    def _done(self, future: Future, task: Future | None, error: BaseException | None = None) -> None:
        """Pass a task's outcome on (in the pool's own thread) and make room for the next, whatever happens."""
        try:
            if task is not None:
                error = task.exception() if not task.cancelled() else CancelledError()
            if future.cancelled():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(task.result() if task is not None else None)
        finally:
            with self.changed:
                self.sent -= 1
                self.changed.notify()


def _write_atomic(path: Path, text: str) -> None:
    """Write a cache file so a crash never leaves half a chart behind."""
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)
