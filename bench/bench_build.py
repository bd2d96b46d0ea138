"""Benchmark: build the embedded sample cold, then again with nothing changed, and print the times.

Run from the repository root: python bench/bench_build.py
Each build runs `subnet-report build` in a fresh process (imports included), the way CI runs it.
Targets on the 2-core machine (issue 2): cold build < 30 s, rebuild with nothing changed < 3 s.
A third build after touching one note shows the cost of re-rendering every edition with the
charts already cached.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed_build(work: Path, content: Path) -> float:
    """Run one build in a new process and return its wall time in seconds."""
    command = [sys.executable, "-m", "generator", "build", "--quiet", "--snapshots", str(work / "none"),
               "--content", str(content), "--templates", str(ROOT / "templates"),
               "--out", str(work / "site"), "--cache", str(work / "cache")]
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    """Print cold, unchanged and one-note-changed build times."""
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    try:
        cold = timed_build(work, content)
        unchanged = timed_build(work, content)
        note = next((content / "subnets").glob("*.md"))
        note.write_text(note.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        note_changed = timed_build(work, content)
        pages = sum(1 for _ in (work / "site").rglob("*.html"))
        charts = sum(1 for _ in (work / "site").rglob("*.svg"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"sample: 4 editions, {pages} pages, {charts} chart files")
    print(f"cold build:                 {cold:6.2f} s  (target < 30 s)")
    print(f"rebuild, nothing changed:   {unchanged:6.2f} s  (target < 3 s)")
    print(f"rebuild, one note changed:  {note_changed:6.2f} s  (charts from cache)")
    print(f"ratio cold / unchanged:     {cold / unchanged:6.1f}x")


if __name__ == "__main__":
    main()
