"""Scorecard metrics against hand-computed values: the real 2026-08-07 capture and tiny tables."""

from __future__ import annotations

import inspect
import math

import pandas as pd
import pytest

from generator.metrics import changes as history
from generator.metrics import concentration
from generator.metrics import scorecard as metrics
from generator.metrics.changes import changes, network_summary
from generator.metrics.scorecard import METRICS, SCORECARD_COLUMNS, coldkey_earnings, scorecards
from tests.conftest import make_snapshot, neuron_table, provenance

# --- the real capture: SN64 Chutes on 2026-08-07 (block 8,791,253) -------------------------------


@pytest.fixture(scope="module")
def cards_0807(snapshot_0807):
    return scorecards(snapshot_0807)


def test_sn64_price_is_the_swap_price(cards_0807):
    chutes = cards_0807.loc[64]
    assert chutes["price_tao"] == pytest.approx(0.086479119)
    assert chutes["price_source"] == "swap"


def test_sn64_tao_injected_per_day(cards_0807):
    # (tao_in_emission 0.012462749 + excess_tao 0.050031047) TAO/block × 7,200 blocks = 449.9553312
    assert cards_0807.loc[64, "tao_per_day"] == pytest.approx(449.9553312)


def test_sn64_emission_share_and_rank(cards_0807, capture_0807):
    # The denominator by hand: every subnet but root, (tao_in_emission + excess_tao) × 7,200,
    # straight from the capture file (about 3,600 TAO/day: 0.5 TAO per block over all subnets).
    total = sum(
        (s["economics"]["tao_in_emission_tao"] + s["economics"]["excess_tao"]) * 7200
        for s in capture_0807["subnets"]
        if s["netuid"] != 0
    )
    assert total == pytest.approx(3600, abs=0.01)
    assert cards_0807.loc[64, "emission_share"] == pytest.approx(449.9553312 / total)
    assert round(cards_0807.loc[64, "emission_share"] * 100, 2) == 12.50
    assert cards_0807.loc[64, "emission_rank"] == 1


def test_sn64_market_cap_fdv_liquidity(cards_0807):
    chutes = cards_0807.loc[64]
    # 0.086479119 × (alpha_in 2,542,377.6015667 + alpha_out 3,319,182.111772565) = 506,902.52
    assert chutes["market_cap_tao"] == pytest.approx(506_902.52, abs=0.01)
    # 0.086479119 × 21,000,000 = 1,816,061.499
    assert chutes["fdv_tao"] == pytest.approx(1_816_061.499)
    # 2 × tao_in 221,156.58516926 = 442,313.17033852
    assert chutes["liquidity_tao"] == pytest.approx(442_313.17033852)


def test_root_is_flagged_and_left_out_of_shares(cards_0807):
    root = cards_0807.loc[0]
    assert bool(root["is_root"]) and math.isnan(root["emission_share"]) and pd.isna(root["emission_rank"])
    ranked = cards_0807["emission_rank"].dropna()
    # only the 75 subnets that receive TAO are ranked; the 53 others have no rank (not 76..128 by netuid)
    assert sorted(ranked) == list(range(1, 76))
    assert (cards_0807.loc[ranked.index, "emission_share"] > 0).all()
    assert cards_0807.loc[~cards_0807["is_root"], "emission_share"].sum() == pytest.approx(1.0)


def test_placeholder_identities_of_the_capture(cards_0807):
    # SN3 "deprecated" (github username/repo, www.deprecated.com), SN39 and SN81 "deprecated", SN42 "Unknown"
    assert sorted(cards_0807.index[cards_0807["placeholder_identity"]]) == [3, 39, 42, 81]


def test_pool_ratio_fallback(snapshot_0807):
    record = snapshot_0807.subnet(64).model_dump()
    card = scorecards(make_snapshot([{**record, "price_tao": None}])).loc[64]
    # tao_in 221,156.58516926 / alpha_in 2,542,377.6015667 = 0.0869881 (the swap price is 0.0864791)
    assert card["price_tao"] == pytest.approx(0.0869881, abs=1e-7)
    assert card["price_source"] == "pool ratio"


def test_price_unknown_without_swap_price_or_pool():
    card = scorecards(make_snapshot([{"netuid": 5, "name": "x", "symbol": "e"}])).loc[5]
    assert card["price_source"] is None
    assert math.isnan(card["price_tao"]) and math.isnan(card["market_cap_tao"]) and math.isnan(card["fdv_tao"])


# --- emissions, unknowns, the rule split ---------------------------------------------------------


