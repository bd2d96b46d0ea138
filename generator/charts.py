"""Charts: deterministic SVG drawn with matplotlib (Agg), cached on disk by the hash of their inputs."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from generator.lifeline import watch_parent  # noqa: E402

# Bump when the drawing code changes, so cached charts are redrawn.
STYLE_VERSION = 2
STYLE = {
    "svg.hashsalt": "subnet-report",  # stable element ids: same inputs, same bytes
    "svg.fonttype": "none",  # text stays text: smaller files, no embedded fonts
    "text.parse_math": False,  # subnet names are untrusted: never interpret `$...$`
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
matplotlib.rcParams.update(STYLE)
ACCENT = "#2f5d8a"


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
        """Hash of everything that decides the drawing."""
        payload = json.dumps([STYLE_VERSION, self.kind, self.data], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()


def _finish(fig: Figure) -> str:
    """Serialise a figure to SVG text without timestamps."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "subnet-report"})
    return buffer.getvalue()


@functools.cache
def _history_figure() -> tuple[Figure, list, list]:
    """Create the two-panel history figure once per process; charts only update its data.

    Reusing one figure halves the drawing time (tick objects are created once) and gives the
    same bytes as a fresh figure, since every property that varies is set on each use.
    """
    fig = Figure(figsize=(7.2, 2.4))
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.12, top=0.95, wspace=0.3)
    axes = list(fig.subplots(1, 2))
    lines = [ax.plot([], [], marker="o", color=ACCENT)[0] for ax in axes]
    axes[0].set_ylabel("emission share (%)")
    axes[1].set_ylabel("price (TAO per alpha)")
    for ax in axes:
        ax.yaxis.set_major_locator(MaxNLocator(4))
    return fig, axes, lines


def _upper(values: list[float]) -> float:
    """Return a y-axis top that leaves a little room above the largest known value."""
    known = [v for v in values if not math.isnan(v)]
    return max(known) * 1.1 if known and max(known) > 0 else 1.0


def draw_history(data: dict) -> str:
    """Emission share (%) and price (TAO) across editions, side by side; unknown leaves a gap."""
    fig, axes, lines = _history_figure()
    labels = data["editions"]
    step = max(1, math.ceil(len(labels) / 4))
    ticks = list(range(0, len(labels), step))
    for ax, line, values in zip(axes, lines, (data["share_pct"], data["price"])):
        ys = [math.nan if v is None else v for v in values]
        line.set_data(range(len(labels)), ys)
        ax.set_xticks(ticks, [labels[i] for i in ticks])
        ax.set_xlim(-0.5, len(labels) - 0.5)
        ax.set_ylim(0, _upper(ys))
    return _finish(fig)


@functools.cache
def _curve_figure() -> tuple[Figure, object, object]:
    """Create the concentration-curve figure once per process (see `_history_figure`)."""
    fig = Figure(figsize=(7.2, 2.4))
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.2, top=0.95)
    ax = fig.subplots()
    (line,) = ax.step([], [], where="post", color=ACCENT)
    ax.set_ylim(0, 100)
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.set_xlabel("miner coldkeys, largest earner first")
    ax.set_ylabel("share of miner emission (%)")
    return fig, ax, line


def draw_curve(data: dict) -> str:
    """Cumulative share held by the k largest holders, k = 1..n (a concentration curve)."""
    fig, ax, line = _curve_figure()
    values = data["cumulative_pct"]
    line.set_data(range(1, len(values) + 1), values)
    ax.set_xlim(0, len(values) + 1)
    return _finish(fig)


def draw_bars(data: dict) -> str:
    """Horizontal bars, largest on top (top earners, top subnets)."""
    labels, values = data["labels"], data["values"]
    height = 0.25 * len(labels) + 0.7
    fig = Figure(figsize=(7.2, height))
    fig.subplots_adjust(left=0.25, right=0.97, bottom=0.5 / height, top=1 - 0.15 / height)
    ax = fig.subplots()
    positions = range(len(labels))[::-1]
    ax.barh(list(positions), values, color=ACCENT)
    ax.set_yticks(list(positions), labels)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.set_xlabel(data["xlabel"])
    return _finish(fig)


DRAWERS = {"history": draw_history, "bars": draw_bars, "curve": draw_curve}


def draw(chart: Chart) -> str:
    """Draw one chart to SVG text."""
    return DRAWERS[chart.kind](chart.data)


def _draw_pair(chart: Chart) -> tuple[str, str]:
    return chart.key, draw(chart)


def draw_all(charts: list[Chart], cache: Path, jobs: int = 1) -> dict[str, str]:
    """Return SVG text by chart key, drawing only charts missing from the cache."""
    folder = Path(cache) / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, str] = {}
    missing: dict[str, Chart] = {}
    for chart in charts:
        path = folder / f"{chart.key}.svg"
        if path.is_file():
            found[chart.key] = path.read_text(encoding="utf-8")
        else:
            missing.setdefault(chart.key, chart)
    for key, svg in _draw_many(list(missing.values()), jobs):
        _write_atomic(folder / f"{key}.svg", svg)
        found[key] = svg
    return found


def _draw_many(charts: list[Chart], jobs: int) -> list[tuple[str, str]]:
    """Draw charts, in several processes when there are enough to pay for them."""
    if jobs <= 1 or len(charts) < 16:
        return [_draw_pair(c) for c in charts]
    with ProcessPoolExecutor(max_workers=jobs, initializer=watch_parent, initargs=(os.getpid(),)) as pool:
        return list(pool.map(_draw_pair, charts, chunksize=16))


def _write_atomic(path: Path, text: str) -> None:
    """Write a cache file so a crash never leaves half a chart behind."""
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)
