"""`subnet-report fetch`: write a new snapshot of every subnet from the live network."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.fetch.config import DEFAULT_GITHUB_URL, DEFAULT_PRICE_URL, SourcesConfig


def fetch_to_folder(*args, **kwargs):
    """Run the fetch; the SDK is imported only here, so `build` and `--help` start fast."""
    from generator.fetch.chain import fetch_to_folder as run

    return run(*args, **kwargs)


def _default_cache_dir() -> Path:
    """Return the HTTP cache folder (XDG cache home)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "subnet-report" / "http"


class _StageProgress:
    """Print `stage: done/total` on a terminal, or one line per finished stage elsewhere."""

    def __init__(self, live: bool) -> None:
        self.live = live

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.live:
            end = "\n" if done >= total else ""
            click.echo(f"\r{stage}: {done}/{total}", err=True, nl=False)
            click.echo(end, err=True, nl=False)
        elif done >= total:
            click.echo(f"{stage}: {done}/{total}", err=True)


@click.command("fetch")
@click.option(
    "--network",
    envvar="SUBNET_REPORT_NETWORK",
    default="finney",
    show_default=True,
    help="finney, archive, test, local or a ws(s):// URL (env SUBNET_REPORT_NETWORK).",
)
@click.option(
    "--block", type=click.IntRange(min=0), default=None, help="Read at this block instead of the latest finalized one."
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("snapshots"),
    show_default=True,
    help="Folder for the new snapshot file.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="Metagraphs read at once on the one connection.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds allowed for each chain call.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=4,
    show_default=True,
    help="Retries of a call after connection errors, timeouts or rate limiting.",
)
@click.option(
    "--allow-partial",
    is_flag=True,
    help="Write the snapshot even if some subnets fail (listed in provenance.missing_subnets).",
)
@click.option(
    "--price-url",
    envvar="SUBNET_REPORT_PRICE_URL",
    default=DEFAULT_PRICE_URL,
    show_default=True,
    help="CoinGecko-style API base for the TAO/USD price.",
)
@click.option(
    "--github-url",
    envvar="SUBNET_REPORT_GITHUB_URL",
    default=DEFAULT_GITHUB_URL,
    show_default=True,
    help="GitHub REST API base (GITHUB_TOKEN is used when set).",
)
@click.option("--no-market", is_flag=True, help="Skip the TAO/USD price.")
@click.option("--no-code", is_flag=True, help="Skip GitHub code activity.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="HTTP ETag cache folder [default: ~/.cache/subnet-report/http].",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress and no summary; print only the file written.")
def fetch_command(
    network: str,
    block: int | None,
    out: Path,
    concurrency: int,
    timeout: float,
    retries: int,
    allow_partial: bool,
    price_url: str,
    github_url: str,
    no_market: bool,
    no_code: bool,
    cache_dir: Path | None,
    quiet: bool,
) -> None:
    """Read every subnet at one finalized block and write a new snapshot file."""
    from generator.fetch.chain import FetchConfig

    config = FetchConfig(
        network=network,
        block=block,
        concurrency=concurrency,
        timeout=timeout,
        retries=retries,
        allow_partial=allow_partial,
    )
    sources = SourcesConfig(
        price_url=None if no_market else price_url,
        github_url=None if no_code else github_url,
        github_token=os.environ.get("GITHUB_TOKEN") or None,
        cache_dir=cache_dir or _default_cache_dir(),
    )
    quiet = quiet or bool(os.environ.get("CI"))
    progress = _StageProgress(live=sys.stderr.isatty()) if not quiet else (lambda *_: None)
    summary = fetch_to_folder(config, out, sources, progress=progress)
    for warning in summary.result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if quiet:
        click.echo(str(summary.path))
        return
    click.echo("\n".join(summary.lines()))
