"""The network-wide reads of a fetch: a handful of round trips for every subnet at the pinned block.

`get_all_dynamic_info` (the subnet listing), swap prices, EMA TAO flow, excess TAO, miner burn, block
emission, the immunity period, the block header and block time, all started at once; the parts a
runtime may lack answer None and are named in the provenance and in the warnings.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bittensor import runtime_api as api
from bittensor import storage

from generator.errors import FetchError
from generator.fetch import records as chain_records
from generator.fetch.calls import FetchConfig, call_with_retry, describe, optional


@dataclass
class Chainwide:
    """Network-wide values read in a few round trips."""

    dynamic: list[dict]
    swap_prices: dict[int, float] | None
    flows: dict[int, float] | None
    excess: dict[int, int] | None
    miner_burn: dict[int, float | None] | None
    block_emission: int | None
    immunity_period: int | None
    block_hash: str | None
    timestamp: Any
    block_time: float
    spec_version: int | None


async def _read_excess(snap: Any) -> dict[int, int]:
    """Read `SubnetExcessTao` for every subnet (a map scan)."""
    rows = await snap.query_map(storage.SubtensorModule.SubnetExcessTao)
    return {int(key): int(value or 0) for key, value in rows}


async def _read_miner_burn(snap: Any) -> dict[int, float | None]:
    """Read `MinerBurned` for every subnet (a map scan): the share of miner emission burned."""
    rows = await snap.query_map(storage.SubtensorModule.MinerBurned)
    return {int(key): chain_records.miner_burned_fraction(value) for key, value in rows}


async def _read_dynamic(snap: Any) -> list[dict]:
    """Read every subnet's DynamicInfo in one runtime call, dropping unreported entries."""
    rows = await snap.runtime(api.SubnetInfoRuntimeApi.get_all_dynamic_info, [])
    return [row for row in rows or [] if isinstance(row, dict)]


async def _read_block(snap: Any) -> Any:
    """Read the pinned block's header and timestamp; fail when the chain lacks the block."""
    info = await snap.block_info()
    if info is None:
        raise FetchError(f"block {snap.block}: not found on this chain")
    return info


def start_chainwide(client: Any, snap: Any, config: FetchConfig, pinned_head: bool) -> dict[str, asyncio.Task]:
    """Start every network-wide read at once; optional parts answer None on older runtimes."""
    parts: dict[str, Callable[[], Awaitable[Any]]] = {
        "dynamic info": lambda: call_with_retry(config, lambda: _read_dynamic(snap)),
        "block": lambda: call_with_retry(config, lambda: _read_block(snap)),
        "swap prices": lambda: optional(config, snap.prices.alpha_prices),
        "EMA TAO flow": lambda: optional(config, lambda: snap.read("subnet_tao_flows")),
        "excess TAO": lambda: optional(config, lambda: _read_excess(snap)),
        "miner burn": lambda: optional(config, lambda: _read_miner_burn(snap)),
        "block emission": lambda: optional(config, lambda: snap.query(storage.SubtensorModule.BlockEmission)),
        "immunity period": lambda: optional(config, lambda: snap.query(storage.SubtensorModule.NetworkImmunityPeriod)),
        "block time": lambda: call_with_retry(config, snap.block_time),
        # The SDK only reports the head's spec version: record it only when we pinned near head.
        "spec version": lambda: optional(config, client.spec_version) if pinned_head else _none(),
    }
    return {name: asyncio.ensure_future(factory()) for name, factory in parts.items()}


async def read_part(tasks: dict[str, asyncio.Task], name: str, block: int) -> Any:
    """Await one network-wide read, naming it if it failed."""
    try:
        return await tasks[name]
    except FetchError:
        raise
    except Exception as exc:
        raise FetchError(f"block {block}: could not read {name}: {describe(exc)}") from exc


async def finish_chainwide(tasks: dict[str, asyncio.Task], block: int) -> Chainwide:
    """Collect the network-wide reads into one record."""
    got = {name: await read_part(tasks, name, block) for name in tasks}
    info = got["block"]
    return Chainwide(
        dynamic=got["dynamic info"],
        swap_prices=got["swap prices"],
        flows=got["EMA TAO flow"],
        excess=got["excess TAO"],
        miner_burn=got["miner burn"],
        block_emission=None if got["block emission"] is None else int(got["block emission"]),
        immunity_period=None if got["immunity period"] is None else int(got["immunity period"]),
        block_hash=info.hash,
        timestamp=info.timestamp,
        block_time=float(got["block time"]),
        spec_version=None if got["spec version"] is None else int(got["spec version"]),
    )


async def _none() -> None:
    """Stand in for a part that is not read."""
    return None


def subnets_note(wide: Chainwide) -> str:
    """Count the subnets listed and name the network-wide values this runtime could not give."""
    gaps = [
        name
        for name, value in (
            ("swap prices (pool ratios used)", wide.swap_prices),
            ("EMA TAO flow", wide.flows),
            ("SubnetExcessTao (excess TAO unknown)", wide.excess),
            ("MinerBurned (miner burn unknown)", wide.miner_burn),
        )
        if value is None
    ]
    return f"{len(wide.dynamic)} subnets listed" + (f"; not on this runtime: {', '.join(gaps)}" if gaps else "")


def chainwide_warnings(wide: Chainwide) -> list[str]:
    """List the chain parts this runtime could not give."""
    notes = []
    if wide.swap_prices is None:
        notes.append("swap prices unavailable on this runtime: prices are pool ratios tao_in/alpha_in")
    for name, value in (
        ("EMA TAO flow", wide.flows),
        ("excess TAO", wide.excess),
        ("miner burn", wide.miner_burn),
        ("block emission", wide.block_emission),
        ("network immunity period", wide.immunity_period),
    ):
        if value is None:
            notes.append(f"{name} unavailable on this runtime: recorded as unknown")
    return notes
