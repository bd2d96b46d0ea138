"""Events between two editions, on hand-made snapshots and on the real identity history."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from generator.metrics.pay import lifetime_paid, paid_over_window
from generator.model.events import EditionHistory, detect_events, subnet_facts
from generator.model.schema import Identity
from tests.conftest import CAPTURES, make_snapshot

HISTORY = CAPTURES / "metagraphed-history"
T0 = dt.datetime(2026, 8, 1, tzinfo=dt.UTC)


def subnet(netuid: int = 1, **extra) -> dict:
    """A subnet record with an owner, identity and hyperparameters."""
    record = {
        "netuid": netuid,
        "name": f"Sub{netuid}",
        "symbol": "α",
        "owner_coldkey": "cold-a",
        "owner_hotkey": "hot-a",
        "registered_at_block": 100,
        "identity": Identity(
            subnet_name=f"Sub{netuid}", github_repo="https://github.com/a/b", subnet_url="https://a.example"
        ),
        "hyperparameters": {"max_validators": 64, "registration_allowed": True},
    }
    return {**record, **extra}


def history_of(subnets: list[dict], hashes: dict[int, str] | None = None) -> EditionHistory:
    """Wrap hand-made subnets as a previous edition's stored history."""
    return EditionHistory("2026-07-31", T0, subnet_facts(make_snapshot(subnets)), note_hashes=hashes or {})


def events(before: list[dict], after: list[dict], hashes_before=None, hashes_after=None) -> list[tuple]:
    """Detect events and return (netuid, kind) pairs."""
    found = detect_events(
        "2026-08-07", subnet_facts(make_snapshot(after)), history_of(before, hashes_before), hashes_after or {}
    )
    return [(e.netuid, e.kind) for e in found]


def test_no_change_no_event():
    assert events([subnet(1), subnet(2)], [subnet(1), subnet(2)]) == []


def test_first_edition_has_no_events():
    assert detect_events("2026-08-07", subnet_facts(make_snapshot([subnet()])), None, {}) == []


def test_appeared_and_disappeared():
    assert events([subnet(1)], [subnet(2)]) == [(2, "appeared"), (1, "disappeared")]


def test_reregistration_is_one_event_not_a_rename_and_sale():
    after = subnet(
        1, registered_at_block=999, owner_coldkey="cold-b", name="Other", identity=Identity(subnet_name="Other")
    )
    assert events([subnet(1)], [after]) == [(1, "reregistered")]


def test_owner_change_is_a_sale():
    found = detect_events(
        "2026-08-07", subnet_facts(make_snapshot([subnet(1, owner_coldkey="cold-b")])), history_of([subnet(1)]), {}
    )
    assert [(e.kind, e.text) for e in found] == [
        ("owner_changed", "Owner coldkey changed from cold-a to cold-b (a sale or transfer).")
    ]


def test_identity_changes_name_repo_url_each():
    after = subnet(
        1,
        name="New",
        identity=Identity(subnet_name="New", github_repo="https://github.com/c/d", subnet_url="https://a.example"),
    )
    found = detect_events("2026-08-07", subnet_facts(make_snapshot([after])), history_of([subnet(1)]), {})
    assert [e.text for e in found] == [
        "Identity name changed from “Sub1” to “New”.",
        "Identity repository changed from “https://github.com/a/b” to “https://github.com/c/d”.",
    ]


def test_unknown_identity_or_owner_is_not_a_change():
    assert events([subnet(1)], [subnet(1, identity=None, owner_coldkey=None)]) == []


def _with(repo: object = "keep", url: object = "keep") -> Identity:
    """An identity of subnet 1 with its repository and URL replaced ("keep" keeps the default)."""
    fields = {"subnet_name": "Sub1", "github_repo": "https://github.com/a/b", "subnet_url": "https://a.example"}
    fields |= {k: v for k, v in (("github_repo", repo), ("subnet_url", url)) if v != "keep"}
    return Identity(**{k: v for k, v in fields.items() if v is not ...})


