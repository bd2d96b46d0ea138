"""Atom feeds, written with feedgen: one of editions (`feed.xml`), one per subnet of its events.

Every date comes from a snapshot's block timestamp, never from the clock, so the same editions give
the same bytes. Without a base URL, ids are `tag:` URIs and links are relative to the feed.
"""

from __future__ import annotations

from datetime import datetime

from feedgen.feed import FeedGenerator

from generator import __version__
from generator.model.events import EditionHistory, Event
from generator.safety import clean_text
from generator.site.links import subnet_url

TAG = "tag:subnet-report,2026"
MAX_EDITIONS = 52  # a year of weekly editions; older ones stay in the archive


def _feed(title: str, subtitle: str, feed_id: str, self_url: str, page_url: str, updated: datetime) -> FeedGenerator:
    """Start a feed with the fields Atom requires."""
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.link(href=page_url, rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.updated(updated)
    feed.author(name="subnet-report")
    feed.generator("subnet-report", version=__version__)
    return feed


def editions_feed(histories: list[EditionHistory], base_url: str) -> str:
    """Return the Atom feed of the latest editions, newest first, each with its overview narrative."""
    latest = histories[-1]
    feed = _feed(
        "subnet-report: Bittensor subnet editions",
        "A weekly edition about every Bittensor subnet.",
        f"{base_url}feed.xml" if base_url else f"{TAG}:editions",
        f"{base_url}feed.xml",
        f"{base_url}index.html",
        latest.timestamp,
    )
    for history in histories[-MAX_EDITIONS:]:
        entry = feed.add_entry(order="prepend")
        url = f"{base_url}editions/{history.edition_id}/index.html"
        entry.id(url if base_url else f"{TAG}:edition:{history.edition_id}")
        entry.title(f"Edition {history.edition_id}")
        entry.link(href=url)
        entry.updated(history.timestamp)
        entry.published(history.timestamp)
        entry.summary(" ".join(history.overview) or "No overview.")
    return feed.atom_str(pretty=True).decode("utf-8")


def subnet_feed(netuid: int, name: str, events: list[Event], times: dict[str, datetime], base_url: str) -> str:
    """Return the Atom feed of one subnet's events (given newest first); `times` dates each edition."""
    label = clean_text(name, 60) or "unnamed"
    prefix = base_url or "../"
    feed = _feed(
        f"subnet-report: SN{netuid} {label} events",
        f"Events of SN{netuid} across editions.",
        f"{base_url}subnets/{netuid}.xml" if base_url else f"{TAG}:subnet:{netuid}",
        f"{prefix}subnets/{netuid}.xml",
        subnet_url(netuid, prefix),
        max(times.values()),
    )
    for index, event in enumerate(reversed(events)):  # oldest first; entries are prepended
        _event_entry(feed, event, index, times[event.edition], prefix, base_url)
    return feed.atom_str(pretty=True).decode("utf-8")


def _event_entry(feed: FeedGenerator, event: Event, index: int, when: datetime, prefix: str, base_url: str) -> None:
    """Add one event as a feed entry linking to its edition's "What changed" page."""
    entry = feed.add_entry(order="prepend")
    url = f"{prefix}editions/{event.edition}/changes.html"
    entry.id(
        f"{url}#{event.netuid}-{event.kind}-{index}"
        if base_url
        else f"{TAG}:subnet:{event.netuid}:{event.edition}:{event.kind}:{index}"
    )
    entry.title(f"{event.edition}: {event.text}")
    entry.link(href=url)
    entry.updated(when)
    entry.summary(event.text)
