"""The scorecard: every metric of DOMAIN.md, computed once per snapshot.

Each metric is one function whose docstring's first line is its formula, registered in `METRICS`
(generator/metrics/registry.py; the market and emission metrics are in generator/metrics/market.py).
Unknown inputs give NaN (or <NA> for counts), never 0. Root (netuid 0) is scored but excluded from
shares and ranks.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from generator.constants import RAO_PER_TAO, SECONDS_PER_DAY
from generator.metrics import applicability, concentration, neuron_figures, payout
from generator.metrics import changes as history
from generator.metrics import ledger as accountability
from generator.metrics import pay as cumulative
from generator.metrics import units as u
from generator.metrics.concentration import as_floats as _floats
from generator.metrics.market import (
    blocks_per_day,
    emission_rank,
    emission_share,
    epochs_per_day,
    fdv_tao,
    liquidity_tao,
    market_cap_tao,
    net_flow_tao_per_day,
    price_source,
    price_tao,
    tao_per_day,
)
from generator.metrics.registry import METRICS as METRICS  # read it from here: complete once this module is imported
from generator.metrics.registry import Metric, add, metric
from generator.model.schema import Identity
from generator.model.snapshot import Snapshot

ROOT_NETUID = 0


# --- value paid to participants ----------------------------------------------------------------


_BURN_UNKNOWN = (
    "Where the capture lacks miner_burned_fraction (before 2026-08-07) no burn is subtracted: "
    "the figure is the amount before any burn, and burn_captured is false."
)
metric(
    "alpha_emitted_per_day",
    "Alpha emitted for participants per day",
    u.ALPHA_PER_DAY,
    "An instantaneous rate at the snapshot block; includes any burned miner emission.",
)(payout.alpha_emitted_per_day)
add(
    Metric(
        "miner_burned_fraction",
        "Miner emission burned",
        u.SHARE,
        "miner_burned_fraction as captured (SubtensorModule.MinerBurned, 0..1)",
        "Unknown where not captured, never 0. Burned alpha reaches no key: it is neither pay nor owner capture.",
    )
)
metric("burn_captured", "Burn captured", u.FLAG)(payout.burn_captured)
metric(
    "miner_burned_alpha_per_day",
    "Miners' alpha burned per day",
    u.ALPHA_PER_DAY,
    "Unknown where the capture lacks the burn.",
)(payout.miner_burned_alpha_per_day)
metric(
    "alpha_paid_per_day",
    "Alpha paid to participants per day",
    u.ALPHA_PER_DAY,
    "An instantaneous rate at the snapshot block. " + _BURN_UNKNOWN,
)(payout.alpha_paid_per_day)


@metric("tao_paid_per_day", "Value paid to participants per day (TAO)", u.TAO_PER_DAY)
def tao_paid_per_day(alpha_paid: pd.Series, price: pd.Series) -> pd.Series:
    """alpha paid per day × p"""
    return alpha_paid * price


@metric(
    "usd_paid_per_day",
    "Value paid to participants per day (USD)",
    u.USD_PER_DAY,
    "Unknown when the snapshot has no TAO/USD price.",
)
def usd_paid_per_day(tao_paid: pd.Series, tao_usd: float | None) -> pd.Series:
    """TAO paid per day × TAO/USD"""
    return tao_paid * (math.nan if tao_usd is None else tao_usd)


owner_alpha_per_day = metric("owner_alpha_per_day", "Owner's alpha per day (by rule)", u.ALPHA_PER_DAY)(
    payout.owner_alpha_per_day
)
miner_alpha_per_day = metric(
    "miner_alpha_per_day", "Miners' alpha paid per day (by rule)", u.ALPHA_PER_DAY, _BURN_UNKNOWN
)(payout.miner_alpha_per_day)
validator_alpha_per_day = metric(
    "validator_alpha_per_day", "Validators' and stakers' alpha per day (by rule)", u.ALPHA_PER_DAY
)(payout.validator_alpha_per_day)
add(
    Metric(
        "network_miner_burned_share",
        "Miner emission burned (network)",
        u.SHARE,
        "Σ miners' alpha burned per day ÷ Σ miners' 41 % per day, over subnets (generator/metrics/payout.py::network_burn)",
        "Root excluded; unknown when any subnet's burn or alpha emission is unknown.",
    )
)


metric("neuron_daily_alpha", "Neuron daily alpha", u.ALPHA_PER_DAY)(concentration.neuron_daily_alpha)


measured_miner_alpha_per_day = metric(
    "measured_miner_alpha_per_day",
    "Miners' alpha per day (measured)",
    u.ALPHA_PER_DAY,
    "From the metagraph's last epoch; unknown when any miner's emission is.",
)(neuron_figures.measured_miner_alpha_per_day)


# --- participants and concentration ------------------------------------------------------------


miners = metric("miners", "Miners", u.COUNT)(neuron_figures.miners)
validators = metric("validators", "Validators", u.COUNT)(neuron_figures.validators)
metric("earning_miners", "Earning miners", u.COUNT)(concentration.earning_miners)


@metric("earning_miner_share", "Earning miners (share of miners)", u.SHARE)
def earning_miner_share(earning: pd.Series, miner_count: pd.Series) -> pd.Series:
    """earning miners ÷ miners"""
    return earning / miner_count.where(miner_count > 0)


_BY_COLDKEY = "Over miners' daily alpha aggregated by coldkey (one operator may run many uids)."
metric("miner_gini", "Gini of miner earnings", u.INDEX, _BY_COLDKEY)(concentration.gini)
metric("top1_share", "Top coldkey's share", u.SHARE, _BY_COLDKEY)(concentration.top1_share)
metric("top10_share", "Top-10 coldkeys' share", u.SHARE, _BY_COLDKEY)(concentration.top10_share)
metric("miner_hhi", "HHI of miner earnings", u.INDEX, _BY_COLDKEY)(concentration.hhi)
metric("effective_earners", "Effective earners", u.EFFECTIVE, _BY_COLDKEY)(concentration.effective_number)
metric("nakamoto", "Nakamoto coefficient", u.COUNT, _BY_COLDKEY)(concentration.nakamoto)
metric("owner_capture", "Owner capture", u.SHARE)(concentration.owner_capture)


# --- registration ------------------------------------------------------------------------------


@metric("slots_used", "Slots used", u.SHARE)
def slots_used(registered_uids: pd.Series, max_uids: pd.Series) -> pd.Series:
    """registered uids ÷ max_uids"""
    return registered_uids / max_uids.where(max_uids > 0)


@metric("registration_cost_tao", "Registration cost", u.TAO)
def registration_cost_tao(burn_rao: pd.Series) -> pd.Series:
    """burn / 1e9"""
    return burn_rao / RAO_PER_TAO


add(
    Metric(
        "registered_at_block",
        "Registration block",
        u.BLOCK,
        "registered_at_block as captured",
        "With the netuid it names the subnet's life: a new registration block is a new subnet, and no change, "
        "pay window, lifetime total, chart or series spans the two (generator/model/lives.py). Where a capture lacks it "
        "(2026-03-22), an edition belongs to the next known registration if that is at or before its block.",
    )
)


@metric("age_days", "Age", u.DAYS)
def age_days(block: int, registered_at_block: pd.Series, block_time_seconds: float) -> pd.Series:
    """(block − registered_at_block) × block time / 86,400"""
    return (block - registered_at_block) * block_time_seconds / SECONDS_PER_DAY


PLACEHOLDER_WORDS = frozenset({"deprecated", "unknown", "username", "example", "placeholder"})


@metric(
    "placeholder_identity",
    "Placeholder identity",
    u.FLAG,
    "Placeholder words: deprecated, unknown, username, example, placeholder.",
)
def placeholder_identity(name: str, identity: Identity | None) -> bool:
    """name empty or a placeholder word, or the GitHub owner or URL's first host label a placeholder word"""
    if name.strip().lower() in PLACEHOLDER_WORDS | {""}:
        return True
    if identity is None:
        return False
    repo = re.sub(r"^(https?://)?(www\.)?github\.com/", "", (identity.github_repo or "").strip().lower())
    host = re.sub(r"^(https?://)?(www\.)?", "", (identity.subnet_url or "").strip().lower())
    return repo.split("/")[0] in PLACEHOLDER_WORDS or host.split(".")[0] in PLACEHOLDER_WORDS


