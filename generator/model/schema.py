"""The snapshot schema: the pydantic models of one snapshot document, strict and bounded.

Every amount is an integer in rao as the chain reports it, every block a u32, every string cleaned
(`generator.safety`), and `null` means unknown, never zero. `generator/model/snapshot.py` reads and
writes the files; this module says what a valid document is.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from generator.constants import BLOCK_TIME_SECONDS
from generator.safety import Line, Paragraph, clean_fields

SCHEMA_VERSION: Final = 1  # Final: a type checker reads it as Literal[1], the schema's one version
Obtained = Literal["captured", "simulated", "unknown"]
PartName = Literal["subnets", "neurons", "price_usd", "code_activity"]  # the parts a snapshot may capture
# Amounts must fit pandas' int64 (9.2e9 TAO, 440 times the 21e6 TAO supply); block numbers are u32.
RAO_MAX = 2**63 - 1
BLOCK_MAX = 2**32 - 1
U16_MAX = 2**16 - 1
PRICE_MAX = 1e12  # TAO per alpha, or USD per TAO
Rao = Annotated[int, Field(ge=0, le=RAO_MAX)]
BlockNumber = Annotated[int, Field(ge=0, le=BLOCK_MAX)]
Fraction = Annotated[float, Field(ge=0, le=1)]
HyperValue = int | float | bool | Line | None


def _rao():
    """An optional, non-negative integer amount in rao."""
    return Field(default=None, ge=0, le=RAO_MAX)


def _count():
    """An optional count of uids (u16 on chain)."""
    return Field(default=None, ge=0, le=U16_MAX)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Part(_Model):
    """How one part of the snapshot was obtained (`unknown`: asked for, nothing obtained; says why)."""

    obtained: Obtained
    source: Line
    note: Paragraph | None = None
    reason: Paragraph | None = None

    @model_validator(mode="after")
    def _explained(self) -> Part:
        """Require the reason of an unknown part."""
        if self.obtained == "unknown" and not self.reason:
            raise ValueError("reason: required when obtained is 'unknown'")
        return self

    @model_serializer(mode="wrap")
    def _without_empty_reason(self, handler: SerializerFunctionWrapHandler) -> dict:
        """Leave out an empty reason, so snapshots without unknown parts keep their bytes."""
        data = handler(self)
        if self.reason is None:
            data.pop("reason", None)
        return data


class MissingSubnet(_Model):
    """A subnet listed on chain whose data could not be read (fetch --allow-partial)."""

    netuid: int = Field(ge=0, le=U16_MAX)
    reason: Paragraph


class Provenance(_Model):
    """Where and when the snapshot comes from."""

    network: Line
    block: BlockNumber
    block_hash: Line | None = None
    block_timestamp: datetime
    spec_version: int | None = Field(default=None, ge=0, le=BLOCK_MAX)
    sdk_version: Line | None = None
    block_time_seconds: float = Field(default=BLOCK_TIME_SECONDS, ge=1, le=3600)
    block_emission_rao: int | None = _rao()
    emission_rule: Paragraph | None = None
    # SubtensorModule.NetworkImmunityPeriod (blocks a new subnet cannot be deregistered); null = not captured
    network_immunity_period: int | None = Field(default=None, ge=0, le=BLOCK_MAX)
    parts: dict[PartName, Part]
    missing_subnets: list[MissingSubnet] = []

    @field_validator("block_timestamp")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        """Require a timezone so editions sort and print the same everywhere."""
        if value.tzinfo is None:
            raise ValueError("must include a timezone, e.g. 2026-08-07T08:35:00Z")
        return value.astimezone(UTC)

    @model_serializer(mode="wrap")
    def _without_unrecorded(self, handler: SerializerFunctionWrapHandler) -> dict:
        """Leave out an immunity period not captured, so snapshots written before it keep their bytes."""
        data = handler(self)
        if self.network_immunity_period is None:
            data.pop("network_immunity_period", None)
        return data


class Identity(_Model):
    """The owner-written on-chain identity (SubnetIdentitiesV3): untrusted text."""

    subnet_name: Line | None = None
    github_repo: Line | None = None
    subnet_url: Paragraph | None = None
    subnet_contact: Line | None = None
    discord: Line | None = None
    description: Paragraph | None = None
    logo_url: Paragraph | None = None
    additional: Paragraph | None = None


class Subnet(_Model):
    """One subnet at the snapshot block. Amounts in rao; per-block emissions in rao per block."""

    netuid: int = Field(ge=0, le=U16_MAX)
    name: Line
    symbol: Line
    owner_hotkey: Line | None = None
    owner_coldkey: Line | None = None
    registered_at_block: int | None = Field(default=None, ge=0, le=BLOCK_MAX)
    tempo: int | None = Field(default=None, ge=0, le=U16_MAX)
    burn_rao: int | None = _rao()
    tao_in_rao: int | None = _rao()
    alpha_in_rao: int | None = _rao()
    alpha_out_rao: int | None = _rao()
    price_tao: float | None = Field(default=None, ge=0, le=PRICE_MAX)
    moving_price_tao: float | None = Field(default=None, ge=0, le=PRICE_MAX)
    tao_in_emission_rao: int | None = _rao()
    excess_tao_rao: int | None = _rao()
    alpha_in_emission_rao: int | None = _rao()
    alpha_out_emission_rao: int | None = _rao()
    ema_tao_flow_rao: float | None = Field(default=None, ge=-RAO_MAX, le=RAO_MAX)
    volume_rao: int | None = _rao()
    num_uids: int | None = _count()
    max_uids: int | None = _count()
    miner_count: int | None = _count()
    validator_count: int | None = _count()
    # Share of the miners' alpha the chain burns instead of paying (SubtensorModule.MinerBurned,
    # 0..1; null = not captured, e.g. every capture before 2026-08-07).
    miner_burned_fraction: float | None = Field(default=None, ge=0, le=1)
    identity: Identity | None = None
    hyperparameters: dict[Line, HyperValue] = {}

    @field_validator("hyperparameters")
    @classmethod
    def _bounded(cls, values: dict) -> dict:
        """Keep hyperparameter numbers within what the chain stores (u64 at most)."""
        for key, value in values.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > 2**64:
                raise ValueError(f"{key}: {value:.3g} is out of range")
        return values


NEURON_COLUMNS = (
    "uid",
    "hotkey",
    "coldkey",
    "validator_permit",
    "active",
    "last_update",
    "registered_at_block",
    "incentive",
    "dividends",
    "emission_rao",
    "alpha_stake_rao",
    "tao_stake_rao",
    "total_stake_rao",
    "axon_served",
)


class NeuronTable(_Model):
    """Every uid of one subnet, one list per field (all lists the same length).

    `incentive` and `dividends` are fractions 0..1; `emission_rao` is the alpha a uid earned in
    the last epoch (null when unknown).
    """

    uid: list[Annotated[int, Field(ge=0, le=U16_MAX)]]
    hotkey: list[str]
    coldkey: list[str]
    validator_permit: list[bool]
    active: list[bool]
    last_update: list[BlockNumber]
    registered_at_block: list[BlockNumber]
    incentive: list[Fraction]
    dividends: list[Fraction]
    emission_rao: list[Rao | None]
    alpha_stake_rao: list[Rao]
    tao_stake_rao: list[Rao]
    total_stake_rao: list[Rao]
    axon_served: list[bool]

    @field_validator("hotkey", "coldkey")
    @classmethod
    def _clean_keys(cls, values: list[str]) -> list[str]:
        """Clean the key columns like every other string (in one pass: they are long)."""
        return clean_fields(values)

    @model_validator(mode="after")
    def _consistent(self) -> NeuronTable:
        """Check equal lengths, unique uids and value ranges."""
        lengths = {name: len(getattr(self, name)) for name in NEURON_COLUMNS}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"columns differ in length: {lengths}")
        if len(set(self.uid)) != len(self.uid):
            raise ValueError("uid: duplicate uids")
        return self


class PriceUSD(_Model):
    """TAO/USD price with its source and time."""

    tao_usd: float = Field(gt=0, le=PRICE_MAX)
    source: Line
    as_of: datetime


class RepoActivity(_Model):
    """Code activity of a subnet's GitHub repository; fields are null when not fetched."""

    repo: Line
    status: Literal["ok", "not_found", "rate_limited", "error", "skipped"] = "ok"
    commits_30d: int | None = Field(default=None, ge=0, le=RAO_MAX)
    commits_90d: int | None = Field(default=None, ge=0, le=RAO_MAX)
    authors_30d: int | None = Field(default=None, ge=0, le=RAO_MAX)
    authors_90d: int | None = Field(default=None, ge=0, le=RAO_MAX)
    last_push: datetime | None = None
    latest_release: Line | None = None
    latest_release_at: datetime | None = None
    stars: int | None = Field(default=None, ge=0, le=RAO_MAX)
    archived: bool | None = None


