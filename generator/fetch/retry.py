"""The fetch's one retry policy, for chain calls and HTTP sources alike: a bounded number of
attempts, exponential backoff capped at a maximum wait, and never shorter than the server's own
hint (a rate limiter's `retry_after`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

log = logging.getLogger(__name__)

Hint = Callable[[BaseException | None], float | None]


def _no_hint(error: BaseException | None) -> float | None:
    """No server hint: back off exponentially only."""
    return None


def wait_strategy(backoff: float, max_wait: float, hint: Hint = _no_hint) -> Callable[[Any], float]:
    """Exponential backoff, but never shorter than the server's hint, and never longer than `max_wait`."""
    exponential = wait_exponential(multiplier=backoff, max=max_wait)

    def wait(state: Any) -> float:
        hinted = hint(state.outcome.exception())
        delay = exponential(state)
        return min(max(delay, hinted), max_wait) if hinted is not None else delay

    return wait


def _log_retry(state: Any) -> None:
    """Say at debug level which call is retried after what."""
    log.debug("retrying after %s (attempt %d)", state.outcome.exception(), state.attempt_number)


def retrying(
    retries: int,
    backoff: float,
    max_wait: float,
    retry_on: tuple[type[BaseException], ...],
    hint: Hint = _no_hint,
) -> AsyncRetrying:
    """Return the retry loop for one call: `retries` retries after the first attempt, then the last error."""
    return AsyncRetrying(
        stop=stop_after_attempt(retries + 1),
        wait=wait_strategy(backoff, max_wait, hint),
        retry=retry_if_exception_type(retry_on),
        before_sleep=_log_retry,
        reraise=True,
    )
