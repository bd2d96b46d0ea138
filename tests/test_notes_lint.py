"""Notes lint: exact `path:line: message` output on broken notes, and the `notes` commands."""

from __future__ import annotations

import datetime as dt
import shutil

from click.testing import CliRunner

from generator.cli.main import cli
from generator.notes.lint import all_problems, lint_notes
from tests.conftest import REPO

GOOD = """---
netuid: 7
name: Seven
category: data
status: research
summary: A test note.
products:
  - name: App
    url: https://example.org/app
    kind: app
    usage:
      - figure: 10 users
        source: https://example.org/users
        as_of: 2026-01-02
evidence:
  - claim: Example
    source: https://example.org/a
    date: 2026-01-02
last_reviewed: 2026-11-01
reviewed_by: tester
---
Body.
"""
TODAY = dt.date(2026, 11, 27)
KNOWN = {7, 8, 9}


def write(folder, name: str, text: str) -> None:
    (folder / "subnets").mkdir(parents=True, exist_ok=True)
    (folder / "subnets" / name).write_text(text, encoding="utf-8")


def lines(folder, known=KNOWN, today=TODAY) -> list[str]:
    return [str(p) for p in all_problems(lint_notes(folder, known, today))]


def test_a_good_note_has_no_problem(tmp_path):
    write(tmp_path, "7.md", GOOD)
    assert lines(tmp_path) == []


def test_broken_notes_are_located_exactly(tmp_path):
    write(
        tmp_path,
        "7.md",
        GOOD.replace("        source: https://example.org/users\n", "")
        .replace("category: data", "category: gossip")
        .replace("status: research", "status: vibes")
        .replace("date: 2026-01-02", "date: 2026-13-45"),
    )
    write(tmp_path, "8.md", "---\nnetuid: [8\n---\nx\n")
    write(
        tmp_path,
        "9.md",
        GOOD.replace("netuid: 7", "netuid: 9").replace("last_reviewed: 2026-11-01", "last_reviewed: 2026-05-01"),
    )
    write(tmp_path, "12.md", GOOD.replace("netuid: 7", "netuid: 12"))
    write(tmp_path, "99.md", GOOD.replace("netuid: 7", "netuid: 9"))
    path = tmp_path / "subnets"
    assert lines(tmp_path) == [
        f"{path}/12.md:2: netuid: 12 is not a subnet in the latest snapshot",
        f"{path}/7.md:4: category: unknown category 'gossip' (one of: inference, training, compute, data, "
        "storage, finance, security, science, agents, media, other)",
        f"{path}/7.md:5: status: unknown status 'vibes' (one of: shipping_public, shipping_limited, "
        "building_public, research, nothing_verifiable, inactive)",
        f"{path}/7.md:12: products.0.usage.0.source: missing (every figure and claim needs a source)",
        f"{path}/7.md:17: evidence.0.date: '2026-13-45' is not a date (write YYYY-MM-DD)",
        f"{path}/8.md:3: front matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
        f"{path}/9.md:19: warning: last_reviewed: 210 days ago; stale after 90 days",
        f"{path}/99.md:2: netuid: 9 already has a note in {path}/9.md",
        f"{path}/99.md:2: netuid: 9 does not match the file name",
    ]


def test_future_dates_and_unknown_fields(tmp_path):
    write(
        tmp_path,
        "7.md",
        GOOD.replace("team", "x")
        .replace("reviewed_by: tester", "reviewed_by: tester\nsauce: 1")
        .replace("as_of: 2026-01-02", "as_of: 2027-01-02"),
    )
    path = tmp_path / "subnets" / "7.md"
    assert lines(tmp_path) == [f"{path}:21: sauce: unknown field"]
    write(tmp_path, "7.md", GOOD.replace("as_of: 2026-01-02", "as_of: 2027-01-02"))
    assert lines(tmp_path) == [f"{path}:14: products.0.usage.0.as_of: 2027-01-02 is in the future"]


