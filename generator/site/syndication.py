"""The site-wide files rebuilt on every build: feeds, JSON API index, sitemap and robots.txt."""

from __future__ import annotations

from pathlib import Path

from generator.model import lives
from generator.model.events import timelines
from generator.site.feeds import editions_feed, subnet_feed
from generator.site.seo import robots_txt, sitemap_xml
from generator.site.writer import write_text


def write_syndication(stage: Path, results: list, base_url: str) -> None:
    """Write feed.xml, subnets/<netuid>.xml, robots.txt and (with a base URL) sitemap.xml."""
    histories = [r.history for r in results]
    write_text(stage, "feed.xml", editions_feed(histories, base_url))
    latest = results[-1]
    events = timelines(histories)
    times = {h.edition_id: h.timestamp for h in histories}
    for record in latest.records:
        if not record.get("is_root"):
            netuid = int(record["netuid"])
            rows = [(r.edition_id, r.block, r.record(netuid)) for r in results if r.record(netuid) is not None]
            # a subnet's feed is its own life's: an earlier subnet on the netuid is not its history
            mine = lives.since_life_start(events.get(netuid, []), lives.life_start(rows))
            write_text(
                stage, f"subnets/{netuid}.xml", subnet_feed(netuid, record.get("name") or "", mine, times, base_url)
            )
    write_text(stage, "robots.txt", robots_txt(base_url))
    if base_url:
        netuids = sorted(int(r["netuid"]) for r in latest.records if not r.get("is_root"))
        write_text(stage, "sitemap.xml", sitemap_xml(base_url, histories, netuids))
