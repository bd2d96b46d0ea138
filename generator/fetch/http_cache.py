"""JSON over HTTP for the market and code sources: ETag cache, conditional requests, rate limits.

Responses carrying an ETag are kept on disk (one small JSON file per URL) and the next request for
the URL sends `If-None-Match`, so a weekly refresh of unchanged data costs a 304 each (GitHub does
not count those against the rate limit). Rate-limit headers are honoured: a short wait is slept
through, a long one stops every later request cleanly with `RateLimited`. A host that cannot be
reached at all (DNS failure, refused connection, connect timeout) is given up for the rest of the run
after its first failing request: every later request to it fails at once with `HostUnreachable`.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import hashlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from generator.fetch.retry import retrying

log = logging.getLogger(__name__)
MAX_RETRY_WAIT = 30.0  # seconds between two attempts at most (an HTTP source is optional)


class SourceError(Exception):
    """A source answered badly (server error, malformed JSON, timeout...)."""


class RateLimited(SourceError):
    """The source's rate limit is exhausted for longer than we are willing to wait."""


class HostUnreachable(SourceError):
    """The source's host could not be reached; it is not tried again in this run."""

    def __init__(self, message: str, *, attempted: bool) -> None:
        super().__init__(message)
        self.attempted = attempted  # False: refused at once, the host was given up before


class Unreachable:
    """The hosts given up for the rest of the run, each with the failure that made us give up."""

    def __init__(self) -> None:
        self.hosts: dict[str, str] = {}

    @staticmethod
    def host(url: str) -> str:
        """Return the host (and port) a URL connects to."""
        parts = urlsplit(url)
        return parts.netloc.rpartition("@")[2] or url

    def check(self, url: str) -> None:
        """Fail at once when the URL's host was already given up."""
        host = self.host(url)
        if host in self.hosts:
            raise HostUnreachable(f"{host} unreachable ({self.hosts[host]})", attempted=False)

    def give_up(self, url: str, reason: str) -> HostUnreachable:
        """Record a host as unreachable (the first reason wins) and return the error to raise."""
        self.hosts.setdefault(self.host(url), reason)
        return HostUnreachable(f"{self.host(url)} unreachable ({self.hosts[self.host(url)]})", attempted=True)


@dataclass
class JsonResponse:
    """A decoded JSON answer (fresh or revalidated from the cache)."""

    status: int
    body: Any
    link: str | None = None
    from_cache: bool = False


class DiskCache:
    """ETag-tagged response bodies on disk, keyed by URL."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None

    def _path(self, url: str) -> Path | None:
        """Name the cache file of one URL."""
        if self.folder is None:
            return None
        return self.folder / (hashlib.sha256(url.encode()).hexdigest() + ".json")

    def get(self, url: str) -> dict | None:
        """Return the cached entry for a URL, or None (a damaged entry counts as none)."""
        path = self._path(url)
        if path is None or not path.is_file():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.debug("%s: cache entry unreadable, fetching again: %s", path, exc)
            return None
        return entry if isinstance(entry, dict) and "etag" in entry else None

    def put(self, url: str, etag: str, body: Any, link: str | None) -> None:
        """Store a body with its ETag atomically (best effort: a full disk only loses the cache)."""
        path = self._path(url)
        if path is None:
            return
        temp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"url": url, "etag": etag, "link": link, "body": body}, handle)
            os.replace(temp, path)
            temp = None
        except OSError as exc:
            log.debug("%s: cache entry not written: %s", path, exc)
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)


def rate_limit_wait(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds a rate-limited response asks us to wait, or None if it is no rate limit."""
    headers = response.headers
    if response.status_code not in (403, 429):
        return None
    retry_after = headers.get("retry-after")
    if retry_after is not None:
        return _parse_retry_after(retry_after, now)
    if headers.get("x-ratelimit-remaining") == "0":
        return _until_reset(headers, now)
    return 0.0 if response.status_code == 429 else None


def _parse_retry_after(value: str, now: float | None) -> float:
    """Parse Retry-After as seconds or an HTTP date."""
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - (now if now is not None else time.time()))


def _until_reset(headers: httpx.Headers, now: float | None) -> float:
    """Seconds until `x-ratelimit-reset` (epoch seconds); unknown means a long wait."""
    try:
        reset = float(headers["x-ratelimit-reset"])
    except (KeyError, ValueError):
        return float("inf")
    return max(0.0, reset - (now if now is not None else time.time()))


