"""Run `subnet-report build ARGS...` and SIGKILL it at one step: `python -m tests.killed_build STEP TARGET ARGS...`.

STEP is a swap checkpoint (`begin`, `old-aside`, `new-in-place`, `old-trashed`) of the folder named
TARGET, or `render` (after every edition is written into the staging folder, before the swap).
Nothing runs after the kill: no `finally`, no `except`, exactly like a machine losing power.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from generator.build import render as build  # the rendering half, where the feeds are written
from generator.build import swap


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    """Arm the kill, then run the build command line."""
    step, target, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if step == "render":
        build.write_syndication = lambda *a, **k: _kill()
    else:
        swap.checkpoint = lambda at, folder: _kill() if (at, Path(folder).name) == (step, target) else None
    from generator.cli.main import cli

    cli.main(["build", *args], prog_name="subnet-report")


if __name__ == "__main__":
    main()