class SnapshotDoc(_Model):
    """The whole document stored in one snapshot file."""

    schema_version: Literal[1]
    provenance: Provenance
    subnets: list[Subnet]
    neurons: dict[Annotated[int, Field(ge=0, le=U16_MAX)], NeuronTable] = {}
    price_usd: PriceUSD | None = None
    code_activity: dict[Annotated[int, Field(ge=0, le=U16_MAX)], RepoActivity] | None = None

    @field_validator("schema_version", mode="before")
    @classmethod
    def _exact_version(cls, value: object) -> object:
        """Refuse `true` (equal to 1 in Python) and anything but the integer SCHEMA_VERSION."""
        if type(value) is not int or value != SCHEMA_VERSION:
            raise ValueError("unsupported schema_version")
        return value

    @model_validator(mode="after")
    def _netuids(self) -> SnapshotDoc:
        """Require unique netuids and neuron tables only for listed subnets."""
        netuids = [s.netuid for s in self.subnets]
        duplicates = sorted({n for n in netuids if netuids.count(n) > 1})
        if duplicates:
            raise ValueError(f"subnets: duplicate netuids {duplicates}")
        strays = sorted(set(self.neurons) - set(netuids))
        if strays:
            raise ValueError(f"neurons: tables for netuids not in subnets: {strays}")
        return self
