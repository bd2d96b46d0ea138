"""Benchmark: build the newest of many weekly editions when all earlier ones are already built.

Run from the repository root: python bench/bench_history.py [--count 156] [--work DIR]
It writes a synthetic history of COUNT weekly snapshots (three years at 156) from the newest sample
snapshot: blocks and timestamps step back one week each, and emissions, pools and prices are
perturbed deterministically. It builds the first COUNT-1 editions, adds the last snapshot and times
that build (in a fresh process), next to a cold build of one edition alone. Target: within 1.5x.
Peak memory is the measured process's maximum resident set size (chart workers reported apart).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.snapshot import find_snapshots, load_snapshot, write_snapshot  # noqa: E402

BLOCKS_PER_WEEK = 7 * 7200
MEASURE = """
import json, resource, sys, time
from pathlib import Path
from generator.build import BuildConfig, build
snaps, out, cache = map(Path, sys.argv[1:4])
started = time.perf_counter()
report = build(BuildConfig(snapshots=snaps, content=Path("content"), templates=Path("templates"), output=out, cache=cache))
print(json.dumps({"seconds": time.perf_counter() - started, "rebuilt": report.rebuilt, "editions": len(report.editions),
                  "editions_ids": report.editions,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "workers_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _wobble(week: int, netuid: int, scale: float) -> float:
    """A deterministic factor around 1 for one subnet in one week."""
    return 1 + scale * math.sin(0.7 * week + 1.3 * netuid)


def synthetic_history(count: int, folder: Path) -> list[Path]:
    """Write `count` weekly snapshots ending at the newest sample snapshot."""
    base = load_snapshot(find_snapshots(ROOT / "generator" / "sample")[-1]).doc
    prov = base.provenance
    for week in range(count):
        back = count - 1 - week
        subnets = [s.model_copy(update={
            "tao_in_emission_rao": None if s.tao_in_emission_rao is None else int(s.tao_in_emission_rao * _wobble(week, s.netuid, 0.3)),
            "alpha_out_emission_rao": None if s.alpha_out_emission_rao is None else int(s.alpha_out_emission_rao * _wobble(week, s.netuid, 0.2)),
            "tao_in_rao": None if s.tao_in_rao is None else int(s.tao_in_rao * _wobble(week, s.netuid, 0.1)),
            "price_tao": None if s.price_tao is None else s.price_tao * _wobble(week, s.netuid, 0.25),
        }) for s in base.subnets]
        moved = prov.model_copy(update={"block": prov.block - back * BLOCKS_PER_WEEK,
                                        "block_timestamp": prov.block_timestamp - timedelta(weeks=back)})
        write_snapshot(base.model_copy(update={"provenance": moved, "subnets": subnets}), folder)
    return find_snapshots(folder)


def measured_build(snapshots: Path, out: Path, cache: Path) -> dict:
    """Run one build in a fresh process and return its time and peak memory."""
    result = subprocess.run([sys.executable, "-c", MEASURE, str(snapshots), str(out), str(cache)],
                            check=True, cwd=ROOT, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print the time of building the newest edition with all earlier ones built, and of one alone."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=156)
    parser.add_argument("--work", type=Path, default=None, help="keep the work folder here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-history-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        paths = synthetic_history(args.count, work / "all")
        history, single = work / "history", work / "single"
        history.mkdir(exist_ok=True)
        single.mkdir(exist_ok=True)
        for path in paths[:-1]:
            shutil.copy(path, history / path.name)
        measured_build(history, work / "site", work / "cache")  # the first COUNT-1 editions, cold
        shutil.copy(paths[-1], history / paths[-1].name)
        # fresh chart caches: both measured builds draw their edition's charts
        newest = measured_build(history, work / "site", work / "cache-newest")
        shutil.copy(paths[-1], single / paths[-1].name)
        alone = measured_build(single, work / "single-site", work / "cache-alone")
        # again with every chart cached: what remains is the work that could grow with the history
        (work / "site" / "editions" / newest["editions_ids"][-1] / "manifest.json").unlink()
        newest_warm = measured_build(history, work / "site", work / "cache-newest")
        alone_warm = measured_build(single, work / "single-site-2", work / "cache-alone")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    ratio = newest["seconds"] / alone["seconds"]
    print(f"{args.count} weekly editions; editions re-rendered by the last build: {newest['rebuilt']}")
    print(f"edition {args.count} with {args.count - 1} built: {newest['seconds']:6.2f} s, peak {newest['peak_mb']:.0f} MB "
          f"(chart workers {newest['workers_peak_mb']:.0f} MB)")
    print(f"one edition alone:             {alone['seconds']:6.2f} s, peak {alone['peak_mb']:.0f} MB "
          f"(chart workers {alone['workers_peak_mb']:.0f} MB)")
    print(f"ratio: {ratio:.2f}x (target <= 1.5x)")
    print(f"charts cached: edition {args.count} {newest_warm['seconds']:.2f} s, alone {alone_warm['seconds']:.2f} s, "
          f"ratio {newest_warm['seconds'] / alone_warm['seconds']:.2f}x")


if __name__ == "__main__":
    main()
