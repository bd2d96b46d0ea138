"""The whole history as one data set: CSV and Parquet long tables with checksums."""

from __future__ import annotations

import hashlib
import io
import json
import shutil

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from generator.site import history_data, history_whole
from generator.site.history_data import EditionRows
from generator.site.open_data import SIMULATED
from tests.conftest import REPO
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
    cards = json.loads((built_site / "editions/2026-08-07/downloads/scorecards-2026-08-07.json").read_text())["subnets"]
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


def _edition(edition_id: str, block: int, records: list[dict]) -> EditionRows:
    return EditionRows(edition_id, block, f"{edition_id}T00:00:00+00:00", f"finney-{block}.json.gz", records)


def _card(netuid: int, registered: int | None, **figures) -> dict:
    base = {"netuid": netuid, "registered_at_block": registered, "name": f"SN{netuid}", "is_root": False}
    return {**base, **figures, SIMULATED: []}


def _history_with_every_difference() -> list[EditionRows]:
    """Four editions whose own rows differ from the whole history's in every way they can."""
    return [
        # no registration block captured: SN1's life comes from the next edition, SN2's stays unknown
        _edition("2026-01-01", 100, [_card(1, None, miners=4, share=0.5, note="=cmd"), _card(2, None, miners=1)]),
        # SN2 registered at 150, after the first edition's block: an earlier, unknown life there
        _edition("2026-01-08", 200, [_card(1, 50, miners=5, share=0.25, note="𝔸 ok"), _card(2, 150, miners=2)]),
        # SN2 changed owner (a new life); an unknown miner count makes `miners` a float column everywhere;
        # `burned` is first seen here: empty in the rows above
        _edition("2026-01-15", 300, [_card(1, 50, miners=None, share=0.0, burned=True), _card(2, 250, miners=3)]),
        _edition("2026-01-22", 400, [_card(2, 250, miners=3, share=None, burned=None), _card(1, 50, miners=6)]),
    ]


def _own_tables(tmp_path, editions: list[EditionRows]) -> list:
    """Write each edition's own long table as a build does (the newest of the editions so far) in its folder."""
    folders = []
    for edition in editions:
        folder = tmp_path / edition.edition_id
        history_data.write_tables(folder, f"history-{edition.edition_id}", [edition], "own rows")
        folders.append(folder)
    return folders


def _alike(lives: list[int | None], miners: list[int | None]) -> list[EditionRows]:
    """Editions with the same columns where only SN7's registration and miner count differ.

    SN8's registration is never captured, so `registered_at_block` is a float column in every edition.
    """
    return [
        _edition(f"2026-02-0{day}", 100 * day, [_card(7, life, miners=count, share=0.5), _card(8, None, miners=1)])
        for day, (life, count) in enumerate(zip(lives, miners), start=1)
    ]


HISTORIES = {  # name: (editions, which editions' own CSV rows are their whole-history rows)
    "every difference": (_history_with_every_difference(), [False, False, False, False]),
    "all alike": (_alike([50, 50, 50], [3, 4, 5]), [True, True, True]),
    "a life known later": (_alike([None, 50, 50], [3, 4, 5]), [False, True, True]),
    "a whole number unknown later": (_alike([50, 50, 50], [3, 4, None]), [False, False, True]),
    "a life known in the newest edition": (_alike([None, None, 50], [3, 4, 5]), [False, False, True]),
}


@pytest.mark.parametrize("history", HISTORIES)
def test_the_whole_history_joined_from_the_editions_tables_is_the_full_tabulation(tmp_path, history):
    editions, reusable = HISTORIES[history]
    folders = _own_tables(tmp_path, editions)
    joined = history_whole.whole_tables(editions, folders)
    assert joined is not None
    full = history_data.long_table(editions)
    assert joined[0] == history_data.to_csv(full)
    assert joined[1] == history_data.to_parquet(full)
    assert pd.read_parquet(io.BytesIO(joined[1])).equals(full)
    tables = [pq.read_table(history_whole.own_table(f, e.edition_id, "parquet")) for f, e in zip(folders, editions)]
    schema = history_whole.whole_schema(tables)
    lives = history_data.life_column(editions)
    provenance = [history_whole.provenance_of(e, keys) for e, keys in zip(editions, lives)]
    assert [history_whole.reusable(t, schema, p) for t, p in zip(tables, provenance)] == reusable


