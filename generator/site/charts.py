"""Charts: deterministic SVG drawn with matplotlib (Agg), cached on disk by the hash of their inputs."""

from __future__ import annotations

import functools
import math
import re
from datetime import date
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN, TICKLEFT, MarkerStyle
from matplotlib.ticker import MaxNLocator, ScalarFormatter
from matplotlib.transforms import Transform, blended_transform_factory, offset_copy

from generator.site import chart_svg
from generator.site.chart_spec import (  # noqa: F401  (re-exported: the drawing's layout)
    BAR_ROW_PT,
    BARS_TOP_PT,
    CURVE_AXES_PT,
    CURVE_HEIGHT_PT,
    FONT_PT,
    HISTORY_AXIS_PT,
    HISTORY_HEIGHT_PT,
    HISTORY_LEFT_PT,
    HISTORY_RIGHT_PT,
    LINE_PT,
    PANEL_GAP_PT,
    PANEL_PT,
    STYLE_VERSION,
    TICK_PAD_PT,
    TICK_PT,
    UNDER_AXIS_PT,
    UNIT_PT,
    WIDTH_PT,
    Chart,
    bars_height_pt,
    figure_size_pt,
    size_px,
)

if TYPE_CHECKING:
    from matplotlib.text import Text
    from matplotlib.typing import RcKeyType

# Text, ticks and spines are drawn in this placeholder and written as `currentColor`, so a page or a
# stylesheet can colour them (dark mode); it is a colour no chart uses for anything else.
INK = "#010203"
STYLE: dict[RcKeyType, Any] = {  # the value types of `matplotlib.rcParams`
    "svg.hashsalt": "subnet-report",  # stable element ids: same inputs, same bytes
    "svg.fonttype": "none",  # text stays text: smaller files, no outlined glyphs
    "text.parse_math": False,  # subnet names are untrusted: never interpret `$...$`
    "font.size": FONT_PT,
    "font.sans-serif": ["DejaVu Sans"],  # laid out with DejaVu metrics, shown in any sans-serif
    "axes.spines.top": False,
    "axes.spines.right": False,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.major.size": TICK_PT,
    "ytick.major.size": TICK_PT,
    "xtick.major.pad": TICK_PAD_PT,
    "ytick.major.pad": TICK_PAD_PT,
}
matplotlib.rcParams.update(STYLE)
ACCENT = "#2f5d8a"
TICK_GAP_PT = 8.0  # least white space between two x tick labels
_UPRIGHT = re.compile(r' transform="rotate\(-0 [^"]*\)"')
# An <img> cannot inherit the page's colour, so each chart colours itself for the reader's scheme: the
# same media query as the stylesheet, ink and accent matching its light and dark palettes. The
# selectors match the styles as `chart_svg.compact` writes them (no space after the colon).
SCHEME_CSS = (
    "svg{color:#1d2733}"
    "@media (prefers-color-scheme:dark){svg{color:#dde3ea}"
    f'[style*="fill:{ACCENT}"]{{fill:#6f9fd0!important}}[style*="stroke:{ACCENT}"]{{stroke:#8dbbea!important}}}}'
)


def _canvas(fig: Figure) -> Figure:
    """Give a new figure the SVG canvas, at 72 dpi (a point is a unit of the SVG, as `print_svg` draws)."""
    FigureCanvasSVG(fig)
    fig.set_dpi(72)
    return fig


def _finish(fig: Figure) -> str:
    """Serialise a figure to compact SVG text: no metadata, text and axes in `currentColor`."""
    _place_marks(fig)
    svg = _UPRIGHT.sub("", chart_svg.render(fig))  # "rotate(-0 x y)" on every label does nothing
    svg = svg.replace('<style type="text/css">', f'<style type="text/css">{SCHEME_CSS}', 1)
    return chart_svg.compact(svg.replace(INK, "currentColor"))


def _rect(height_pt: float, left: float, right: float, top: float, bottom: float) -> tuple[float, float, float, float]:
    """An axes rectangle in figure fractions from margins in points."""
    return (left / WIDTH_PT, bottom / height_pt, 1 - (left + right) / WIDTH_PT, 1 - (top + bottom) / height_pt)


