"""Add an edition's owners and deregistration-risk pages, API tables and "What changed" lines."""

from __future__ import annotations

from dataclasses import replace

from generator.metrics import control, pruning
from generator.model.snapshot import Snapshot
from generator.site import open_data as api
from generator.site import owners as ow
from generator.site import risk
from generator.site.api_schema import EditionOwners, EditionRisk
from generator.site.changes import ChangesPage
from generator.site.context import View
from generator.site.pages import EditionPages, PageSpec


def add_pages(
    out: EditionPages,
    snapshot: Snapshot,
    view: View,
    records: list[dict],
    previous: tuple[str, list[dict]] | None,
    claims: dict[int, control.TeamClaim],
    standings: dict[int, pruning.Standing],
) -> list[control.Team]:
    """Add `owners.html`, `risk.html`, the API tables and the danger-zone moves to one view."""
    previous_id, previous_records = previous if previous is not None else (None, None)
    names = {int(r["netuid"]): str(r.get("name") or "") for r in records}
    out.pages["owners.html"] = PageSpec(
        "owners.html", ow.page_for(snapshot, view, records, claims, previous_records, previous_id)
    )
    out.pages["risk.html"] = PageSpec("risk.html", risk.page_for(snapshot, view, standings, names))
    out.api["api/owners.json"] = api.table_document(
        EditionOwners, ow.api_document(snapshot.edition_id, records, claims, snapshot)
    )
    out.api["api/risk.json"] = api.table_document(
        EditionRisk, risk.api_document(snapshot.edition_id, snapshot, standings)
    )
    spec = out.pages["changes.html"]
    if not isinstance(spec.page, ChangesPage):
        raise TypeError(f"changes.html: expected a ChangesPage, not {type(spec.page).__name__}")
    out.pages["changes.html"] = PageSpec(
        spec.template, replace(spec.page, risk=risk.zone_lines(previous_records, records, names))
    )
    return control.teams(records, claims)
