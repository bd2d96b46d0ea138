"""Links between pages: the one way any page, feed or sitemap links to a subnet's profile."""

from __future__ import annotations


def subnet_page(netuid: int) -> str:
    """Return where a subnet's profile sits within a view: `subnets/<netuid>.html`."""
    return f"subnets/{int(netuid)}.html"


def subnet_url(netuid: int, home: str = "") -> str:
    """Link to a subnet's profile from a page whose view starts at `home` ("" from a page at the view's root).

    The one way a page, feed or sitemap links to a subnet: `home` is `Meta.home` on pages, the
    site's base URL (or the way back to it) in feeds and the sitemap.
    """
    return f"{home}{subnet_page(netuid)}"
