"""Worker processes that die with the build that started them, even when it is SIGKILLed.

A killed parent cannot tell its pool to stop, and a worker blocked on the pool's queue never
notices (it holds the queue's other end itself), so workers of a killed build used to live on for
minutes. Each worker runs `watch_parent` at start: a daemon thread that ends the worker as soon as
it is re-parented, which is what happens to an orphan on every POSIX system.
"""

from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 0.2


def watch_parent(parent: int) -> None:
    """Start a thread that exits this process once `parent` is no longer its parent."""
    if os.getppid() != parent:
        os._exit(1)  # the parent died before this worker even started
    threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True).start()


def _watch(parent: int) -> None:
    """Poll the parent pid; exit at once, without cleanup, when it changes."""
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
