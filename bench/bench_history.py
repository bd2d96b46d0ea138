"""Benchmark: build the newest of many weekly editions when all earlier ones are built, next to one alone.

Run from the repository root: python bench/bench_history.py [--count 156] [--runs 3] [--fresh]
It writes a synthetic history of COUNT weekly snapshots (three years at 156) from the newest sample
snapshot (blocks and timestamps step back a week each; emissions, pools and prices are perturbed
deterministically) and builds the first COUNT-1 editions once. That set-up is kept in
`.cache/bench-history/<key>/`, where the key hashes the generator's code, templates, notes and COUNT,
so later runs of unchanged code skip it (`--fresh` redoes it). Each round then times, in fresh
processes: the build that adds edition COUNT to a copy of the built site (fresh chart cache), and a
cold build of that edition alone; the ratio is taken per round, medians are printed, with peak memory,
the no-change rebuild at COUNT editions, and the site's size and file count. Target (issue 12): ≤ 1.2x.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from benchlib import ROOT, Run, build_command, code_hash, measure, median, sample_snapshots, tree_size

BLOCKS_PER_WEEK = 7 * 7200
WOBBLES = {"tao_in_emission_rao": 0.3, "alpha_out_emission_rao": 0.2, "tao_in_rao": 0.1, "price_tao": 0.25}


def _wobble(week: int, netuid: int, scale: float) -> float:
    """A deterministic factor around 1 for one subnet in one week."""
    return 1 + scale * math.sin(0.7 * week + 1.3 * netuid)


def synthetic_history(count: int, folder: Path) -> list[Path]:
    """Write `count` weekly snapshot files ending at the newest sample snapshot; return them oldest first."""
    with gzip.open(sample_snapshots()[-1], "rt", encoding="utf-8") as handle:
        base = json.load(handle)
    prov = base["provenance"]
    stamp = datetime.fromisoformat(prov["block_timestamp"].replace("Z", "+00:00"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for week in range(count):
        back = count - 1 - week
        for subnet in base["subnets"]:
            subnet["_original"] = subnet.get("_original") or {k: subnet[k] for k in WOBBLES}
            for name, scale in WOBBLES.items():
                value = subnet["_original"][name]
                wobbled = None if value is None else value * _wobble(week, subnet["netuid"], scale)
                subnet[name] = wobbled if name == "price_tao" or wobbled is None else int(wobbled)
        moment = stamp - timedelta(weeks=back)
        doc = {
            **base,
            "subnets": [{k: v for k, v in s.items() if k != "_original"} for s in base["subnets"]],
            "provenance": {
                **prov,
                "block": prov["block"] - back * BLOCKS_PER_WEEK,
                "block_timestamp": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        }
        path = folder / f"{prov['network']}-{doc['provenance']['block']}-{moment.strftime('%Y%m%dT%H%M%SZ')}.json.gz"
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        with gzip.GzipFile(path, "wb", mtime=0, compresslevel=6) as handle:
            handle.write(text.encode("utf-8"))
        paths.append(path)
    return paths


def set_up(count: int, fresh: bool) -> tuple[Path, float | None]:
    """Return the cached set-up folder (snapshots, newest/, site/ of COUNT-1 editions), building it if needed."""
    folder = ROOT / ".cache" / "bench-history" / code_hash(str(count))
    if (folder / "ready").is_file() and not fresh:
        return folder, None
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    paths = synthetic_history(count, folder / "snapshots")
    (folder / "newest").mkdir()
    paths[-1].rename(folder / "newest" / paths[-1].name)
    measure(build_command(folder / "snapshots", folder / "site", folder / "cache"))
    shutil.rmtree(folder / "cache")
    (folder / "ready").write_text(f"{count}\n", encoding="utf-8")
    return folder, time.perf_counter() - started


def linked_copy(source: Path, target: Path) -> None:
    """Copy a folder by hard links (the build never writes into existing files)."""
    shutil.copytree(source, target, copy_function=os.link)


def one_round(setup: Path, work: Path) -> tuple[Run, Run]:
    """Time adding the newest edition to the built history, then one edition alone."""
    for name in ("history", "site", "cache", "single", "single-site", "single-cache"):
        shutil.rmtree(work / name, ignore_errors=True)
    linked_copy(setup / "snapshots", work / "history")
    linked_copy(setup / "newest", work / "single")
    newest = next((setup / "newest").iterdir())
    os.link(newest, work / "history" / newest.name)
    linked_copy(setup / "site", work / "site")
    history = measure(build_command(work / "history", work / "site", work / "cache"))
    alone = measure(build_command(work / "single", work / "single-site", work / "single-cache"))
    return history, alone


def edition_bytes(site: Path) -> tuple[int, int]:
    """Return the size of the oldest and of the newest edition folder."""
    folders = sorted(p for p in (site / "editions").iterdir() if p.is_dir())
    return tree_size(folders[0])[0], tree_size(folders[-1])[0]


def main() -> None:
    """Set up (or reuse) the history, then print the ratio, memory and site size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=156)
    parser.add_argument("--runs", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached set-up")
    args = parser.parse_args()
    setup, setup_seconds = set_up(args.count, args.fresh)
    work = Path(tempfile.mkdtemp(prefix="bench-history-"))
    try:
        pairs = [one_round(setup, work) for _ in range(args.runs)]
        unchanged = measure(build_command(work / "history", work / "site", work / "cache"))
        size, files = tree_size(work / "site")
        oldest, newest = edition_bytes(work / "site")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratios = [h.seconds / a.seconds for h, a in pairs]
    print(
        f"{args.count} weekly editions; set-up ({args.count - 1} editions) "
        + (f"built in {setup_seconds:.0f} s" if setup_seconds else f"reused from {setup.relative_to(ROOT)}")
    )
    print(
        f"edition {args.count} with {args.count - 1} built: {median([h.seconds for h, _ in pairs]):6.2f} s, "
        f"CPU {median([h.cpu_seconds for h, _ in pairs]):.2f} s, peak {median([h.peak_mb for h, _ in pairs]):.0f} MB"
    )
    print(
        f"one edition alone:            {median([a.seconds for _, a in pairs]):6.2f} s, "
        f"CPU {median([a.cpu_seconds for _, a in pairs]):.2f} s, peak {median([a.peak_mb for _, a in pairs]):.0f} MB"
    )
    print(f"ratio: {median(ratios):.2f}x (per round: {' '.join(f'{r:.2f}' for r in ratios)}; target <= 1.2x)")
    cpu = [h.cpu_seconds / a.cpu_seconds for h, a in pairs if a.cpu_seconds]
    if cpu:
        print(f"CPU ratio: {median(cpu):.2f}x (user + system, the build and its workers and indexer)")
    print(
        f"rebuild of {args.count} editions, nothing changed: {unchanged.seconds:.2f} s, peak {unchanged.peak_mb:.0f} MB"
    )
    print(
        f"site at {args.count} editions: {size / 1e9:.2f} GB, {files} files; "
        f"oldest edition {oldest / 1e6:.1f} MB, newest {newest / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
