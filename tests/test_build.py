"""End-to-end: build the embedded sample and read the HTML back."""

from __future__ import annotations

import gc
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.run import BuildConfig, build
from generator.errors import SnapshotError
from generator.model.schema import Identity, Subnet
from generator.model.snapshot import write_snapshot
from tests.conftest import REPO, TRADING, make_doc, only_script_files

EDITIONS = ["2026-03-22", "2026-04-13", "2026-06-14", "2026-08-07"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def config(chart_cache):
    """Return a factory of build configurations writing under a given folder."""

    def make(root: Path, snapshots: Path | None = None, content: Path = REPO / "content") -> BuildConfig:
        return BuildConfig(
            snapshots=snapshots or root / "none",
            content=content,
            templates=REPO / "templates",
            output=root / "site",
            cache=chart_cache,
            jobs=2,
        )

    return make


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_layout(built_site):
    for edition in EDITIONS:
        assert (built_site / "editions" / edition / "index.html").is_file()
        assert (built_site / "editions" / edition / "subnets" / "64.html").is_file()
    assert (built_site / "index.html").is_file()
    assert (built_site / "archive.html").is_file()
    assert (built_site / "methodology.html").is_file()
    profiles = [p for p in (built_site / "subnets").glob("*.html") if not p.stem.endswith("-card")]
    assert len(profiles) == 128
    assert (
        len(list((built_site / "subnets").glob("*-card.html"))) == 128
    )  # and a report card each  # every subnet of the latest edition, root excluded


def test_leaderboard_reads_without_javascript(built_site):
    page = soup(built_site / "index.html")
    assert only_script_files(page)
    rows = page.select("table.leaderboard tbody tr")
    assert len(rows) == 128
    first = [td.get_text(strip=True) for td in rows[0].find_all("td")]
    assert first[:5] == ["1", "64", "Chutes", "ش", "12.50%"]
    assert first[5] == "449.96 TAO/day"
    assert first[6] == "0.086479 TAO"
    assert rows[0].find("a")["href"] == "subnets/64.html"


def test_profile_of_chutes(built_site):
    page = soup(built_site / "subnets" / "64.html")
    text = page.get_text(" ", strip=True)
    assert "SN64 · Chutes" in text
    assert page.select_one("#m-emission_share td").get_text(strip=True) == "12.50%"
    assert page.select_one("#m-tao_per_day td").get_text(strip=True) == "449.96 TAO/day"
    assert "simulated" in page.select_one("#m-miner_gini td").get_text()
    assert "simulated" not in page.select_one("#m-price_tao td").get_text()
    assert "9.1 trillion tokens" in text  # the editors' note
    assert "rank 1 of 128" in text
    assert page.find("a", href="https://chutes.ai")
    unknown = [li.get_text() for li in page.select("section.unknowns li")]
    assert "TAO/USD price (not captured in this edition)" in unknown
    imgs = page.select("figure.chart img")
    assert [img["src"] for img in imgs] == [  # the history chart is the latest view's own, at the top level
        "../charts/sn64-history.svg",
        "../editions/2026-08-07/charts/sn64-earners.svg",
    ]
    assert all(img["alt"] for img in imgs)
    assert page.select("figure.chart details table tr")
    assert all((built_site / "subnets" / img["src"]).resolve().is_file() for img in imgs)
    assert page.select_one("p.card-link a")["href"] == "64-card.html"


def test_archived_profile_keeps_its_week_without_history_chart_or_card(built_site):
    """An edition's folder does not grow with the history: no history chart, no report card, same figures."""
    folder = built_site / "editions" / "2026-08-07"
    page = soup(folder / "subnets" / "64.html")
    assert [img["src"] for img in page.select("figure.chart img")] == [
        "../../../editions/2026-08-07/charts/sn64-earners.svg"
    ]
    assert page.select_one("#m-emission_share td").get_text(strip=True) == "12.50%"  # as on the latest view
    assert page.select_one(".profile-top svg.spark")  # the trend lines stay
    assert page.select_one("p.card-link") is None and not list((folder / "subnets").glob("*-card.html"))
    assert "drawn for the latest edition only" in page.select_one("p.archived-note").get_text()
    assert not list((folder / "charts").glob("*-history.svg"))


def test_profile_without_note_says_so(built_site):
    text = soup(built_site / "subnets" / "1.html").get_text(" ", strip=True)
    assert "Not reviewed yet" in text


def test_unknown_is_shown_as_unknown(built_site):
    page = soup(built_site / "editions" / "2026-06-14" / "subnets" / "64.html")
    assert page.select_one("#m-emission_share td").get_text(strip=True) == "unknown"
    assert page.select_one("#m-tao_per_day td").get_text(strip=True) == "unknown"
    trend = page.select_one(".profile-top svg.spark")["aria-label"]  # 0.00% twice, as captured, then unknown
    assert trend.startswith("Emission share in 3 editions") and trend.endswith("unknown in 1 edition.")
    assert page.select_one(".profile-top .ends").get_text() == "0.00% → 0.00%"  # the known ones, as captured
    page.select_one(".profile-top").decompose()
    text = page.get_text(" ", strip=True)
    assert "Emission share" in " ".join(li.get_text() for li in page.select("section.unknowns li"))
    assert " 0.00% " not in text
    assert "Unknown: no per-miner emission in this edition." in text


def test_versions_link_to_other_editions(built_site):
    page = soup(built_site / "editions" / "2026-04-13" / "subnets" / "64.html")
    links = {a.get_text(): a["href"] for a in page.select("footer .versions a:not(.all)")}
    # an edition is immutable: it links to earlier editions and to the latest view, never to later ones
    assert links == {"latest": "../../../subnets/64.html", "2026-03-22": "../../../editions/2026-03-22/subnets/64.html"}
    assert page.select_one("footer .versions strong").get_text() == "2026-04-13"
    top = soup(built_site / "subnets" / "64.html")
    assert [a.get_text() for a in top.select("footer .versions a:not(.all)")] == list(reversed(EDITIONS))
    for href in [a["href"] for a in top.select("footer .versions a:not(.all)")]:
        assert (built_site / "subnets" / href).resolve().is_file()


def test_every_page_names_edition_block_and_version(built_site):
    from generator import __version__

    for path in [built_site / "index.html", built_site / "editions" / "2026-03-22" / "methodology.html"]:
        text = soup(path).get_text(" ", strip=True)
        assert f"subnet-report {__version__}" in text
        assert re.search(r"block \d", text)


def test_sample_pages_say_what_is_simulated(built_site):
    pages = sorted(built_site.rglob("*.html"))
    # 640 profiles (128 in each of 5 views), 128 report cards (the latest view's), 9 top-level pages, 8 in each of 4 editions
    assert len(pages) == 809
    for path in pages:
        notices = soup(path).select_one("aside.notices, p.data").get_text(" ", strip=True)  # a report card: p.data
        assert "Neuron tables (miners, earners, concentration): simulated" in notices
        assert "Subnet figures: captured" in notices


def test_methodology_lists_every_metric(built_site):
    from generator.metrics.scorecard import METRICS

    page = soup(built_site / "methodology.html")
    labels = [th.get_text() for th in page.select("table.metrics tbody th")]
    assert labels == [m.label for m in METRICS.values()]
    assert "EMA of net TAO flow" in soup(built_site / "editions" / "2026-03-22" / "methodology.html").get_text()


def test_no_external_requests(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) == 809  # with the latest view's 128 report cards
    for path in pages:
        page = soup(path)
        for tag, attribute in (("img", "src"), ("link", "href"), ("script", "src")):
            for element in page.find_all(tag):
                assert not re.match(r"(https?:)?//", element.get(attribute, "")), (path, element)
    csp = soup(built_site / "index.html").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert "default-src 'none'" in csp["content"]


def test_csp_allows_only_the_sites_own_scripts(built_site):
    """Page meta and netlify.toml: own scripts plus WebAssembly for the search, no inline code, no eval."""
    header = (REPO / "netlify.toml").read_text(encoding="utf-8")
    policies = [re.search(r'Content-Security-Policy = "([^"]+)"', header).group(1)]
    for path in (built_site / "index.html", built_site / "editions" / "2026-03-22" / "subnets" / "64.html"):
        page = soup(path)
        policies.append(page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"])
        assert all(s.get("src") and not s.string for s in page.find_all("script"))
        assert not any(attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs)
    for policy in policies:
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
        assert directives["default-src"] == "'none'" and directives["connect-src"] == "'self'"
        assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy


def test_charts_are_deterministic_svg(built_site):
    svg = (built_site / "charts" / "sn64-history.svg").read_text()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert "<dc:date>" not in svg
    assert "<script" not in svg


def test_manifest_checksums(built_site):
    folder = built_site / "editions" / "2026-08-07"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["edition_id"] == "2026-08-07" and manifest["block"] == 8791253
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def test_two_builds_are_byte_identical_and_rebuild_reuses(tmp_path, built_site, config):
    # the chart cache is shared, so this checks pages, data and manifests; charts are compared
    # byte for byte against a fresh drawing in test_charts.py
    report = build(config(tmp_path))
    assert report.rebuilt == EDITIONS
    assert tree_digest(tmp_path / "site") == tree_digest(built_site)
    again = build(config(tmp_path))
    assert again.rebuilt == []
    assert tree_digest(tmp_path / "site") == tree_digest(built_site)


def test_changed_note_rebuilds_only_the_latest_edition(tmp_path, config):
    # archived editions freeze with the notes they were published with (see generator/build/run.py)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    first = tmp_path / "a"
    build(config(first, content=content))
    archived = tree_digest(first / "site" / "editions" / "2026-06-14")
    note = content / "subnets" / "64.md"
    note.write_text(note.read_text().replace("top open-source provider", "TOP open-source provider"))
    report = build(config(first, content=content))
    assert report.rebuilt == EDITIONS[-1:]
    assert tree_digest(first / "site" / "editions" / "2026-06-14") == archived
    assert "TOP open-source provider" in (first / "site" / "subnets" / "64.html").read_text()
    assert (
        "TOP open-source provider"
        not in (first / "site" / "editions" / "2026-06-14" / "subnets" / "64.html").read_text()
    )
    # the frozen previous edition recorded the old note's hash, so the latest edition reports a revision
    assert "SN64 Chutes : Editors' note revised." in soup(first / "site" / "changes.html").get_text(" ", strip=True)


def test_new_snapshot_leaves_old_editions_untouched(tmp_path, config):
    snapshots = tmp_path / "snaps"
    for day, block in ((1, 1000), (8, 2000)):
        write_snapshot(
            make_doc(block=block, block_timestamp=make_doc().provenance.block_timestamp.replace(day=day)), snapshots
        )
    build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    before = {e: tree_digest(tmp_path / "site" / "editions" / e) for e in ("2026-08-01", "2026-08-08")}
    write_snapshot(
        make_doc(block=3000, block_timestamp=make_doc().provenance.block_timestamp.replace(day=15)), snapshots
    )
    report = build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    assert report.rebuilt == ["2026-08-15"]
    assert {e: tree_digest(tmp_path / "site" / "editions" / e) for e in before} == before
    assert "2026-08-15" not in (tmp_path / "site" / "editions" / "2026-08-08" / "index.html").read_text()


def test_a_kept_editions_api_folder_stays_in_place_and_a_dropped_ones_goes(tmp_path, config):
    snapshots = tmp_path / "snaps"
    stamp = make_doc().provenance.block_timestamp
    paths = [
        write_snapshot(make_doc(block=block, block_timestamp=stamp.replace(day=day)), snapshots)
        for day, block in ((1, 1000), (8, 2000))
    ]
    build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    api = tmp_path / "site" / "api" / "v1" / "editions"
    placed = {p.name: p.stat().st_ino for p in api.iterdir()}
    write_snapshot(make_doc(block=3000, block_timestamp=stamp.replace(day=15)), snapshots)
    build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    # the two reused editions' API folders were not staged again: the same folders, and the new one beside
    assert {p.name: p.stat().st_ino for p in api.iterdir() if p.name in placed} == placed
    assert sorted(p.name for p in api.iterdir()) == ["2026-08-01", "2026-08-08", "2026-08-15"]
    paths[0].unlink()
    build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    assert sorted(p.name for p in api.iterdir()) == ["2026-08-08", "2026-08-15"]
    fresh = tmp_path / "fresh"
    build(config(fresh, snapshots=snapshots, content=tmp_path / "no-notes"))
    assert tree_digest(tmp_path / "site") == tree_digest(fresh / "site")


def test_a_build_leaves_nothing_frozen_for_the_cycle_collector(tmp_path, config):
    # a build spares the collector what lives to its end (gc.freeze); `watch` builds again in the same
    # process, so everything must be collectable again afterwards, or each rebuild would leak the last
    snapshots = tmp_path / "snaps"
    write_snapshot(make_doc(block=1000), snapshots)
    build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    assert gc.get_freeze_count() == 0
    write_snapshot(
        make_doc(block=2000, block_timestamp=make_doc().provenance.block_timestamp.replace(day=8)), snapshots
    )
    report = build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    assert report.rebuilt == ["2026-08-08"]  # the first edition was read back, and its records frozen meanwhile
    assert gc.get_freeze_count() == 0


def hostile_subnet() -> Subnet:
    return Subnet(
        netuid=1,
        name='<script>alert("x")</script>\u202eevil',
        symbol="<b>",
        **TRADING,
        identity=Identity(
            subnet_name="x",
            subnet_url="javascript:alert(1)",
            github_repo='https://github.com/a/b" onmouseover="alert(1)',
            discord="<img src=x onerror=alert(1)>",
            description="y" * 10_000,
        ),
    )


def test_hostile_identity_is_harmless_text(tmp_path, config):
    snapshots = tmp_path / "snaps"
    write_snapshot(make_doc(subnets=[hostile_subnet()]), snapshots)
    build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    html = (tmp_path / "site" / "subnets" / "1.html").read_text()
    page = BeautifulSoup(html, "html.parser")
    assert only_script_files(page)
    assert not page.find(attrs={"onerror": True}) and not page.find(attrs={"onmouseover": True})
    assert "javascript:" not in "".join(a.get("href", "") for a in page.find_all("a"))
    assert "\u202e" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;evil" in html
    assert "y" * 601 not in html
    index = (tmp_path / "site" / "index.html").read_text()
    assert "<script>" not in index and "&lt;b&gt;" in index


def test_bad_snapshot_fails_and_keeps_the_last_good_site(tmp_path, config):
    snapshots = tmp_path / "snaps"
    write_snapshot(make_doc(), snapshots)
    build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    before = tree_digest(tmp_path / "site")
    bad = write_snapshot(
        make_doc(block=2000, block_timestamp=make_doc().provenance.block_timestamp.replace(day=14)), snapshots
    )
    bad.write_bytes(bad.read_bytes()[:100])
    with pytest.raises(SnapshotError, match="truncated or corrupt"):
        build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    assert tree_digest(tmp_path / "site") == before
    # no building folder is left; the lock file stays (deleting it would race with another build)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site", "snaps"]


def test_a_bad_snapshot_loaded_ahead_by_a_worker_fails_as_one_loaded_here(tmp_path, config):
    snapshots = tmp_path / "snaps"
    stamp = make_doc().provenance.block_timestamp
    paths = [
        write_snapshot(make_doc(block=block, block_timestamp=stamp.replace(day=day)), snapshots)
        for day, block in ((1, 1000), (8, 2000), (15, 3000))
    ]
    paths[1].write_bytes(paths[1].read_bytes()[:100])  # the middle one: a worker loads it while the first renders
    with pytest.raises(SnapshotError, match="truncated or corrupt") as caught:
        build(config(tmp_path, snapshots=snapshots, content=tmp_path / "no-notes"))
    assert paths[1].name in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "snaps"]  # no site, no building folder


def test_snapshots_sort_by_time_when_block_numbers_gain_a_digit(tmp_path):
    from generator.model.snapshot import find_snapshots

    stamp = make_doc().provenance.block_timestamp
    older = write_snapshot(make_doc(block=9_999_000, block_timestamp=stamp.replace(day=1)), tmp_path)
    newer = write_snapshot(make_doc(block=10_049_400, block_timestamp=stamp.replace(day=8)), tmp_path)
    assert find_snapshots(tmp_path) == [older, newer]


def test_live_site_stays_whole_while_a_build_runs(tmp_path, config, monkeypatch):
    import generator.build.render as build_module

    build(config(tmp_path))
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    before = tree_digest(tmp_path / "site")
    seen = []
    real = build_module.render_latest

    def check_then_render(*args, **kwargs):
        # editions reused by this build are linked, not moved: a build killed here leaves the site whole
        seen.append(tree_digest(tmp_path / "site") == before)
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "render_latest", check_then_render)
    note = content / "subnets" / "64.md"
    note.write_text(note.read_text() + "\n")
    report = build(config(tmp_path, content=content))
    assert seen == [True]
    assert report.rebuilt == [EDITIONS[-1]]


