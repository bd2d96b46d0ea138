"""Page contexts for "Earned vs shipped": the profile section and `accountability.html`."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator import format as fmt
from generator.metrics import ledger as accountability
from generator.metrics import units
from generator.metrics.ledger import FLAG_LABELS, FLAGS, Account, CategoryTotal
from generator.model.snapshot import Snapshot
from generator.notes import directory
from generator.notes.model import CATEGORIES, STALE_AFTER_DAYS, STATUS_LABELS, STATUSES, Note
from generator.safety import safe_url
from generator.site.context import Link, Meta, View, meta_for, subnet_url

NO_NOTE = "not reviewed yet"


@dataclass(frozen=True)
class UsageView:
    """A product's usage figure with its source and as-of date."""

    figure: str
    source: Link
    as_of: str


@dataclass(frozen=True)
class ProductView:
    """A product a note lists."""

    link: Link
    kind: str
    launched: str
    usage: list[UsageView]


@dataclass(frozen=True)
class EvidenceView:
    """A dated, sourced claim."""

    claim: str
    source: Link
    date: str


@dataclass(frozen=True)
class EarnedShipped:
    """A profile's "Earned vs shipped" section, every figure formatted."""

    window: str
    paid_tao: str
    paid_owner: str
    paid_miners: str
    paid_validators: str
    paid_usd: str
    status: str
    category: str
    products: list[ProductView]
    evidence: list[EvidenceView]
    code: str
    freshness: str
    stale: bool
    flags: list[str]
    burn_note: str = ""  # which editions of the window count miners' pay before a burn not captured
    category_source: Link | None = None  # the directory's address, when the category is its fallback


@dataclass(frozen=True)
class AccountRow:
    """One subnet on the accountability page."""

    rank: str
    netuid: int
    name: str
    url: str
    share: str
    tao_per_day: str
    paid_window: str
    status: str
    category: str
    reviewed: str
    flags: list[tuple[str, str]]


@dataclass(frozen=True)
class FlagSection:
    """The subnets raising one flag, with the flag's rule."""

    key: str
    label: str
    rule: str
    rows: list[AccountRow]


@dataclass(frozen=True)
class CategoryRow:
    """One category of the roll-up: subnets, emission share, share per delivery status."""

    category: str
    subnets: int
    share: str
    cells: list[str]


@dataclass(frozen=True)
class AccountabilityPage:
    """`accountability.html`: every subnet's pay against delivery, one section per flag, and a roll-up."""

    meta: Meta
    window: str
    rows: list[AccountRow]
    sections: list[FlagSection]
    statuses: list[tuple[str, str]]
    status_columns: list[str]
    categories: list[CategoryRow]
    total: CategoryRow  # the roll-up's sum: every subnet once
    directory: Link  # where the fallback categories come from
    stale_after_days: int


def window_text(account: Account) -> str:
    """Describe a subnet's tracked window."""
    paid = account.paid
    if paid.editions < 2:
        return f"only one edition ({paid.last_edition}) so far: the amount paid over time is unknown"
    if paid.known_days == 0:
        return "fewer than two editions have a known rate, so the amount is unknown"
    span = fmt.window(paid.known_first, paid.known_last, paid.known_days)
    if paid.known_days == paid.days:
        return span
    return (
        f"{span}: the span with a known rate; tracked editions without a rate are left out at the ends "
        "and bridged by a straight line between known ones, never counted as 0"
    )


def status_text(status: str | None) -> str:
    """Label a delivery status (no note: not reviewed yet)."""
    return NO_NOTE if status is None else f"{STATUS_LABELS[status]} ({status})"


def freshness_text(account: Account) -> str:
    """Say how old the note is at the edition date."""
    fresh = account.freshness
    if fresh is None:
        return "no note: not reviewed yet"
    reviewed = fresh.last_reviewed.isoformat()
    if fresh.age_days < 0:
        return f"reviewed {reviewed}, after this edition's block date"
    state = f"stale (older than {STALE_AFTER_DAYS} days)" if fresh.stale else "fresh"
    return f"reviewed {reviewed}, {fresh.age_days} days before this edition: {state}"


def _product(product) -> ProductView:
    """Format one product of a note."""
    usage = [UsageView(u.figure, Link("source", safe_url(str(u.source))), u.as_of.isoformat()) for u in product.usage]
    launched = product.launched.isoformat() if product.launched else "unknown"
    return ProductView(Link(product.name, safe_url(str(product.url))), product.kind, launched, usage)


def earned_shipped(account: Account, note: Note | None) -> EarnedShipped:
    """Format a subnet's account (and the note behind it) for its profile."""
    meta = note.meta if note else None
    paid = account.paid
    return EarnedShipped(
        window=window_text(account),
        paid_tao=fmt.tao(paid.tao),
        paid_owner=fmt.tao(paid.owner_tao),
        paid_miners=fmt.tao(paid.miners_tao),
        paid_validators=fmt.tao(paid.validators_tao),
        paid_usd=fmt.usd(paid.usd) if not fmt.is_unknown(paid.usd) else "unknown (no TAO/USD price for the window)",
        status=status_text(account.status),
        category=category_text(account),
        products=[_product(p) for p in meta.products] if meta else [],
        evidence=[
            EvidenceView(e.claim, Link(str(e.source), safe_url(str(e.source))), e.date.isoformat())
            for e in meta.evidence
        ]
        if meta
        else [],
        code=account.code,
        freshness=freshness_text(account),
        stale=bool(account.freshness and account.freshness.stale),
        flags=[FLAG_LABELS[key] for key in account.flags],
        burn_note=burn_note(paid.burn_unknown),
        category_source=directory_link() if account.category_from_directory else None,
    )


