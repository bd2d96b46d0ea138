"""The JSON API's documented schema: one pydantic model per file, printed on `api.html`.

`generator/site/open_data.py` writes the files; every table it publishes is validated against its
model here first (`generator/site/control_pages.py`), and the tests read the built files back with them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict


class ApiModel(BaseModel):
    """A file of the JSON API: no field beyond those documented."""

    model_config = ConfigDict(extra="forbid")


class EditionEntry(ApiModel):
    """One edition in `api/v1/editions.json`."""

    edition: str
    block: int
    block_timestamp: str
    subnets: int
    subnets_url: str
    page_url: str


class EditionsIndex(ApiModel):
    """`api/v1/editions.json`: every edition, oldest first."""

    schema_version: int
    editions: list[EditionEntry]


class EditionSubnets(ApiModel):
    """`api/v1/editions/<id>/subnets.json`: one edition's scorecards (null = unknown) and subnet facts.

    Each scorecard's `simulated_fields` lists its figures computed from a simulated part of the snapshot
    (in the sample: the neuron tables), so a reader of the data sees the same tag as a reader of the pages.
    """

    schema_version: int
    edition: str
    block: int
    block_timestamp: str
    subnets: list[dict[str, object]]
    facts: dict[str, dict[str, object]]


class SubnetPoint(ApiModel):
    """One edition's key figures of a subnet (null = unknown)."""

    edition: str
    block_timestamp: str
    emission_share: float | None
    emission_rank: int | None
    tao_per_day: float | None
    price_tao: float | None
    market_cap_tao: float | None
    tao_paid_per_day: float | None
    usd_paid_per_day: float | None
    registered_at_block: int | None
    life: int | None  # the registration block of the subnet this point belongs to (inferred where not captured)
    simulated_fields: list[str] = []  # which of the figures above come from a simulated part


class PastLifeEntry(ApiModel):
    """An earlier subnet on the netuid: history, never added to the current subnet's figures."""

    name: str
    registered_at_block: int | None
    first_edition: str
    last_edition: str


class SubnetHistory(ApiModel):
    """`api/v1/subnets/<netuid>.json`: one netuid across editions (each point keyed by its life), its events,
    the estimated lifetime pay of its current subnet and the earlier subnets that held it."""

    schema_version: int
    netuid: int
    name: str
    editions: list[SubnetPoint]
    events: list[dict[str, object]]
    lifetime_tao_estimate: float | None
    lifetime_usd_estimate: float | None
    past_lives: list[PastLifeEntry]


class ClaimEntry(ApiModel):
    """Where a team claim comes from: `editors' note` (date = last reviewed) or `the directory` (its date, URL)."""

    source: str
    date: str
    url: str


class TeamEntry(ApiModel):
    """One known team: its subnets, combined emission share and value paid per day in TAO (null = unknown)."""

    team: str
    netuids: list[int]
    emission_share: float | None
    tao_paid_per_day: float | None
    claims: list[ClaimEntry]


class SharedKeyEntry(ApiModel):
    """An owner coldkey holding more than one subnet (a pseudonymous key, not a person)."""

    coldkey: str
    netuids: list[int]


class EditionOwners(ApiModel):
    """`api/v1/editions/<id>/owners.json`: who controls the network in one edition.

    Teams come from editors' notes or, without a note, from the public directory of 2026-03-25 matched by
    name; owner keys are pseudonymous. `top_teams_share` maps k (1, 5, 10) to the share of all emissions
    under the k largest teams; `effective_parties` is 1/HHI over parties (a subnet with no known team is its
    own party). Null = unknown.
    """

    schema_version: int
    edition: str
    teams: list[TeamEntry]
    shared_owner_keys: list[SharedKeyEntry]
    distinct_owner_coldkeys: int
    subnets_with_team: int
    top_teams_share: dict[str, float | None]
    effective_parties: float | None


class StandingEntry(ApiModel):
    """One subnet under the deregistration rule (null = unknown; `prune_rank_reason` says why there is no rank)."""

    netuid: int
    moving_price_tao: float | None
    registered_at_block: int | None
    immune: bool | None
    immunity_ends_block: int | None
    prune_rank: int | None
    prune_rank_reason: str | None


class EditionRisk(ApiModel):
    """`api/v1/editions/<id>/risk.json`: the deregistration rule as recorded, applied to one edition (not a prediction).

    `danger_zone` lists the netuids ranked 1 to 10, nearest the cut first; `network_immunity_period` is in
    blocks, null where the snapshot did not capture it (then every `immune` is null).
    """

    schema_version: int
    edition: str
    rule: str
    runtime: str
    network_immunity_period: int | None
    danger_zone: list[int]
    subnets: list[StandingEntry]


SCHEMAS: dict[str, type[ApiModel]] = {
    "api/v1/editions.json": EditionsIndex,
    "api/v1/editions/<id>/subnets.json": EditionSubnets,
    "api/v1/editions/<id>/owners.json": EditionOwners,
    "api/v1/editions/<id>/risk.json": EditionRisk,
    "api/v1/subnets/<netuid>.json": SubnetHistory,
}


@dataclass(frozen=True)
class ApiSchema:
    """One file of the JSON API: its path, what it holds, and its JSON Schema as text."""

    path: str
    description: str
    schema: str


def api_schemas() -> list[ApiSchema]:
    """List each API file with its description and JSON Schema, for `api.html`."""
    return [
        ApiSchema(
            path,
            (model.__doc__ or "").strip(),
            json.dumps(model.model_json_schema(), indent=1, sort_keys=True, allow_nan=False),
        )
        for path, model in SCHEMAS.items()
    ]
