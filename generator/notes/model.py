"""Editors' notes: `content/subnets/<netuid>.md`, YAML front matter plus Markdown, sanitised once.

The front matter schema (documented for editors in README.md and in `subnet-report notes new`):
netuid, name, category (CATEGORIES), status (STATUSES), summary, products (name, url, kind,
launched, usage figures each with a source and an as-of date), evidence (claim, source, date),
optional team, website and repository, last_reviewed, reviewed_by. Values are plain text,
validated strictly (`netuid: "1"` is not a number) and cleaned by `generator.safety`; how a note file
is read and what it may hold is bounded in `generator.notes.reader`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import frontmatter
import markdown
import nh3
import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError

from generator.constants import STALE_AFTER_DAYS
from generator.errors import NoteError
from generator.notes.reader import NoteInputError, body_problems, check_front, note_files, read_note
from generator.safety import Line, Paragraph, clean_markup, clean_text

CATEGORIES = (
    "inference",
    "training",
    "compute",
    "data",
    "storage",
    "finance",
    "security",
    "science",
    "agents",
    "media",
    "other",
)
# Delivery status, strongest first: (key, what it means).
STATUSES = (
    ("shipping_public", "shipping a product with public users"),
    ("shipping_limited", "shipping to limited users (beta, waitlist or private customers)"),
    ("building_public", "building in public: code and test deployments, no product yet"),
    ("research", "research output only (models, papers, benchmarks)"),
    ("nothing_verifiable", "nothing verifiable"),
    ("inactive", "inactive: abandoned, deprecated or placeholder"),
)
STATUS_LABELS = dict(STATUSES)

Category = Literal[CATEGORIES]  # type: ignore[valid-type]
# The keys of STATUSES, in order, spelled out so that a type checker knows them (a test keeps the two equal).
Status = Literal["shipping_public", "shipping_limited", "building_public", "research", "nothing_verifiable", "inactive"]

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}
# Removed with their content, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Figure(_Strict):
    """A usage figure of a product: what, measured by whom, as of when."""

    figure: Line = Field(min_length=1)
    source: HttpUrl
    as_of: dt.date


class Product(_Strict):
    """Something the subnet ships to users."""

    name: Line = Field(min_length=1)
    url: HttpUrl
    kind: Line = Field(min_length=1)
    launched: dt.date | None = None
    usage: list[Figure] = []


class Evidence(_Strict):
    """A dated, sourced claim about delivery."""

    claim: Paragraph = Field(min_length=1)
    source: HttpUrl
    date: dt.date


class NoteMeta(_Strict):
    """The front matter of a note."""

    netuid: int = Field(ge=1, le=65535)
    name: Line = Field(min_length=1)
    category: Category
    status: Status
    summary: Paragraph = Field(min_length=1)
    products: list[Product] = []
    evidence: list[Evidence] = Field(min_length=1)
    team: Paragraph | None = None
    website: HttpUrl | None = None
    repository: HttpUrl | None = None
    last_reviewed: dt.date
    reviewed_by: Line = Field(min_length=1)


@dataclass(frozen=True)
class Note:
    """A parsed note: validated front matter and sanitised HTML body."""

    path: Path
    meta: NoteMeta
    html: str


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep only https images: an http image would be mixed content or a tracking beacon."""
    if tag == "img" and attribute == "src" and not value.startswith("https://"):
        return None
    return value


