"""Who controls the network: teams behind several subnets, owner keys, and the effective number of parties.

A subnet's team comes from its editors' note (`team`, up to the first "(" or ";") or, failing
that, from the dated directory fallback; a subnet with no known team counts as its own party.
Owner keys are pseudonymous: they group subnets only when the very same coldkey holds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOP_TEAMS = (1, 5, 10)


@dataclass(frozen=True)
class TeamClaim:
    """Who runs one subnet, and where that comes from (`note` or `directory`, with its date)."""

    team: str
    source: str
    date: str
    url: str = ""


@dataclass(frozen=True)
class Team:
    """One team: its subnets (ascending), combined emission share and pay per day (None = unknown)."""

    name: str
    netuids: tuple[int, ...]
    emission_share: float | None
    tao_paid_per_day: float | None
    claims: tuple[TeamClaim, ...]


def team_name(text: str | None) -> str | None:
    """Return a note's team up to its first "(" or ";" (the rest is where the editor learnt it)."""
    if not text:
        return None
    name = re.split(r"[(;]", text, maxsplit=1)[0].strip(" ,.")
    return name or None


def team_key(name: str) -> str:
    """Return the key that identifies a team across sources (case-folded letters and digits)."""
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def _sum(values: list[float | None]) -> float | None:
    """Sum figures; unknown when any is unknown."""
    known = [v for v in values if v is not None]
    return None if len(known) < len(values) else float(sum(known))


def teams(records: list[dict], claims: dict[int, TeamClaim]) -> list[Team]:
    """Group subnets by known team, largest combined emission share first (unknown shares last)."""
    groups: dict[str, list[int]] = {}
    for record in records:
        netuid = int(record["netuid"])
        if record.get("is_root") or netuid not in claims:
            continue
        groups.setdefault(team_key(claims[netuid].team), []).append(netuid)
    by_netuid = {int(r["netuid"]): r for r in records}
    found = []
    for members in groups.values():
        members.sort()
        found.append(
            Team(
                claims[members[0]].team,
                tuple(members),
                _sum([by_netuid[n].get("emission_share") for n in members]),
                _sum([by_netuid[n].get("tao_paid_per_day") for n in members]),
                tuple(claims[n] for n in members),
            )
        )
    return sorted(found, key=lambda t: (t.emission_share is None, -(t.emission_share or 0.0), t.netuids))


def shared_keys(records: list[dict], owners: dict[int, str | None]) -> dict[str, tuple[int, ...]]:
    """Return each owner coldkey that holds more than one subnet, with its netuids (root excluded)."""
    held: dict[str, list[int]] = {}
    for record in records:
        netuid = int(record["netuid"])
        key = owners.get(netuid)
        if key and not record.get("is_root"):
            held.setdefault(key, []).append(netuid)
    return {key: tuple(sorted(n)) for key, n in sorted(held.items()) if len(n) > 1}


def top_teams_share(found: list[Team], k: int) -> float | None:
    """Share of all emissions under the k teams with the largest combined share: Σ share of the top k teams."""
    if any(t.emission_share is None for t in found):
        return None
    return _sum([t.emission_share for t in found[:k]])


def party_shares(records: list[dict], claims: dict[int, TeamClaim]) -> dict[str, float] | None:
    """Emission share per controlling party (a team, or a subnet with no known team); None if any is unknown."""
    shares: dict[str, float] = {}
    for record in records:
        if record.get("is_root"):
            continue
        netuid = int(record["netuid"])
        share = record.get("emission_share")
        if share is None:
            return None
        party = team_key(claims[netuid].team) if netuid in claims else f"sn{netuid}"
        shares[party] = shares.get(party, 0.0) + float(share)
    return shares


def effective_parties(shares: dict[str, float] | None) -> float | None:
    """Effective number of controlling parties: 1 / Σ s_i², s_i = party share ÷ Σ shares (None if unknown or no emission)."""
    if shares is None:
        return None
    total = sum(shares.values())
    if total <= 0:
        return None
    return 1.0 / sum((s / total) ** 2 for s in shares.values())
