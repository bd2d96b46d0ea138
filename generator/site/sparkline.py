"""Sparklines: one figure across a subnet's editions as a tiny inline SVG, with its text alternative.

The SVG is a deterministic string (fixed size, coordinates to one decimal), drawn in `currentColor`
so it reads on light and dark backgrounds. An unknown point is a gap in the line, never a zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator import format as fmt
from generator.metrics.scorecard import METRICS
from generator.site.writer import trusted_html

WIDTH, HEIGHT, PAD = 96, 24, 3
MAX_POINTS = 52  # the newest editions of the life shown; a year of weekly editions


@dataclass(frozen=True)
class Series:
    """One figure across editions, oldest first; None where unknown."""

    label: str
    editions: list[str]
    values: list[float | None]
    format: Callable[[object], str]  # the figure's unit formatter
    change: Callable[[float, float], str]  # first and last known values -> the change, "" when not comparable


def known(value: object) -> float | None:
    """Return a finite number, or None for unknown (None, NaN, infinite, not a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def share_change(first: float, last: float) -> str:
    """Change of a share between two editions, in percentage points."""
    return fmt.points((last - first) * 100)


def relative_change(first: float, last: float) -> str:
    """Change of a positive figure between two editions, in percent ("" from a base of 0)."""
    return "" if first <= 0 else fmt.signed_pct((last / first - 1) * 100)


def newest(series: Series, limit: int = MAX_POINTS) -> Series:
    """Keep the newest `limit` points."""
    return Series(series.label, series.editions[-limit:], series.values[-limit:], series.format, series.change)


def coordinates(
    values: Sequence[float | None], width: int = WIDTH, height: int = HEIGHT
) -> list[tuple[float, float] | None]:
    """Place each known value in the box (oldest at the left, largest at the top); None stays None."""
    numbers = [v for v in values if v is not None]
    if not numbers:
        return [None] * len(values)
    low, high = min(numbers), max(numbers)
    step = (width - 2 * PAD) / (len(values) - 1) if len(values) > 1 else 0.0
    points: list[tuple[float, float] | None] = []
    for i, value in enumerate(values):
        if value is None:
            points.append(None)
            continue
        x = PAD + i * step if len(values) > 1 else width / 2
        y = height / 2 if high == low else PAD + (high - value) / (high - low) * (height - 2 * PAD)
        points.append((round(x, 1), round(y, 1)))
    return points


def unknown_positions(count: int, values: Sequence[float | None], width: int = WIDTH) -> list[float]:
    """The x of each unknown point (none when nothing is known: the text says so)."""
    if count < 2 or all(v is None for v in values):
        return []
    step = (width - 2 * PAD) / (count - 1)
    return [round(PAD + i * step, 1) for i, v in enumerate(values) if v is None]


def segments(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Split points into runs of known ones: a gap at every unknown point."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def describe(series: Series) -> str:
    """Say in words what the line shows: editions, first and last known values, change, unknowns."""
    pairs = [(e, v) for e, v in zip(series.editions, series.values) if v is not None]
    count = len(series.editions)
    editions = f"{count} edition{'s' if count != 1 else ''}"
    span = f"{series.editions[0]} to {series.editions[-1]}" if count > 1 else (series.editions[0] if count else "")
    if not pairs:
        return f"{series.label}: unknown in all {editions}" + (f" ({span})." if span else ".")
    (first_edition, first), (last_edition, last) = pairs[0], pairs[-1]
    if len(pairs) == 1:
        text = f"{series.label} in {editions} ({span}): known once, {series.format(first)} ({first_edition})"
    else:
        text = (
            f"{series.label} in {editions} ({span}): first {series.format(first)} ({first_edition}), "
            f"last {series.format(last)} ({last_edition})"
        )
        change = series.change(first, last)
        text += f", change {change}" if change else ""
    unknown = count - len(pairs)
    return text + (f"; unknown in {unknown} edition{'s' if unknown != 1 else ''}." if unknown else ".")


def svg(series: Series, width: int = WIDTH, height: int = HEIGHT) -> str:
    """Draw the series as an SVG string: a path per run of known points, a dot on lone and last points."""
    label = escape(describe(series))
    points = coordinates(series.values, width, height)
    parts = [
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{label}"><title>{label}</title>'
    ]
    final = points[-1] if points else None
    for x in unknown_positions(len(series.values), series.values, width):
        # a faint dashed mark through the whole height: "no value here", which no level could be mistaken for
        parts.append(
            f'<line class="unknown" x1="{x}" y1="{PAD}" x2="{x}" y2="{height - PAD}" stroke="currentColor" '
            'stroke-width="1" stroke-dasharray="1 2" stroke-opacity="0.45"/>'
        )
    for run in segments(points):
        if len(run) == 1 and run[0] is not final:
            parts.append(f'<circle cx="{run[0][0]}" cy="{run[0][1]}" r="1.5" fill="currentColor"/>')
        elif len(run) > 1:
            d = " ".join(f"{'M' if i == 0 else 'L'}{x} {y}" for i, (x, y) in enumerate(run))
            parts.append(
                f'<path d="{d}" fill="none" stroke="currentColor" stroke-width="1.5" '
                'stroke-linejoin="round" stroke-linecap="round"/>'
            )
    if final is not None:  # the latest edition, marked whether it ends a line or stands alone
        parts.append(f'<circle class="last" cx="{final[0]}" cy="{final[1]}" r="2" fill="currentColor"/>')
    parts.append("</svg>")
    return "".join(parts)


def sparkline(series: Series, width: int = WIDTH, height: int = HEIGHT) -> Markup:
    """Return the series' SVG as trusted markup for a template (its text is escaped in `svg`)."""
    return trusted_html(svg(newest(series), width, height))


@dataclass(frozen=True)
class Trend:
    """A sparkline as a profile or report card shows it: its label, SVG, visible ends and text alternative."""

    label: str
    svg: Markup
    ends: str  # "first → last" of the known values, for the eye; `text` says it in full
    text: str


def ends(series: Series) -> str:
    """The first and last known values, "0.00% → 12.50%" (one value when known once, "unknown" when never)."""
    numbers = [v for v in series.values if v is not None]
    if not numbers:
        return fmt.UNKNOWN
    if len(numbers) == 1:
        return series.format(numbers[0])
    return f"{series.format(numbers[0])} → {series.format(numbers[-1])}"


def trend(series: Series) -> Trend:
    """Prepare one series for a page (the newest points only)."""
    shown = newest(series)
    return Trend(shown.label, trusted_html(svg(shown)), ends(shown), describe(shown))


def _price(record: dict) -> float | None:
    """A price that applies (root and subnets that are not trading have a reason instead)."""
    return None if isinstance(record.get("price_reason"), str) else known(record.get("price_tao"))


def trend_series(rows: Sequence[tuple[str, int, dict]]) -> tuple[Series, Series]:
    """Emission share and price across (edition, block, scorecard record) rows of one life, oldest first."""
    editions = [edition for edition, _, _ in rows]
    share = Series(
        "Emission share",
        editions,
        [known(record.get("emission_share")) for _, _, record in rows],
        METRICS["emission_share"].unit.format,
        share_change,
    )
    price = Series(
        "Price", editions, [_price(record) for _, _, record in rows], METRICS["price_tao"].unit.format, relative_change
    )
    return share, price
