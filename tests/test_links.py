"""Every internal href, src and #fragment of the built sample resolves, with and without --base-url."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.build.run import BuildConfig, build
from tests.conftest import REPO

BASE_URL = "https://reports.example.org/subnets/"


def _read(page: Path) -> tuple[set[str], list[str]]:
    """One HTML file's ids (and a's names) and every href or src it holds, parsed once."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    ids = {t["id"] for t in soup.find_all(id=True)} | {t["name"] for t in soup.find_all("a", attrs={"name": True})}
    refs = [t.get("href") or t.get("src") for t in soup.find_all(["a", "link", "img", "script"])]
    return ids, [r for r in refs if r]


def broken_links(site: Path, base_url: str = "") -> list[str]:
    """'page: link' for every internal link of `site` that names no file or no fragment."""
    pages = {page.resolve(): _read(page) for page in sorted(site.rglob("*.html"))}
    broken, checked = [], 0
    for page, (_ids, refs) in pages.items():
        for ref in refs:
            if base_url and ref.startswith(base_url):
                ref = "/" + ref[len(base_url) :]
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                continue  # off-site: not ours to check
            path = unquote(parts.path)
            target = (site.resolve() / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()
            target = target if path else page
            checked += 1
            name = f"{page.relative_to(site.resolve())}: {ref}"
            if not target.is_file():
                broken.append(name)
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages[target][0]:
                broken.append(f"{name} (no such fragment)")
    assert checked > 10_000, "the crawl found almost no links: is the site empty?"
    return broken


def test_no_broken_internal_link(built_site):
    assert broken_links(built_site) == []


@pytest.fixture(scope="module")
def site_with_base_url(tmp_path_factory, chart_cache) -> Path:
    root = tmp_path_factory.mktemp("base-url")
    config = BuildConfig(
        snapshots=root / "none",
        content=REPO / "content",
        templates=REPO / "templates",
        output=root / "site",
        cache=chart_cache,
        jobs=2,
        base_url=BASE_URL,
    )
    build(config)
    return root / "site"


def test_no_broken_internal_link_with_a_base_url(site_with_base_url):
    assert broken_links(site_with_base_url, BASE_URL) == []


def test_the_crawler_sees_a_broken_link(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html">b</a><a href="a.html#nowhere">x</a><p id="here"></p>')
    links = "".join(f'<a href="a.html#here">{i}</a>' for i in range(10_001))
    (tmp_path / "c.html").write_text(links)
    assert broken_links(tmp_path) == ["a.html: b.html", "a.html: a.html#nowhere (no such fragment)"]
