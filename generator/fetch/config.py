"""Where the fetch reads the market and code sources: plain settings, cheap to import (the CLI uses them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_PRICE_URL = "https://api.coingecko.com/api/v3"
DEFAULT_GITHUB_URL = "https://api.github.com"


@dataclass(frozen=True)
class SourcesConfig:
    """Where and how to read the market and code sources (a URL of None skips that source)."""

    price_url: str | None = DEFAULT_PRICE_URL
    github_url: str | None = DEFAULT_GITHUB_URL
    github_token: str | None = None
    cache_dir: Path | None = None
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    max_rate_wait: float = 60.0
    concurrency: int = 4
