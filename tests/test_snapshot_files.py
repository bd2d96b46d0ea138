"""The snapshot writer under faults: folder in the way, read-only, disk full, concurrent writers."""

from __future__ import annotations

import errno
import os
import threading
import time

import pytest

from generator.errors import SnapshotError
from generator.model import files as snapshot_files
from generator.model.files import prepare_folder, write_new_file
from generator.model.snapshot import load_snapshot, write_snapshot
from tests.conftest import make_doc

NAME = "finney-1000-20260807T083500Z.json.gz"


def leftovers(folder):
    """List every file the writer may have left, hidden ones included."""
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_writes_a_file_that_loads_back(tmp_path):
    path = write_snapshot(make_doc(), tmp_path / "new" / "deeper")
    assert path.name == NAME and load_snapshot(path).doc == make_doc()
    assert leftovers(path.parent) == [NAME]


@pytest.mark.parametrize(
    "network, name",
    [
        ("../x", "x-1000-20260807T083500Z.json.gz"),
        ("wss://user:key@my.node.example:443/ws?apikey=k", "my.node.example-1000-20260807T083500Z.json.gz"),
        ("ws://127.0.0.1:9944", "127.0.0.1-9944-1000-20260807T083500Z.json.gz"),
    ],
)
def test_the_network_never_makes_a_path(tmp_path, network, name):
    out = tmp_path / "out"
    doc = make_doc()
    doc = doc.model_copy(update={"provenance": doc.provenance.model_copy(update={"network": network})})
    path = write_snapshot(doc, out)
    assert path == out / name and leftovers(tmp_path) == ["out"] and leftovers(out) == [name]
    assert load_snapshot(path).provenance.network == network


def test_a_file_in_place_of_the_folder(tmp_path):
    (tmp_path / "snapshots").write_text("not a folder")
    for folder in (tmp_path / "snapshots", tmp_path / "snapshots" / "sub"):
        with pytest.raises(SnapshotError) as err:
            write_snapshot(make_doc(), folder)
        assert err.value.message == f"{folder}: cannot write snapshots here: a file is in the way of the folder"


def test_read_only_folder(tmp_path, monkeypatch):
    # Tests run as root, whom chmod does not stop: refuse the way a read-only mount does.
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(snapshot_files.tempfile, "mkstemp", read_only)
    with pytest.raises(SnapshotError) as err:
        write_snapshot(make_doc(), tmp_path)
    assert err.value.message == f"{tmp_path}: cannot write snapshots here: Read-only file system"
    assert leftovers(tmp_path) == []


def test_disk_full_removes_the_partial_file(tmp_path, monkeypatch):
    written = []

    def full(fd, data):
        os.write(fd, data[: len(data) // 2])
        written.append(len(data) // 2)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(snapshot_files, "_write_all", full)
    with pytest.raises(SnapshotError) as err:
        write_snapshot(make_doc(), tmp_path)
    assert err.value.message == f"{tmp_path / NAME}: cannot write the snapshot: No space left on device"
    assert written and leftovers(tmp_path) == []


def test_a_writer_finishing_first_wins_and_the_other_leaves_nothing(tmp_path):
    other = b"the other writer's snapshot"

    def meanwhile(partial):
        (tmp_path / NAME).write_bytes(other)  # appears between our check and our link

    with pytest.raises(SnapshotError) as err:
        write_new_file(tmp_path, NAME, b"ours", meanwhile)
    assert err.value.message == f"{tmp_path / NAME}: a snapshot for this block already exists; not overwriting it"
    assert leftovers(tmp_path) == [NAME] and (tmp_path / NAME).read_bytes() == other


def test_concurrent_writers_of_one_block(tmp_path):
    doc, outcomes = make_doc(), []
    start = threading.Barrier(8)

    def writer():
        start.wait()
        try:
            outcomes.append(write_snapshot(doc, tmp_path))
        except SnapshotError as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(tmp_path / NAME) == 1
    assert outcomes.count(f"{tmp_path / NAME}: a snapshot for this block already exists; not overwriting it") == 7
    assert leftovers(tmp_path) == [NAME]


def test_a_file_that_does_not_read_back_is_not_kept(tmp_path):
    def broken(partial):
        raise SnapshotError(f"{partial}: unreadable snapshot (truncated or corrupt): boom")

    with pytest.raises(SnapshotError) as err:
        write_new_file(tmp_path, NAME, b"x", broken)
    assert (
        err.value.message
        == f"{tmp_path / NAME}: the written file does not read back: unreadable snapshot (truncated or corrupt): boom"
    )
    assert leftovers(tmp_path) == []


def test_stale_partial_files_of_a_killed_writer_are_removed(tmp_path):
    old, fresh = tmp_path / ".partial-old.tmp", tmp_path / ".partial-fresh.tmp"
    old.write_bytes(b"half")
    fresh.write_bytes(b"in progress")  # perhaps another writer's, right now
    day_ago = time.time() - 86400
    os.utime(old, (day_ago, day_ago))
    prepare_folder(tmp_path)
    assert leftovers(tmp_path) == [".partial-fresh.tmp"]
