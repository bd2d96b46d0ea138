"""Who controls the network and who is next out: owners, teams, the directory fallback, the pruning rule."""

from __future__ import annotations

import json

import pytest

from generator.build.edition import to_records
from generator.metrics import control, pruning
from generator.metrics import scorecard as metrics
from generator.notes import directory
from generator.notes.model import load_note, load_notes
from generator.site import owners, risk
from tests.conftest import REPO, make_snapshot, provenance
from tests.test_build import soup


def subnet(netuid: int, coldkey: str, injected: int, **extra) -> dict:
    """A hand-made subnet record injecting `injected` rao a block."""
    return {
        "netuid": netuid,
        "name": f"Sub{netuid}",
        "symbol": "α",
        "owner_coldkey": coldkey,
        "tao_in_rao": 10**12,
        "alpha_in_rao": 10**13,
        "alpha_out_rao": 10**13,
        "price_tao": 0.1,
        "tao_in_emission_rao": injected,
        "excess_tao_rao": 0,
        "alpha_out_emission_rao": 10**9,
        "tempo": 99,
        **extra,
    }


def three_subnets(**prov):
    """SN1 and SN2 share one owner coldkey; shares of TAO injected 0.3, 0.2 and 0.5."""
    subnets = [subnet(1, "5Same", 3 * 10**7), subnet(2, "5Same", 2 * 10**7), subnet(3, "5Other", 5 * 10**7)]
    return make_snapshot(subnets, provenance=provenance(**prov))


def test_two_subnets_with_one_owner_key():
    snapshot = three_subnets()
    records = to_records(metrics.scorecards(snapshot))
    keys = control.shared_keys(records, {s.netuid: s.owner_coldkey for s in snapshot.doc.subnets})
    assert keys == {"5Same": (1, 2)}
    claims = {
        1: control.TeamClaim("Team A", "editors' note", "2026-11-01"),
        2: control.TeamClaim("team a", "the directory", "2026-03-25"),
    }
    found = control.teams(records, claims)
    assert [(t.name, t.netuids) for t in found] == [("Team A", (1, 2))]
    assert found[0].emission_share == pytest.approx(0.5)
    assert control.top_teams_share(found, 1) == pytest.approx(0.5)
    # parties: Team A (0.5) and SN3 on its own (0.5): 1 / (0.5² + 0.5²) = 2
    assert control.effective_parties(control.party_shares(records, claims)) == pytest.approx(2.0)
    # with no team known every subnet is a party: 1 / (0.3² + 0.2² + 0.5²) = 1 / 0.38
    assert control.effective_parties(control.party_shares(records, {})) == pytest.approx(1 / 0.38)


def test_unknown_share_makes_the_concentration_unknown_and_zero_injection_has_none():
    records = [{"netuid": 1, "emission_share": None}, {"netuid": 2, "emission_share": 0.5}]
    assert control.effective_parties(control.party_shares(records, {})) is None
    assert control.effective_parties({"sn1": 0.0, "sn2": 0.0}) is None
    claims = {1: control.TeamClaim("A", "x", "y"), 2: control.TeamClaim("A", "x", "y")}
    assert control.teams(records, claims)[0].emission_share is None


def test_note_team_is_read_up_to_its_source():
    note = load_note(REPO / "content" / "subnets" / "64.md")
    assert control.team_name(note.meta.team) == "Rayon Labs"
    assert control.team_name("") is None and control.team_name(None) is None


def test_directory_facts_belong_to_one_subnet_life():
    assert directory.fact_for(64, 4_531_295, "anything").team == "Rayon Labs"
    assert directory.fact_for(64, 9_000_000, "Chutes") is None  # another subnet registered on the netuid
    assert directory.fact_for(64, None, "Chutes").team == "Rayon Labs"  # block unknown: the name decides
    assert directory.fact_for(64, None, "Someone") is None
    assert directory.fact_for(36, 7_894_898, "Web Agents - Autoppia") is None  # registered after 2026-03-25


def test_an_editors_note_always_wins_over_the_directory():
    notes = load_notes(REPO / "content")
    records = [{"netuid": 64, "name": "Chutes", "registered_at_block": 4_531_295}]
    claim = owners.team_claims(records, notes)[64]
    assert (claim.team, claim.source) == ("Rayon Labs", "editors' note")
    assert owners.team_claims(records, {})[64].source == "the directory"
    renamed = notes[64].__class__(
        **{**notes[64].__dict__, "meta": notes[64].meta.model_copy(update={"team": "Other Co"})}
    )
    assert owners.team_claims(records, {64: renamed})[64].team == "Other Co"
    assert directory.fact_for(64, 4_531_295, "Chutes").category == "compute"  # the directory says compute ...


def test_directory_category_never_overrides_a_note_in_the_built_site(built_site):
    rows = {
        r.find_all("td")[1].get_text(strip=True): r.find_all("td")
        for r in soup(built_site / "accountability.html").select("#all tbody tr")
    }
    assert rows["SN64Chutes"][6].get_text() == "inference"  # ... the editors' note says inference, and wins
    assert rows["SN1Apex"][6].get_text() == "agents (from the directory, 2026-03-25)"


