"""Earned vs shipped: what the network paid each subnet over the tracked window, against delivery.

Everything here is computed once per edition (`ledger`) from scorecard records, notes and the
snapshot's code activity; profile sections and `accountability.html` only format it. Unknown stays
unknown (NaN or None), never 0. Staleness is measured at the edition's block date, never the wall clock.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import SupportsFloat, SupportsIndex

from generator.constants import STALE_AFTER_DAYS
from generator.metrics.pay import block_day, known_span, paid_over_window
from generator.model import lives
from generator.model.schema import RepoActivity

# "Paid a lot": at least 1 % of all TAO injected, or among the 20 largest emitters.
PAID_A_LOT_SHARE = 0.01
PAID_A_LOT_RANK = 20
# "Modest pay": under 0.5 % of all TAO injected.
MODEST_PAY_SHARE = 0.005
NOT_VERIFIED = ("research", "nothing_verifiable", "inactive")
SHIPPING = ("shipping_public", "shipping_limited")
UNREVIEWED = "unreviewed"


@dataclass(frozen=True)
class Flag:
    """A contrast a reader can filter the accountability page on."""

    key: str
    label: str
    rule: str


FLAGS = (
    Flag(
        "paid_no_delivery",
        "Paid a lot, no verified delivery",
        f"emission share ≥ {PAID_A_LOT_SHARE:.0%} or emission rank ≤ {PAID_A_LOT_RANK}, and the note's "
        f"delivery status is {', '.join(NOT_VERIFIED)} (a subnet without a note is flagged 'no note yet' instead)",
    ),
    Flag(
        "modest_pay_shipping",
        "Shipping on modest pay",
        f"emission share < {MODEST_PAY_SHARE:.1%} and the note's delivery status is {' or '.join(SHIPPING)}",
    ),
    Flag(
        "placeholder_identity",
        "Placeholder identity",
        "the on-chain identity reads like a placeholder (see 'Placeholder identity' above)",
    ),
    Flag(
        "stale_note",
        "Note stale",
        f"the note was last reviewed more than {STALE_AFTER_DAYS} days before the edition's block date",
    ),
    Flag("no_note", "No note yet", "no editor has reviewed this subnet: delivery is unknown, not zero"),
)
FLAG_LABELS = {flag.key: flag.label for flag in FLAGS}


@dataclass(frozen=True)
class EditionPoint:
    """One edition as the window sees it: id, block and the scorecard records by netuid."""

    edition_id: str
    block: int
    records: dict[int, dict]


@dataclass(frozen=True)
class Paid:
    """What a subnet was paid over its tracked window (an estimate; NaN = unknown)."""

    first_edition: str | None
    last_edition: str | None
    editions: int
    days: float
    known_days: float
    tao: float
    owner_tao: float
    miners_tao: float
    validators_tao: float
    usd: float
    known_first: str | None = None  # first and last edition with a known rate: the span covered
    known_last: str | None = None
    burn_unknown: tuple[str, ...] = ()  # editions with a known rate in the window whose miner burn is not captured


def _rate(record: dict, key: str) -> float | None:
    """Return a per-day TAO (or USD) rate from a scorecard record; alpha splits are valued at p."""
    if key in ("tao_paid_per_day", "usd_paid_per_day"):
        return record.get(key)
    alpha, price = record.get(key), record.get("price_tao")
    return None if alpha is None or price is None else alpha * price


def _unknown_as_nan(value: float | None) -> float:
    return math.nan if value is None else value


def tracked_window(points: list[EditionPoint], netuid: int) -> list[EditionPoint]:
    """Return the latest unbroken run of editions (oldest first) in which the subnet appears in its current life."""
    run: list[EditionPoint] = []
    for point in reversed(points):
        if netuid not in point.records:
            break
        run.insert(0, point)
    alive = lives.current_run([(p.block, p.records[netuid].get("registered_at_block")) for p in run])
    return run[len(run) - alive :]


def paid(points: list[EditionPoint], netuid: int, block_time_seconds: float) -> Paid:
    """Integrate a subnet's paid-per-day rates over its tracked window."""
    window = tracked_window(points, netuid)
    days = [block_day(p.block, block_time_seconds) for p in window]
    rows = [p.records[netuid] for p in window]
    totals = {
        key: _unknown_as_nan(paid_over_window(list(zip(days, [_rate(r, key) for r in rows]))))
        for key in (
            "tao_paid_per_day",
            "owner_alpha_per_day",
            "miner_alpha_per_day",
            "validator_alpha_per_day",
            "usd_paid_per_day",
        )
    }
    return Paid(
        first_edition=window[0].edition_id if window else None,
        last_edition=window[-1].edition_id if window else None,
        editions=len(window),
        days=days[-1] - days[0] if window else 0.0,
        known_days=known_span(list(zip(days, [_rate(r, "tao_paid_per_day") for r in rows]))),
        tao=totals["tao_paid_per_day"],
        owner_tao=totals["owner_alpha_per_day"],
        miners_tao=totals["miner_alpha_per_day"],
        validators_tao=totals["validator_alpha_per_day"],
        usd=totals["usd_paid_per_day"],
        known_first=next(
            (p.edition_id for p, r in zip(window, rows) if _rate(r, "tao_paid_per_day") is not None), None
        ),
        known_last=next(
            (
                p.edition_id
                for p, r in zip(reversed(window), reversed(rows))
                if _rate(r, "tao_paid_per_day") is not None
            ),
            None,
        ),
        burn_unknown=tuple(
            p.edition_id
            for p, r in zip(window, rows)
            if r.get("burn_captured") is False and r.get("tao_paid_per_day") is not None
        ),
    )


