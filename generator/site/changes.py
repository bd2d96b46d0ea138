"""The "What changed" and "Lifetime paid" pages, and the change shown next to each profile figure."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from generator import format as fmt
from generator.metrics.changes import changes
from generator.metrics.pay import LifetimePaid
from generator.metrics.scorecard import METRICS
from generator.model.events import KINDS, Event
from generator.safety import clean_text
from generator.site.context import Meta, subnet_url

MOVERS = 10
KIND_LABELS = {
    "appeared": "New subnets",
    "reregistered": "Re-registered (new owner of the netuid)",
    "disappeared": "Subnets that disappeared",
    "owner_changed": "Owner coldkey changed (sold)",
    "identity_changed": "Identity changed",
    "hyperparameter_changed": "Hyperparameters changed",
    "note_added": "Editors' notes added",
    "note_revised": "Editors' notes revised",
}
# figures whose change is shown in points (shares) rather than percent
POINT_FIGURES = {"emission_share", "earning_miner_share", "top1_share", "top10_share", "owner_capture", "slots_used"}
NO_CHANGE_FIGURES = {"emission_rank", "age_days"}
# figures whose change is an absolute difference: signed flows and unitless indices
ABSOLUTE_FIGURES = {"net_flow_tao_per_day", "miner_gini", "miner_hhi"}


@dataclass(frozen=True)
class EventRow:
    """One event as a page lists it."""

    edition: str
    netuid: int
    name: str
    url: str
    text: str


@dataclass(frozen=True)
class EventGroup:
    """The events of one kind."""

    label: str
    rows: list[EventRow]


@dataclass(frozen=True)
class MoverRow:
    """One subnet among the biggest movers: the subnet, its change and the figure now, formatted."""

    subnet: EventRow
    change: str
    now: str


@dataclass(frozen=True)
class MoverTable:
    """The subnets that moved most on one figure."""

    title: str
    rows: list[MoverRow]
    change_key: str = ""  # the metrics of the change and of the value now (methodology anchors, units)
    value_key: str = ""


@dataclass(frozen=True)
class ChangesPage:
    """`changes.html`: the events and biggest movers since the previous edition."""

    meta: Meta
    previous: str | None
    groups: list[EventGroup]
    movers: list[MoverTable]
    risk: list[str] = field(default_factory=list)  # danger-zone moves (generator/site/risk.py)


@dataclass(frozen=True)
class LifetimeRow:
    """One subnet in the lifetime-paid ranking."""

    rank: int
    netuid: int
    name: str
    url: str
    tao: str
    usd: str
    editions: int
    window: str


@dataclass(frozen=True)
class LifetimePage:
    """`lifetime.html`: estimated TAO and USD paid to each subnet over the tracked editions."""

    meta: Meta
    editions: int
    rows: list[LifetimeRow]
    usd_known: bool = True  # False: no row has a USD figure, so the column is left out (tables.py)
    not_captured: str = ""


def _row(event: Event, names: dict[int, str], home: str) -> EventRow:
    return EventRow(
        event.edition,
        event.netuid,
        names.get(event.netuid, "unnamed"),
        subnet_url(event.netuid, home),
        event.text,
    )


def event_groups(events: list[Event], names: dict[int, str], home: str) -> list[EventGroup]:
    """Group events by kind, most important kind first."""
    return [
        EventGroup(KIND_LABELS[kind], [_row(e, names, home) for e in events if e.kind == kind])
        for kind in KINDS
        if any(e.kind == kind for e in events)
    ]


def _movers(cards: pd.DataFrame, moves: pd.DataFrame, home: str, column: str, title: str, value: str) -> MoverTable:
    """Rank subnets by the absolute size of one change."""
    moved = moves[column].dropna()
    moved = moved[moved != 0]
    order = moved.abs().sort_values(ascending=False, kind="stable").head(MOVERS).index
    rows = [
        MoverRow(
            EventRow("", int(n), clean_text(cards.loc[n, "name"], 40) or "unnamed", subnet_url(int(n), home), ""),
            METRICS[column].unit.format(moved[n]),
            METRICS[value].unit.format(cards.loc[n, value]),
        )
        for n in order
    ]
    return MoverTable(title, rows, column, value)


def mover_tables(
    cards: pd.DataFrame, previous: pd.DataFrame | None, home: str, previous_block: int | None = None
) -> list[MoverTable]:
    """The biggest moves in emission share, price, market cap and rank (within each subnet's life)."""
    if previous is None:
        return []
    subnets = cards[~cards["is_root"].astype(bool)]
    moves = changes(subnets, previous, previous_block)
    return [
        _movers(subnets, moves, home, "share_change_points", "Emission share (points)", "emission_share"),
        _movers(subnets, moves, home, "price_change_pct", "Price (%)", "price_tao"),
        _movers(subnets, moves, home, "market_cap_change_pct", "Market cap (%)", "market_cap_tao"),
        _movers(subnets, moves, home, "rank_change", "Emission rank (places; positive = up)", "emission_rank"),
    ]


def absolute_change(key: str, now: float, before: float) -> str:
    """Format `now − before` signed, in the figure's own unit: `+12.30 TAO/day`, `-0.012`."""
    difference = now - before
    text = METRICS[key].unit.format(abs(difference))
    return "0" if difference == 0 else f"{'+' if difference > 0 else '-'}{text}"


def figure_change(key: str, card: pd.Series, prior: pd.Series | None) -> str:
    """Format one figure's change since the previous edition ("" when not comparable).

    Shares change in points; a value that is or was negative (net TAO flow) and a unitless index
    change by their absolute difference, never a percentage of a negative or sign-changing base.
    """
    if prior is None or key in NO_CHANGE_FIGURES:
        return ""
    now_value, before_value = card[key], prior[key]  # each looked up once: a profile asks for every figure
    if fmt.is_unknown(now_value) or fmt.is_unknown(before_value):
        return ""
    now, before = float(now_value), float(before_value)
    if key in POINT_FIGURES:
        return fmt.points((now - before) * 100)
    if key in ABSOLUTE_FIGURES or now < 0 or before < 0:
        return absolute_change(key, now, before)
    if before == 0:
        return "" if now == 0 else "new"
    return fmt.signed_pct((now / before - 1) * 100)


def events_sentence(events: list[Event], names: dict[int, str]) -> str | None:
    """Summarise the most important events of an edition in one sentence for the overview."""
    counts = {kind: [e for e in events if e.kind == kind] for kind in KINDS}
    parts = []
    for kind, phrase in (
        ("appeared", "new"),
        ("reregistered", "re-registered"),
        ("disappeared", "gone"),
        ("owner_changed", "changed owner"),
    ):
        found = counts[kind]
        if found:
            listed = ", ".join(f"SN{e.netuid} {names.get(e.netuid, '')}".strip() for e in found[:3])
            more = f" and {len(found) - 3} more" if len(found) > 3 else ""
            parts.append(f"{phrase}: {listed}{more}")
    renamed = len({e.netuid for e in counts["identity_changed"]})
    if renamed:
        parts.append(f"{renamed} subnet{'s' if renamed > 1 else ''} changed identity")
    if not parts:
        return None
    return "Since the previous edition, " + "; ".join(parts) + " (see what changed)."


def lifetime_rows(paid: dict[int, LifetimePaid], home: str) -> list[LifetimeRow]:
    """Rank subnets by estimated TAO paid over the tracked window (unknown last)."""
    ordered = sorted(paid.values(), key=lambda p: (p.tao is None, -(p.tao or 0.0), p.netuid))
    return [
        LifetimeRow(
            i,
            p.netuid,
            clean_text(p.name, 40) or "unnamed",
            subnet_url(p.netuid, home),
            fmt.tao(p.tao),
            fmt.usd(p.usd),
            p.editions,
            fmt.window(p.first, p.last, p.days),
        )
        for i, p in enumerate(ordered, start=1)
    ]
