"""Market and code-activity sources: TAO/USD price and each subnet's GitHub activity.

Neither ever fails the chain snapshot: an unavailable price is recorded as unknown (with a
warning), and a repository that cannot be read gets a status (`not_found`, `rate_limited`,
`error`, or `skipped` once its host proved unreachable) instead of numbers. The provenance part of
each source counts what was really obtained; a source that gave nothing is `unknown`, with why.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypedDict

import httpx

from generator.fetch.config import DEFAULT_GITHUB_URL, DEFAULT_PRICE_URL, SourcesConfig  # noqa: F401 (re-exported)
from generator.fetch.http_cache import (
    DiskCache,
    HostUnreachable,
    JsonClient,
    JsonResponse,
    RateLimited,
    SourceError,
    Unreachable,
)
from generator.model.repos import normalise_repo
from generator.model.schema import Part, PriceUSD, RepoActivity

PRICE_PATH = "/simple/price?ids=bittensor&vs_currencies=usd&include_last_updated_at=true"
MAX_COMMIT_PAGES = 10


@dataclass
class SourcesResult:
    """What the sources gave, the provenance parts to record and any warnings."""

    price_usd: PriceUSD | None = None
    code_activity: dict[int, RepoActivity] | None = None
    parts: dict[str, Part] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


async def fetch_price_usd(client: JsonClient, base_url: str, now: datetime) -> tuple[PriceUSD | None, str | None]:
    """Read TAO/USD from a CoinGecko-style API; return (price, None) or (None, warning)."""
    url = base_url.rstrip("/") + PRICE_PATH
    try:
        answer = await client.get(url)
    except SourceError as exc:
        return None, f"TAO/USD price unavailable ({exc}): recorded as unknown"
    try:
        entry = answer.body["bittensor"]
        price = float(entry["usd"])
        if not math.isfinite(price):
            raise ValueError("price is not a finite number")
        stamp = entry.get("last_updated_at")
        as_of = datetime.fromtimestamp(float(stamp), tz=UTC) if stamp else now
        return PriceUSD(tao_usd=price, source=url, as_of=as_of), None
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError) as exc:
        return None, f"TAO/USD price unavailable ({url}: unexpected answer {type(exc).__name__}): recorded as unknown"


def _commit_fields(item: dict) -> tuple[datetime, str] | None:
    """Return a listed commit's date and author identity, or None if malformed."""
    commit = item.get("commit") or {}
    who = commit.get("author") or commit.get("committer") or {}
    stamp = who.get("date")
    if not stamp:
        return None
    author = (item.get("author") or {}).get("login") or who.get("email") or who.get("name") or "?"
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")), author


def _next_link(link: str | None, api: str) -> str | None:
    """Find the rel="next" URL of a Link header; one pointing away from the API is not followed."""
    for part in (link or "").split(","):
        if 'rel="next"' in part:
            url = part.split(";")[0].strip().strip("<>")
            return url if url.startswith(api.rstrip("/") + "/") else None
    return None


async def _commits(client: JsonClient, api: str, repo: str, now: datetime) -> list[tuple[datetime, str]]:
    """List commits of the last 90 days, newest first (stable URLs, so pages revalidate by ETag)."""
    since = now - timedelta(days=90)
    url: str | None = f"{api}/repos/{repo}/commits?per_page=100"
    found: list[tuple[datetime, str]] = []
    for _ in range(MAX_COMMIT_PAGES):
        if url is None:
            break
        answer = await client.get(url)
        if answer.status != 200 or not isinstance(answer.body, list):
            break  # 409: empty repository
        rows = [r for r in (_commit_fields(i) for i in answer.body if isinstance(i, dict)) if r]
        found.extend(r for r in rows if r[0] >= since)
        if not rows or min(r[0] for r in rows) < since:
            break
        url = _next_link(answer.link, api)
    return found


class _ActivityCounts(TypedDict):
    """Commits and distinct authors over 30 and 90 days, as RepoActivity names them."""

    commits_30d: int
    commits_90d: int
    authors_30d: int
    authors_90d: int


def _activity_counts(commits: list[tuple[datetime, str]], now: datetime) -> _ActivityCounts:
    """Count commits and distinct authors over 30 and 90 days."""
    recent = [c for c in commits if c[0] >= now - timedelta(days=30)]
    return {
        "commits_30d": len(recent),
        "commits_90d": len(commits),
        "authors_30d": len({a for _, a in recent}),
        "authors_90d": len({a for _, a in commits}),
    }


def _parse_time(value: object) -> datetime | None:
    """Parse a GitHub timestamp, or None."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) and value else None


async def repo_activity(client: JsonClient, api: str, repo: str, now: datetime) -> RepoActivity:
    """Read one repository's metadata, latest release and recent commits."""
    try:
        meta = await client.get(f"{api}/repos/{repo}")
        if meta.status != 200 or not isinstance(meta.body, dict):
            return RepoActivity(repo=repo, status="not_found")
        release = await client.get(f"{api}/repos/{repo}/releases/latest")
        commits = await _commits(client, api, repo, now)
    except RateLimited:
        return RepoActivity(repo=repo, status="rate_limited")
    except HostUnreachable as exc:
        return RepoActivity(repo=repo, status="error" if exc.attempted else "skipped")
    except (SourceError, ValueError, TypeError, AttributeError):  # ValueError: also malformed dates
        return RepoActivity(repo=repo, status="error")
    try:
        return _activity(repo, meta.body, release, commits, now)
    except (ValueError, TypeError, AttributeError):  # an answer of unexpected shape or type
        return RepoActivity(repo=repo, status="error")