def burn_note(editions: tuple[str, ...]) -> str:
    """Say which editions of the window lack the miner burn, so their miners' pay is before any burn."""
    if not editions:
        return ""
    return (
        f"Miner emission burned is not captured in {', '.join(editions)}: there, the miners' pay (and the "
        "total) is the amount before any burn."
    )


def account_row(account: Account) -> AccountRow:
    """Format one subnet for the accountability tables."""
    fresh = account.freshness
    return AccountRow(
        rank=fmt.count(account.rank),
        netuid=account.netuid,
        name=account.name,
        url=subnet_url(account.netuid),  # the page sits at its view's root
        share=fmt.pct(account.share),
        tao_per_day=units.TAO_PER_DAY.format(account.tao_paid_per_day),
        paid_window=fmt.tao(account.paid.tao),
        status=NO_NOTE if account.status is None else account.status,
        category=category_text(account),
        reviewed="—" if fresh is None else _reviewed(fresh),
        flags=[(key, FLAG_LABELS[key]) for key in account.flags],
    )


def _reviewed(fresh: accountability.Freshness) -> str:
    """Format a note's review date and age for a table cell."""
    if fresh.age_days < 0:
        return f"{fresh.last_reviewed.isoformat()} (after this edition)"
    return f"{fresh.last_reviewed.isoformat()} ({fresh.age_days} d{', stale' if fresh.stale else ''})"


def _category_row(total: CategoryTotal) -> CategoryRow:
    """Format one category of the roll-up."""
    keys: list[str | None] = [key for key, _ in STATUSES] + [None]
    cells = [fmt.pct(total.share_by_status[key]) if key in total.share_by_status else "—" for key in keys]
    return CategoryRow(total.category, total.subnets, fmt.pct(total.share), cells)


def accountability_page(
    meta: Meta, accounts: dict[int, Account], totals: list[CategoryTotal], window: str
) -> AccountabilityPage:
    """Build `accountability.html`: subnets by emission rank (unknown rank last), flags, roll-up."""
    ordered = sorted(accounts.values(), key=lambda a: (a.rank is None, a.rank or 0, a.netuid))
    rows = [account_row(a) for a in ordered]
    sections = [
        FlagSection(flag.key, flag.label, flag.rule, [row for row in rows if flag.key in dict(row.flags)])
        for flag in FLAGS
    ]
    return AccountabilityPage(
        meta=meta,
        window=window,
        rows=rows,
        sections=sections,
        statuses=list(STATUSES),
        status_columns=[key for key, _ in STATUSES] + [NO_NOTE],
        categories=[_category_row(t) for t in totals],
        total=_category_row(accountability.rollup_total(totals)),
        directory=directory_link(),
        stale_after_days=STALE_AFTER_DAYS,
    )


def edition_accounts(
    snapshot: Snapshot, records: list[dict], earlier: list, notes: dict[int, Note]
) -> dict[int, Account]:
    """Compute every subnet's account in one edition, from it and the editions before it."""
    points = [
        accountability.EditionPoint(r.edition_id, r.block, {int(x["netuid"]): x for x in r.records}) for r in earlier
    ]
    prov = snapshot.provenance
    points.append(accountability.EditionPoint(snapshot.edition_id, prov.block, {int(x["netuid"]): x for x in records}))
    facts = {
        n: accountability.NoteFacts(note.meta.status, note.meta.category, note.meta.last_reviewed)
        for n, note in notes.items()
    }
    accounts = accountability.ledger(
        records, points, facts, prov.block_timestamp.date(), snapshot.doc.code_activity, prov.block_time_seconds
    )
    by_netuid = {int(x["netuid"]): x for x in records}
    return {n: _with_directory(account, by_netuid.get(n, {})) for n, account in accounts.items()}


def _with_directory(account: Account, record: dict) -> Account:
    """Give a subnet the directory's category for its life, or the reason it has none (a note still wins)."""
    found = directory.match_for(account.netuid, record.get("registered_at_block"), record.get("name"))
    if found.reason is not None:
        return replace(account, no_category_reason=found.reason.label)
    return replace(account, directory_category=found.fact.category if found.fact else None)


def directory_link() -> Link:
    """Link to the directory the fallback categories and teams come from."""
    return Link(f"the public directory of {directory.DIRECTORY_DATE}", safe_url(directory.directory_source()))


def category_text(account: Account) -> str:
    """Show a category, marking the directory's fallback with its date (never as an editor's review)."""
    if account.category_from_directory:
        return f"{account.category} (from the directory, {directory.DIRECTORY_DATE})"
    return account.category


def page_for(snapshot: Snapshot, view: View, accounts: dict[int, Account], earlier: list) -> AccountabilityPage:
    """Build the accountability page of one view of an edition."""
    meta = meta_for(snapshot, view, "accountability.html", "Earned vs shipped")
    editions = [r.edition_id for r in earlier] + [snapshot.edition_id]
    window = f"{editions[0]} to {editions[-1]} ({len(editions)} edition{'s' if len(editions) > 1 else ''})"
    reasons = [reason.label for reason in directory.REASONS]
    totals = accountability.rollup(accounts, CATEGORIES, [key for key, _ in STATUSES], reasons)
    return accountability_page(meta, accounts, totals, window)