def texts(before: Identity | None, after: Identity | None) -> list[str]:
    """The identity event texts between two identities of subnet 1."""
    found = detect_events(
        "2026-08-07",
        subnet_facts(make_snapshot([subnet(1, identity=after)])),
        history_of([subnet(1, identity=before)]),
        {},
    )
    return [e.text for e in found]


@pytest.mark.parametrize("old, new", [("", None), (None, ""), ("", ...), (..., None), ("  ", "")])
def test_empty_null_and_missing_are_all_unset(old, new):
    assert texts(_with(repo=old), _with(repo=new)) == []


def test_unset_to_set_and_set_to_unset_are_changes():
    assert texts(_with(repo=""), _with()) == ["Identity repository changed from unset to “https://github.com/a/b”."]
    assert texts(_with(), _with(url=None)) == ["Identity URL changed from “https://a.example” to unset."]
    # an identity never set at all (every field unset) that becomes set is a change too
    assert texts(Identity(), _with(url=...)) == ["Identity repository changed from unset to “https://github.com/a/b”."]


def test_unknown_identity_is_never_an_event():
    assert texts(None, None) == []
    assert texts(None, Identity()) == [] and texts(_with(), None) == []


def test_subnet_not_covered_by_the_earlier_capture_is_not_new():
    root = subnet(0, registered_at_block=0)
    late = subnet(2, registered_at_block=5_000)
    found = detect_events(
        "2026-08-07",
        subnet_facts(make_snapshot([root, late, subnet(1)])),
        history_of([subnet(1)]),
        {},
        previous_block=4_000,
    )
    assert [(e.netuid, e.kind) for e in found] == [(2, "appeared")]


def test_hyperparameter_change_only_for_keys_on_both_sides():
    after = subnet(1, hyperparameters={"max_validators": 128, "registration_allowed": True, "new_key": 1})
    assert events([subnet(1)], [after]) == [(1, "hyperparameter_changed")]


def test_notes_added_and_revised():
    assert events([subnet(1), subnet(2)], [subnet(1), subnet(2)], {1: "x"}, {1: "y", 2: "z"}) == [
        (2, "note_added"),
        (1, "note_revised"),
    ]


def test_hostile_name_is_cleaned_in_event_text():
    found = detect_events(
        "2026-08-07", subnet_facts(make_snapshot([subnet(2, name="evil\u202e<b>")])), history_of([]), {}
    )
    assert "\u202e" not in found[0].text


def real_facts(name: str) -> dict[int, dict]:
    """Convert one metagraphed-history capture into minimal subnet facts."""
    doc = json.loads((HISTORY / name).read_text(encoding="utf-8"))
    subnets = [
        {
            "netuid": s["netuid"],
            "name": s["name"],
            "symbol": s["symbol"] or "?",
            "registered_at_block": s["registered_at_block"],
            "identity": Identity(subnet_name=s["name"]),
        }
        for s in doc["subnets"]
    ]
    return subnet_facts(make_snapshot(subnets))


def real_events(before: str, after: str) -> list:
    previous = EditionHistory("before", T0, real_facts(before))
    return detect_events("after", real_facts(after), previous, {})


def test_real_history_renames():
    found = real_events("finney-subnets_20260610_37a192d16.json", "finney-subnets_20260611_1bfc51a84.json")
    assert [(e.netuid, e.kind) for e in found] == [
        (27, "identity_changed"),
        (38, "identity_changed"),
        (92, "identity_changed"),
    ]
    assert found[0].text == "Identity name changed from “Nodexo” to “Team TBC”."


def test_real_history_reregistration():
    found = real_events("finney-subnets_20260606_da15b1f08.json", "finney-subnets_20260607_29bf23c43.json")
    kinds = {(e.netuid, e.kind) for e in found}
    assert (92, "reregistered") in kinds and (76, "identity_changed") in kinds
    assert (92, "identity_changed") not in kinds


def test_real_history_without_changes():
    assert real_events("finney-subnets_20260607_c63196425.json", "finney-subnets_20260607_c63196425.json") == []


