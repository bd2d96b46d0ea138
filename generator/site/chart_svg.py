"""From a drawn figure to small SVG text: render it (each text measured once per process), then compact it.

matplotlib has no setting for the compaction (its `svg.*` settings are fonttype, hashsalt, id and
image_inline), so `compact` rewrites its output, which has a known, regular shape: one tag after
another, attribute values escaped (no `<` or `>` inside a tag), text only inside `<text>` and
`<style>`. Text between tags is never changed, so labels (a price such as 0.000012) keep every digit.
"""

from __future__ import annotations

import functools
import io
import re
from typing import TYPE_CHECKING

from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

if TYPE_CHECKING:
    from typing import Literal

    from matplotlib.figure import Figure

DECIMALS = 2  # a coordinate in points: 0.01 pt is 0.013 CSS px at the chart's 432 px width
_BETWEEN_TAGS = re.compile(r">\s+<")
_TEXT_BETWEEN = re.compile(r"(>[^<]+<)")  # text inside <text> and <style>: never changed
_LONG_NUMBER = re.compile(rf"-?\d+\.\d{{{DECIMALS + 1},}}")
_PATH_DATA = re.compile(r' d="([^"]*)"')
_COMMAND = re.compile(r"\s*([A-Za-z])\s*")
_GROUP = re.compile(r"<g\b[^>]*>|</g>")
_ID_ONLY = re.compile(r'<g(?: id="[^"]*")?\s*(/?)>')
_TEXT_STYLE = re.compile(r'<text style="([^"]*)"')
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'  # says what the file is; no DOCTYPE (no DTD is read)
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_TEXT_TO_PATH = TextToPath()


@functools.cache
def text_extent(text: str, font: FontProperties, ismath: bool | Literal["TeX"]) -> tuple[float, float, float]:
    """Width, height and descent of a text in points, as the SVG renderer measures it, once per process."""
    return _TEXT_TO_PATH.get_text_width_height_descent(text, font, ismath)


class _Renderer(RendererSVG):
    """matplotlib's SVG renderer, but each text is measured once per process, not once per chart.

    matplotlib caches measurements per renderer, and a renderer writes one file: without this, every
    chart measured its tick labels anew (a quarter of its drawing time).
    """

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: bool | Literal["TeX"]
    ) -> tuple[float, float, float]:
        """Measure a text (a copy of its font is the key: fonts are mutable)."""
        return text_extent(s, prop.copy(), ismath)


def render(fig: Figure) -> str:
    """Draw a figure (at 72 dpi: a point is a unit of the SVG) to matplotlib's SVG text, without metadata."""
    buffer = io.StringIO()
    width, height = fig.get_size_inches() * 72
    renderer = _Renderer(width, height, buffer, metadata=NO_METADATA)
    fig.draw(renderer)
    renderer.finalize()
    return buffer.getvalue()


def _short_number(match: re.Match[str]) -> str:
    """Write a number with at most DECIMALS decimals and no trailing zeros ("-0" is "0")."""
    text = f"{float(match.group()):.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _short_path(match: re.Match[str]) -> str:
    """Write path data without the spaces around its commands ("M 0 2 \\nL 1 2" is "M0 2L1 2")."""
    data = _COMMAND.sub(r"\1", match.group(1)).strip()
    return f' d="{data}"'


def _short_tags(tags: str) -> str:
    """Shorten a run of tags: numbers rounded, path data and styles without spaces.

    Only style values hold ": ", "; " or ", " in matplotlib's tags ("font-family: 'DejaVu Sans', sans-serif").
    """
    tags = tags.replace(": ", ":").replace("; ", ";").replace(", ", ",")
    return _PATH_DATA.sub(_short_path, _LONG_NUMBER.sub(_short_number, tags))


def unwrap_groups(svg: str) -> str:
    """Drop each `<g>` that has nothing but an id (matplotlib names every artist so), keeping its content.

    Nothing refers to a group's id (references point at `<defs>` paths and clip paths), so such a
    group changes nothing in the picture; a group with any other attribute (a clip path) stays.
    """
    parts: list[str] = []
    kept: list[bool] = []  # for each open group: whether its closing tag is written
    start = 0
    for match in _GROUP.finditer(svg):
        parts.append(svg[start : match.start()])
        start = match.end()
        tag = match.group()
        bare = _ID_ONLY.fullmatch(tag)
        if tag == "</g>":
            parts.append(tag if kept.pop() else "")
        elif bare is None:  # a group that does something: kept whole
            parts.append(tag)
            if not tag.endswith("/>"):
                kept.append(True)
        elif not bare.group(1):  # a bare group opens: its content stays, its two tags go
            kept.append(False)
    parts.append(svg[start:])
    return "".join(parts)


def share_text_font(svg: str) -> str:
    """Name the font family every `<text>` repeats once, on the root `<svg>`, which its texts inherit.

    An attribute rather than a style sheet rule: a page that shows the chart inline under a strict
    Content-Security-Policy (no inline style sheets, as the site's own pages) still applies it.
    """
    styles = [s.split(";") for s in _TEXT_STYLE.findall(svg)]
    family = next((d for d in styles[0] if d.startswith("font-family:")), None) if styles else None
    if family is None or len(styles) != svg.count("<text") or not all(family in s for s in styles):
        return svg  # a text of another family, or of none, would take on this one

    def own(match: re.Match[str]) -> str:
        rest = ";".join(d for d in match.group(1).split(";") if d != family)
        return f'<text style="{rest}"' if rest else "<text"

    svg = _TEXT_STYLE.sub(own, svg)
    return svg.replace("<svg ", f'<svg font-family="{family.split(":", 1)[1]}" ', 1)


def compact(svg: str) -> str:
    """Return matplotlib's SVG text with the same picture in fewer bytes.

    Keeps of the prolog only a short XML declaration (no DOCTYPE), drops the white space between tags;
    rounds coordinates to DECIMALS; writes path data and styles without spaces; unwraps groups that
    only carry an id; names the font family shared by every text once, on the root.
    """
    svg = _BETWEEN_TAGS.sub("><", svg[svg.index("<svg") :])  # the prolog is written anew, below
    root_end = svg.index(">") + 1  # the root's size and viewBox stay exact: the page is told the same size
    pieces = _TEXT_BETWEEN.split(svg[root_end:])  # tags, text, tags, text, ..., tags
    pieces[::2] = [_short_tags(tags) for tags in pieces[::2]]
    svg = svg[:root_end] + "".join(pieces)
    return XML_DECLARATION + share_text_font(unwrap_groups(svg))
