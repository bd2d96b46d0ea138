"""Untrusted on-chain strings become harmless text; only http(s) URLs become links."""

from __future__ import annotations

import pytest

from generator.safety import LINE_LIMIT, clean_field, clean_fields, clean_text, safe_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://chutes.ai", "https://chutes.ai"),
        ("http://example.org/a?b=c", "http://example.org/a?b=c"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("www.deprecated.com", None),
        ("https://exa\u202emple.org", None),
        ("https://example.org/\nx", None),
        ("https:///nohost", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(value, expected):
    assert safe_url(value) == expected


def test_clean_text_strips_bidi_and_controls():
    assert clean_text("Chu\u202etes\u0000 \u2066x\u2069") == "Chutes x"


def test_clean_text_truncates_long_strings():
    text = clean_text("a" * 10_000, limit=50)
    assert len(text) == 50 and text.endswith("…")


def test_clean_text_keeps_rtl_letters():
    assert clean_text("ش") == "ش"


def test_clean_text_unknown_stays_unknown():
    assert clean_text(None) is None
    assert clean_text("\u202e") is None


@pytest.mark.parametrize(
    "column",
    [
        ["5F3sa2TJAWMqDhXG6jhV4N8ko9SxwGy8TpaNS1repo5EYjQX", "5HEo565WAy4Dbq3Sv271SAi7syBSofyfhhwRNjFNSM2gP9M2"],
        ["5F3sa2TJ\x00AW", "plain"],  # a control in an ASCII key: cleaned
        ["5F3sa2TJ\x7fAW"],  # DEL is a control too
        ["key\u202eevil", "plain"],  # a bidi override outside ASCII
        ["é" * 300, "plain"],  # too long: cut
        ["a" * 300],
        [],
    ],
)
def test_a_column_is_cleaned_as_each_of_its_values_would_be(column):
    assert clean_fields(column) == [clean_field(v, LINE_LIMIT) for v in column]
