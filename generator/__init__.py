"""subnet-report: snapshots of the Bittensor chain turned into a versioned static website."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("subnet-report")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
