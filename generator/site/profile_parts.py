"""What a profile shows of what others wrote: the owner's identity links, the editors' note, the top earners.

Owner-written strings are cleaned and only http(s) URLs become links; a note's HTML comes sanitised
from generator/notes/ and enters the page as trusted markup here.
"""

from __future__ import annotations

import pandas as pd

from generator.model.snapshot import Snapshot
from generator.notes.model import Note
from generator.safety import clean_text, safe_url
from generator.site.pages import EarnerRow, Link, NoteView, formatted
from generator.site.writer import trusted_html


def identity_links(snapshot: Snapshot, netuid: int) -> tuple[list[Link], str | None]:
    """Return the owner's identity links (http(s) only become links) and description."""
    identity = snapshot.subnet(netuid).identity
    if identity is None:
        return [], None
    links = []
    for _label, value in (
        ("Website", identity.subnet_url),
        ("Code", identity.github_repo),
        ("Discord", identity.discord),
        ("Contact", identity.subnet_contact),
    ):
        text = clean_text(value, 120)
        if text:
            links.append(Link(label=text, url=safe_url(value), current=False))
    return links, clean_text(identity.description, 600)


def note_view(note: Note | None) -> NoteView | None:
    """Prepare an editors' note for a profile."""
    if note is None:
        return None
    meta = note.meta
    cited = dict.fromkeys((str(e.source), e.date.isoformat()) for e in meta.evidence)
    sources = [Link(f"{url} ({date})", safe_url(url)) for url, date in cited]
    return NoteView(
        summary=meta.summary,
        body=trusted_html(note.html),
        sources=sources,
        last_reviewed=meta.last_reviewed.isoformat(),
        reviewed_by=meta.reviewed_by,
    )


def earner_rows(earnings: pd.DataFrame, owner_coldkey: str | None, limit: int = 10) -> list[EarnerRow]:
    """Format the top coldkeys by miner earnings (none when earnings are unknown)."""
    if earnings["daily_alpha"].isna().all():
        return []
    return [
        EarnerRow(
            coldkey=row.coldkey,
            uids=int(row.uids),
            daily_alpha=formatted("coldkey_alpha_per_day", row.daily_alpha),
            share=formatted("coldkey_share", row.share),
            is_owner=row.coldkey == owner_coldkey,
        )
        for row in earnings.head(limit).itertuples()
    ]
