"""Benchmark: full fetch of every subnet against the in-memory chain with 50 ms per round trip.

Run from the repository root: python bench/bench_fetch.py [--latency 0.05] [--concurrency 8 32] [--runs 5]
Prints time and round trips of the one-subnet-at-a-time fetch (concurrency 1), of the fetch at the
default settings (`FetchConfig()`, what `subnet-report fetch` uses without options) and at any other
concurrency asked for, and each ratio. With `--runs N`, each round runs every setting once, one after
the other, and the medians over the rounds are printed (ratios taken per round, then the median).
Target (issue 12): >= 10x at the defaults.
The fake chain has no CLI seam, so this one benchmark imports the package (fetch and tests/fakechain).
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def _isolate_caches() -> None:
    """Point the SDK's symbol and runtime caches at a throwaway folder (SDK gotcha 9)."""
    folder = Path(tempfile.mkdtemp(prefix="bench-fetch-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # left behind, one per run, until now
    os.environ["BTCLI_TOKEN_SYMBOLS_CACHE"] = str(folder / "symbols.json")
    os.environ["BITTENSOR_RUNTIME_CACHE_DIR"] = str(folder / "runtime")


def default_concurrency() -> int:
    """Return the concurrency a fetch uses when none is given."""
    from generator.fetch.chain import FetchConfig

    return FetchConfig().concurrency


def run(concurrency: int | None, latency: float) -> tuple[float, int, int]:
    """Fetch once (default settings when concurrency is None); return seconds, round trips and subnets read."""
    from fakechain import FakeSubstrate

    from generator.fetch.chain import FetchConfig, fetch_chain

    _isolate_caches()  # a stale symbol cache each time: connect scans TokenSymbol, like a weekly run
    fake = FakeSubstrate(latency=latency)
    config = FetchConfig() if concurrency is None else FetchConfig(concurrency=concurrency)
    started = time.perf_counter()
    result = asyncio.run(fetch_chain(config, substrate=fake))
    return time.perf_counter() - started, fake.round_trips, len(result.doc.neurons)


def _label(concurrency: int | None, default: int) -> str:
    """Name one setting in the printed table."""
    return f"{default:2d} (default)" if concurrency is None else f"{concurrency:2d}          "


def main() -> None:
    """Run the concurrent and the sequential fetch and compare them, over one or more rounds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, nargs="*", default=[], help="other concurrencies to try")
    parser.add_argument("--runs", type=int, default=1, help="rounds; medians are printed")
    parser.add_argument("--dry-run", action="store_true", help="one fetch without latency, to check the set-up")
    args = parser.parse_args()
    run(4, 0.0)  # warm the generated metagraphs so only the fetch itself is timed
    if args.dry_run:
        print("fetch against the in-memory chain: ok")
        return
    default = default_concurrency()
    settings: list[int | None] = [None] + [c for c in args.concurrency if c != default]
    base_times: list[float] = []
    times: dict[int | None, list[float]] = {c: [] for c in settings}
    ratios: dict[int | None, list[float]] = {c: [] for c in settings}
    trips: dict[int | None, int] = {}
    for _ in range(max(1, args.runs)):
        base, base_trips, subnets = run(1, args.latency)
        base_times.append(base)
        for concurrency in settings:
            seconds, trips[concurrency], _ = run(concurrency, args.latency)
            times[concurrency].append(seconds)
            ratios[concurrency].append(base / seconds)
    rounds = len(base_times)
    print(f"{subnets} subnets, {args.latency * 1000:.0f} ms per round trip, median of {rounds} round(s)")
    print(f"concurrency  1:           {statistics.median(base_times):6.2f} s  {base_trips} round trips")
    for concurrency in settings:
        ratio = statistics.median(ratios[concurrency])
        verdict = "ok" if ratio >= 10 else "below target"
        each = " ".join(f"{r:.1f}" for r in ratios[concurrency])
        print(
            f"concurrency {_label(concurrency, default)}: {statistics.median(times[concurrency]):6.2f} s  "
            f"{trips[concurrency]} round trips  {ratio:5.1f}x faster  ({verdict})"
            + (f"  per round: {each}" if rounds > 1 else "")
        )


if __name__ == "__main__":
    main()