def test_lint_command_output_and_exit_codes(tmp_path):
    write(tmp_path, "7.md", GOOD.replace("netuid: 7", "netuid: 64").replace("2026-11-01", "2026-05-01"))
    (tmp_path / "subnets" / "7.md").rename(tmp_path / "subnets" / "64.md")
    runner = CliRunner()
    args = ["notes", "lint", "--content", str(tmp_path), "--snapshots", str(tmp_path / "none"), "--today", "2026-11-27"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0
    assert result.output == (
        f"{tmp_path}/subnets/64.md:19: warning: last_reviewed: 210 days ago; stale after 90 days\n"
        "1 note(s): 0 error(s), 1 warning(s).\n"
    )
    assert runner.invoke(cli, args + ["--strict"]).exit_code == 1
    write(tmp_path, "5.md", GOOD.replace("netuid: 7", "netuid: 5").replace("summary: A test note.", "summary: TODO"))
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{tmp_path}/subnets/5.md:6: summary: still says TODO; fill it in"


def test_repository_notes_pass_strict_lint():
    result = CliRunner().invoke(
        cli,
        [
            "notes",
            "lint",
            "--content",
            str(REPO / "content"),
            "--snapshots",
            "/nonexistent",
            "--strict",
            "--today",
            "2026-11-27",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 error(s), 0 warning(s).\n")


def test_new_writes_a_scaffold_that_lint_sends_back(tmp_path):
    runner = CliRunner()
    common = ["--content", str(tmp_path), "--snapshots", str(tmp_path / "none"), "--today", "2026-11-27"]
    result = runner.invoke(cli, ["notes", "new", "9", *common])
    assert result.exit_code == 0
    path = tmp_path / "subnets" / "9.md"
    assert result.output == f"Wrote {path}: fill in every TODO, then run `subnet-report notes lint`.\n"
    text = path.read_text(encoding="utf-8")
    assert 'name: "iota"' in text and 'repository: "https://github.com/macrocosm-os/iota"' in text
    assert "#   shipping_public: shipping a product with public users" in text
    lint = runner.invoke(cli, ["notes", "lint", *common])
    assert lint.exit_code == 1
    assert lint.output.splitlines()[-1] == "1 note(s): 4 error(s), 0 warning(s)."
    again = runner.invoke(cli, ["notes", "new", "9", *common])
    assert again.exit_code == 1
    assert again.output == f"Error: {path}: a note for SN9 already exists; edit it instead\n"


def test_new_refuses_an_unknown_netuid(tmp_path):
    result = CliRunner().invoke(
        cli, ["notes", "new", "4000", "--content", str(tmp_path), "--snapshots", str(tmp_path / "none")]
    )
    assert result.exit_code == 1
    assert result.output == "Error: netuid: 4000 is not a subnet in the latest snapshot (2026-08-07)\n"


def test_status_reports_coverage(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    content = tmp_path / "content"
    write(content, "4.md", (content / "subnets" / "4.md").read_text().replace("2026-11-20", "2026-05-01"))
    write(content, "200.md", GOOD.replace("netuid: 7", "netuid: 200"))
    result = CliRunner().invoke(
        cli,
        ["notes", "status", "--content", str(content), "--snapshots", str(tmp_path / "none"), "--today", "2026-11-27"],
    )
    assert result.exit_code == 0
    out = result.output.splitlines()
    assert out[0] == "Latest snapshot: 2026-08-07, 128 subnets."
    assert out[1] == "Emission share covered by a reviewed note: 59.57%."
    assert out[2].startswith("No note (117): SN1 Apex, SN2 DSperse, SN5 Hone,")
    assert out[3] == "Stale notes (1): SN4 (reviewed 2026-05-01)"
    assert out[4] == f"Notes for subnets not in the latest snapshot (1): SN200 ({content}/subnets/200.md)"
    assert out[5] == "Notes that fail lint (0): none"
