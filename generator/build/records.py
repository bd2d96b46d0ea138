"""Scorecards as records, the one JSON-ready form every later step reads, computed once per snapshot."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd

from generator.metrics import scorecard as metrics
from generator.model.snapshot import Snapshot, load_snapshot
from generator.safety import clean_text

T = TypeVar("T")


def to_records(cards: pd.DataFrame) -> list[dict]:
    """Turn scorecards into JSON-ready records (unknown becomes null)."""
    records = []
    for row in cards.to_dict(orient="records"):
        records.append({key: plain(value) for key, value in row.items()})
    return records


def plain(value: object) -> object:
    """Convert numpy/pandas scalars to JSON types; NaN and NA to None."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def plain_number(value: object) -> float | int | None:
    """Convert a numeric cell like `plain`, refusing what is not a number or unknown (None)."""
    found = plain(value)
    if found is None or isinstance(found, (int, float)):
        return found
    raise TypeError(f"expected a number, not {type(found).__name__!r}")


def from_records(records: list[dict]) -> pd.DataFrame:
    """Rebuild scorecards from records, the one form every later step reads."""
    frame = pd.DataFrame.from_records(records)
    frame.index = pd.Index(frame["netuid"].astype(int).to_numpy())
    return frame


_FIGURES: list[tuple[Snapshot, pd.DataFrame, dict, dict]] = []  # the last snapshot's figures, held with it


def edition_figures(snapshot: Snapshot) -> tuple[pd.DataFrame, dict]:
    """Return an edition's scorecards (names cleaned) and coldkey earnings, computed once per snapshot.

    The latest edition is computed for its archived folder and for the top-level view: both views
    read the same figures, so the second asks here and gets them without recomputing.
    """
    if not (_FIGURES and _FIGURES[0][0] is snapshot):
        _FIGURES[:] = [(snapshot, *_figures(snapshot), {})]
    _, cards, earnings, _ = _FIGURES[0]
    return cards.copy(), earnings


def _figures(snapshot: Snapshot) -> tuple[pd.DataFrame, dict]:
    """Compute an edition's scorecards (names cleaned, as records would rebuild them) and coldkey earnings."""
    cards = metrics.scorecards(snapshot)
    # names and symbols are owner-written: clean them once, before narratives and charts see them
    cards["name"] = [clean_text(name, 60) or "unnamed" for name in cards["name"]]
    cards["symbol"] = [clean_text(symbol, 8) or "" for symbol in cards["symbol"]]
    return from_records(to_records(cards)), metrics.all_coldkey_earnings(snapshot)


def prepare(path: Path) -> tuple[Snapshot, pd.DataFrame, dict]:
    """Load a snapshot and compute its figures (run in a worker, ahead of the edition that needs them)."""
    snapshot = load_snapshot(path)
    return (snapshot, *_figures(snapshot))


def figures_of(path: Path) -> tuple[pd.DataFrame, dict]:
    """Load a snapshot and return its figures only (run in a worker for one the build has loaded already)."""
    return _figures(load_snapshot(path))


def remember(snapshot: Snapshot, cards: pd.DataFrame, earnings: dict) -> None:
    """Hold figures computed elsewhere (`prepare`) as this snapshot's, so `edition_figures` returns them."""
    _FIGURES[:] = [(snapshot, cards, earnings, {})]


def once(snapshot: Snapshot, key: tuple, make: Callable[[], T]) -> T:
    """Return `make()` computed once per snapshot and key (a view-independent part of a page)."""
    edition_figures(snapshot)
    memo = _FIGURES[0][3]
    if key not in memo:
        memo[key] = make()
    return memo[key]


def rows_by_netuid(cards: pd.DataFrame) -> dict[int, dict]:
    """Each scorecard row as a plain mapping, by netuid: the same values as `iterrows` gives, looked up
    without pandas' indexing (a profile reads each of its figures several times)."""
    return dict(zip(cards.index, cards.to_dict("records")))
