"""The committed expected copy of the sample's open data, and a readable diff against a build.

`tests/expected/` holds the JSON API of every edition of the embedded sample (`api/v1/editions.json`
and `api/v1/editions/<id>/subnets.json`, `owners.json`, `risk.json`), pretty-printed so a deliberate change reviews as a text
diff. `python scripts/update_expected.py` rewrites it from a fresh build.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

EXPECTED = Path(__file__).resolve().parent / "expected"
MAX_REPORTED = 25
REGENERATE = "python scripts/update_expected.py"


def api_files(site: Path) -> list[Path]:
    """List the API JSON files of every edition of a built site, relative to it, sorted."""
    root = site / "api" / "v1"
    tables = ("subnets.json", "owners.json", "risk.json")
    files = [root / "editions.json", *sorted(p for name in tables for p in (root / "editions").glob(f"*/{name}"))]
    return [path.relative_to(site) for path in files if path.is_file()]


def pretty(document: object) -> str:
    """Serialise a JSON document the one way the expected copy is stored."""
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_expected(site: Path, expected: Path = EXPECTED) -> list[Path]:
    """Replace the expected copy with the API files of `site`; return the files written."""
    for old in sorted(expected.rglob("*.json")):
        old.unlink()
    written = []
    for relative in api_files(site):
        target = expected / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(pretty(json.loads((site / relative).read_text(encoding="utf-8"))), encoding="utf-8")
        written.append(target)
    return written


def _same_value(a: object, b: object) -> bool:
    """Compare two JSON scalars of one type; floats equal to 12 significant digits (libm noise)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    return a == b


def differences(expected: object, actual: object, where: str = "") -> Iterator[str]:
    """Yield one line per difference between two JSON documents, naming its path."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual), key=str):
            path = f"{where}.{key}"
            if key not in actual:
                yield f"{path}: missing (expected {json.dumps(expected[key])[:80]})"
            elif key not in expected:
                yield f"{path}: unexpected new field = {json.dumps(actual[key])[:80]}"
            else:
                yield from differences(expected[key], actual[key], path)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            yield f"{where}: {len(actual)} items, expected {len(expected)}"
        for index, (old, new) in enumerate(zip(expected, actual)):
            label = old.get("netuid", index) if isinstance(old, dict) else index
            yield from differences(old, new, f"{where}[{label}]")
    elif not _same_value(expected, actual):
        yield f"{where}: {json.dumps(actual)[:80]}, expected {json.dumps(expected)[:80]}"


def compare(site: Path, expected: Path = EXPECTED) -> list[str]:
    """Return every difference between a built site's API files and the expected copy."""
    built = {str(p) for p in api_files(site)}
    stored = {str(p.relative_to(expected)) for p in expected.rglob("*.json")}
    problems = [f"{name}: not in the expected copy" for name in sorted(built - stored)]
    problems += [f"{name}: expected but not built" for name in sorted(stored - built)]
    for name in sorted(built & stored):
        old = json.loads((expected / name).read_text(encoding="utf-8"))
        new = json.loads((site / name).read_text(encoding="utf-8"))
        problems += [f"{name}{line}" for line in differences(old, new)]
    return problems


def report(problems: list[str]) -> str:
    """Say what differs, at most MAX_REPORTED lines, and how to accept a deliberate change."""
    shown = problems[:MAX_REPORTED]
    more = len(problems) - len(shown)
    tail = [f"... and {more} more"] if more else []
    return "\n".join(
        [
            f"{len(problems)} difference(s) from tests/expected/:",
            *shown,
            *tail,
            f"If the change is deliberate, run `{REGENERATE}` and review the diff.",
        ]
    )
