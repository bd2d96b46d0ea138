"""The fetch's one chain connection: the SDK's own RPC backend, opened without the token-symbol scan.

`bittensor.Client.connect()` opens its backend and then, unless a 7-day disk cache is fresh (never
on a fresh CI runner), scans the `TokenSymbol` map at head so that typed balances print with each
subnet's symbol: four sequential round trips on 129 subnets, before the block can even be pinned.
The fetch never renders a balance (it reads raw runtime structs, and symbols come from
`get_all_dynamic_info`), so it builds the backend `Client` would build (`bittensor.RpcSubstrate` on
the network's default fallback and archive pools), opens that backend itself and hands it to the
client through the SDK's `substrate=` seam. The snapshot is the same; the scan is simply not made.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import bittensor as bt
from bittensor.settings import default_archive_endpoints, default_fallback_endpoints, resolve_endpoint

from generator.errors import FetchError
from generator.fetch.calls import FetchConfig, call_with_retry, describe
from generator.model.endpoints import public_endpoint


def network_error(config: FetchConfig, what: str, detail: str) -> FetchError:
    """Name the network in an error; the endpoint's credentials are left out, also from the detail."""
    network = public_endpoint(config.network)
    return FetchError(f"network {network}: {what}{detail.replace(config.network, network)}")


def rpc_backend(network: str) -> Any:
    """Build the RPC backend `bittensor.Client(network)` would build, with the same endpoint pools."""
    label, endpoint = resolve_endpoint(network)
    fallbacks = [url for url in default_fallback_endpoints(label) if url != endpoint]
    return bt.RpcSubstrate(endpoint, fallback_endpoints=fallbacks, archive_endpoints=default_archive_endpoints(label))


def make_client(config: FetchConfig, substrate: Any = None) -> tuple[Any, Any]:
    """Return a client and its backend (the RPC one unless a backend is given, as tests do)."""
    try:
        backend = substrate if substrate is not None else rpc_backend(config.network)
        return bt.Client(config.network, substrate=backend), backend
    except ValueError as exc:  # an unknown network name
        raise network_error(config, "", str(exc)) from exc


async def connect(backend: Any, config: FetchConfig) -> None:
    """Open the backend, retrying refusals and dropped handshakes (SDK gotcha 9)."""
    try:
        await call_with_retry(config, backend.connect)
    except Exception as exc:  # RETRYABLE after the retries, or what a bad endpoint raises at once
        raise network_error(config, "could not connect: ", describe(exc)) from exc


async def close(client: Any, config: FetchConfig) -> None:
    """Close the client without ever hanging the fetch on it (SDK gotcha 8)."""
    with contextlib.suppress(Exception, asyncio.TimeoutError):
        await asyncio.wait_for(client.close(), config.close_timeout)
