"""Methodology entries for the figures pages show beyond the scorecard, and other tools' conventions.

`generator/metrics/scorecard.py` and `market.py` register the scorecard metrics; this module adds every other figure a page
shows (changes, per-coldkey figures, network totals, counts of the lifetime ranking) to the same
`METRICS` registry, so each has one entry with its formula and an anchor `metric-<key>`. It also
derives, from an edition's own figures, how another tool's convention would read, and why subnets
with emission enabled receive no TAO where the chain data says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator import constants
from generator import format as fmt
from generator.metrics import applicability
from generator.metrics import units as u
from generator.metrics.scorecard import METRICS, Metric
from generator.narrative import WORD_RULES, plural
from generator.notes import directory


def _register(key: str, label: str, unit: u.Unit, formula: str, caveat: str = "") -> None:
    """Add one methodology entry (a figure computed outside the scorecard)."""
    if key in METRICS:
        raise ValueError(f"metric {key!r} registered twice")
    METRICS[key] = Metric(key, label, unit, formula, caveat)


_register(
    "coldkey_alpha_per_day",
    "Alpha per day of a miner coldkey",
    u.ALPHA_PER_DAY,
    "Σ neuron daily alpha over the coldkey's miner uids",
    "The top miner coldkeys table of a profile; simulated in the sample.",
)
_register("coldkey_uids", "Uids of a miner coldkey", u.COUNT, "miner uids whose coldkey is this one")
_register(
    "paid_window_usd",
    "Paid over the tracked editions in USD (estimate)",
    u.USD,
    "Σ (t_i+1 − t_i) × (usd_i + usd_i+1) / 2 over editions with a known TAO/USD price",
    "Unknown unless at least two editions captured the TAO/USD price.",
)
_register(
    "coldkey_share",
    "Share of miner emission of a coldkey",
    u.SHARE,
    "a coldkey's alpha per day ÷ all miners' alpha per day",
)
_register(
    "top_k_coldkey_share",
    "Top-k coldkeys' share",
    u.SHARE,
    "Σ share of miner emission of the k largest coldkeys, k = 1 .. n",
    "The cumulative chart of a profile; k = 1 is the top coldkey's share, k = 10 the top-10 share.",
)
_register(
    "figure_change_pct",
    "Change since the previous edition (%)",
    u.PERCENT_CHANGE,
    "(value ÷ previous value − 1) × 100",
    "Used on profiles for positive figures: market cap, FDV, liquidity, TAO per day, alpha per day, "
    'counts, registration cost, epochs per day. "new" when the previous value was 0. Shares change '
    "in percentage points. Not shown across a re-registration.",
)
_register(
    "figure_change_absolute",
    "Change since the previous edition (absolute)",
    u.SAME_AS_FIGURE,
    "value − previous value, in the figure's own unit",
    "Used for net TAO flow, Gini and HHI, and for any figure that is negative in either edition: a "
    "percentage of a negative or sign-changing base would mislead.",
)
_register(
    "network_tao_per_day",
    "TAO injected per day (network)",
    u.TAO_PER_DAY,
    "Σ TAO injected per day over all subnets (root excluded)",
    "Unknown when any subnet's injection is unknown.",
)
_register(
    "zero_injection_subnets",
    "Subnets receiving no TAO",
    u.COUNT,
    "subnets whose TAO injected per day = 0 (root excluded)",
)
_register(
    "negative_flow_subnets",
    "Subnets with a negative net flow",
    u.COUNT,
    "subnets whose net TAO flow (EMA) per day < 0 (root excluded)",
    "Unknown when any subnet's net flow is unknown.",
)
_register(
    "editions_with_rate",
    "Editions with a known rate",
    u.COUNT,
    "tracked editions in which the subnet's value paid to participants per day is known",
    "The lifetime ranking; a figure over the tracked editions, not since registration.",
)
_register(
    "tracked_span_days",
    "Span covered",
    u.DAYS,
    "(last block − first block of the editions with a known rate) × block time / 86,400",
    "Every window is described once by the dates and days its known rates actually cover.",
)

# Labels of tables and scorecards that name a note field, a key or a split rather than a number:
# each has an entry so every column header and scorecard label links to its methodology.
_register(
    "usd_equivalent",
    "USD equivalent of a TAO figure",
    u.USD,
    "TAO figure × the TAO/USD price captured at the edition's block (per-day figures read USD/day)",
    "Shown beside the TAO figure only where the edition captured a TAO/USD price; one price for every row.",
)
_register(
    "paid_window_split",
    "Paid over the tracked editions: owner, miners, validators",
    u.TAO,
    "the estimate of value paid over the tracked editions, split by the emission rule's owner, miner and validator parts",
    "Miners' part leaves out burned alpha where the burn is captured.",
)
_register("delivery_status", "Delivery status", u.TEXT, "the editors' note's `status` field; no note: not reviewed yet")
_register(
    "category",
    "Category",
    u.TEXT,
    "the editors' note's `category` field; no note: the category of the public directory of "
    f"{directory.DIRECTORY_DATE} for the same subnet life, shown as from the directory; neither: the reason there is none",
    "A directory entry describes the subnet on its netuid when its name agrees with the chain name of 2026-03-22 "
    "(case, spacing and punctuation aside: equal, one containing the other, or all words of one in the other) or "
    "with a later name of the same subnet life, registered before the directory; it never applies to a subnet "
    "registered later. The directory's categories map onto the notes' list as "
    + "; ".join(f"{name} → {mapped}" for name, mapped in directory.CATEGORY_MAP.items())
    + f" (the first that maps wins); {', '.join(directory.UNMAPPED_CATEGORIES)} name a team or programme and map to "
    "nothing. A subnet with neither a note nor a directory category is counted under its reason: "
    + "; ".join(reason.label.removeprefix("no category: ") for reason in directory.REASONS)
    + ".",
)
_register(
    "note_reviewed", "Reviewed", u.TEXT, "the note's `last_reviewed` date, and its age at the edition's block date"
)
_register("code_activity", "Code activity", u.TEXT, "commits and releases of the subnet's repository, when captured")
_register(
    "accountability_flags",
    "Flags",
    u.TEXT,
    "the earned-vs-shipped flags the subnet raises (each flag's rule is a `flag_` entry on this page)",
)
_register("miner_coldkey", "Miner coldkey", u.TEXT, "an ss58 coldkey: every miner uid under it counts as one earner")
_register(
    "category_subnets",
    "Subnets in a category",
    u.COUNT,
    "subnets whose note (or, without a note, the directory) names the category, or that have no category for the "
    "reason named; the rows add up to every subnet",
)
_register(
    "trend_sparkline",
    "Trend across editions",
    u.TEXT,
    "emission share and price at each edition of the subnet's current life (netuid, registration block), oldest first",
    "A gap is an edition where the figure is unknown, never a zero; the newest 52 editions at most.",
)


def price_share(cards: pd.DataFrame) -> pd.Series:
    """p ÷ Σ p over all subnets (root excluded): metagraph.sh's `emission_share` convention."""
    subnets = cards[~cards["is_root"].astype(bool)]
    prices = pd.to_numeric(subnets["price_tao"], errors="coerce")
    # a subnet that is not trading has swap price 0 on chain: it adds nothing to that tool's sum
    prices = prices.where(subnets.get("price_reason") != applicability.NOT_TRADING, 0.0)
    total = prices.sum(skipna=False)
    return prices / total if total > 0 else prices * float("nan")


