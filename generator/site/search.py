"""Full-text search: a Pagefind index of the latest edition's pages, built offline into `pagefind/`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.errors import BuildError

# The latest view only (top-level pages and profiles): archived editions hold the same subnets, and
# indexing them too would multiply the index and the build time for older copies of the same text.
GLOB = "{*.html,subnets/*.html}"
INDEX = "pagefind"


def pagefind_command(site: Path) -> list[str]:
    """The command that indexes `site` with the binary shipped by the `pagefind` package."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", GLOB, "--output-subdir", INDEX, "--silent"]


def index_site(site: Path) -> None:
    """Write the search index under `site`/pagefind, or fail the build with one line."""
    try:
        done = subprocess.run(pagefind_command(site), capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"{INDEX}: search index not built: {exc}") from exc
    if done.returncode != 0 or not (site / INDEX / "pagefind.js").is_file():
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise BuildError(f"{INDEX}: search index not built: {last[0]}")
    for unused in (site / INDEX).glob("pagefind-*ui.*"):  # the site draws its own results (assets/search.js)
        unused.unlink()
