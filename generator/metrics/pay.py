"""What the network paid each subnet over the tracked window: an estimate from per-day rates.

Snapshots are instantaneous rates at one block each. Between two editions the rate is assumed to
change linearly, so the amount paid is the trapezoid rule over the days between block timestamps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeGuard

from generator.constants import BLOCK_TIME_SECONDS, SECONDS_PER_DAY
from generator.model import lives


def block_day(block: int, block_time_seconds: float = BLOCK_TIME_SECONDS) -> float:
    """Return a block's day number, block × block time / 86,400: the one clock every estimate uses."""
    return block * block_time_seconds / SECONDS_PER_DAY


def paid_over_window(points: list[tuple[float, float | None]]) -> float | None:
    """Σ (t_i+1 − t_i) × (rate_i + rate_i+1) / 2 over the known points in time order (t in days; trapezoid rule)

    `points` are (day, rate per day). Unknown rates (None or NaN) are dropped, so a gap is bridged
    linearly between the nearest known editions and the window runs from the first to the last
    known point. None when fewer than two points are known: one instant spans no time.
    """
    known = sorted((t, float(r)) for t, r in points if _is_known(r))
    if len(known) < 2:
        return None
    return sum((end - start) * (rate + next_rate) / 2 for (start, rate), (end, next_rate) in zip(known, known[1:]))


def known_span(points: list[tuple[float, float | None]]) -> float:
    """Return the days between the first and the last point with a known rate (0 with fewer than two)."""
    known = sorted(t for t, r in points if _is_known(r))
    return known[-1] - known[0] if len(known) > 1 else 0.0


def _registration_day(record: dict) -> float | None:
    """Return the day of a record's registration block on the same clock as the editions (None if unknown)."""
    registered = record.get("registered_at_block")
    return None if registered is None else block_day(int(registered))


def _is_known(rate: float | None) -> TypeGuard[float]:
    return rate is not None and not math.isnan(rate)


@dataclass(frozen=True)
class LifetimePaid:
    """One subnet's estimated TAO and USD paid over the editions it appears in."""

    netuid: int
    name: str
    tao: float | None
    usd: float | None
    editions: int  # editions with a known TAO rate
    first: str  # first and last edition with a known TAO rate: the window the estimate covers
    last: str
    days: float = 0.0  # days between the first and the last known rate: the span actually covered


def lifetime_paid(editions: list[tuple[str, float, list[dict]]]) -> dict[int, LifetimePaid]:
    """Integrate each subnet's TAO and USD paid per day across (edition, day = block × block time / 86,400, records).

    Only the editions of each netuid's current life count (generator/model/lives.py): pay to an earlier
    subnet on the same netuid is never added to the current one.
    """
    series: dict[int, list[tuple[str, float, dict]]] = {}
    for edition_id, timestamp, records in editions:
        for record in records:
            if not record.get("is_root"):
                series.setdefault(int(record["netuid"]), []).append((edition_id, timestamp, record))
    result = {}
    for netuid, rows in sorted(series.items()):
        rows = rows[len(rows) - lives.current_run([(t, _registration_day(r)) for _, t, r in rows]) :]
        tao = paid_over_window([(t, r.get("tao_paid_per_day")) for _, t, r in rows])
        usd = paid_over_window([(t, r.get("usd_paid_per_day")) for _, t, r in rows])
        known = [e for e, _, r in rows if _is_known(r.get("tao_paid_per_day"))] or ["none"]
        span = known_span([(t, r.get("tao_paid_per_day")) for _, t, r in rows])
        result[netuid] = LifetimePaid(
            netuid,
            rows[-1][2].get("name") or "unnamed",
            tao,
            usd,
            len(known) if known != ["none"] else 0,
            known[0],
            known[-1],
            span,
        )
    return result
