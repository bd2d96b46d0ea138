"""No page of any edition is wider than the screen, on a phone or a laptop, and no table word is broken."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.test_browser import BROKEN_WORDS, browser, site_url  # noqa: F401 (fixtures shared with that module)

# The sample's editions; 2026-04-13 has the widest scorecards (its profiles were 402-428 px at 390 px).
SAMPLE_EDITIONS = {"2026-03-22", "2026-04-13", "2026-06-14", "2026-08-07"}
# The per-subnet page types: SN64 has a profile in every view of the sample, a report card in the latest.
SUBNET_PAGES = ["subnets/64.html"]
LATEST_SUBNET_PAGES = ["subnets/64-card.html"]


def pages_of(site: Path, folder: str) -> list[str]:
    """Every top-level page of a folder of the site, then SN64's profile (and report card, at the top) there."""
    names = sorted(p.name for p in (site / folder).glob("*.html"))
    return [f"{folder}{name}" for name in names + SUBNET_PAGES + (LATEST_SUBNET_PAGES if not folder else [])]


@pytest.fixture(scope="module")
def every_page_type(built_site) -> list[str]:
    """One page of each type at the top level and in every edition of the built sample."""
    editions = sorted(p.name for p in (built_site / "editions").iterdir() if p.is_dir())
    assert set(editions) >= SAMPLE_EDITIONS
    paths = pages_of(built_site, "")
    for edition in editions:
        paths += pages_of(built_site, f"editions/{edition}/")
    return paths


def test_every_table_scrolls_in_its_own_box(built_site, every_page_type):
    # A table wider than its column scrolls inside a box that a keyboard can reach and a reader can name,
    # never the page (the 2026-04-13 scorecards had none and made their profiles 418 px wide).
    unboxed, tables = [], 0
    for path in every_page_type:
        page = BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")
        for table in page.find_all("table"):
            tables += 1
            box = table.find_parent("div", class_="scroll")
            if box is None or box.get("tabindex") != "0" or box.get("role") != "region" or not box.get("aria-label"):
                unboxed.append((path, table.get("class"), table.find(["th", "td"]).get_text(strip=True)[:30]))
    assert tables >= len(every_page_type)  # 123 in the sample: a leaderboard, scorecards, data behind charts…
    assert unboxed == []


@pytest.mark.parametrize("width", [390, 1366])  # a phone, a laptop
def test_no_page_wider_than_the_screen_and_no_word_broken(browser, site_url, every_page_type, width):  # noqa: F811
    # Each edition has its index, profile, changes, lifetime, owners, risk, downloads, accountability and
    # methodology pages; the top level has them but downloads, and adds the report card, archive and API page.
    assert len(every_page_type) >= 4 * 9 + 10, every_page_type
    assert "editions/2026-04-13/subnets/64.html" in every_page_type
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    too_wide, broken = [], []
    for path in every_page_type:
        response = page.goto(f"{site_url}/{path}")
        assert response is not None and response.ok, path
        assert page.locator("h1").count() == 1, path  # a real page was laid out, not an empty one
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide.append((path, scroll_width))
        if words := page.evaluate(BROKEN_WORDS):
            broken.append((path, words[:5]))
    context.close()
    assert too_wide == [], width
    assert broken == [], width


def test_on_a_laptop_the_tables_of_text_fit_their_column(browser, site_url):  # noqa: F811
    # These tables wrap to the column at 1366 px: tables of text, and tables of figures with columns of
    # text. The SHA-256 column of the file tables sat past the right edge of a box that scrolled sideways
    # (1,336 px of table in 1,120 px), and the methodology's metrics table was 12,622 px wide, a profile's
    # evidence 2,151 px: each caveat or claim was one line.
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    widths = {}
    for path, tables in (
        ("api.html", "table.downloads"),
        ("editions/2026-08-07/downloads.html", "table.downloads"),
        ("methodology.html", "table.metrics"),
        ("editions/2026-03-22/methodology.html", "table.metrics"),
        ("subnets/64.html", "table.evidence"),
        ("editions/2026-03-22/subnets/64.html", "table.evidence"),
        ("accountability.html", "#all table.accountability"),  # 1,640-1,927 px: flags and reviews out of sight
        ("editions/2026-03-22/accountability.html", "#all table.accountability"),
        ("owners.html", "table.owners"),  # 1,471 px
        ("risk.html", "table.risk"),  # 1,195 px
    ):
        assert page.goto(f"{site_url}/{path}").ok, path
        widths[path] = page.evaluate(
            f"[...document.querySelectorAll('{tables}')].map(t => [t.parentElement.scrollWidth,"
            " t.parentElement.clientWidth, t.querySelectorAll('tbody tr').length])"
        )
        assert page.evaluate(BROKEN_WORDS) == [], path  # wrapped at spaces only: no date split at a hyphen
    context.close()
    for path, found in widths.items():
        assert found and any(rows >= 3 for _, _, rows in found), (path, found)  # real tables, one filled at least
        assert all(scroll <= client for scroll, client, _ in found), (path, found)


STACKED = """(table) => ({
  scroll: [table.parentElement.scrollWidth, table.parentElement.clientWidth],
  header: table.querySelector("thead tr").getBoundingClientRect().height,
  cells: [...table.querySelectorAll("tbody td")].map((td) => [
    td.dataset.label, getComputedStyle(td, "::before").content, td.textContent.trim() === "",
    td.checkVisibility(), Math.round(td.getBoundingClientRect().width)]),
  rows: table.querySelectorAll("tbody tr").length,
})"""


def test_on_a_phone_the_tables_of_sentences_read_one_row_a_block(browser, site_url):  # noqa: F811
    # At 390 px the methodology's metrics and a profile's evidence squeezed each caveat or claim into a
    # column of two words a line beside a clipped source link. Each row is now a block the width of the
    # screen, each cell under its column's name, and the table is still a table to a screen reader.
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    for path, selector in (
        ("methodology.html", "table.metrics"),
        ("editions/2026-03-22/methodology.html", "table.metrics"),
        ("subnets/64.html", "table.evidence"),
        ("editions/2026-03-22/subnets/64.html", "table.evidence"),
    ):
        assert page.goto(f"{site_url}/{path}").ok, path
        table = page.locator(selector)
        found = table.evaluate(STACKED)
        assert found["rows"] >= 3, (path, found["rows"])  # a real table, filled
        scroll, client = found["scroll"]
        assert scroll <= client, (path, found["scroll"])  # nothing to scroll sideways
        assert found["header"] <= 1, path  # the header row is out of sight, not gone
        for label, before, empty, visible, width in found["cells"]:
            if empty:
                assert not visible, (path, label)  # an empty cell shows no name over nothing
            else:
                assert visible and before.startswith(f'"{label}"'), (path, label, before)  # its column's name
                assert width >= client - 2, (path, label, width)  # the screen's width, not a column's
        tree = table.aria_snapshot()
        assert tree.startswith("- table") and "columnheader" in tree and "- cell" in tree, (path, tree[:200])
        assert page.evaluate(BROKEN_WORDS) == [], path
    context.close()
