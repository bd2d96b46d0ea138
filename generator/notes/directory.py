"""The public subnet directory of 2026-03-25 as a dated, sourced fallback for teams and categories.

`scripts/make_directory.py` converts the directory (kept outside the repository) into
`directory_2026-03-25.json` beside this module: one entry per netuid with the directory's name, team
and categories, the category mapped onto the notes' list (`CATEGORY_MAP`), and how the entry was
matched to the subnet the chain had on that netuid (`match`). A fact belongs to one subnet life: it
applies when the subnet's registration block equals the one recorded, or, where either block is
unknown, when the chain name agrees with the name the fact was matched on; never to a subnet
registered after the directory's date. A subnet the directory cannot describe gets a stated reason
(`Reason`), so every subnet is accounted for. An editor's note always wins over the directory.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIRECTORY_DATE = "2026-03-25"
DIRECTORY_FILE = Path(__file__).with_name(f"directory_{DIRECTORY_DATE}.json")

# The directory's categories mapped onto the notes' list (generator/notes/model.py CATEGORIES).
CATEGORY_MAP = {
    "Inference": "inference",
    "Compute": "compute",
    "Mining": "compute",
    "Infrastructure": "compute",
    "Quantum Computing": "compute",
    "Distributed Training": "training",
    "Model Development": "training",
    "Reinforcement Learning": "training",
    "Data Pipeline": "data",
    "Storage": "storage",
    "DeFi": "finance",
    "Financial Trading": "finance",
    "Prediction Market": "finance",
    "Sports Prediction": "finance",
    "Cybersecurity": "security",
    "DeepFake Detection": "security",
    "Fraud Protection": "security",
    "Zero Knowledge": "security",
    "DeSci": "science",
    "Robotics": "science",
    "AI Agent": "agents",
    "Computer Vision": "media",
    "Social": "media",
    "Marketing": "media",
    "Meme": "media",
}
# Directory "categories" that name a team or a programme, not a kind of work: they map to nothing.
UNMAPPED_CATEGORIES = ("Macrocosmos", "Rayon Labs", "Yuma Accelerated")

# How a directory entry was matched to the chain's subnet on its netuid (`match` in the JSON file).
MATCHED_BY_NAME = "name"  # the chain name on 2026-03-22 agrees with the directory's
MATCHED_BY_LATER_NAME = "later_name"  # the same life carried the directory's name in a later edition
ANOTHER_SUBNET = "another_subnet"  # the directory's name never agrees with the chain's subnet there
NOT_LISTED = "not_listed"  # a placeholder ("Subnet 7") or no entry: the directory lists no subnet
MATCHED = (MATCHED_BY_NAME, MATCHED_BY_LATER_NAME)


@dataclass(frozen=True)
class Reason:
    """Why a subnet has no directory category: a key and the label the roll-up counts it under."""

    key: str
    label: str


NO_CATEGORY_LISTED = Reason("no_category", "no category: in the directory, without a category")
CATEGORY_OFF_LIST = Reason("category_off_list", "no category: the directory's categories name no kind of work")
REGISTERED_AFTER = Reason("registered_after", f"no category: registered after {DIRECTORY_DATE}, not in the directory")
OTHER_SUBNET = Reason("another_subnet", "no category: the directory lists another subnet on this netuid")
UNLISTED = Reason("not_listed", "no category: not listed in the directory")
REASONS = (NO_CATEGORY_LISTED, CATEGORY_OFF_LIST, REGISTERED_AFTER, OTHER_SUBNET, UNLISTED)


@dataclass(frozen=True)
class DirectoryFact:
    """One netuid's entry in the directory: team and mapped category, how it was matched, source and date."""

    netuid: int
    name: str
    chain_name: str
    registered_at_block: int | None
    team: str | None
    category: str | None
    source: str
    date: str
    directory_block: int  # the block of the directory's date: a subnet registered later is not in it
    match: str = MATCHED_BY_NAME
    categories: tuple[str, ...] = ()  # the directory's own categories, as listed