# --- the network and history -------------------------------------------------------------------

metric("emission_hhi", "Emission HHI (network)", u.INDEX, "Over subnets' TAO injected per day, root excluded.")(
    concentration.hhi
)
metric(
    "effective_subnets",
    "Effective number of subnets",
    u.EFFECTIVE_SUBNETS,
    "Over subnets' TAO injected per day, root excluded.",
)(concentration.effective_number)


metric("top5_share", "Top-5 subnets' share", u.SHARE, "Root excluded.")(history.top5_share)
metric("share_change_points", "Change in emission share", u.POINTS)(history.share_change_points)
metric("price_change_pct", "Price change", u.PERCENT_CHANGE)(history.percent_change)
metric("market_cap_change_pct", "Market cap change", u.PERCENT_CHANGE)(history.percent_change)
metric("rank_change", "Rank change", u.PLACES)(history.rank_change)


# --- earned vs shipped (generator/metrics/ledger.py) -------------------------------------------

metric(
    "paid_window_tao",
    "Paid over the tracked editions (estimate)",
    u.TAO,
    "Per-day rates are instantaneous at each edition's block and joined by straight lines, so this is an "
    "estimate. Day t = block × block time / 86,400. The window is the latest unbroken run of editions in "
    "which the subnet appears. An edition whose rate is unknown is bridged by a straight line between its "
    "neighbours with known rates, and the page says which days the known rates span; with fewer than two "
    "known rates the amount is unknown, never 0. Owner, miners and validators use the 18/41/41 split "
    "valued at p. The same function gives the lifetime-paid ranking.",
)(cumulative.paid_over_window)
metric(
    "note_age_days",
    "Age of the editors' note",
    u.DAYS,
    f"Measured at the edition's block date, not the day the site is built; stale after "
    f"{accountability.STALE_AFTER_DAYS} days.",
)(accountability.note_age_days)
for _flag in accountability.FLAGS:
    add(Metric(f"flag_{_flag.key}", f"Flag: {_flag.label}", u.FLAG, _flag.rule))


