"""Rewrite tests/expected/ from a fresh build of the embedded sample (a deliberate, reviewed change).

Usage: python scripts/update_expected.py

Builds the sample into a temporary folder exactly as the tests do, then stores the JSON API of every
edition under tests/expected/. Review `git diff tests/expected` before committing it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a source tree that is never pip-installed

from generator.build.run import BuildConfig, build  # noqa: E402
from tests.expected_data import EXPECTED, write_expected  # noqa: E402


def main() -> None:
    """Build the sample and store its API files as the expected copy."""
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        build(
            BuildConfig(
                snapshots=root / "none",
                content=ROOT / "content",
                templates=ROOT / "templates",
                output=root / "site",
                cache=root / "cache",
                jobs=2,
            )
        )
        written = write_expected(root / "site")
    size = sum(path.stat().st_size for path in written)
    print(f"wrote {len(written)} files ({size / 1e6:.2f} MB) to {EXPECTED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
