"""The built site in a real headless browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from generator.build.run import BuildConfig, build
from generator.cli.main import PreviewServer
from generator.model.snapshot import write_snapshot
from tests.conftest import REPO, make_doc
from tests.test_build import hostile_subnet

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium tries Google's services at start, which this closed network refuses.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = PreviewServer(("127.0.0.1", 0), handler)  # the preview's own: a request the browser drops is quiet
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def site_url(built_site):
    server = serve(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def open_page(browser, url):
    """Open a page and record console errors, failed and off-site requests, and dialogs."""
    page = browser.new_page()
    seen = {"errors": [], "failed": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    return page, seen


def test_profile_renders_with_charts_and_no_outside_requests(browser, site_url):
    page, seen = open_page(browser, f"{site_url}/subnets/64.html")
    assert page.locator("h1").inner_text().startswith("SN64")
    widths = page.eval_on_selector_all("figure.chart img", "imgs => imgs.map(i => i.naturalWidth)")
    assert len(widths) == 2 and all(w > 0 for w in widths)
    assert seen["errors"] == [] and seen["failed"] == []
    assert all(url.startswith(site_url) for url in seen["requests"])
    page.close()


def test_leaderboard_and_navigation(browser, site_url):
    page, seen = open_page(browser, f"{site_url}/index.html")
    rows = page.locator("table.leaderboard tbody tr")
    assert rows.count() == 128
    page.get_by_role("link", name="Chutes", exact=True).first.click()
    page.wait_for_url("**/subnets/64.html")
    page.get_by_role("link", name="2026-04-13").click()
    page.wait_for_url("**/editions/2026-04-13/subnets/64.html")
    assert "2026-04-13" in page.locator("header .edition").inner_text()
    page.get_by_role("link", name="Archive").click()
    page.wait_for_url("**/archive.html")  # count the archive's rows, not the profile's still on screen
    assert page.locator("table tbody tr").count() == 4
    assert seen["errors"] == []
    page.close()


def test_right_to_left_symbol_is_isolated(browser, site_url):
    page, _ = open_page(browser, f"{site_url}/subnets/64.html")
    assert page.locator("h1 .symbol bdi").inner_text() == "ش"
    page.close()


def test_opening_the_file_directly_works(browser, built_site):
    page, seen = open_page(browser, (built_site / "index.html").as_uri())
    widths = page.eval_on_selector_all("figure.chart img", "imgs => imgs.map(i => i.naturalWidth)")
    assert widths and all(w > 0 for w in widths)
    assert seen["errors"] == []
    page.close()


def test_hostile_identity_runs_nothing(browser, tmp_path, chart_cache):
    snapshots = tmp_path / "snaps"
    write_snapshot(make_doc(subnets=[hostile_subnet()]), snapshots)
    build(
        BuildConfig(
            snapshots=snapshots,
            content=tmp_path / "none",
            templates=REPO / "templates",
            output=tmp_path / "site",
            cache=chart_cache,
            jobs=1,
        )
    )
    server = serve(tmp_path / "site")
    try:
        page, seen = open_page(browser, f"http://127.0.0.1:{server.server_address[1]}/subnets/1.html")
        page.hover("h1")
        page.locator("section.identity").hover()
        assert seen["dialogs"] == []
        assert page.locator("h1").inner_text().startswith('SN1 · <script>alert("x")</script>evil')
        hrefs = page.eval_on_selector_all("a", "as => as.map(a => a.href)")
        assert not any(h.startswith("javascript:") for h in hrefs)
        page.close()
    finally:
        server.shutdown()


# --- Reading on any screen: phones, sorting and filtering, search, dark mode, accessibility ---

PAGE_TYPES = [
    "index.html",
    "subnets/64.html",
    "accountability.html",
    "changes.html",
    "lifetime.html",
    "methodology.html",
    "archive.html",
    "api.html",
    "editions/2026-08-07/downloads.html",
    "editions/2026-03-22/subnets/64.html",
]

# For every rendered word of every table cell: one line box, so no word was broken inside it (used by
# tests/test_browser_widths.py, which checks every page type of every edition at 390 and 1366 px).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("td, th")) {
    if (!cell.checkVisibility()) continue; // e.g. inside a closed <details>: not laid out, not read
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.checkVisibility()) continue;
      for (const m of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context
    context.close()


def test_the_subnet_column_stays_in_view_while_the_table_scrolls(phone, site_url):
    page = phone.new_page()
    page.goto(f"{site_url}/index.html#leaderboard")
    box = page.locator("#leaderboard .scroll")
    assert page.evaluate("document.querySelector('#leaderboard .scroll').scrollWidth") > 390
    name = page.locator("table.leaderboard tbody tr").first.locator("td.subnet")
    before = name.bounding_box()["x"]
    box.evaluate("b => { b.scrollLeft = 400; }")
    assert name.bounding_box()["x"] <= before  # stuck at the box's left edge, not scrolled away
    assert name.bounding_box()["x"] >= box.bounding_box()["x"] - 1
    page.close()


def cells(page, table: str, column: int) -> list[str]:
    return page.eval_on_selector_all(
        f"{table} tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{column}].textContent.trim())"
    )


def test_sorting_reorders_rows(browser, site_url):
    page, seen = open_page(browser, f"{site_url}/index.html")
    netuids = [int(v) for v in cells(page, "table.leaderboard", 1)]
    page.get_by_role("button", name="Sort by Netuid").click()
    descending = [int(v) for v in cells(page, "table.leaderboard", 1)]
    assert descending == sorted(netuids, reverse=True) and descending != netuids
    page.get_by_role("button", name="Sort by Netuid").click()
    assert [int(v) for v in cells(page, "table.leaderboard", 1)] == sorted(netuids)
    page.get_by_role("button", name="Sort by Name").click()
    names = cells(page, "table.leaderboard", 2)
    assert names == sorted(names, key=str.lower) or names[0].lower() <= names[-1].lower()
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Name")
    assert seen["errors"] == []
    page.close()


def test_filtering_hides_rows(browser, site_url):
    page, seen = open_page(browser, f"{site_url}/index.html")
    page.get_by_label("Filter rows").fill("chutes")
    assert cells(page, "table.leaderboard", 2) == ["Chutes"]
    page.close()
    page, seen = open_page(browser, f"{site_url}/lifetime.html")
    total = len(cells(page, "table.lifetime", 1))
    page.get_by_label("Filter rows").fill("SN64 ")
    assert cells(page, "table.lifetime", 1) == ["SN64 Chutes"] and total > 100
    page.close()
    page, seen = open_page(browser, f"{site_url}/accountability.html")
    table = "#all table"
    everyone = cells(page, table, 5)
    page.locator("#all .table-tools select[data-column='5']").select_option("not reviewed yet")
    statuses = cells(page, table, 5)
    assert set(statuses) == {"not reviewed yet"} and 0 < len(statuses) < len(everyone)
    assert len(statuses) == everyone.count("not reviewed yet")
    page.locator("#all .table-tools select[data-column='5']").select_option("")
    page.locator("#all .table-tools select[data-column='8']").select_option(index=1)
    flagged = page.eval_on_selector_all(f"{table} tbody tr:not([hidden])", "rows => rows.length")
    assert 0 < flagged < len(everyone)
    assert seen["errors"] == []
    page.close()


def test_without_javascript_every_row_is_shown(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/index.html")
    assert page.locator("table.leaderboard tbody tr:visible").count() == 128
    assert page.locator(".table-tools").count() == 0 and page.locator(".search").is_hidden()
    page.goto(f"{site_url}/accountability.html")
    rows = page.locator("#all table tbody tr")
    assert rows.count() > 100 and page.locator("#all table tbody tr:visible").count() == rows.count()
    context.close()


def test_search_finds_chutes_first(browser, site_url):
    page, seen = open_page(browser, f"{site_url}/changes.html")
    page.get_by_label("Search subnets, notes and editions").fill("chutes")
    first = page.locator(".search-results li a").first
    first.wait_for()
    assert first.get_attribute("href").endswith("/subnets/64.html")
    first.click()
    page.wait_for_url("**/subnets/64.html")
    assert seen["errors"] == [] and seen["failed"] == []
    assert all(url.startswith(site_url) for url in seen["requests"])
    page.close()


def _shade(png: bytes) -> float:
    """Mean brightness (0-255) of a screenshot."""
    import io

    from PIL import Image, ImageStat

    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).mean[0]


def test_dark_scheme_darkens_pages_and_charts(browser, site_url):
    shades = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(f"{site_url}/subnets/64.html")
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        chart = page.locator("figure.chart img").first
        chart.scroll_into_view_if_needed()
        ink = _text_pixels(chart.screenshot())
        shades[scheme] = (background, _shade(chart.screenshot()), ink)
        context.close()
    assert shades["light"][0] != shades["dark"][0]
    assert shades["light"][1] > 200 > 60 > shades["dark"][1]  # the chart's background follows the page
    assert shades["light"][2] < 100 < 150 < shades["dark"][2]  # and its labels stay readable on it


def _text_pixels(png: bytes) -> float:
    """Brightness of the chart's ink: the mean of the 100 grey pixels farthest from the background.

    Only near-neutral pixels count (text, ticks and axes are `currentColor`; the data are coloured), and
    the farthest ones are the cores of the letters, not the half-lit edges of thin lines.
    """
    import io

    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float).reshape(-1, 3)
    grey = rgb[rgb.max(axis=1) - rgb.min(axis=1) < 24].mean(axis=1)
    background = np.bincount(grey.round().astype(int)).argmax()
    farthest = grey[np.argsort(-abs(grey - background), kind="stable")[:100]]
    return float(farthest.mean())


def test_axe_finds_nothing(browser, site_url):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = []
    for width in (1366, 390):
        for javascript in (True, False):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            if not javascript:  # axe itself runs as a script: the page's own scripts are what stays off
                page.route("**/assets/*.js", lambda route: route.abort())
            for path in PAGE_TYPES:
                page.goto(f"{site_url}/{path}")
                violations = axe.run(page).response["violations"]
                found += [(width, javascript, path, v["id"], v["nodes"][0]["target"]) for v in violations]
            context.close()
    assert found == []


# --- Charts on a phone: legible text, labels that never collide, nothing wider than the screen ---

# Draw a chart's own SVG inline at the size its <img> is shown, and measure each text: its height in CSS
# pixels (font-size x shown width / viewBox width) and the box the browser lays it out in.
CHART_TEXTS = """async (img) => {
  const source = await (await fetch(img.currentSrc)).text();
  const svg = document.importNode(new DOMParser().parseFromString(source, "image/svg+xml").documentElement, true);
  const shown = img.getBoundingClientRect();
  const viewBox = svg.viewBox.baseVal;
  svg.setAttribute("width", shown.width);
  svg.setAttribute("height", shown.height);
  const holder = document.createElement("div");
  holder.style.cssText = "position: absolute; left: 0; top: 0";
  holder.append(svg);
  document.body.append(holder);
  const frame = svg.getBoundingClientRect();
  const texts = Array.from(svg.querySelectorAll("text"), (t) => {
    const r = t.getBoundingClientRect();
    return {
      text: t.textContent,
      px: (parseFloat(t.style.fontSize) * shown.width) / viewBox.width,
      box: [r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top],
    };
  });
  holder.remove();
  return { src: img.getAttribute("src"), width: shown.width, height: shown.height, texts };
}"""
CHART_PAGES = {"index.html": {"network.svg"}, "subnets/64.html": {"sn64-history.svg", "sn64-earners.svg"}}


def overlap(a: list[float], b: list[float]) -> bool:
    """Whether two boxes (left, top, right, bottom) share more than half a pixel each way."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


