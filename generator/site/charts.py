"""Charts: deterministic SVG drawn with matplotlib (Agg), cached on disk by the hash of their inputs."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator

# Bump when the drawing code changes, so cached charts are redrawn.
STYLE_VERSION = 4
# Text, ticks and spines are drawn in this placeholder and written as `currentColor`, so a page or a
# stylesheet can colour them (dark mode); it is a colour no chart uses for anything else.
INK = "#010203"
STYLE = {
    "svg.hashsalt": "subnet-report",  # stable element ids: same inputs, same bytes
    "svg.fonttype": "none",  # text stays text: smaller files, no outlined glyphs
    "text.parse_math": False,  # subnet names are untrusted: never interpret `$...$`
    "font.size": 9,
    "font.sans-serif": ["DejaVu Sans"],  # laid out with DejaVu metrics, shown in any sans-serif
    "axes.spines.top": False,
    "axes.spines.right": False,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
}
matplotlib.rcParams.update(STYLE)
ACCENT = "#2f5d8a"
WIDTH_PT = 518.4  # 7.2 in at 72 points per inch: SVG user units are points
TICK_GAP_PT = 8.0  # least white space between two x tick labels
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_UPRIGHT = re.compile(r' transform="rotate\(-0 [^"]*\)"')
# An <img> cannot inherit the page's colour, so each chart colours itself for the reader's scheme: the
# same media query as the stylesheet, ink and accent matching its light and dark palettes.
SCHEME_CSS = (
    "svg{color:#1d2733}"
    "@media (prefers-color-scheme:dark){svg{color:#dde3ea}"
    f'[style*="fill: {ACCENT}"]{{fill:#6f9fd0!important}}[style*="stroke: {ACCENT}"]{{stroke:#8dbbea!important}}}}'
)


@dataclass(frozen=True)
class Chart:
    """One chart: what to draw (kind + JSON-able data) and its text alternative."""

    name: str
    kind: str
    data: dict
    title: str
    alt: str
    table: list[tuple[str, str]] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Hash of everything that decides the drawing (matplotlib's version included)."""
        payload = json.dumps([STYLE_VERSION, matplotlib.__version__, self.kind, self.data], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()


def _finish(fig: Figure) -> str:
    """Serialise a figure to SVG text: no metadata, text and axes in `currentColor`."""
    buffer = io.StringIO()
    FigureCanvasSVG(fig).print_svg(buffer, metadata=NO_METADATA)
    svg = _UPRIGHT.sub("", buffer.getvalue())  # "rotate(-0 x y)" on every label does nothing
    svg = svg.replace('<style type="text/css">', f'<style type="text/css">{SCHEME_CSS}', 1)
    return svg.replace(INK, "currentColor")


def size_px(chart: Chart) -> tuple[int, int]:
    """The chart's width and height in CSS pixels (96 per inch), as its drawer sizes the figure."""
    inches = 0.25 * len(chart.data["labels"]) + 0.7 if chart.kind == "bars" else 2.4
    return round(WIDTH_PT / 72 * 96), round(inches * 96)


def _bare(fig: Figure) -> None:
    """Drop the background rectangles (the page shows through, dark mode too) and pin empty axis labels.

    A pinned label is never re-placed, so matplotlib does not measure tick labels to move it.
    """
    fig.patch.set_visible(False)
    for ax in fig.axes:
        ax.patch.set_visible(False)
        ax.yaxis.set_label_coords(0, 0.5)  # no chart has a y label: the unit sits above the axes
        if not ax.get_xlabel():
            ax.xaxis.set_label_coords(0.5, 0)


def _unit_label(ax: Axes, text: str) -> None:
    """Write the y unit above the axes, left-aligned: it never meets the tick labels, whatever their width."""
    ax.text(0, 1.04, text, transform=ax.transAxes, ha="left", va="bottom")


def _xlabel(ax: Axes, text: str, height_pt: float) -> None:
    """Place the x label at a fixed distance under the axes (tick labels are one line of 9 pt text)."""
    ax.set_xlabel(text)
    ax.xaxis.set_label_coords(0.5, -22.0 / height_pt)


def _skip_layout(ax: Axes) -> None:
    """Keep tick labels out of layout: with fixed label positions nothing needs their extents."""
    for axis in (ax.xaxis, ax.yaxis):
        for tick in axis.get_major_ticks():
            tick.label1.set_in_layout(False)


@functools.cache
def text_width_pt(text: str) -> float:
    """Width of one line of chart text in points (DejaVu Sans at the chart's font size)."""
    width, _, _ = TextToPath().get_text_width_height_descent(
        text, FontProperties(size=STYLE["font.size"]), ismath=False
    )
    return width


def spaced_ticks(labels: list[str], axis_width_pt: float) -> list[int]:
    """Pick x tick positions, latest first, so that centred labels never touch."""
    if not labels:
        return []
    per_slot = axis_width_pt / len(labels)  # the x axis spans one slot per label
    widest = max(text_width_pt(label) for label in labels)
    gap = max(1, math.ceil((widest + TICK_GAP_PT) / per_slot))
    return sorted(range(len(labels) - 1, -1, -gap))


HISTORY_BOX = {"left": 0.09, "right": 0.95, "bottom": 0.12, "top": 0.86, "wspace": 0.3}
HISTORY_AXIS_PT = WIDTH_PT * (HISTORY_BOX["right"] - HISTORY_BOX["left"]) / (2 + HISTORY_BOX["wspace"])


@functools.cache
def _history_figure() -> tuple[Figure, list, list]:
    """Create the two-panel history figure once per process; charts only update its data.

    Reusing one figure halves the drawing time (tick objects are created once) and gives the
    same bytes as a fresh figure, since every property that varies is set on each use.
    """
    fig = Figure(figsize=(WIDTH_PT / 72, 2.4))
    fig.subplots_adjust(**HISTORY_BOX)
    axes = list(fig.subplots(1, 2))
    lines = [ax.plot([], [], marker="o", markersize=4, color=ACCENT)[0] for ax in axes]
    _unit_label(axes[0], "emission share (%)")
    _unit_label(axes[1], "price (TAO per alpha)")
    for ax in axes:
        ax.yaxis.set_major_locator(MaxNLocator(4))
    _bare(fig)
    return fig, axes, lines


def _upper(values: list[float]) -> float:
    """Return a y-axis top that leaves a little room above the largest known value."""
    known = [v for v in values if not math.isnan(v)]
    return max(known) * 1.1 if known and max(known) > 0 else 1.0


def draw_history(data: dict) -> str:
    """Emission share (%) and price (TAO) across editions, side by side; unknown leaves a gap."""
    fig, axes, lines = _history_figure()
    labels = data["editions"]
    ticks = spaced_ticks(labels, HISTORY_AXIS_PT)
    for ax, line, values in zip(axes, lines, (data["share_pct"], data["price"])):
        ys = [math.nan if v is None else v for v in values]
        line.set_data(range(len(labels)), ys)
        ax.set_xticks(ticks, [labels[i] for i in ticks])
        ax.set_xlim(-0.5, len(labels) - 0.5)
        ax.set_ylim(0, _upper(ys))
        _skip_layout(ax)
    return _finish(fig)


CURVE_HEIGHT_PT = 2.4 * 72 * (0.86 - 0.2)


@functools.cache
def _curve_figure() -> tuple[Figure, object, object]:
    """Create the concentration-curve figure once per process (see `_history_figure`)."""
    fig = Figure(figsize=(WIDTH_PT / 72, 2.4))
    fig.subplots_adjust(left=0.09, right=0.97, bottom=0.2, top=0.86)
    ax = fig.subplots()
    (line,) = ax.step([], [], where="post", color=ACCENT)
    ax.set_ylim(0, 100)
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    _xlabel(ax, "miner coldkeys, largest earner first", CURVE_HEIGHT_PT)
    _unit_label(ax, "share of miner emission (%)")
    _bare(fig)
    return fig, ax, line


def draw_curve(data: dict) -> str:
    """Cumulative share held by the k largest holders, k = 1..n (a concentration curve)."""
    fig, ax, line = _curve_figure()
    values = data["cumulative_pct"]
    line.set_data(range(1, len(values) + 1), values)
    ax.set_xlim(0, len(values) + 1)
    _skip_layout(ax)
    return _finish(fig)


def draw_bars(data: dict) -> str:
    """Horizontal bars, largest on top (top earners, top subnets)."""
    labels, values = data["labels"], data["values"]
    height = 0.25 * len(labels) + 0.7
    fig = Figure(figsize=(WIDTH_PT / 72, height))
    fig.subplots_adjust(left=0.25, right=0.97, bottom=0.5 / height, top=1 - 0.15 / height)
    ax = fig.subplots()
    positions = range(len(labels))[::-1]
    ax.barh(list(positions), values, color=ACCENT)
    ax.set_yticks(list(positions), labels)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    _xlabel(ax, data["xlabel"], 72 * height - 72 * (0.5 + 0.15))  # the axes' height in points
    _bare(fig)
    _skip_layout(ax)
    return _finish(fig)


DRAWERS = {"history": draw_history, "bars": draw_bars, "curve": draw_curve}


def draw(chart: Chart) -> str:
    """Draw one chart to SVG text."""
    return DRAWERS[chart.kind](chart.data)