def _bare(fig: Figure) -> None:
    """Drop the background rectangles (the page shows through, dark mode too), pin empty axis labels
    and draw each axis's tick marks as one artist (`_tick_marks`).

    A pinned label is never re-placed, so matplotlib does not measure tick labels to move it.
    """
    fig.patch.set_visible(False)
    for ax in fig.axes:
        ax.patch.set_visible(False)
        ax.yaxis.set_label_coords(0, 0.5)  # no chart has a y label: the unit sits above the axes
        if not ax.get_xlabel():
            ax.xaxis.set_label_coords(0.5, 0)
        _tick_marks(ax)


MARKS_X, MARKS_Y = "_tick marks x", "_tick marks y"  # labels (never drawn) that find the marks again


def _tick_marks(ax: Axes) -> None:
    """Hide matplotlib's tick marks (one artist a tick) and add one line of markers per axis in their place.

    The same `<use>` of the same mark at the same places, with one artist per axis rather than one per
    tick (drawing lines, mostly tick marks, took a third of a chart's time). A hidden tick keeps its
    length, so its label keeps its distance from the axis.
    """
    ax.tick_params(bottom=False, left=False)
    for label, marker, transform, width in (
        (MARKS_X, TICKDOWN, ax.get_xaxis_transform(), matplotlib.rcParams["xtick.major.width"]),
        (MARKS_Y, TICKLEFT, ax.get_yaxis_transform(), matplotlib.rcParams["ytick.major.width"]),
    ):
        marks = Line2D([], [], linestyle="none", marker=MarkerStyle(marker), markersize=TICK_PT, markeredgewidth=width)
        marks.set(color=INK, label=label, transform=transform, clip_on=False, zorder=2.01)
        ax.add_artist(marks)


def _inside(locations: Any, limits: tuple[float, float]) -> list[float]:
    """The tick locations an axis with these limits shows (a hair's tolerance at each end, as matplotlib)."""
    low, high = sorted(limits)
    hair = 1e-10 * (high - low)
    return [float(v) for v in locations if low - hair <= v <= high + hair]


def _place_marks(fig: Figure) -> None:
    """Put each axis's tick marks where its ticks are now (call once limits and ticks are set)."""
    for ax in fig.axes:
        for line in ax.get_lines():
            if line.get_label() == MARKS_X:
                xs = _inside(ax.xaxis.get_majorticklocs(), ax.get_xlim())
                line.set_data(xs, [0.0] * len(xs))
            elif line.get_label() == MARKS_Y:
                ys = _inside(ax.yaxis.get_majorticklocs(), ax.get_ylim())
                line.set_data([0.0] * len(ys), ys)


def _under_axis(ax: Axes) -> Transform:
    """A transform for text one line under the x tick labels: x in data, y in points below the axes."""
    base = blended_transform_factory(ax.transData, ax.transAxes)
    # ignore: the stub takes Figure only, but offset_copy reads just `fig.dpi_scale_trans`, which a SubFigure has
    return offset_copy(base, fig=ax.figure, y=-(TICK_PT + TICK_PAD_PT + LINE_PT + 2.0), units="points")  # type: ignore[arg-type]


def _unit_label(ax: Axes, text: str) -> None:
    """Write the y unit above the axes, left-aligned: it never meets the tick labels, whatever their width."""
    # ignore: the stub takes Figure only, but offset_copy reads just `fig.dpi_scale_trans`, which a SubFigure has
    above = offset_copy(ax.transAxes, fig=ax.figure, y=8.0, units="points")  # type: ignore[arg-type]
    ax.text(0, 1, text, transform=above, ha="left", va="bottom")


def _xlabel(ax: Axes, text: str, axes_height_pt: float) -> None:
    """Place the x label one line under the tick labels (one line of text each)."""
    ax.set_xlabel(text, va="top")
    ax.xaxis.set_label_coords(0.5, -(TICK_PT + TICK_PAD_PT + LINE_PT + 2.0) / axes_height_pt)


def _skip_layout(ax: Axes) -> None:
    """Keep tick labels out of layout: with fixed label positions nothing needs their extents."""
    for axis in (ax.xaxis, ax.yaxis):
        for tick in axis.get_major_ticks():
            tick.label1.set_in_layout(False)