def _subnet(netuid: int, **fields) -> dict:
    return {"netuid": netuid, "name": f"sn{netuid}", "symbol": "a", "tempo": 359, **fields}


def test_null_emission_makes_every_share_unknown_not_zero():
    snap = make_snapshot(
        [
            _subnet(0, tao_in_emission_rao=0),
            _subnet(1, tao_in_emission_rao=3_000_000, excess_tao_rao=1_000_000),
            _subnet(2, tao_in_emission_rao=None, excess_tao_rao=5_000_000),
        ]
    )
    cards = scorecards(snap)
    # 4,000,000 rao/block × 7,200 / 1e9 = 28.8 TAO/day; subnet 2 is unknown despite its excess_tao
    assert cards.loc[1, "tao_per_day"] == pytest.approx(28.8)
    assert math.isnan(cards.loc[2, "tao_per_day"])
    assert cards["emission_share"].isna().all()
    assert cards["emission_rank"].isna().all()
    assert math.isnan(network_summary(cards)["total_tao_per_day"])


def test_missing_excess_tao_counts_as_zero_and_root_is_excluded():
    snap = make_snapshot(
        [
            _subnet(0, tao_in_emission_rao=9_000_000_000),
            _subnet(1, tao_in_emission_rao=3_000_000),
            _subnet(2, tao_in_emission_rao=1_000_000, excess_tao_rao=0),
            _subnet(3, tao_in_emission_rao=1_000_000),
        ]
    )
    cards = scorecards(snap)
    # shares 3/5, 1/5, 1/5 (root's 9 TAO/block is not in the denominator); the tie goes to netuid 2
    assert cards.loc[[1, 2, 3], "emission_share"].tolist() == pytest.approx([0.6, 0.2, 0.2])
    assert cards.loc[[1, 2, 3], "emission_rank"].tolist() == [1, 2, 3]
    summary = network_summary(cards)
    # HHI = 0.36 + 0.04 + 0.04 = 0.44; effective = 1/0.44 = 2.2727
    assert summary["emission_hhi"] == pytest.approx(0.44)
    assert summary["effective_subnets"] == pytest.approx(2.272727, rel=1e-5)
    assert summary["top5_share"] == pytest.approx(1.0)
    assert summary["subnets"] == 3 and summary["zero_injection_subnets"] == 0


def test_value_paid_split_by_rule():
    snap = make_snapshot(
        [_subnet(1, alpha_out_emission_rao=1_000_000_000, price_tao=0.05)],
        price_usd={"tao_usd": 400.0, "source": "test", "as_of": "2026-08-07T08:00:00Z"},
    )
    card = scorecards(snap).loc[1]
    # 1 alpha/block × 7,200 = 7,200 alpha/day; owner 7,200 × 11,796/65,535 = 1,295.967;
    # miners = validators = (7,200 − 1,295.967) / 2 = 2,952.016; TAO 7,200 × 0.05 = 360; USD × 400
    assert card["alpha_paid_per_day"] == pytest.approx(7200)
    assert card["owner_alpha_per_day"] == pytest.approx(1295.9670, abs=1e-4)
    assert card["miner_alpha_per_day"] == pytest.approx(2952.0165, abs=1e-4)
    assert card["validator_alpha_per_day"] == pytest.approx(2952.0165, abs=1e-4)
    assert card["tao_paid_per_day"] == pytest.approx(360)
    assert card["usd_paid_per_day"] == pytest.approx(144_000)


def test_flow_epochs_slots_cost_age():
    snap = make_snapshot(
        [
            _subnet(
                1,
                ema_tao_flow_rao=-2_000_000.0,
                num_uids=192,
                max_uids=256,
                burn_rao=500_000_000,
                registered_at_block=993_000,
            )
        ],
        provenance=provenance(block=1_000_000),
    )
    card = scorecards(snap).loc[1]
    assert card["net_flow_tao_per_day"] == pytest.approx(-14.4)  # −0.002 TAO/block × 7,200
    assert card["epochs_per_day"] == pytest.approx(20)  # 7,200 / (359 + 1)
    assert card["slots_used"] == pytest.approx(0.75)  # 192 / 256
    assert card["registration_cost_tao"] == pytest.approx(0.5)
    assert card["age_days"] == pytest.approx(7000 * 12 / 86400)  # 0.9722 days
    assert network_summary(scorecards(snap))["negative_flow_subnets"] == 1


