"""What a chart is, before any drawing: its data, text alternative, size and cache key (no matplotlib).

Pages and the build plan charts with this module alone; `generator/site/charts.py` draws them, in
the chart workers (`generator/build/drawing.py`), so a build's own process never imports matplotlib
unless it draws a chart itself.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version

# Bump when the drawing code changes, so cached charts are redrawn.
STYLE_VERSION = 7
# Phone first: a chart is drawn 4.5 in (432 CSS px) wide, close to a phone's column, with text at the
# page's caption size (10.5 pt = 14 CSS px). A 390 px phone shows it 358 px wide, so its text is still
# 14 x 358 / 432 = 11.6 CSS px high; on a wide screen it keeps its natural size (see style.css).
WIDTH_PT = 324.0
FONT_PT = 10.5
TICK_PT = 3.5  # tick length; the label sits TICK_PAD_PT beyond it
TICK_PAD_PT = 4.0
LINE_PT = 1.25 * FONT_PT  # one line of chart text, with its leading


@cache
def _matplotlib_version() -> str:
    """The installed matplotlib's version, read from its metadata (importing it costs half a second)."""
    return version("matplotlib")


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
        payload = json.dumps([STYLE_VERSION, _matplotlib_version(), self.kind, self.data], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()


# Layout in points, top to bottom. A unit label sits above its panel; under an x axis come the tick
# labels (one line) and, a line further down, the x label or the year of a date.
UNIT_PT = LINE_PT + 10.0
UNDER_AXIS_PT = TICK_PT + TICK_PAD_PT + 2 * LINE_PT + 6.0
PANEL_PT = 76.0
HISTORY_LEFT_PT, HISTORY_RIGHT_PT = 50.0, 24.0  # at least six-character price ticks; half a date at the right
PANEL_GAP_PT = 8.0  # between the share panel's axis and the price panel's unit
HISTORY_HEIGHT_PT = 2 * (UNIT_PT + PANEL_PT) + PANEL_GAP_PT + UNDER_AXIS_PT
HISTORY_AXIS_PT = WIDTH_PT - HISTORY_LEFT_PT - HISTORY_RIGHT_PT  # unless a price's ticks widen the margin
CURVE_AXES_PT = 112.0
CURVE_HEIGHT_PT = UNIT_PT + CURVE_AXES_PT + UNDER_AXIS_PT
BAR_ROW_PT = 19.0
BARS_TOP_PT = 6.0


def bars_height_pt(count: int) -> float:
    """Height in points of a bar chart of `count` bars: one row a bar, and the x axis under them."""
    return BARS_TOP_PT + BAR_ROW_PT * count + UNDER_AXIS_PT


def figure_size_pt(chart: Chart) -> tuple[float, float]:
    """The chart's width and height in points, as its drawer sizes the figure."""
    if chart.kind == "bars":
        return WIDTH_PT, bars_height_pt(len(chart.data["labels"]))
    return WIDTH_PT, HISTORY_HEIGHT_PT if chart.kind == "history" else CURVE_HEIGHT_PT


def size_px(chart: Chart) -> tuple[int, int]:
    """The chart's width and height in CSS pixels (96 per inch, 72 points per inch)."""
    width, height = figure_size_pt(chart)
    return round(width * 4 / 3), round(height * 4 / 3)
