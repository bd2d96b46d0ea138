"""Who is next out: the deregistration rule as the snapshot records it, per subnet.

In the runtimes of 2025-2026, when a new subnet registers and every slot is taken, the chain
deregisters the non-immune subnet with the lowest EMA (moving) price. A subnet is immune while
`block < registered_at_block + network immunity period`. This module applies that rule to one
snapshot's recorded figures; it is the rule as recorded, not a prediction of what the chain will do.
Unknown stays unknown: without the network's immunity period, a subnet's immunity is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

DANGER_ZONE = 10  # the subnets nearest the cut that a page lists as the danger zone


@dataclass(frozen=True)
class Standing:
    """Where one subnet stands under the rule: prune rank (1 = next out) or why it has none."""

    netuid: int
    moving_price_tao: float | None
    immune: bool | None  # None: the immunity period or registration block is unknown
    immunity_ends_block: int | None
    prune_rank: int | None
    prune_rank_reason: str | None  # "root", "immune", "moving price unknown"


def immunity_end(registered_at_block: int | None, immunity_period: int | None) -> int | None:
    """Block at which a subnet's immunity ends: registered_at_block + network immunity period (None if unknown)."""
    if registered_at_block is None or immunity_period is None:
        return None
    return registered_at_block + immunity_period


def is_immune(block: int, end: int | None) -> bool | None:
    """Return True while block < the end of immunity; None when the end is unknown."""
    return None if end is None else block < end


def standings(subnets: list[dict], block: int, immunity_period: int | None) -> dict[int, Standing]:
    """Rank every subnet under the rule: non-immune (or immunity unknown) by moving price, lowest first.

    Each dict holds `netuid`, `moving_price_tao`, `registered_at_block`; root (netuid 0) is never ranked.
    Ties go to the lower netuid, so the ranking is deterministic. Subnets whose immunity is unknown are
    ranked (the rule may reach them), and pages say their immunity is unknown.
    """
    found: dict[int, Standing] = {}
    candidates = []
    for subnet in subnets:
        netuid = int(subnet["netuid"])
        price = subnet.get("moving_price_tao")
        end = immunity_end(subnet.get("registered_at_block"), immunity_period)
        immune = is_immune(block, end)
        reason: str | None
        if netuid == 0:
            reason = "root"
        elif immune:
            reason = "immune"
        elif price is None:
            reason = "moving price unknown"
        else:
            reason = None
            candidates.append((float(price), netuid))
        found[netuid] = Standing(netuid, price, None if netuid == 0 else immune, end, None, reason)
    for rank, (_, netuid) in enumerate(sorted(candidates), start=1):
        standing = found[netuid]
        found[netuid] = Standing(
            netuid, standing.moving_price_tao, standing.immune, standing.immunity_ends_block, rank, None
        )
    return found


def danger_zone(found: dict[int, Standing], size: int = DANGER_ZONE) -> list[int]:
    """Return the netuids with prune rank 1..size, nearest the cut first."""
    ranked = sorted((s.prune_rank, n) for n, s in found.items() if s.prune_rank is not None)
    return [n for rank, n in ranked if rank <= size]


@dataclass(frozen=True)
class ZoneChanges:
    """Moves across two editions: subnet lives that entered or left the danger zone, and lives deregistered."""

    entered: list[int]
    left: list[int]
    deregistered: list[int]


def zone_changes(
    previous: dict[int, int | None], previous_zone: list[int], now: dict[int, int | None], zone: list[int]
) -> ZoneChanges:
    """Compare the danger zones of two editions; `previous`/`now` map netuid to registration block (the life).

    A netuid of the previous edition that is absent now, or now has another registration block, was
    deregistered; a deregistered life is reported as such, not as having left the zone.
    """
    gone = sorted(
        n
        for n, block in previous.items()
        if n != 0 and (n not in now or (block is not None and now[n] is not None and now[n] != block))
    )
    before = set(previous_zone) - set(gone)
    return ZoneChanges(sorted(set(zone) - before), sorted(before - set(zone)), gone)
