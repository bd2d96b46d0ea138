"""A subnet's life is (netuid, registration block): nothing spans a re-registration."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from generator.metrics.changes import changes
from generator.metrics.pay import lifetime_paid
from generator.model import lives
from generator.model.snapshot import load_snapshot
from tests.conftest import REPO

JUNE_BLOCK = 8_404_076
SAMPLE = REPO / "generator" / "sample"


def test_life_keys_infer_unknown_registrations():
    # the first edition lacks the registration block: the subnet registered at 50 already existed at 100
    assert lives.life_keys([(100, None), (200, 50), (300, 50)]) == [50, 50, 50]
    # registered at 150, after the first edition's block: that edition saw an earlier subnet
    assert lives.life_keys([(100, None), (200, 150)]) == [("before", 150), 150]
    assert lives.life_keys([(100, 50), (300, 250)]) == [50, 250]
    assert lives.life_keys([(100, None)]) == [None]
    assert lives.current_run([(100, 50), (200, 50), (300, 250), (400, 250)]) == 2
    assert lives.current_run([(100, None), (200, 150)]) == 1


def test_continues():
    assert lives.continues(50, 50, 100) and not lives.continues(250, 50, 100)
    assert not lives.continues(150, None, 100) and lives.continues(50, None, 100)
    assert lives.continues(None, None, None)


def test_lifetime_paid_never_crosses_a_reregistration():
    old = {
        "netuid": 7,
        "is_root": False,
        "name": "Old",
        "registered_at_block": 10,
        "tao_paid_per_day": 1000.0,
        "usd_paid_per_day": None,
    }
    new = {
        "netuid": 7,
        "is_root": False,
        "name": "New",
        "registered_at_block": 1_000_000,
        "tao_paid_per_day": 2.0,
        "usd_paid_per_day": None,
    }
    later = {**new, "tao_paid_per_day": 4.0}
    # days 100, 200, 207: the new subnet's window is days 200..207 only
    paid = lifetime_paid([("a", 100.0, [old]), ("b", 200.0, [new]), ("c", 207.0, [later])])
    assert paid[7].tao == pytest.approx(7 * 3.0) and (paid[7].first, paid[7].last) == ("b", "c")
    assert paid[7].name == "New"
    # only one edition of the new life: the amount is unknown, never the old subnet's pay
    assert lifetime_paid([("a", 100.0, [old]), ("b", 200.0, [new])])[7].tao is None


def test_changes_masked_across_lives():
    import pandas as pd

    def cards(reg, price):
        return pd.DataFrame(
            {
                "netuid": [7],
                "age_days": [float("nan")],
                "registered_at_block": [reg],
                "emission_share": [0.01],
                "price_tao": [price],
                "market_cap_tao": [1.0],
                "emission_rank": [3],
            },
            index=[7],
        )

    moved = changes(cards(150, 1.0), cards(None, 2.0), previous_block=100)
    assert moved.isna().all(axis=None)
    same = changes(cards(50, 1.0), cards(None, 2.0), previous_block=100)
    assert same.loc[7, "price_change_pct"] == pytest.approx(-50.0)


def reregistered_in_august() -> list[int]:
    """Netuids whose registration block in the 2026-08-07 sample is after the 2026-06-14 block (by hand)."""
    august = load_snapshot(next(SAMPLE.glob("finney-8791253-*.json.gz")))
    return sorted(
        s.netuid for s in august.doc.subnets if s.registered_at_block is not None and s.registered_at_block > JUNE_BLOCK
    )


def test_sn103_is_not_credited_the_previous_subnets_pay(built_site):
    assert 103 in reregistered_in_august() and len(reregistered_in_august()) == 7
    api = json.loads((built_site / "api/v1/subnets/103.json").read_text(encoding="utf-8"))
    assert api["lifetime_tao_estimate"] is None  # one edition of the new life spans no time
    assert api["past_lives"] == [
        {"name": "Djinn", "registered_at_block": 5_515_448, "first_edition": "2026-03-22", "last_edition": "2026-06-14"}
    ]
    assert [p["life"] for p in api["editions"]] == [5_515_448, 5_515_448, 5_515_448, 8_762_380]
    page = BeautifulSoup((built_site / "subnets/103.html").read_text(encoding="utf-8"), "html.parser")
    assert "Netuid 103 was Djinn, registered at block 5,515,448" in page.select_one(".past-lives").get_text()
    assert all(td.get_text(strip=True) == "" for td in page.select(".scorecard td.change"))
    assert "4,271" not in page.get_text()
    lifetime = BeautifulSoup((built_site / "lifetime.html").read_text(encoding="utf-8"), "html.parser")
    row = next(
        tr for tr in lifetime.select("tbody tr") if tr.find_all("td")[1].get_text(" ", strip=True).startswith("SN103 ")
    )
    assert row.find_all("td")[2].get_text(strip=True) == "unknown"
    assert row.find_all("td")[-1].get_text(strip=True) == "no span: fewer than two editions have a known rate"


def test_no_figure_change_spans_a_reregistration(built_site):
    changes_page = BeautifulSoup((built_site / "changes.html").read_text(encoding="utf-8"), "html.parser")
    movers = {a["href"] for a in changes_page.select("section.movers table a")}
    assert movers  # the page does list movers
    for netuid in reregistered_in_august():
        page = BeautifulSoup((built_site / f"subnets/{netuid}.html").read_text(encoding="utf-8"), "html.parser")
        assert not [td.get_text(strip=True) for td in page.select(".scorecard td.change") if td.get_text(strip=True)], (
            netuid
        )
        assert "−100" not in page.get_text() and "-100 %" not in page.get_text()
        assert page.select_one(".past-lives") is not None, netuid
        # the re-registered subnet is no mover: its figures are not compared with the previous subnet's
        assert f"subnets/{netuid}.html" not in movers, netuid


def test_pay_window_starts_at_the_registration(built_site):
    page = BeautifulSoup((built_site / "subnets/103.html").read_text(encoding="utf-8"), "html.parser")
    earned = page.select_one("#earned-vs-shipped").get_text(" ", strip=True)
    assert "2026-06-14" not in earned and "2026-04-13" not in earned  # the window is the new subnet's only
    assert page.select_one("#paid-window-tao").get_text(strip=True) == "unknown"
    assert page.select_one("#burn-note") is None  # its only edition has the burn
    chutes = BeautifulSoup((built_site / "subnets/64.html").read_text(encoding="utf-8"), "html.parser")
    assert "not captured in 2026-04-13" in chutes.select_one("#burn-note").get_text()


def test_feed_and_timeline_of_a_reregistered_subnet_are_its_own(built_site):
    # SN58 changed identity in 2026-06-14 and was re-registered in 2026-08-07: the new subnet's feed and
    # timeline start with the re-registration, not with the earlier subnet's renames
    stored = json.loads((built_site / "editions/2026-06-14/data/events.json").read_text(encoding="utf-8"))
    earlier = [e["text"] for e in stored["events"] if e["netuid"] == 58]
    assert len(earlier) == 3
    feed = (built_site / "subnets/58.xml").read_text(encoding="utf-8")
    assert "Re-registered at block" in feed and not any(text in feed for text in earlier)
    page = BeautifulSoup((built_site / "subnets/58.html").read_text(encoding="utf-8"), "html.parser")
    dates = [li.get_text(" ", strip=True)[:10] for li in page.select("section.timeline li")]
    assert dates == ["2026-08-07"]
    archived = BeautifulSoup(
        (built_site / "editions/2026-06-14/subnets/58.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert len(archived.select("section.timeline li")) == 3  # the earlier subnet keeps its own history


def test_march_without_registration_blocks_is_still_split_by_life(built_site):
    # March lacks registration blocks; April says SN36 and SN102 were registered after March's block,
    # so March saw earlier subnets there: no change or mover compares them
    from generator.metrics import scorecard as metrics

    march, april = (load_snapshot(next(SAMPLE.glob(f"finney-{block}-*.json.gz"))) for block in (7801029, 7961916))
    cards_m, cards_a = metrics.scorecards(march), metrics.scorecards(april)
    later = sorted(cards_a.index[cards_a["registered_at_block"] > march.provenance.block])
    assert later == [36, 102]
    moved = changes(cards_a, cards_m, march.provenance.block)
    assert moved.loc[later].isna().all(axis=None) and moved["share_change_points"].notna().sum() == 126
    page = BeautifulSoup(
        (built_site / "editions/2026-04-13/subnets/36.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert not [td for td in page.select(".scorecard td.change") if td.get_text(strip=True)]
    assert "registered at an unknown block" in page.select_one("section.past-lives").get_text()