@functools.cache
def text_width_pt(text: str) -> float:
    """Width of one line of chart text in points (DejaVu Sans at the chart's font size)."""
    width, _, _ = chart_svg.text_extent(text, FontProperties(size=STYLE["font.size"]), False)
    return width


def spaced_ticks(labels: list[str], axis_width_pt: float) -> list[int]:
    """Pick x tick positions, latest first, so that centred labels never touch."""
    if not labels:
        return []
    per_slot = axis_width_pt / len(labels)  # the x axis spans one slot per label
    widest = max(text_width_pt(label) for label in labels)
    gap = max(1, math.ceil((widest + TICK_GAP_PT) / per_slot))
    return sorted(range(len(labels) - 1, -1, -gap))


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(label: str) -> tuple[str, str]:
    """Split an edition id into a short date ("Mar 22") and its year; any other label stays whole."""
    try:
        day = date.fromisoformat(label)
    except ValueError:
        return label, ""
    return f"{MONTHS[day.month - 1]} {day.day}", str(day.year)


def year_marks(years: list[str], ticks: list[int]) -> list[int]:
    """The ticks that show their year: the first one, and each one whose year differs from the last shown."""
    marks, shown = [], None
    for tick in ticks:
        if years[tick] and years[tick] != shown:
            marks.append(tick)
        shown = years[tick]
    return marks


def fitted(label: str, width_pt: float) -> str:
    """Shorten a label with an ellipsis until it is at most `width_pt` wide."""
    text = label
    while text and text_width_pt(text if text == label else text + "…") > width_pt:
        text = text[:-1].rstrip()
    return text if text == label else text + "…"


MARK_ALL_UP_TO = 12  # editions; a longer series marks only what its line cannot show


def marked(values: list[float]) -> list[int]:
    """Indices of the points drawn as dots: all known ones in a short series; in a long one the latest
    and any known point between two unknown ones (no line reaches it), so a year of markers costs nothing.
    """
    known = [not math.isnan(v) for v in values]
    if len(values) <= MARK_ALL_UP_TO:
        return [i for i, k in enumerate(known) if k]

    def alone(i: int) -> bool:
        return (i == 0 or not known[i - 1]) and (i == len(values) - 1 or not known[i + 1])

    return [i for i, k in enumerate(known) if k and (i == len(values) - 1 or alone(i))]


@functools.cache
def _history_figure() -> tuple[Figure, list[Axes], list[Line2D], list[Text]]:
    """Create the history figure once per process (share above price); charts only update its data.

    Reusing one figure halves the drawing time (tick objects are created once) and gives the
    same bytes as a fresh figure, since every property that varies is set on each use.
    """
    fig = _canvas(Figure(figsize=(WIDTH_PT / 72, HISTORY_HEIGHT_PT / 72)))
    lower = UNDER_AXIS_PT
    upper = UNDER_AXIS_PT + PANEL_PT + UNIT_PT + PANEL_GAP_PT
    axes = [
        fig.add_axes(
            _rect(HISTORY_HEIGHT_PT, HISTORY_LEFT_PT, HISTORY_RIGHT_PT, HISTORY_HEIGHT_PT - upper - PANEL_PT, upper)
        ),
        fig.add_axes(
            _rect(HISTORY_HEIGHT_PT, HISTORY_LEFT_PT, HISTORY_RIGHT_PT, HISTORY_HEIGHT_PT - lower - PANEL_PT, lower)
        ),
    ]
    lines = [ax.plot([], [], marker="o", markersize=4, color=ACCENT)[0] for ax in axes]
    _unit_label(axes[0], "emission share (%)")
    _unit_label(axes[1], "price (TAO per alpha)")
    for ax in axes:
        ax.yaxis.set_major_locator(MaxNLocator(4))
        plain = ScalarFormatter(useOffset=False)
        plain.set_scientific(False)  # a tiny price is written out, never as an offset above the unit label
        ax.yaxis.set_major_formatter(plain)
    axes[0].tick_params(axis="x", labelbottom=False)  # both panels share the dates written under the lower
    _bare(fig)
    return fig, axes, lines, []


