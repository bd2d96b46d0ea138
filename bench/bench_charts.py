"""Benchmark: draw every chart of the embedded sample's editions in one process; print bytes and CPU time.

Run from the repository root: python bench/bench_charts.py [--runs 3]
It builds the sample once (`--jobs 1`, fresh cache, in a temporary folder) to learn which charts its
editions ask for, then draws each distinct chart RUNS times over and prints the total SVG bytes (one
run) and the median CPU seconds of a run, per chart kind and in all (issue 12).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from generator.build.config import BuildConfig
from generator.build.drawing import Drawing, Pending
from generator.build.run import build
from generator.site import charts
from generator.site.chart_spec import Chart

ROOT = Path(__file__).resolve().parent.parent


def sample_charts() -> list[Chart]:
    """Build the sample in a temporary folder; return every distinct chart its editions drew."""
    seen: dict[str, Chart] = {}
    real_start = Drawing.start

    def recording(self: Drawing, wanted: list[Chart]) -> Pending:
        """Note the charts asked for, then look them up or draw them as usual."""
        for chart in wanted:
            seen.setdefault(chart.key, chart)
        return real_start(self, wanted)

    Drawing.start = recording  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "none").mkdir()  # no snapshots here: the build uses the embedded sample
            config = BuildConfig(
                folder / "none", ROOT / "content", ROOT / "templates", folder / "site", folder / "cache", jobs=1
            )
            build(config)
    finally:
        Drawing.start = real_start  # type: ignore[method-assign]
    return list(seen.values())


def one_run(every: list[Chart]) -> tuple[dict[str, float], dict[str, int]]:
    """Draw every chart once; return CPU seconds and SVG bytes by kind."""
    seconds: dict[str, float] = defaultdict(float)
    size: dict[str, int] = defaultdict(int)
    for chart in every:
        started = time.process_time()
        svg = charts.draw(chart)
        seconds[chart.kind] += time.process_time() - started
        size[chart.kind] += len(svg.encode())
    return seconds, size


def main() -> None:
    """Collect the sample's charts, draw them RUNS times, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    every = sample_charts()
    results = [one_run(every) for _ in range(runs)]
    size = results[0][1]
    counts: dict[str, int] = defaultdict(int)
    for chart in every:
        counts[chart.kind] += 1
    for kind in sorted(counts):
        cpu = statistics.median(r[0][kind] for r in results)
        print(
            f"{kind:8} {counts[kind]:4} charts {size[kind]:9,} bytes {cpu:7.3f} s CPU ({1000 * cpu / counts[kind]:.1f} ms each)"
        )
    cpu = statistics.median(sum(r[0].values()) for r in results)
    print(f"{'all':8} {len(every):4} charts {sum(size.values()):9,} bytes {cpu:7.3f} s CPU (median of {runs} runs)")


if __name__ == "__main__":
    main()
