"""The "deregistration risk" page of an edition: the rule as recorded, applied to this snapshot's figures.

The edition's scorecards gain `moving_price_tao`, `immune`, `immunity_ends_block`, `prune_rank` and
`prune_rank_reason` (generator/metrics/pruning.py). Pages say plainly that this is the rule as recorded
in the snapshot, not a prediction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from generator.metrics import pruning
from generator.metrics import units as u
from generator.model.snapshot import Snapshot
from generator.site import control_definitions  # noqa: F401  (registers the methodology entries)
from generator.site.context import Link, Meta, View, meta_for

RULE = (
    "When a new subnet registers and every subnet slot is taken, the chain deregisters the non-immune "
    "subnet with the lowest EMA (moving) price, SubnetMovingPrice; a subnet is immune for the network "
    "immunity period (NetworkImmunityPeriod blocks) after its registration block. This is the rule of the "
    "subtensor runtimes of 2025-2026 as recorded here, not a prediction: nothing says a registration will come."
)
NOT_A_PREDICTION = "The rule as recorded, applied to this snapshot's figures; not a prediction."


def runtime_text(snapshot: Snapshot) -> str:
    """Name the runtime the snapshot was read from (its spec version), or say it was not recorded."""
    spec = snapshot.provenance.spec_version
    return f"runtime spec {spec}" if spec is not None else "runtime spec version not recorded in this snapshot"


def methodology_text(snapshot: Snapshot) -> str:
    """Name the deregistration rule and the runtime it is applied for, for the methodology page."""
    period = snapshot.provenance.network_immunity_period
    immunity = "not captured" if period is None else f"{u.BLOCK.format(period)} blocks"
    return f"{RULE} This edition: {runtime_text(snapshot)}; network immunity period {immunity}."


def ranked_count(found: dict[int, pruning.Standing]) -> int:
    """Count the subnets the rule ranks."""
    return sum(1 for s in found.values() if s.prune_rank is not None)


def standings(snapshot: Snapshot) -> dict[int, pruning.Standing]:
    """Apply the rule to every subnet of a snapshot."""
    rows = [
        {"netuid": s.netuid, "moving_price_tao": s.moving_price_tao, "registered_at_block": s.registered_at_block}
        for s in snapshot.doc.subnets
    ]
    return pruning.standings(rows, snapshot.provenance.block, snapshot.provenance.network_immunity_period)


def annotate(cards: pd.DataFrame, found: dict[int, pruning.Standing]) -> pd.DataFrame:
    """Add the rule's columns to an edition's scorecards (None = unknown or not applicable, with a reason)."""
    cards = cards.copy()
    cards["moving_price_tao"] = [found[n].moving_price_tao for n in cards.index]
    cards["immune"] = [found[n].immune for n in cards.index]
    cards["immunity_ends_block"] = [found[n].immunity_ends_block for n in cards.index]
    cards["prune_rank"] = [found[n].prune_rank for n in cards.index]
    cards["prune_rank_reason"] = [found[n].prune_rank_reason for n in cards.index]
    return cards


def _end_date(snapshot: Snapshot, end: int | None) -> str:
    """Estimate the date a block falls on from this block's time and the block time."""
    if end is None:
        return "unknown"
    prov = snapshot.provenance
    when = prov.block_timestamp + timedelta(seconds=(end - prov.block) * prov.block_time_seconds)
    return f"about {when.date().isoformat()}"


def profile_line(netuid: int, standing: pruning.Standing | None, snapshot: Snapshot, ranked: int = 0) -> str | None:
    """Say where a subnet stands under the rule, in one sentence for its profile."""
    if standing is None or netuid == 0:
        return None
    if standing.prune_rank_reason == "immune":
        return (
            f"Deregistration rule: immune until block {u.BLOCK.format(standing.immunity_ends_block)} "
            f"({_end_date(snapshot, standing.immunity_ends_block)}). {NOT_A_PREDICTION}"
        )
    if standing.prune_rank is None:
        return f"Deregistration rule: position unknown ({standing.prune_rank_reason}). {NOT_A_PREDICTION}"
    immunity = (
        "" if standing.immune is not None else " (immunity unknown: the network immunity period was not captured)"
    )
    return (
        f"Deregistration rule: ranked {u.RANK.format(standing.prune_rank)} of {ranked} by EMA price, "
        f"1 being the next out{immunity}. "
        f"{NOT_A_PREDICTION}"
    )


@dataclass(frozen=True)
class RiskRow:
    """One subnet in a risk table, figures formatted in their units."""

    rank: str
    subnet: Link
    moving_price: str
    registered_at_block: str
    immunity_ends_block: str
    immunity_ends: str
    immune: str


