"""Units: each scorecard figure declares one, and its one formatter writes every cell of it.

A metric names its `Unit` once, next to its formula (`generator/metrics/scorecard.py` and `market.py`).
Pages, tables and prose format a figure with `unit.format`, so a cell always reads in its declared unit; `pattern`
is what a formatted cell must look like (the unit-walk test checks every cell of the built sample).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import SupportsIndex, SupportsInt

from generator import format as fmt

_NUM = r"-?(?:\d{1,3}(?:,\d{3})*|\d+)(?:\.\d+)?"


NOT_APPLICABLE = "—"  # the figure has no meaning here (root's price, an unranked subnet)


@dataclass(frozen=True)
class Unit:
    """A unit: its name on the methodology page, its cell formatter and the cells' shape."""

    name: str
    format: Callable[[object], str]
    pattern: str  # regular expression of a formatted, known value

    def matches(self, cell: str) -> bool:
        """Return True when a cell reads as a known value in this unit, as unknown, or as not applicable (—)."""
        return cell in (fmt.UNKNOWN, NOT_APPLICABLE) or re.fullmatch(self.pattern, cell) is not None


def _per_day(formatter: Callable[[object], str]) -> Callable[[object], str]:
    """Append "/day" to a formatted amount (unknown stays unknown)."""

    def per_day(value: object) -> str:
        text = formatter(value)
        return text if text == fmt.UNKNOWN else f"{text}/day"

    per_day.__name__ = f"{formatter.__name__}_per_day"
    return per_day


def _days(value: object) -> str:
    """Format a whole number of days: `592 days`, `1 day`."""
    text = fmt.count(value)
    return text if text == fmt.UNKNOWN else f"{text} day{'' if text == '1' else 's'}"


def _index(value: object) -> str:
    """Format a unitless index in 0..1 with three decimals: `0.825`."""
    return fmt.number(value, 3)


def _effective(value: object) -> str:
    """Format an effective number (1 / HHI) with one decimal: `5.6`."""
    return fmt.number(value, 1)


def _flag(value: object) -> str:
    """Format a yes/no flag."""
    return fmt.UNKNOWN if fmt.is_unknown(value) else ("yes" if bool(value) else "no")


TAO = Unit("TAO", fmt.tao, rf"(?:{_NUM}|0) TAO")
TAO_PER_ALPHA = Unit("TAO per alpha", fmt.price, rf"{_NUM} TAO")
TAO_PER_DAY = Unit("TAO/day", _per_day(fmt.tao), rf"{_NUM} TAO/day")
ALPHA_PER_DAY = Unit("alpha/day", _per_day(fmt.alpha), rf"{_NUM} alpha/day")
USD = Unit("USD", fmt.usd, rf"-?\${_NUM}")
USD_PER_DAY = Unit("USD/day", _per_day(fmt.usd), rf"-?\${_NUM}/day")
SHARE = Unit("% (a fraction 0..1 shown as a percentage)", fmt.pct, rf"(?:{_NUM}|<0\.01|>-0\.01)%")
POINTS = Unit("percentage points", fmt.points, rf"(?:[+-]{_NUM}|0\.00) pp")
PERCENT_CHANGE = Unit("% change", fmt.signed_pct, rf"(?:[+-]{_NUM}|0\.0)%")
COUNT = Unit("count", fmt.count, _NUM.replace(r"(?:\.\d+)?", ""))
RANK = Unit("rank (1 = largest)", fmt.count, r"\d+")
BLOCK = Unit("block number", fmt.count, _NUM.replace(r"(?:\.\d+)?", ""))


def _places(value: object) -> str:
    """Format a signed move in places: `+3`, `-2`, `0`."""
    if fmt.is_unknown(value):
        return fmt.UNKNOWN
    if not isinstance(value, (str, bytes, SupportsInt, SupportsIndex)):  # what int() takes
        raise TypeError(f"int() argument must be a string or a real number, not {type(value).__name__!r}")
    return f"{int(value):+d}" if int(value) else "0"


PLACES = Unit("places (positive = moved up)", _places, r"[+-]?\d+")
EFFECTIVE = Unit("coldkeys (an effective number, 1 / HHI)", _effective, rf"{_NUM}")
EFFECTIVE_PARTIES = Unit("parties (an effective number, 1 / HHI)", _effective, rf"{_NUM}")
EFFECTIVE_SUBNETS = Unit("subnets (an effective number, 1 / HHI)", _effective, rf"{_NUM}")
INDEX = Unit("unitless, 0 (equal) .. 1", _index, r"[01]\.\d{3}")
DAYS = Unit("days", _days, rf"{_NUM} days?")


def _epochs(value: object) -> str:
    """Format epochs per day with one decimal: `19.9 epochs/day`."""
    text = fmt.number(value, 1)
    return text if text == fmt.UNKNOWN else f"{text} epochs/day"


EPOCHS_PER_DAY = Unit("epochs/day", _epochs, rf"{_NUM} epochs/day")
FLAG = Unit("flag (yes / no)", _flag, r"yes|no")
TEXT = Unit("text (a reason)", str, r".+")
SAME_AS_FIGURE = Unit("the changed figure's own unit", str, r".+")
