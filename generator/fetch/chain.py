"""Fetch one snapshot of every subnet from the live chain, all read at one pinned block.

Stages: connect (the backend only, without the SDK's token-symbol scan: `generator.fetch.connection`)
→ pin a finalized block (or the given one) → network-wide reads, a handful of round trips for all
subnets (`get_all_dynamic_info`, swap prices, EMA TAO flow, excess TAO, block emission, block
header) → every subnet's metagraph, concurrently under a semaphore on one client, each neuron table
laid out as it arrives; the market and code activity (`generator.fetch.sources`) start as soon as
the listing is in and run meanwhile → one `SnapshotDoc`. Every call has a timeout;
connection errors, timeouts and rate limiting are retried with backoff a bounded number of times
(`generator.fetch.calls`). Any failure ends as one `FetchError` line naming the network, block or
subnet; an endpoint URL's credentials never reach a message or the snapshot.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from bittensor import runtime_api as api

from generator.errors import FetchError, ReportError
from generator.fetch import records as chain_records
from generator.fetch.calls import FetchConfig, call_with_retry, cancel_all, describe
from generator.fetch.chainwide import (
    Chainwide,
    chainwide_warnings,
    finish_chainwide,
    read_part,
    start_chainwide,
    subnets_note,
)
from generator.fetch.connection import close, connect, make_client, network_error
from generator.fetch.sources import SourcesConfig, fetch_sources
from generator.fetch.summary import FetchResult, FetchSummary, neurons_part
from generator.model.endpoints import public_endpoint
from generator.model.files import prepare_folder
from generator.model.schema import SCHEMA_VERSION, MissingSubnet, NeuronTable, Part, Provenance, SnapshotDoc
from generator.model.snapshot import write_snapshot

__all__ = ["FetchConfig", "FetchResult", "FetchSummary", "fetch_chain", "fetch_snapshot", "fetch_to_folder"]

T = TypeVar("T")
Progress = Callable[[str, int, int], None]


Listed = Callable[[list[dict]], None]


def _noop(stage: str, done: int, total: int) -> None:
    """Ignore progress."""


def _ignore(dynamic: list[dict]) -> None:
    """Ignore the subnet listing."""


async def _metagraph(
    snap: Any, netuid: int, config: FetchConfig, gate: asyncio.Semaphore
) -> tuple[int, dict | Exception]:
    """Read one subnet's full metagraph (all uids; one runtime call) under the concurrency gate."""
    try:
        async with gate:
            graph = await call_with_retry(
                config, lambda: snap.runtime(api.SubnetInfoRuntimeApi.get_metagraph, [netuid])
            )
    except Exception as exc:  # reported per subnet by the caller
        return netuid, exc
    if not isinstance(graph, dict):
        return netuid, LookupError(f"no metagraph at block {snap.block} (deregistered after listing?)")
    return netuid, graph


SHAPE_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError, OverflowError)


def _shape_error(block: int, exc: Exception) -> FetchError:
    """Say that the chain answered something the snapshot schema cannot hold."""
    return FetchError(f"block {block}: the chain answered data of an unexpected shape: {describe(exc)}")


@dataclass
class _Metagraphs:
    """The metagraphs read (raw, for the subnet records), their neuron tables, and the subnets missed."""

    graphs: dict[int, dict]
    tables: dict[int, NeuronTable]
    missing: list[MissingSubnet]


async def _metagraphs(snap: Any, netuids: list[int], config: FetchConfig, progress: Progress) -> _Metagraphs:
    """Read every listed subnet's metagraph; fail on the first failure unless partial is allowed.

    Each neuron table is laid out as soon as its metagraph arrives, while later reads are in
    flight, instead of all of them after the last read.
    """
    gate = asyncio.Semaphore(config.concurrency)
    tasks = [asyncio.ensure_future(_metagraph(snap, n, config, gate)) for n in netuids]
    read = _Metagraphs(graphs={}, tables={}, missing=[])
    progress("metagraphs", 0, len(tasks))
    try:
        for done, future in enumerate(asyncio.as_completed(tasks), start=1):
            netuid, outcome = await future
            if isinstance(outcome, dict):
                await asyncio.sleep(0)  # let the reads the gate just let through go out first
                read.graphs[netuid] = outcome
                try:
                    read.tables[netuid] = chain_records.neuron_table(outcome)
                except SHAPE_ERRORS as exc:
                    raise _shape_error(snap.block, exc) from exc
            elif config.allow_partial:
                read.missing.append(MissingSubnet(netuid=netuid, reason=describe(outcome)))
            else:
                raise FetchError(
                    f"subnet {netuid}: could not read its metagraph at block {snap.block}: "
                    f"{describe(outcome)} (use --allow-partial to write the snapshot without it)"
                ) from outcome
            progress("metagraphs", done, len(tasks))
    finally:
        await cancel_all(tasks)
    read.missing.sort(key=lambda m: m.netuid)
    return read


def _provenance(client: Any, block: int, wide: Chainwide, read: int, missing: list[MissingSubnet]) -> Provenance:
    """Record where, when and how the chain parts were read (an endpoint's credentials left out)."""
    sdk = metadata.version("bittensor")
    network = public_endpoint(client.network)
    where = f"bittensor {sdk} Client({network!r}) at {public_endpoint(client.endpoint)}"
    source = f"{where}: SubnetInfoRuntimeApi.get_metagraph per subnet"
    return Provenance(
        network=network,
        block=block,
        block_hash=wide.block_hash,
        block_timestamp=wide.timestamp,
        spec_version=wide.spec_version,
        sdk_version=sdk,
        block_time_seconds=wide.block_time,
        block_emission_rao=wide.block_emission,
        network_immunity_period=wide.immunity_period,
        parts={
            "subnets": Part(
                obtained="captured",
                source=f"{where}: SubnetInfoRuntimeApi.get_all_dynamic_info, "
                "SwapRuntimeApi.current_alpha_price_all, SubnetEmaTaoFlow, SubnetExcessTao, MinerBurned",
                note=subnets_note(wide),
            ),
            "neurons": neurons_part(source, listed=read + len(missing), read=read, failed=len(missing)),
        },
        missing_subnets=missing,
    )


