"""Benchmark: full fetch of every subnet against the in-memory chain with 50 ms per round trip.

Run: /work/venv/bin/python bench/bench_fetch.py [--latency 0.05] [--concurrency 16]
Prints time and round trips of the concurrent fetch, of the one-subnet-at-a-time fetch
(concurrency 1), and the ratio. Target: < 5 s and >= 10x faster.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def _isolate_caches() -> None:
    """Point the SDK's symbol and runtime caches at a throwaway folder (SDK gotcha 9)."""
    folder = Path(tempfile.mkdtemp(prefix="bench-fetch-"))
    os.environ["BTCLI_TOKEN_SYMBOLS_CACHE"] = str(folder / "symbols.json")
    os.environ["BITTENSOR_RUNTIME_CACHE_DIR"] = str(folder / "runtime")


def run(concurrency: int, latency: float) -> tuple[float, int, int]:
    """Fetch once; return seconds, round trips and subnets read."""
    from fakechain import FakeSubstrate
    from generator.fetch import FetchConfig, fetch_chain

    _isolate_caches()  # a stale symbol cache each time: connect scans TokenSymbol, like a weekly run
    fake = FakeSubstrate(latency=latency)
    started = time.perf_counter()
    result = asyncio.run(fetch_chain(FetchConfig(concurrency=concurrency), substrate=fake))
    return time.perf_counter() - started, fake.round_trips, len(result.doc.neurons)


def main() -> None:
    """Run the concurrent and the sequential fetch and compare them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, nargs="*", default=[8, 16, 32])
    args = parser.parse_args()
    run(4, 0.0)  # warm the generated metagraphs so only the fetch itself is timed
    base, base_trips, subnets = run(1, args.latency)
    print(f"{subnets} subnets, {args.latency * 1000:.0f} ms per round trip")
    print(f"concurrency  1: {base:6.2f} s  {base_trips} round trips")
    for concurrency in args.concurrency:
        seconds, trips, _ = run(concurrency, args.latency)
        verdict = "ok" if seconds < 5 and base / seconds >= 10 else "below target"
        print(f"concurrency {concurrency:2d}: {seconds:6.2f} s  {trips} round trips  {base / seconds:5.1f}x faster  ({verdict})")


if __name__ == "__main__":
    main()
