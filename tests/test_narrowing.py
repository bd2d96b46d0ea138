"""The explicit checks that narrow optional values: they pass known values through and refuse the rest."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator.build.edition import EditionResult
from generator.build.frozen import EditionNotes
from generator.build.records import plain_number
from generator.metrics.applicability import not_applicable
from generator.metrics.control import Team, top_teams_share
from generator.metrics.pruning import standings
from generator.model.events import EditionHistory
from generator.site.currency import usd_equivalent
from generator.site.history_data import history_of, rows_of


def test_history_of_returns_an_editions_history_and_refuses_an_edition_without_one():
    history = EditionHistory("2026-08-07", datetime(2026, 8, 7, 8, 35, tzinfo=UTC), {})
    built = EditionResult("2026-08-07", 6_000_000, [], False, Path("finney-6000000.json.gz"), history=history)
    assert history_of(built) is history
    assert rows_of(built).timestamp == "2026-08-07T08:35:00+00:00"
    with pytest.raises(ValueError, match="edition 2026-03-22: no history"):
        history_of(EditionResult("2026-03-22", 5_000_000, [], False, Path("x.json.gz")))


def test_plain_number_keeps_numbers_and_unknown_and_refuses_text():
    assert plain_number(np.int64(5_515_448)) == 5_515_448 and type(plain_number(np.int64(1))) is int
    assert plain_number(np.float64(5_515_448.0)) == 5_515_448.0
    assert plain_number(None) is None and plain_number(math.nan) is None and plain_number(pd.NA) is None
    with pytest.raises(TypeError, match="expected a number, not 'str'"):
        plain_number("5515448")


def test_edition_notes_with_neither_parsed_notes_nor_a_folder_are_refused():
    with pytest.raises(ValueError, match="neither parsed notes nor a folder"):
        _ = EditionNotes({}).notes
    assert EditionNotes({}, loaded={}).notes == {}


def test_the_prune_ranking_reasons_after_the_restructured_conditions():
    subnets = [
        {"netuid": 0, "moving_price_tao": 1.0, "registered_at_block": 0},
        {"netuid": 3, "moving_price_tao": 0.02, "registered_at_block": 100},
        {"netuid": 4, "moving_price_tao": None, "registered_at_block": 100},
        {"netuid": 5, "moving_price_tao": 0.01, "registered_at_block": 100},
        {"netuid": 6, "moving_price_tao": 0.001, "registered_at_block": 950},  # immune until block 1,050
    ]
    found = standings(subnets, 1_000, 100)
    assert [(n, s.prune_rank, s.prune_rank_reason) for n, s in sorted(found.items())] == [
        (0, None, "root"),
        (3, 2, None),
        (4, None, "moving price unknown"),
        (5, 1, None),
        (6, None, "immune"),
    ]


def test_team_shares_are_unknown_when_any_share_is_unknown():
    known = [Team("A", (1,), 0.25, 1.0, ()), Team("B", (2,), 0.125, None, ()), Team("C", (3,), 0.0625, 2.0, ())]
    assert top_teams_share(known, 2) == 0.375  # 0.25 + 0.125: the third team is outside the top 2
    assert top_teams_share([*known, Team("D", (4,), None, None, ())], 2) is None


def test_usd_equivalent_and_not_applicable_narrowing():
    assert usd_equivalent(2.5, 400.0) == 1000.0
    assert usd_equivalent(None, 400.0) is None and usd_equivalent(math.nan, 400.0) is None
    assert usd_equivalent(2.5, None) is None
    assert not_applicable("not trading: the swap price is 0") and not not_applicable("unknown: no price captured")
    assert not not_applicable(None) and not not_applicable(math.nan)
