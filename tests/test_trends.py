"""Sparklines, the all-unknown-column rule and USD beside TAO, on hand-made data and small builds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bs4 import BeautifulSoup

from generator import format as fmt
from generator.build.run import BuildConfig, build
from generator.model.schema import PriceUSD
from generator.model.snapshot import write_snapshot
from generator.site import sparkline as sp
from generator.site import tables
from generator.site.currency import usd_text
from generator.site.pages import Cell, Column, LeaderRow
from tests.conftest import REPO, make_doc


def _series(values, editions=None, label="Emission share"):
    editions = editions or [f"2026-0{i + 1}-01" for i in range(len(values))]
    return sp.Series(label, editions, values, fmt.pct, sp.share_change)


def test_sparkline_leaves_a_gap_at_an_unknown_point_never_a_zero():
    svg = sp.svg(_series([0.10, 0.20, None, 0.40, 0.30]))
    # two runs: points 1-2 and 4-5; x = 3 + i × 22.5, y = 3 + (0.40 − v) / 0.30 × 18
    assert re.findall(r'<path d="([^"]+)"', svg) == ["M3.0 21.0 L25.5 15.0", "M70.5 3.0 L93.0 9.0"]
    assert svg.count("<path") == 2 and 'cx="48.0"' not in svg  # no point where the value is unknown,
    assert re.findall(r'<line class="unknown" x1="([\d.]+)" y1="3" x2="\1" y2="21"', svg) == [
        "48.0"
    ]  # but a dashed mark
    assert '<circle class="last" cx="93.0" cy="9.0"' in svg


def test_a_lone_known_point_is_a_dot_and_an_unknown_latest_edition_is_not_marked():
    svg = sp.svg(_series([None, 0.05, None]))
    assert "<path" not in svg and svg.count("<circle") == 1 and 'class="last"' not in svg
    assert svg.count('class="unknown"') == 2
    assert sp.svg(_series([None, None])).count("<circle") == 0
    assert "<line" not in sp.svg(_series([None, None]))  # nothing known: no marks, the text says so


def test_sparkline_text_states_first_last_and_change_and_counts_unknowns():
    text = sp.describe(_series([0.10, None, 0.125]))
    assert text == (
        "Emission share in 3 editions (2026-01-01 to 2026-03-01): first 10.00% (2026-01-01), "
        "last 12.50% (2026-03-01), change +2.50 pp; unknown in 1 edition."
    )
    assert sp.describe(_series([None, None])) == "Emission share: unknown in all 2 editions (2026-01-01 to 2026-02-01)."
    price = sp.Series("Price", ["a", "b"], [0.08, 0.1], fmt.price, sp.relative_change)
    assert sp.describe(price).endswith("change +25.0%.")


def test_sparkline_is_deterministic_and_escapes_its_text():
    hostile = _series([0.1, 0.2], editions=['<script>"x"</script>', "b&c"])
    first, second = sp.svg(hostile), sp.svg(hostile)
    assert first == second
    assert "<script>" not in first and "&lt;script&gt;&#34;x&#34;&lt;/script&gt;" in first and "b&amp;c" in first
    assert str(sp.sparkline(hostile)) == first


def test_unknown_values_of_every_kind_are_gaps():
    assert [sp.known(v) for v in (None, float("nan"), float("inf"), "1", True, 0, 0.5)] == [
        None,
        None,
        None,
        None,
        None,
        0.0,
        0.5,
    ]
    assert sp.coordinates([0.0, None, 0.0]) == [(3.0, 12.0), None, (93.0, 12.0)]  # a flat line sits mid-height


def test_sparkline_keeps_the_newest_points_only():
    long = _series([i / 100 for i in range(60)], editions=[f"e{i:02d}" for i in range(60)])
    kept = sp.newest(long)
    assert kept.editions[0] == "e08" and len(kept.values) == sp.MAX_POINTS


def _row(netuid, *values):
    keys = ["emission_share", "net_flow_tao_per_day", "price_tao"]
    return LeaderRow("1", netuid, "x", "", "", [Cell(k, v) for k, v in zip(keys, values)])


def test_a_column_unknown_in_every_row_is_left_out_and_named_once():
    columns = [
        Column("emission_share", "Emission share"),
        Column("net_flow_tao_per_day", "Net flow"),
        Column("price_tao", "Price"),
    ]
    rows = [_row(1, "1.00%", "unknown", "—"), _row(2, "unknown", fmt.UNKNOWN, "0.1 TAO")]
    kept, rows, sentence = tables.drop_empty_leader_columns(columns, rows)
    assert [c.key for c in kept] == ["emission_share", "price_tao"]  # one known cell keeps a column
    assert [[c.value for c in r.cells] for r in rows] == [["1.00%", "—"], ["unknown", "0.1 TAO"]]
    assert sentence == "Not captured in this edition for any subnet, so not shown as a column: Net flow."
    assert tables.empty_columns(["a", "b"], [["—", "unknown"], ["—", "0"]]) == ["a"]  # zero is a value
    assert tables.empty_columns(["a"], []) == []  # no rows: nothing to say about the columns
    assert tables.not_captured([]) == ""


def test_usd_equivalent_reads_in_the_matching_usd_unit():
    assert usd_text("tao_per_day", 72.0, 400.0) == "$28,800/day"
    assert usd_text("price_tao", 0.1, 400.0) == "$40.00"
    assert usd_text("market_cap_tao", 1500.0, 2.0) == "$3,000"
    assert usd_text("emission_share", 0.1, 400.0) == ""  # not a TAO figure
    assert usd_text("tao_per_day", float("nan"), 400.0) == "" and usd_text("tao_per_day", 1.0, None) == ""


def _priced_site(root: Path, chart_cache: Path) -> Path:
    """Build two hand-made editions, the second with a TAO/USD price of $400."""
    snapshots = root / "snaps"
    write_snapshot(make_doc(block=1000, block_timestamp=dt.datetime(2026, 8, 1, tzinfo=dt.UTC)), snapshots)
    doc = make_doc(block=51_400, block_timestamp=dt.datetime(2026, 8, 8, tzinfo=dt.UTC))
    doc = doc.model_copy(
        update={"price_usd": PriceUSD(tao_usd=400.0, source="test", as_of=dt.datetime(2026, 8, 8, tzinfo=dt.UTC))}
    )
    write_snapshot(doc, snapshots)
    config = BuildConfig(
        snapshots=snapshots,
        content=root / "no-notes",
        templates=REPO / "templates",
        output=root / "site",
        cache=chart_cache,
        jobs=1,
    )
    build(config)
    return root / "site"


def test_usd_shows_beside_tao_without_javascript(tmp_path, chart_cache):
    site = _priced_site(tmp_path, chart_cache)
    index = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    cell = index.select_one("table.leaderboard td[data-metric=tao_per_day]")
    # 10^7 rao a block = 0.01 TAO × 7,200 blocks a day = 72 TAO/day; × $400 = $28,800/day
    assert cell.select_one(".cur-tao").get_text() == "72.00 TAO/day"
    assert cell.select_one(".cur-usd").get_text() == "$28,800/day"
    assert index.select_one("td[data-metric=price_tao] .cur-usd").get_text() == "$40.00"  # 0.1 TAO × $400
    assert "$400.00 per TAO" in index.select_one("[data-currency-choice]").get_text()
    profile = BeautifulSoup((site / "subnets" / "1.html").read_text(encoding="utf-8"), "html.parser")
    assert profile.select_one("td[data-metric=tao_per_day] .cur-usd").get_text() == "$28,800/day"
    assert len(profile.select("[data-currency-choice]")) == 1
    # the script is a file of the site, never inline; the earlier edition, without a price, shows no USD
    scripts = index.find_all("script")
    assert "assets/currency.js" in [s["src"] for s in scripts] and not any(s.string for s in scripts)
    assert (site / "assets" / "currency.js").is_file()
    earlier = (site / "editions" / "2026-08-01" / "index.html").read_text(encoding="utf-8")
    assert "cur-usd" not in earlier and "data-currency-choice" not in earlier
    # both editions' shares are known: the sparkline is one line of two points
    svg = index.select_one("table.leaderboard td.trend svg")
    assert svg["aria-label"].startswith("Emission share in 2 editions (2026-08-01 to 2026-08-08): first 100.00%")
    assert len(svg.select("path")) == 1


def test_a_trend_shows_its_ends_for_the_eye_and_its_text_for_everyone():
    shown = sp.trend(_series([None, 0.0, None, 0.125]))
    assert shown.ends == "0.00% → 12.50%"  # a known zero is a value, the unknown editions are gaps
    assert shown.text.endswith("change +12.50 pp; unknown in 2 editions.")
    assert f'aria-label="{shown.text}"' in str(shown.svg)
    assert sp.ends(_series([None])) == "unknown" and sp.ends(_series([None, 0.5])) == "50.00%"
