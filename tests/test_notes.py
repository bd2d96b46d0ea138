"""Editors' notes: front matter validation and the one sanitising step."""

from __future__ import annotations

import re

import pytest

from generator.errors import NoteError
from generator.notes.model import load_note, load_notes, render_markdown, sanitise

FRONT = """---
netuid: 7
name: Seven
category: data
status: research
summary: A test note.
evidence:
  - claim: Example
    source: https://example.org/a
    date: 2026-01-02
last_reviewed: 2026-11-01
reviewed_by: tester
---
"""

HOSTILE = [
    ("<script>alert(1)</script>hi", "alert"),
    ('<img src="https://x.org/a.png" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ("[x](javascript:alert(1))", "javascript:"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ('<iframe src="https://evil.example"></iframe>', "iframe"),
    ("<style>body{display:none}</style>", "display:none"),
    ('<div style="position:fixed">x</div>', "position:fixed"),
    ("<svg><script>alert(1)</script></svg>", "alert"),
    ('<img src="http://tracker.example/p.gif">', "tracker.example"),
    ('<form action="https://evil.example"><input></form>', "<form"),
]


@pytest.mark.parametrize(("markdown", "forbidden"), HOSTILE)
def test_hostile_markup_does_not_survive(markdown, forbidden):
    html = render_markdown(markdown)
    assert forbidden not in html


def test_harmless_markup_survives_with_link_rel():
    html = render_markdown("**bold** [site](https://example.org) ![logo](https://example.org/l.png)")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="nofollow noopener">site</a>' in html
    assert '<img alt="logo" src="https://example.org/l.png">' in html


def test_sanitise_keeps_tables():
    assert sanitise("<table><tr><td>1</td></tr></table>") == "<table><tbody><tr><td>1</td></tr></tbody></table>"


def test_load_note(tmp_path):
    path = tmp_path / "7.md"
    path.write_text(FRONT + "Body with <script>x()</script> text.\n", encoding="utf-8")
    note = load_note(path)
    assert note.meta.netuid == 7
    assert note.html == "<p>Body with  text.</p>"


def test_netuid_must_match_file_name(tmp_path):
    path = tmp_path / "8.md"
    path.write_text(FRONT + "x", encoding="utf-8")
    with pytest.raises(NoteError) as error:
        load_note(path)
    assert error.value.message == f"{path}: netuid: 7 does not match the file name"


def test_missing_source_and_bad_date(tmp_path):
    path = tmp_path / "7.md"
    text = FRONT.replace("    source: https://example.org/a\n", "").replace("2026-11-01", "yesterday")
    path.write_text(text + "x", encoding="utf-8")
    with pytest.raises(NoteError) as error:
        load_note(path)
    assert error.value.message == (
        f"{path}: evidence.0.source: Field required; last_reviewed: Input should be a valid date in the format "
        "YYYY-MM-DD, input is too short"
    )


def test_broken_yaml(tmp_path):
    path = tmp_path / "7.md"
    path.write_text("---\nnetuid: [7\n---\nx", encoding="utf-8")
    with pytest.raises(NoteError, match="front matter is not valid YAML"):
        load_note(path)


def test_repository_notes_are_valid():
    from tests.conftest import REPO

    notes = load_notes(REPO / "content")
    assert {4, 11, 34, 64} <= set(notes) and len(notes) >= 10
    assert "9.1 trillion tokens" in notes[64].html
    assert notes[3].meta.status == "nothing_verifiable"


HOSTILE_FRONT = [
    ("summary", '"<script>alert(1)</script>"'),
    ("name", '"<img src=x onerror=alert(1)>"'),
]


@pytest.mark.parametrize(("field", "value"), HOSTILE_FRONT)
def test_front_matter_html_is_escaped_text_on_the_page(tmp_path, field, value):
    from generator.site.profile_parts import note_view
    from generator.site.writer import Site
    from tests.conftest import REPO

    path = tmp_path / "7.md"
    path.write_text(FRONT.replace(f"{field}: ", f"{field}: {value} #", 1) + "x", encoding="utf-8")
    note = load_note(path)
    html = (
        Site(REPO / "templates")
        .env.from_string("<p>{{ n.summary }}{{ name }}</p>")
        .render(n=note_view(note), name=note.meta.name)
    )
    assert "<script>" not in html and "<img" not in html
    assert "&lt;" in html


def test_javascript_source_url_is_refused(tmp_path):
    path = tmp_path / "7.md"
    path.write_text(FRONT.replace("https://example.org/a", "javascript:alert(1)") + "x", encoding="utf-8")
    with pytest.raises(NoteError, match=re.escape("evidence.0.source: URL scheme should be 'http' or 'https'")):
        load_note(path)


def test_the_same_note_frozen_into_two_editions_is_parsed_once_and_keeps_each_path(tmp_path, monkeypatch):
    from generator.notes import model

    calls = []
    real = model.load_front
    monkeypatch.setattr(model, "load_front", lambda front: calls.append(front) or real(front))
    text = FRONT.replace("netuid: 7", "netuid: 907") + "A body seen by two editions.\n"  # text no other test parses
    folders = [tmp_path / name / "subnets" for name in ("first.notes", "second.notes")]
    for folder in folders:
        folder.mkdir(parents=True)
        (folder / "907.md").write_text(text, encoding="utf-8")
    first, second = (load_notes(folder.parent)[907] for folder in folders)
    assert len(calls) == 1
    assert (first.meta, first.html) == (second.meta, second.html)
    assert [first.path, second.path] == [folder / "907.md" for folder in folders]
    (folders[1] / "907.md").write_text(text.replace("907", "908", 1), encoding="utf-8")  # a changed note: parsed anew
    with pytest.raises(
        NoteError, match=re.escape("second.notes/subnets/907.md: netuid: 908 does not match the file name")
    ):
        load_notes(folders[1].parent)
