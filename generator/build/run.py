"""The build: gather inputs, compute every edition, render, then swap the new site into place.

Stages, in order:
1. gather  - snapshot files (or the embedded sample), notes, templates; fingerprint them;
2. plan    - each edition's key is a hash of its inputs; an edition whose key matches the one
             recorded in the current site's `editions/<id>/manifest.json` is hard-linked into the
             staging folder as it is (no file is rewritten, and the live site stays whole even if
             the build is killed), not rebuilt.
             Archived editions freeze with the editors' notes they were published with, kept in the
             repository beside their snapshot (generator/build/frozen.py): the key covers templates,
             generator version, base URL and the snapshots and notes of the edition and all earlier
             ones, so a note edit re-renders only the latest edition, and a build without the
             previous site (a lost cache, a fresh clone) renders every edition as it was published;
3. compute - scorecards, narratives, charts and page contexts for editions to rebuild;
4. write   - render everything into a staging folder next to the output;
5. swap    - under the build lock, write the latest edition's notes beside its snapshot, then put
             the staging folder in place of the output (generator/build/swap.py: a kill at any step
             leaves a whole site, and the next build finishes or undoes the swap).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.build.edition import EditionInputs, EditionResult, render_edition, render_latest
from generator.build.frozen import EditionNotes, edition_notes, notes_folder, write_frozen
from generator.build.swap import BuildLock, live, new_folder, recover, swap, sweep
from generator.errors import BuildError
from generator.model.snapshot import find_snapshots, load_snapshot
from generator.notes.lint import checked_notes
from generator.site.search import index_site
from generator.site.syndication import write_syndication
from generator.site.writer import Site, link_or_copy

SAMPLE = Path(__file__).resolve().parent.parent / "sample"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class BuildConfig:
    """Where the build reads and writes."""

    snapshots: Path
    content: Path
    templates: Path
    output: Path
    cache: Path
    jobs: int = 2
    base_url: str = ""  # absolute URL the site is published at, ending in "/"; "" for none


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


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def edition_keys(paths: list[Path], notes: list[str], shared_key: str) -> list[str]:
    """Key each edition by the shared inputs and its own and all earlier snapshots and notes."""
    keys, digest = [], hashlib.sha256(shared_key.encode())
    for path, notes_key in zip(paths, notes):
        digest.update(hashlib.sha256(path.read_bytes()).digest() + notes_key.encode())
        keys.append(digest.copy().hexdigest())
    return keys


def previous_manifests(output: Path) -> dict[str, dict]:
    """Read the manifests of the editions in the current site, by key."""
    found = {}
    for path in sorted(output.glob(f"editions/*/{MANIFEST}")):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            found[manifest["key"]] = manifest
        except (OSError, ValueError, KeyError):
            continue  # a damaged manifest only costs a rebuild
    return found


def _read_manifest(folder: Path) -> dict:
    """Read a manifest, or return {} when it is missing or damaged."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _unchanged(output: Path, site_key: str) -> bool:
    """Tell whether the current site was built from exactly these inputs (then nothing is written)."""
    manifest = _read_manifest(output)
    if manifest.get("key") != site_key:
        return False
    return all((output / "editions" / e / MANIFEST).is_file() for e in manifest.get("editions", []))


def _sweep_and_recover(output: Path, paths: list[Path]) -> None:
    """Undo interrupted swaps and delete what killed builds left (no other build is running)."""
    recover(output)
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
    """Gather, plan, compute, write into a staging folder, then swap it in under the build lock."""
    started = time.perf_counter()
    output = config.output.resolve()
    if output.exists() and not output.is_dir():
        raise BuildError(f"{config.output}: exists and is not a folder; refusing to replace it")
    paths, used_sample = snapshot_paths(config.snapshots)
    current = checked_notes(config.content, {s.netuid for s in load_snapshot(paths[-1]).doc.subnets})
    site = Site(config.templates)
    output.parent.mkdir(parents=True, exist_ok=True)
    lock = BuildLock(output)
    try:
        lock.start(lambda: _sweep_and_recover(output, paths))
        # read frozen notes under the lock: no other build swaps a folder while we hold it shared
        sources = edition_notes(paths, current, writable=not used_sample)
        keys = edition_keys(
            paths, [s.fingerprint for s in sources], fingerprint(_tree(config.templates), __version__, config.base_url)
        )
        site_key = hashlib.sha256(" ".join(keys).encode()).hexdigest()
        if _unchanged(live(output), site_key):
            lock.exclusive()
            recover(output)
            write_frozen(sources)
            return BuildReport(
                editions=_read_manifest(output)["editions"],
                used_sample=used_sample,
                seconds=time.perf_counter() - started,
                output=config.output,
            )
        stage = new_folder(output)
        try:
            results = _write_site(site, config, paths, keys, sources, current, stage, live(output))
            manifest = {"key": site_key, "editions": [r.edition_id for r in results], "generator_version": __version__}
            (stage / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
            lock.exclusive()
            write_frozen(sources)
            swap(stage, output)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
    finally:
        lock.close()
    return BuildReport(
        editions=[r.edition_id for r in results],
        rebuilt=[r.edition_id for r in results if r.rebuilt],
        used_sample=used_sample,
        seconds=time.perf_counter() - started,
        output=config.output,
    )


def _write_site(
    site: Site,
    config: BuildConfig,
    paths: list[Path],
    keys: list[str],
    sources: list[EditionNotes],
    current: dict,
    stage: Path,
    previous: Path,
) -> list[EditionResult]:
    """Render or reuse every edition, then the latest view and the feeds, into `stage`."""
    old = previous_manifests(previous)
    results: list[EditionResult] = []
    for path, key, source in zip(paths, keys, sources):
        manifest = old.get(key)
        # a reused edition needs no notes: frozen ones are parsed only for editions rendered again
        inputs = EditionInputs(
            path=path, key=key, notes={} if manifest else source.notes, earlier=list(results), base_url=config.base_url
        )
        if results:
            results[-1].snapshot = None  # only the latest snapshot is needed again: memory stays flat
        results.append(_edition(site, inputs, manifest, config, stage, previous))
    render_latest(site, results, current, stage, config)
    write_syndication(stage, results, config.base_url)
    index_site(stage)  # last: it reads the finished pages
    return results


def _edition(
    site: Site, inputs: EditionInputs, manifest: dict | None, config: BuildConfig, stage: Path, previous: Path
) -> EditionResult:
    """Link an unchanged edition from the current site into the stage, or render it."""
    if manifest is not None:
        source = previous / "editions" / manifest["edition_id"]
        target = stage / "editions" / manifest["edition_id"]
        # Hard links: no data is copied and the live site keeps its files whatever happens next.
        shutil.copytree(source, target, copy_function=link_or_copy)
        return EditionResult.from_folder(target, inputs.path, rebuilt=False)
    return render_edition(site, inputs, stage, config.cache, config.jobs)
