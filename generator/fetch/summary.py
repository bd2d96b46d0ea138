"""What one fetch obtained, said honestly: the result record and the one-screen summary.

Each part says what it really holds: the TAO/USD price, or `unknown` with the reason; the code
activity as counts of subnets read, not found, failed and skipped, or `unknown` when no repository
could be read; `not fetched` when the part was switched off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.fetch.sources import code_tally
from generator.model.schema import Part, SnapshotDoc


@dataclass
class FetchResult:
    """A fetched document with what went wrong on the way and how long it took."""

    # repr=False: asyncio.run on 3.11 reprs the finished main task (via the SIGINT handler it
    # restores), and the pydantic repr of ~30,000 neurons costs a third of a second.
    doc: SnapshotDoc = field(repr=False)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def neurons_part(source: str, listed: int, read: int, failed: int) -> Part:
    """Record how many metagraphs were read; none read out of some listed means unknown."""
    tally = f"{read} of {listed} metagraphs read" + (f", {failed} failed (see missing_subnets)" if failed else "")
    if listed and not read:
        return Part(obtained="unknown", source=source, reason=f"no metagraph could be read ({tally})")
    return Part(obtained="captured", source=source, note=tally)


def _price_line(doc: SnapshotDoc) -> str:
    """Say the TAO/USD price, why it is unknown, or that it was not fetched."""
    part = doc.provenance.parts.get("price_usd")
    if doc.price_usd is not None:
        return f"{doc.price_usd.tao_usd:g} USD"
    return f"unknown: {part.reason}" if part is not None else "not fetched"


def _code_line(doc: SnapshotDoc) -> str:
    """Count the code activity obtained, say why it is unknown, or that it was not fetched."""
    part = doc.provenance.parts.get("code_activity")
    if part is None or doc.code_activity is None:
        return "not fetched"
    return f"unknown: {part.reason}" if part.obtained == "unknown" else code_tally(doc.code_activity)


@dataclass
class FetchSummary:
    """What a finished fetch wrote, for the one-screen summary."""

    path: Path
    result: FetchResult

    def lines(self) -> list[str]:
        """Describe the snapshot in a few lines."""
        doc = self.result.doc
        prov = doc.provenance
        neurons = sum(len(t.uid) for t in doc.neurons.values())
        missing = ", ".join(f"{m.netuid} ({m.reason})" for m in prov.missing_subnets) or "none"
        return [
            f"network   {prov.network}",
            f"block     {prov.block} ({prov.block_timestamp:%Y-%m-%d %H:%M:%S} UTC)",
            f"subnets   {len(doc.subnets)} ({len(doc.neurons)} metagraphs)",
            f"neurons   {neurons}",
            f"failures  {missing}",
            f"TAO/USD   {_price_line(doc)}",
            f"code      {_code_line(doc)}",
            f"warnings  {len(self.result.warnings)}",
            f"time      {self.result.seconds:.1f} s",
            f"file      {self.path}",
        ]
