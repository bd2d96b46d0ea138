"""A subnet's life is (netuid, registration block): nothing that spans editions crosses a re-registration.

When a netuid is registered again it is a new subnet with a new owner. Every figure that spans
editions (changes, movers, pay over a window, lifetime ranking, history charts, API series,
timelines) takes only the editions of the current life. A capture without the registration block
(2026-03-22) belongs to the life of the next known registration when that registration is at or
before its block (the subnet already existed then), and to an earlier, unknown life otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

Life = int | tuple[str, int] | None  # registration block, ("before", block) for an earlier unknown life, None


def life_keys(rows: Sequence[tuple[float, float | int | None]]) -> list[Life]:
    """Give each of one netuid's editions, as (block, registered_at_block) oldest first, its life.

    A known registration block is the life. An unknown one takes the nearest later known
    registration when that is at or before the edition's block; when the later registration comes
    after the edition's block the edition is an earlier life ("before", that block); with no later
    known registration it stays None (unknown, never the same life as anything known).
    """
    keys: list[Life] = []
    later: int | None = None
    for block, registered in reversed(rows):
        if _known(registered):
            later = int(registered)
            keys.append(later)
        elif later is not None and later <= block:
            keys.append(later)
        elif later is not None:
            keys.append(("before", later))
        else:
            keys.append(None)
    return keys[::-1]


def _known(value: float | int | None) -> TypeGuard[float | int]:
    return value is not None and value == value  # NaN is unknown


def same_life(a: Life, b: Life) -> bool:
    """Say whether two editions' lives are the same subnet (unknown is never the same as anything)."""
    return a is not None and b is not None and a == b


def current_run(rows: Sequence[tuple[float, float | int | None]]) -> int:
    """Return how many of the newest editions (oldest first in `rows`) belong to the newest edition's life."""
    keys = life_keys(rows)
    if not keys:
        return 0
    newest, count = keys[-1], 0
    for key in reversed(keys):
        if key != newest:
            break
        count += 1
    return count


def continues(
    registered_now: float | int | None, registered_before: float | int | None, previous_block: int | None
) -> bool:
    """Say whether a netuid now is the same subnet as in the previous edition (at `previous_block`).

    Two known registration blocks must be equal; a known one now must be at or before the previous
    block (else the previous edition saw an earlier subnet). With nothing known, nothing says it changed.
    """
    if _known(registered_now) and _known(registered_before):
        return int(registered_now) == int(registered_before)
    if _known(registered_now) and previous_block is not None:
        return int(registered_now) <= previous_block
    return True


def life_start(editions: Sequence[tuple[str, int, dict]]) -> str | None:
    """Return the first edition id of the newest edition's life, from (edition id, block, record) oldest first."""
    alive = current_run([(block, record.get("registered_at_block")) for _, block, record in editions])
    return editions[len(editions) - alive][0] if alive else None


def since_life_start(events: list, start: str | None) -> list:
    """Keep the events (with an `edition` id) of the current life: from the edition it starts in."""
    return [e for e in events if start is None or e.edition >= start]


@dataclass(frozen=True)
class PastLife:
    """An earlier subnet on the same netuid, shown as history and never added to the current one."""

    name: str
    registered_at_block: int | None
    first_edition: str
    last_edition: str

    def sentence(self, netuid: int) -> str:
        """Describe the earlier life in one sentence."""
        registered = (
            "at an unknown block" if self.registered_at_block is None else f"at block {self.registered_at_block:,}"
        )
        span = (
            self.first_edition
            if self.first_edition == self.last_edition
            else f"{self.first_edition} to {self.last_edition}"
        )
        return (
            f"Netuid {netuid} was {self.name}, registered {registered}, in the editions of {span}; "
            "its figures are not part of this subnet's."
        )


def past_lives(netuid: int, editions: Sequence[tuple[str, int, dict]]) -> list[PastLife]:
    """List the earlier lives of a netuid, newest first, from (edition id, block, record) oldest first."""
    keys = life_keys([(block, record.get("registered_at_block")) for _, block, record in editions])
    lives: list[PastLife] = []
    index = 0
    while index < len(editions):
        end = index
        while end + 1 < len(editions) and keys[end + 1] == keys[index]:
            end += 1
        key = keys[index]
        lives.append(
            PastLife(
                str(editions[end][2].get("name") or "unnamed"),
                key if isinstance(key, int) else None,
                editions[index][0],
                editions[end][0],
            )
        )
        index = end + 1
    return lives[:-1][::-1]