@dataclass(frozen=True)
class OtherTools:
    """How another tool's figures would read for this edition's largest subnet."""

    netuid: int | None
    name: str
    price_share: str
    emission_share: str


def other_tools(cards: pd.DataFrame) -> OtherTools:
    """Compare, for the top-ranked subnet, a share of prices with this site's share of TAO injected."""
    ranked = cards[~cards["is_root"].astype(bool)].dropna(subset=["emission_rank"])
    if ranked.empty:
        return OtherTools(None, "", fmt.UNKNOWN, fmt.UNKNOWN)
    top = ranked.sort_values("emission_rank").iloc[0]
    shares = price_share(cards)
    return OtherTools(
        int(top["netuid"]), str(top["name"]), fmt.pct(shares.get(top["netuid"])), fmt.pct(top["emission_share"])
    )


@dataclass(frozen=True)
class ZeroInjection:
    """A subnet with emission enabled that receives no TAO, and the reason the chain data shows."""

    netuid: int
    name: str
    reason: str


@dataclass(frozen=True)
class WordRule:
    """A word the narratives use about concentration and the threshold that chooses it."""

    word: str
    rule: str


def zero_injection_reasons(cards: pd.DataFrame, facts: dict[int, dict]) -> list[ZeroInjection]:
    """List subnets with emission enabled that receive no TAO, with the reason the chain data shows."""
    subnets = cards[~cards["is_root"].astype(bool)]
    settings = {int(n): facts.get(int(n), {}).get("hyperparameters") or {} for n in subnets.index}
    paid_burners = sum(
        1
        for _, card in subnets.iterrows()
        if card.get("miner_burned_fraction") == 1
        and not fmt.is_unknown(card["tao_per_day"])
        and card["tao_per_day"] > 0
    )
    rows = []
    for netuid, card in subnets.iterrows():
        hyper = settings[int(netuid)]
        if hyper.get("emission_enabled") is not True or fmt.is_unknown(card["tao_per_day"]) or card["tao_per_day"] != 0:
            continue
        rows.append(ZeroInjection(int(netuid), str(card["name"]), _reason(card, hyper, paid_burners)))
    return rows


