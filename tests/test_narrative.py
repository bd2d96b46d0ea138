"""Narratives for situations built from hand-made scorecard rows."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from generator.metrics.scorecard import SCORECARD_COLUMNS
from generator.narrative import network_narrative, subnet_narrative

BASE = {
    "netuid": 12,
    "name": "Example",
    "symbol": "m",
    "is_root": False,
    "price_tao": 0.02,
    "price_source": "swap",
    "price_reason": None,
    "emission_rank_reason": None,
    "market_cap_tao": 100_000.0,
    "fdv_tao": 420_000.0,
    "liquidity_tao": 80_000.0,
    "tao_per_day": 36.0,
    "excess_captured": True,
    "emission_share": 0.01,
    "emission_rank": 40,
    "alpha_emitted_per_day": 7200.0,
    "miner_burned_fraction": 0.0,
    "burn_captured": True,
    "miner_burned_alpha_per_day": 0.0,
    "alpha_paid_per_day": 7200.0,
    "tao_paid_per_day": 144.0,
    "usd_paid_per_day": math.nan,
    "owner_alpha_per_day": 1295.967,
    "miner_alpha_per_day": 2952.016,
    "validator_alpha_per_day": 2952.016,
    "measured_miner_alpha_per_day": 2900.0,
    "net_flow_tao_per_day": 5.0,
    "epochs_per_day": 20.0,
    "miners": 200,
    "validators": 10,
    "earning_miners": 150,
    "earning_miner_share": 0.75,
    "miner_gini": 0.4,
    "top1_share": 0.08,
    "top10_share": 0.45,
    "miner_hhi": 0.03,
    "effective_earners": 33.3,
    "nakamoto": 9,
    "owner_capture": 0.0,
    "slots_used": 0.82,
    "registration_cost_tao": 0.5,
    "age_days": 300.0,
    "registered_at_block": 1_000,
    "placeholder_identity": False,
}


def card(**changes) -> pd.Series:
    row = {**BASE, **changes}
    assert set(row) == set(SCORECARD_COLUMNS)
    return pd.Series(row, dtype=object)


def text(sentences: list[str]) -> str:
    assert 3 <= len(sentences) <= 5
    return " ".join(sentences)


def test_ordinary_subnet():
    story = text(subnet_narrative(card(), None, 128))
    assert "SN12 Example takes 1.00% of emissions (36.00 TAO injected per day), rank 40 of 128." in story
    assert (
        "It pays participants 7,200 alpha a day (a value paid to participants of 144.00 TAO/day): by rule 2,952 alpha to miners"
        in story
    )
    assert "1,296 alpha to the owner" in story
    assert "spread out: 150 of 200 miners earn, the top coldkey takes 8.00%" in story
    assert "Since the previous edition" not in story


def test_top_earner():
    story = text(subnet_narrative(card(emission_share=0.125, emission_rank=1, tao_per_day=449.9553312), None, 128))
    assert (
        "SN12 Example is the network's largest earner: it takes 12.50% of emissions (449.96 TAO injected per day), rank 1 of 128."
        in story
    )


def test_zero_emission_and_negative_flow():
    story = text(
        subnet_narrative(
            card(tao_per_day=0.0, emission_share=0.0, emission_rank=100, net_flow_tao_per_day=-14.4), None, 128
        )
    )
    assert "receives no TAO injection at this block (0 TAO per day)" in story
    assert "net TAO flow is negative (-14.40 TAO/day, EMA): more TAO is leaving its pool" in story
    assert "rank 100" not in story


def test_concentrated_miners():
    story = text(
        subnet_narrative(card(top1_share=0.62, effective_earners=1.9, nakamoto=1, earning_miners=5), None, 128)
    )
    assert "concentrated: a single coldkey holds more than half (62.00%)" in story
    assert "1.9 equal earners (5 of 200 miners earn)" in story


def test_no_miner_earns():
    story = text(
        subnet_narrative(
            card(
                earning_miners=0,
                earning_miner_share=0.0,
                miner_gini=math.nan,
                top1_share=math.nan,
                effective_earners=math.nan,
            ),
            None,
            128,
        )
    )
    assert "None of its 200 miners earns at this block." in story


def test_owner_capture_only_when_notable():
    assert "owner's own keys collect 35.00% of miner emission" in text(
        subnet_narrative(card(owner_capture=0.35), None, 128)
    )
    assert "owner's own keys" not in text(subnet_narrative(card(owner_capture=0.02), None, 128))


def test_placeholder_identity():
    story = text(subnet_narrative(card(name="deprecated", placeholder_identity=True), None, 128))
    assert "SN12 deprecated" in story and "identity reads like a placeholder" in story


def test_unknown_emission_is_said_unknown():
    unknown = dict(
        tao_per_day=math.nan,
        emission_share=math.nan,
        emission_rank=pd.NA,
        alpha_paid_per_day=math.nan,
        tao_paid_per_day=math.nan,
        owner_alpha_per_day=math.nan,
        miner_alpha_per_day=math.nan,
        validator_alpha_per_day=math.nan,
        earning_miners=pd.NA,
        top1_share=math.nan,
        effective_earners=math.nan,
    )
    story = text(subnet_narrative(card(**unknown), None, 128))
    assert "share of emissions is unknown: the TAO injected into it was not captured" in story
    assert "What it pays participants per day is unknown" in story
    assert "How miners' earnings are spread is unknown" in story
    assert " 0 TAO" not in story and "0.00%" not in story


def test_share_unknown_because_of_another_subnet():
    story = text(subnet_narrative(card(emission_share=math.nan, emission_rank=pd.NA), None, 128))
    assert "receives 36.00 TAO injected per day; its share of emissions is unknown because another subnet's" in story


def test_with_previous_edition():
    previous = card(emission_share=0.0075, emission_rank=45, price_tao=0.025, market_cap_tao=120_000.0, age_days=293.0)
    story = text(subnet_narrative(card(), previous, 128))
    # share 1.00 % − 0.75 % = +0.25 points; rank 45 -> 40; price 0.02 / 0.025 − 1 = −20 %
    assert "its emission share changed +0.25 pp (up 5 places) and its price changed by -20.0%." in story


def test_re_registered_since_previous_edition():
    story = text(subnet_narrative(card(age_days=3.0), card(age_days=300.0), 128))
    assert "re-registered since the previous edition" in story


def test_root():
    story = text(
        subnet_narrative(
            card(
                netuid=0,
                name="root",
                is_root=True,
                emission_share=math.nan,
                emission_rank=pd.NA,
                validators=53,
                miners=11,
            ),
            None,
            128,
        )
    )
    assert "root network" in story and "53 validators" in story and "rank" not in story.replace("ranked", "")


def _network(shares: list[float | None], **extra) -> pd.DataFrame:
    rows = [card(netuid=0, name="root", is_root=True, tao_per_day=0.0, emission_share=math.nan, emission_rank=pd.NA)]
    known = [s for s in shares if s is not None]
    ranks = {s: i + 1 for i, s in enumerate(sorted(known, reverse=True))} if len(known) == len(shares) else {}
    for netuid, share in enumerate(shares, start=1):
        unknown = share is None or not ranks
        rows.append(
            card(
                netuid=netuid,
                name=f"S{netuid}",
                tao_per_day=math.nan if share is None else share * 3600,
                emission_share=math.nan if unknown else share,
                emission_rank=pd.NA if unknown else ranks[share],
                **extra,
            )
        )
    return pd.DataFrame(rows).set_index("netuid", drop=False).rename_axis(None)


def test_network_top_earners_and_concentration():
    story = " ".join(network_narrative(_network([0.5, 0.3, 0.2]), None))
    assert "The chain injects 3,600 TAO a day into 3 subnets." in story
    assert "The largest earners are SN1 S1 (50.00%), SN2 S2 (30.00%) and SN3 S3 (20.00%)" in story
    # HHI = 0.25 + 0.09 + 0.04 = 0.38; 1 / 0.38 = 2.6 subnets
    assert "HHI of 0.380, as concentrated as 2.6 equal subnets" in story
    assert "0 have a negative net flow" in story


def test_network_unknown_injection():
    story = " ".join(network_narrative(_network([0.5, None, 0.2]), None))
    assert "The TAO injected into 1 of 3 subnets was not captured" in story
    assert "largest earners" not in story


def test_network_movers():
    previous, current = _network([0.5, 0.3, 0.2]), _network([0.4, 0.3, 0.3])
    story = " ".join(network_narrative(current, previous))
    assert "up: SN3 S3 (+10.00 pp); down: SN1 S1 (-10.00 pp)." in story


@pytest.mark.parametrize("share", [0.5, 0.01])
def test_every_number_is_formatted(share):
    story = text(subnet_narrative(card(emission_share=share), None, 128))
    assert "nan" not in story.lower() and "<na>" not in story.lower()


def test_previous_edition_with_unknown_share():
    story = text(subnet_narrative(card(), card(emission_share=math.nan, emission_rank=pd.NA, price_tao=0.025), 128))
    assert "Since the previous edition its price changed by -20.0% and its emission share cannot be compared." in story


def test_no_rank_move_between_zero_shares():
    now = card(tao_per_day=0.0, emission_share=0.0, emission_rank=90)
    story = text(subnet_narrative(now, card(tao_per_day=0.0, emission_share=0.0, emission_rank=97), 128))
    assert "its emission share changed 0.00 pp and its price changed by 0.0%." in story and "place" not in story


def test_earners_known_but_spread_unknown():
    story = text(subnet_narrative(card(top1_share=math.nan, effective_earners=math.nan), None, 128))
    assert "150 of 200 miners earn; how their earnings spread over coldkeys is unknown." in story


# Situations -> the sentence about miners' concentration (thresholds in generator/narrative.py).
CONCENTRATION_CASES = [
    # SN64 on 2026-08-07: Nakamoto 2, top-10 79.78 %: concentrated, never "spread out"
    (
        dict(
            top1_share=0.376151,
            top10_share=0.797778,
            nakamoto=2,
            effective_earners=5.6478,
            earning_miners=85,
            miners=237,
        ),
        "Miners' earnings are concentrated: 2 coldkeys hold more than half, the top coldkey takes 37.62% and the "
        "top 10 take 79.78% (85 of 237 miners earn; 5.6 effective earners).",
    ),
    # top-10 share alone over the threshold
    (
        dict(top1_share=0.10, top10_share=0.80, nakamoto=6, effective_earners=12.0),
        "Miners' earnings are concentrated: 6 coldkeys hold more than half, the top coldkey takes 10.00% and the "
        "top 10 take 80.00% (150 of 200 miners earn; 12.0 effective earners).",
    ),
    # one coldkey above half
    (
        dict(top1_share=0.62, top10_share=0.9, nakamoto=1, effective_earners=1.94, earning_miners=5),
        "Miners' earnings are concentrated: a single coldkey holds more than half (62.00%), and the spread equals "
        "1.9 equal earners (5 of 200 miners earn).",
    ),
    # exactly half is not "more than half"
    (
        dict(top1_share=0.5, top10_share=0.9, nakamoto=2, effective_earners=3.2),
        "Miners' earnings are concentrated: 2 coldkeys hold more than half, the top coldkey takes 50.00% and the "
        "top 10 take 90.00% (150 of 200 miners earn; 3.2 effective earners).",
    ),
    (
        dict(top1_share=0.08, top10_share=0.45, nakamoto=9, effective_earners=33.3),
        "Miners' earnings are spread out: 150 of 200 miners earn, the top coldkey takes 8.00%, and the top 10 take "
        "45.00% (33.3 effective earners).",
    ),
    # between the thresholds
    (
        dict(top1_share=0.12, top10_share=0.6, nakamoto=4, effective_earners=9.0),
        "Miners' earnings are moderately concentrated: 150 of 200 miners earn, the top coldkey takes 12.00%, and "
        "the top 10 take 60.00% (9.0 effective earners).",
    ),
    # a single earner: no "1 earning coldkeys", the verb agrees
    (
        dict(top1_share=1.0, top10_share=1.0, nakamoto=1, effective_earners=1.0, earning_miners=1, miners=1),
        "A single coldkey takes all of miners' earnings (1 of 1 miner earns).",
    ),
    # no miners: not "None of its 0 miners earns"
    (
        dict(
            miners=0,
            earning_miners=0,
            top1_share=math.nan,
            top10_share=math.nan,
            nakamoto=pd.NA,
            effective_earners=math.nan,
        ),
        "It has no miners at this block.",
    ),
    (
        dict(
            miners=1,
            earning_miners=0,
            top1_share=math.nan,
            top10_share=math.nan,
            nakamoto=pd.NA,
            effective_earners=math.nan,
        ),
        "None of its 1 miner earns at this block.",
    ),
    (
        dict(earning_miners=pd.NA),
        "How miners' earnings are spread is unknown: per-neuron emissions were not captured for this subnet.",
    ),
]


@pytest.mark.parametrize("situation, sentence", CONCENTRATION_CASES)
def test_concentration_sentence_follows_the_thresholds(situation, sentence):
    story = subnet_narrative(card(**situation), None, 128)
    assert sentence in story


def test_no_sentence_contradicts_the_concentration_word():
    sn64 = card(top1_share=0.376151, top10_share=0.797778, nakamoto=2, effective_earners=5.6478)
    story = " ".join(subnet_narrative(sn64, None, 128))
    assert "spread out" not in story and "5.6 effective earners" in story
    assert re.search(r"(?<![\d.])6 effective", story) is None


def test_network_grammar_agrees_with_counts():
    rows = _network([0.6, 0.4, 0.0])
    rows.loc[2, "net_flow_tao_per_day"] = -1.0
    story = " ".join(network_narrative(rows, None))
    assert "1 subnet receives no TAO injection and 1 has a negative net flow." in story


def test_plural_agrees():
    from generator.narrative import plural

    assert [plural(0, "miner"), plural(1, "miner"), plural(2, "coldkey")] == ["0 miners", "1 miner", "2 coldkeys"]


def test_chart_text_agrees_with_one_earner():
    from generator.build.edition import earners_chart

    one = pd.DataFrame({"coldkey": ["c1", "c2"], "uids": [3, 1], "daily_alpha": [10.0, 0.0], "share": [1.0, 0.0]})
    chart = earners_chart(7, one)
    assert "held by its 1 earning coldkey, largest first; the top coldkey holds 100.00%." in chart.alt
    two = pd.DataFrame({"coldkey": ["c1", "c2"], "uids": [3, 1], "daily_alpha": [6.0, 4.0], "share": [0.6, 0.4]})
    assert "held by its 2 earning coldkeys" in earners_chart(7, two).alt
