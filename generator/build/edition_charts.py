"""The charts of an edition that need only its own figures: the network's largest subnets, a subnet's earners."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator import format as fmt
from generator import narrative
from generator.safety import clean_text
from generator.site.chart_spec import Chart


def earners_chart(netuid: int, earnings: pd.DataFrame) -> Chart | None:
    """Chart how much of miner emission the k largest miner coldkeys hold, k = 1..n."""
    earning = earnings["daily_alpha"].to_numpy(dtype="float64") > 0  # NaN (unknown) is not earning
    if not earning.any():
        return None
    cumulative = [round(float(v) * 100, 4) for v in np.cumsum(earnings["share"].to_numpy(dtype="float64")[earning])]
    marks = [k for k in (1, 3, 10, 30, 100) if k <= len(cumulative)] + [len(cumulative)]
    table = [(f"top {k} coldkey{'s' if k > 1 else ''}", fmt.pct(cumulative[k - 1] / 100)) for k in dict.fromkeys(marks)]
    return Chart(
        name=f"sn{netuid}-earners.svg",
        kind="curve",
        data={"cumulative_pct": cumulative},
        title="How miner emission is spread across coldkeys",
        alt=(
            f"Cumulative share of SN{netuid}'s miner emission held by its "
            f"{narrative.plural(len(cumulative), 'earning coldkey')}, largest first; the top coldkey holds {table[0][1]}."
        ),
        table=table,
    )


def network_chart(cards: pd.DataFrame) -> Chart | None:
    """Chart the 15 subnets with the largest emission share."""
    ranked = cards[cards["emission_share"].notna() & ~cards["is_root"].astype(bool)]
    top = ranked.sort_values(["emission_share", "netuid"], ascending=[False, True]).head(15)
    if top.empty:
        return None
    labels = [f"SN{int(r.netuid)} {clean_text(r.name, 18) or ''}".strip() for r in top.itertuples()]
    values = [round(float(v) * 100, 6) for v in top["emission_share"]]
    return Chart(
        name="network.svg",
        kind="bars",
        data={"labels": labels, "values": values, "xlabel": "share of TAO injected (%)"},
        title="The 15 largest subnets by emission share",
        alt="Emission share of the 15 largest subnets; data in the table below.",
        table=[(label, fmt.pct(v / 100)) for label, v in zip(labels, values)],
    )