# --- concentration over a tiny neuron table ------------------------------------------------------
# Miners (epochs/day = 20, so daily alpha = emission_rao × 20 / 1e9):
#   uid 0 coldkey A 300 alpha/epoch -> 6,000/day   uid 1 coldkey A 100 -> 2,000
#   uid 2 coldkey B 200 -> 4,000 (owner's hotkey)   uid 3 coldkey C 100 -> 2,000 (owner's coldkey)
#   uid 4 coldkey D 0 -> 0;  uid 5 is a validator (1,000/epoch), never counted as a miner.
# By coldkey: A 8,000, B 4,000, C 2,000, D 0; total 14,000; shares 4/7, 2/7, 1/7, 0.


@pytest.fixture
def tiny_snapshot():
    table = neuron_table(
        coldkeys=["A", "A", "B", "C", "D", "V"],
        emission_rao=[300 * 10**9, 100 * 10**9, 200 * 10**9, 100 * 10**9, 0, 1000 * 10**9],
        permits=[False] * 5 + [True],
    )
    subnet = _subnet(7, owner_hotkey="hot2", owner_coldkey="C", max_uids=12, miner_count=99)
    return make_snapshot([subnet], neurons={7: table})


def test_counts_and_measured_alpha(tiny_snapshot):
    card = scorecards(tiny_snapshot).loc[7]
    assert (card["miners"], card["validators"], card["earning_miners"]) == (5, 1, 4)  # table beats miner_count 99
    assert card["earning_miner_share"] == pytest.approx(0.8)
    assert card["measured_miner_alpha_per_day"] == pytest.approx(14_000)
    assert card["slots_used"] == pytest.approx(0.5)  # 6 uids / 12


def test_concentration_by_coldkey(tiny_snapshot):
    card = scorecards(tiny_snapshot).loc[7]
    assert card["top1_share"] == pytest.approx(4 / 7)
    assert card["top10_share"] == pytest.approx(1.0)
    assert card["miner_hhi"] == pytest.approx(21 / 49)  # (16 + 4 + 1) / 49
    assert card["effective_earners"] == pytest.approx(7 / 3)
    assert card["nakamoto"] == 1  # A alone holds 4/7 > 1/2
    # Gini over x = [0, 1, 2, 4] (ascending, n = 4, Σx = 7): weights 2i − n − 1 = −3, −1, 1, 3
    # Σ weights·x = 0 − 1 + 2 + 12 = 13; G = 13 / (4 × 7) = 0.4642857
    assert card["miner_gini"] == pytest.approx(13 / 28)


def test_owner_capture(tiny_snapshot):
    # uid 2 (owner's hotkey) 4,000 + uid 3 (owner's coldkey) 2,000 = 6,000 of 14,000 = 3/7
    assert scorecards(tiny_snapshot).loc[7, "owner_capture"] == pytest.approx(3 / 7)


def test_coldkey_earnings_table(tiny_snapshot):
    table = coldkey_earnings(tiny_snapshot, 7)
    assert list(table.columns) == ["coldkey", "uids", "daily_alpha", "share"]
    assert table["coldkey"].tolist() == ["A", "B", "C", "D"]
    assert table["uids"].tolist() == [2, 1, 1, 1]
    assert table["daily_alpha"].tolist() == pytest.approx([8000, 4000, 2000, 0])
    assert table["share"].tolist() == pytest.approx([4 / 7, 2 / 7, 1 / 7, 0])


def test_nakamoto_needs_strictly_more_than_half():
    # 5 / 10 is exactly half, not more: a second holder is needed
    assert concentration.nakamoto(pd.Series([5.0, 3.0, 2.0])) == 2
    assert concentration.nakamoto(pd.Series([1.0, 1.0, 1.0, 1.0])) == 3  # 3/4 > 1/2, 2/4 is not


def test_gini_of_equal_and_single_earner():
    assert concentration.gini(pd.Series([5.0, 5.0, 5.0])) == pytest.approx(0.0)
    # [0, 0, 0, 1]: Σ(2i − 5)·x = 3·1 = 3; G = 3 / (4 × 1) = 0.75
    assert concentration.gini(pd.Series([0.0, 0.0, 0.0, 1.0])) == pytest.approx(0.75)


def test_no_miner_earns():
    table = neuron_table(coldkeys=["A", "B"], emission_rao=[0, 0])
    card = scorecards(make_snapshot([_subnet(1)], neurons={1: table})).loc[1]
    assert card["earning_miners"] == 0 and card["earning_miner_share"] == 0
    for field in ("miner_gini", "top1_share", "top10_share", "miner_hhi", "effective_earners", "owner_capture"):
        assert math.isnan(card[field]), field
    assert pd.isna(card["nakamoto"])