def sanitise(html: str) -> str:
    """Return HTML with only harmless tags, attributes and http(s)/mailto links."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


@functools.lru_cache(maxsize=1024)  # archived editions' frozen notes are mostly the same text
def render_markdown(text: str) -> str:
    """Render editor Markdown to sanitised HTML (the one place notes become HTML)."""
    return sanitise(markdown.markdown(text, extensions=["tables", "fenced_code"], output_format="html"))


class _FrontLoader(yaml.SafeLoader):
    """A safe YAML loader that leaves dates as text, so pydantic reports a bad date by its field."""


_FrontLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_front(front: str) -> object:
    """Parse front matter text as safe YAML with dates kept as strings."""
    return yaml.load(front, Loader=_FrontLoader)


_FRONT_MATTER = frontmatter.YAMLHandler()


def split_note(text: str) -> tuple[str, str]:
    """Split a note into front matter (line 1 of it is line 2 of the file) and Markdown body."""
    if not _FRONT_MATTER.detect(text):
        return "", text
    try:
        front, body = _FRONT_MATTER.split(text)
    except ValueError:
        raise ValueError("the front matter has no closing `---` line") from None
    return front.removeprefix("\n"), body.removeprefix("\n")


def read_front(path: Path) -> tuple[str, object, str]:
    """Read a note within the limits: its front matter text, the parsed front matter and the body."""
    return _front_and_body(read_note(path))


@functools.lru_cache(maxsize=1024)  # parsed once for all the editions frozen with the same note (never changed)
def _front_and_body(text: str) -> tuple[str, object, str]:
    """Split and parse a note's text: its front matter text, the parsed front matter and the body."""
    front, body = split_note(text)
    if front:
        check_front(front)
    return front, load_front(front) if front else None, clean_markup(body)


def validate_front(data: object) -> NoteMeta:
    """Validate front matter strictly, as JSON: no coercion (`netuid: "1"` and `yes` are errors)."""
    try:
        text = json.dumps(data if isinstance(data, dict) else {}, allow_nan=False)
    except (TypeError, ValueError):
        raise NoteInputError(
            1, "front matter: only text, numbers, lists and mappings are allowed (no !!binary, !!set, .nan or .inf)"
        ) from None
    return NoteMeta.model_validate_json(text, strict=True)


def parse_note(path: Path) -> tuple[NoteMeta, str]:
    """Read and validate one note, returning its front matter and Markdown body."""
    try:
        _, data, body = read_front(path)
    except NoteInputError as exc:
        raise NoteError(f"{path}: {exc.message}") from None
    except (ValueError, yaml.YAMLError) as exc:
        raise NoteError(f"{path}: front matter is not valid YAML: {exc}") from None
    try:
        return validate_front(data), body
    except NoteInputError as exc:
        raise NoteError(f"{path}: {exc.message}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{clean_text('.'.join(map(str, e['loc'])), 80)}: {e['msg']}" for e in exc.errors())
        raise NoteError(f"{path}: {problems}") from None


def load_note(path: Path) -> Note:
    """Read, validate and render one note; errors name the file and field."""
    meta, body = parse_note(path)
    if path.stem != str(meta.netuid):
        raise NoteError(f"{path}: netuid: {meta.netuid} does not match the file name")
    problems = body_problems(body, 1)
    if problems:
        raise NoteError(f"{path}: {problems[0][1]}")
    return Note(path=path, meta=meta, html=render_markdown(body))


def note_paths(content: Path) -> list[Path]:
    """List the note entries under `content/subnets/`, sorted (hidden files left out; lint refuses
    any that is not a regular file)."""
    return note_files(Path(content) / "subnets")


def load_notes(content: Path) -> dict[int, Note]:
    """Load every note under `content/subnets/`, keyed by netuid."""
    notes = [load_note(p) for p in note_paths(content)]
    return {note.meta.netuid: note for note in notes}


def is_stale(last_reviewed: dt.date, on: dt.date) -> bool:
    """Tell whether a note was last reviewed more than STALE_AFTER_DAYS before `on`."""
    return (on - last_reviewed).days > STALE_AFTER_DAYS


def note_hashes(notes: dict[int, Note], netuids: set[int]) -> dict[int, str]:
    """Hash the content of each note on a subnet of this edition."""
    return {
        n: hashlib.sha256((note.meta.model_dump_json() + note.html).encode()).hexdigest()
        for n, note in sorted(notes.items())
        if n in netuids
    }
