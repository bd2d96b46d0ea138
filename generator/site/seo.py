"""What search engines and link previews read: `sitemap.xml`, `robots.txt` and canonical URLs.

With a base URL (`build --base-url https://…/`) pages get canonical links and absolute Open Graph
URLs, and `sitemap.xml` lists the latest view and every edition's front pages. Without one, nothing
absolute is written and the sitemap is omitted (the protocol requires absolute URLs); robots.txt
still allows everything.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from generator.model.events import EditionHistory
from generator.site.links import subnet_page

TOP_PAGES = ("index.html", "changes.html", "lifetime.html", "methodology.html", "archive.html", "api.html")
EDITION_PAGES = ("index.html", "changes.html", "downloads.html")


def robots_txt(base_url: str) -> str:
    """Allow every crawler; point to the sitemap when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url}sitemap.xml")
    return "\n".join(lines) + "\n"


def sitemap_xml(base_url: str, histories: list[EditionHistory], netuids: list[int]) -> str:
    """List the latest pages and each edition's front pages, with the block date as lastmod."""
    latest = histories[-1].timestamp.date().isoformat()
    urls = [(page, latest) for page in TOP_PAGES] + [(subnet_page(n), latest) for n in netuids]
    for history in reversed(histories):
        urls += [
            (f"editions/{history.edition_id}/{page}", history.timestamp.date().isoformat()) for page in EDITION_PAGES
        ]
    body = "".join(f"<url><loc>{escape(base_url + path)}</loc><lastmod>{day}</lastmod></url>\n" for path, day in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n"
    )


def canonical_url(base_url: str, path: str) -> str | None:
    """Return the absolute URL of a page, or None without a base URL."""
    return f"{base_url}{path}" if base_url else None
