"""Number formatting: exact strings, and unknown never printed as 0."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from generator import format as fmt
from generator.format import UNKNOWN


@pytest.mark.parametrize("formatter", list(fmt.FILTERS.values()))
@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, float("nan")])
def test_unknown_is_never_zero(formatter, missing):
    assert formatter(missing) == UNKNOWN == "unknown"


@pytest.mark.parametrize(
    ("formatter", "value", "expected"),
    [
        (fmt.tao, 449.9553312, "449.96 TAO"),
        (fmt.tao, 1_816_061.499, "1,816,061 TAO"),
        (fmt.tao, 0, "0 TAO"),
        (fmt.tao, 0.0123, "0.0123 TAO"),
        (fmt.tao, -14.4, "-14.40 TAO"),
        (fmt.alpha, 7200, "7,200 alpha"),
        (fmt.usd, 144_000, "$144,000"),
        (fmt.usd, -3.1, "-$3.10"),
        (fmt.pct, 0.1249876, "12.50%"),
        (fmt.pct, 0.00001, "<0.01%"),
        (fmt.pct, 0, "0.00%"),
        (fmt.points, 2.0, "+2.00 pp"),
        (fmt.points, -1.254, "-1.25 pp"),
        (fmt.points, -0.0001, "0.00 pp"),
        (fmt.signed_pct, 10.0, "+10.0%"),
        (fmt.signed_pct, -20.04, "-20.0%"),
        (fmt.count, 1234, "1,234"),
        (fmt.count, 0, "0"),
        (fmt.number, 16.4949, "16.5"),
        (fmt.price, 0.086479119, "0.086479 TAO"),
        (fmt.price, 1.0, "1.0000 TAO"),
    ],
)
def test_exact_strings(formatter, value, expected):
    assert formatter(value) == expected


def test_numpy_and_nullable_values():
    assert fmt.count(pd.array([237], dtype="Int64")[0]) == "237"
    assert fmt.pct(pd.Series([0.5])[0]) == "50.00%"
