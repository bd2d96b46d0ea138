"""Shared helpers of the benchmarks: run a command in a new process, time it, read its peak memory.

The benchmarks drive the installed `subnet-report` command (not the package's modules), so they keep
working when the modules move; they need the package installed in the running interpreter's
environment (`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    """One finished process: wall time in seconds, peak resident memory in MB, and CPU seconds (user and
    system, of it and of the children it waited for: the build's workers, Pagefind)."""

    seconds: float
    peak_mb: float
    cpu_seconds: float = 0.0


def tool(name: str) -> list[str] | None:
    """Return the command for a console script of this environment (or the PATH), or None."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    return [found] if found else None


def subnet_report() -> list[str]:
    """Return the `subnet-report` command, falling back to `python -m generator`."""
    return tool("subnet-report") or [sys.executable, "-m", "generator"]


def measure(command: list[str], cwd: Path = ROOT) -> Run:
    """Run a command to its end; return its wall time and the peak memory of it and its children."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, unlike RUSAGE_CHILDREN's running max
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"Error: {' '.join(command)}: exit {process.returncode}\n{stderr.decode(errors='replace')}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds=seconds, peak_mb=usage.ru_maxrss / 1024, cpu_seconds=cpu)  # Linux reports KiB


def median(values: list[float]) -> float:
    """Return the median of some measurements."""
    return statistics.median(values)


def sample_snapshots() -> list[Path]:
    """Return the embedded sample's snapshot files, oldest first (wherever the package keeps them)."""
    found = sorted(ROOT.glob("generator/**/sample/*.json.gz"), key=lambda p: p.name.rsplit("-", 1)[-1])
    if not found:
        raise SystemExit(f"Error: {ROOT}/generator: no sample/*.json.gz found")
    return found


def code_hash(*extra: str) -> str:
    """Hash the generator's code, templates and notes (and extra strings): a cache key for set-ups."""
    digest = hashlib.sha256("\0".join(extra).encode())
    for folder in ("generator", "templates", "content"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def tree_size(folder: Path) -> tuple[int, int]:
    """Return the bytes (each hard-linked file counted once) and the number of files under a folder."""
    seen: set[tuple[int, int]] = set()
    size = files = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            stat = os.lstat(os.path.join(directory, name))
            files += 1
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                size += stat.st_size
    return size, files


def build_command(snapshots: Path, out: Path, cache: Path) -> list[str]:
    """Return the `subnet-report build` command line for one build of the repository's notes and templates."""
    return subnet_report() + [
        "build",
        "--quiet",
        "--snapshots",
        str(snapshots),
        "--content",
        str(ROOT / "content"),
        "--templates",
        str(ROOT / "templates"),
        "--out",
        str(out),
        "--cache",
        str(cache),
    ]
