"""Notes are untrusted input: which files count, how much is read, and what YAML and Markdown may hold.

A note is a regular, visible `*.md` file directly in `content/subnets/` (never a symbolic link, a
FIFO, a device or a folder), at most `MAX_NOTE_BYTES`. Its front matter may not use YAML aliases
(an alias bomb expands exponentially) and is bounded in depth and size; its Markdown body is
bounded in the nesting that makes Python-Markdown recurse or rescan (blockquotes, indentation,
brackets, parentheses) and in the length of a paragraph, since Python-Markdown's inline patterns
rescan a paragraph for each unclosed `[`, `(`, `<` or `*`. Each limit is far above what a note
needs and keeps any note to a fraction of a second.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import yaml

MAX_NOTE_BYTES = 32 * 1024  # the longest note in content/ is 2.4 KB
MAX_YAML_DEPTH = 10  # a note's front matter nests 4 levels (products > usage > figure)
MAX_YAML_NODES = 5000
MAX_QUOTE_DEPTH = 8
MAX_INDENT = 64  # columns of leading whitespace (a tab counts 4)
MAX_BRACKET_DEPTH = 8  # `[`, `(` or `<` open at once in one paragraph
MAX_PARAGRAPH = 2000  # characters of text between blank lines or block starts
_QUOTES = re.compile(r"(?:[ \t]*>)+")
_BLOCK_START = re.compile(r"\s*(?:[-*+|#>]|\d+[.)])")


class NoteInputError(ValueError):
    """A note file that cannot be accepted, with the 1-based line at fault."""

    def __init__(self, line: int, message: str) -> None:
        """Keep the line and the message."""
        super().__init__(message)
        self.line = line
        self.message = message


def note_files(folder: Path) -> list[Path]:
    """List the visible `*.md` entries of a folder, whatever their type (lint refuses odd ones)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(".md") and not p.name.startswith("."))


def _kind(mode: int) -> str:
    """Name a file type for a message."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "not a regular file"


def read_note(path: Path, limit: int = MAX_NOTE_BYTES) -> str:
    """Read a note that is a regular file (never following a link), at most `limit` bytes, as UTF-8."""
    refusal = "notes must be regular files inside content/subnets/"
    try:
        mode = os.lstat(path).st_mode
        if not stat.S_ISREG(mode):
            raise NoteInputError(1, f"{_kind(mode)}; {refusal}")
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        reason = "a symbolic link" if exc.errno == errno.ELOOP else exc.strerror
        raise NoteInputError(1, f"cannot read the note: {reason}; {refusal}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NoteInputError(1, f"not a regular file; {refusal}")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NoteInputError(1, f"the note is larger than {limit:,d} bytes, the limit for a note")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NoteInputError(1, f"cannot read the note: not UTF-8 ({exc.reason} at byte {exc.start})") from None


def check_front(front: str) -> None:
    """Refuse YAML aliases and front matter nested or sized beyond the limits, before composing it
    (the event stream is read without recursion, so this is safe on any input)."""
    depth = nodes = 0
    for event in yaml.parse(front):
        mark = event.start_mark  # the parser always sets it; the stub allows None
        line = (mark.line if mark is not None else 0) + 2  # line 1 of the front matter is line 2 of the file
        if isinstance(event, yaml.AliasEvent):
            raise NoteInputError(line, "front matter: YAML aliases (*name) are not allowed; write the value out")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise NoteInputError(line, f"front matter: nested deeper than {MAX_YAML_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_YAML_NODES:
                raise NoteInputError(line, f"front matter: more than {MAX_YAML_NODES} values")


def body_problems(body: str, first_line: int) -> list[tuple[int, str]]:
    """Find Markdown nested beyond the limits; `first_line` is the file line of the body's first line."""
    problems: list[tuple[int, str]] = []
    depth = {"[": 0, "(": 0, "<": 0}
    paragraph = 0
    for number, text in enumerate(body.split("\n"), start=first_line):
        if not text.strip():
            depth = {"[": 0, "(": 0, "<": 0}  # brackets never span paragraphs
            paragraph = 0
            continue
        paragraph = len(text) if _BLOCK_START.match(text) else paragraph + len(text)
        if paragraph > MAX_PARAGRAPH:
            problems.append((number, f"body: a paragraph longer than {MAX_PARAGRAPH:,d} characters; split it"))
            paragraph = 0
        quotes = _QUOTES.match(text)
        if quotes and quotes.group().count(">") > MAX_QUOTE_DEPTH:
            problems.append((number, f"body: blockquotes nested deeper than {MAX_QUOTE_DEPTH} levels"))
        indent = len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())
        if indent > MAX_INDENT:
            problems.append((number, f"body: indented more than {MAX_INDENT} columns"))
        problem = _brackets(text, depth)
        if problem:
            problems.append((number, problem))
            depth = {"[": 0, "(": 0, "<": 0}
    return problems


def _brackets(text: str, depth: dict[str, int]) -> str | None:
    """Follow `[`, `(` and `<` nesting through one line, updating `depth` (escaped ones skipped); say
    when either goes too deep (Python-Markdown rescans the paragraph for every one left open)."""
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in depth:
            depth[char] += 1
            if depth[char] > MAX_BRACKET_DEPTH:
                return (
                    f"body: more than {MAX_BRACKET_DEPTH} `{char}` open at once in a paragraph; "
                    f"write `\\{char}` for a literal one"
                )
        elif char in CLOSERS and depth[CLOSERS[char]]:
            depth[CLOSERS[char]] -= 1
    return None


CLOSERS = {"]": "[", ")": "(", ">": "<"}
