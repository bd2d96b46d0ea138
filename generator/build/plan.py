"""Decide what a build must do before importing anything heavy (no pandas, matplotlib or pydantic).

A rebuild with nothing changed is decided here from file listings, cached snapshot hashes and the
site's manifests, and then does nothing; only a build that renders imports the rest of the generator.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.errors import BuildError
from generator.model.files import find_snapshots
from generator.notes.reader import MAX_NOTE_BYTES, note_files

SAMPLE = Path(__file__).resolve().parent.parent / "sample"
MANIFEST = "manifest.json"
HASHES = "snapshot-sha256.json"


def snapshot_paths(folder: Path) -> tuple[list[Path], bool]:
    """Return the snapshot files to publish, falling back to the embedded sample."""
    paths = find_snapshots(folder)
    if paths:
        return paths, False
    sample = find_snapshots(SAMPLE)
    if not sample:
        raise BuildError(f"{folder}: no snapshots, and the embedded sample is missing from {SAMPLE}")
    return sample, True


def fingerprint(paths: list[Path], *extra: str) -> str:
    """Hash file names and contents (and extra strings) into one key."""
    digest = hashlib.sha256()
    for text in extra:
        digest.update(text.encode())
    for path in paths:
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def tree(folder: Path) -> list[Path]:
    """List every file under a folder, sorted (none when it is missing)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _file_digest(path: Path) -> str:
    """Hash one file's bytes, reading it in blocks (snapshots run to megabytes)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _file_digests(paths: list[Path]) -> list[str]:
    """Hash files one after another (run in a child process by `SnapshotHashes.digests`)."""
    return [_file_digest(path) for path in paths]


def _hashed(paths: list[Path], meanwhile: Callable[[], object] | None) -> list[str]:
    """Hash files, in a child process while `meanwhile` runs (its own interpreter: no lock shared with
    imports), or here without it."""
    if not paths or meanwhile is None:
        return _file_digests(paths)
    from concurrent.futures import ProcessPoolExecutor  # here: a rebuild with nothing new never needs it

    with ProcessPoolExecutor(max_workers=1) as pool:
        hashing = pool.submit(_file_digests, paths)
        meanwhile()
        return hashing.result()


class SnapshotHashes:
    """SHA-256 of snapshot files, cached by absolute path, size and modification time.

    Snapshots are written once and never rewritten (generator/model/files.py), so a file with the
    same path, size and mtime has the same bytes; any change of either re-hashes it. The cache is a
    JSON file in the build's cache folder: damaged or missing, it only costs hashing again.
    """

    def __init__(self, cache: Path) -> None:
        """Read the cached hashes of a cache folder (none when missing or damaged)."""
        self.path = cache / HASHES
        try:
            found = json.loads(self.path.read_text(encoding="utf-8"))
            self._known = {k: v for k, v in found.items() if isinstance(v, list) and len(v) == 3}
        except (OSError, ValueError, AttributeError):
            self._known = {}
        self._dirty = False

    def digests(self, paths: list[Path], meanwhile: Callable[[], object] | None = None) -> list[str]:
        """Return each snapshot's SHA-256, hashing only those whose size or mtime is new: by a child
        process while `meanwhile` runs, when given, else here."""
        seen = {path: self._seen(path) for path in paths}
        missing = [path for path in paths if self._cached(*seen[path]) is None]
        for path, value in zip(missing, _hashed(missing, meanwhile)):
            self._known[seen[path][0]] = [*seen[path][1], value]
            self._dirty = True
        return [str(self._cached(*seen[path])) for path in paths]

    @staticmethod
    def _seen(path: Path) -> tuple[str, list[int]]:
        """Return the cache's name for a snapshot and its size and mtime now."""
        info = path.stat()
        return str(path.resolve()), [info.st_size, info.st_mtime_ns]

    def _cached(self, name: str, seen: list[int]) -> str | None:
        """Return the cached SHA-256 of a snapshot of this size and mtime, else None."""
        entry = self._known.get(name)
        return entry[2] if entry is not None and entry[:2] == seen and isinstance(entry[2], str) else None

    def digest(self, path: Path) -> str:
        """Return one snapshot's SHA-256, hashing it here only when its size or mtime is new."""
        return self.digests([path])[0]

    def save(self) -> None:
        """Write the cache back if it changed (atomically; a failure only loses the cache)."""
        if not self._dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{HASHES}.", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._known, handle, indent=0, sort_keys=True)
            os.replace(temp, self.path)
            self._dirty = False
        except OSError:
            pass


def edition_keys(digests: list[str], notes: list[str], shared_key: str) -> list[str]:
    """Key each edition by the shared inputs and its own and all earlier snapshots and notes."""
    keys, digest = [], hashlib.sha256(shared_key.encode())
    for snapshot_digest, notes_key in zip(digests, notes):
        digest.update(bytes.fromhex(snapshot_digest) + notes_key.encode())
        keys.append(digest.copy().hexdigest())
    return keys


def site_key(keys: list[str]) -> str:
    """Key the whole site by the keys of its editions."""
    return hashlib.sha256(" ".join(keys).encode()).hexdigest()


def content_files(content: Path) -> dict[str, bytes] | None:
    """Return the bytes of the notes in `content/subnets/`, or None if one is not a regular file.

    None sends the build the slow way, where the notes check names the odd entry; nothing here opens
    a FIFO or follows a link.
    """
    files = {}
    for path in note_files(Path(content) / "subnets"):
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_NOTE_BYTES:
                return None
            files[f"subnets/{path.name}"] = path.read_bytes()
        except OSError:
            return None
    return files


def read_manifest(folder: Path) -> dict:
    """Read a manifest, or return {} when it is missing or damaged."""
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def unchanged(output: Path, key: str) -> bool:
    """Tell whether the current site was built from exactly these inputs (then nothing is written)."""
    manifest = read_manifest(output)
    if manifest.get("key") != key:
        return False
    return all((output / "editions" / e / MANIFEST).is_file() for e in manifest.get("editions", []))
