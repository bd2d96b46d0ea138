"""Deciding a build before importing the heavy half: snapshot hashes cached, nothing to do costs nothing."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

from generator.build.plan import HASHES, SnapshotHashes, content_files
from generator.build.run import BuildConfig, build
from tests.conftest import REPO

HEAVY = ("pandas", "matplotlib", "pydantic", "jinja2")
PROBE = """
import sys
from generator.cli.main import cli
cli(["build", "--snapshots", sys.argv[1], "--content", sys.argv[2], "--templates", sys.argv[3],
     "--out", sys.argv[4], "--cache", sys.argv[5], "--quiet"], standalone_mode=False)
print(" ".join(m for m in sys.argv[6:] if m in sys.modules) or "none")
"""


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _probe(tmp_path, content, cache) -> str:
    """Run a build in a fresh process and return the heavy libraries it imported."""
    args = [tmp_path / "none", content, REPO / "templates", tmp_path / "site", cache]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, args), *HEAVY], cwd=REPO, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_a_rebuild_with_nothing_changed_imports_nothing_heavy_and_writes_nothing(tmp_path, chart_cache):
    content = tmp_path / "content"
    (content / "subnets").mkdir(parents=True)
    for note in sorted((REPO / "content" / "subnets").glob("*.md"))[:3]:
        (content / "subnets" / note.name).write_bytes(note.read_bytes())
    config = BuildConfig(tmp_path / "none", content, REPO / "templates", tmp_path / "site", chart_cache)
    build(config)
    before = _tree(tmp_path / "site")
    assert _probe(tmp_path, content, chart_cache) == "none"
    assert _tree(tmp_path / "site") == before
    # the probe sees the imports when there is something to do: an edited note renders the latest edition
    note = sorted((content / "subnets").glob("*.md"))[0]
    note.write_text(note.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    # ...all but matplotlib, which only the chart workers import
    assert _probe(tmp_path, content, chart_cache) == " ".join(m for m in HEAVY if m != "matplotlib")
    assert _tree(tmp_path / "site") != before


def test_snapshots_new_to_the_cache_are_hashed_while_the_renderer_is_imported(tmp_path):
    paths = []
    for name, data in (("a.json.gz", b"first"), ("b.json.gz", b"second")):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    calls = []
    hashes = SnapshotHashes(tmp_path / "cache")
    hashes.digest(paths[0])  # cached: only the other is new
    expected = [hashlib.sha256(b"first").hexdigest(), hashlib.sha256(b"second").hexdigest()]
    assert hashes.digests(paths, meanwhile=lambda: calls.append("import")) == expected
    assert calls == ["import"]
    hashes.save()
    again = SnapshotHashes(tmp_path / "cache")
    # all cached now: nothing runs meanwhile (a rebuild with nothing changed imports nothing heavy)
    assert again.digests(paths, meanwhile=lambda: calls.append("import")) == expected and calls == ["import"]


def test_snapshot_hashes_are_cached_by_path_size_and_mtime(tmp_path):
    snapshot = tmp_path / "a.json.gz"
    snapshot.write_bytes(b"first")
    cache = tmp_path / "cache"
    hashes = SnapshotHashes(cache)
    assert hashes.digest(snapshot) == hashlib.sha256(b"first").hexdigest()
    hashes.save()
    stored = json.loads((cache / HASHES).read_text(encoding="utf-8"))
    info = snapshot.stat()
    assert stored == {str(snapshot.resolve()): [info.st_size, info.st_mtime_ns, hashlib.sha256(b"first").hexdigest()]}
    # same path, size and mtime: the cached value is trusted without reading the file
    stored[str(snapshot.resolve())][2] = "0" * 64
    (cache / HASHES).write_text(json.dumps(stored), encoding="utf-8")
    assert SnapshotHashes(cache).digest(snapshot) == "0" * 64
    # another size or mtime: hashed again
    snapshot.write_bytes(b"second!")
    assert SnapshotHashes(cache).digest(snapshot) == hashlib.sha256(b"second!").hexdigest()
    os.utime(snapshot, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    snapshot.write_bytes(b"third!!")  # same size as "second!"
    os.utime(snapshot, ns=(info.st_atime_ns, info.st_mtime_ns + 2 * 10**9))
    assert SnapshotHashes(cache).digest(snapshot) == hashlib.sha256(b"third!!").hexdigest()


def test_a_damaged_hash_cache_only_costs_hashing_again(tmp_path):
    snapshot = tmp_path / "a.json.gz"
    snapshot.write_bytes(b"bytes")
    (tmp_path / HASHES).write_text("[not json", encoding="utf-8")
    assert SnapshotHashes(tmp_path).digest(snapshot) == hashlib.sha256(b"bytes").hexdigest()
    (tmp_path / HASHES).write_text('{"x": 3, "' + str(snapshot.resolve()) + '": [1, 2]}', encoding="utf-8")
    assert SnapshotHashes(tmp_path).digest(snapshot) == hashlib.sha256(b"bytes").hexdigest()


def test_odd_note_entries_send_the_build_the_slow_way_without_opening_them(tmp_path):
    subnets = tmp_path / "subnets"
    subnets.mkdir()
    (subnets / "1.md").write_text("one", encoding="utf-8")
    (subnets / ".hidden.md").write_text("skipped", encoding="utf-8")
    assert content_files(tmp_path) == {"subnets/1.md": b"one"}
    os.mkfifo(subnets / "2.md")  # opening it would block: it must be refused on its type alone
    assert content_files(tmp_path) is None
    (subnets / "2.md").unlink()
    (subnets / "2.md").symlink_to(subnets / "1.md")
    assert content_files(tmp_path) is None
    (subnets / "2.md").unlink()
    (subnets / "2.md").write_bytes(b"x" * (32 * 1024 + 1))
    assert content_files(tmp_path) is None


def test_every_snapshot_is_scored_once_and_loaded_ahead_by_the_workers(tmp_path, chart_cache, monkeypatch):
    import generator.build.edition as edition
    import generator.build.records as records
    import generator.model.snapshot as snapshots

    log = tmp_path / "calls.txt"  # the workers load and score the next edition ahead: they are forks, and log here
    real_load, real_score = snapshots.load_snapshot, records.metrics.scorecards

    def load(path, *args, **kwargs):
        with log.open("a") as handle:
            handle.write(f"load {path.name} {os.getpid()}\n")
        return real_load(path, *args, **kwargs)

    def score(snapshot):
        with log.open("a") as handle:
            handle.write(f"score {snapshot.edition_id}\n")
        return real_score(snapshot)

    for module in (snapshots, edition, records):
        monkeypatch.setattr(module, "load_snapshot", load)
    monkeypatch.setattr(records.metrics, "scorecards", score)
    config = BuildConfig(tmp_path / "none", REPO / "content", REPO / "templates", tmp_path / "site", chart_cache)
    report = build(config)
    calls = log.read_text().splitlines()
    here = str(os.getpid())
    loads = [line.split()[1:] for line in calls if line.startswith("load ")]
    scored = sorted(line.split()[1] for line in calls if line.startswith("score "))
    names = sorted(p.name for p in (REPO / "generator" / "sample").glob("*.json.gz"))
    # here: the first edition, and the latest for the notes check (its figures then serve both of its views);
    # the workers: the second and third while the one before is rendered, and the latest for its figures
    assert sorted(name for name, pid in loads if pid == here) == [names[0], names[3]]
    assert sorted(name for name, pid in loads if pid != here) == names[1:]
    assert scored == report.editions == ["2026-03-22", "2026-04-13", "2026-06-14", "2026-08-07"]


def test_the_workers_write_every_views_profiles(tmp_path, chart_cache, monkeypatch):
    from generator.site.writer import Site

    log, real = tmp_path / "writes.txt", Site.write

    def logged(self, root, relative, template, page):
        with log.open("a") as handle:
            handle.write(f"{relative} {os.getpid()}\n")
        return real(self, root, relative, template, page)

    monkeypatch.setattr(Site, "write", logged)  # the workers are forks: they write with it too
    config = BuildConfig(tmp_path / "none", REPO / "content", REPO / "templates", tmp_path / "site", chart_cache)
    build(config)
    writes = [line.split() for line in log.read_text().splitlines()]
    profiles = [pid for relative, pid in writes if relative.startswith("subnets/")]
    assert len(profiles) == 128 * 6  # 4 editions' profiles, and the latest view's profiles and report cards
    assert str(os.getpid()) not in profiles
