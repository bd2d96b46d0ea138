"""Every figure cell of the built sample reads in the one unit its metric declares."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from generator.metrics import units
from generator.metrics.scorecard import METRICS
from generator.site.pages import LEADERBOARD_FIGURES, PROFILE_FIGURES
from generator.site.report_card import CARD_FIGURES


def _pages(site):
    return sorted(site.rglob("*.html"))


def _cell_text(cell) -> str:
    for tag in cell.select("span.sim, span.qualifier, span.cur-usd"):  # USD beside TAO: see test_trends.py
        tag.decompose()
    return cell.get_text(" ", strip=True)


def test_every_figure_cell_reads_in_its_declared_unit(built_site):
    checked, wrong = Counter(), []
    profiles = leaderboard_rows = earner_rows = cards = leaderboard_cells = 0
    for path in _pages(built_site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if path.parent.name == "subnets" and page.select_one("tr[id^=m-]"):
            profiles += 1
            earner_rows += len(page.select("td[data-metric=coldkey_share]"))
        rows = len(page.select("table.leaderboard tbody tr"))
        leaderboard_rows += rows
        # figure columns: those of LEADERBOARD_FIGURES a view shows (one unknown in every row is left out)
        leaderboard_cells += rows * len(page.select("table.leaderboard thead a[href*='#metric-']")[1:-1])
        cards += path.stem.endswith("-card")
        for cell in page.select("[data-metric]"):
            key, text = cell["data-metric"], _cell_text(cell)
            kind = "card" if path.stem.endswith("-card") else "profile" if path.parent.name == "subnets" else path.name
            checked[kind] += 1
            if not METRICS[key].unit.matches(text):
                wrong.append(f"{path.relative_to(built_site)}: {key} = {text!r} (unit {METRICS[key].unit.name})")
    assert not wrong, "\n".join(wrong[:20])
    # 128 subnets (root has no profile and no leaderboard row) in each of five views (latest + 4 editions)
    assert (profiles, leaderboard_rows) == (640, 640)
    assert checked["profile"] == profiles * len(PROFILE_FIGURES) + earner_rows * 3
    # figure columns shown: a column unknown in every row of a view is left out (net flow in August; June has
    # no emission share or TAO per day; Gini, burn and earners arrive with later captures)
    assert checked["index.html"] == leaderboard_cells == 128 * (8 + 8 + 6 + 7 + 4)
    assert checked["card"] == cards * len(CARD_FIGURES) and cards == 128  # report cards: the latest view only
    assert checked["lifetime.html"] == 640 * 2  # TAO and editions with a known rate (USD: unknown in every row)
    assert checked["changes.html"] == 200  # movers: change and value now, 10 a table where comparable
    # 4 figures a row: 10 nearest the cut in each view, plus the unranked (SN86 on 2026-08-07 in two views;
    # all 128 subnets on 2026-06-14, whose capture has no moving price)
    assert checked["risk.html"] == 4 * (5 * 10 - 10 + 2 + 128)
    # owners.html: 2 figures a team behind more than one subnet; Mobius Fund (SN88, SN118 "HODL ETF") is one
    # since the directory's "HODL - The ETF Subnet" matches by its words, in all five views
    assert checked["owners.html"] == 84
    assert (
        sum(checked.values()) == 39_685 - (640 * 9 - 128 * 33) - 640 + 128 * len(CARD_FIGURES) + (40_439 - 39_685) + 10
    )


def test_no_page_doubles_a_unit(built_site):
    assert len(_pages(built_site)) == 809  # 681 pages and the latest view's 128 report cards
    doubled = [
        p.name for p in _pages(built_site) if re.search(r"TAO TAO|alpha alpha|%%", p.read_text(encoding="utf-8"))
    ]
    assert doubled == []


def test_each_figure_label_links_to_its_methodology_entry(built_site):
    profile = BeautifulSoup((built_site / "subnets/64.html").read_text(encoding="utf-8"), "html.parser")
    method = BeautifulSoup((built_site / "methodology.html").read_text(encoding="utf-8"), "html.parser")
    anchors = {tag["id"] for tag in method.select("[id^=metric-]")}
    links = [a["href"] for a in profile.select("tr[id^=m-] th a")]
    index = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links += [a["href"] for a in index.select("table.leaderboard thead a")]
    # the leaderboard adds rank and trend, and leaves out net flow (unknown in every row)
    assert len(links) == len(PROFILE_FIGURES) + len(LEADERBOARD_FIGURES) + 1
    assert {link.split("#")[1] for link in links} <= anchors
    assert all(link.startswith("../methodology.html#") for link in links[: len(PROFILE_FIGURES)])


@pytest.mark.parametrize(
    "unit, good, bad",
    [
        (units.INDEX, "0.825", "0.82542 TAO"),
        (units.DAYS, "592 days", "592"),
        (units.TAO_PER_DAY, "449.96 TAO/day", "449.96 TAO"),
        (units.TAO_PER_ALPHA, "0.086479 TAO", "0.086479 TAO TAO"),
        (units.SHARE, "12.50%", "0.125"),
        (units.USD_PER_DAY, "$1,234/day", "$1,234"),
    ],
)
def test_a_unit_accepts_its_own_cells_only(unit, good, bad):
    assert unit.matches(good) and unit.matches("unknown")
    assert not unit.matches(bad)


def test_each_unit_formats_what_it_accepts():
    assert units.INDEX.format(0.8254233541733688) == "0.825"
    assert units.DAYS.format(591.66) == "592 days" and units.DAYS.format(1.2) == "1 day"
    assert units.TAO_PER_DAY.format(449.9553312) == "449.96 TAO/day"
    assert units.EPOCHS_PER_DAY.format(19.94459833795014) == "19.9 epochs/day"
    assert units.TAO_PER_DAY.format(float("nan")) == "unknown"


def test_a_negative_or_sign_changing_figure_changes_by_its_absolute_difference():
    import pandas as pd

    from generator.site.changes import figure_change

    def pair(key, now, before):
        return figure_change(key, pd.Series({key: now}), pd.Series({key: before}))

    # net TAO flow from -14.40 to +5.00 TAO/day: +19.40 TAO/day, never "-134.7%"
    assert pair("net_flow_tao_per_day", 5.0, -14.4) == "+19.40 TAO/day"
    assert pair("net_flow_tao_per_day", -20.0, -10.0) == "-10.00 TAO/day"
    assert pair("miner_gini", 0.80, 0.825) == "-0.025"  # an index changes by its difference
    assert pair("market_cap_tao", 110.0, 100.0) == "+10.0%"
    assert pair("emission_share", 0.0125, 0.01) == "+0.25 pp"


def test_numbers_in_the_narratives_are_the_scorecards_numbers(built_site):
    """Each figure a profile's sentences quote reads exactly as the same figure on its scorecard."""
    quoted = {
        "effective_earners": r"([\d.,]+) (?:effective earners|equal earners)",
        "top1_share": r"the top coldkey takes ([\d.]+%)",
        "top10_share": r"the top 10 take ([\d.]+%)",
        "emission_share": r"takes ([\d.]+%) of emissions|with ([\d.]+%) of the TAO injected",
        "tao_per_day": r"\(([\d.,]+ TAO) injected per day\)",
        "price_tao": r"trades at ([\d.,]+ TAO)",
    }
    compared = Counter()
    for path in sorted((built_site / "subnets").glob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        story = " ".join(p.get_text(" ", strip=True) for p in page.select("section.narrative p"))
        for key, pattern in quoted.items():
            found = re.search(pattern, story)
            if not found:
                continue
            said = next(g for g in found.groups() if g)
            cell = _cell_text(page.select_one(f"td[data-metric={key}]"))
            assert cell.startswith(said) or cell == said.replace(" TAO", " TAO/day"), (path.name, key, said, cell)
            compared[key] += 1
    # 2026-08-07 sample: effective earners 92, TAO/day 75, top-1 and top-10 67, share 62, price 53 profiles
    assert set(compared) == set(quoted) and min(compared.values()) >= 50


def test_every_change_cell_reads_in_points_percent_or_the_figures_unit(built_site):
    from generator.site.changes import POINT_FIGURES

    checked, wrong = Counter(), []
    for path in sorted(built_site.rglob("subnets/*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for row in page.select("tr[id^=m-]"):
            key, text = row["id"].removeprefix("m-"), row.select_one("td.change").get_text(strip=True)
            if not text:
                continue
            if key in POINT_FIGURES:
                kind, ok = "points", units.POINTS.matches(text)
            elif text == "new" or units.PERCENT_CHANGE.matches(text):
                kind, ok = "percent", True
            else:
                kind, ok = "absolute", text == "0" or (text[0] in "+-" and METRICS[key].unit.matches(text[1:]))
            checked[kind] += 1
            if not ok:
                wrong.append(f"{path.relative_to(built_site)}: {key} change {text!r}")
            if key in ("net_flow_tao_per_day", "miner_gini", "miner_hhi"):
                assert kind == "absolute", (path.name, key, text)
    assert not wrong, "\n".join(wrong[:20])
    assert checked["points"] > 0 and checked["percent"] > 0 and checked["absolute"] > 0
