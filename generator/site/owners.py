"""The "Owners" page of an edition: teams behind several subnets, shared owner keys, and concentration.

A subnet's team comes from its editors' note (which always wins) or from the dated directory fallback
(`generator/notes/directory.py`); owner keys are pseudonymous chain facts, never turned into names.
The edition's scorecards gain `team`, `team_source` and `team_as_of` (null: no known team).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator import format as fmt
from generator.metrics import control
from generator.metrics import units as u
from generator.model.snapshot import Snapshot
from generator.notes import directory
from generator.notes.model import Note
from generator.site import control_definitions  # noqa: F401  (registers the methodology entries)
from generator.site.context import Link, Meta, View, meta_for

NOTE_SOURCE = "editors' note"
DIRECTORY_SOURCE = "the directory"


def team_claims(records: list[dict], notes: dict[int, Note]) -> dict[int, control.TeamClaim]:
    """Return who runs each subnet: the note's team, else the directory's for the same subnet life."""
    claims = {}
    for record in records:
        netuid = int(record["netuid"])
        if record.get("is_root"):
            continue
        note = notes.get(netuid)
        if note is not None and (name := control.team_name(note.meta.team)):
            claims[netuid] = control.TeamClaim(name, NOTE_SOURCE, str(note.meta.last_reviewed))
            continue
        fact = directory.fact_for(netuid, record.get("registered_at_block"), record.get("name"))
        if fact is not None and fact.team:
            claims[netuid] = control.TeamClaim(fact.team, DIRECTORY_SOURCE, fact.date, fact.source)
    return claims


def claims_from_records(records: list[dict]) -> dict[int, control.TeamClaim]:
    """Read the team columns an edition's scorecards were published with (an older edition's view)."""
    return {
        int(r["netuid"]): control.TeamClaim(r["team"], r.get("team_source") or "", r.get("team_as_of") or "")
        for r in records
        if r.get("team")
    }


def annotate(cards: pd.DataFrame, claims: dict[int, control.TeamClaim]) -> pd.DataFrame:
    """Add the team columns to an edition's scorecards (None where no team is known)."""
    cards = cards.copy()
    cards["team"] = [claims[n].team if n in claims else None for n in cards.index]
    cards["team_source"] = [claims[n].source if n in claims else None for n in cards.index]
    cards["team_as_of"] = [claims[n].date if n in claims else None for n in cards.index]
    return cards


def claim_text(claim: control.TeamClaim) -> str:
    """Say where a team claim comes from: `editors' note, reviewed 2026-11-27` or `the directory, 2026-03-25`."""
    if claim.source == NOTE_SOURCE:
        return f"{NOTE_SOURCE}, reviewed {claim.date}"
    return f"{DIRECTORY_SOURCE}, {claim.date}"


def profile_line(netuid: int, claims: dict[int, control.TeamClaim], found: list[control.Team]) -> str | None:
    """Return "Run by … (source, date), which also runs SN…" for a profile, or None without a known team."""
    claim = claims.get(netuid)
    if claim is None:
        return None
    key = control.team_key(claim.team)
    others = [n for t in found if control.team_key(t.name) == key for n in t.netuids if n != netuid]
    also = f", which also runs {', '.join(f'SN{n}' for n in others)}" if others else ""
    return f"Run by {claim.team} ({claim_text(claim)}){also}."


@dataclass(frozen=True)
class TeamRow:
    """One team behind more than one subnet, figures formatted in their units."""

    name: str
    subnets: list[Link]
    share: str
    tao_paid_per_day: str
    sources: str


@dataclass(frozen=True)
class KeyRow:
    """One owner coldkey holding more than one subnet (pseudonymous: a key, not a person)."""

    coldkey: str
    subnets: list[Link]


