"""Not applicable, unknown and zero are three different things, on pages and in the open data."""

from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd
from bs4 import BeautifulSoup

from generator.metrics import applicability
from generator.metrics import scorecard as metrics
from generator.metrics.changes import WITH_EXCESS, WITHOUT_EXCESS, network_summary
from tests.conftest import TRADING, make_snapshot


def subnet(netuid: int, **extra) -> dict:
    """A trading subnet with TAO injection; `extra` overrides."""
    return {
        "netuid": netuid,
        "name": f"S{netuid}",
        "symbol": "a",
        **TRADING,
        **extra,
    }


def test_root_and_not_trading_have_no_price_and_unknown_is_unknown():
    cards = metrics.scorecards(
        make_snapshot(
            [
                subnet(0, price_tao=0.0, tao_in_emission_rao=0),
                subnet(1),
                subnet(2, price_tao=0.0),
                subnet(3, price_tao=None, tao_in_rao=None),
            ]
        )
    )
    for netuid, reason in ((0, applicability.ROOT), (2, applicability.NOT_TRADING), (3, applicability.PRICE_UNKNOWN)):
        card = cards.loc[netuid]
        assert card["price_reason"] == reason
        assert all(math.isnan(card[key]) for key in ("price_tao", "market_cap_tao", "fdv_tao", "tao_paid_per_day"))
    assert cards.loc[1, "price_reason"] is None and cards.loc[1, "market_cap_tao"] > 0
    assert applicability.not_applicable(applicability.NOT_TRADING) and not applicability.not_applicable(
        applicability.PRICE_UNKNOWN
    )


def test_zero_emission_subnets_are_not_ranked():
    cards = metrics.scorecards(
        make_snapshot(
            [
                subnet(0, tao_in_emission_rao=0),
                subnet(1, tao_in_emission_rao=5),
                subnet(2, tao_in_emission_rao=0),
                subnet(3, tao_in_emission_rao=9),
                subnet(4, tao_in_emission_rao=0),
            ]
        )
    )
    ranks = {n: None if pd.isna(v) else int(v) for n, v in cards["emission_rank"].items()}
    assert ranks == {0: None, 1: 2, 2: None, 3: 1, 4: None}
    assert cards.loc[2, "emission_rank_reason"] == applicability.NO_INJECTION
    assert cards.loc[0, "emission_rank_reason"] == applicability.ROOT
    assert cards.loc[1, "emission_rank_reason"] is None


def test_network_total_says_its_basis():
    with_excess = metrics.scorecards(make_snapshot([subnet(1), subnet(2)]))
    without = metrics.scorecards(make_snapshot([subnet(1, excess_tao_rao=None), subnet(2)]))
    assert network_summary(with_excess)["total_basis"] == WITH_EXCESS
    assert network_summary(without)["total_basis"] == WITHOUT_EXCESS


def test_real_sample_root_not_trading_and_ranks(built_site):
    data = json.loads((built_site / "api/v1/editions/2026-08-07/subnets.json").read_text(encoding="utf-8"))
    records = {r["netuid"]: r for r in data["subnets"]}
    root, sn86 = records[0], records[86]
    assert (root["price_tao"], root["market_cap_tao"], root["fdv_tao"]) == (None, None, None)
    assert root["price_reason"] == applicability.ROOT
    assert sn86["price_reason"] == applicability.NOT_TRADING and sn86["market_cap_tao"] is None
    # by hand from the capture: 75 subnets receive TAO (tao_in_emission + excess > 0), 53 do not
    injected = [r for n, r in records.items() if n != 0 and r["tao_per_day"] and r["tao_per_day"] > 0]
    unranked = [r for n, r in records.items() if n != 0 and r["emission_rank"] is None]
    assert sorted(r["emission_rank"] for r in injected) == list(range(1, len(injected) + 1))
    assert all(r["emission_rank_reason"] == applicability.NO_INJECTION for r in unranked)
    assert len(injected) + len(unranked) == 128 and len(unranked) == 53
    rows = list(
        csv.DictReader(
            io.StringIO(
                (built_site / "editions/2026-08-07/downloads/scorecards-2026-08-07.csv").read_text(encoding="utf-8")
            )
        )
    )
    csv_root = next(r for r in rows if r["netuid"] == "0")
    assert csv_root["price_tao"] == "" and csv_root["price_reason"] == applicability.ROOT
    page = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    body = {tr.find_all("td")[1].get_text(): tr for tr in page.select("table.leaderboard tbody tr")}
    assert body["86"].find_all("td")[6].get_text(strip=True) == "—"
    unranked_row = body[str(unranked[0]["netuid"])]
    assert unranked_row.find_all("td")[0].get_text(strip=True) == "—"
    profile = BeautifulSoup((built_site / "subnets/86.html").read_text(encoding="utf-8"), "html.parser")
    assert profile.select_one("#m-price_tao td").get_text(" ", strip=True).startswith("— (not trading")
    assert "not trading" in profile.select_one("section.narrative").get_text()
    assert "trades at" not in profile.select_one("section.narrative").get_text()


def test_excess_tao_basis_is_said_where_missing(built_site):
    april = BeautifulSoup((built_site / "editions/2026-04-13/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "excess TAO was not captured" in april.select_one("section.overview").get_text()
    august = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "excess TAO was not captured" not in august.select_one("section.overview").get_text()


def test_profile_marks_injection_without_excess_tao(built_site):
    april = BeautifulSoup(
        (built_site / "editions/2026-04-13/subnets/64.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert "excess TAO is not captured" in april.select_one("#m-tao_per_day").get_text()
    august = BeautifulSoup((built_site / "subnets/64.html").read_text(encoding="utf-8"), "html.parser")
    assert "excess TAO" not in august.select_one("#m-tao_per_day").get_text()


def test_methodology_defines_reasons_and_life(built_site):
    page = BeautifulSoup((built_site / "methodology.html").read_text(encoding="utf-8"), "html.parser").get_text()
    for label in (
        "Why there is no price",
        "Why there is no emission rank",
        "Excess TAO captured",
        "Registration block",
        applicability.NOT_TRADING,
        applicability.NO_INJECTION,
    ):
        assert label in page, label