async def fetch_chain(
    config: FetchConfig, *, substrate: Any = None, progress: Progress = _noop, on_listing: Listed = _ignore
) -> FetchResult:
    """Read every subnet and its metagraph at one pinned block into a snapshot document.

    `on_listing` is given the subnet listing as soon as it is in, before the metagraphs are read.
    """
    started = time.monotonic()
    client, backend = make_client(config, substrate)
    try:
        await connect(backend, config)
        progress("connect", 1, 1)
        block: int  # the SDK client is untyped: its finalized block is an int
        if config.block is not None:
            block = config.block
        else:
            block = await _pinned_call(config, client.finalized_block, "finalized block")
        snap = await _pinned_call(config, lambda: client.at(block), f"block {block}")
        tasks = start_chainwide(client, snap, config, pinned_head=config.block is None)
        try:
            # Metagraphs start as soon as the listing is in; the other parts finish meanwhile.
            dynamic = await read_part(tasks, "dynamic info", block)
            progress("subnet listing", 1, 1)
            try:
                netuids = [int(d["netuid"]) for d in dynamic]
                on_listing(dynamic)
            except SHAPE_ERRORS as exc:  # the document would refuse the same records
                raise _shape_error(block, exc) from exc
            metagraphs = await _metagraphs(snap, netuids, config, progress)
            wide = await finish_chainwide(tasks, block)
        finally:
            await cancel_all(list(tasks.values()))
    finally:
        await close(client, config)
    try:
        doc = _document(client, block, wide, metagraphs)
    except SHAPE_ERRORS as exc:
        raise _shape_error(block, exc) from exc
    return FetchResult(doc=doc, warnings=chainwide_warnings(wide), seconds=time.monotonic() - started)


def _document(client: Any, block: int, wide: Chainwide, read: _Metagraphs) -> SnapshotDoc:
    """Turn the decoded chain answers into one validated snapshot document."""
    subnets = [
        chain_records.subnet_record(
            d,
            read.graphs.get(int(d["netuid"])),
            swap_prices=wide.swap_prices,
            flows=wide.flows,
            excess=wide.excess,
            miner_burn=wide.miner_burn,
        )
        for d in wide.dynamic
    ]
    return SnapshotDoc(
        schema_version=SCHEMA_VERSION,
        provenance=_provenance(client, block, wide, len(read.tables), read.missing),
        subnets=subnets,
        neurons=dict(sorted(read.tables.items())),
    )


async def _pinned_call(config: FetchConfig, factory: Callable[[], Awaitable[T]], what: str) -> T:
    """Run one required call, turning a final failure into a FetchError naming it."""
    try:
        return await call_with_retry(config, factory)
    except ReportError:
        raise
    except Exception as exc:
        raise network_error(config, f"could not read the {what}: ", describe(exc)) from exc


async def fetch_snapshot(
    config: FetchConfig,
    sources: SourcesConfig | None = None,
    *,
    substrate: Any = None,
    progress: Progress = _noop,
) -> FetchResult:
    """Fetch the chain at one block and, from its subnet listing on, the market and code sources meanwhile.

    The sources start as soon as the listing names each subnet's repository, so their HTTP requests
    overlap the metagraph reads; they are cancelled if the chain part fails.
    """
    if sources is None:
        return await fetch_chain(config, substrate=substrate, progress=progress)
    started: list[asyncio.Task] = []

    def start_sources(dynamic: list[dict]) -> None:
        """Start reading the price and the listed repositories, at the time they are read."""
        repos = chain_records.listed_repos(dynamic)
        started.append(asyncio.ensure_future(fetch_sources(sources, repos, datetime.now(UTC))))

    try:
        result = await fetch_chain(config, substrate=substrate, progress=progress, on_listing=start_sources)
        progress("market and code sources", 0, 1)
        [sources_task] = started  # a finished chain part always listed its subnets first
        extra = await sources_task
        progress("market and code sources", 1, 1)
    finally:
        await cancel_all(started)
    doc = result.doc
    parts = doc.provenance.parts | extra.parts
    result.doc = doc.model_copy(
        update={
            "provenance": doc.provenance.model_copy(update={"parts": parts}),
            "price_usd": extra.price_usd,
            "code_activity": extra.code_activity,
        }
    )
    result.warnings.extend(extra.warnings)
    return result


def fetch_to_folder(
    config: FetchConfig,
    out: Path,
    sources: SourcesConfig | None = None,
    *,
    substrate: Any = None,
    progress: Progress = _noop,
) -> FetchSummary:
    """Fetch a snapshot and write it as a new file in `out` (blocking wrapper)."""
    started = time.monotonic()
    prepare_folder(out)  # a folder we cannot write to fails now, not after the whole fetch
    try:
        result = asyncio.run(fetch_snapshot(config, sources, substrate=substrate, progress=progress))
    except ReportError:
        raise
    except Exception as exc:  # anything unforeseen still ends as one line naming the network
        raise network_error(config, "the fetch failed: ", describe(exc)) from exc
    path = write_snapshot(result.doc, out)
    result.seconds = time.monotonic() - started
    return FetchSummary(path=path, result=result)
