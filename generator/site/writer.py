"""Jinja2 set up once (autoescape, StrictUndefined) and the one guarded writer of everything a build writes.

Every file of a build (pages, charts, feeds, JSON, CSV, copied snapshots, linked editions, assets)
goes through `target`: the path must stay inside the output folder (no `..`, no absolute path, no
symbolic link leading out), must not exist yet (a build writes each path once), and its folders are
created on the way.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator.errors import BuildError


class Site:
    """The templates of one build and the only code that renders pages."""

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
            auto_reload=False,  # one build, one set of templates: no stat of every template at every page
        )
        self.env.filters["unbroken"] = unbroken

    def __reduce__(self) -> tuple:
        """Sent to a worker as its templates folder: each worker sets its templates up once (`cached_site`)."""
        return cached_site, (self.templates,)

    def render(self, template: str, page: object) -> str:
        """Render a template from a page dataclass (its fields become template variables)."""
        fields = {f.name: getattr(page, f.name) for f in dataclasses.fields(page)}  # type: ignore[arg-type]
        return self.env.get_template(template).render(**fields)

    def write(self, root: Path, relative: str, template: str, page: object) -> None:
        """Render and write one page under `root`."""
        write_text(root, relative, self.render(template, page))

    def copy_assets(self, root: Path) -> None:
        """Copy static assets (CSS) into the site."""
        copy_tree(root, "assets", self.templates / "assets", link=False)


@functools.cache
def cached_site(templates: Path) -> Site:
    """The templates of a worker process, set up once for every view it writes (a worker's pool ends
    with its build, so a template edited before the next build is read again)."""
    return Site(templates)


def target(root: Path, relative: str) -> Path:
    """Return where `relative` goes under `root`, refusing a path outside it or one already written."""
    base = _real(os.path.abspath(root))
    path = os.path.normpath(os.path.join(base, relative))
    if os.path.isabs(relative) or not _inside(path, base):
        raise BuildError(f"{relative}: refusing to write outside the output folder")
    folder = os.path.dirname(path)
    if folder not in _FOLDERS:
        if folder != base and not _inside(os.path.realpath(folder), base):  # a link on the way leads out
            raise BuildError(f"{relative}: refusing to write outside the output folder")
        os.makedirs(folder, exist_ok=True)
        if len(_FOLDERS) > 100_000:  # a long `watch`: forget earlier builds' folders
            _FOLDERS.clear()
        _FOLDERS.add(folder)
    if os.path.lexists(path):
        raise BuildError(f"{relative}: written twice in one build")
    return Path(path)


# Folders made and found inside their output folder by `target`, in this process: each is checked
# once, not at every file. A build writes into a folder it has just created (`swap.new_folder`), and
# the build itself never writes a link, so a folder checked once stays what it was.
_FOLDERS: set[str] = set()


@functools.lru_cache(maxsize=64)
def _real(folder: str) -> str:
    """Return the real path of an output folder (links followed), once per folder and process."""
    return os.path.realpath(folder)


def _inside(path: str, base: str) -> bool:
    """Say whether `path` is strictly under `base` (both normalised)."""
    return path.startswith(base.rstrip(os.sep) + os.sep)


def write_text(root: Path, relative: str, text: str) -> None:
    """Write a text file (UTF-8) under `root`, once."""
    target(root, relative).write_text(text, encoding="utf-8")


def write_bytes(root: Path, relative: str, data: bytes) -> None:
    """Write a binary file (e.g. Parquet) under `root`, once."""
    target(root, relative).write_bytes(data)


def copy_file(root: Path, relative: str, source: Path) -> Path:
    """Copy an existing file's bytes to `relative` under `root`, once; return where it went."""
    path = target(root, relative)
    shutil.copyfile(source, path)
    return path


def link_file(root: Path, relative: str, source: Path) -> Path:
    """Publish an existing file at `relative` under `root` without rewriting it: a hard link, else a copy.

    Safe because a build never opens an existing file for writing (see `target`).
    """
    path = target(root, relative)
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)
    return path


def copy_tree(root: Path, relative: str, source: Path, link: bool = True) -> None:
    """Publish every file of the folder `source` under `relative` (hard links when `link`), each once."""
    publish = link_file if link else copy_file
    for path in sorted(p for p in Path(source).rglob("*") if p.is_file()):
        publish(root, f"{relative}/{path.relative_to(source).as_posix()}", path)


def trusted_html(html: str) -> Markup:
    """Mark sanitised HTML as safe: the single place trusted HTML enters a template."""
    return Markup(html)


_JOINED = re.compile(r"\S*[-/\u2010-\u2015]\S*")  # a word a browser may wrap inside: at a hyphen, a dash or a slash


def unbroken(text: str) -> Markup:
    """Escape text for a table cell that wraps, keeping each word with a hyphen, a dash or a slash on one
    line (a date, `non-earning`, `tao_in/alpha_in`, a name like `404—GEN`): the cell then wraps at spaces only."""
    return trusted_html(_JOINED.sub(lambda m: f'<span class="word">{m.group(0)}</span>', str(escape(text))))
