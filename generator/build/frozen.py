"""What an edition froze with, kept in the repository beside its snapshot, not in a cache.

An archived edition is rendered from its snapshot, the earlier snapshots and the editors' notes it
was published with. Those notes are copied by the build into `<snapshot-stem>.notes/subnets/` next
to the snapshot file (the layout of `content/`, so `notes lint --content` reads it too):
- the latest edition's folder is rewritten by every build to match `content/`;
- once a newer snapshot exists, the folder is frozen: the build reads it and never writes it again;
- an archived edition without a folder (a snapshot from before this existed) is frozen, at the first
  build that finds it so, with the notes of `content/` at that time.
The embedded sample is read-only: its archived editions' folders are committed in `generator/sample/`,
and the build writes nothing there.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.swap import live, new_folder, swap
from generator.model.files import SUFFIX
from generator.notes.reader import note_files as listed

if TYPE_CHECKING:  # parsing notes is needed only to render: a build with nothing to do never imports it
    from generator.notes.model import Note

NOTES = ".notes"
MARKER = "README.txt"  # keeps a folder of an edition without notes in git, which tracks no empty folder


@dataclass
class EditionNotes:
    """The notes one edition is rendered with, their files, and where the build must write them.

    Frozen notes are parsed only when their edition is rendered: a build that reuses 155 archived
    editions reads their bytes for the keys and parses none of them.
    """

    files: dict[str, bytes]
    write_to: Path | None = None
    source: Path | None = None  # the frozen folder to parse, or None when `loaded` is set
    loaded: dict[int, Note] | None = None
    latest: bool = False  # only the latest edition's folder may be rewritten; others are only created

    @property
    def notes(self) -> dict[int, Note]:
        """Return the parsed notes (loading a frozen folder the first time)."""
        if self.loaded is None:
            if self.source is None:
                raise ValueError("edition notes: neither parsed notes nor a folder to parse them from")
            from generator.notes.model import load_notes

            self.loaded = load_notes(self.source)
        return self.loaded

    @property
    def fingerprint(self) -> str:
        """Hash the file names and contents: equal for `content/` and its frozen copy."""
        digest = hashlib.sha256()
        for name, data in sorted(self.files.items()):
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        return digest.hexdigest()


def notes_folder(snapshot: Path) -> Path:
    """Return the folder holding the notes the edition of `snapshot` was published with."""
    return snapshot.with_name(snapshot.name.removesuffix(SUFFIX) + NOTES)


def edition_notes(
    paths: list[Path], files: dict[str, bytes], content: Path, writable: bool, current: dict[int, Note] | None = None
) -> list[EditionNotes]:
    """Choose each edition's notes: frozen ones for archived editions, `content/` for the latest.

    `files` are the bytes of `content/`'s notes; `current` their parsed, checked form when the build
    renders (else they are parsed from `content` only if an edition is rendered with them).
    """
    chosen = []
    for index, path in enumerate(paths):
        folder, latest = notes_folder(path), index == len(paths) - 1
        source = live(folder)
        if not latest and source.is_dir():
            frozen = {f"subnets/{p.name}": p.read_bytes() for p in listed(source / "subnets")}
            chosen.append(EditionNotes(frozen, source=source))
        else:
            target = folder if writable else None
            chosen.append(EditionNotes(files, target, source=content, loaded=current, latest=latest))
    return chosen


def write_frozen(editions: list[EditionNotes]) -> None:
    """Write every edition's notes that differ from its folder (call under the build lock)."""
    for edition in editions:
        if edition.write_to is None or (not edition.latest and live(edition.write_to).is_dir()):
            continue  # nothing to write, or an archived edition's folder: frozen, never rewritten
        files = {**edition.files, MARKER: _marker(edition.write_to)}
        if _read(live(edition.write_to)) == files:
            continue
        new = new_folder(edition.write_to)
        try:
            for name, data in sorted(files.items()):
                (new / name).parent.mkdir(parents=True, exist_ok=True)
                (new / name).write_bytes(data)
            swap(new, edition.write_to)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise


def _marker(folder: Path) -> bytes:
    """Explain the folder to whoever finds it in the repository."""
    return (
        f"The editors' notes the edition of {folder.name.removesuffix(NOTES)} is rendered with.\n"
        "Written by `subnet-report build`; frozen once a newer snapshot exists. Commit it; do not edit.\n"
    ).encode()


def _read(folder: Path) -> dict[str, bytes] | None:
    """Return the files of a frozen folder, or None when there is none."""
    if not folder.is_dir():
        return None
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