# --- assembling the scorecard ------------------------------------------------------------------

SCORECARD_COLUMNS = (
    "netuid",
    "name",
    "symbol",
    "is_root",
    "price_tao",
    "price_source",
    "price_reason",
    "market_cap_tao",
    "fdv_tao",
    "liquidity_tao",
    "tao_per_day",
    "excess_captured",
    "emission_share",
    "emission_rank",
    "emission_rank_reason",
    "alpha_emitted_per_day",
    "miner_burned_fraction",
    "burn_captured",
    "miner_burned_alpha_per_day",
    "alpha_paid_per_day",
    "tao_paid_per_day",
    "usd_paid_per_day",
    "owner_alpha_per_day",
    "miner_alpha_per_day",
    "validator_alpha_per_day",
    "measured_miner_alpha_per_day",
    "net_flow_tao_per_day",
    "epochs_per_day",
    "miners",
    "validators",
    "earning_miners",
    "earning_miner_share",
    "miner_gini",
    "top1_share",
    "top10_share",
    "miner_hhi",
    "effective_earners",
    "nakamoto",
    "owner_capture",
    "slots_used",
    "registration_cost_tao",
    "age_days",
    "registered_at_block",
    "placeholder_identity",
)
COUNT_COLUMNS = ("emission_rank", "miners", "validators", "earning_miners", "nakamoto", "registered_at_block")
_TEXT_COLUMNS = ("netuid", "name", "symbol", "owner_hotkey", "owner_coldkey")