def git(folder: Path, *args: str) -> str:
    """Run git in a folder and return its output."""
    import subprocess

    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "HOME": str(folder),
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True, text=True).stdout


def test_a_fresh_clone_reproduces_every_archived_edition(tmp_path):
    from click.testing import CliRunner

    from generator.cli.main import cli
    from tests.test_build_faults import note, snapshot

    def run_build(repo: Path) -> None:
        args = [
            "build",
            "--snapshots",
            str(repo / "snapshots"),
            "--content",
            str(repo / "content"),
            "--templates",
            str(REPO / "templates"),
            "--out",
            str(repo / "site"),
            "--cache",
            str(repo / ".cache"),
            "--jobs",
            "1",
            "--quiet",
        ]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output

    origin = tmp_path / "origin"
    for day in (1, 8):
        snapshot(origin / "snapshots", day)
    note(origin / "content", "as published")
    (origin / ".gitignore").write_text("site/\n.cache/\n.site.lock\n")
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "inputs")
    run_build(origin)
    published = {e: tree_digest(origin / "site" / "editions" / e) for e in ("2026-08-01", "2026-08-08")}
    # what the build left outside site/ and the cache: one folder of notes beside each snapshot
    left = sorted(line[3:] for line in git(origin, "status", "--porcelain", "-uall").splitlines())
    assert left == [
        f"snapshots/finney-{b}-202608{d}T083500Z.notes/{f}"
        for b, d in (("1000", "01"), ("8000", "08"))
        for f in ("README.txt", "subnets/1.md")
    ]
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "edition 2026-08-08")

    clone = tmp_path / "clone"  # no site/, no cache: only what the repository holds
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    note(clone / "content", "edited after publication")
    snapshot(clone / "snapshots", 15)
    run_build(clone)
    assert {e: tree_digest(clone / "site" / "editions" / e) for e in published} == published
    assert "edited after publication" in (clone / "site" / "subnets" / "1.html").read_text()
    assert "as published" in (clone / "site" / "editions" / "2026-08-08" / "subnets" / "1.html").read_text()


