"""The directory of 2026-03-25 as a fallback: which subnet lives it describes, and why the others get none.

The table below was worked out by hand from the raw captures in ../shared/data (the directory file,
the chain names of 2026-03-22, the registration blocks of 2026-04-13 and the names and blocks of
2026-08-07); `test_the_captures_say_what_the_table_says` reads those files again so a wrong row fails.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re

import pytest

from generator.metrics import ledger as acc
from generator.notes import directory
from tests.conftest import CAPTURES, REPO, SHARED
from tests.test_build import soup

DIRECTORY_BLOCK = 7_801_029 + 3 * 7_200  # 2026-03-22 00:00 UTC was 7,801,029; 7,200 blocks a day

# netuid: (directory name, name on 2026-03-22, registered (04-13), name on 08-07, registered (08-07), outcome)
# where outcome is the category the 2026-08-07 life gets from the directory, or the reason it gets none.
TABLE = {
    1: ("Apex", "Apex", 1_497_824, "Apex", 1_497_824, "agents"),  # "AI Agent" first
    9: ("IOTA", "iota", 1_489_797, "iota", 1_489_797, "training"),  # case differs; "Model Development"
    52: ("Tensorplex Dojo", "Dojo", 3_989_825, "Dojo", 3_989_825, "data"),  # one name contains the other
    39: ("basilica", "basilica", 3_280_104, "deprecated", 3_280_104, "compute"),  # renamed later, same life
    118: ("HODL - The ETF Subnet", "HODL ETF", 5_724_794, "Ditto", 5_724_794, directory.NO_CATEGORY_LISTED),
    95: ("Actual Computer", "nion", 5_403_674, "Actual", 5_403_674, directory.NO_CATEGORY_LISTED),
    5: ("Hone", "Hone", 2_491_604, "Hone", 2_491_604, directory.NO_CATEGORY_LISTED),
    40: ("Chunking", "Chunking", 3_372_582, "Ralph", 8_409_860, directory.REGISTERED_AFTER),
    36: ("Web Agents", "Web Agents - Autoppia", 7_894_898, "Leoma", 7_894_898, directory.REGISTERED_AFTER),
    97: ("Flamewire", "Constantinople", 7_735_450, "Albedo", 7_735_450, directory.OTHER_SUBNET),
    70: ("Vericore", "ghayn", 7_787_562, "NexisGen", 7_787_562, directory.OTHER_SUBNET),
    105: ("Subnet 105", "Beam", 6_841_399, "Beam", 6_841_399, directory.UNLISTED),
    7: ("Subnet 7", "subvortex", 2_627_691, "Allways", 2_627_691, directory.UNLISTED),
}


def _by_netuid(rows: list[dict], key: str = "netuid") -> dict[int, dict]:
    """Index capture rows by netuid."""
    return {int(r[key]): r for r in rows}


def test_the_captures_say_what_the_table_says():
    entries = _by_netuid(
        json.loads((SHARED / "data" / "directories" / "tensorplex_subnets_2026-03-25.json").read_text()), "subnet_id"
    )
    march = _by_netuid(json.loads((CAPTURES / "2026-03-22_taosignal_chain_history.json").read_text())["subnets"])
    april = _by_netuid(json.loads((CAPTURES / "2026-04-13_taosignal_chain_data.json").read_text())["subnets"])
    august = _by_netuid(json.loads((CAPTURES / "2026-08-07_metagraphed_finney-subnets.json").read_text())["subnets"])
    for netuid, (listed, in_march, registered, in_august, registered_now, _) in TABLE.items():
        assert entries[netuid]["name"] == listed
        assert march[netuid]["name"] == in_march
        assert april[netuid]["network_registered_at"] == registered
        assert (august[netuid]["name"], august[netuid]["registered_at_block"]) == (in_august, registered_now)
    assert "categories" not in entries[5] and "categories" not in entries[118]  # listed, no category
    assert entries[97]["categories"] == ["Infrastructure"] and entries[1]["categories"][0] == "AI Agent"
    assert 3_372_582 <= DIRECTORY_BLOCK < 8_409_860 and DIRECTORY_BLOCK < 7_894_898  # SN40, SN36 re-registered


@pytest.mark.parametrize("netuid", sorted(TABLE))
def test_each_subnet_life_of_the_table(netuid):
    _, _, _, name, registered, outcome = TABLE[netuid]
    found = directory.match_for(netuid, registered, name)
    if isinstance(outcome, str):
        assert (found.fact.category, found.reason) == (outcome, None)
    else:
        assert found.reason == outcome
        assert (found.fact is not None) == (outcome is directory.NO_CATEGORY_LISTED)  # listed: its team still counts


def test_teams_matched_by_a_tolerant_name_or_a_later_name_of_the_same_life():
    assert directory.fact_for(118, 5_724_794, "Ditto").team == "Mobius Fund"  # "HODL ETF": both of its words
    assert directory.fact_for(95, 5_403_674, "Actual").team == "Actual Computer Inc."  # "Actual" from June
    later = [n for n, f in directory.directory_facts().items() if f.match == directory.MATCHED_BY_LATER_NAME]
    assert later == [76, 95]  # 2026-03-22: nun and nion; 04-13: Byzantium; 06-14: Actual
    assert directory.fact_for(97, 7_735_450, "Albedo") is None  # Flamewire's team is never given to Albedo


def test_names_agree_by_the_documented_rule():
    agree = [
        ("Templar", "τemplar"),
        ("It's AI", "ItsAI"),
        ("MIID", "Yanez MIID"),
        ("HODL - The ETF Subnet", "HODL ETF"),
    ]
    differ = [
        ("Subnet 7", "subvortex"),
        ("FLock OFF", "X"),
        ("Flamewire", "Constantinople"),
        ("Actual Computer", "nion"),
    ]
    assert all(directory.same_name(a, b) for a, b in agree)
    assert not any(directory.same_name(a, b) for a, b in differ)
    assert not directory.same_name("ETF", "HODL ETF")  # one word of three letters is too little to say
    assert directory.placeholder("Subnet 105", 105) and not directory.placeholder("Subnet 105", 104)


def test_a_later_life_of_the_netuid_never_inherits_the_fact():
    assert directory.match_for(40, 3_372_582, "Chunking").fact.category == "data"  # 2026-04-13 and 06-14
    assert directory.match_for(40, 8_409_860, "Chunking").fact is None  # the same name cannot bring it back
    assert directory.match_for(40, 8_409_860, "Ralph").reason == directory.REGISTERED_AFTER
    assert directory.match_for(64, 4_531_294, "Chutes").reason == directory.OTHER_SUBNET  # an earlier block
    # 2026-03-22 has no registration blocks: the chain name of that day decides
    assert directory.match_for(36, None, "Web Agents - Autoppia").fact.category == "agents"
    assert directory.match_for(97, None, "Constantinople").reason == directory.OTHER_SUBNET


def test_every_directory_category_maps_or_is_said_not_to():
    listed = [
        c["name"]
        for c in json.loads((SHARED / "data" / "directories" / "tensorplex_categories.json").read_text())["categories"]
    ]
    assert sorted(listed) == sorted([*directory.CATEGORY_MAP, *directory.UNMAPPED_CATEGORIES])
    assert set(directory.CATEGORY_MAP.values()) <= set(acc_categories())
    assert directory.mapped_category(["Yuma Accelerated", "Cybersecurity"]) == "security"
    assert directory.mapped_category(["Yuma Accelerated"]) is None


def acc_categories() -> tuple[str, ...]:
    """The notes' category list."""
    from generator.notes.model import CATEGORIES

    return CATEGORIES