def test_an_editions_own_rows_differ_from_its_whole_history_rows_where_later_editions_say_more(tmp_path):
    editions = _history_with_every_difference()
    full = history_data.long_table(editions)
    first = history_data.long_table(editions[:1])
    assert list(first["life"].isna()) == [True, True]  # written when it was the newest: no registration known
    assert list(full["life"][:2]) == [50, pd.NA] and list(full["life"][2:4]) == [50, 150]
    assert list(full["life"][4:6]) == [50, 250]  # SN2's new owner: a new life
    assert full["miners"].dtype == "float64" and first["miners"].dtype == "int64"
    assert list(full.columns[-1:]) == ["burned"] and full["burned"][:4].isna().all()
    # the newest edition's own rows are the same whether or not the earlier editions are given
    alone = history_data.long_table(editions[-1:])
    assert alone.equals(history_data.long_table(editions, only=editions[-1].edition_id).reset_index(drop=True))


def test_the_whole_history_is_tabulated_again_when_an_editions_table_is_missing(tmp_path):
    editions = _history_with_every_difference()
    folders = _own_tables(tmp_path, editions)
    history_whole.own_table(folders[1], editions[1].edition_id, "parquet").unlink()
    assert history_whole.whole_tables(editions, folders) is None
    assert history_whole.whole_tables(editions, [None, *folders[1:]]) is None


def test_the_built_whole_history_is_the_full_tabulation_of_every_edition(built_site):
    from generator.build.edition_result import EditionResult

    results = []
    for folder in sorted((built_site / "editions").iterdir()):
        snapshot = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["snapshot"]
        results.append(EditionResult.from_folder(folder, folder / snapshot, rebuilt=False))
    full = history_data.long_table([history_data.rows_of(r) for r in results])
    assert (built_site / "downloads" / "history.csv").read_bytes() == history_data.to_csv(full)
    assert pd.read_parquet(built_site / "downloads" / "history.parquet").equals(full)
    assert full[full.netuid == 58]["life"].nunique() == 2  # SN58 was re-registered: two lives in the sample
    assert full[full.edition == "2026-03-22"]["registered_at_block"].isna().all()  # lives inferred from later ones


@pytest.mark.parametrize("history", HISTORIES)
def test_the_live_whole_history_stands_for_the_editions_it_holds(tmp_path, history):
    """A build adding the newest edition reads the live site's whole history, not every edition's table."""
    editions = HISTORIES[history][0]
    folders = _own_tables(tmp_path, editions)
    live = tmp_path / "live"
    history_data.write_tables(live, history_data.HISTORY, editions[:-1], "whole history of the previous build")
    reused = [True] * (len(editions) - 1) + [False]
    piece = history_whole.previous_piece(live, editions, reused)
    assert piece is not None and piece.editions == len(editions) - 1
    full = history_data.long_table(editions)
    assert history_whole.whole_tables(editions, folders, live, reused) == (
        history_data.to_csv(full),
        history_data.to_parquet(full),
    )
    for ignored in (tmp_path / "nowhere", folders[0]):  # no whole history there
        assert history_whole.whole_tables(editions, folders, ignored, reused)[0] == history_data.to_csv(full)
    (live / "downloads" / "history.parquet").write_bytes(b"PAR1 cut short")
    assert history_whole.previous_piece(live, editions, reused) is None  # damaged: each edition's own table
    assert history_whole.whole_tables(editions, folders, live, reused)[0] == history_data.to_csv(full)
    history_whole.own_table(folders[0], editions[0].edition_id, "parquet").write_bytes(b"")
    assert history_whole.whole_tables(editions, folders, live, reused) is None  # then tabulate every record


