"""The public subnet directory of 2026-03-25 as a dated, sourced fallback for teams and categories.

`scripts/make_directory.py` converts the directory (kept outside the repository) into
`directory_2026-03-25.json` beside this module: per matched subnet its team and a category mapped
onto the notes' list. A fact belongs to one subnet life: it applies when the subnet's registration
block equals the one recorded, or, where either block is unknown, when the chain name still agrees
with the name the fact was matched on. An editor's note always wins over the directory.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIRECTORY_DATE = "2026-03-25"
DIRECTORY_FILE = Path(__file__).with_name(f"directory_{DIRECTORY_DATE}.json")


@dataclass(frozen=True)
class DirectoryFact:
    """One subnet's entry in the directory: team and mapped category, with source and date."""

    netuid: int
    name: str
    chain_name: str
    registered_at_block: int | None
    team: str | None
    category: str | None
    source: str
    date: str
    directory_block: int  # the block of the directory's date: a subnet registered later is not in it


@cache
def directory_facts() -> dict[int, DirectoryFact]:
    """Read the committed directory facts by netuid."""
    document = json.loads(DIRECTORY_FILE.read_text(encoding="utf-8"))
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
        )
        for s in document["subnets"]
    }


def _normal(name: str) -> str:
    """Reduce a name to case-folded letters and digits (tau read as t)."""
    return re.sub(r"[^a-z0-9]", "", name.replace("τ", "t").casefold())


def fact_for(netuid: int, registered_at_block: int | None, name: str | None) -> DirectoryFact | None:
    """Return the directory's fact for this subnet life, or None when it is another life or unlisted."""
    fact = directory_facts().get(netuid)
    if fact is None:
        return None
    if registered_at_block is not None and registered_at_block > fact.directory_block:
        return None  # registered after the directory was written: another subnet
    if fact.registered_at_block is not None and registered_at_block is not None:
        return fact if fact.registered_at_block == registered_at_block else None
    return fact if name is not None and _normal(name) == _normal(fact.chain_name) else None
