"""Deterministic prose about a subnet and the network, written from scorecard rows.

No language model: each sentence is chosen by the situation the figures describe, and every number
in it is a scorecard field formatted by `generator.format`. Unknown figures are said to be unknown.
"""

from __future__ import annotations

import pandas as pd

from generator import format as fmt
from generator.format import is_unknown
from generator.metrics import applicability
from generator.metrics.changes import WITH_EXCESS, changes, network_summary
from generator.metrics.scorecard import METRICS

MAX_SENTENCES = 5
# Words about miners' concentration follow these thresholds (on the methodology page, `WORD_RULES`).
SINGLE_HOLDER_TOP1 = 0.5  # "a single coldkey holds more than half": top-1 share above this
CONCENTRATED_NAKAMOTO = 3  # "concentrated": at most this many coldkeys hold more than half ...
CONCENTRATED_TOP10 = 0.75  # ... or the top 10 coldkeys hold at least this share
SPREAD_NAKAMOTO = 5  # "spread out": at least this many coldkeys are needed for a half ...
SPREAD_TOP10 = 0.5  # ... and the top 10 hold less than this; anything between is "moderately concentrated"
NOTABLE_OWNER_CAPTURE = 0.10
TOP_RANKS = 10

WORD_RULES = (
    ("a single coldkey holds more than half", f"top coldkey's share > {SINGLE_HOLDER_TOP1:.0%}"),
    (
        "concentrated",
        f"Nakamoto coefficient ≤ {CONCENTRATED_NAKAMOTO} or top-10 coldkeys' share ≥ {CONCENTRATED_TOP10:.0%}",
    ),
    ("spread out", f"Nakamoto coefficient ≥ {SPREAD_NAKAMOTO} and top-10 coldkeys' share < {SPREAD_TOP10:.0%}"),
    ("moderately concentrated", "neither concentrated nor spread out"),
    ("notable owner capture", f"owner capture ≥ {NOTABLE_OWNER_CAPTURE:.0%} (a sentence is written only then)"),
)


def plural(count: object, word: str, many: str | None = None) -> str:
    """Write a count with its noun in agreement: `1 miner`, `2 miners`, `0 miners`."""
    text = fmt.count(count)
    return f"{text} {word if text == '1' else (many or word + 's')}"


def _fig(card: pd.Series, key: str) -> str:
    """Format a scorecard figure exactly as the scorecard shows it (its declared unit)."""
    return METRICS[key].unit.format(card[key])


def _title(card: pd.Series) -> str:
    return f"SN{card['netuid']} {card['name']}".strip()


def _known(card: pd.Series, *fields: str) -> bool:
    return not any(is_unknown(card[f]) for f in fields)


def _share_sentence(card: pd.Series, subnet_count: int) -> str:
    """Say what share of emissions the subnet takes, and its rank."""
    title = _title(card)
    if bool(card["is_root"]):
        return f"{title} is the root network, not a subnet in the economic sense: it takes no share of emissions and is not ranked."
    if is_unknown(card["tao_per_day"]):
        return f"{title}'s share of emissions is unknown: the TAO injected into it was not captured in this snapshot."
    if card["tao_per_day"] == 0:
        return f"{title} receives no TAO injection at this block (0 TAO per day), so it takes no share of emissions."
    per_day = fmt.tao(card["tao_per_day"])
    if is_unknown(card["emission_share"]):
        return (
            f"{title} receives {per_day} injected per day; its share of emissions is unknown because "
            "another subnet's injection was not captured."
        )
    share, rank = fmt.pct(card["emission_share"]), int(card["emission_rank"])
    if rank == 1:
        return f"{title} is the network's largest earner: it takes {share} of emissions ({per_day} injected per day), rank 1 of {subnet_count}."
    if rank <= TOP_RANKS:
        return f"{title} ranks {rank} of {subnet_count} by emissions, with {share} of the TAO injected ({per_day} injected per day)."
    return f"{title} takes {share} of emissions ({per_day} injected per day), rank {rank} of {subnet_count}."


