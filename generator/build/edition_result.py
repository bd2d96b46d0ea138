"""A built edition as later editions read it, and a subnet's history across the editions of its life."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator import format as fmt
from generator.build.records import from_records, plain
from generator.model import lives
from generator.model.events import EditionHistory
from generator.model.snapshot import Snapshot
from generator.site import sparkline
from generator.site.chart_spec import Chart

MANIFEST = "manifest.json"


def scorecards_path(folder: Path, edition_id: str) -> Path:
    """Return where a built edition's scorecard records are: its public JSON download (`open_data.write_downloads`)."""
    return folder / "downloads" / f"scorecards-{edition_id}.json"


@dataclass
class EditionResult:
    """A built edition: its id, block, scorecard records, history, and the snapshot if it was loaded."""

    edition_id: str
    block: int
    records: list[dict]
    rebuilt: bool
    path: Path
    snapshot: Snapshot | None = None
    history: EditionHistory | None = None
    folder: Path | None = None  # where its files are: the staging folder, or the live site if reused
    unfinished: Callable[[], None] | None = field(default=None, repr=False, compare=False)  # charts, manifest
    data_written: Callable[[], object] | None = field(default=None, repr=False, compare=False)  # by a worker

    def finish(self) -> None:
        """Write what waits for the chart workers (a rendered edition is complete only after this)."""
        done, self.unfinished = self.unfinished, None
        if done is not None:
            done()

    def wait_data(self) -> None:
        """Wait until a rendered edition's open data is written (the whole history's tables join it)."""
        if self.data_written is not None:
            self.data_written()

    _by_netuid: dict[int, dict] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_folder(cls, folder: Path, path: Path, rebuilt: bool, manifest: dict | None = None) -> EditionResult:
        """Read a built edition's manifest (unless given), scorecards (from its JSON download), facts and events back."""
        if manifest is None:
            manifest = json.loads((folder / MANIFEST).read_bytes())
        # bytes: JSON is UTF-8, and reading it as text would translate newlines through 33 MB at 156 editions
        records = json.loads(scorecards_path(folder, manifest["edition_id"]).read_bytes())["subnets"]
        return cls(
            manifest["edition_id"],
            manifest["block"],
            records,
            rebuilt,
            path,
            history=EditionHistory.from_folder(folder),
            folder=folder,
        )

    def cards(self) -> pd.DataFrame:
        """Return the scorecards as a frame indexed by netuid."""
        return from_records(self.records)

    def record(self, netuid: int) -> dict | None:
        """Return one subnet's scorecard record, or None (indexed once: profiles ask per edition)."""
        if self._by_netuid is None:
            self._by_netuid = {int(r["netuid"]): r for r in self.records}
        return self._by_netuid.get(netuid)

    @property
    def netuids(self) -> set[int]:
        """Return the netuids present in this edition."""
        return {int(r["netuid"]) for r in self.records}


Rows = list[tuple[str, int, dict]]  # (edition id, block, scorecard record), oldest first


def by_netuid(earlier: list[EditionResult]) -> dict[int, Rows]:
    """Index the earlier editions' records by netuid, in one pass (profiles ask for every subnet)."""
    index: dict[int, Rows] = {}
    for result in earlier:
        for record in result.records:
            index.setdefault(int(record["netuid"]), []).append((result.edition_id, result.block, record))
    return index


def life_editions(
    netuid: int,
    earlier: list[EditionResult],
    edition_id: str,
    block: int,
    card: pd.Series,
    index: dict[int, Rows] | None = None,
) -> Rows:
    """Return (edition id, block, record) of every edition of the netuid up to this one, oldest first.

    `index` is `by_netuid(earlier)`, when the caller asks for many subnets.
    """
    if index is None:
        index = by_netuid(earlier)
    return index.get(netuid, []) + [(edition_id, block, {key: plain(value) for key, value in card.items()})]


def current_life(rows: list[tuple[str, int, dict]]) -> list[tuple[str, int, dict]]:
    """Keep the editions of the newest edition's life (generator/model/lives.py)."""
    alive = lives.current_run([(block, record.get("registered_at_block")) for _, block, record in rows])
    return rows[len(rows) - alive :]


def history_chart(
    netuid: int,
    earlier: list[EditionResult],
    edition_id: str,
    card: pd.Series,
    block: int = 0,
    index: dict[int, Rows] | None = None,
) -> Chart | None:
    """Chart a subnet's emission share and price across the newest editions of its current life (52 at most).

    Bounded like the sparklines, so an edition's pages do not grow with the history; the whole series
    is in the open data (`api/v1/subnets/<netuid>.json`, `downloads/history.csv`).
    """
    rows = current_life(life_editions(netuid, earlier, edition_id, block, card, index))[-sparkline.MAX_POINTS :]
    points = [(e, r.get("emission_share"), r.get("price_tao")) for e, _, r in rows]
    if len(points) < 2:
        return None
    shares = [None if s is None else round(s * 100, 6) for _, s, _ in points]
    table = [(e, f"share {fmt.pct(s)}, price {fmt.price(p)}") for e, s, p in points]
    return Chart(
        name=f"sn{netuid}-history.svg",
        kind="history",
        data={"editions": [e for e, _, _ in points], "share_pct": shares, "price": [p for _, _, p in points]},
        title="Emission share and price across editions",
        alt=f"Emission share and price of SN{netuid} in {len(points)} editions; data in the table below.",
        table=table,
    )