@dataclass(frozen=True)
class RiskPage:
    """`risk.html`: the subnets nearest the cut, the immune ones and when their immunity ends, and the rule."""

    meta: Meta
    rule: str
    runtime: str
    immunity_period: str
    nearest: list[RiskRow]
    immune: list[RiskRow]
    unranked: list[RiskRow]
    zone: int


def _row(snapshot: Snapshot, standing: pruning.Standing, names: dict[int, str], home: str) -> RiskRow:
    """Format one subnet's standing."""
    netuid = standing.netuid
    subnet = snapshot.subnet(netuid)
    return RiskRow(
        u.RANK.format(standing.prune_rank) if standing.prune_rank is not None else u.NOT_APPLICABLE,
        Link(f"SN{netuid} {names.get(netuid, '')}".strip(), f"{home}subnets/{netuid}.html"),
        u.TAO_PER_ALPHA.format(standing.moving_price_tao),
        u.BLOCK.format(subnet.registered_at_block),
        u.BLOCK.format(standing.immunity_ends_block),
        _end_date(snapshot, standing.immunity_ends_block),
        u.FLAG.format(standing.immune),
    )


def page_for(snapshot: Snapshot, view: View, found: dict[int, pruning.Standing], names: dict[int, str]) -> RiskPage:
    """Build the deregistration risk page of one view of an edition."""
    meta = meta_for(snapshot, view, "risk.html", "Deregistration risk: who is nearest the cut")
    zone = pruning.danger_zone(found)
    period = snapshot.provenance.network_immunity_period
    others = sorted(n for n, s in found.items() if n != 0 and s.prune_rank is None)
    return RiskPage(
        meta=meta,
        rule=RULE,
        runtime=runtime_text(snapshot),
        immunity_period="not captured in this snapshot" if period is None else f"{u.BLOCK.format(period)} blocks",
        nearest=[_row(snapshot, found[n], names, meta.home) for n in zone],
        immune=[_row(snapshot, found[n], names, meta.home) for n in others if found[n].prune_rank_reason == "immune"],
        unranked=[_row(snapshot, found[n], names, meta.home) for n in others if found[n].prune_rank_reason != "immune"],
        zone=pruning.DANGER_ZONE,
    )


def zone_lines(previous: list[dict] | None, records: list[dict], names: dict[int, str]) -> list[str]:
    """Sentences for "What changed": subnets that entered or left the danger zone, and those deregistered."""
    if previous is None:
        return []
    if not any("prune_rank" in r for r in previous):
        return ["The previous edition recorded no deregistration ranking: no comparison."]

    def zone_of(rows: list[dict]) -> list[int]:
        ranked = sorted((r["prune_rank"], int(r["netuid"])) for r in rows if r.get("prune_rank") is not None)
        return [n for rank, n in ranked if rank <= pruning.DANGER_ZONE]

    def lives_of(rows: list[dict]) -> dict[int, int | None]:
        return {int(r["netuid"]): r.get("registered_at_block") for r in rows}

    moved = pruning.zone_changes(lives_of(previous), zone_of(previous), lives_of(records), zone_of(records))
    old_names = {int(r["netuid"]): str(r.get("name") or "") for r in previous}
    lines = [f"Entered the danger zone: SN{n} {names.get(n, '')}".strip() for n in moved.entered]
    lines += [f"Left the danger zone: SN{n} {names.get(n, '')}".strip() for n in moved.left]
    lines += [f"Deregistered: SN{n} {old_names.get(n, '')}".strip() for n in moved.deregistered]
    return lines


def api_document(edition_id: str, snapshot: Snapshot, found: dict[int, pruning.Standing]) -> dict:
    """Return the edition's deregistration-risk table for the JSON API (`api_schema.EditionRisk`)."""
    return {
        "schema_version": 1,
        "edition": edition_id,
        "rule": RULE,
        "runtime": runtime_text(snapshot),
        "network_immunity_period": snapshot.provenance.network_immunity_period,
        "danger_zone": pruning.danger_zone(found),
        "subnets": [
            {
                "netuid": n,
                "moving_price_tao": s.moving_price_tao,
                "registered_at_block": snapshot.subnet(n).registered_at_block,
                "immune": s.immune,
                "immunity_ends_block": s.immunity_ends_block,
                "prune_rank": s.prune_rank,
                "prune_rank_reason": s.prune_rank_reason,
            }
            for n, s in sorted(found.items())
        ],
    }
