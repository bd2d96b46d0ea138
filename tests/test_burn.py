"""Burned miner emission: neither pay nor owner capture, and unknown where not captured."""

from __future__ import annotations

import math

import pytest
from bs4 import BeautifulSoup

from generator.metrics import payout
from generator.metrics import scorecard as metrics
from tests.conftest import TRADING, make_snapshot, neuron_table

D = 7200
MINERS = (1 - 11796 / 65535) / 2  # the miners' share of alpha_out_emission


def burning_subnet(netuid: int, burn: float | None) -> dict:
    """A subnet emitting 1 alpha per block to participants, burning `burn` of the miners' part."""
    return {
        "netuid": netuid,
        "name": f"S{netuid}",
        "symbol": "a",
        **TRADING,
        "owner_hotkey": "owner-hot",
        "owner_coldkey": "owner-cold",
        "miner_burned_fraction": burn,
    }


def test_burn_is_split_from_miners_pay_on_hand_made_data():
    cards = metrics.scorecards(
        make_snapshot([burning_subnet(1, 0.25), burning_subnet(2, None), burning_subnet(3, 0.0)])
    )
    miners_before = D * MINERS  # 2,952.016 alpha a day
    one = cards.loc[1]
    assert one["alpha_emitted_per_day"] == pytest.approx(7200)
    assert one["miner_burned_alpha_per_day"] == pytest.approx(0.25 * miners_before)
    assert one["miner_alpha_per_day"] == pytest.approx(0.75 * miners_before)
    assert one["alpha_paid_per_day"] == pytest.approx(7200 - 0.25 * miners_before)
    assert one["tao_paid_per_day"] == pytest.approx(0.1 * (7200 - 0.25 * miners_before))
    # owner and validators are not touched by the miners' burn
    assert one["owner_alpha_per_day"] == pytest.approx(7200 * 11796 / 65535)
    assert one["validator_alpha_per_day"] == pytest.approx(miners_before)
    # unknown burn: the burned amount is unknown, never 0, and the pay is flagged as before any burn
    two = cards.loc[2]
    assert math.isnan(two["miner_burned_alpha_per_day"]) and math.isnan(two["miner_burned_fraction"])
    assert not two["burn_captured"] and two["alpha_paid_per_day"] == pytest.approx(7200)
    three = cards.loc[3]
    assert three["burn_captured"] and three["miner_burned_alpha_per_day"] == 0.0


def test_network_burn_unknown_when_any_subnet_burn_is():
    known = metrics.scorecards(make_snapshot([burning_subnet(1, 1.0), burning_subnet(2, 0.0)]))
    assert payout.network_burn(known)["miner_burned_share"] == pytest.approx(0.5)
    mixed = metrics.scorecards(make_snapshot([burning_subnet(1, 1.0), burning_subnet(2, None)]))
    assert math.isnan(payout.network_burn(mixed)["miner_burned_share"])


def test_owner_capture_counts_only_what_reaches_owner_keys():
    # the owner's uid earns 100 rao, another miner 300; the burned part is on no uid, so it is not capture
    table = neuron_table(["owner-cold", "c1"], [100, 300], hotkeys=["owner-hot", "h1"])
    cards = metrics.scorecards(make_snapshot([burning_subnet(1, 0.5)], {1: table}))
    assert cards.loc[1, "owner_capture"] == pytest.approx(0.25)


def test_real_sample_burn_2026_08_07(capture_0807, snapshot_0807):
    cards = metrics.scorecards(snapshot_0807)
    # by hand from the capture: Σ alpha_out_emission × 7,200 × 41 %, and that × miner_burned_fraction
    rows = [r["economics"] for r in capture_0807["subnets"] if r["netuid"] != 0]
    before = sum(e["alpha_out_emission"] * D * MINERS for e in rows)
    burned = sum(e["alpha_out_emission"] * D * MINERS * e["miner_burned_fraction"] for e in rows)
    network = payout.network_burn(cards)
    assert network["miner_alpha_before_burn_per_day"] == pytest.approx(before, rel=1e-9)
    assert network["miner_burned_alpha_per_day"] == pytest.approx(burned, rel=1e-9)
    assert 160_000 < burned < 161_000 and 374_000 < before < 376_000
    assert sum(cards["miner_burned_fraction"] == 1.0) == 35
    # SN103 burns all miner emission: its miners are paid nothing and nothing is the owner's capture
    sn103 = cards.loc[103]
    assert sn103["miner_alpha_per_day"] == 0.0
    assert sn103["miner_burned_alpha_per_day"] == pytest.approx(7200 * MINERS)
    assert sn103["alpha_paid_per_day"] == pytest.approx(7200 * (1 - MINERS))
    full_burners = cards[(cards["miner_burned_fraction"] == 1.0) & cards["measured_miner_alpha_per_day"].notna()]
    assert (full_burners["measured_miner_alpha_per_day"] == 0).all()
    assert not (full_burners["owner_capture"] == 1.0).any()


def test_burn_shown_on_profile_leaderboard_and_overview(built_site):
    index = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    line = index.select_one("#network-burn").get_text(" ", strip=True)
    assert "42.76 %" in line or "42.76%" in line, line
    headers = [th.get_text(strip=True) for th in index.select("table.leaderboard thead th")]
    column = headers.index("Miner emission burned")
    row = next(tr for tr in index.select("table.leaderboard tbody tr") if tr.find_all("td")[1].get_text() == "103")
    assert row.find_all("td")[column].get_text(strip=True).startswith("100")
    profile = BeautifulSoup((built_site / "subnets/103.html").read_text(encoding="utf-8"), "html.parser")
    assert profile.select_one("#m-miner_burned_fraction td").get_text(strip=True).startswith("100")
    # an edition without the burn says it is unknown, and qualifies the pay it shows
    june = BeautifulSoup(
        (built_site / "editions/2026-04-13/subnets/64.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert june.select_one("#m-miner_burned_fraction td").get_text(strip=True) == "unknown"
    assert "burn is not captured" in june.select_one("#m-alpha_paid_per_day").get_text()
    overview = BeautifulSoup((built_site / "editions/2026-04-13/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "unknown" in overview.select_one("#network-burn").get_text()


def test_methodology_defines_the_burn_figures(built_site):
    page = (built_site / "methodology.html").read_text(encoding="utf-8")
    for label in ("Miner emission burned", "Miners&#39; alpha burned per day", "Miner emission burned (network)"):
        assert label in page, label


def test_no_profile_books_the_burn_as_owner_capture(built_site, snapshot_0807):
    # before, the simulation put burned emission on the owner's uid 0 and profiles said the owner's keys
    # collect 100 % of miner emission; the chain says it is burned
    burners = [s.netuid for s in snapshot_0807.doc.subnets if s.miner_burned_fraction == 1.0]
    for netuid in burners:
        page = BeautifulSoup((built_site / f"subnets/{netuid}.html").read_text(encoding="utf-8"), "html.parser")
        story = page.select_one("section.narrative").get_text(" ", strip=True)
        assert "owner's own keys" not in story, netuid
        assert "of miner emission is burned" in story or "no alpha" in story, netuid
