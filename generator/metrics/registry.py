"""The register of scorecard metrics: each is one function whose docstring's first line is its formula.

`@metric` records it in `METRICS` with that same line (`add` records one no function computes), which
the methodology page renders, in the order the metrics are registered (generator/metrics/market.py
first, then generator/metrics/scorecard.py).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from generator.metrics import units as u

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class Metric:
    """One scorecard metric as the methodology page shows it."""

    key: str
    label: str
    unit: u.Unit
    formula: str
    caveat: str = ""


METRICS: dict[str, Metric] = {}


def formula_of(function: Callable) -> str:
    """Return a metric function's formula: the first line of its docstring."""
    doc = inspect.getdoc(function)
    if not doc:
        raise TypeError(f"{function.__name__}: a metric needs its formula as docstring")
    return doc.splitlines()[0]


def metric(key: str, label: str, unit: u.Unit, caveat: str = "") -> Callable[[F], F]:
    """Register a metric function under `key`, its formula taken from its docstring."""

    def register(function: F) -> F:
        add(Metric(key, label, unit, formula_of(function), caveat))
        return function

    return register


def add(item: Metric) -> None:
    """Register a metric that no function computes (a reason, a flag, a copied field), once."""
    if item.key in METRICS:
        raise ValueError(f"metric {item.key!r} registered twice")
    METRICS[item.key] = item
