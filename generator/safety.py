"""Untrusted strings (snapshot fields, notes) made harmless once, when they are loaded.

`clean_field` is the one sanitising step: the snapshot and note schemas apply it to every string
field (`Line`, `Paragraph`, neuron key columns) as it is loaded, so pages, feeds, CSV and JSON all
receive the cleaned text; `clean_text` also lays it out on one line for a page, `clean_markup` keeps
a note body's lines.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator

LINE_LIMIT = 256  # names, symbols, keys, sources, hyperparameter values
PARAGRAPH_LIMIT = 2000  # descriptions, provenance notes, URLs
MARKER = "…"


def _unwanted_ranges() -> str:
    """Build a regex class of control (Cc), format (Cf: bidi, zero-width, tags) and surrogate (Cs)
    characters, plus the noncharacters XML forbids."""
    codes = [
        c
        for plane in (range(0x20000), range(0xE0000, 0xE1000))
        for c in plane
        if unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs")
    ]
    codes = sorted([*codes, *range(0xFDD0, 0xFDF0), 0xFFFE, 0xFFFF])
    ranges, start = [], codes[0]
    for previous, code in zip(codes, codes[1:]):
        if code != previous + 1:
            ranges.append((start, previous))
            start = code
    ranges.append((start, codes[-1]))
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


# Bidi embeddings, overrides and isolates can reorder the text around them; zero-width and tag
# characters can hide content; control characters and surrogates are invalid in XML. None has a
# place in a name, a key or a URL.
_CLASS = _unwanted_ranges()
_UNWANTED = re.compile(f"[{_CLASS}]")
_BREAKS = re.compile("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]")  # controls and line breaks become spaces
_NEEDS_WORK = re.compile(f"[{_CLASS}\\u2028\\u2029]")
_UNWANTED_IN_MARKUP = re.compile(f"(?![\\t\\n])[{_CLASS}]")
_MARKUP_BREAKS = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029]")
_SPACES = re.compile("\\s{2,}")


def clean_field(value: str, limit: int) -> str:
    """Return the text without what can hide or reorder it: control characters and line breaks
    become spaces, format characters (bidi, zero-width, tags) and surrogates are removed, and text
    longer than `limit` is cut with a trailing "…". Applied by the schemas to every loaded string."""
    text = _UNWANTED.sub("", _BREAKS.sub(" ", value)) if _NEEDS_WORK.search(value) else value
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + MARKER
    return text


def clean_markup(value: str) -> str:
    """Return multi-line text (a note's Markdown body) without the characters `clean_field`
    removes; newlines and tabs stay, other controls become spaces."""
    if not _NEEDS_WORK.search(value):
        return value
    return _UNWANTED_IN_MARKUP.sub("", _MARKUP_BREAKS.sub(" ", value.replace("\r\n", "\n")))


def clean_text(value: str | None, limit: int = 280) -> str | None:
    """Return `clean_field` text laid out on one line (runs of whitespace become one space);
    None for no text."""
    if value is None:
        return None
    text = clean_field(value, len(value))
    if _SPACES.search(text) or text.startswith(" ") or text.endswith(" "):
        text = _SPACES.sub(" ", text).strip(" ")
    return clean_field(text, limit) or None


def clean_fields(values: list[str], limit: int = LINE_LIMIT) -> list[str]:
    """Apply `clean_field` to a long column of strings (neuron keys), with one check for the usual
    case where nothing needs cleaning."""
    joined = "".join(values)
    plain = joined.isascii() and joined.isprintable()  # no control: nothing to clean, found without a regex
    if (plain or not _NEEDS_WORK.search(joined)) and max(map(len, values), default=0) <= limit:
        return values
    return [clean_field(v, limit) for v in values]


def _line(value: str) -> str:
    """Clean a one-line field (the schemas' validator)."""
    return clean_field(value, LINE_LIMIT)


def _paragraph(value: str) -> str:
    """Clean a long text field (the schemas' validator)."""
    return clean_field(value, PARAGRAPH_LIMIT)


Line = Annotated[str, AfterValidator(_line)]
Paragraph = Annotated[str, AfterValidator(_paragraph)]


def safe_url(value: str | None) -> str | None:
    """Return the URL if it is a well-formed http(s) URL, else None (shown as text only)."""
    if not value:
        return None
    url = value.strip()
    if _UNWANTED.search(url) or any(ch.isspace() for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname or len(url) > 2000:
        return None
    return url


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """Quote a text cell a spreadsheet would run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
