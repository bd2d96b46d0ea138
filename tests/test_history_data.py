"""The whole history as one data set: CSV and Parquet long tables with checksums."""

from __future__ import annotations

import hashlib
import json

import duckdb
import pandas as pd
import pytest

from tests.test_build import soup


def test_parquet_round_trips_to_the_same_figures_as_the_csv(built_site):
    parquet = pd.read_parquet(built_site / "downloads" / "history.parquet")
    text = pd.read_csv(built_site / "downloads" / "history.csv", keep_default_na=False, na_values=[""])
    assert list(parquet.columns) == list(text.columns) and len(parquet) == len(text) == 128 + 128 + 129 + 129
    for column in parquet.columns:
        left, right = parquet[column], text[column]
        assert list(left.isna()) == list(right.isna()), column  # unknown is unknown in both
        known = left.notna()
        if pd.api.types.is_numeric_dtype(left) and not pd.api.types.is_bool_dtype(left):
            assert list(left[known].astype(float)) == list(right[known].astype(float)), column
        else:
            assert [str(v) for v in left[known]] == [str(v).removeprefix("'") for v in right[known]], column


def test_the_long_table_holds_every_scorecard_figure_with_provenance(built_site):
    history = pd.read_parquet(built_site / "downloads" / "history.parquet")
    cards = json.loads((built_site / "editions/2026-08-07/data/scorecards.json").read_text())["subnets"]
    figures = set(cards[0]) - {"simulated_fields"}
    assert figures <= set(history.columns)
    assert {"edition", "block", "block_timestamp", "life", "snapshot", "generator_version", "simulated_fields"} <= set(
        history.columns
    )
    chutes = history[history.netuid == 64].set_index("edition")
    assert list(chutes.index) == ["2026-03-22", "2026-04-13", "2026-06-14", "2026-08-07"]
    assert set(chutes["life"]) == {4_531_295}  # the March capture has no registration block: inferred
    assert pd.isna(chutes.loc["2026-06-14", "emission_share"])  # unknown in that capture, never 0
    assert chutes.loc["2026-03-22", "emission_share"] == 0.0  # measured zero (TAOflow, negative flow)
    assert chutes.loc["2026-08-07", "emission_share"] == pytest.approx(cards[64]["emission_share"])
    one = pd.read_parquet(built_site / "editions/2026-08-07/downloads/history-2026-08-07.parquet")
    assert set(one["edition"]) == {"2026-08-07"} and len(one) == 129


def test_history_files_are_listed_with_checksums(built_site):
    rows = soup(built_site / "api.html").select("#history table.downloads tbody tr")
    assert len(rows) == 3  # the whole history as CSV and Parquet, and the latest snapshot
    assert rows[2].find("a")["href"] == "downloads/finney-8791253-20260807T083500Z.json.gz"
    for row in rows:
        target = built_site / row.find("a")["href"]
        assert hashlib.sha256(target.read_bytes()).hexdigest() == row.select_one("code.sha256").get_text(strip=True)
    text = soup(built_site / "api.html").select_one("#history").get_text()
    assert "pd.read_parquet" in text and "httpfs" in text


def test_duckdb_reads_the_parquet_file(built_site):
    path = (built_site / "downloads" / "history.parquet").as_posix()
    rows = duckdb.sql(f"SELECT edition, count(*) FROM '{path}' GROUP BY edition ORDER BY edition").fetchall()
    assert rows == [("2026-03-22", 128), ("2026-04-13", 128), ("2026-06-14", 129), ("2026-08-07", 129)]


def test_whole_numbers_are_written_as_whole_numbers_and_unknown_as_empty(built_site):
    """`block`, `netuid` and `life` are integers in the CSV text (not `1497824.0`); an unknown life is empty."""
    import csv

    for path in [built_site / "downloads" / "history.csv", *built_site.glob("editions/*/downloads/history-*.csv")]:
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        assert rows, path
        for column in ("block", "netuid", "life"):
            assert all(row[column] == "" or row[column].isdigit() for row in rows), (path, column)
    lives = [row["life"] for row in csv.DictReader((built_site / "downloads" / "history.csv").open(encoding="utf-8"))]
    assert lives.count("") == 2 and "1497824" in lives  # SN1 Apex's life, registered at block 1,497,824
