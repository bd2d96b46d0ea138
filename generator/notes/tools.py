"""Editors' tools over notes: a scaffold prefilled from the latest snapshot, and coverage at a glance."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path

from generator.model.repos import normalise_repo
from generator.model.snapshot import Snapshot
from generator.notes.lint import lint_note
from generator.notes.model import CATEGORIES, STALE_AFTER_DAYS, STATUSES, is_stale, note_paths
from generator.safety import clean_text, safe_url


def _text(value: str | None) -> str:
    """Quote owner-written text as a YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(clean_text(value, 200) or "", ensure_ascii=False)


def _identity_comment(snapshot: Snapshot, netuid: int) -> list[str]:
    """Describe the on-chain identity as YAML comments (the owner's claim, never trusted)."""
    identity = snapshot.subnet(netuid).identity
    lines = [f"# On-chain identity in the snapshot of {snapshot.edition_id} (the owner's own claim, unverified):"]
    if identity is None:
        return lines + ["#   none"]
    for label, value in (
        ("name", identity.subnet_name),
        ("website", identity.subnet_url),
        ("repository", identity.github_repo),
        ("discord", identity.discord),
        ("description", identity.description),
    ):
        lines.append(f"#   {label}: {clean_text(value, 160) or 'none'}")
    return lines


def scaffold(snapshot: Snapshot, netuid: int, today: dt.date) -> str:
    """Write a new note for `netuid`, prefilled from the snapshot, every field explained."""
    subnet = snapshot.subnet(netuid)
    identity = subnet.identity
    website = safe_url(identity.subnet_url) if identity else None
    repo = normalise_repo(identity.github_repo) if identity else None
    statuses = [f"#   {key}: {label}" for key, label in STATUSES]
    lines = [
        "---",
        f"# Editors' note on SN{netuid}. `subnet-report notes lint` checks this file; the build refuses it",
        "# while any value still starts with TODO. Values are plain text (never HTML); dates are YYYY-MM-DD.",
        *_identity_comment(snapshot, netuid),
        "# netuid: the subnet's number; it must match the file name.",
        f"netuid: {netuid}",
        "# name: the subnet's public name (prefilled from the chain).",
        f"name: {_text(clean_text(subnet.name, 60) or (identity.subnet_name if identity else None))}",
        f"# category: one of {', '.join(CATEGORIES)}.",
        "category: other",
        "# status: what it delivers, strongest first; pick the strongest level your sources support:",
        *statuses,
        "status: nothing_verifiable",
        "# summary: one line saying what the subnet ships, in your own words.",
        'summary: "TODO: one line on what it ships"',
        "# products: what it ships to users; per product: name, url, kind (API, app, dataset, ...),",
        "# launched (optional date) and usage: figures, each with figure, source (URL) and as_of (date).",
        "products: []",
        "# evidence: dated, sourced claims about delivery (at least one): claim (your own words),",
        "# source (an http(s) URL) and date (when the source said it).",
        "evidence:",
        '  - claim: "TODO: what the source shows"',
        f'    source: "{website or "TODO: https://..."}"',
        f"    date: {today.isoformat()}",
        "# team: who builds it, with where you learnt it (optional).",
        'team: ""',
        "# website and repository: optional links (prefilled from the chain when they are valid).",
        f"website: {json.dumps(website) if website else 'null'}",
        f"repository: {json.dumps(f'https://github.com/{repo}') if repo else 'null'}",
        f"# last_reviewed: the day you checked every claim; the note is stale after {STALE_AFTER_DAYS} days.",
        f"last_reviewed: {today.isoformat()}",
        "# reviewed_by: who reviewed it.",
        'reviewed_by: "TODO: your name"',
        "---",
        "TODO: what the subnet ships, in Markdown; say what you could not check.",
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Coverage:
    """How well the notes cover the latest snapshot."""

    edition_id: str
    subnets: int
    missing: list[tuple[int, str]]
    stale: list[tuple[int, str]]
    orphans: list[tuple[int, Path]]
    broken: list[Path]
    covered_share: float

    def lines(self) -> list[str]:
        """Describe the coverage for the command line."""

        def listed(items: list[str]) -> str:
            return ", ".join(items) if items else "none"

        share = "unknown" if math.isnan(self.covered_share) else f"{self.covered_share:.2%}"
        return [
            f"Latest snapshot: {self.edition_id}, {self.subnets} subnets.",
            f"Emission share covered by a reviewed note: {share}.",
            f"No note ({len(self.missing)}): {listed([f'SN{n} {name}' for n, name in self.missing])}",
            f"Stale notes ({len(self.stale)}): {listed([f'SN{n} (reviewed {when})' for n, when in self.stale])}",
            f"Notes for subnets not in the latest snapshot ({len(self.orphans)}): "
            f"{listed([f'SN{n} ({path})' for n, path in self.orphans])}",
            f"Notes that fail lint ({len(self.broken)}): {listed([str(p) for p in self.broken])}",
        ]


def coverage(snapshot: Snapshot, shares: dict[int, float], content: Path, today: dt.date) -> Coverage:
    """Compare the notes with the latest snapshot: missing, stale, orphaned, and emission share covered."""
    names = {s.netuid: clean_text(s.name, 40) or "unnamed" for s in snapshot.doc.subnets if s.netuid != 0}
    linted = [lint_note(path, today) for path in note_paths(content)]
    metas = {note.meta.netuid: note.meta for note in linted if note.ok and note.meta is not None}
    broken = [note.path for note in linted if not note.ok]
    reviewed = [n for n, meta in metas.items() if n in names and not is_stale(meta.last_reviewed, today)]
    return Coverage(
        edition_id=snapshot.edition_id,
        subnets=len(names),
        missing=[
            (n, name) for n, name in sorted(names.items()) if n not in metas and str(n) not in {p.stem for p in broken}
        ],
        stale=sorted((n, m.last_reviewed.isoformat()) for n, m in metas.items() if is_stale(m.last_reviewed, today)),
        orphans=sorted(
            (m.netuid, n.path) for n in linted if n.ok and (m := n.meta) is not None and m.netuid not in names
        ),
        broken=broken,
        covered_share=sum(shares.get(n, math.nan) for n in reviewed),
    )
