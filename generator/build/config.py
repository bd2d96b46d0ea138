"""What one build reads and writes: the typed configuration every build step takes its settings from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildConfig:
    """Where the build reads and writes, and the URL the site is published at.

    `base_url` travels one way: the command line checks it, this field carries it, and each page's
    `site.context.View` gets it from here (canonical links, Open Graph, feeds, sitemap).
    """

    snapshots: Path
    content: Path
    templates: Path
    output: Path
    cache: Path
    jobs: int = 2
    base_url: str = ""  # absolute URL the site is published at, ending in "/"; "" for none