def _paid_sentence(card: pd.Series) -> str:
    """Say what the subnet pays participants per day (a value distinct from TAO injected), and its split."""
    if is_unknown(card["alpha_paid_per_day"]):
        return "What it pays participants per day is unknown: its alpha emission was not captured."
    if card["alpha_paid_per_day"] == 0:
        return "It pays participants no alpha at this block."
    worth = (
        f"a value paid to participants of {_fig(card, 'tao_paid_per_day')}"
        if _known(card, "tao_paid_per_day")
        else "no TAO value: its alpha is not trading"
        if card.get("price_reason") == applicability.NOT_TRADING
        else "its TAO value unknown"
    )
    if _known(card, "usd_paid_per_day"):
        worth += f", about {_fig(card, 'usd_paid_per_day')}"
    return (
        f"It pays participants {fmt.alpha(card['alpha_paid_per_day'])} a day ({worth}): by rule "
        f"{fmt.alpha(card['miner_alpha_per_day'])} to miners, {fmt.alpha(card['validator_alpha_per_day'])} "
        f"to validators and their stakers, and {fmt.alpha(card['owner_alpha_per_day'])} to the owner"
        f"{_burn_clause(card)}."
    )


def _burn_clause(card: pd.Series) -> str:
    """Name the miner emission the chain burns (paid to no one), when there is any."""
    burned = card.get("miner_burned_alpha_per_day")
    if burned is None or is_unknown(burned) or burned <= 0:
        return ""
    return f"; another {fmt.alpha(burned)} of miner emission is burned"


def concentration_word(card: pd.Series) -> str | None:
    """Name miners' concentration by the documented thresholds; None when the figures are unknown."""
    if not _known(card, "top1_share", "top10_share", "nakamoto"):
        return None
    if card["top1_share"] > SINGLE_HOLDER_TOP1:
        return "single"
    if card["nakamoto"] <= CONCENTRATED_NAKAMOTO or card["top10_share"] >= CONCENTRATED_TOP10:
        return "concentrated"
    if card["nakamoto"] >= SPREAD_NAKAMOTO and card["top10_share"] < SPREAD_TOP10:
        return "spread out"
    return "moderately concentrated"


def _is_concentrated(card: pd.Series) -> bool:
    return concentration_word(card) in ("single", "concentrated")


def _earning_text(card: pd.Series) -> str:
    """`150 of 200 miners earn`, `1 of 1 miner earns`, in agreement with the counts."""
    verb = "earns" if fmt.count(card["earning_miners"]) == "1" else "earn"
    return f"{fmt.count(card['earning_miners'])} of {plural(card['miners'], 'miner')} {verb}"


def _concentration_sentence(card: pd.Series) -> str:
    """Say how miners' earnings spread over coldkeys, in the words the thresholds allow."""
    if _known(card, "miners") and card["miners"] == 0:
        return "It has no miners at this block."
    if is_unknown(card["earning_miners"]):
        return "How miners' earnings are spread is unknown: per-neuron emissions were not captured for this subnet."
    if card["earning_miners"] == 0:
        return f"None of its {plural(card['miners'], 'miner')} earns at this block."
    earning = _earning_text(card)
    word = concentration_word(card)
    if word is None:
        return f"{earning[0].upper()}{earning[1:]}; how their earnings spread over coldkeys is unknown."
    top, top10, effective = _fig(card, "top1_share"), _fig(card, "top10_share"), _fig(card, "effective_earners")
    if fmt.count(card["earning_miners"]) == "1":
        return f"A single coldkey takes all of miners' earnings ({earning})."
    if word == "single":
        return (
            f"Miners' earnings are concentrated: a single coldkey holds more than half ({top}), "
            f"and the spread equals {effective} equal earners ({earning})."
        )
    if word == "concentrated":
        return (
            f"Miners' earnings are concentrated: {plural(card['nakamoto'], 'coldkey')} hold more than half, "
            f"the top coldkey takes {top} and the top 10 take {top10} ({earning}; {effective} effective earners)."
        )
    return (
        f"Miners' earnings are {word}: {earning}, the top coldkey takes {top}, "
        f"and the top 10 take {top10} ({effective} effective earners)."
    )


