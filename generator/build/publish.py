"""Publish a staging folder into the live site entry by entry, so earlier editions are never copied.

A build stages only what it wrote: new or re-rendered editions and the top-level files. Editions
it reused, and their folders of the JSON API, stay where they are in the live site `T`. Publishing
follows a plan:
1. the plan (`.T.plan`: the staging folder, each entry to place with the inode it has there, and
   the entries to remove) is written atomically once the staging folder is complete;
2. each new edition folder is placed (`editions/<id>` and its API folder `api/v1/editions/<id>`, the
   `KEPT` folders), then each other entry, `manifest.json` last: a top-level entry whole, except the
   folders that hold a kept one (`api`, `api/v1`), placed child by child; placing is one atomic
   rename, or an atomic exchange (`renameat2(RENAME_EXCHANGE)`) when the entry exists;
3. editions no longer published and entries the new site lacks are moved out;
4. the plan is deleted, then the staging folder and the set-aside copies.

At every moment each path of the site is whole, old or new: editions enter before any page that
links to them and leave after the last page that did. A kill leaves the plan behind; the next build
finishes it (`finish`) before anything else, telling a placed entry by its recorded inode, and the
old manifest keeps the site from counting as up to date until then.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.build import swap
from generator.errors import BuildError

MANIFEST = "manifest.json"
EDITIONS = "editions"
# folders with one entry per edition, each kept in the live site while its edition is (the others are replaced)
KEPT = (EDITIONS, "api/v1/editions")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def plan_of(target: Path) -> Path:
    """Return the plan file of a site folder."""
    return target.with_name(f".{target.name}.plan")


def _scratch(target: Path) -> Path:
    """Return where the plan is written before it is renamed into place."""
    return target.with_name(f".{target.name}.plan.new")


def trash_of(target: Path) -> Path:
    """Return the folder where a publish sets aside what it replaces (deleted when it finishes)."""
    return target.with_name(f".{target.name}.{swap.TRASH}publish")


@functools.cache
def _libc() -> ctypes.CDLL:
    """The C library of this process, loaded once."""
    return ctypes.CDLL(None, use_errno=True)


def exchange(new: Path, live: Path) -> None:
    """Swap two existing paths atomically; where the system can't, set `live` aside then rename."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is not None and renameat2(_AT_FDCWD, bytes(new), _AT_FDCWD, bytes(live), _RENAME_EXCHANGE) == 0:
        return
    code = ctypes.get_errno() if renameat2 is not None else errno.ENOSYS
    if code not in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP):
        raise OSError(code, os.strerror(code), str(live))
    aside = Path(tempfile.mkdtemp(dir=new.parent)) / "old"
    os.rename(live, aside)  # no atomic exchange here: a moment without `live`, finished on the next build
    os.rename(new, live)
    os.rename(aside, new)


def _entries(stage: Path) -> list[str]:
    """List what a staging folder places: editions' own folders first, other entries next, the manifest last."""
    return [f"{kept}/{name}" for kept in KEPT for name in _names(stage / kept)] + _others(stage, "") + [MANIFEST]


def _removals(stage: Path, target: Path, keep: set[str]) -> list[str]:
    """List live entries the new site no longer has: editions neither kept nor staged, entries it lacks."""
    gone = [
        f"{kept}/{name}"
        for kept in KEPT
        for name in _names(target / kept)
        if name not in keep and not (stage / kept / name).exists()
    ]
    return gone + [entry for entry in _others(target, "") if not os.path.lexists(stage / entry)]


def _names(folder: Path) -> list[str]:
    """Return the sorted names in a folder (none when it isn't one)."""
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []


def _others(root: Path, relative: str) -> list[str]:
    """List the entries under `relative` placed whole: a folder holding a kept one is listed child by child."""
    found = []
    for name in _names(root / relative if relative else root):
        entry = f"{relative}/{name}" if relative else name
        if entry in KEPT or entry == MANIFEST:
            continue
        holds_kept = any(kept.startswith(f"{entry}/") for kept in KEPT)
        found += _others(root, entry) if holds_kept and (root / entry).is_dir() else [entry]
    return found


def publish(stage: Path, target: Path, keep: set[str]) -> None:
    """Put a complete staging folder into `target`, keeping the live editions named in `keep`."""
    finish(target)  # an earlier publish killed half-way is finished first
    if not target.exists():
        os.rename(stage, target)  # the first site: one rename
        return
    plan = {
        "stage": stage.name,
        "place": [[entry, os.lstat(stage / entry).st_ino] for entry in _entries(stage)],
        "remove": _removals(stage, target, keep),
    }
    scratch = _scratch(target)
    scratch.write_text(json.dumps(plan), encoding="utf-8")
    os.rename(scratch, plan_of(target))
    swap.checkpoint("planned", target)
    try:
        finish(target)
    except OSError as error:
        placed = _placed(plan, target)
        if placed:
            raise BuildError(
                f"{error.filename or target}: {error.strerror or error}; {placed} of {len(plan['place'])} "
                "entries of the new site are in place, and the next build finishes the rest"
            ) from error
        _abandon(target)
        raise


def _placed(plan: dict, target: Path) -> int:
    """Count the planned entries already in place."""
    return sum(1 for entry, inode in plan["place"] if _inode(target / entry) == inode)


def _abandon(target: Path) -> None:
    """Drop a plan of which nothing was placed: the live site is exactly the old one."""
    plan_of(target).unlink(missing_ok=True)
    shutil.rmtree(trash_of(target), ignore_errors=True)


def _inode(path: Path) -> int | None:
    """Return a path's inode number, or None when it doesn't exist."""
    try:
        return os.lstat(path).st_ino
    except FileNotFoundError:
        return None


def finish(target: Path) -> None:
    """Carry out the plan left beside `target`, if any (idempotent: placed entries are recognised)."""
    _scratch(target).unlink(missing_ok=True)  # a plan killed while being written: nothing was placed
    try:
        plan = json.loads(plan_of(target).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except ValueError:  # the plan is renamed into place whole, so this is damage: start over
        plan_of(target).unlink()
        return
    stage = target.parent / plan["stage"]
    trash = trash_of(target)
    trash.mkdir(exist_ok=True)
    for entry, inode in plan["place"]:
        _place(stage / entry, target / entry, inode, trash)
        swap.checkpoint(f"placed {entry}", target)
    for entry in plan["remove"]:
        with contextlib.suppress(FileNotFoundError):
            _set_aside(target / entry, trash)
    swap.checkpoint("placed", target)
    plan_of(target).unlink()
    shutil.rmtree(stage, ignore_errors=True)
    shutil.rmtree(trash, ignore_errors=True)


def _place(new: Path, live: Path, inode: int, trash: Path) -> None:
    """Put the staged entry `new` at `live` unless it is there already; set aside what it replaced."""
    if _inode(live) != inode:
        if _inode(new) != inode:
            raise BuildError(f"{live}: the plan of an interrupted build no longer matches its staging folder")
        live.parent.mkdir(parents=True, exist_ok=True)
        if live.exists() or live.is_symlink():
            exchange(new, live)
        else:
            os.rename(new, live)
    if _inode(new) is not None:
        _set_aside(new, trash)  # what is left at `new` is the replaced, old copy


def _set_aside(path: Path, trash: Path) -> None:
    """Move a path into the trash folder under a fresh name (one rename: it never stays half there)."""
    os.lstat(path)  # FileNotFoundError before making a folder for nothing
    os.rename(path, Path(tempfile.mkdtemp(dir=trash)) / path.name)
