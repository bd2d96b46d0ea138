"""Regression guard: a build of the sample gives exactly the committed open data (tests/expected/)."""

from __future__ import annotations

import json
import shutil

from tests.expected_data import EXPECTED, api_files, compare, differences, report, write_expected


def test_the_sample_build_matches_the_expected_open_data(built_site):
    files = api_files(built_site)
    assert len(files) == 13  # editions.json and four editions' subnets, owners and risk tables
    problems = compare(built_site)
    assert not problems, report(problems)


def test_a_changed_figure_is_reported_by_path(built_site, tmp_path):
    expected = tmp_path / "expected"
    write_expected(built_site, expected)
    site = tmp_path / "site"
    for relative in api_files(built_site):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built_site / relative, site / relative)
    target = site / "api/v1/editions/2026-08-07/subnets.json"
    document = json.loads(target.read_text(encoding="utf-8"))
    row = next(r for r in document["subnets"] if r["netuid"] == 64)
    row["price_tao"] = 0.5
    del row["fdv_tao"]
    target.write_text(json.dumps(document), encoding="utf-8")
    problems = compare(site, expected)
    assert problems == [
        "api/v1/editions/2026-08-07/subnets.json.subnets[64].fdv_tao: missing (expected 1816061.4989999998)",
        "api/v1/editions/2026-08-07/subnets.json.subnets[64].price_tao: 0.5, expected 0.086479119",
    ]
    assert "python scripts/update_expected.py" in report(problems)


def test_differences_name_added_and_removed_items():
    assert list(differences({"a": [1, 2]}, {"a": [1], "b": None})) == [
        ".a: 1 items, expected 2",
        ".b: unexpected new field = null",
    ]
    assert list(differences({"x": 1}, {"x": 1.0})) == [".x: 1.0, expected 1"]


def test_the_expected_copy_is_small_and_complete():
    stored = sorted(EXPECTED.rglob("*.json"))
    assert {p.relative_to(EXPECTED).as_posix() for p in stored} == {
        "api/v1/editions.json",
        *(
            f"api/v1/editions/{e}/{table}.json"
            for e in ("2026-03-22", "2026-04-13", "2026-06-14", "2026-08-07")
            for table in ("subnets", "owners", "risk")
        ),
    }
    assert sum(p.stat().st_size for p in stored) < 3_000_000
