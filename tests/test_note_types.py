"""The note schema's types, as a type checker reads them, agree with the tables the pages use."""

from __future__ import annotations

from typing import get_args

from generator.notes.model import STATUSES, Status


def test_status_type_spells_out_every_status_in_order():
    """Status names exactly the keys of STATUSES, strongest first."""
    assert get_args(Status) == tuple(key for key, _ in STATUSES)