@pytest.mark.parametrize("width", [390, 1366])
def test_chart_text_is_legible_and_no_two_labels_meet(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path, names in CHART_PAGES.items():
        page.goto(f"{site_url}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        charts = [page.evaluate(CHART_TEXTS, img) for img in page.query_selector_all("figure.chart img")]
        assert {c["src"].rsplit("/", 1)[-1] for c in charts} == names, path  # bars, history, curve
        for chart in charts:
            texts = chart["texts"]
            assert len(texts) >= 8, chart["src"]  # ticks, units, labels: a chart without them fails
            # At 390 px the chart shrinks to the column, and its text stays at least 11 px high; on a wide
            # screen it is not blown up past the page's own text (16 px).
            assert all(11 <= t["px"] <= 16 for t in texts), (width, chart["src"], min(t["px"] for t in texts))
            for i, first in enumerate(texts):
                left, top, right, bottom = first["box"]
                assert left >= -1 and top >= -1, (chart["src"], first["text"])
                assert right <= chart["width"] + 1 and bottom <= chart["height"] + 1, (chart["src"], first["text"])
                for second in texts[i + 1 :]:
                    assert not overlap(first["box"], second["box"]), (
                        width,
                        chart["src"],
                        first["text"],
                        second["text"],
                    )
    context.close()
