"""Page contexts: the footer's links to the same page in other editions."""

from __future__ import annotations

from pathlib import Path

from generator.model.snapshot import Snapshot
from generator.site.context import VERSION_LINKS, View, meta_for
from tests.conftest import make_doc


def test_footer_links_the_nearest_editions_only():
    snapshot = Snapshot(path=Path("x.json.gz"), doc=make_doc())
    editions = tuple(f"2026-{m:02d}-{d:02d}" for m in (1, 2, 3) for d in (1, 8, 15, 22)) + ("2026-08-07",)
    meta = meta_for(snapshot, View(base="editions/2026-08-07/", editions=editions, latest=False), "index.html", "t")
    labels = [link.label for link in meta.versions]
    assert labels[0] == "latest" and labels[1] == "2026-08-07"
    assert len(labels) == VERSION_LINKS + 1
    assert labels[-1] == editions[-VERSION_LINKS]
    assert [link.label for link in meta.versions if link.current] == ["2026-08-07"]


def test_footer_skips_editions_without_the_subnet():
    snapshot = Snapshot(path=Path("x.json.gz"), doc=make_doc())
    view = View(base="", editions=("2026-07-01", "2026-08-07"), latest=True)
    meta = meta_for(snapshot, view, "subnets/1.html", "t", {"2026-07-01": set(), "2026-08-07": {1}}, netuid=1)
    assert [(link.label, link.url) for link in meta.versions] == [
        ("latest", "../subnets/1.html"),
        ("2026-08-07", "../editions/2026-08-07/subnets/1.html"),
    ]
