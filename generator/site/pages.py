"""Page contexts: one documented dataclass per template, built from scorecards and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup

from generator import format as fmt
from generator.metrics import applicability, neuron_figures
from generator.metrics import units as u
from generator.metrics.scorecard import METRICS
from generator.model.snapshot import Snapshot
from generator.safety import clean_text
from generator.site import definitions  # noqa: F401  (registers the methodology entries of non-scorecard figures)
from generator.site.chart_spec import Chart
from generator.site.context import (  # noqa: F401 (page modules take these from here)
    ChartRef,
    Link,
    Meta,
    View,
    chart_ref,
    meta_for,
    notices,
    subnet_page,
    subnet_url,
)
from generator.site.definitions import ChainConstants, chain_constants

if TYPE_CHECKING:  # earned_shipped builds on this module
    from generator.model.events import EditionHistory
    from generator.site.changes import EventRow
    from generator.site.definitions import OtherTools, WordRule, ZeroInjection
    from generator.site.earned_shipped import EarnedShipped


@dataclass(frozen=True)
class Cell:
    """One figure cell: the metric it shows (for its methodology anchor and unit) and its text."""

    key: str
    value: str
    negative: bool = False
    usd: str = ""  # the USD equivalent of a TAO figure, where the edition has a TAO/USD price


@dataclass(frozen=True)
class Column:
    """A figure column header, linked to the metric's methodology entry."""

    key: str
    label: str


@dataclass(frozen=True)
class LeaderRow:
    """One subnet in the leaderboard, figures already formatted in their declared units."""

    rank: str
    netuid: int
    name: str
    symbol: str
    url: str
    cells: list[Cell]
    trend: Markup | None = None  # emission share across the editions of the subnet's life (sparkline.py)


@dataclass(frozen=True)
class IndexPage:
    """`index.html`: the network overview narrative and chart, and the leaderboard."""

    meta: Meta
    overview: list[str]
    chart: ChartRef | None
    rows: list[LeaderRow]
    root_row: LeaderRow | None
    columns: list[Column] = field(default_factory=lambda: leader_columns())
    burn: str | None = None  # the network's burned share of miner emission, one formatted line
    not_captured: str = ""  # the columns left out because no row has them (tables.py)
    currency: str = ""  # the TAO/USD price the USD figures use, "" without one (currency.py)


@dataclass(frozen=True)
class Figure:
    """One scorecard line on a profile."""

    label: str
    value: str
    simulated: bool
    key: str
    change: str = ""  # since the previous edition, "" when not comparable
    note: str = ""  # what the value does or does not include (e.g. a burn not captured)
    usd: str = ""  # the USD equivalent of a TAO figure, where the edition has a TAO/USD price


@dataclass(frozen=True)
class EarnerRow:
    """A coldkey among a subnet's top miner earners."""

    coldkey: str
    uids: int
    daily_alpha: str
    share: str
    is_owner: bool


@dataclass(frozen=True)
class NoteView:
    """An editors' note: sanitised body and its sources."""

    summary: str
    body: Markup
    sources: list[Link]
    last_reviewed: str
    reviewed_by: str


@dataclass(frozen=True)
class LifetimePay:
    """What a subnet was paid over the tracked editions (an estimate), formatted: TAO, USD and the window."""

    tao: str
    usd: str
    window: str


@dataclass(frozen=True)
class ProfilePage:
    """`subnets/<netuid>.html`: identity, scorecard, narrative, charts, earners, note, unknowns."""

    meta: Meta
    netuid: int
    name: str
    symbol: str
    identity: list[Link]
    description: str | None
    owner_hotkey: str
    owner_coldkey: str
    registered_at_block: str
    figures: list[Figure]
    narrative: list[str]
    charts: list[ChartRef]
    earners: list[EarnerRow]
    earners_simulated: bool
    note: NoteView | None
    unknowns: list[str]
    earned: EarnedShipped
    timeline: list[EventRow] = field(default_factory=list)  # newest first
    lifetime: LifetimePay | None = None  # estimated paid so far; None when unknown
    past_lives: list[str] = field(default_factory=list)  # earlier subnets on this netuid, newest first
    trends: list = field(default_factory=list)  # sparkline.Trend of emission share and price
    card_url: str = ""  # the subnet's one-page report card
    currency: str = ""  # the TAO/USD price the USD figures use, "" without one (currency.py)
    control: list[str] = field(default_factory=list)  # who runs it and its deregistration standing