def _activity(
    repo: str, meta: dict, release: JsonResponse, commits: list[tuple[datetime, str]], now: datetime
) -> RepoActivity:
    """Build one repository's record from its answers."""
    latest = release.body if release.status == 200 and isinstance(release.body, dict) else {}
    return RepoActivity(
        repo=repo,
        stars=meta.get("stargazers_count"),
        archived=meta.get("archived"),
        last_push=_parse_time(meta.get("pushed_at")),
        latest_release=latest.get("tag_name"),
        latest_release_at=_parse_time(latest.get("published_at")),
        **_activity_counts(commits, now),
    )


async def fetch_code_activity(
    client: JsonClient, api: str, repos: dict[int, str], now: datetime, concurrency: int
) -> dict[int, RepoActivity]:
    """Read each distinct repository once and give every subnet naming it the result."""
    gate = asyncio.Semaphore(concurrency)

    async def one(repo: str) -> RepoActivity:
        async with gate:
            return await repo_activity(client, api.rstrip("/"), repo, now)

    distinct = sorted(set(repos.values()))
    results = dict(zip(distinct, await asyncio.gather(*(one(r) for r in distinct))))
    return {netuid: results[repo] for netuid, repo in sorted(repos.items())}


def _http_client(config: SourcesConfig, github: bool) -> httpx.AsyncClient:
    """Make an HTTP client with timeouts (and the GitHub token and headers when asked)."""
    headers = {"User-Agent": "subnet-report"}
    if github:
        headers["Accept"] = "application/vnd.github+json"
        if config.github_token:
            headers["Authorization"] = f"Bearer {config.github_token}"
    return httpx.AsyncClient(timeout=config.timeout, headers=headers, follow_redirects=True)


def _json_client(http: httpx.AsyncClient, config: SourcesConfig, sub: str, unreachable: Unreachable) -> JsonClient:
    """Wrap an HTTP client with the cache folder `sub`, the retry policy and the hosts given up."""
    folder = config.cache_dir / sub if config.cache_dir is not None else None
    return JsonClient(
        http,
        DiskCache(folder),
        retries=config.retries,
        backoff=config.backoff,
        max_rate_wait=config.max_rate_wait,
        unreachable=unreachable,
    )


def code_tally(activity: dict[int, RepoActivity]) -> str:
    """Count subnets by how their repository was read: `3 read, 1 not found, 2 failed, 5 skipped`."""
    counts = Counter(a.status for a in activity.values())
    skipped = counts["skipped"] + counts["rate_limited"]
    return (
        f"{len(activity)} subnets naming a GitHub repository: {counts['ok']} read, "
        f"{counts['not_found']} not found, {counts['error']} failed, {skipped} skipped"
    )


def code_part(config: SourcesConfig, activity: dict[int, RepoActivity], unreachable: Unreachable) -> Part:
    """Record what the code source really gave; no repository answered at all means unknown."""
    source = (config.github_url or "").rstrip("/")
    tally = code_tally(activity)
    answered = sum(a.status in ("ok", "not_found") for a in activity.values())
    if activity and not answered:
        why = unreachable.hosts.get(Unreachable.host(source))
        down = f"; {Unreachable.host(source)} unreachable: {why}" if why else ""
        return Part(obtained="unknown", source=source, reason=f"no repository could be read ({tally}){down}")
    note = f"{tally}; conditional requests (ETag)" + ("" if config.github_token else ", unauthenticated")
    return Part(obtained="captured", source=source, note=note)


def code_warnings(api: str, activity: dict[int, RepoActivity], unreachable: Unreachable) -> list[str]:
    """Warn once if the host was given up and once for the rate limit, saying what was left out."""
    warnings = []
    host = Unreachable.host(api)
    if host in unreachable.hosts:
        skipped = sum(a.status == "skipped" for a in activity.values())
        warnings.append(
            f"GitHub host {host} unreachable ({unreachable.hosts[host]}): given up for this run, "
            f"code activity not fetched for {skipped} more subnets"
        )
    limited = sorted(n for n, a in activity.items() if a.status == "rate_limited")
    if limited:
        warnings.append(f"GitHub rate limit reached: code activity not fetched for subnets {limited}")
    return warnings


async def _price(
    config: SourcesConfig, base_url: str, now: datetime, unreachable: Unreachable, result: SourcesResult
) -> None:
    """Read the TAO/USD price into the result, recording an unknown part with the reason on failure."""
    async with _http_client(config, github=False) as http:
        price, warning = await fetch_price_usd(_json_client(http, config, "price", unreachable), base_url, now)
    result.price_usd = price
    source = base_url.rstrip("/") + PRICE_PATH
    result.parts["price_usd"] = (
        Part(obtained="captured", source=price.source)
        if price is not None
        else Part(obtained="unknown", source=source, reason=warning or "no price")
    )
    if warning:
        result.warnings.append(warning)


async def fetch_sources(config: SourcesConfig, repos_by_netuid: dict[int, str | None], now: datetime) -> SourcesResult:
    """Read the TAO/USD price and the code activity of every subnet naming a GitHub repo."""
    result = SourcesResult()
    unreachable = Unreachable()
    if config.price_url:
        await _price(config, config.price_url, now, unreachable, result)
    if config.github_url:
        repos = {n: r for n, r in ((n, normalise_repo(t)) for n, t in repos_by_netuid.items()) if r}
        async with _http_client(config, github=True) as http:
            client = _json_client(http, config, "github", unreachable)
            result.code_activity = await fetch_code_activity(client, config.github_url, repos, now, config.concurrency)
        result.parts["code_activity"] = code_part(config, result.code_activity, unreachable)
        result.warnings.extend(code_warnings(config.github_url, result.code_activity, unreachable))
    return result