def test_null_neuron_emission_is_unknown_not_zero():
    table = neuron_table(coldkeys=["A", "B"], emission_rao=[10**9, None])
    snap = make_snapshot([_subnet(1, owner_coldkey="A")], neurons={1: table})
    card = scorecards(snap).loc[1]
    assert pd.isna(card["earning_miners"]) and math.isnan(card["earning_miner_share"])
    assert math.isnan(card["measured_miner_alpha_per_day"]) and math.isnan(card["miner_gini"])
    assert math.isnan(card["owner_capture"])
    assert coldkey_earnings(snap, 1)["daily_alpha"].isna().all()


def test_without_neuron_table_counts_come_from_the_subnet():
    card = scorecards(make_snapshot([_subnet(1, miner_count=200, validator_count=12)])).loc[1]
    assert (card["miners"], card["validators"]) == (200, 12)
    assert pd.isna(card["earning_miners"]) and math.isnan(card["miner_gini"])


# --- shape, registry, history --------------------------------------------------------------------


def test_scorecard_columns_and_dtypes(tiny_snapshot):
    cards = scorecards(tiny_snapshot)
    assert tuple(cards.columns) == SCORECARD_COLUMNS
    assert cards["emission_rank"].dtype == "Int64" and cards["nakamoto"].dtype == "Int64"
    assert cards["is_root"].dtype == bool and cards["placeholder_identity"].dtype == bool


def test_registry_formulas_are_the_docstrings():
    functions = {
        "market_cap_tao": metrics.market_cap_tao,
        "tao_per_day": metrics.tao_per_day,
        "miner_gini": concentration.gini,
        "owner_capture": concentration.owner_capture,
        "share_change_points": history.share_change_points,
    }
    for key, function in functions.items():
        assert METRICS[key].formula == inspect.getdoc(function).splitlines()[0]
    assert METRICS["market_cap_tao"].formula == "p × (alpha_in + alpha_out) / 1e9"


def test_every_scorecard_metric_is_documented():
    descriptive = {"netuid", "name", "symbol", "is_root", "price_source"}
    assert set(SCORECARD_COLUMNS) - descriptive - set(METRICS) == set()
    assert all(m.formula and m.label and m.unit for m in METRICS.values())


def _cards(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).set_index("netuid", drop=False).rename_axis(None)


def test_changes_between_editions():
    previous = _cards(
        [
            {
                "netuid": 1,
                "emission_share": 0.10,
                "price_tao": 0.50,
                "market_cap_tao": 1000.0,
                "emission_rank": 3,
                "age_days": 10.0,
            },
            {
                "netuid": 2,
                "emission_share": 0.20,
                "price_tao": 0.20,
                "market_cap_tao": None,
                "emission_rank": 1,
                "age_days": 90.0,
            },
        ]
    )
    current = _cards(
        [
            {
                "netuid": 1,
                "emission_share": 0.12,
                "price_tao": 0.55,
                "market_cap_tao": 800.0,
                "emission_rank": 1,
                "age_days": 17.0,
            },
            {
                "netuid": 2,
                "emission_share": 0.05,
                "price_tao": 0.10,
                "market_cap_tao": 500.0,
                "emission_rank": 4,
                "age_days": 2.0,
            },
            {
                "netuid": 3,
                "emission_share": 0.01,
                "price_tao": 0.10,
                "market_cap_tao": 500.0,
                "emission_rank": 9,
                "age_days": 1.0,
            },
        ]
    )
    result = changes(current, previous)
    assert result.loc[1, "share_change_points"] == pytest.approx(2.0)  # 12 % − 10 %
    assert result.loc[1, "price_change_pct"] == pytest.approx(10.0)  # 0.55 / 0.50 − 1
    assert result.loc[1, "market_cap_change_pct"] == pytest.approx(-20.0)  # 800 / 1000 − 1
    assert result.loc[1, "rank_change"] == 2  # 3rd -> 1st: up two
    assert result.loc[[2, 3]].isna().all().all()  # 2 re-registered (younger), 3 is new


def test_changes_unknown_on_one_side():
    previous = _cards(
        [
            {
                "netuid": 1,
                "emission_share": None,
                "price_tao": 0.5,
                "market_cap_tao": 10.0,
                "emission_rank": None,
                "age_days": 1.0,
            }
        ]
    )
    current = _cards(
        [
            {
                "netuid": 1,
                "emission_share": 0.1,
                "price_tao": 0.5,
                "market_cap_tao": 10.0,
                "emission_rank": 2,
                "age_days": 2.0,
            }
        ]
    )
    result = changes(current, previous).loc[1]
    assert pd.isna(result["share_change_points"]) and pd.isna(result["rank_change"])
    assert result["price_change_pct"] == pytest.approx(0.0)