@dataclass(frozen=True)
class MetricRow:
    """One metric on the methodology page (its anchor is `metric-<key>`)."""

    key: str
    label: str
    unit: str
    formula: str
    caveat: str


@dataclass(frozen=True)
class SourceRow:
    """One part of the snapshot on the methodology page: how it was obtained and from where."""

    part: str
    obtained: str
    source: str


@dataclass(frozen=True)
class MethodologyPage:
    """`methodology.html`: every metric, its formula and caveats, and where this edition's data comes from."""

    meta: Meta
    metrics: list[MetricRow]
    sources: list[SourceRow]
    emission_rule: str
    word_rules: list[WordRule] = field(default_factory=list)
    other_tools: OtherTools | None = None  # how another tool's convention reads this edition
    zero_injection: list[ZeroInjection] = field(default_factory=list)
    chain: ChainConstants = field(default_factory=chain_constants)
    pruning_rule: str = ""  # the deregistration rule as recorded, with this edition's runtime (site/risk.py)


@dataclass(frozen=True)
class ArchiveRow:
    """One edition in the archive: its link, block and number of subnets (formatted)."""

    link: Link
    block: int
    subnets: str


@dataclass(frozen=True)
class ArchivePage:
    """`archive.html`: every edition, newest first."""

    meta: Meta
    editions: list[ArchiveRow]


# Scorecard lines of a profile, in order; each is formatted by its metric's declared unit.
PROFILE_FIGURES = [
    "emission_share",
    "emission_rank",
    "tao_per_day",
    "price_tao",
    "market_cap_tao",
    "fdv_tao",
    "liquidity_tao",
    "alpha_paid_per_day",
    "tao_paid_per_day",
    "usd_paid_per_day",
    "owner_alpha_per_day",
    "miner_alpha_per_day",
    "miner_burned_fraction",
    "miner_burned_alpha_per_day",
    "validator_alpha_per_day",
    "net_flow_tao_per_day",
    "epochs_per_day",
    "miners",
    "validators",
    "earning_miners",
    "earning_miner_share",
    "measured_miner_alpha_per_day",
    "miner_gini",
    "top1_share",
    "top10_share",
    "miner_hhi",
    "effective_earners",
    "nakamoto",
    "owner_capture",
    "slots_used",
    "registration_cost_tao",
    "age_days",
]
# Figure columns of the leaderboard, after rank, netuid, name and symbol.
LEADERBOARD_FIGURES = [
    "emission_share",
    "tao_per_day",
    "price_tao",
    "market_cap_tao",
    "miners",
    "earning_miners",
    "miner_gini",
    "net_flow_tao_per_day",
    "miner_burned_fraction",
]
# figures that are amounts before any burn where the edition did not capture it
BURN_DEPENDENT = {"alpha_paid_per_day", "tao_paid_per_day", "usd_paid_per_day", "miner_alpha_per_day"}
NEURON_DERIVED = neuron_figures.SCORECARD_FIELDS  # tagged `simulated` where the neuron tables are


def simulated_fields(snapshot: Snapshot) -> list[str]:
    """Name the scorecard fields computed from a simulated part of the snapshot (sorted)."""
    part = snapshot.provenance.parts.get("neurons")
    return sorted(NEURON_DERIVED) if part is not None and part.obtained == "simulated" else []


def formatted(key: str, value: object) -> str:
    """Format a figure in its metric's declared unit (the one place cells are formatted)."""
    return METRICS[key].unit.format(value)


def leader_columns() -> list[Column]:
    """The leaderboard's figure columns, labelled as their metrics."""
    return [Column(key, METRICS[key].label) for key in LEADERBOARD_FIGURES]


def leader_row(card: pd.Series, home: str) -> LeaderRow:
    """Format one scorecard row for the leaderboard of a page whose view starts at `home`."""
    cells = [
        Cell(key, shown(key, card), bool(pd.notna(card[key]) and key == "net_flow_tao_per_day" and card[key] < 0))
        for key in LEADERBOARD_FIGURES
    ]
    return LeaderRow(
        rank=shown("emission_rank", card),
        netuid=int(card["netuid"]),
        name=clean_text(card["name"], 40) or "unnamed",
        symbol=clean_text(card["symbol"], 8) or "",
        url=subnet_url(int(card["netuid"]), home),
        cells=cells,
    )


