"""Editors' notes: `content/subnets/<netuid>.md`, YAML front matter plus Markdown, sanitised once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import markdown
import nh3
import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError

from generator.errors import NoteError

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "img", "li", "ol",
    "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}
# Removed with their content, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}


class Source(BaseModel):
    """A public source backing a claim in a note."""

    model_config = ConfigDict(extra="forbid")
    title: str
    url: HttpUrl
    date: dt.date


class NoteMeta(BaseModel):
    """The front matter of a note."""

    model_config = ConfigDict(extra="forbid")
    netuid: int = Field(ge=1)
    name: str
    summary: str
    sources: list[Source] = Field(min_length=1)
    last_reviewed: dt.date
    reviewed_by: str


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


def render_markdown(text: str) -> str:
    """Render editor Markdown to sanitised HTML (the one place notes become HTML)."""
    return sanitise(markdown.markdown(text, extensions=["tables", "fenced_code"], output_format="html"))


def _field(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


def load_note(path: Path) -> Note:
    """Read, validate and render one note; errors name the file and field."""
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise NoteError(f"{path}: front matter is not valid YAML: {exc}") from None
    try:
        meta = NoteMeta.model_validate(post.metadata)
    except ValidationError as exc:
        problems = "; ".join(f"{_field(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise NoteError(f"{path}: {problems}") from None
    if path.stem != str(meta.netuid):
        raise NoteError(f"{path}: netuid: {meta.netuid} does not match the file name")
    return Note(path=path, meta=meta, html=render_markdown(post.content))


def load_notes(content: Path) -> dict[int, Note]:
    """Load every note under `content/subnets/`, keyed by netuid."""
    folder = Path(content) / "subnets"
    if not folder.is_dir():
        return {}
    notes = [load_note(p) for p in sorted(folder.glob("*.md"))]
    return {note.meta.netuid: note for note in notes}
