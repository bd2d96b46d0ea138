"""Replace a folder with a freshly built one so that a kill at any moment leaves a whole copy.

The protocol, for a target folder `T` (the site, or an edition's frozen notes):
1. the new tree is built in `.T.building-<random>` beside `T`;
2. `T` is renamed to `.T.old` (the only moment without `T`; `.T.old` is then whole);
3. the new tree is renamed to `T`;
4. `.T.old` is renamed to `.T.trash-<random>`, which is then deleted.

`recover` undoes an interrupted swap: a `.T.old` without `T` is put back, a `.T.old` beside `T`
(the swap finished but was killed before step 4) and any trash are deleted. Nothing whole is ever
deleted before its replacement is in place. Building folders of killed builds are removed by
`sweep`, which only runs while no other build holds the lock (`BuildLock`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

BUILDING = "building-"
TRASH = "trash-"


def checkpoint(step: str, target: Path) -> None:
    """Mark a step of a swap of `target`; a no-op that the kill tests replace to stop a build there."""


def old_of(target: Path) -> Path:
    """Return the name the live folder has while it is set aside (step 2)."""
    return target.with_name(f".{target.name}.old")


def new_folder(target: Path) -> Path:
    """Create an empty building folder beside `target`, readable by all like any folder we write."""
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.{BUILDING}", dir=target.parent))
    folder.chmod(0o755)  # mkdtemp makes it private, and it becomes the published folder
    return folder


def recover(target: Path) -> None:
    """Finish or undo an interrupted swap of `target` (call under the lock)."""
    old = old_of(target)
    if old.is_dir():
        if target.exists():
            _discard(old, target)  # the new folder is in place: the set-aside copy is no longer needed
        else:
            os.rename(old, target)  # killed between steps 2 and 3: the old folder is whole, put it back
    for trash in target.parent.glob(f".{target.name}.{TRASH}*"):
        shutil.rmtree(trash, ignore_errors=True)


def swap(new: Path, target: Path) -> None:
    """Put the folder `new` in place of `target` (call under the lock)."""
    recover(target)
    checkpoint("begin", target)
    old = old_of(target)
    if target.exists():
        os.rename(target, old)
    checkpoint("old-aside", target)
    try:
        os.rename(new, target)
    except BaseException:
        if old.is_dir() and not target.exists():
            os.rename(old, target)  # put the old folder back; if even that fails, `recover` will
        raise
    checkpoint("new-in-place", target)
    if old.exists():
        _discard(old, target)


def live(target: Path) -> Path:
    """Return where the whole current copy of `target` is: itself, or `.T.old` mid-swap."""
    old = old_of(target)
    return old if not target.exists() and old.is_dir() else target


def _discard(old: Path, target: Path) -> None:
    """Rename a set-aside folder to trash, then delete it: a half-deleted tree never keeps a live name."""
    trash = Path(tempfile.mkdtemp(prefix=f".{target.name}.{TRASH}", dir=target.parent))
    os.rename(old, trash / "tree")
    checkpoint("old-trashed", target)
    shutil.rmtree(trash, ignore_errors=True)


def sweep(folder: Path, name: str) -> list[Path]:
    """Delete building folders and trash left beside `folder/name` by killed builds; return them."""
    found = [p for kind in (BUILDING, TRASH) for p in Path(folder).glob(f".{name}.{kind}*")]
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
    return found


class BuildLock:
    """A lock file beside the output: shared while a build runs, exclusive to sweep or swap.

    `flock` locks vanish with the process that holds them, even on SIGKILL, so a killed build
    never leaves the lock held.
    """

    def __init__(self, output: Path) -> None:
        """Open (creating) the lock file of an output folder; take nothing yet."""
        self.path = output.with_name(f".{output.name}.lock")
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)

    def start(self, sweep_strays: Callable[[], None]) -> None:
        """Sweep strays if no other build is running, then hold the lock shared."""
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # another build is running: its building folders are not strays
        else:
            sweep_strays()
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    def exclusive(self) -> None:
        """Wait until this is the only build holding the lock (before a swap)."""
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def close(self) -> None:
        """Release the lock."""
        os.close(self._fd)
