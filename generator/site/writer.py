"""Jinja2 set up once (autoescape, StrictUndefined) and a writer that stays inside the output folder."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator import format as fmt
from generator.errors import BuildError

FILTERS = {
    name: getattr(fmt, name) for name in ("tao", "alpha", "usd", "pct", "points", "signed_pct", "count", "price")
}


class Site:
    """The templates of one build and the only code that writes pages."""

    def __init__(self, templates: Path) -> None:
        """Set up Jinja on the templates folder."""
        if not (Path(templates) / "base.html").is_file():
            raise BuildError(f"{templates}/base.html: templates folder not found or incomplete")
        self.templates = Path(templates)
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(["html", "xml"], default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(FILTERS)

    def render(self, template: str, page: object) -> str:
        """Render a template from a page dataclass (its fields become template variables)."""
        fields = {f.name: getattr(page, f.name) for f in dataclasses.fields(page)}
        return self.env.get_template(template).render(**fields)

    def write(self, root: Path, relative: str, template: str, page: object) -> None:
        """Render and write one page under `root`."""
        write_text(root, relative, self.render(template, page))

    def copy_assets(self, root: Path) -> None:
        """Copy static assets (CSS) into the site."""
        shutil.copytree(self.templates / "assets", root / "assets", dirs_exist_ok=True)


def write_text(root: Path, relative: str, text: str) -> None:
    """Write a file under `root`, refusing paths outside it and writing a path twice."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise BuildError(f"{relative}: refusing to write outside the output folder")
    if target.exists():
        raise BuildError(f"{relative}: written twice in one build")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Publish an existing file at a second path without rewriting it: a hard link, else a copy.

    Safe because a build never opens an existing file for writing (see `write_text`).
    """
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def trusted_html(html: str) -> Markup:
    """Mark sanitised HTML as safe: the single place trusted HTML enters a template."""
    return Markup(html)