@dataclass(frozen=True)
class OwnersPage:
    """`owners.html`: teams behind several subnets, shared owner keys, top-k team shares, effective parties."""

    meta: Meta
    teams: list[TeamRow]
    keys: list[KeyRow]
    distinct_keys: str
    subnets: str
    with_team: str
    from_notes: str
    top_shares: list[tuple[int, str]]
    effective_parties: str
    effective_previous: str | None
    previous: str | None


def _links(netuids: tuple[int, ...], names: dict[int, str], home: str) -> list[Link]:
    """Link each subnet's profile."""
    return [Link(f"SN{n} {names.get(n, '')}".strip(), f"{home}subnets/{n}.html") for n in netuids]


def page_for(
    snapshot: Snapshot,
    view: View,
    records: list[dict],
    claims: dict[int, control.TeamClaim],
    previous: list[dict] | None,
    previous_id: str | None,
) -> OwnersPage:
    """Build the owners page of one view of an edition."""
    meta = meta_for(snapshot, view, "owners.html", "Who controls the network: owners and teams")
    names = {int(r["netuid"]): str(r.get("name") or "") for r in records}
    found = control.teams(records, claims)
    owners = {s.netuid: s.owner_coldkey for s in snapshot.doc.subnets}
    subnets = [r for r in records if not r.get("is_root")]
    keys = control.shared_keys(records, owners)
    rows = [
        TeamRow(
            t.name,
            _links(t.netuids, names, meta.home),
            u.SHARE.format(t.emission_share),
            u.TAO_PER_DAY.format(t.tao_paid_per_day),
            "; ".join(sorted({claim_text(c) for c in t.claims})),
        )
        for t in found
        if len(t.netuids) > 1
    ]
    effective = control.effective_parties(control.party_shares(records, claims))
    before = None
    if previous is not None:
        before = control.effective_parties(control.party_shares(previous, claims_from_records(previous)))
    return OwnersPage(
        meta=meta,
        teams=rows,
        keys=[KeyRow(k, _links(n, names, meta.home)) for k, n in keys.items()],
        distinct_keys=fmt.count(len({owners.get(int(r["netuid"])) for r in subnets if owners.get(int(r["netuid"]))})),
        subnets=fmt.count(len(subnets)),
        with_team=fmt.count(sum(1 for r in subnets if int(r["netuid"]) in claims)),
        from_notes=fmt.count(sum(1 for c in claims.values() if c.source == NOTE_SOURCE)),
        top_shares=[(k, u.SHARE.format(control.top_teams_share(found, k))) for k in control.TOP_TEAMS],
        effective_parties=u.EFFECTIVE_PARTIES.format(effective),
        effective_previous=None if previous is None else u.EFFECTIVE_PARTIES.format(before),
        previous=previous_id,
    )


def api_document(
    edition_id: str, records: list[dict], claims: dict[int, control.TeamClaim], snapshot: Snapshot
) -> dict:
    """Return the edition's owners table for the JSON API (`api_schema.EditionOwners`)."""
    found = control.teams(records, claims)
    owners = {s.netuid: s.owner_coldkey for s in snapshot.doc.subnets}
    subnets = [int(r["netuid"]) for r in records if not r.get("is_root")]
    return {
        "schema_version": 1,
        "edition": edition_id,
        "teams": [
            {
                "team": t.name,
                "netuids": list(t.netuids),
                "emission_share": t.emission_share,
                "tao_paid_per_day": t.tao_paid_per_day,
                "claims": [{"source": c.source, "date": c.date, "url": c.url} for c in t.claims],
            }
            for t in found
        ],
        "shared_owner_keys": [
            {"coldkey": k, "netuids": list(n)} for k, n in control.shared_keys(records, owners).items()
        ],
        "distinct_owner_coldkeys": len({owners[n] for n in subnets if owners.get(n)}),
        "subnets_with_team": sum(1 for n in subnets if n in claims),
        "top_teams_share": {str(k): control.top_teams_share(found, k) for k in control.TOP_TEAMS},
        "effective_parties": control.effective_parties(control.party_shares(records, claims)),
    }