def test_the_live_whole_history_is_not_used_for_editions_rendered_again_or_another_history(tmp_path):
    editions = HISTORIES["all alike"][0]
    live = tmp_path / "live"
    history_data.write_tables(live, history_data.HISTORY, editions[:-1], "whole history of the previous build")
    assert history_whole.previous_piece(live, editions, [True, True, False]) is not None
    assert history_whole.previous_piece(live, editions, [False, True, False]) is None  # the first rendered again
    assert history_whole.previous_piece(live, editions[1:], [True, True]) is None  # its first edition is gone
    other = [_edition(e.edition_id, e.block, [_card(9, 50, miners=3, share=0.5)]) for e in editions]
    assert history_whole.previous_piece(live, other, [True, True, False]) is None  # other subnets' rows


def test_a_build_adding_an_edition_extends_the_live_whole_history(tmp_path, chart_cache, monkeypatch):
    from generator.build.edition_result import EditionResult
    from generator.build.run import BuildConfig, build

    snapshots = tmp_path / "snapshots"
    config = BuildConfig(
        snapshots=snapshots,
        content=REPO / "content",
        templates=REPO / "templates",
        output=tmp_path / "site",
        cache=chart_cache,
        jobs=2,
    )
    snapshots.mkdir()
    sample = sorted((REPO / "generator" / "sample").glob("*.json.gz"))
    for path in sample[:3]:
        shutil.copy(path, snapshots)
    build(config)
    shutil.copy(sample[3], snapshots)
    used = tmp_path / "pieces.txt"  # a worker joins the whole history: it notes what it used in a file
    real = history_whole.previous_piece

    def noted(*args):
        piece = real(*args)
        with used.open("a", encoding="utf-8") as handle:
            handle.write(f"{piece.editions if piece else None}\n")
        return piece

    monkeypatch.setattr(history_whole, "previous_piece", noted)
    assert build(config).rebuilt == ["2026-08-07"]
    assert used.read_text(encoding="utf-8").split() == ["3"]  # the three reused editions: the live whole history
    results = []
    for folder in sorted((tmp_path / "site" / "editions").iterdir()):
        snapshot = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["snapshot"]
        results.append(EditionResult.from_folder(folder, folder / snapshot, rebuilt=False))
    full = history_data.long_table([history_data.rows_of(r) for r in results])
    assert (tmp_path / "site" / "downloads" / "history.csv").read_bytes() == history_data.to_csv(full)
    assert (tmp_path / "site" / "downloads" / "history.parquet").read_bytes() == history_data.to_parquet(full)


def test_without_the_editions_tables_the_whole_history_is_tabulated_from_their_records(tmp_path, chart_cache):
    """An edition's own table gone from the live site: the worker reads every edition's records back
    from its JSON download and tabulates them, with the bytes of the full tabulation."""
    from generator.build.edition_result import EditionResult
    from generator.build.run import BuildConfig, build

    snapshots, site = tmp_path / "snapshots", tmp_path / "site"
    config = BuildConfig(snapshots, REPO / "content", REPO / "templates", site, chart_cache, jobs=2)
    snapshots.mkdir()
    sample = sorted((REPO / "generator" / "sample").glob("*.json.gz"))
    for path in sample[:3]:
        shutil.copy(path, snapshots)
    build(config)
    first = sorted((site / "editions").iterdir())[0]
    history_whole.own_table(first, first.name, "parquet").unlink()
    (site / "downloads" / "history.parquet").unlink()
    shutil.copy(sample[3], snapshots)
    assert build(config).rebuilt == ["2026-08-07"]
    results = []
    for folder in sorted((site / "editions").iterdir()):
        snapshot = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["snapshot"]
        results.append(EditionResult.from_folder(folder, folder / snapshot, rebuilt=False))
    full = history_data.long_table([history_data.rows_of(r) for r in results])
    assert len(full) > 400 and full["edition"].nunique() == 4
    assert (site / "downloads" / "history.csv").read_bytes() == history_data.to_csv(full)
    assert (site / "downloads" / "history.parquet").read_bytes() == history_data.to_parquet(full)
    assert "history.parquet" in (site / "api.html").read_text(encoding="utf-8")