@dataclass(frozen=True)
class Match:
    """The directory's fact for one subnet life (None when it does not apply) and, without a category, why."""

    fact: DirectoryFact | None
    reason: Reason | None


@cache
def _document() -> dict:
    """Read the committed directory file."""
    return json.loads(DIRECTORY_FILE.read_text(encoding="utf-8"))


def directory_block() -> int:
    """Return the block of the directory's date: a subnet registered after it is not in the directory."""
    return int(_document()["directory_block"])


def directory_source() -> str:
    """Return where the directory was published (the URL shown beside every fact taken from it)."""
    return str(_document()["source"])


@cache
def directory_facts() -> dict[int, DirectoryFact]:
    """Read the committed directory entries by netuid."""
    document = _document()
    return {
        int(s["netuid"]): DirectoryFact(
            int(s["netuid"]),
            s["directory_name"],
            s["chain_name"],
            s["registered_at_block"],
            s["team"],
            s["category"],
            document["source"],
            document["date"],
            int(document["directory_block"]),
            s["match"],
            tuple(s["directory_categories"]),
        )
        for s in document["subnets"]
    }


def normal(name: str) -> str:
    """Reduce a name to case-folded letters and digits (tau read as t)."""
    return re.sub(r"[^a-z0-9]", "", name.replace("τ", "t").casefold())


def words(name: str) -> set[str]:
    """Return a name's case-folded words of letters and digits, without "the" and "subnet"."""
    return set(re.findall(r"[a-z0-9]+", name.replace("τ", "t").casefold())) - {"the", "subnet"}


def same_name(directory_name: str, chain_name: str) -> bool:
    """Say whether two names agree: equal letters and digits, one containing the other (≥ 4), or the words of one (≥ 2) all in the other."""
    a, b = normal(directory_name), normal(chain_name)
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    fewer, more = sorted((words(directory_name), words(chain_name)), key=len)
    return len(fewer) >= 2 and fewer <= more


def placeholder(directory_name: str, netuid: int) -> bool:
    """Say whether a directory name only holds the netuid's place ("Subnet 7", or nothing)."""
    return normal(directory_name) in ("", f"subnet{netuid}")


def mapped_category(categories: list[str] | tuple[str, ...]) -> str | None:
    """Return the first of the directory's categories that maps onto the notes' list, or None."""
    mapped = [CATEGORY_MAP[c] for c in categories if c in CATEGORY_MAP]
    return mapped[0] if mapped else None


def _same_life(fact: DirectoryFact, registered_at_block: int | None, name: str | None) -> bool:
    """Say whether a subnet life is the one the fact was matched on (block, else the 2026-03-22 name)."""
    if fact.registered_at_block is not None and registered_at_block is not None:
        return fact.registered_at_block == registered_at_block
    return name is not None and normal(name) == normal(fact.chain_name)


def match_for(netuid: int, registered_at_block: int | None, name: str | None) -> Match:
    """Return the directory's fact for this subnet life, or why the directory gives it no category."""
    fact = directory_facts().get(netuid)
    if registered_at_block is not None and registered_at_block > directory_block():
        return Match(None, REGISTERED_AFTER)  # registered after the directory was written: another subnet
    if fact is None or fact.match == NOT_LISTED:
        return Match(None, UNLISTED)
    if fact.match not in MATCHED or not _same_life(fact, registered_at_block, name):
        return Match(None, OTHER_SUBNET)
    if fact.category is not None:
        return Match(fact, None)
    return Match(fact, CATEGORY_OFF_LIST if fact.categories else NO_CATEGORY_LISTED)


def fact_for(netuid: int, registered_at_block: int | None, name: str | None) -> DirectoryFact | None:
    """Return the directory's fact for this subnet life, or None when it is another life or unlisted."""
    return match_for(netuid, registered_at_block, name).fact