def test_paid_over_window_trapezoid():
    assert paid_over_window([(0.0, 10.0), (7.0, 20.0)]) == pytest.approx(105.0)
    # an unknown middle point is bridged linearly
    assert paid_over_window([(0.0, 10.0), (1.0, None), (2.0, 10.0)]) == pytest.approx(20.0)
    assert paid_over_window([(0.0, 10.0)]) is None
    assert paid_over_window([(1.0, 0.0), (0.0, float("nan")), (3.0, 2.0)]) == pytest.approx(2.0)


def test_lifetime_paid_ranks_by_subnet_and_skips_root():
    editions = [
        (
            "a",
            100.0,
            [
                {"netuid": 0, "is_root": True, "tao_paid_per_day": 1.0},
                {"netuid": 5, "is_root": False, "name": "Five", "tao_paid_per_day": 2.0, "usd_paid_per_day": None},
            ],
        ),
        (
            "b",
            102.0,
            [{"netuid": 5, "is_root": False, "name": "Five", "tao_paid_per_day": 4.0, "usd_paid_per_day": 1.0}],
        ),
    ]
    paid = lifetime_paid(editions)
    assert list(paid) == [5]
    assert paid[5].tao == pytest.approx(6.0) and paid[5].usd is None
    assert (paid[5].first, paid[5].last, paid[5].editions) == ("a", "b", 2)


def _unset(value: object) -> str | None:
    text = (value or "").strip()
    return text or None


def _april_parts(row: dict) -> tuple:
    """(name, repository, URL, registration block) of a 2026-04-13 taosignal row, by hand."""
    return _unset(row["name"]), _unset(row["github"]), _unset(row["url"]), row["network_registered_at"]


def _metagraphed_parts(row: dict) -> tuple:
    """(name, repository, URL, registration block) of a metagraphed row; no chain_identity = never set."""
    identity = row.get("chain_identity") or {}
    return (
        _unset(row["name"]),
        _unset(identity.get("github_repo")),
        _unset(identity.get("subnet_url")),
        row["registered_at_block"],
    )


def _hand_count(before: dict, after: dict, parts_before, parts_after) -> int:
    """Count identity parts that differ between two captures, for netuids of the same life in both."""
    changed = 0
    for netuid in set(before) & set(after):
        old, new = parts_before(before[netuid]), parts_after(after[netuid])
        if old[3] == new[3]:
            changed += sum(old[i] != new[i] for i in range(3))
    return changed


def test_real_sample_identity_changes_match_a_hand_count(built_site):
    rows = lambda name: {r["netuid"]: r for r in json.loads((CAPTURES / name).read_text(encoding="utf-8"))["subnets"]}  # noqa: E731
    april = rows("2026-04-13_taosignal_chain_data.json")
    june = rows("metagraphed-history/finney-subnets_20260617_b821a500f.json")
    august = rows("2026-08-07_metagraphed_finney-subnets.json")
    expected = {
        "2026-06-14": _hand_count(april, june, _april_parts, _metagraphed_parts),
        "2026-08-07": _hand_count(june, august, _metagraphed_parts, _metagraphed_parts),
    }
    assert expected == {"2026-06-14": 66, "2026-08-07": 74}
    for edition, count in expected.items():
        stored = json.loads((built_site / "editions" / edition / "data/events.json").read_text(encoding="utf-8"))
        identity = [e for e in stored["events"] if e["kind"] == "identity_changed"]
        assert len(identity) == count, edition
        # an unquoted "unknown" would be an uncaptured side; a quoted “unknown” is a real (placeholder) name
        assert not any(re.search(r"(from|to) unknown", e["text"]) for e in identity)
        # root is in June's capture but not April's: not covered then, so not new now
        assert not any(e["kind"] == "appeared" and e["netuid"] == 0 for e in stored["events"])
    august_events = json.loads((built_site / "editions/2026-08-07/data/events.json").read_text(encoding="utf-8"))
    texts = {(e["netuid"], e["text"]) for e in august_events["events"]}
    # SN69 had no identity in June (unset) and one in August: unset -> set is a change
    assert (69, "Identity repository changed from unset to “https://github.com/HeraldMedia/herald”.") in texts
