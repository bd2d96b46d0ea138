"""The report card prints on one A4 page and renders in Chromium; the TAO/USD choice works; every label links."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from generator.metrics.scorecard import METRICS
from generator.site.pages import LEADERBOARD_FIGURES, PROFILE_FIGURES
from generator.site.report_card import CARD_FIGURES
from tests.test_browser import CHROMIUM, browser, open_page, serve, site_url  # noqa: F401 (fixtures)
from tests.test_trends import _priced_site

# headers that name the row, not a figure: they need no methodology entry
ROW_NAMES = {"Subnet", "Netuid", "Name", "Symbol", "Date", "Claim", "Source"}


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _labels(page):
    """Every column header, scorecard row label and earned-vs-shipped label (chart data tables aside)."""
    found = []
    for tag in page.select(
        "main thead th, main tr[id^=m-] th, main .card-figures th, main .earned dt, main .card-earned dt"
    ):
        if tag.find_parent("figure") is None:
            found.append(tag)
    return found


def _unlinked(page, anchors):
    """Labels that do not link to an existing methodology entry (row names excepted)."""
    bad = []
    for tag in _labels(page):
        link = tag.find("a", href=re.compile(r"methodology\.html#metric-"))
        if link is None:
            if tag.get_text(strip=True) not in ROW_NAMES:
                bad.append(tag.get_text(strip=True))
        elif link["href"].split("#metric-")[1] not in anchors:
            bad.append(link["href"])
    return bad


def test_every_table_label_links_to_its_methodology_entry(built_site):
    method = _soup(built_site / "methodology.html")
    anchors = {tag["id"].removeprefix("metric-") for tag in method.select("[id^=metric-]")}
    assert {"trend_sparkline", "delivery_status", "usd_equivalent", "miner_coldkey"} <= anchors
    counts = {}
    for name in (
        "index.html",
        "changes.html",
        "lifetime.html",
        "accountability.html",
        "subnets/64.html",
        "subnets/64-card.html",
    ):
        page = _soup(built_site / name)
        assert _unlinked(page, anchors) == [], name
        counts[name] = len(page.select("main a[href*='methodology.html#metric-']"))
    # leaderboard: rank, trend and its figure columns less net flow (unknown in every row, so left out)
    assert counts["index.html"] == 2 + len(LEADERBOARD_FIGURES) - 1
    # mover tables against June, which has no emission share: price and market cap only, change and value now
    assert len(_soup(built_site / "changes.html").select("section.movers table")) == 2
    assert counts["changes.html"] == 2 * 2
    assert (
        counts["lifetime.html"] == 4
    )  # rank (by TAO paid), TAO, editions with a rate, span: USD is unknown in every row
    # profile: scorecard rows, the caption's three, lifetime line, trend, earners' four headers, nine earned labels
    assert counts["subnets/64.html"] == len(PROFILE_FIGURES) + 3 + 1 + 1 + 4 + 9
    # card: the trend heading, its figures, nine earned labels; category and delivery in the identity line above
    assert counts["subnets/64-card.html"] == 1 + len(CARD_FIGURES) + 9
    identity = _soup(built_site / "subnets/64-card.html").select(".identity a[href*='#metric-']")
    assert [a["href"].split("#metric-")[1] for a in identity] == ["category", "delivery_status"]
    accountability = _soup(built_site / "accountability.html")
    tables = accountability.select("table.accountability")
    assert all(len(t.select("thead a")) == 8 for t in tables) and len(tables) == 6
    assert all(key in METRICS for key in CARD_FIGURES)


def _richest_card(site):
    """The latest report card with the most text (the longest note summary and most sources)."""
    cards = sorted(site.glob("subnets/*-card.html"))
    assert len(cards) == 128
    return max(cards, key=lambda p: (len(_soup(p).get_text()), p.name))


def test_report_card_of_the_fullest_subnet_prints_on_one_a4_page(browser, built_site, site_url):  # noqa: F811
    card = _richest_card(built_site)
    page_html = _soup(card)
    assert page_html.select_one(".card-note .summary") is not None and page_html.select(".sources li")
    page, seen = open_page(browser, f"{site_url}/subnets/{card.name}")
    try:
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    assert not seen["errors"] and not seen["failed"]


def test_report_card_renders_in_a_browser_at_both_widths(browser, site_url):  # noqa: F811
    for width in (1366, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto(f"{site_url}/subnets/64-card.html", wait_until="load")
        assert page.locator("h1").inner_text().startswith("SN64")
        assert page.locator("svg.spark").count() == 2
        assert page.locator("svg.spark").first.bounding_box()["width"] > 100  # scaled up from 96 px
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert all(u.startswith(site_url) for u in requests)
        context.close()
    profile, _ = open_page(browser, f"{site_url}/subnets/64.html")
    profile.get_by_role("link", name="Report card").click()
    assert profile.url.endswith("/subnets/64-card.html")
    profile.close()


@pytest.fixture(scope="module")
def priced_url(tmp_path_factory, chart_cache):
    site = _priced_site(tmp_path_factory.mktemp("priced"), chart_cache)
    server = serve(site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_currency_choice_is_remembered_and_without_javascript_both_show(browser, priced_url):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{priced_url}/index.html")
    cell = page.locator("table.leaderboard td[data-metric=tao_per_day]")
    assert cell.inner_text() == "72.00 TAO/day"  # TAO is the default choice
    page.get_by_role("button", name="USD").first.click()
    assert cell.inner_text() == "$28,800/day"
    page.goto(f"{priced_url}/subnets/1.html")  # remembered on the next page
    assert page.locator("td[data-metric=tao_per_day]").inner_text() == "$28,800/day"
    assert page.get_by_role("button", name="USD").get_attribute("aria-pressed") == "true"
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{priced_url}/index.html")
    cell = page.locator("table.leaderboard td[data-metric=tao_per_day]")
    assert cell.inner_text() == "72.00 TAO/day $28,800/day"  # in brackets by the stylesheet
    assert cell.locator(".cur-tao").is_visible() and cell.locator(".cur-usd").is_visible()
    assert page.locator("button").count() == 0
    context.close()