def _reason(card: pd.Series, settings: dict, paid_burners: int) -> str:
    """Say why a subnet with emission enabled gets no TAO, only where the chain data shows it."""
    if settings.get("subtoken_enabled") is False:
        return "trading of its alpha is not enabled (subtoken_enabled false)"
    if not fmt.is_unknown(card["price_tao"]) and card["price_tao"] == 0:
        return "its swap price is 0: it is not trading"
    if not fmt.is_unknown(card["net_flow_tao_per_day"]) and card["net_flow_tao_per_day"] < 0:
        return "its net TAO flow (EMA) is negative, which earns nothing under the flow-based rule"
    if card.get("miner_burned_fraction") == 1:
        if paid_burners:
            verb = "does" if paid_burners == 1 else "do"
            return (
                f"unexplained: it burns all of its miner emission, but so {verb} {plural(paid_burners, 'subnet')} "
                "that receive TAO, so the burn alone does not explain it"
            )
        return (
            "it burns all of its miner emission (miner_burned_fraction 1), and in this edition no subnet "
            "that does so receives TAO; the runtime rule behind it is not in the captured data"
        )
    return "unexplained by the captured chain data"


def word_rules() -> list[WordRule]:
    """The words the narratives use about concentration, with the thresholds that choose them."""
    return [WordRule(word, rule) for word, rule in WORD_RULES]


@dataclass(frozen=True)
class ChainConstants:
    """The chain's constants as the methodology page states them, read from `generator/constants.py`."""

    seconds_per_day: str  # 86,400
    blocks_per_day: str  # at the target block time: 7,200
    rao_exponent: int  # 1 TAO = 10^9 rao
    owner_cut: str  # 18%
    owner_cut_u16: int  # 11796 (of 65535)
    u16_max: int
    miner_cut: str  # 41%
    validator_cut: str  # 41%


def chain_constants() -> ChainConstants:
    """Format the chain's constants for the methodology page."""
    return ChainConstants(
        seconds_per_day=f"{constants.SECONDS_PER_DAY:,d}",
        blocks_per_day=f"{constants.BLOCKS_PER_DAY:,.0f}",
        rao_exponent=len(str(constants.RAO_PER_TAO)) - 1,
        owner_cut=f"{constants.OWNER_CUT:.0%}",
        owner_cut_u16=constants.OWNER_CUT_U16,
        u16_max=constants.U16_MAX,
        miner_cut=f"{constants.MINER_CUT:.0%}",
        validator_cut=f"{constants.VALIDATOR_CUT:.0%}",
    )