def network_burn_line(burn: dict) -> str:
    """Say how much of all miners' alpha the network burns (unknown when any subnet's burn is)."""
    if fmt.is_unknown(burn["miner_burned_share"]):
        return "Miner emission burned: unknown in this edition (the burn is not captured for every subnet)."
    return (
        f"Miner emission burned: {fmt.pct(burn['miner_burned_share'])} of the miners' alpha "
        f"({fmt.alpha(burn['miner_burned_alpha_per_day'])} of {fmt.alpha(burn['miner_alpha_before_burn_per_day'])} "
        "a day), paid to no one."
    )


def figures(card: pd.Series, simulated_neurons: bool) -> list[Figure]:
    """List a subnet's scorecard, each figure formatted in its unit, marked when simulated."""
    figures = []
    for key in PROFILE_FIGURES:
        reason = absent_reason(key, card)
        figures.append(
            Figure(
                label=METRICS[key].label,
                value=shown(key, card),
                simulated=simulated_neurons and key in NEURON_DERIVED,
                key=key,
                note=reason if applicability.not_applicable(reason) else _figure_note(key, card),
            )
        )
    return figures


NOT_APPLICABLE = u.NOT_APPLICABLE


def absent_reason(key: str, card: pd.Series) -> str | None:
    """Return why a figure is absent (its reason column), or None."""
    column = (
        "price_reason"
        if key in applicability.PRICE_FIGURES
        else "emission_rank_reason"
        if key == "emission_rank"
        else None
    )
    reason = card.get(column) if column else None
    return reason if isinstance(reason, str) else None


def shown(key: str, card: pd.Series) -> str:
    """Format a figure in its unit, or "—" where it does not apply."""
    return NOT_APPLICABLE if applicability.not_applicable(absent_reason(key, card)) else formatted(key, card[key])


def _figure_note(key: str, card: pd.Series) -> str:
    """Qualify a figure that the edition's data only bounds (pay before a burn that is not captured)."""
    if fmt.is_unknown(card[key]):
        return ""
    if key in BURN_DEPENDENT and not bool(card.get("burn_captured", True)):
        return "before any burn: the burn is not captured in this edition"
    if key == "tao_per_day" and not bool(card.get("excess_captured", True)):
        return "tao_in_emission only: excess TAO is not captured in this edition"
    return ""


def unknowns(card: pd.Series, snapshot: Snapshot) -> list[str]:
    """Name what is unknown for this subnet in this edition (never shown as zero)."""
    missing = [
        METRICS[key].label
        for key in PROFILE_FIGURES
        if pd.isna(card[key]) and not applicability.not_applicable(absent_reason(key, card))
    ]
    if snapshot.doc.price_usd is None:
        missing.append("TAO/USD price (not captured in this edition)")
    if snapshot.doc.code_activity is None:
        missing.append("code activity (not captured in this edition)")
    return missing


def metric_rows() -> list[MetricRow]:
    """Every metric for the methodology page, in registry order."""
    return [MetricRow(m.key, m.label, m.unit.name, m.formula, m.caveat) for m in METRICS.values()]


def describe_parts(snapshot: Snapshot) -> list[SourceRow]:
    """List each part of the snapshot, how it was obtained and its source, for the methodology page."""
    return [SourceRow(name, part.obtained, part.source) for name, part in sorted(snapshot.provenance.parts.items())]


@dataclass(frozen=True)
class PageSpec:
    """One page to write: the template it renders and the page dataclass it renders from."""

    template: str
    page: object  # one of the page dataclasses (IndexPage, ProfilePage, ...): its fields are the template's names


@dataclass
class EditionPages:
    """Everything one view of an edition renders: its pages by path, its charts, records and history."""

    pages: dict[str, PageSpec] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)  # stored in the edition's folder
    latest_charts: list[Chart] = field(default_factory=list)  # the latest view's own, stored at the top level
    paid: dict = field(default_factory=dict)  # each subnet's pay over the tracked editions (metrics.pay.lifetime_paid)
    records: list[dict] = field(default_factory=list)
    history: EditionHistory = field(kw_only=True)  # this edition's events and facts
    api: dict[str, str] = field(default_factory=dict)  # extra API documents of the edition, by path
