"""Writing new files into a snapshot folder: atomic, never overwriting, no leftovers, one-line errors.

A file is written to a hidden `.partial-*` file in the target folder, flushed to disk, verified,
then hard-linked to its final name (a link fails if the name appeared meanwhile, unlike a rename,
so two concurrent writers cannot overwrite each other). Whatever fails on the way, the partial file
is removed and the error is a `SnapshotError` naming the file or folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.errors import SnapshotError

PARTIAL = ".partial-"
STALE_PARTIAL_SECONDS = 3600.0  # older partial files are leftovers of a killed writer


def _reason(error: OSError) -> str:
    """Say in a few words why the operating system refused."""
    if isinstance(error, FileExistsError | NotADirectoryError) and error.errno in (errno.EEXIST, errno.ENOTDIR):
        return "a file is in the way of the folder"
    return error.strerror or type(error).__name__


def _remove_stale_partials(folder: Path) -> None:
    """Delete partial files that a killed writer left behind long ago (best effort)."""
    cutoff = time.time() - STALE_PARTIAL_SECONDS
    for path in folder.glob(f"{PARTIAL}*"):
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()


def prepare_folder(folder: Path) -> Path:
    """Create the folder if needed and check a file can be written there, before any long fetch."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=PARTIAL)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise SnapshotError(f"{folder}: cannot write snapshots here: {_reason(exc)}") from None
    _remove_stale_partials(folder)
    return folder


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte to a file descriptor (os.write may write fewer than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of a new file to disk (not possible on every platform)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_new_file(folder: Path, name: str, data: bytes, verify: Callable[[Path], object]) -> Path:
    """Write `data` as the new file `folder/name`, verified by `verify(partial)` before it counts."""
    folder = prepare_folder(folder)
    target = folder / name
    if target.parent != folder or name.startswith("."):
        raise SnapshotError(f"{folder}: refusing the file name {name!r}")
    exists = SnapshotError(f"{target}: a snapshot for this block already exists; not overwriting it")
    if target.exists():
        raise exists
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=PARTIAL, suffix=".tmp")
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        _verify(verify, Path(temp), target)
        os.link(temp, target)
        _sync_folder(folder)
    except FileExistsError:
        raise exists from None
    except OSError as exc:
        raise SnapshotError(f"{target}: cannot write the snapshot: {_reason(exc)}") from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return target


def _verify(verify: Callable[[Path], object], temp: Path, target: Path) -> None:
    """Read the written file back; a failure names the final file, not the partial one."""
    try:
        verify(temp)
    except SnapshotError as exc:
        detail = exc.message.replace(str(temp), "").lstrip(": ")
        raise SnapshotError(f"{target}: the written file does not read back: {detail}") from None


SUFFIX = ".json.gz"  # a snapshot file: <network>-<block>-<time>.json.gz


def find_snapshots(folder: Path) -> list[Path]:
    """List the snapshot files in a folder (hidden and partial files skipped)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith(".")), key=_chronological)


def _chronological(path: Path) -> tuple[str, str]:
    """Sort key: the block time in the name (`<network>-<block>-<time>`), not the name, since block
    numbers gain digits (finney passes block 10,000,000 in early 2027)."""
    stamp = path.name[: -len(SUFFIX)].rsplit("-", 1)[-1]
    return (stamp, path.name)
