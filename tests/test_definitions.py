"""Every figure shown has a methodology entry; other tools' conventions and zero-TAO reasons from the data."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from generator.metrics import scorecard as metrics
from generator.metrics.scorecard import METRICS
from generator.model.events import subnet_facts
from generator.narrative import CONCENTRATED_NAKAMOTO, CONCENTRATED_TOP10, SINGLE_HOLDER_TOP1
from generator.site import definitions


def test_price_share_is_metagraph_convention(snapshot_0807, capture_0807):
    cards = metrics.scorecards(snapshot_0807)
    # by hand from the raw capture: SN64's price over the sum of every subnet's price (root excluded)
    prices = {s["netuid"]: s["economics"]["alpha_price_tao"] for s in capture_0807["subnets"]}
    expected = prices[64] / sum(p for n, p in prices.items() if n != 0)
    assert definitions.price_share(cards)[64] == pytest.approx(expected, rel=1e-9)
    tools = definitions.other_tools(cards)
    assert (tools.netuid, tools.price_share, tools.emission_share) == (64, "6.66%", "12.50%")


def test_ten_subnets_with_emission_enabled_receive_no_tao(snapshot_0807):
    cards = metrics.scorecards(snapshot_0807)
    reasons = definitions.zero_injection_reasons(cards, subnet_facts(snapshot_0807))
    assert [z.netuid for z in reasons] == [6, 23, 24, 39, 46, 59, 65, 71, 94, 121]
    assert all(z.reason.startswith("it burns all of its miner emission") for z in reasons)


def _card(**values) -> pd.Series:
    base = {"is_root": False, "tao_per_day": 0.0, "price_tao": 0.01, "net_flow_tao_per_day": math.nan, "name": "X"}
    return pd.Series({**base, **values}, dtype=object)


def test_a_reason_only_where_the_data_shows_it():
    frame = pd.DataFrame(
        [
            _card(),
            _card(net_flow_tao_per_day=-3.0),
            _card(price_tao=0.0),
            _card(miner_burned_fraction=1.0),
            _card(tao_per_day=5.0, miner_burned_fraction=1.0),
        ],
        index=[1, 2, 3, 4, 5],
    )
    enabled = {"emission_enabled": True}
    facts = {
        1: {"hyperparameters": enabled},
        2: {"hyperparameters": enabled},
        3: {"hyperparameters": enabled},
        4: {"hyperparameters": enabled},
        5: {"hyperparameters": enabled},
    }
    reasons = {z.netuid: z.reason for z in definitions.zero_injection_reasons(frame, facts)}
    assert reasons[1] == "unexplained by the captured chain data"
    assert reasons[2].startswith("its net TAO flow (EMA) is negative")
    assert reasons[3] == "its swap price is 0: it is not trading"
    # SN5 burns everything yet receives TAO, so SN4's burn explains nothing
    assert reasons[4].startswith("unexplained: it burns all of its miner emission, but so does 1 subnet that")
    assert 5 not in reasons


def test_every_shown_figure_has_an_entry_with_its_formula(built_site):
    method = BeautifulSoup((built_site / "methodology.html").read_text(encoding="utf-8"), "html.parser")
    anchors = {row["id"].removeprefix("metric-"): row for row in method.select("tr[id^=metric-]")}
    assert set(anchors) == set(METRICS)
    for key in (
        "coldkey_alpha_per_day",
        "top_k_coldkey_share",
        "figure_change_pct",
        "figure_change_absolute",
        "network_tao_per_day",
        "zero_injection_subnets",
        "registration_cost_tao",
        "fdv_tao",
        "liquidity_tao",
        "miner_gini",
        "miner_hhi",
    ):
        cells = [td.get_text(strip=True) for td in anchors[key].find_all("td")]
        assert cells[0] and cells[1], key  # unit and formula
    gini = [td.get_text(strip=True) for td in anchors["miner_gini"].find_all("td")]
    assert gini[0] == "unitless, 0 (equal) .. 1"


def test_methodology_states_conventions_and_word_thresholds(built_site):
    text = BeautifulSoup((built_site / "methodology.html").read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert "metagraph.sh uses the swap price × total staked alpha (not the EMA price)" in text
    assert "SN64 Chutes would read 6.66% by that convention and reads 12.50% here" in text
    assert "10 subnets with emission enabled receive no TAO in this edition" in text
    assert (
        f"Nakamoto coefficient ≤ {CONCENTRATED_NAKAMOTO} or top-10 coldkeys' share ≥ {CONCENTRATED_TOP10:.0%}" in text
    )
    assert f"top coldkey's share > {SINGLE_HOLDER_TOP1:.0%}" in text


def test_the_methodology_order_does_not_depend_on_which_module_is_imported_first():
    """The registry fills as modules are imported: a long process (serve --watch) must list it as a build does."""
    import subprocess
    import sys

    from tests.conftest import REPO

    script = "import importlib, sys\nfor m in sys.argv[1:]: importlib.import_module(m)\n"
    script += "from generator.metrics.scorecard import METRICS\nprint(list(METRICS))"
    orders = [
        subprocess.run(
            [sys.executable, "-c", script, *first, "generator.build.edition"],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout
        for first in ([], ["generator.site.owners"], ["generator.site.risk"], ["generator.site.definitions"])
    ]
    assert len(orders[0]) > 1000 and orders == [orders[0]] * 4
