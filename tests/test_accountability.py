"""Earned vs shipped: the trapezoid estimate, the flags on hand-made accounts, and the built pages."""

from __future__ import annotations

import datetime as dt
import math

from bs4 import BeautifulSoup

from generator.metrics import ledger as acc
from generator.metrics.pay import known_span, paid_over_window
from generator.metrics.scorecard import METRICS
from tests.conftest import only_script_files


def test_trapezoid_over_editions():
    assert paid_over_window([(0.0, 100.0), (10.0, 200.0), (30.0, 0.0)]) == 1500.0 + 2000.0


def test_unknown_rates_are_bridged_never_zero():
    assert paid_over_window([(0.0, 100.0)]) is None
    # 0..10 at 1..(3 unknown) bridged straight to 3 at day 20: (1 + 3) / 2 × 20 = 40
    assert paid_over_window([(0.0, 1.0), (10.0, None), (20.0, 3.0)]) == 40.0
    # (1 + 3) / 2 × 10 + (3 + 5) / 2 × 20 = 20 + 80
    assert paid_over_window([(0.0, 1.0), (10.0, 3.0), (20.0, math.nan), (30.0, 5.0)]) == 100.0
    assert known_span([(0.0, None), (10.0, 3.0), (20.0, math.nan), (30.0, 5.0)]) == 20.0


def point(edition: str, block: int, **records) -> acc.EditionPoint:
    return acc.EditionPoint(edition, block, {int(k[2:]): v for k, v in records.items()})


def test_window_starts_after_a_gap_and_splits_value_at_price():
    row = {
        "tao_paid_per_day": 10.0,
        "owner_alpha_per_day": 18.0,
        "miner_alpha_per_day": 41.0,
        "validator_alpha_per_day": 41.0,
        "price_tao": 0.1,
        "usd_paid_per_day": None,
    }
    points = [point("a", 0, sn1=row), point("b", 7200, sn2=row), point("c", 14400, sn1=row), point("d", 21600, sn1=row)]
    paid = acc.paid(points, 1, 12.0)
    assert (paid.first_edition, paid.editions, paid.days) == ("c", 2, 1.0)
    assert paid.tao == 10.0 and math.isclose(paid.owner_tao, 1.8) and math.isclose(paid.miners_tao, 4.1)
    assert math.isnan(paid.usd)


def test_flags_on_hand_made_scorecards():
    assert acc.flags(0.02, 30, "nothing_verifiable", False, False) == ["paid_no_delivery"]
    assert acc.flags(0.001, 15, "research", False, False) == ["paid_no_delivery"]  # top-20 rank
    assert acc.flags(0.009, 21, "research", False, False) == []
    assert acc.flags(0.004, 60, "shipping_public", False, True) == ["modest_pay_shipping", "stale_note"]
    assert acc.flags(0.005, 60, "shipping_limited", False, False) == []
    assert acc.flags(0.2, 1, None, True, False) == ["placeholder_identity", "no_note"]
    # unknown pay raises no pay flag either way
    assert acc.flags(math.nan, None, "shipping_public", False, False) == []
    assert acc.flags(math.nan, None, "nothing_verifiable", False, False) == []


def test_freshness_is_measured_at_the_edition_date(tmp_path):
    from generator.notes.model import load_note
    from tests.test_notes import FRONT

    path = tmp_path / "7.md"
    path.write_text(FRONT + "x", encoding="utf-8")
    meta = load_note(path).meta
    note = acc.NoteFacts(meta.status, meta.category, meta.last_reviewed)
    assert acc.freshness(note, dt.date(2027, 1, 30)) == acc.Freshness(dt.date(2026, 11, 1), 90, False)
    assert acc.freshness(note, dt.date(2027, 1, 31)).stale
    assert acc.freshness(None, dt.date(2027, 1, 31)) is None