class JsonClient:
    """GET JSON with retries on server errors, conditional requests and rate-limit handling."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        cache: DiskCache,
        *,
        retries: int = 2,
        backoff: float = 1.0,
        max_rate_wait: float = 60.0,
        unreachable: Unreachable | None = None,
    ) -> None:
        self.http = http
        self.unreachable = unreachable if unreachable is not None else Unreachable()
        self.cache = cache
        self.retries = retries
        self.backoff = backoff
        self.max_rate_wait = max_rate_wait
        self.stopped_reason: str | None = None
        self._reset_wait: float | None = None
        self._lock = asyncio.Lock()

    async def get(self, url: str) -> JsonResponse:
        """GET one URL as JSON; 304 answers come from the cache, 404/409/410 are returned as-is."""
        try:
            async for attempt in retrying(self.retries, self.backoff, MAX_RETRY_WAIT, (_Transient,)):
                with attempt:
                    return await self._get_once(url)
        except _NoConnection as exc:
            raise self.unreachable.give_up(url, exc.reason) from None
        except _Transient as exc:
            raise SourceError(str(exc)) from None
        raise AssertionError("unreachable: tenacity re-raises the last error")

    async def _get_once(self, url: str) -> JsonResponse:
        """Send one (conditional) request, sleeping through a short rate-limit wait once."""
        for _ in range(2):
            self.unreachable.check(url)
            await self._respect_budget()
            cached = self.cache.get(url)
            headers = {"If-None-Match": cached["etag"]} if cached else {}
            try:
                response = await self.http.get(url, headers=headers)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
                raise _NoConnection(_one_line(exc)) from None
            except httpx.InvalidURL as exc:
                raise SourceError(f"{url}: invalid URL: {exc}") from None
            except httpx.TimeoutException:
                raise _Transient(f"{url}: timed out") from None
            except httpx.TransportError as exc:
                raise _Transient(f"{url}: {_one_line(exc)}") from None
            wait = rate_limit_wait(response)
            if wait is None:
                self._note_budget(response)
                return self._decode(url, response, cached)
            await self._wait_or_stop(url, wait)
        raise RateLimited(f"{url}: still rate limited after waiting")

    async def _respect_budget(self) -> None:
        """Stop, or wait for the reset, once a previous answer said the budget is spent."""
        if self.stopped_reason is not None:
            raise RateLimited(self.stopped_reason)
        async with self._lock:
            wait, self._reset_wait = self._reset_wait, None
        if wait:
            await self._wait_or_stop("rate-limit budget", wait)

    def _note_budget(self, response: httpx.Response) -> None:
        """Remember when a successful answer said no requests are left."""
        if response.headers.get("x-ratelimit-remaining") == "0":
            self._reset_wait = _until_reset(response.headers, None)

    async def _wait_or_stop(self, url: str, wait: float) -> None:
        """Sleep through a short rate-limit wait; give up cleanly on a long one."""
        if wait > self.max_rate_wait:
            self.stopped_reason = f"rate limited ({url}); the limit resets in {wait:.0f} s"
            raise RateLimited(self.stopped_reason)
        await asyncio.sleep(wait)

    def _decode(self, url: str, response: httpx.Response, cached: dict | None) -> JsonResponse:
        """Turn a response into JSON, using the cache for 304 and storing fresh ETags."""
        status = response.status_code
        if status == 304 and cached is not None:
            return JsonResponse(200, cached["body"], cached.get("link"), from_cache=True)
        if status >= 500 or status == 304:
            raise _Transient(f"{url}: HTTP {status}")
        if status in (404, 409, 410):
            return JsonResponse(status, None)
        if status >= 400:
            raise SourceError(f"{url}: HTTP {status}")
        try:
            body = response.json()
        except ValueError:
            raise SourceError(f"{url}: malformed JSON") from None
        link = response.headers.get("link")
        etag = response.headers.get("etag")
        if etag:
            self.cache.put(url, etag, body, link)
        return JsonResponse(status, body, link)


class _Transient(Exception):
    """A failure worth retrying (5xx, timeout, dropped connection)."""


class _NoConnection(_Transient):
    """No connection could be opened to the host (retried, then the host is given up)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _one_line(error: Exception) -> str:
    """Name an HTTP transport error in one line."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
