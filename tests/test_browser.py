"""The built site in a real headless browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from generator.build.run import BuildConfig, build
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
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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
