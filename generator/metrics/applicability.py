"""Not applicable, unknown and zero: why a figure is absent, written next to it in CSV/JSON as a reason.

A figure that is null has exactly one reason column saying which of the two it is: "not applicable"
(root has no price in the economic sense; a subnet whose swap price is 0 is not trading; a subnet
that receives no TAO is not ranked) or "unknown" (the capture lacks what it needs). Pages print "—"
for not applicable and "unknown" for unknown; a measured zero stays 0.
"""

from __future__ import annotations

from typing import TypeGuard

import numpy as np
import pandas as pd

ROOT = "not applicable: root (netuid 0) is not a subnet in the economic sense"
NOT_TRADING = "not trading: the swap price is 0"
PRICE_UNKNOWN = "unknown: no price captured"
NO_INJECTION = "not ranked: the subnet receives no TAO injection"
SHARE_UNKNOWN = "unknown: the emission share is not known"
# figures that rest on the price and share its reason
PRICE_FIGURES = ("price_tao", "market_cap_tao", "fdv_tao", "tao_paid_per_day", "usd_paid_per_day")


def not_applicable(reason: object) -> TypeGuard[str]:
    """Say whether a reason marks a figure as not applicable (rather than unknown, or known)."""
    return isinstance(reason, str) and not reason.startswith("unknown")


def price_reason(is_root: pd.Series, swap_price_tao: pd.Series, price: pd.Series) -> pd.Series:
    """Say why a subnet has no price: root, not trading (swap price 0), or not captured (None when it has one)."""
    # np.where takes None (as an object); numpy's stubs leave None out of ArrayLike, hence the ignore.
    reason = np.where(
        is_root,
        ROOT,
        np.where(swap_price_tao == 0, NOT_TRADING, np.where(price.isna(), PRICE_UNKNOWN, None)),  # type: ignore[call-overload]
    )
    return pd.Series(reason, index=price.index, dtype=object)


def applicable_price(price: pd.Series, reason: pd.Series) -> pd.Series:
    """Blank the price where it does not apply (root, not trading): such a price is never 0."""
    return price.where(~reason.map(not_applicable).astype(bool))


def rank_reason(is_root: pd.Series, share: pd.Series) -> pd.Series:
    """Say why a subnet has no emission rank: root, no TAO injected, or share unknown (None when ranked)."""
    # np.where takes None (as an object); numpy's stubs leave None out of ArrayLike, hence the ignore.
    reason = np.where(is_root, ROOT, np.where(share == 0, NO_INJECTION, np.where(share.isna(), SHARE_UNKNOWN, None)))  # type: ignore[call-overload]
    return pd.Series(reason, index=share.index, dtype=object)
