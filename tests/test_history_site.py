"""The history pages of the built sample: what changed, timelines, figure changes, lifetime paid."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_build import EDITIONS, soup


def test_changes_pages_exist_per_edition_and_at_top(built_site):
    for edition in EDITIONS:
        assert (built_site / "editions" / edition / "changes.html").is_file()
    page = soup(built_site / "changes.html")
    text = page.get_text(" ", strip=True)
    assert "Compared with the previous edition, 2026-06-14" in text
    assert "SN16 TC : Re-registered at block 8460646 as TC (was BitAds" in text
    assert "Identity changed" in text and "Biggest moves: Emission share (points)" in text
    first = soup(built_site / "editions" / EDITIONS[0] / "changes.html").get_text(" ", strip=True)
    assert "first tracked edition" in first


def test_overview_mentions_events(built_site):
    overview = soup(built_site / "index.html").select_one("section.overview").get_text(" ", strip=True)
    assert "Since the previous edition, re-registered: SN16 TC" in overview


def test_profile_timeline_and_changes(built_site):
    page = soup(built_site / "subnets" / "92.html")
    timeline = [li.get_text(" ", strip=True) for li in page.select("section.timeline li")]
    assert timeline[-1].startswith("2026-06-14 : Re-registered at block 8352006 as wgmi")
    assert any("Identity name changed from “wgmi” to “Enclave”" in t for t in timeline)
    change = page.select_one("#m-price_tao td.change").get_text(strip=True)
    assert change.endswith("%") and change[0] in "+-"


def test_archived_edition_timeline_stops_at_its_date(built_site):
    page = soup(built_site / "editions" / "2026-06-14" / "subnets" / "92.html")
    timeline = [li.get_text(" ", strip=True) for li in page.select("section.timeline li")]
    assert timeline and all(t.startswith("2026-06-14") or t < "2026-06-14" for t in timeline)
    assert "2026-08-07" not in page.select_one("section.timeline").get_text()


def test_lifetime_paid_is_an_estimate(built_site):
    page = soup(built_site / "lifetime.html")
    assert "estimate" in page.get_text()
    first = [td.get_text(strip=True) for td in page.select("tbody tr")[0].find_all("td")]
    # one function, one clock: the same 72,511 TAO as the profile's "paid over the tracked window"
    # (hand computation in test_accountability.py)
    assert first[1].startswith("SN64") and first[2] == "72,511 TAO"
    lifetime = soup(built_site / "subnets" / "64.html").select_one("#lifetime").get_text()
    assert "estimated" in lifetime and "72,511 TAO" in lifetime


def test_subnet_facts_stored_with_each_edition(built_site):
    stored = json.loads((built_site / "editions" / "2026-08-07" / "data" / "subnets.json").read_text())
    assert stored["subnets"]["92"]["registered_at_block"] == 8352006
    events = json.loads((built_site / "editions" / "2026-08-07" / "data" / "events.json").read_text())
    assert {"edition", "netuid", "kind", "text"} <= set(events["events"][0])


def test_the_history_chart_shows_the_newest_52_editions_of_the_life():
    """Sixty editions of one life: the chart and its table hold the newest 52, so pages stay bounded."""
    import pandas as pd

    from generator.build.edition import EditionResult, history_chart

    def record(week: int) -> dict:
        return {"netuid": 7, "registered_at_block": 5, "emission_share": week / 1000, "price_tao": 0.01 * week}

    earlier = [EditionResult(f"e{w:02d}", 1000 + w, [record(w)], False, Path("x")) for w in range(59)]
    chart = history_chart(7, earlier, "e59", pd.Series(record(59)), 1059)
    assert chart.data["editions"] == [f"e{w:02d}" for w in range(8, 60)]
    assert chart.data["share_pct"][0] == 0.8 and chart.data["share_pct"][-1] == 5.9
    assert len(chart.table) == 52 and chart.alt.endswith("in 52 editions; data in the table below.")
