"""Atom feeds, sitemap, robots.txt, canonical and Open Graph tags, and the --base-url option."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from click.testing import CliRunner

from generator.build.run import BuildConfig, build
from generator.cli.main import cli
from generator.model.snapshot import write_snapshot
from tests.conftest import REPO, make_doc
from tests.test_build import EDITIONS, soup

ATOM = "{http://www.w3.org/2005/Atom}"


def check_atom(path) -> list[ET.Element]:
    """Parse an Atom feed, check the elements RFC 4287 requires, and return its entries."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{name}") is not None, name
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    return entries


def test_editions_feed(built_site):
    entries = check_atom(built_site / "feed.xml")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [f"Edition {e}" for e in reversed(EDITIONS)]
    assert entries[0].findtext(f"{ATOM}updated") == "2026-08-07T08:35:00+00:00"
    assert "The chain injects" in entries[0].findtext(f"{ATOM}summary")
    assert entries[0].find(f"{ATOM}link").get("href") == "editions/2026-08-07/index.html"


def test_subnet_feeds(built_site):
    feeds = sorted((built_site / "subnets").glob("*.xml"))
    assert len(feeds) == 128
    entries = check_atom(built_site / "subnets" / "92.xml")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[-1].startswith("2026-06-14: Re-registered")
    assert entries[0].find(f"{ATOM}link").get("href") == "../editions/2026-08-07/changes.html"


def test_without_base_url_nothing_absolute(built_site):
    assert not (built_site / "sitemap.xml").exists()
    assert (built_site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    page = soup(built_site / "subnets" / "64.html")
    assert page.find("link", rel="canonical") is None
    assert page.find("meta", property="og:title")["content"] == "SN64 Chutes"
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"


def test_base_url_gives_canonical_sitemap_and_feed_urls(tmp_path, chart_cache):
    snapshots = tmp_path / "snaps"
    write_snapshot(make_doc(), snapshots)
    config = BuildConfig(
        snapshots=snapshots,
        content=tmp_path / "no-notes",
        templates=REPO / "templates",
        output=tmp_path / "site",
        cache=chart_cache,
        base_url="https://sub.example.org/",
    )
    build(config)
    site = tmp_path / "site"
    pages = sorted(site.rglob("*.html"))
    # one edition of root and one subnet: 9 top-level pages, 8 of the edition, the subnet's profile in both
    # views and its report card in the latest view only
    assert len(pages) == 20
    for path in pages:
        page = soup(path)
        relative = path.relative_to(site).as_posix()
        assert page.find("link", rel="canonical")["href"] == f"https://sub.example.org/{relative}"
        assert page.find("meta", property="og:url")["content"] == f"https://sub.example.org/{relative}"
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://sub.example.org/index.html" in locs
    assert "https://sub.example.org/editions/2026-08-07/changes.html" in locs
    assert "Sitemap: https://sub.example.org/sitemap.xml" in (site / "robots.txt").read_text()
    entries = check_atom(site / "feed.xml")
    assert entries[0].find(f"{ATOM}link").get("href") == "https://sub.example.org/editions/2026-08-07/index.html"


def test_bad_base_url_is_refused():
    result = CliRunner().invoke(cli, ["build", "--base-url", "ftp://x"])
    assert result.exit_code == 2
    assert "Invalid value for '--base-url': must be an absolute http(s) URL" in result.output
