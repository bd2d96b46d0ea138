"""The build: gather inputs, compute every edition, render, then swap the new site into place.

Stages, in order:
1. gather  - snapshot files (or the embedded sample), notes, templates; fingerprint them
             (generator/build/plan.py: snapshot hashes cached by path, size and mtime; nothing heavy
             is imported, so a rebuild with nothing changed stops here, having written nothing;
             a snapshot new to the cache is hashed by a child process while the renderer is imported);
2. plan    - each edition's key is a hash of its inputs; an edition whose key matches the one
             recorded in the current site's `editions/<id>/manifest.json` is reused: it stays where
             it is in the live site, untouched, and only its data is read back.
             Archived editions freeze with the editors' notes they were published with, kept in the
             repository beside their snapshot (generator/build/frozen.py): the key covers templates,
             generator version, base URL and the snapshots and notes of the edition and all earlier
             ones, so a note edit re-renders only the latest edition, and a build without the
             previous site (a lost cache, a fresh clone) renders every edition as it was published;
3. compute - (generator/build/render.py, imported only now) check the notes, then scorecards,
             narratives, charts and page contexts for editions to rebuild; the latest edition's
             snapshot is loaded once and its figures computed once for both of its views;
4. write   - render the new editions and the top level into a staging folder next to the output;
5. publish - under the build lock, write the latest edition's notes beside its snapshot, then place
             the staging folder's entries into the output one atomic rename or exchange at a time
             (generator/build/publish.py: every path stays whole, and the next build finishes a
             publish that was killed).
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.build.config import BuildConfig
from generator.build.frozen import edition_notes, notes_folder, write_frozen
from generator.build.plan import (
    MANIFEST,
    SnapshotHashes,
    content_files,
    edition_keys,
    fingerprint,
    read_manifest,
    site_key,
    snapshot_paths,
    tree,
    unchanged,
)
from generator.build.publish import finish, plan_of, publish
from generator.build.swap import BuildLock, live, new_folder, recover, sweep
from generator.errors import BuildError

__all__ = ["BuildConfig", "BuildReport", "build", "snapshot_paths"]


@dataclass
class BuildReport:
    """What a build did, for the command line summary and the benchmark."""

    editions: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    used_sample: bool = False
    seconds: float = 0.0
    output: Path = Path("site")

    def summary(self) -> str:
        """Describe the build in a few lines."""
        source = "the embedded sample" if self.used_sample else "your snapshots"
        reused = len(self.editions) - len(self.rebuilt)
        return (
            f"Built {len(self.editions)} edition(s) from {source} into {self.output}/ "
            f"in {self.seconds:.1f} s ({len(self.rebuilt)} rendered, {reused} unchanged).\n"
            f"Latest edition: {self.editions[-1]}. Open {self.output}/index.html"
        )


def _sweep_and_recover(output: Path, paths: list[Path]) -> None:
    """Undo interrupted swaps and delete what killed builds left (no other build is running)."""
    recover(output)
    finish(output)  # a publish killed half-way is carried out before its staging folder could be swept
    sweep(output.parent, output.name)
    for folder in {notes_folder(p) for p in paths}:
        recover(folder)
        sweep(folder.parent, folder.name)


def build(config: BuildConfig) -> BuildReport:
    """Build the whole site; the output folder changes only if everything succeeded."""
    try:
        return _build(config)
    except OSError as error:
        raise BuildError(
            f"{error.filename or config.output}: {error.strerror or error}; the site was left as it was"
        ) from error


def _build(config: BuildConfig) -> BuildReport:
    """Decide, and only if something changed: import the renderer, write a staging folder, swap it in."""
    started = time.perf_counter()
    output = config.output.resolve()
    if output.exists() and not output.is_dir():
        raise BuildError(f"{config.output}: exists and is not a folder; refusing to replace it")
    paths, used_sample = snapshot_paths(config.snapshots)
    files = content_files(config.content)
    output.parent.mkdir(parents=True, exist_ok=True)
    hashes = SnapshotHashes(config.cache)
    lock = BuildLock(output)
    try:
        lock.start(lambda: _sweep_and_recover(output, paths))
        shared = fingerprint(tree(config.templates), __version__, config.base_url)
        digests = hashes.digests(paths, meanwhile=_import_renderer)
        hashes.save()
        if files is not None:  # else a note is an odd file: the notes check below names it
            # read frozen notes under the lock: no other build swaps a folder while we hold it shared
            sources = edition_notes(paths, files, config.content, writable=not used_sample)
            key = site_key(edition_keys(digests, [s.fingerprint for s in sources], shared))
            if unchanged(live(output), key):
                lock.exclusive()
                recover(output)
                finish(output)
                write_frozen(sources)
                return BuildReport(
                    editions=read_manifest(output)["editions"],
                    used_sample=used_sample,
                    seconds=time.perf_counter() - started,
                    output=config.output,
                )
        results = _render(config, paths, digests, shared, used_sample, output, lock)
    finally:
        lock.close()
    return BuildReport(
        editions=[r.edition_id for r in results],
        rebuilt=[r.edition_id for r in results if r.rebuilt],
        used_sample=used_sample,
        seconds=time.perf_counter() - started,
        output=config.output,
    )


def _import_renderer() -> None:
    """Import the rendering half while snapshots are hashed: a snapshot new to the hash cache (a new
    edition, a fresh clone) nearly always means something to render."""
    import generator.build.render  # noqa: F401


def _render(
    config: BuildConfig,
    paths: list[Path],
    digests: list[str],
    shared: str,
    used_sample: bool,
    output: Path,
    lock: BuildLock,
) -> list:
    """Check the notes, render into a staging folder and swap it in (the heavy imports start here)."""
    from generator.build.render import write_site
    from generator.model.snapshot import load_snapshot
    from generator.notes.lint import checked_notes
    from generator.site.writer import write_text

    latest = load_snapshot(paths[-1])
    current = checked_notes(config.content, {s.netuid for s in latest.doc.subnets})
    files = content_files(config.content) or {}
    sources = edition_notes(paths, files, config.content, writable=not used_sample, current=current)
    keys = edition_keys(digests, [s.fingerprint for s in sources], shared)
    stage = new_folder(output)
    try:
        results = write_site(config, paths, keys, sources, latest, stage, live(output))
        manifest = {
            "key": site_key(keys),
            "editions": [r.edition_id for r in results],
            "generator_version": __version__,
        }
        write_text(stage, MANIFEST, json.dumps(manifest, indent=1) + "\n")
        lock.exclusive()
        write_frozen(sources)
        publish(stage, output, {r.edition_id for r in results if not r.rebuilt})
    except BaseException:
        if not plan_of(output).exists():  # else a publish is under way: the next build finishes it from the stage
            shutil.rmtree(stage, ignore_errors=True)
        raise
    return results
