"""The one guarded writer: folders created, nothing outside the output, no path written twice."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.site import writer


def test_creates_folders_and_writes_once(tmp_path):
    writer.write_text(tmp_path, "a/b/c.html", "é")
    assert (tmp_path / "a" / "b" / "c.html").read_text(encoding="utf-8") == "é"


@pytest.mark.parametrize("relative", ["../escape.html", "a/../../escape.html", "/tmp/escape.html", ".", ""])
def test_refuses_a_path_outside_the_output(tmp_path, relative):
    root = tmp_path / "site"
    root.mkdir()
    with pytest.raises(BuildError, match="refusing to write outside the output folder"):
        writer.write_text(root, relative, "x")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["site"]


def test_refuses_a_symbolic_link_leading_out(tmp_path):
    root, outside = tmp_path / "site", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "charts").symlink_to(outside)
    with pytest.raises(BuildError, match="outside the output folder"):
        writer.write_text(root, "charts/a.svg", "x")
    with pytest.raises(BuildError, match="outside the output folder"):
        writer.write_text(root, "charts/deeper/a.svg", "x")  # no folder is made out there either
    assert list(outside.iterdir()) == []


def test_a_folder_is_checked_once_and_a_new_one_again(tmp_path):
    root, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    writer.write_text(root, "charts/a.svg", "x")
    writer.write_text(root, "charts/b.svg", "y")  # the same folder, already checked
    (root / "other").symlink_to(outside)
    with pytest.raises(BuildError, match="outside the output folder"):
        writer.write_text(root, "other/c.svg", "z")
    assert sorted(p.name for p in (root / "charts").iterdir()) == ["a.svg", "b.svg"]
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    "write",
    [
        lambda root, source: writer.write_text(root, "downloads/x.csv", "b"),
        lambda root, source: writer.copy_file(root, "downloads/x.csv", source),
        lambda root, source: writer.link_file(root, "downloads/x.csv", source),
    ],
    ids=["text", "copy", "link"],
)
def test_refuses_writing_one_path_twice(tmp_path, write):
    root, source = tmp_path / "site", tmp_path / "source.csv"
    source.write_text("source")
    writer.write_text(root, "downloads/x.csv", "first")
    with pytest.raises(BuildError, match=r"downloads/x\.csv: written twice in one build"):
        write(root, source)
    assert (root / "downloads" / "x.csv").read_text() == "first"


def test_copy_and_link_publish_the_same_bytes(tmp_path):
    source = tmp_path / "snapshot.json.gz"
    source.write_bytes(b"\x1f\x8b bytes")
    copied = writer.copy_file(tmp_path / "site", "downloads/snapshot.json.gz", source)
    linked = writer.link_file(tmp_path / "site", "again/snapshot.json.gz", source)
    assert copied.read_bytes() == linked.read_bytes() == source.read_bytes()
    assert os.stat(linked).st_ino == os.stat(source).st_ino  # a hard link where the file system allows one
    assert os.stat(copied).st_ino != os.stat(source).st_ino


def test_copy_tree_publishes_every_file_once(tmp_path):
    source = tmp_path / "edition"
    (source / "charts").mkdir(parents=True)
    (source / "index.html").write_text("i")
    (source / "charts" / "a.svg").write_text("a")
    writer.copy_tree(tmp_path / "site", "editions/x", source)
    built = sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert built == ["editions/x/charts/a.svg", "editions/x/index.html"]
    with pytest.raises(BuildError, match="written twice"):
        writer.copy_tree(tmp_path / "site", "editions/x", source)


def test_the_build_writes_only_through_the_writer():
    """No other module of the build or the site writes a file by itself (charts.py writes its cache,
    outside the output; frozen.py and swap.py write the notes folders and the lock beside it; checks.py
    writes a note scaffold into content/ for `notes new`; plan.py keeps the snapshot-hash cache in the cache folder;
    search.py starts Pagefind, which writes its own index into the output's `pagefind/`)."""
    package = Path(writer.__file__).resolve().parent.parent
    allowed = {
        "site/writer.py",
        "site/charts.py",
        "build/frozen.py",
        "build/swap.py",
        "build/publish.py",
        "build/drawing.py",
        "build/checks.py",
        "build/plan.py",
        "site/search.py",
    }
    calls = (".write_text(", ".write_bytes(", "shutil.copy", "os.link(", "open(")
    modules = sorted([*package.glob("build/*.py"), *package.glob("site/*.py")])
    offenders = [
        f"{path.relative_to(package)}: {call}"
        for path in modules
        if path.relative_to(package).as_posix() not in allowed
        for call in calls
        if call in path.read_text(encoding="utf-8").replace("writer.write_text(", "")
    ]
    assert len(modules) >= 15
    assert offenders == []


def test_unbroken_escapes_and_keeps_each_joined_word_on_one_line():
    text = "null <b>when</b> non-earning since 2026-03-22, tao_in/alpha_in & x"
    assert writer.unbroken(text) == (
        'null <span class="word">&lt;b&gt;when&lt;/b&gt;</span> '  # the slash of "</b>": escaped, then kept whole
        '<span class="word">non-earning</span> since <span class="word">2026-03-22,</span> '
        '<span class="word">tao_in/alpha_in</span> &amp; x'
    )
    assert writer.unbroken("<script>-x") == '<span class="word">&lt;script&gt;-x</span>'
    # a browser also wraps after a dash: the sample's SN17 is named "404—GEN"
    assert writer.unbroken("404—GEN and 1–2") == '<span class="word">404—GEN</span> and <span class="word">1–2</span>'
    assert writer.unbroken("") == ""