def test_an_immune_subnet_with_the_lowest_price_is_not_next_out():
    subnets = [
        subnet(1, "k1", 10**7, moving_price_tao=0.001, registered_at_block=9_500),
        subnet(2, "k2", 10**7, moving_price_tao=0.01, registered_at_block=100),
        subnet(3, "k3", 10**7, moving_price_tao=0.005, registered_at_block=200),
    ]
    snapshot = make_snapshot(subnets, provenance=provenance(block=10_000, network_immunity_period=1_000))
    found = risk.standings(snapshot)
    assert (found[1].immune, found[1].immunity_ends_block, found[1].prune_rank) == (True, 10_500, None)
    assert found[1].prune_rank_reason == "immune"
    assert (found[3].prune_rank, found[2].prune_rank) == (1, 2)
    assert pruning.danger_zone(found) == [3, 2]
    # without the immunity period, immunity is unknown and the cheapest subnet is ranked, marked unknown
    unknown = risk.standings(make_snapshot(subnets, provenance=provenance(block=10_000)))
    assert (unknown[1].prune_rank, unknown[1].immune) == (1, None)


def test_a_subnet_deregistered_between_editions():
    previous = [
        {"netuid": 1, "name": "Old", "registered_at_block": 100, "prune_rank": 1},
        {"netuid": 2, "name": "Gone", "registered_at_block": 200, "prune_rank": 2},
        {"netuid": 3, "name": "Three", "registered_at_block": 300, "prune_rank": 11},
        {"netuid": 4, "name": "Four", "registered_at_block": 400, "prune_rank": 3},
    ]
    now = [
        {"netuid": 1, "name": "New", "registered_at_block": 9_000, "prune_rank": None},  # re-registered
        {"netuid": 3, "name": "Three", "registered_at_block": 300, "prune_rank": 1},
        {"netuid": 4, "name": "Four", "registered_at_block": 400, "prune_rank": 12},
    ]
    names = {1: "New", 3: "Three", 4: "Four"}
    assert risk.zone_lines(previous, now, names) == [
        "Entered the danger zone: SN3 Three",
        "Left the danger zone: SN4 Four",
        "Deregistered: SN1 Old",
        "Deregistered: SN2 Gone",
    ]


def test_owners_and_risk_pages_of_the_sample(built_site):
    page = soup(built_site / "owners.html")
    teams = {r.th.get_text(): r for r in page.select("#teams tbody tr")}
    assert set(teams) >= {"Macrocosmos", "Rayon Labs", "Manifold Labs"}
    assert "pseudonymous" in page.get_text()
    # Rayon Labs: SN56 and SN64 on 2026-08-07; the two shares from the scorecards
    cards = {
        r["netuid"]: r
        for r in json.loads((built_site / "editions/2026-08-07/downloads/scorecards-2026-08-07.json").read_text())[
            "subnets"
        ]
    }
    share = cards[56]["emission_share"] + cards[64]["emission_share"]
    assert teams["Rayon Labs"].select_one("[data-metric=team_emission_share]").get_text() == f"{share * 100:.2f}%"
    assert "no owner coldkey holds two subnets" in page.select_one("#keys").get_text()
    profile = soup(built_site / "subnets/64.html").select_one("section.control").get_text(" ", strip=True)
    assert "Run by Rayon Labs (editors' note, reviewed 2026-11-20), which also runs SN56." in profile
    assert "not a prediction" in soup(built_site / "risk.html").get_text()
    lowest = min((r["moving_price_tao"], n) for n, r in cards.items() if n and r["moving_price_tao"] is not None)
    first = soup(built_site / "risk.html").select_one("#nearest tbody tr")
    assert first.find("a").get_text().startswith(f"SN{lowest[1]} ")
    api = json.loads((built_site / "api/v1/editions/2026-08-07/risk.json").read_text())
    assert api["danger_zone"][0] == lowest[1] and api["network_immunity_period"] is None
    assert (
        json.loads((built_site / "api/v1/editions/2026-08-07/owners.json").read_text())["distinct_owner_coldkeys"]
        == 128
    )


def test_the_build_reports_a_subnet_deregistered_between_editions(tmp_path, chart_cache):
    from generator.build.run import BuildConfig, build
    from generator.model.schema import Subnet
    from generator.model.snapshot import write_snapshot
    from tests.conftest import make_doc

    def doc(day: int, netuids: list[int]):
        subnets = [
            Subnet(**subnet(n, f"key{n}", 10**7, moving_price_tao=0.01 * n, registered_at_block=n)) for n in netuids
        ]
        stamp = make_doc().provenance.block_timestamp.replace(day=day)
        return make_doc(subnets, block=1000 * day, block_timestamp=stamp, network_immunity_period=500)

    snaps = tmp_path / "snaps"
    write_snapshot(doc(1, [1, 2, 3]), snaps)
    write_snapshot(doc(8, [1, 3]), snaps)
    config = BuildConfig(snaps, tmp_path / "content", REPO / "templates", tmp_path / "site", chart_cache, jobs=1)
    build(config)
    changes = soup(tmp_path / "site" / "changes.html").select_one("section.risk").get_text(" ", strip=True)
    assert "Deregistered: SN2 Sub2" in changes and "Entered" not in changes
    nearest = [r.find("a").get_text() for r in soup(tmp_path / "site" / "risk.html").select("#nearest tbody tr")]
    assert nearest == ["SN1 Sub1", "SN3 Sub3"]  # lowest EMA price first; none immune at block 8,000
    assert "500 blocks" in soup(tmp_path / "site" / "risk.html").get_text()
