"""A subnet's one-page report card (`subnets/<netuid>-card.html`): the profile's essentials on one A4 page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.site.context import Link, Meta
from generator.site.earned_shipped import EarnedShipped
from generator.site.pages import Figure, ProfilePage
from generator.site.sparkline import Trend

# the scorecard lines a card keeps, in the profile's order
CARD_FIGURES = [
    "emission_share",
    "emission_rank",
    "tao_per_day",
    "price_tao",
    "market_cap_tao",
    "tao_paid_per_day",
    "usd_paid_per_day",
    "miner_burned_fraction",
    "miners",
    "validators",
    "miner_gini",
    "nakamoto",
    "owner_capture",
    "age_days",
]
MAX_SOURCES = 6  # the rest are on the profile; the card stays on one page
MAX_SUMMARY = 300


@dataclass(frozen=True)
class ReportCardPage:
    """`subnets/<netuid>-card.html`: identity, key figures, trend, earned vs shipped, the note's summary."""

    meta: Meta
    netuid: int
    name: str
    symbol: str
    owner_coldkey: str
    registered_at_block: str
    figures: list[Figure]
    trends: list[Trend]
    earned: EarnedShipped
    summary: str | None
    reviewed: str | None
    sources: list[Link]
    more_sources: int
    profile_url: str
    currency: str


def card_for(profile: ProfilePage, meta: Meta) -> ReportCardPage:
    """Build a report card from the subnet's finished profile context."""
    keep = set(CARD_FIGURES)
    note = profile.note
    sources = note.sources if note else []
    summary = note.summary if note else None
    if summary and len(summary) > MAX_SUMMARY:
        summary = summary[: MAX_SUMMARY - 1].rstrip() + "…"
    return ReportCardPage(
        meta=meta,
        netuid=profile.netuid,
        name=profile.name,
        symbol=profile.symbol,
        owner_coldkey=profile.owner_coldkey,
        registered_at_block=profile.registered_at_block,
        figures=[f for f in profile.figures if f.key in keep],
        trends=profile.trends,
        earned=profile.earned,
        summary=summary,
        reviewed=f"{note.last_reviewed} by {note.reviewed_by}" if note else None,
        sources=sources[:MAX_SOURCES],
        more_sources=max(0, len(sources) - MAX_SOURCES),
        profile_url=f"{profile.netuid}.html",
        currency=profile.currency,
    )