def test_a_sample_build_writes_nothing_beside_the_site(built_site):
    # the sample is read-only: its archived editions read the notes committed in generator/sample/
    assert sorted(p.name for p in built_site.parent.iterdir()) == [".site.lock", "site"]
    frozen = sorted(p.name for p in (REPO / "generator" / "sample").glob("*.notes"))
    assert frozen == [
        "finney-7801029-20260322T000000Z.notes",
        "finney-7961916-20260413T210600Z.notes",
        "finney-8404076-20260614T090328Z.notes",
    ]  # every sample edition but the latest
    page = (built_site / "editions" / "2026-06-14" / "subnets" / "64.html").read_text(encoding="utf-8")
    assert "9.1 trillion tokens" in page  # an archived edition with its frozen note


def test_chart_images_carry_the_svgs_own_size(built_site):
    """width/height on every chart <img> match the SVG (points × 4/3 = CSS pixels), so nothing jumps."""
    page = soup(built_site / "subnets" / "64.html")
    images = page.select("figure.chart img") + soup(built_site / "index.html").select("figure.chart img")
    assert len(images) == 3
    for img in images:
        svg = (built_site / "subnets" / img["src"]).resolve() if "../" in img["src"] else built_site / img["src"]
        head = svg.read_text(encoding="utf-8")[:600]
        width, height = (float(v) for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', head).groups())
        assert (int(img["width"]), int(img["height"])) == (round(width * 4 / 3), round(height * 4 / 3))
