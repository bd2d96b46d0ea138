"""Network names as users give them: a label (`finney`) or any ws(s):// endpoint URL.

A URL can carry a provider's credentials (`wss://user:key@host`, `?apikey=...`) and characters that
mean folders to a file system, so it is never used raw: `network_slug` makes the file-name part
and `public_endpoint` the text recorded in provenance and messages.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlsplit, urlunsplit

UNSAFE = re.compile(r"[^a-z0-9._]+")
DEFAULT_PORTS = {"ws": 80, "wss": 443, "http": 80, "https": 443}
MAX_SLUG = 64


def _split(network: str) -> SplitResult | None:
    """Split a URL, or None when it is no URL or a malformed one (`ws://[::1`)."""
    if "://" not in network:
        return None
    try:
        return urlsplit(network)
    except ValueError:
        return None


def _port(url: str) -> int | None:
    """Return the URL's explicit port, or None (also for a malformed one)."""
    try:
        return urlsplit(url).port
    except ValueError:
        return None


def network_slug(network: str) -> str:
    """Name a network safely inside a file name: a label as given, a URL by host and unusual port."""
    parts = _split(network)
    if parts is not None and parts.hostname:
        port = _port(network)
        text = parts.hostname + (f"-{port}" if port and port != DEFAULT_PORTS.get(parts.scheme.lower()) else "")
    else:
        text = network
    slug = UNSAFE.sub("-", text.lower()).strip("-._")[:MAX_SLUG].strip("-._")
    return slug or "network"


def public_endpoint(network: str) -> str:
    """Return the network with any credentials (user info, query values) replaced by `***`."""
    if "://" not in network:
        return network
    parts = _split(network)
    if parts is None:
        return network.split("://", 1)[0] + "://(malformed URL)"
    if not (parts.username or parts.password or parts.query or parts.fragment):
        return network
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    port = _port(network)
    netloc = ("***@" if parts.username or parts.password else "") + host + (f":{port}" if port is not None else "")
    query = "&".join(f"{key}=***" for key, _ in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