def test_directory_matches_are_the_committed_facts():
    spec = importlib.util.spec_from_file_location("make_directory", REPO / "scripts" / "make_directory.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entries = json.loads((SHARED / "data" / "directories" / "tensorplex_subnets_2026-03-25.json").read_text())
    facts = module.convert(entries, module.subnets(module.MARCH), [module.subnets(p) for p in module.LATER])
    assert facts == json.loads(directory.DIRECTORY_FILE.read_text(encoding="utf-8"))["subnets"]
    assert [f["netuid"] for f in facts] == list(range(1, 129))
    matched = [f for f in facts if f["match"] in directory.MATCHED]
    assert sorted(f["netuid"] for f in matched if f["team"] == "Macrocosmos") == [1, 9, 13, 25]
    assert sorted(f["netuid"] for f in matched if f["team"] == "Mobius Fund") == [88, 118]
    assert [f["netuid"] for f in facts if f["match"] == directory.ANOTHER_SUBNET] == [70, 96, 97, 99, 107]


def account(netuid: int, share: float, note: str | None = None, **extra) -> acc.Account:
    """A hand-made account with an emission share and, optionally, a note's category."""
    facts = None if note is None else acc.NoteFacts("shipping_public", note, None)
    paid = acc.paid([], netuid, 12.0)
    return acc.Account(netuid, f"Sub{netuid}", share, None, math.nan, paid, facts, None, "", [], **extra)


def test_an_editors_note_always_wins():
    reason = directory.REGISTERED_AFTER.label
    assert account(1, 0.1, "inference", directory_category="compute").category == "inference"
    assert account(1, 0.1, "inference", no_category_reason=reason).category == "inference"
    assert not account(1, 0.1, "inference", directory_category="compute").category_from_directory
    assert account(1, 0.1, directory_category="compute").category == "compute"
    assert account(1, 0.1, no_category_reason=reason).category == reason


def test_the_rollup_counts_every_subnet_once():
    reasons = [r.label for r in directory.REASONS]
    accounts = {
        1: account(1, 0.5, "inference", directory_category="compute"),
        2: account(2, 0.2, directory_category="compute"),
        3: account(3, 0.1, no_category_reason=directory.UNLISTED.label),
        4: account(4, 0.15, no_category_reason=directory.REGISTERED_AFTER.label),
        5: account(5, 0.05),  # no reason given: still counted, as unreviewed
    }
    totals = acc.rollup(accounts, acc_categories(), ["shipping_public"], reasons)
    names = [t.category for t in totals]
    assert names == ["inference", "compute", directory.REGISTERED_AFTER.label, directory.UNLISTED.label, "unreviewed"]
    total = acc.rollup_total(totals)
    assert total.subnets == 5 and math.isclose(total.share, 1.0)
    assert math.isclose(total.share_by_status["shipping_public"], 0.5) and math.isclose(
        total.share_by_status[None], 0.5
    )


def _rollup(page) -> dict[str, list[str]]:
    """The roll-up rows of an accountability page: category → its cells."""
    return {r.th.get_text(): [td.get_text() for td in r.find_all("td")] for r in page.select("table.rollup tbody tr")}


def test_the_built_rollup_covers_every_subnet_of_every_edition(built_site):
    pages = [built_site / "accountability.html", *sorted((built_site / "editions").glob("*/accountability.html"))]
    assert len(pages) == 5
    for path in pages:
        page = soup(path)
        subnets = len(page.select("#all tbody tr"))
        rows = _rollup(page)
        assert sum(int(cells[0]) for cells in rows.values()) == subnets
        assert page.select_one("table.rollup tfoot th").get_text() == "all subnets"
        assert page.select_one("table.rollup tfoot td").get_text() == str(subnets)
        assert "unreviewed" not in rows  # every subnet without a category has a stated reason


def test_the_latest_rollup_states_why_71_subnets_have_no_category(built_site):
    rows = _rollup(soup(built_site / "accountability.html"))
    # counted by hand from the 2026-08-07 capture and the directory (see TABLE for examples of each)
    assert rows[directory.NO_CATEGORY_LISTED.label][:2] == ["37", "5.43%"]
    assert rows[directory.UNLISTED.label][:2] == ["13", "5.03%"]
    assert rows[directory.REGISTERED_AFTER.label][:2] == ["18", "1.48%"]
    assert rows[directory.OTHER_SUBNET.label][:2] == ["3", "3.87%"]  # SN70, SN96, SN97
    assert (
        directory.CATEGORY_OFF_LIST.label not in rows
    )  # SN96's only category is a programme, but it is another subnet
    assert (
        soup(built_site / "accountability.html").select_one("table.rollup tfoot td:nth-of-type(2)").get_text()
        == "100.00%"
    )


def test_a_row_says_where_its_category_comes_from(built_site):
    def category(path, netuid: int) -> str:
        for row in soup(path).select("#all tbody tr"):
            if re.match(rf"SN{netuid}\D", row.find_all("td")[1].get_text(strip=True)):
                return row.find_all("td")[6].get_text()
        raise AssertionError(netuid)

    latest, june = built_site / "accountability.html", built_site / "editions" / "2026-06-14" / "accountability.html"
    assert category(june, 40) == "data (from the directory, 2026-03-25)"  # Chunking, registered 3,372,582
    assert category(latest, 40) == directory.REGISTERED_AFTER.label  # Ralph, registered 8,409,860
    assert category(latest, 107) == "science"  # its note's: the directory's "KDN-1" plays no part
    assert category(latest, 97) == directory.OTHER_SUBNET.label


def test_a_directory_category_is_shown_with_its_date_and_source(built_site):
    source = "https://github.com/tensorplex-labs/subnet-docs"
    category = soup(built_site / "subnets" / "1.html").select_one('#earned-vs-shipped a[href$="#metric-category"]')
    shown = category.find_parent("dt").find_next_sibling("dd")
    assert shown.get_text() == "agents (from the directory, 2026-03-25): the public directory of 2026-03-25"
    assert shown.a["href"] == source
    noted = soup(built_site / "subnets" / "64.html").select_one('#earned-vs-shipped a[href$="#metric-category"]')
    assert noted.find_parent("dt").find_next_sibling("dd").get_text() == "inference"  # a note: no directory
    assert soup(built_site / "accountability.html").select_one("#by-category p a")["href"] == source