def _upper(values: list[float]) -> float:
    """Return a y-axis top that leaves a little room above the largest known value."""
    known = [v for v in values if not math.isnan(v)]
    return max(known) * 1.1 if known and max(known) > 0 else 1.0


def _y_labels_width(ax: Axes) -> float:
    """Width in points of the widest y tick label the axes will draw for its current limits."""
    low, high = ax.get_ylim()
    locs = [v for v in ax.yaxis.get_major_locator().tick_values(low, high) if low <= v <= high]
    return max((text_width_pt(s) for s in ax.yaxis.get_major_formatter().format_ticks(locs)), default=0.0)


def _history_left(axes: list) -> float:
    """Left margin in points: the usual one, or wider when a price's tick labels need it."""
    widest = max(_y_labels_width(ax) for ax in axes)
    return max(HISTORY_LEFT_PT, widest + TICK_PT + TICK_PAD_PT + 4.0)


def draw_history(data: dict) -> str:
    """Emission share (%) above price (TAO) across editions, dates as "Mar 22"; unknown leaves a gap."""
    fig, axes, lines, years_drawn = _history_figure()
    short, years = zip(*(short_date(e) for e in data["editions"])) if data["editions"] else ((), ())
    for ax, line, values in zip(axes, lines, (data["share_pct"], data["price"])):
        ys = [math.nan if v is None else v for v in values]
        line.set_data(range(len(short)), ys)
        line.set_markevery(marked(ys))
        ax.set_xlim(-0.5, len(short) - 0.5)
        ax.set_ylim(0, _upper(ys))
    left = _history_left(axes)
    ticks = spaced_ticks(list(short), WIDTH_PT - left - HISTORY_RIGHT_PT)
    for ax in axes:
        box = ax.get_position()
        ax.set_position((left / WIDTH_PT, box.y0, 1 - (left + HISTORY_RIGHT_PT) / WIDTH_PT, box.height))
        ax.set_xticks(ticks, [short[i] for i in ticks])
        _skip_layout(ax)
    while years_drawn:
        years_drawn.pop().remove()
    under = _under_axis(axes[1])
    for tick in year_marks(list(years), ticks):
        years_drawn.append(axes[1].text(tick, 0, years[tick], transform=under, ha="center", va="top"))
    return _finish(fig)


@functools.cache
def _curve_figure() -> tuple[Figure, Axes, Line2D]:
    """Create the concentration-curve figure once per process (see `_history_figure`)."""
    fig = _canvas(Figure(figsize=(WIDTH_PT / 72, CURVE_HEIGHT_PT / 72)))
    ax = fig.add_axes(_rect(CURVE_HEIGHT_PT, 40.0, 14.0, UNIT_PT, UNDER_AXIS_PT))
    (line,) = ax.step([], [], where="post", color=ACCENT)
    ax.set_ylim(0, 100)
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    _xlabel(ax, "miner coldkeys, largest earner first", CURVE_AXES_PT)
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


BAR_LABEL_MAX_PT = 0.5 * WIDTH_PT  # a longer subnet name is shortened: the bars keep half the width


def draw_bars(data: dict) -> str:
    """Horizontal bars, largest on top (top earners, top subnets), labels as wide as the widest needs."""
    labels = [fitted(label, BAR_LABEL_MAX_PT) for label in data["labels"]]
    values = data["values"]
    height = bars_height_pt(len(labels))
    left = max((text_width_pt(label) for label in labels), default=0.0) + TICK_PT + TICK_PAD_PT + 4.0
    fig = _canvas(Figure(figsize=(WIDTH_PT / 72, height / 72)))
    ax = fig.add_axes(_rect(height, left, 14.0, BARS_TOP_PT, UNDER_AXIS_PT))
    positions = range(len(labels))[::-1]
    ax.barh(list(positions), values, color=ACCENT)
    ax.set_yticks(list(positions), labels)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    _xlabel(ax, data["xlabel"], height - BARS_TOP_PT - UNDER_AXIS_PT)
    _bare(fig)
    _skip_layout(ax)
    return _finish(fig)


DRAWERS = {"history": draw_history, "bars": draw_bars, "curve": draw_curve}


def draw(chart: Chart) -> str:
    """Draw one chart to SVG text."""
    return DRAWERS[chart.kind](chart.data)