@dataclass(frozen=True)
class Freshness:
    """How old a note is at the edition's block date."""

    last_reviewed: dt.date
    age_days: int
    stale: bool


@dataclass(frozen=True)
class NoteFacts:
    """What the ledger needs of an editors' note: plain facts, so the figures never depend on the notes stage."""

    status: str
    category: str
    last_reviewed: dt.date


def note_age_days(last_reviewed: dt.date, on: dt.date) -> int:
    """edition block date − last_reviewed, in days (negative when reviewed after the edition)"""
    return (on - last_reviewed).days


def freshness(note: NoteFacts | None, edition_date: dt.date) -> Freshness | None:
    """Age a note at the edition date (None without a note)."""
    if note is None:
        return None
    age = note_age_days(note.last_reviewed, edition_date)
    return Freshness(note.last_reviewed, age, age > STALE_AFTER_DAYS)


def code_summary(activity: dict[int, RepoActivity] | None, netuid: int) -> str:
    """Describe a subnet's captured code activity, or say it is unknown."""
    repo = None if activity is None else activity.get(netuid)
    if repo is None:
        return "unknown: not captured"
    if repo.status != "ok":
        return f"unknown: {repo.repo} could not be read ({repo.status.replace('_', ' ')})"

    def known(value: object) -> str:
        return "unknown" if value is None else str(value)

    push = repo.last_push.date().isoformat() if repo.last_push else "unknown"
    return (
        f"{repo.repo}: {known(repo.commits_30d)} commits in 30 days, {known(repo.commits_90d)} in 90 days, "
        f"{known(repo.authors_90d)} authors in 90 days, last push {push}"
    )


def flags(share: float, rank: int | None, status: str | None, placeholder: bool, stale: bool) -> list[str]:
    """Return the keys of the flags a subnet raises (unknown share or rank raises no pay flag)."""
    share_known = share is not None and not math.isnan(share)
    paid_a_lot = (share_known and share >= PAID_A_LOT_SHARE) or (rank is not None and rank <= PAID_A_LOT_RANK)
    raised = {
        "paid_no_delivery": paid_a_lot and status in NOT_VERIFIED,
        "modest_pay_shipping": share_known and share < MODEST_PAY_SHARE and status in SHIPPING,
        "placeholder_identity": placeholder,
        "stale_note": status is not None and stale,
        "no_note": status is None,
    }
    return [flag.key for flag in FLAGS if raised[flag.key]]