def _flow_sentence(card: pd.Series) -> str:
    return (
        f"Its net TAO flow is negative ({_fig(card, 'net_flow_tao_per_day')}, EMA): "
        "more TAO is leaving its pool than entering."
    )


def _owner_sentence(card: pd.Series) -> str:
    return f"Uids on the owner's own keys collect {fmt.pct(card['owner_capture'])} of miner emission."


def _placeholder_sentence(card: pd.Series) -> str:
    return (
        'Its on-chain identity reads like a placeholder (such as "deprecated" or a sample repository), '
        "so the chain does not say what it ships."
    )


def _movement_sentence(card: pd.Series, previous: pd.Series, change: pd.Series | None = None) -> str:
    """Say how share, rank and price moved since the previous edition."""
    if _known(card, "age_days") and _known(previous, "age_days") and previous["age_days"] > card["age_days"]:
        return "It was re-registered since the previous edition, so its figures are not compared."
    change = _change(card, previous) if change is None else change
    if change.isna().all():
        return "How it moved since the previous edition is unknown: figures are missing on one side."
    clauses = []
    if not is_unknown(change["share_change_points"]):
        clauses.append(
            f"its emission share changed {fmt.points(change['share_change_points'])}{_rank_text(change, card, previous)}"
        )
    if not is_unknown(change["price_change_pct"]):
        clauses.append(f"its price changed by {fmt.signed_pct(change['price_change_pct'])}")
    if is_unknown(change["share_change_points"]):
        clauses.append("its emission share cannot be compared")
    return f"Since the previous edition {' and '.join(clauses)}."


def _rank_text(change: pd.Series, card: pd.Series, previous: pd.Series) -> str:
    """Describe a rank move, but only between earning positions: ties at zero are ordered by netuid."""
    rank = change["rank_change"]
    if is_unknown(rank) or not (card["emission_share"] > 0 and previous["emission_share"] > 0):
        return ""
    if rank == 0:
        return " (same rank)"
    return f" ({'up' if rank > 0 else 'down'} {abs(int(rank))} place{'s' if abs(rank) > 1 else ''})"


def _change(card: pd.Series, previous: pd.Series) -> pd.Series:
    """Compute one card's changes against its previous edition with `history.changes`."""
    index = pd.Index([card["netuid"]])
    now, before = pd.Series(card), pd.Series(previous)  # a scorecard row, plain or a Series
    return changes(now.to_frame().T.set_index(index), before.to_frame().T.set_index(index)).iloc[0]


def _market_sentence(card: pd.Series) -> str:
    if card.get("price_reason") == applicability.NOT_TRADING:
        return f"Its alpha is not trading (swap price 0); its pool holds {fmt.tao(card['liquidity_tao'])} of liquidity."
    source = (
        ""
        if card["price_source"] in (None, "swap") or is_unknown(card["price_source"])
        else f" ({card['price_source']})"
    )
    return (
        f"Its alpha trades at {fmt.price(card['price_tao'])}{source}, a market cap of "
        f"{fmt.tao(card['market_cap_tao'])} with {fmt.tao(card['liquidity_tao'])} of pool liquidity."
    )


def _root_narrative(card: pd.Series) -> list[str]:
    """Describe root, which earns no share and is not ranked."""
    return [
        _share_sentence(card, 0),
        f"It has {plural(card['validators'], 'validator')} and {plural(card['miners'], 'other uid')}.",
        f"Its liquidity, counted as twice the TAO in its pool, is {fmt.tao(card['liquidity_tao'])}.",
    ]


