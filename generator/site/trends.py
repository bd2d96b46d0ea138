"""What issue 11's trends and money add to page contexts: sparklines, USD equivalents, report cards."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
from markupsafe import Markup

from generator.model.snapshot import Snapshot
from generator.site import changes as ch
from generator.site import pages as pg
from generator.site import report_card, sparkline, tables
from generator.site.currency import price_line, with_usd


def leader_row(card: pd.Series, share: Markup, tao_usd: float | None, home: str) -> pg.LeaderRow:
    """A leaderboard row with its emission-share sparkline (`sparkline.sparkline`) and USD equivalents."""
    row = pg.leader_row(card, home)
    return replace(row, trend=share, cells=with_usd(row.cells, card, tao_usd))


def leaderboard(
    ranked: pd.DataFrame, shares: Mapping[int, Markup], tao_usd: float | None, home: str
) -> tuple[list[pg.Column], list[pg.LeaderRow], str]:
    """The leaderboard's columns and rows, less the columns unknown in every row, and the sentence naming them.

    `shares`: each subnet's emission-share sparkline.
    """
    rows = [leader_row(card, shares[int(netuid)], tao_usd, home) for netuid, card in ranked.iterrows()]
    return tables.drop_empty_leader_columns(pg.leader_columns(), rows)


def with_trends(
    page: pg.ProfilePage, card: pd.Series, trends: list[sparkline.Trend], tao_usd: float | None
) -> pg.ProfilePage:
    """Add the sparklines (`sparkline.trend`), the report card link (latest view) and USD equivalents to a profile."""
    return replace(
        page,
        trends=trends,
        card_url=f"{page.netuid}-card.html" if page.meta.latest else "",  # cards: the latest view only
        figures=with_usd(page.figures, card, tao_usd),
        currency=price_line(tao_usd, page.meta.block),
    )


def report_card_page(
    page: pg.ProfilePage, snapshot: Snapshot, view: pg.View, available: dict[str, set[int]]
) -> tuple[str, report_card.ReportCardPage]:
    """The subnet's one-page report card (template and context), in the same view as its profile."""
    relative = f"subnets/{page.netuid}-card.html"
    meta = pg.meta_for(snapshot, view, relative, f"SN{page.netuid} {page.name}: report card", available, page.netuid)
    return "report_card.html", report_card.card_for(page, meta)


def lifetime_page(meta: pg.Meta, editions: int, rows: list[ch.LifetimeRow]) -> ch.LifetimePage:
    """The lifetime ranking, without its USD column when no row has a USD figure."""
    usd_known = not tables.empty_columns(["usd"], [[row.usd] for row in rows])
    missing = "USD paid (estimate), as the tracked editions have no TAO/USD price"
    return ch.LifetimePage(
        meta=meta,
        editions=editions,
        rows=rows,
        usd_known=usd_known,
        not_captured="" if usd_known else tables.not_captured([missing]),
    )