def test_methodology_registry_explains_the_estimate_and_flags():
    assert METRICS["paid_window_tao"].formula.startswith("Σ (t_i+1 − t_i) × (rate_i + rate_i+1) / 2")
    rule = METRICS["flag_paid_no_delivery"].formula
    assert "emission share ≥ 1% or emission rank ≤ 20" in rule
    assert "emission share < 0.5%" in METRICS["flag_modest_pay_shipping"].formula


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_profile_with_a_note_shows_earned_vs_shipped(built_site):
    section = soup(built_site / "subnets" / "64.html").select_one("#earned-vs-shipped")
    assert section.select_one("#delivery-status").get_text() == "shipping a product with public users (shipping_public)"
    assert section.select_one("#code-activity").get_text() == "unknown: not captured"
    assert section.select_one("#note-freshness").get_text() == "reviewed 2026-11-20, after this edition's block date"
    # 2026-04-13 (block 7,961,916): 1 alpha/block × 7,200 × 0.08838483 = 636.37 TAO/day; 2026-06-14 unknown
    # (bridged); 2026-08-07 (block 8,791,253): 7,200 × 0.086479119 = 622.65 TAO/day. Days between:
    # 829,337 blocks × 12 s / 86,400 = 115.186; (636.37 + 622.65) / 2 × 115.186 = 72,511 TAO.
    assert section.select_one("#paid-window-tao").get_text() == "72,511 TAO"
    # one window, described once by the span its known rates cover, in both boxes of the profile
    span = "2026-04-13 to 2026-08-07, 115 days"
    lifetime = soup(built_site / "subnets" / "64.html").select_one("#lifetime").get_text(" ", strip=True)
    assert span in section.get_text() and span in lifetime and "72,511 TAO" in lifetime
    assert "2026-03-22" not in section.select_one("p").get_text() and "2026-03-22" not in lifetime
    assert "more than 9.1 trillion tokens processed" in section.get_text()
    assert next(td.get_text() for td in section.select("table.evidence tbody tr")[0].find_all("td")) == "2026-02-27"


def test_profile_without_a_note_says_unknown(built_site):
    section = soup(built_site / "subnets" / "5.html").select_one("#earned-vs-shipped")
    assert section.select_one("#delivery-status").get_text() == "not reviewed yet"
    assert "No note yet" in section.select_one(".flags").get_text()


def test_accountability_page_filters_without_javascript(built_site):
    page = soup(built_site / "accountability.html")
    assert only_script_files(page)
    assert page.find("a", href="accountability.html", string="Earned vs shipped")
    flagged = page.select("#flag-paid_no_delivery tbody tr")
    assert [r.find_all("td")[1].get_text(strip=True) for r in flagged] == [
        "SN107Minos",
        "SN120Affine",
        "SN44Score",
        "SN53engy",
        "SN8Vanta",
        "SN3deprecated",
    ]
    assert len(page.select("#flag-no_note tbody tr")) == 117
    assert len(page.select("#all tbody tr")) == 128
    placeholder = [r.find_all("td")[1].get_text(strip=True) for r in page.select("#flag-placeholder_identity tbody tr")]
    assert placeholder[0] == "SN3deprecated"
    rollup = {r.th.get_text(): [td.get_text() for td in r.find_all("td")] for r in page.select("table.rollup tbody tr")}
    # 117 subnets have no note; the directory of 2026-03-25 gives 46 of them a category (never a status), and
    # the other 71 are counted under why they have none (tests/test_directory.py): no note, so no status either
    without = [cells for category, cells in rollup.items() if category.startswith("no category: ")]
    assert sum(int(cells[0]) for cells in without) == 71 and all(cells[1] == cells[-1] for cells in without)
    assert rollup["inference"][:3] == ["7", "26.02%", "12.50%"]
    fallback = [r for r in page.select("#all tbody tr") if "(from the directory, 2026-03-25)" in r.get_text()]
    assert len(fallback) == 46 and all(r.find_all("td")[5].get_text() == "not reviewed yet" for r in fallback)
    assert (built_site / "editions" / "2026-03-22" / "accountability.html").is_file()
