"""Methodology entries of the owners and deregistration-risk figures (the `METRICS` registry)."""

from __future__ import annotations

from generator.metrics import units as u
from generator.metrics.scorecard import METRICS, Metric
from generator.site import definitions  # noqa: F401  (its entries come first, whichever module is imported first)

ENTRIES = (
    Metric(
        "team_emission_share",
        "Combined emission share of a team",
        u.SHARE,
        "Σ emission share over the team's subnets (generator/metrics/control.py::teams)",
        "The team comes from the editors' note (its `team` up to the first '(' or ';') or, without a note, "
        "from the public directory of 2026-03-25 matched by name to the same subnet life. Unknown when any "
        "of the team's subnets has an unknown share.",
    ),
    Metric(
        "team_tao_paid_per_day",
        "Value paid to participants per day of a team",
        u.TAO_PER_DAY,
        "Σ value paid to participants per day (TAO) over the team's subnets",
        "Unknown when any of the team's subnets has an unknown figure.",
    ),
    Metric(
        "top_teams_share",
        "Share of all emissions under the top k teams",
        u.SHARE,
        "Σ combined emission share of the k teams with the largest combined share, k = 1, 5, 10",
        "Only known teams count; a subnet with no known team is in no team.",
    ),
    Metric(
        "effective_parties",
        "Effective number of controlling parties",
        u.EFFECTIVE_PARTIES,
        "1 / Σ s_i², s_i = a party's emission share ÷ the sum of all shares; a party is a known team, "
        "or a subnet with no known team on its own (generator/metrics/control.py::effective_parties)",
        "Unknown when any subnet's share is unknown or nothing is injected. An upper bound: unknown teams count "
        "as separate parties. The previous edition's figure uses the teams it was published with.",
    ),
    Metric(
        "moving_price_tao",
        "EMA (moving) price",
        u.TAO_PER_ALPHA,
        "SubnetMovingPrice as captured (I96F32 bits / 2^32), TAO per alpha",
        "What the deregistration rule of the 2025-2026 runtimes ranks; unknown where a capture lacks it.",
    ),
    Metric(
        "immunity_ends_block",
        "Immunity ends at block",
        u.BLOCK,
        "registered_at_block + network immunity period (generator/metrics/pruning.py::immunity_end)",
        "Unknown where the snapshot lacks the network immunity period (NetworkImmunityPeriod) or the "
        "registration block; every sample capture lacks the immunity period. The date beside it assumes "
        "the snapshot's block time.",
    ),
    Metric(
        "immune",
        "Immune from deregistration",
        u.FLAG,
        "block < immunity ends at block (generator/metrics/pruning.py::is_immune)",
        "Unknown when the end of immunity is unknown.",
    ),
    Metric(
        "prune_rank",
        "Nearest the cut (deregistration rule)",
        u.RANK,
        "rank by EMA price, lowest first, among subnets not known to be immune, ties to the lower netuid "
        "(generator/metrics/pruning.py::standings); 1 = the subnet the rule would remove next",
        "The rule of the subtensor runtimes of 2025-2026 as recorded, applied to the snapshot: not a prediction. "
        "Not applicable (—) to root and immune subnets; unknown reasons in prune_rank_reason. The danger zone "
        "is ranks 1 to 10.",
    ),
)

for _metric in ENTRIES:
    if _metric.key in METRICS:
        raise ValueError(f"metric {_metric.key!r} registered twice")
    METRICS[_metric.key] = _metric
