"""Faults during a build: a kill at every step of the swap, full or read-only disks, a file in the way."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build.run import BuildConfig, build
from generator.cli.main import cli
from generator.errors import BuildError
from generator.model.snapshot import write_snapshot
from tests.conftest import REPO, make_doc
from tests.test_build import tree_digest

NOTE = """---
netuid: 1
name: One
category: other
status: research
summary: {summary}
evidence:
  - claim: A public paper.
    source: https://example.org/paper
    date: 2026-08-01
last_reviewed: 2026-08-01
reviewed_by: tests
---
Body of the note: {summary}
"""


def snapshot(folder: Path, day: int) -> Path:
    """Write a tiny snapshot of 2026-08-<day>."""
    stamp = make_doc().provenance.block_timestamp.replace(day=day)
    return write_snapshot(make_doc(block=1000 * day, block_timestamp=stamp), folder)


def note(content: Path, summary: str) -> None:
    """Write the note of subnet 1 with a given summary."""
    (content / "subnets").mkdir(parents=True, exist_ok=True)
    (content / "subnets" / "1.md").write_text(NOTE.format(summary=summary), encoding="utf-8")


class Project:
    """A project folder: snapshots, notes, a site and a chart cache."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.root, self.snaps, self.content, self.site = root, root / "snaps", root / "content", root / "site"
        self.cache = cache

    def config(self) -> BuildConfig:
        return BuildConfig(
            snapshots=self.snaps,
            content=self.content,
            templates=REPO / "templates",
            output=self.site,
            cache=self.cache,
            jobs=1,
        )

    def args(self) -> list[str]:
        return [
            "--snapshots",
            str(self.snaps),
            "--content",
            str(self.content),
            "--templates",
            str(REPO / "templates"),
            "--out",
            str(self.site),
            "--cache",
            str(self.cache),
            "--jobs",
            "1",
            "--quiet",
        ]

    def killed_build(self, step: str, target: str) -> None:
        """Run a build in a child process that SIGKILLs itself at `step` of the swap of `target`."""
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        done = subprocess.run(
            [sys.executable, "-m", "tests.killed_build", step, target, *self.args()],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == -9, done.stderr  # it really was killed there

    def fresh_build(self) -> str:
        """Run a whole build in a fresh process, as the weekly job does; return its summary."""
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        args = [a for a in self.args() if a != "--quiet"]
        done = subprocess.run(
            [sys.executable, "-m", "generator", "build", *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def leftovers(self) -> list[str]:
        """Names beside the site and the snapshots that are neither live folders nor the lock."""
        names = [p.name for p in self.root.iterdir()] + [p.name for p in self.snaps.iterdir()]
        return sorted(n for n in names if n.startswith(".") and n != ".site.lock")


@pytest.fixture
def project(tmp_path, chart_cache) -> Project:
    """A project with one edition built and published, a second snapshot and an edited note pending."""
    project = Project(tmp_path, chart_cache)
    snapshot(project.snaps, 1)
    note(project.content, "first words")
    project.fresh_build()  # published by a build process of its own, as the kill tests compare
    return project


def reference(project: Project, tmp_path_factory) -> dict[str, str]:
    """Build what the pending build must publish, in a copy of the project."""
    copy = Project(tmp_path_factory.mktemp("reference"), project.cache)
    shutil.copytree(project.snaps, copy.snaps)
    shutil.copytree(project.content, copy.content)
    copy.fresh_build()
    return tree_digest(copy.site)


def assert_whole(site: Path, published: dict[str, str], expected: dict[str, str]) -> None:
    """Every file of the site is the published or the expected version, and none both have is missing."""
    now = tree_digest(site)
    assert [p for p in now if now[p] not in (published.get(p), expected.get(p))] == []
    assert sorted(set(published) & set(expected) - set(now)) == []


STEPS = [
    "render",
    "planned",
    "placed editions/2026-08-08",
    "placed api/v1/editions/2026-08-08",  # the new edition's API folder: beside the kept one's
    "placed api/v1/editions.json",  # inside `api/v1`, placed entry by entry
    "placed index.html",
    "placed",
]


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_of_the_publish_leaves_a_whole_site(project, step, tmp_path_factory):
    published = tree_digest(project.site)
    first = tree_digest(project.site / "editions" / "2026-08-01")
    snapshot(project.snaps, 8)
    note(project.content, "second words")
    expected = reference(project, tmp_path_factory)
    assert expected != published

    project.killed_build(step, "site")
    now = tree_digest(project.site)
    assert now == {"render": published, "planned": published, "placed": expected}.get(step, now)
    if step.startswith("placed "):  # half-way: a mix of whole files, the new edition already in
        assert now not in (published, expected) and "editions/2026-08-08/index.html" in now
    assert_whole(project.site, published, expected)

    summary = project.fresh_build()  # the next build finishes or undoes the swap
    assert tree_digest(project.site) == expected
    # the archived edition is reused, never re-rendered (after a kill once the new site was in place, nothing is)
    assert re.search(r"\((1 rendered, 1|0 rendered, 2) unchanged\)", summary), summary
    assert tree_digest(project.site / "editions" / "2026-08-01") == first
    assert project.leftovers() == []


def test_a_kill_while_the_latest_notes_are_rewritten_keeps_the_published_ones(project, tmp_path_factory):
    frozen = project.snaps / "finney-1000-20260801T083500Z.notes"
    assert "first words" in (frozen / "subnets" / "1.md").read_text()
    note(project.content, "second words")
    project.killed_build("old-aside", frozen.name)
    assert not frozen.exists()  # killed while the folder was set aside
    published = tree_digest(project.site / "editions" / "2026-08-01")

    snapshot(project.snaps, 8)  # the first edition is archived before any build recovered the folder
    build(project.config())
    # the site still had the edition with the first notes: it stays so, and the repository agrees
    assert tree_digest(project.site / "editions" / "2026-08-01") == published
    assert "first words" in (frozen / "subnets" / "1.md").read_text()
    assert "second words" in (project.site / "subnets" / "1.html").read_text()
    assert project.leftovers() == []


def test_building_folders_of_a_killed_build_are_swept(project):
    snapshot(project.snaps, 8)
    project.killed_build("render", "site")
    assert [n for n in project.leftovers() if n.startswith(".site.building-")]
    build(project.config())
    assert project.leftovers() == []


def test_a_build_never_sweeps_the_folder_of_a_running_build(project, monkeypatch):
    import generator.build.render as build_module
    from generator.build.swap import BuildLock

    snapshot(project.snaps, 8)
    real, seen = build_module.render_latest, []

    def start_another_build(*args, **kwargs):
        # a second build starting now must not take this build's staging folder for a stray
        other, swept = BuildLock(project.site.resolve()), []
        other.start(lambda: swept.append("swept"))
        other.close()
        seen.append((swept, len([n for n in project.leftovers() if n.startswith(".site.building-")])))
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "render_latest", start_another_build)
    build(project.config())
    assert seen == [([], 1)]
    alone, swept = BuildLock(project.site.resolve()), []
    alone.start(lambda: swept.append("swept"))  # no build running any more: sweeping is safe
    alone.close()
    assert swept == ["swept"]


FAULTS = {
    "disk full": OSError(errno.ENOSPC, "No space left on device"),
    "read-only": OSError(errno.EROFS, "Read-only file system"),
    "immutable": PermissionError(errno.EPERM, "Operation not permitted"),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("where", ["page", "notes", "first entry"])
def test_write_faults_give_one_line_and_keep_the_site(project, monkeypatch, fault, where):
    published = tree_digest(project.site)
    snapshot(project.snaps, 8)
    error, real_rename, real_write = FAULTS[fault], os.rename, Path.write_text

    def fail(path: object) -> None:
        raise type(error)(error.errno, error.strerror, str(path))

    def rename(source, target):
        hit = {
            "notes": Path(target).name.endswith(".notes"),
            "first entry": Path(source).parent.parent.name.startswith(".site.building-"),
        }[where]
        return fail(source) if hit else real_rename(source, target)

    def write_page(path, *args, **kwargs):
        return fail(path) if path.suffix == ".html" else real_write(path, *args, **kwargs)

    if where == "page":
        monkeypatch.setattr(Path, "write_text", write_page)
    else:
        monkeypatch.setattr(os, "rename", rename)
    result = CliRunner().invoke(cli, ["build", *project.args()])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert error.strerror in result.output and "the site was left as it was" in result.output
    monkeypatch.undo()
    assert tree_digest(project.site) == published
    assert [n for n in project.leftovers() if ".building-" in n] == []


def test_a_fault_half_way_through_the_publish_is_finished_by_the_next_build(project, monkeypatch, tmp_path_factory):
    from generator.build import publish

    snapshot(project.snaps, 8)
    expected = reference(project, tmp_path_factory)

    def broken(new: Path, live: Path) -> None:  # the first existing entry to replace (after the new edition's two)
        raise OSError(errno.EIO, "Input/output error", str(live))

    monkeypatch.setattr(publish, "exchange", broken)
    result = CliRunner().invoke(cli, ["build", *project.args()])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith("Error: ") and "Input/output error; 2 of " in result.output
    assert "entries of the new site are in place, and the next build finishes the rest" in result.output
    monkeypatch.undo()
    placed = tree_digest(project.site)  # the new edition and its folder of the JSON API went in first
    assert "editions/2026-08-08/index.html" in placed and "api/v1/editions/2026-08-08/subnets.json" in placed
    project.fresh_build()
    assert tree_digest(project.site) == expected
    assert project.leftovers() == []


def test_a_file_where_the_site_folder_must_be(tmp_path, chart_cache):
    project = Project(tmp_path, chart_cache)
    snapshot(project.snaps, 1)
    project.site.write_text("not a folder")
    with pytest.raises(BuildError) as caught:  # the command line refuses it earlier, as a bad --out
        build(project.config())
    assert str(caught.value.message) == f"{project.site}: exists and is not a folder; refusing to replace it"
    assert project.site.read_text() == "not a folder"


def test_a_file_where_the_cache_folder_must_be(project):
    snapshot(project.snaps, 8)
    published = tree_digest(project.site)
    blocker = project.root / "cache-file"
    blocker.write_text("x")
    args = [a if a != str(project.cache) else str(blocker / "inner") for a in project.args()]
    result = CliRunner().invoke(cli, ["build", *args])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert str(blocker) in result.output and "the site was left as it was" in result.output
    assert tree_digest(project.site) == published


CHART_WORKERS = """
import os, sys, tempfile, time
from pathlib import Path
from generator.build import drawing
from generator.site import charts

def stuck(batch, folder):
    (Path(sys.argv[1]) / str(os.getpid())).write_text("")
    time.sleep(120)  # a long drawing: the parent is killed meanwhile

drawing.draw_chunk = stuck
with drawing.Drawing(Path(tempfile.mkdtemp()), jobs=2) as pool:
    pool.start([charts.Chart(f"c{i}", "bars", {"i": i}, "", "") for i in range(32)]).result()
"""


def _dead(pid: int) -> bool:
    """Tell whether a process is gone or a zombie (exited, waiting only to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_chart_workers_die_with_a_killed_build(tmp_path):
    import time

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    parent = subprocess.Popen([sys.executable, "-c", CHART_WORKERS, str(tmp_path)], env=env)
    try:
        for _ in range(600):  # wait (at most a minute) until both workers are drawing
            if len(list(tmp_path.iterdir())) == 2 or parent.poll() is not None:
                break
            time.sleep(0.1)
        workers = [int(p.name) for p in tmp_path.iterdir()]
        assert len(workers) == 2 and all(not _dead(pid) for pid in workers)
    finally:
        parent.kill()
        parent.wait()
    for _ in range(100):  # they notice within a fraction of a second; give them up to 10 s
        if all(_dead(pid) for pid in workers):
            break
        time.sleep(0.1)
    alive = [pid for pid in workers if not _dead(pid)]
    for pid in alive:
        os.kill(pid, 9)  # never leave them behind, even when the test fails
    assert alive == []


def test_a_failing_search_index_gives_one_line_and_keeps_the_site(project, monkeypatch):
    """Pagefind runs beside the end of the build; its failure fails the build, which publishes nothing."""
    from generator.site import search

    published = tree_digest(project.site)
    snapshot(project.snaps, 8)
    failing = [sys.executable, "-c", "import sys; print('index disk full', file=sys.stderr); sys.exit(3)"]
    monkeypatch.setattr(search, "pagefind_command", lambda site: failing)
    result = CliRunner().invoke(cli, ["build", *project.args()])
    assert result.exit_code == 1, result.output
    assert result.output == "Error: pagefind: search index not built: index disk full\n"
    assert tree_digest(project.site) == published
    assert [n for n in project.leftovers() if ".building-" in n] == []


INDEXER_PARENT = """
import os, shutil, signal, subprocess, sys, time
from pathlib import Path
from generator.site.search import dies_with_this_process

child = subprocess.Popen(dies_with_this_process([shutil.which("sleep"), "120"]))
time.sleep(0.5)  # the launcher has become `sleep` by now
(Path(sys.argv[1]) / str(child.pid)).write_text("")
os.kill(os.getpid(), signal.SIGKILL)  # a killed build: nothing runs after this
"""


def test_the_search_indexer_dies_with_a_killed_build(tmp_path):
    """A build SIGKILLed while Pagefind runs must not leave it writing into a folder the next build sweeps."""
    import time

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    parent = subprocess.run([sys.executable, "-c", INDEXER_PARENT, str(tmp_path)], env=env, timeout=60)
    assert parent.returncode == -9
    [pid] = [int(p.name) for p in tmp_path.iterdir()]
    for _ in range(100):  # at most ten seconds; the kernel ends it at once
        if _dead(pid):
            break
        time.sleep(0.1)
    assert _dead(pid), f"the indexer {pid} outlived its build"
