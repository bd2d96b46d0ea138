"""Untrusted strings (on-chain identities) made harmless before they reach a template."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# Bidi embeddings, overrides and isolates can reorder the text around them; zero-width
# characters can hide content. Neither has a place in a name or a URL.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def clean_text(value: str | None, limit: int = 280) -> str | None:
    """Return printable text without control or bidi-override characters, cut to `limit`."""
    if value is None:
        return None
    text = _INVISIBLE.sub("", value)
    text = "".join(ch if unicodedata.category(ch) != "Cc" or ch in "\n\t" else " " for ch in text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def safe_url(value: str | None) -> str | None:
    """Return the URL if it is a well-formed http(s) URL, else None (shown as text only)."""
    if not value:
        return None
    url = value.strip()
    if _INVISIBLE.search(url) or any(unicodedata.category(ch) == "Cc" or ch.isspace() for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname or len(url) > 2000:
        return None
    return url
