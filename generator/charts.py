"""Charts: deterministic SVG drawn with matplotlib (Agg), cached on disk by the hash of their inputs."""

from __future__ import annotations

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

# Bump when the drawing code changes, so cached charts are redrawn.
STYLE_VERSION = 1
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


def _series(ax, labels: list[str], values: list[float | None], ylabel: str) -> None:
    """Plot one series across editions; unknown values leave a gap."""
    ys = [math.nan if v is None else v for v in values]
    ax.plot(range(len(labels)), ys, marker="o", color=ACCENT)
    ax.set_xticks(range(len(labels)), labels, rotation=0)
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    if len(labels) == 1:
        ax.set_xlim(-1, 1)


def draw_history(data: dict) -> str:
    """Emission share (%) and price (TAO) across editions, side by side."""
    fig = Figure(figsize=(7.2, 2.4), layout="constrained")
    share_ax, price_ax = fig.subplots(1, 2)
    _series(share_ax, data["editions"], data["share_pct"], "emission share (%)")
    _series(price_ax, data["editions"], data["price"], "price (TAO per alpha)")
    return _finish(fig)


def draw_bars(data: dict) -> str:
    """Horizontal bars, largest on top (top earners, top subnets)."""
    labels, values = data["labels"], data["values"]
    fig = Figure(figsize=(7.2, 0.3 * len(labels) + 0.8), layout="constrained")
    ax = fig.subplots()
    positions = range(len(labels))[::-1]
    ax.barh(list(positions), values, color=ACCENT)
    ax.set_yticks(list(positions), labels)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.set_xlabel(data["xlabel"])
    return _finish(fig)


DRAWERS = {"history": draw_history, "bars": draw_bars}


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
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_draw_pair, charts, chunksize=16))


def _write_atomic(path: Path, text: str) -> None:
    """Write a cache file so a crash never leaves half a chart behind."""
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)
