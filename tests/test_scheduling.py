"""The order of work in the pool, and the search index started once the pages are written."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import CancelledError, ThreadPoolExecutor

import pytest

from generator.build.drawing import Feeder
from generator.errors import BuildError
from generator.site import search


def test_work_sent_straight_to_the_pool_waits_behind_one_fed_task_not_all_of_them():
    order: list[str] = []
    first_running, release = threading.Event(), threading.Event()

    def chart(name: str) -> str:
        if name == "c0":
            first_running.set()
            release.wait(10)
        order.append(name)
        return name

    with ThreadPoolExecutor(max_workers=1) as pool:
        feeder = Feeder(pool, limit=1)
        charts = [feeder.submit(chart, f"c{i}") for i in range(4)]
        assert first_running.wait(10)
        pages = pool.submit(order.append, "pages")  # sent while the first chart is drawn
        release.set()
        assert [f.result(10) for f in charts] == ["c0", "c1", "c2", "c3"]
        pages.result(10)
        feeder.close(drop=False)
    assert order == ["c0", "pages", "c1", "c2", "c3"]


def test_a_fed_task_s_error_reaches_its_future_and_a_dropped_task_is_cancelled():
    running, release = threading.Event(), threading.Event()

    def failing() -> None:
        running.set()
        release.wait(10)
        raise OSError("disk full")

    with ThreadPoolExecutor(max_workers=1) as pool:
        feeder = Feeder(pool, limit=1)
        failed, dropped = feeder.submit(failing), feeder.submit(print, "never")
        assert running.wait(10)  # sent: the other waits in the feeder, for room
        closing = threading.Thread(target=feeder.close, kwargs={"drop": True})
        closing.start()
        closing.join(0.2)
        release.set()
        closing.join(10)
        with pytest.raises(OSError, match="disk full"):
            failed.result(10)
        with pytest.raises(CancelledError):
            dropped.result(10)


def test_a_fed_task_given_up_by_its_caller_still_makes_room_for_the_next():
    running, release = threading.Event(), threading.Event()

    def slow() -> str:
        running.set()
        release.wait(10)
        return "late"

    with ThreadPoolExecutor(max_workers=1) as pool:
        feeder = Feeder(pool, limit=1)
        given_up, following = feeder.submit(slow), feeder.submit(str, "next")
        assert running.wait(10)
        assert given_up.cancel()  # nobody waits for it any more
        release.set()
        assert following.result(10) == "next"  # the feeder did not stall on the cancelled one
        feeder.close(drop=False)


def _fake_pagefind(monkeypatch, tmp_path, code: str) -> None:
    monkeypatch.setattr(search, "pagefind_command", lambda site: [sys.executable, "-c", code, str(site)])


INDEX_WRITER = (
    "import sys, pathlib; d = pathlib.Path(sys.argv[1], 'pagefind'); d.mkdir(); (d / 'pagefind.js').write_text('')"
)


def test_the_index_starts_once_the_pages_are_written(monkeypatch, tmp_path):
    _fake_pagefind(monkeypatch, tmp_path, INDEX_WRITER)
    written = threading.Event()
    indexing = search.Indexing(tmp_path, after=lambda: written.wait(10))
    assert indexing.thread.is_alive() and indexing.process is None  # still waiting for the pages
    written.set()
    indexing.wait()
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()


def test_an_error_writing_the_pages_is_raised_by_wait_and_no_index_starts(monkeypatch, tmp_path):
    _fake_pagefind(monkeypatch, tmp_path, INDEX_WRITER)

    def refused() -> None:
        raise BuildError("subnets/1.html: written twice in one build")

    indexing = search.Indexing(tmp_path, after=refused)
    with pytest.raises(BuildError, match="written twice"):
        indexing.wait()
    assert indexing.process is None and not (tmp_path / "pagefind").exists()


def test_a_stopped_index_never_starts(monkeypatch, tmp_path):
    _fake_pagefind(monkeypatch, tmp_path, INDEX_WRITER)
    written = threading.Event()
    indexing = search.Indexing(tmp_path, after=written.wait)
    indexing.stop()  # the build failed while a worker still wrote the pages
    written.set()
    indexing.thread.join(10)
    assert indexing.process is None and not (tmp_path / "pagefind").exists()
    with pytest.raises(BuildError, match="stopped"):
        indexing.wait()


def test_an_unexpected_error_starting_the_index_reaches_the_build_not_the_terminal(monkeypatch, tmp_path):
    hooked: list = []
    monkeypatch.setattr(threading, "excepthook", hooked.append)  # what would print a thread's traceback

    def broken(site):
        raise RuntimeError("no index today")

    monkeypatch.setattr(search, "pagefind_command", broken)
    indexing = search.Indexing(tmp_path)
    with pytest.raises(RuntimeError, match="no index today"):
        indexing.wait()
    assert hooked == []