def scorecards(snapshot: Snapshot) -> pd.DataFrame:
    """Score every subnet of a snapshot, indexed by netuid, columns as in SCORECARD_COLUMNS."""
    prov = snapshot.provenance
    blocks = blocks_per_day(prov.block_time_seconds)
    raw = snapshot.subnets
    chain = raw.drop(columns=list(_TEXT_COLUMNS)).apply(_floats)
    cards = raw[["netuid", "name", "symbol"]].copy()
    cards["is_root"] = cards["netuid"] == ROOT_NETUID
    swap = chain["price_tao"]
    price = price_tao(swap, chain["tao_in_rao"], chain["alpha_in_rao"])
    cards["price_reason"] = applicability.price_reason(cards["is_root"], swap, price)
    price = cards["price_tao"] = applicability.applicable_price(price, cards["price_reason"])
    cards["price_source"] = price_source(swap, chain["tao_in_rao"], chain["alpha_in_rao"]).where(price.notna(), None)
    cards["market_cap_tao"] = market_cap_tao(price, chain["alpha_in_rao"], chain["alpha_out_rao"])
    cards["fdv_tao"] = fdv_tao(price)
    cards["liquidity_tao"] = liquidity_tao(chain["tao_in_rao"])
    cards["tao_per_day"] = tao_per_day(chain["tao_in_emission_rao"], chain["excess_tao_rao"], blocks)
    cards["excess_captured"] = chain["excess_tao_rao"].notna()
    cards["emission_share"] = emission_share(cards["tao_per_day"], cards["is_root"])
    cards["emission_rank"] = emission_rank(cards["emission_share"])
    cards["emission_rank_reason"] = applicability.rank_reason(cards["is_root"], cards["emission_share"])
    emitted = cards["alpha_emitted_per_day"] = payout.alpha_emitted_per_day(chain["alpha_out_emission_rao"], blocks)
    burn = cards["miner_burned_fraction"] = chain["miner_burned_fraction"]
    cards["burn_captured"] = payout.burn_captured(burn)
    cards["miner_burned_alpha_per_day"] = payout.miner_burned_alpha_per_day(emitted, burn)
    paid = cards["alpha_paid_per_day"] = payout.alpha_paid_per_day(emitted, burn)
    cards["tao_paid_per_day"] = tao_paid_per_day(paid, price)
    usd = snapshot.doc.price_usd
    cards["usd_paid_per_day"] = usd_paid_per_day(cards["tao_paid_per_day"], usd.tao_usd if usd else None)
    cards["owner_alpha_per_day"] = owner_alpha_per_day(emitted)
    cards["miner_alpha_per_day"] = miner_alpha_per_day(emitted, burn)
    cards["validator_alpha_per_day"] = validator_alpha_per_day(emitted)
    cards["net_flow_tao_per_day"] = net_flow_tao_per_day(chain["ema_tao_flow_rao"], blocks)
    cards["epochs_per_day"] = epochs_per_day(chain["tempo"], blocks)
    measured = neuron_figures.neuron_metrics(snapshot, cards["epochs_per_day"])
    cards = cards.join(measured.drop(columns=["miners", "validators", "registered_uids"]))
    # Without a neuron table, fall back on the counts the chain reports for the subnet.
    cards["miners"] = _floats(measured["miners"]).fillna(chain["miner_count"])
    cards["validators"] = _floats(measured["validators"]).fillna(chain["validator_count"])
    cards["earning_miner_share"] = earning_miner_share(_floats(cards["earning_miners"]), cards["miners"])
    registered = chain["num_uids"].fillna(_floats(measured["registered_uids"]))
    cards["slots_used"] = slots_used(registered, chain["max_uids"])
    cards["registration_cost_tao"] = registration_cost_tao(chain["burn_rao"])
    cards["age_days"] = age_days(prov.block, chain["registered_at_block"], prov.block_time_seconds)
    cards["registered_at_block"] = chain["registered_at_block"]  # with the netuid, the subnet's life
    cards["placeholder_identity"] = [
        placeholder_identity(s.name, s.identity) for s in map(snapshot.subnet, cards.index)
    ]
    for column in COUNT_COLUMNS:
        cards[column] = _floats(cards[column]).astype("Int64")
    # netuid stays a column; an unnamed index keeps `sort_values("netuid")` unambiguous
    return cards[list(SCORECARD_COLUMNS)].rename_axis(None)


def all_coldkey_earnings(snapshot: Snapshot) -> dict[int, pd.DataFrame]:
    """List every subnet's miners by coldkey (as `coldkey_earnings`), computing daily alpha once."""
    epochs = epochs_per_day(_floats(snapshot.subnets["tempo"]), blocks_per_day(snapshot.provenance.block_time_seconds))
    return neuron_figures.coldkey_tables(snapshot, epochs)


def coldkey_earnings(snapshot: Snapshot, netuid: int) -> pd.DataFrame:
    """List one subnet's miners by coldkey: coldkey, uids, daily_alpha, share (largest first)."""
    return all_coldkey_earnings(snapshot)[netuid]
