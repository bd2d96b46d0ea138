"""One-line messages for snapshot files that fail validation: the file, then each field at fault.

Locations may hold an attacker's keys (an unknown field's name), so they are cleaned and cut.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from generator.safety import clean_text

MAX_LISTED_PROBLEMS = 5


def _location(loc: tuple, doc: object) -> str:
    """Turn a pydantic error location into `subnets[3].tao_in_rao (netuid 7)`; hostile keys are cleaned."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{clean_text(str(part), 40) or '?'}"
    where = text.lstrip(".") or "(document)"
    if loc[:1] == ("subnets",) and len(loc) > 1:
        netuid = _safe_netuid(doc, loc[1])
        where += f" (netuid {netuid})" if type(netuid) is int else ""
    return where


def describe(path: Path, error: ValidationError, data: bytes, version: int) -> str:
    """Say in one line what is wrong: the file, then each field with its problem (the first few)."""
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    if first["type"] == "json_invalid":
        return f"{path}: not valid JSON: {clean_text(first['msg'].removeprefix('Invalid JSON: '), 120)}"
    if first["loc"] == () and first["type"] == "model_type":
        return f"{path}: a snapshot must be a JSON object"
    doc = _raw_document(data)
    if any(p["loc"][:1] == ("schema_version",) for p in problems):
        return _version_problem(path, doc, version)
    listed = "; ".join(f"{_location(p['loc'], doc)}: {p['msg']}" for p in problems[:MAX_LISTED_PROBLEMS])
    count = f" ({len(problems)} problems)" if len(problems) > 1 else ""
    return f"{path}: {listed}{count}"


def _raw_document(data: bytes) -> object:
    """Parse the JSON again with the standard library, only to name subnets in an error message."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _version_problem(path: Path, doc: object, supported: int) -> str:
    """Describe a missing or unsupported schema_version."""
    if not isinstance(doc, dict) or "schema_version" not in doc:
        return f"{path}: schema_version: missing"
    version = doc["schema_version"]
    newer = type(version) is int and version > supported
    hint = "upgrade subnet-report" if newer else "not a subnet-report snapshot?"
    shown = clean_text(json.dumps(version), 40)
    return f"{path}: schema_version: {shown} is not supported (this version reads {supported}; {hint})"


def _safe_netuid(doc: object, index: object) -> object:
    """Return the netuid of the subnet at `index` of a raw document, or None."""
    if not isinstance(doc, dict):  # only a JSON object has subnets
        return None
    try:
        return doc["subnets"][index].get("netuid")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