def subnet_narrative(
    card: pd.Series, previous: pd.Series | None, subnet_count: int, change: pd.Series | None = None
) -> list[str]:
    """Write 3 to 5 sentences about one subnet: what it earns and pays, who earns, what changed.

    `change` is this subnet's row of `history.changes`, computed here when not given.
    """
    if bool(card["is_root"]):
        return _root_narrative(card)
    first = [_share_sentence(card, subnet_count), _paid_sentence(card)]
    notable: list[str] = []
    if bool(card["placeholder_identity"]):
        notable.append(_placeholder_sentence(card))
    if _known(card, "net_flow_tao_per_day") and card["net_flow_tao_per_day"] < 0:
        notable.append(_flow_sentence(card))
    if (
        _is_concentrated(card)
        or (_known(card, "earning_miners") and card["earning_miners"] == 0)
        or (_known(card, "miners") and card["miners"] == 0)
    ):
        notable.append(_concentration_sentence(card))
    if _known(card, "owner_capture") and card["owner_capture"] >= NOTABLE_OWNER_CAPTURE:
        notable.append(_owner_sentence(card))
    if previous is not None:
        notable.append(_movement_sentence(card, previous, change))
    if _concentration_sentence(card) not in notable:
        notable.append(_concentration_sentence(card))
    notable.append(_market_sentence(card))
    return (first + notable)[:MAX_SENTENCES]


def _subnet_list(rows: pd.DataFrame, value: str, formatter) -> str:
    items = [f"{_title(row)} ({formatter(row[value])})" for _, row in rows.iterrows()]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


def network_narrative(
    cards: pd.DataFrame, previous_cards: pd.DataFrame | None, previous_block: int | None = None
) -> list[str]:
    """Write a few sentences about the network: top earners, concentration, biggest movers."""
    summary = network_summary(cards)
    subnets = cards[~cards["is_root"].astype(bool)]
    if summary["unknown_injection_subnets"]:
        sentences = [
            f"The TAO injected into {summary['unknown_injection_subnets']} of {summary['subnets']} subnets "
            "was not captured, so emission shares and rankings are unknown for this edition."
        ]
    else:
        ranked = subnets.dropna(subset=["emission_share"]).sort_values("emission_rank").head(3)
        basis = "" if summary["total_basis"] == WITH_EXCESS else " (TAO injection only: excess TAO was not captured)"
        sentences = [
            f"The chain injects {fmt.tao(summary['total_tao_per_day'])} a day into {summary['subnets']} subnets{basis}."
        ]
        if not ranked.empty:
            sentences.append(
                f"The largest earners are {_subnet_list(ranked, 'emission_share', fmt.pct)}; "
                f"the top five take {fmt.pct(summary['top5_share'])} of emissions."
            )
        negative = summary["negative_flow_subnets"]
        flows = (
            "net flows were not captured"
            if is_unknown(negative)
            else f"{fmt.count(negative)} {'has' if fmt.count(negative) == '1' else 'have'} a negative net flow"
        )
        zero = summary["zero_injection_subnets"]
        receive = "receives" if fmt.count(zero) == "1" else "receive"
        sentences.append(
            f"Emissions have an HHI of {fmt.number(summary['emission_hhi'], 3)}, as concentrated as "
            f"{fmt.number(summary['effective_subnets'], 1)} equal subnets; "
            f"{plural(zero, 'subnet')} {receive} no TAO injection and {flows}."
        )
    if previous_cards is not None:
        sentences.append(_movers_sentence(cards, previous_cards, previous_block))
    return sentences


def _movers_sentence(cards: pd.DataFrame, previous_cards: pd.DataFrame, previous_block: int | None = None) -> str:
    """Name the subnets whose emission share rose and fell most since the previous edition."""
    compared = changes(cards, previous_cards, previous_block)["share_change_points"].dropna()  # within each life
    moved = compared[compared != 0]
    if moved.empty:
        return (
            "No subnet's emission share moved since the previous edition."
            if not compared.empty
            else "Emission shares cannot be compared with the previous edition: one side is unknown."
        )
    frame = cards.loc[moved.index].assign(share_change_points=moved)
    up = (
        frame[frame["share_change_points"] > 0]
        .sort_values(["share_change_points", "netuid"], ascending=[False, True])
        .head(2)
    )
    down = frame[frame["share_change_points"] < 0].sort_values(["share_change_points", "netuid"]).head(2)
    parts = []
    if not up.empty:
        parts.append(f"up: {_subnet_list(up, 'share_change_points', fmt.points)}")
    if not down.empty:
        parts.append(f"down: {_subnet_list(down, 'share_change_points', fmt.points)}")
    return "Biggest moves in emission share since the previous edition, " + "; ".join(parts) + "."
