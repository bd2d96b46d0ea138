"""Convert the public subnet directory of 2026-03-25 into the dated facts the build reads.

Usage: python scripts/make_directory.py [--directory FILE] [--out FILE]

The build never reads ../shared, so the facts it needs (team and category per subnet) are committed
in generator/notes/directory_2026-03-25.json. A directory entry is matched to a subnet by name: its
name must agree (letters and digits, case-folded, one contained in the other) with the chain name at
the same netuid in the sample's edition nearest the directory date (2026-03-22). The subnet's life is
pinned by its registration block from the 2026-04-13 edition, kept only when registered before the
directory date, so a netuid re-registered later never inherits the facts. Only facts are kept
(names, teams, categories), never the directory's prose. The output is deterministic.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIRECTORY = ROOT.parent / "shared" / "data" / "directories" / "tensorplex_subnets_2026-03-25.json"
OUT = ROOT / "generator" / "notes" / "directory_2026-03-25.json"
MARCH = ROOT / "generator" / "sample" / "finney-7801029-20260322T000000Z.json.gz"
APRIL = ROOT / "generator" / "sample" / "finney-7961916-20260413T210600Z.json.gz"
SOURCE = "https://github.com/tensorplex-labs/subnet-docs"
DATE = "2026-03-25"
# 2026-03-22 00:00 UTC was block 7,801,029; three days of 7,200 blocks later is the directory date.
DIRECTORY_BLOCK = 7_801_029 + 3 * 7_200
# The directory's categories mapped onto the notes' list (generator/notes/model.py CATEGORIES);
# team names used as categories ("Macrocosmos", "Rayon Labs", "Yuma Accelerated") map to nothing.
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


def normal(name: str) -> str:
    """Reduce a name to case-folded letters and digits (tau read as t)."""
    return re.sub(r"[^a-z0-9]", "", name.replace("τ", "t").casefold())


def same_name(directory_name: str, chain_name: str) -> bool:
    """Return True when two names agree: equal, or one contains the other (at least 4 characters)."""
    a, b = normal(directory_name), normal(chain_name)
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a))


def category(categories: list[str]) -> str | None:
    """Return the first directory category that maps onto the notes' list, or None."""
    mapped = [CATEGORY_MAP[c] for c in categories if c in CATEGORY_MAP]
    return mapped[0] if mapped else None


def subnets(path: Path) -> dict[int, dict]:
    """Read a sample snapshot's subnet records by netuid."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {s["netuid"]: s for s in json.load(handle)["subnets"]}


def convert(entries: list[dict], march: dict[int, dict], april: dict[int, dict]) -> list[dict]:
    """Match directory entries to subnets by name and keep their team and category."""
    facts = []
    for entry in sorted(entries, key=lambda e: int(e["subnet_id"])):
        netuid = int(entry["subnet_id"])
        chain = march.get(netuid)
        if netuid == 0 or chain is None or not same_name(entry["name"], chain["name"]):
            continue
        team = (entry.get("team") or "").strip() or None
        mapped = category(entry.get("categories") or [])
        if team is None and mapped is None:
            continue
        registered = (april.get(netuid) or {}).get("registered_at_block")
        if registered is not None and registered > DIRECTORY_BLOCK:
            registered = None  # re-registered after the directory: the life is not the directory's
        facts.append(
            {
                "netuid": netuid,
                "directory_name": entry["name"],
                "chain_name": chain["name"],
                "registered_at_block": registered,
                "team": team,
                "category": mapped,
                "directory_categories": sorted(entry.get("categories") or []),
            }
        )
    return facts


def main() -> None:
    """Write the converted directory facts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directory", type=Path, default=DIRECTORY)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    entries = json.loads(args.directory.read_text(encoding="utf-8"))
    facts = convert(entries, subnets(MARCH), subnets(APRIL))
    document = {
        "source": SOURCE,
        "date": DATE,
        "directory_block": DIRECTORY_BLOCK,
        "matched_by": "name at the same netuid on 2026-03-22",
        "subnets": facts,
    }
    args.out.write_text(json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(facts)} subnets")


if __name__ == "__main__":
    main()
