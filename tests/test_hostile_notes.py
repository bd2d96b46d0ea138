"""Hostile notes: each gives an exact lint line (and refuses the build), never a hang or a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import cli
from generator.notes.model import load_note
from generator.notes.reader import MAX_NOTE_BYTES, MAX_YAML_NODES
from tests.conftest import REPO
from tests.test_notes_lint import GOOD

REFUSAL = "notes must be regular files inside content/subnets/"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(20)
)


def front(extra: str) -> str:
    """The good note with extra front matter lines before its closing `---`."""
    return GOOD.replace("reviewed_by: tester\n", f"reviewed_by: tester\n{extra}")


def body(text: str) -> str:
    """The good note with a different body (it starts on line 22)."""
    return GOOD.replace("Body.\n", text)


TEXT_CASES = [
    (
        "alias bomb",
        "---\n" + BOMB + "---\nx\n",
        "3: front matter: YAML aliases (*name) are not allowed; write the value out",
    ),
    (
        "deep flow nesting",
        front("team: " + "[" * 5000 + "]" * 5000 + "\n"),
        "21: front matter: nested deeper than 10 levels",
    ),
    (
        "too many values",
        front("team: [" + ", ".join(["x"] * MAX_YAML_NODES) + "]\n"),
        f"21: front matter: more than {MAX_YAML_NODES} values",
    ),
    ("netuid as text", GOOD.replace("netuid: 7", 'netuid: "7"'), "2: netuid: Input should be a valid integer"),
    ("yes for a name", GOOD.replace("name: Seven", "name: yes"), "3: name: Input should be a valid string"),
    (
        "binary value",
        front("team: !!binary aGk=\n"),
        "1: front matter: only text, numbers, lists and mappings are allowed (no !!binary, !!set, .nan or .inf)",
    ),
    (
        "nan value",
        GOOD.replace("netuid: 7", "netuid: .nan"),
        "1: front matter: only text, numbers, lists and mappings are allowed (no !!binary, !!set, .nan or .inf)",
    ),
    (
        "50,000 brackets",
        body("[" * 50_000 + "\n"),
        f"1: the note is larger than {MAX_NOTE_BYTES:,d} bytes, the limit for a note",
    ),
    (
        "1,000 brackets",
        body("[" * 1000 + "\n"),
        "22: body: more than 8 `[` open at once in a paragraph; write `\\[` for a literal one",
    ),
    (
        "unclosed link targets",
        body("[a](" * 100 + "\n"),
        "22: body: more than 8 `(` open at once in a paragraph; write `\\(` for a literal one",
    ),
    (
        "unclosed tags",
        body("<a b" * 100 + "\n"),
        "22: body: more than 8 `<` open at once in a paragraph; write `\\<` for a literal one",
    ),
    (
        "long paragraph",
        body("word " * 300 + "\n" + "word " * 300 + "\n"),
        "23: body: a paragraph longer than 2,000 characters; split it",
    ),
    ("deep blockquotes", body("> " * 500 + "x\n"), "22: body: blockquotes nested deeper than 8 levels"),
    ("deep list", body("".join("  " * i + "- x\n" for i in range(40))), "55: body: indented more than 64 columns"),
    (
        "huge note",
        GOOD + "x" * MAX_NOTE_BYTES,
        f"1: the note is larger than {MAX_NOTE_BYTES:,d} bytes, the limit for a note",
    ),
]


def lint(content: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        ["notes", "lint", "--content", str(content), "--snapshots", str(content / "none")],
        env={"SUBNET_REPORT_TODAY": "2026-11-27"},
    )
    return result.exit_code, result.output


@pytest.fixture
def content(tmp_path) -> Path:
    (tmp_path / "subnets").mkdir()
    return tmp_path


@pytest.mark.parametrize(("label", "text", "expected"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_hostile_text_gives_one_exact_line(content, label, text, expected):
    path = content / "subnets" / "7.md"
    path.write_text(text, encoding="utf-8")
    code, output = lint(content)
    assert code == 1
    assert output.splitlines()[0] == f"{path}:{expected}"


def _symlink_outside(path: Path) -> None:
    outside = path.parent.parent.parent / "outside.md"
    outside.write_text(GOOD, encoding="utf-8")
    path.symlink_to(outside)


FILE_CASES = [
    ("symlink outside content", _symlink_outside, f"a symbolic link; {REFUSAL}"),
    ("symlink to /dev/zero", lambda p: p.symlink_to("/dev/zero"), f"a symbolic link; {REFUSAL}"),
    ("fifo", os.mkfifo, f"a FIFO; {REFUSAL}"),
    ("folder named 7.md", lambda p: p.mkdir(), f"a folder; {REFUSAL}"),
    (
        "not utf-8",
        lambda p: p.write_bytes(b"---\nnetuid: \xff\n---\n"),
        "cannot read the note: not UTF-8 (invalid start byte at byte 12)",
    ),
]


@pytest.mark.parametrize(("label", "make", "expected"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_only_regular_files_are_notes(content, label, make, expected):
    path = content / "subnets" / "7.md"
    make(path)
    code, output = lint(content)
    assert (code, output.splitlines()[0]) == (1, f"{path}:1: {expected}")


def test_the_build_refuses_a_fifo_note_without_waiting(content, tmp_path):
    os.mkfifo(content / "subnets" / "7.md")
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--content",
            str(content),
            "--snapshots",
            str(tmp_path / "none"),
            "--templates",
            str(REPO / "templates"),
            "--out",
            str(tmp_path / "site"),
            "--cache",
            str(tmp_path / "cache"),
            "--quiet",
        ],
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: 1 problem(s) in the editors' notes; run `subnet-report notes lint`:\n"
        f"{content / 'subnets' / '7.md'}:1: a FIFO; {REFUSAL}\n"
    )
    assert not (tmp_path / "site").exists()


def test_hidden_files_are_not_notes(content):
    (content / "subnets" / "7.md").write_text(GOOD, encoding="utf-8")
    (content / "subnets" / ".8.md").write_text("---\nnot: [valid\n", encoding="utf-8")
    assert lint(content) == (0, "1 note(s): 0 error(s), 0 warning(s).\n")


def test_load_note_applies_the_same_limits(content):
    path = content / "subnets" / "7.md"
    path.write_text(body("[" * 1000 + "\n"), encoding="utf-8")
    with pytest.raises(Exception, match="more than 8 `\\[` open at once"):
        load_note(path)


ACCEPTED = ["`` `", "*a*", "*_", "**a", "<div>", "[a]()", "`a", "\\", "[]", "&#x", "<!-- c -->", "[x]" * 3]


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_accepted_bodies_at_the_size_limit_render(content, pattern):
    """The worst inputs the limits accept (measured: at most 0.7 s for a whole note), filling a note
    with paragraphs at the length limit, pass lint and render (the suite's time bounds them)."""
    paragraph = (pattern * (2000 // len(pattern) + 1))[:1990]
    text = "\n\n".join([paragraph] * ((MAX_NOTE_BYTES - len(GOOD)) // 1992))
    path = content / "subnets" / "7.md"
    path.write_text(body(text + "\n"), encoding="utf-8")
    assert path.stat().st_size > MAX_NOTE_BYTES - 2 * 1992
    assert lint(content)[0] == 0
    assert load_note(path).html


def test_notes_new_never_writes_through_a_link(content, tmp_path):
    target = tmp_path / "elsewhere.md"
    (content / "subnets" / "7.md").symlink_to(target)  # dangling: exists() alone would say no
    result = CliRunner().invoke(
        cli, ["notes", "new", "7", "--content", str(content), "--snapshots", str(tmp_path / "none")]
    )
    assert result.output == f"Error: {content / 'subnets' / '7.md'}: a note for SN7 already exists; edit it instead\n"
    assert not target.exists()
