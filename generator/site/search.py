"""Full-text search: a Pagefind index of the latest edition's pages, built offline into `pagefind/`."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from generator.errors import BuildError

# The latest view only (top-level pages and profiles): archived editions hold the same subnets, and
# indexing them too would multiply the index and the build time for older copies of the same text.
GLOB = "{*.html,subnets/<[0-9]:1,>.html}"  # profiles, not their printable report cards (`-card.html`)
INDEX = "pagefind"
# A launcher that ends its command with the build: a SIGKILLed build must not leave the indexer
# writing into a staging folder the next build sweeps. On Linux it asks the kernel to kill it when
# its parent dies (prctl PR_SET_PDEATHSIG, kept across exec), checks the build is still its parent,
# then becomes the command; elsewhere it only becomes the command.
LAUNCHER = """
import ctypes, os, signal, sys
if sys.platform.startswith("linux"):
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
if os.getppid() != int(sys.argv[1]):
    sys.exit("the build that started it is gone")
os.execv(sys.argv[2], sys.argv[2:])
"""


def dies_with_this_process(command: list[str]) -> list[str]:
    """Return a command line that runs `command` (its first item a path) and ends it when this process dies."""
    return [sys.executable, "-c", LAUNCHER, str(os.getpid()), *command]


def pagefind_command(site: Path) -> list[str]:
    """The command that indexes `site` with the binary shipped by the `pagefind` package."""
    from pagefind_bin import get_executable

    binary = get_executable()
    if binary is None:
        raise BuildError(f"{INDEX}: search index not built: the pagefind package has no binary for this machine")
    arguments = ["--site", str(site), "--glob", GLOB, "--output-subdir", INDEX, "--silent"]
    return dies_with_this_process([str(binary), *arguments])


class Indexing:
    """The search index built in the background, from the moment the latest view's pages exist.

    A thread waits for the pages (`after`), starts Pagefind and lives until it ends (the kernel ends
    the indexer with the thread that started it). Pagefind reads only the latest view's `.html`
    files, which no later step writes, so the build goes on meanwhile (the JSON API, charts, the
    last edition's manifest, feeds); `wait` collects it.
    """

    def __init__(self, site: Path, after: Callable[[], object] = lambda: None) -> None:
        """Index `site` once `after` returns."""
        self.site = site
        self.process: subprocess.Popen | None = None
        self.outcome: tuple[str, str] | BaseException = BuildError(f"{INDEX}: search index not built: stopped")
        self.stopped = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, args=(after,), name="search index", daemon=True)
        self.thread.start()

    def _run(self, after: Callable[[], object]) -> None:
        try:
            self.outcome = self._index(after)
        except BaseException as exc:  # the pages' own error (a refused path, a full disk), or the indexer's
            self.outcome = exc  # raised by `wait`, in the build's thread

    def _index(self, after: Callable[[], object]) -> tuple[str, str] | BaseException:
        """Wait for the pages, then run Pagefind (unless stopped); return its output."""
        after()
        with self.lock:
            if self.stopped:
                return self.outcome
            try:
                self.process = subprocess.Popen(
                    pagefind_command(self.site), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
            except OSError as exc:
                raise BuildError(f"{INDEX}: search index not built: {exc}") from exc
        try:
            return self.process.communicate(timeout=300)
        except subprocess.TimeoutExpired as exc:
            self.process.kill()
            self.process.communicate()
            raise BuildError(f"{INDEX}: search index not built: {exc}") from exc

    def wait(self) -> None:
        """Wait for the index (5 minutes at most), then drop the files the site does not use."""
        self.thread.join()
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        out, err = self.outcome
        if self.process is None or self.process.returncode != 0 or not (self.site / INDEX / "pagefind.js").is_file():
            last = (err or out).strip().splitlines()[-1:] or ["no output"]
            raise BuildError(f"{INDEX}: search index not built: {last[0]}")
        for unused in (self.site / INDEX).glob("pagefind-*ui.*"):  # the site draws its own results (assets/search.js)
            unused.unlink()

    def stop(self) -> None:
        """End the indexer, or keep it from starting (a failed build does not leave it running)."""
        with self.lock:
            self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # its thread collects it
