"""How the fetch calls the chain: one config, timeouts, bounded retries with backoff, cancellation.

Every chain call runs under `asyncio.wait_for` (the SDK has no per-call timeout); connection
errors, timeouts and rate-limit refusals are retried a bounded number of times, never shorter
than a rate limiter's `retry_after`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from bittensor.result import RpcConnectionError, RpcPolicyError

from generator.fetch.retry import retrying

T = TypeVar("T")
RETRYABLE = (RpcConnectionError, asyncio.TimeoutError)
MAX_DETAIL = 300  # characters of an error's own text kept in a one-line message


@dataclass(frozen=True)
class FetchConfig:
    """Everything that shapes one chain fetch."""

    network: str = "finney"
    block: int | None = None
    concurrency: int = 64  # 129 metagraphs in 3 waves; a rate limit's retry_after is honoured (README)
    timeout: float = 60.0
    retries: int = 4
    backoff: float = 1.0
    max_wait: float = 120.0
    allow_partial: bool = False
    close_timeout: float = 10.0


def retry_after_seconds(error: BaseException | None) -> float | None:
    """Read the server's `retry_after` hint from a rate-limit refusal, in seconds."""
    if not isinstance(error, RpcPolicyError) or error.retry_after is None:
        return None
    try:
        return max(0.0, float(error.retry_after))
    except (TypeError, ValueError):
        return None


async def call_with_retry(
    config: FetchConfig, factory: Callable[[], Awaitable[T]], retry_on: tuple[type[BaseException], ...] = RETRYABLE
) -> T:
    """Run one chain call with a timeout, retrying transport failures with backoff."""
    policy = retrying(config.retries, config.backoff, config.max_wait, retry_on, hint=retry_after_seconds)
    async for attempt in policy:
        with attempt:
            return await asyncio.wait_for(factory(), config.timeout)
    raise AssertionError("unreachable: tenacity re-raises the last error")


async def optional(config: FetchConfig, factory: Callable[[], Awaitable[T]]) -> T | None:
    """Read a part the runtime may not have; the SDK raises ValueError for unknown items."""
    try:
        return await call_with_retry(config, factory)
    except ValueError:
        return None


def describe(error: BaseException) -> str:
    """Say what went wrong in one line."""
    if isinstance(error, asyncio.TimeoutError):
        return "timed out"
    if isinstance(error, RpcPolicyError):
        return f"rate limited by the RPC endpoint: {error}"
    text = " ".join(str(error).split())
    text = text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


async def cancel_all(tasks: list[asyncio.Task]) -> None:
    """Cancel and await unfinished tasks so the client can close cleanly (SDK gotcha 8)."""
    for task in tasks:
        if not task.done():
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