@dataclass(frozen=True)
class Account:
    """One subnet's earned-vs-shipped record in one edition."""

    netuid: int
    name: str
    share: float
    rank: int | None
    tao_paid_per_day: float
    paid: Paid
    note: NoteFacts | None
    freshness: Freshness | None
    code: str
    flags: list[str]
    # a dated directory's category (generator/notes/directory.py), used only without a note
    directory_category: str | None = None
    # without either, the stated reason the subnet has no category (the roll-up counts it under it)
    no_category_reason: str | None = None

    @property
    def status(self) -> str | None:
        """Return the note's delivery status key, or None when there is no note."""
        return None if self.note is None else self.note.status

    @property
    def category(self) -> str:
        """Return the note's category (it always wins), else the directory's, else why there is none."""
        if self.note is not None:
            return self.note.category
        return self.directory_category or self.no_category_reason or UNREVIEWED

    @property
    def category_from_directory(self) -> bool:
        """Return True when the category is the directory's fallback, not an editor's review."""
        return self.note is None and self.directory_category is not None


def _known(value: object) -> float:
    """Return a float, NaN for None/NA."""
    if not isinstance(value, (str, bytes, SupportsFloat, SupportsIndex)):  # None, and what float() refuses
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def ledger(
    records: list[dict],
    points: list[EditionPoint],
    notes: dict[int, NoteFacts],
    edition_date: dt.date,
    activity: dict[int, RepoActivity] | None,
    block_time_seconds: float,
) -> dict[int, Account]:
    """Build every subnet's account for one edition (root excluded), keyed by netuid."""
    accounts = {}
    for record in records:
        if record["is_root"]:
            continue
        netuid, note = int(record["netuid"]), notes.get(int(record["netuid"]))
        fresh = freshness(note, edition_date)
        share, rank = _known(record["emission_share"]), record["emission_rank"]
        status = None if note is None else note.status
        accounts[netuid] = Account(
            netuid=netuid,
            name=record["name"],
            share=share,
            rank=rank,
            tao_paid_per_day=_known(record["tao_paid_per_day"]),
            paid=paid(points, netuid, block_time_seconds),
            note=note,
            freshness=fresh,
            code=code_summary(activity, netuid),
            flags=flags(share, rank, status, bool(record["placeholder_identity"]), bool(fresh and fresh.stale)),
        )
    return accounts


@dataclass(frozen=True)
class CategoryTotal:
    """One category's subnets and emission share, split by delivery status (None = no note)."""

    category: str
    subnets: int
    share: float
    share_by_status: dict[str | None, float]


def rollup(
    accounts: dict[int, Account], categories: Sequence[str], statuses: Sequence[str], reasons: Sequence[str] = ()
) -> list[CategoryTotal]:
    """Sum emission share per category and delivery status, then per reason for having none: every subnet once."""
    seen = {a.category for a in accounts.values()}
    listed = (*categories, *reasons, UNREVIEWED)
    totals = []
    for category in (*listed, *sorted(seen - set(listed))):
        members = [a for a in accounts.values() if a.category == category]
        if not members:
            continue
        by_status = {
            status: sum(a.share for a in members if a.status == status)
            for status in (*statuses, None)
            if any(a.status == status for a in members)
        }
        totals.append(CategoryTotal(category, len(members), sum(a.share for a in members), by_status))
    return totals


def rollup_total(totals: list[CategoryTotal]) -> CategoryTotal:
    """Add up the roll-up's rows: every subnet counted once, Σ emission share overall and per delivery status."""
    by_status: dict[str | None, float] = {}
    for total in totals:
        for status, share in total.share_by_status.items():
            by_status[status] = by_status.get(status, 0.0) + share
    return CategoryTotal("all subnets", sum(t.subnets for t in totals), sum(t.share for t in totals), by_status)
