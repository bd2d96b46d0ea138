"""Number formatting shared by narratives and templates (registered as Jinja filters).

Every formatter returns `UNKNOWN` for None, NaN and pd.NA: an unknown figure never reads as 0.
Output is deterministic: no locale, ASCII digits, "," thousands separator, "-" for negatives.
"""

from __future__ import annotations

import math
from typing import SupportsFloat, SupportsIndex

import pandas as pd

UNKNOWN = "unknown"


def is_unknown(value: object) -> bool:
    """Return True for None, NaN, pd.NA and other missing markers."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other containers are not scalars
        return False


def _float(value: object) -> float:
    """Return a known value as a float; what float() cannot take raises TypeError, as float() does."""
    if type(value) is float or type(value) is int:  # the usual case, without the slow protocol checks below
        return float(value)
    if isinstance(value, (str, bytes, SupportsFloat, SupportsIndex)):
        return float(value)
    raise TypeError(f"float() argument must be a string or a real number, not {type(value).__name__!r}")


def _decimals_for(value: float, significant: int) -> int:
    """Return how many decimals show `significant` digits of a number below 1."""
    return significant - 1 - math.floor(math.log10(abs(value)))


def _amount(value: float) -> str:
    """Format an amount: whole units from 1,000, 2 decimals from 1, 3 significant digits below."""
    value = float(value)
    magnitude = abs(value)
    if magnitude == 0:
        return "0"
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 1:
        return f"{value:,.2f}"
    return f"{value:.{min(9, max(2, _decimals_for(value, 3)))}f}"


def _unit(value: object, unit: str) -> str:
    return UNKNOWN if is_unknown(value) else f"{_amount(_float(value))} {unit}"


def tao(value: object) -> str:
    """Format an amount of TAO: `449.96 TAO`, `1,816,061 TAO`."""
    return _unit(value, "TAO")


def alpha(value: object) -> str:
    """Format an amount of alpha: `7,200 alpha`."""
    return _unit(value, "alpha")


def usd(value: object) -> str:
    """Format US dollars: `$1,234`, `$12.50`, `-$3.10`."""
    if is_unknown(value):
        return UNKNOWN
    sign = "-" if _float(value) < 0 else ""
    return f"{sign}${_amount(abs(_float(value)))}"


def pct(fraction: object) -> str:
    """Format a fraction 0..1 as a percentage: 0.12499 -> `12.50%`; tiny non-zero -> `<0.01%`."""
    if is_unknown(fraction):
        return UNKNOWN
    percent = _float(fraction) * 100
    if 0 < abs(percent) < 0.005:
        return "<0.01%" if percent > 0 else ">-0.01%"
    return f"{percent:.2f}%"


def _signed(value: float, decimals: int) -> str:
    text = f"{value:+,.{decimals}f}"
    return "0" + text[2:] if text.lstrip("+-").strip("0.,") == "" else text


def points(value: object) -> str:
    """Format a change in percentage points, signed: `+1.25 pp`, `-0.40 pp`, `0.00 pp`."""
    return UNKNOWN if is_unknown(value) else f"{_signed(_float(value), 2)} pp"


def signed_pct(value: object) -> str:
    """Format a change given in percent (not a fraction), signed: `+12.3%`, `-4.0%`."""
    return UNKNOWN if is_unknown(value) else f"{_signed(_float(value), 1)}%"


def count(value: object) -> str:
    """Format a whole count: `1,234`."""
    return UNKNOWN if is_unknown(value) else f"{round(_float(value)):,d}"


def number(value: object, decimals: int = 1) -> str:
    """Format a plain number with a fixed number of decimals: `16.5`."""
    return UNKNOWN if is_unknown(value) else f"{_float(value):,.{decimals}f}"


def price(value: object) -> str:
    """Format a price in TAO per alpha with 5 significant digits: `0.086479 TAO`."""
    if is_unknown(value):
        return UNKNOWN
    value = _float(value)
    if value == 0:
        return "0 TAO"
    decimals = 4 if abs(value) >= 1 else min(9, _decimals_for(value, 5))
    return f"{value:,.{decimals}f} TAO"


def window(first: str | None, last: str | None, days: object) -> str:
    """Describe a window once, by the span its known rates cover: `2026-04-13 to 2026-08-07, 115 days`."""
    if not first or not last or first == "none" or is_unknown(days) or _float(days) <= 0:
        return "no span: fewer than two editions have a known rate"
    whole = round(_float(days))
    return f"{first} to {last}, {whole:,d} day{'' if whole == 1 else 's'}"


FILTERS = {f.__name__: f for f in (tao, alpha, usd, pct, points, signed_pct, count, number, price)}
