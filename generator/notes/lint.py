"""Check editors' notes and locate every problem as `path:line: message` (the lint and the build share it)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from generator.errors import NoteError
from generator.notes.model import (
    CATEGORIES,
    STALE_AFTER_DAYS,
    STATUSES,
    Note,
    NoteMeta,
    note_paths,
    read_front,
    render_markdown,
    validate_front,
)
from generator.notes.reader import NoteInputError, body_problems
from generator.safety import clean_text

ERROR = "error"
WARNING = "warning"
TODO = "TODO"
TODAY_VARIABLE = "SUBNET_REPORT_TODAY"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one note, at a 1-based line of the file."""

    path: Path
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        """Format as `path:line: message`, warnings prefixed with `warning: `."""
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class LintedNote:
    """A note's front matter (None when it breaks the schema) and its problems; a note that parsed keeps
    its cleaned body and YAML nodes, so a build renders it without reading or parsing it again."""

    path: Path
    meta: NoteMeta | None
    problems: list[Problem]
    body: str = field(default="", repr=False, compare=False)
    root: yaml.Node | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """Tell whether the note has no error (warnings allowed)."""
        return self.meta is not None and all(p.severity != ERROR for p in self.problems)


def _node_at(root: yaml.Node | None, loc: tuple) -> yaml.Node | None:
    """Follow a pydantic error location through the composed YAML; stop at the deepest node found."""
    node = root
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(part)), None)
            if child is None and isinstance(part, str):
                child = next((k for k, _ in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            return node
        node = child
    return node


def _line(root: yaml.Node | None, loc: tuple) -> int:
    """Return the file line (1-based, after the opening `---`) of the key or value at `loc`."""
    node = _node_at(root, loc)
    return 1 if node is None else node.start_mark.line + 2


def _message(error: ErrorDetails) -> str:
    """Say what is wrong with one field in an editor's words."""
    field = ".".join(str(part) for part in error["loc"])
    kind, value = error["type"], clean_text(repr(error.get("input")), 60)
    if kind == "missing":
        last = str(error["loc"][-1])
        what = "every figure and claim needs a source" if last == "source" else "required"
        return f"{field}: missing ({what})"
    if kind == "extra_forbidden":
        return f"{field}: unknown field"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{field}: {value} is not a date (write YYYY-MM-DD)"
    if kind == "literal_error" and error["loc"][-1] == "category":
        return f"{field}: unknown category {value} (one of: {', '.join(CATEGORIES)})"
    if kind == "literal_error" and error["loc"][-1] == "status":
        return f"{field}: unknown status {value} (one of: {', '.join(k for k, _ in STATUSES)})"
    if kind.startswith("url"):
        return f"{field}: {value} is not an http(s) URL"
    return f"{field}: {error['msg']}"


def _todos(data: object, loc: tuple = ()) -> list[tuple]:
    """Find values the scaffold left as TODO."""
    if isinstance(data, dict):
        return [hit for key, value in data.items() for hit in _todos(value, loc + (key,))]
    if isinstance(data, list):
        return [hit for i, value in enumerate(data) for hit in _todos(value, loc + (i,))]
    return [loc] if isinstance(data, str) and data.strip().startswith(TODO) else []


def lint_note(path: Path, today: dt.date) -> LintedNote:
    """Validate one note's front matter, locating each problem on its line."""
    try:
        front, data, body = read_front(path)
        root = yaml.compose(front) if front else None
    except NoteInputError as exc:
        return LintedNote(path, None, [Problem(path, exc.line, exc.message)])
    except ValueError as exc:
        return LintedNote(path, None, [Problem(path, 1, f"cannot read the note: {exc}")])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        return LintedNote(path, None, [Problem(path, line, f"front matter is not valid YAML: {reason}")])
    if not isinstance(data, dict):
        return LintedNote(path, None, [Problem(path, 1, "no front matter: start the file with a `---` block")])
    problems = [
        Problem(path, _line(root, loc), f"{'.'.join(map(str, loc))}: still says {TODO}; fill it in")
        for loc in _todos(data)
    ]
    first_body_line = front.count("\n") + 3
    problems += [
        Problem(path, first_body_line + i, f"body: still says {TODO}; fill it in")
        for i, text in enumerate(body.splitlines())
        if text.strip().startswith(TODO)
    ]
    problems += [Problem(path, line, message) for line, message in body_problems(body, first_body_line)]
    try:
        meta = validate_front(data)
    except NoteInputError as exc:
        return LintedNote(path, None, sorted(problems + [Problem(path, exc.line, exc.message)]))
    except ValidationError as exc:
        problems += [Problem(path, _line(root, e["loc"]), _message(e)) for e in exc.errors()]
        return LintedNote(path, None, sorted(problems))
    problems += _semantic_problems(path, root, meta, today)
    return LintedNote(path, meta, sorted(problems), body, root)


def _semantic_problems(path: Path, root: yaml.Node | None, meta: NoteMeta, today: dt.date) -> list[Problem]:
    """Check what the schema cannot: file name, dates in the future, staleness."""
    problems = []
    if path.stem != str(meta.netuid):
        problems.append(Problem(path, _line(root, ("netuid",)), f"netuid: {meta.netuid} does not match the file name"))
    dated: list[tuple[tuple[str | int, ...], dt.date]] = [(("last_reviewed",), meta.last_reviewed)]
    dated += [(("evidence", i, "date"), e.date) for i, e in enumerate(meta.evidence)]
    dated += [
        (("products", i, "usage", j, "as_of"), f.as_of)
        for i, p in enumerate(meta.products)
        for j, f in enumerate(p.usage)
    ]
    for loc, date in dated:
        if date > today:
            problems.append(Problem(path, _line(root, loc), f"{'.'.join(map(str, loc))}: {date} is in the future"))
    age = (today - meta.last_reviewed).days
    if age > STALE_AFTER_DAYS:
        problems.append(
            Problem(
                path,
                _line(root, ("last_reviewed",)),
                f"last_reviewed: {age} days ago; stale after {STALE_AFTER_DAYS} days",
                WARNING,
            )
        )
    return problems


def lint_notes(content: Path, known_netuids: set[int], today: dt.date) -> list[LintedNote]:
    """Lint every note, then flag duplicate netuids and netuids missing from the latest snapshot."""
    linted = [lint_note(path, today) for path in note_paths(content)]
    seen: dict[int, Path] = {}
    for note in linted:
        if note.meta is None:
            continue
        netuid, line = note.meta.netuid, _line(note.root, ("netuid",))
        extra = []
        if netuid in seen:
            extra.append(Problem(note.path, line, f"netuid: {netuid} already has a note in {seen[netuid]}"))
        if netuid not in known_netuids:
            extra.append(Problem(note.path, line, f"netuid: {netuid} is not a subnet in the latest snapshot"))
        seen.setdefault(netuid, note.path)
        if extra:
            linted[linted.index(note)] = replace(note, problems=sorted(note.problems + extra))
    return linted


def all_problems(linted: list[LintedNote]) -> list[Problem]:
    """Every problem of every note, in file and line order."""
    return sorted(p for note in linted for p in note.problems)


def today_or_env(value: dt.date | None = None) -> dt.date:
    """Return `value`, else SUBNET_REPORT_TODAY (YYYY-MM-DD), else today's date (tests pin it)."""
    if value is not None:
        return value
    pinned = os.environ.get(TODAY_VARIABLE)
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise NoteError(f"{TODAY_VARIABLE}: {pinned!r} is not a date (write YYYY-MM-DD)") from None
    return dt.date.today()


def checked_notes(content: Path, known_netuids: set[int], today: dt.date | None = None) -> dict[int, Note]:
    """Load the notes for a build, refusing it with every lint error (warnings do not fail); each note
    is read and parsed once, by the lint, and rendered from what the lint kept."""
    linted = lint_notes(content, known_netuids, today_or_env(today))
    errors = [p for p in all_problems(linted) if p.severity == ERROR]
    if errors:
        lines = "\n".join(str(p) for p in errors)
        raise NoteError(f"{len(errors)} problem(s) in the editors' notes; run `subnet-report notes lint`:\n{lines}")
    return {n.meta.netuid: Note(path=n.path, meta=n.meta, html=render_markdown(n.body)) for n in linted if n.meta}
