"""Convert the public subnet directory of 2026-03-25 into the dated facts the build reads.

Usage: python scripts/make_directory.py [--directory FILE] [--out FILE]

The build never reads ../shared, so the facts it needs are committed in
generator/notes/directory_2026-03-25.json: one entry per netuid with the directory's name, team and
categories, the category mapped onto the notes' list, and how the entry matched the chain's subnet on
that netuid (`generator.notes.directory.same_name` is the one name comparison):
- "name": the chain name in the sample's edition nearest the directory date (2026-03-22) agrees;
- "later_name": that name does not, but the same subnet life (registered before the directory date,
  same registration block) carries a name that agrees in a later sample edition;
- "another_subnet": no name of that life agrees, so the directory describes some other subnet;
- "not_listed": the directory only holds the netuid's place ("Subnet 7"), or the chain had no subnet.
The subnet's life is pinned by its registration block from the 2026-04-13 edition, kept only when
registered before the directory date, so a netuid re-registered later never inherits the facts. Only
facts are kept (names, teams, categories), never the directory's prose. The output is deterministic.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from generator.notes import directory

ROOT = Path(__file__).resolve().parents[1]
DIRECTORY = ROOT.parent / "shared" / "data" / "directories" / "tensorplex_subnets_2026-03-25.json"
OUT = ROOT / "generator" / "notes" / "directory_2026-03-25.json"
MARCH = ROOT / "generator" / "sample" / "finney-7801029-20260322T000000Z.json.gz"
SAMPLE = ROOT / "generator" / "sample"
# The later editions, oldest first: the first one pins each subnet's registration block.
LATER = (
    SAMPLE / "finney-7961916-20260413T210600Z.json.gz",
    SAMPLE / "finney-8404076-20260614T090328Z.json.gz",
    SAMPLE / "finney-8791253-20260807T083500Z.json.gz",
)
SOURCE = "https://github.com/tensorplex-labs/subnet-docs"
DATE = "2026-03-25"
# 2026-03-22 00:00 UTC was block 7,801,029; three days of 7,200 blocks later is the directory date.
MARCH_BLOCK = 7_801_029
DIRECTORY_BLOCK = MARCH_BLOCK + 3 * 7_200


def match(entry: dict, march: dict[int, dict], later: list[dict[int, dict]], registered: int | None) -> tuple[str, str]:
    """Say how a directory entry matches the chain's subnet on its netuid, and on which chain name."""
    netuid = int(entry["subnet_id"])
    chain = (march.get(netuid) or {}).get("name") or ""
    if directory.placeholder(entry["name"], netuid) or netuid not in march:
        return directory.NOT_LISTED, chain
    march_life = registered is None or registered <= MARCH_BLOCK  # else 2026-03-22 saw an earlier subnet
    if march_life and directory.same_name(entry["name"], chain):
        return directory.MATCHED_BY_NAME, chain
    for edition in later if registered is not None else []:
        record = edition.get(netuid) or {}
        if record.get("registered_at_block") == registered and directory.same_name(entry["name"], record["name"]):
            return directory.MATCHED_BY_LATER_NAME, record["name"]
    return directory.ANOTHER_SUBNET, chain


def subnets(path: Path) -> dict[int, dict]:
    """Read a sample snapshot's subnet records by netuid."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {s["netuid"]: s for s in json.load(handle)["subnets"]}


def convert(entries: list[dict], march: dict[int, dict], later: list[dict[int, dict]]) -> list[dict]:
    """Match every directory entry to the chain's subnet on its netuid, keeping its team and category."""
    facts = []
    for entry in sorted(entries, key=lambda e: int(e["subnet_id"])):
        netuid = int(entry["subnet_id"])
        if netuid == 0:
            continue
        registered = (later[0].get(netuid) or {}).get("registered_at_block") if later else None
        if registered is not None and registered > DIRECTORY_BLOCK:
            registered = None  # re-registered after the directory: the life is not the directory's
        how, matched_name = match(entry, march, later, registered)
        categories = sorted(entry.get("categories") or [])
        facts.append(
            {
                "netuid": netuid,
                "directory_name": entry["name"],
                "chain_name": (march.get(netuid) or {}).get("name") or "",
                "matched_name": matched_name if how in directory.MATCHED else None,
                "match": how,
                "registered_at_block": registered,
                "team": (entry.get("team") or "").strip() or None,
                "category": directory.mapped_category(entry.get("categories") or []),
                "directory_categories": categories,
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
    facts = convert(entries, subnets(MARCH), [subnets(path) for path in LATER])
    document = {
        "source": SOURCE,
        "date": DATE,
        "directory_block": DIRECTORY_BLOCK,
        "matched_by": "name at the same netuid on 2026-03-22, or a later name of the same subnet life",
        "subnets": facts,
    }
    args.out.write_text(json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(facts)} subnets")


if __name__ == "__main__":
    main()
