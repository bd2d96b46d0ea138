"""Build the sample snapshots in generator/sample/ from four public captures of finney.

Usage: python scripts/make_sample.py [--captures DIR] [--out DIR]

Subnet figures are converted exactly as captured (TAO/alpha floats to integer rao); anything a
capture lacks stays null. Neuron tables are simulated (see simulate_neurons.py). The output is
deterministic: running the script twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a source tree that is never pip-installed

from simulate_neurons import NeuronPlan, build_table, owner_captures  # noqa: E402

from generator.model.schema import Identity, NeuronTable, Part, Provenance, SnapshotDoc, Subnet  # noqa: E402
from generator.model.snapshot import encode, snapshot_filename, write_snapshot  # noqa: E402

MARCH = "2026-03-22_taosignal_chain_history.json"
APRIL = "2026-04-13_taosignal_chain_data.json"
JUNE = "metagraphed-history/finney-subnets_20260617_b821a500f.json"
AUGUST = "2026-08-07_metagraphed_finney-subnets.json"
TAOSIGNAL = "github.com/benbergandy/tao-signal-site"
METAGRAPHED = "github.com/JSONbored/metagraphed registry/native/finney-subnets.json"
HYPERPARAMETERS = (
    "max_validators",
    "registration_allowed",
    "subtoken_enabled",
    "emission_enabled",
)
DAY = 7200
TAOFLOW = "TAO injection follows the EMA of net TAO flow; negative flow gets none (TAOflow)"


def rao(amount: float | None) -> int | None:
    """Convert a TAO/alpha amount to integer rao (None stays unknown)."""
    return None if amount is None else round(amount * 1e9)


def read_capture(folder: Path, name: str) -> dict:
    """Read one capture file."""
    return json.loads((folder / name).read_text(encoding="utf-8"))


def by_netuid(capture: dict) -> dict[int, dict]:
    """Index a capture's subnet rows by netuid."""
    return {row["netuid"]: row for row in capture["subnets"]}


def march_subnet(row: dict, april: dict[int, dict]) -> Subnet:
    """Convert a 2026-03-22 taosignal row (pools, price, TAO injection, EMA flow)."""
    return Subnet(
        netuid=row["netuid"],
        name=row["name"],
        symbol=april[row["netuid"]]["symbol"],
        tao_in_rao=rao(row["tao_in"]),
        alpha_in_rao=rao(row["alpha_in"]),
        alpha_out_rao=rao(row["alpha_out"]),
        price_tao=row["price"],
        moving_price_tao=row["moving_price"],
        tao_in_emission_rao=row["emission_rao"],
        ema_tao_flow_rao=row["ema_tao_inflow"] * 1e9,
        volume_rao=rao(row["subnet_volume"]),
    )


def april_subnet(row: dict) -> Subnet:
    """Convert a 2026-04-13 taosignal row; its `miners` column counts registered uids."""
    return Subnet(
        netuid=row["netuid"],
        name=row["name"],
        symbol=row["symbol"],
        registered_at_block=row["network_registered_at"],
        tao_in_rao=rao(row["tao_in"]),
        alpha_in_rao=rao(row["alpha_in"]),
        alpha_out_rao=rao(row["alpha_out"]),
        price_tao=row["alpha_price_tao"],
        moving_price_tao=row["moving_price"],
        tao_in_emission_rao=row["emission"],
        alpha_in_emission_rao=rao(row["alpha_in_emission"]),
        alpha_out_emission_rao=rao(row["alpha_out_emission"]),
        ema_tao_flow_rao=row["ema_tao_inflow"] * 1e9,
        volume_rao=rao(row["subnet_volume"]),
        num_uids=row["miners"],
        identity=Identity(subnet_name=row["name"], github_repo=row["github"], subnet_url=row["url"]),
    )


def metagraphed_subnet(row: dict) -> Subnet:
    """Convert a metagraphed row; per-block emission fields stay null where not captured."""
    eco = row["economics"]
    return Subnet(
        netuid=row["netuid"],
        name=row["name"],
        symbol=row["symbol"],
        owner_hotkey=eco["owner_hotkey"],
        owner_coldkey=eco["owner_coldkey"],
        registered_at_block=row["registered_at_block"],
        tempo=row["tempo"],
        burn_rao=rao(eco["registration_cost_tao"]),
        tao_in_rao=rao(eco["tao_in_pool_tao"]),
        alpha_in_rao=rao(eco["alpha_in_pool"]),
        alpha_out_rao=rao(eco["alpha_out_pool"]),
        price_tao=eco["alpha_price_tao"],
        moving_price_tao=eco.get("moving_price_pinned"),
        tao_in_emission_rao=rao(eco.get("tao_in_emission_tao")),
        excess_tao_rao=rao(eco.get("excess_tao")),
        alpha_in_emission_rao=rao(eco.get("alpha_in_emission")),
        alpha_out_emission_rao=rao(eco.get("alpha_out_emission")),
        volume_rao=rao(eco["subnet_volume_tao"]),
        num_uids=row["participant_count"],
        max_uids=eco["max_uids"],
        miner_count=eco["miner_count"],
        validator_count=eco["validator_count"],
        miner_burned_fraction=eco.get("miner_burned_fraction"),
        identity=chain_identity(row),
        hyperparameters=hyperparameters(row),
    )


def hyperparameters(row: dict) -> dict:
    """Collect the few hyperparameters a metagraphed row carries."""
    found = {k: row["economics"][k] for k in HYPERPARAMETERS if k in row["economics"]}
    return {"mechanism_count": row["mechanism_count"]} | found


def chain_identity(row: dict) -> Identity:
    """Convert a metagraphed `chain_identity` (SubnetIdentitiesV3), dropping the tool's own fields.

    metagraphed read SubnetIdentitiesV3 for every subnet: a row without one is an identity never set
    (every field unset), not an unknown one.
    """
    found = row.get("chain_identity")
    if not found:
        return Identity()
    return Identity(**{k: v for k, v in found.items() if k not in ("source", "contact_present")})


def check_april_shares(rows: list[dict]) -> float:
    """Check that the April `emission_share_pct` is `emission` / sum; return the largest gap in points."""
    total = sum(row["emission"] for row in rows)
    gap = max(abs(100 * row["emission"] / total - row["emission_share_pct"]) for row in rows)
    if gap > 1e-3:
        raise ValueError(f"{APRIL}: emission_share_pct disagrees with emission / sum by {gap:.4f} points")
    return gap


def plan_for(subnet: Subnet, block: int, seed: int, counts: dict, **borrowed: object) -> NeuronPlan:
    """Describe the table to simulate for one subnet; `borrowed` fills what the capture lacks."""
    values = {
        "tempo": subnet.tempo,
        "registered_at": subnet.registered_at_block,
        "owner_hotkey": subnet.owner_hotkey,
        "owner_coldkey": subnet.owner_coldkey,
    } | borrowed
    registered = values["registered_at"]
    return NeuronPlan(
        netuid=subnet.netuid,
        block=block,
        seed=seed,
        miners=counts["miners"],
        validators=counts["validators"],
        tempo=values["tempo"],
        alpha_out_emission_rao=subnet.alpha_out_emission_rao,
        alpha_out_rao=subnet.alpha_out_rao,
        registered_at=registered if registered is not None and registered <= block else block - 60 * DAY,
        owner_hotkey=values["owner_hotkey"],
        owner_coldkey=values["owner_coldkey"],
        # an edition whose capture lacks the burn is simulated without one (its burn stays unknown)
        miner_burn=subnet.miner_burned_fraction or 0.0,
    )


def captured_counts(subnet: Subnet) -> dict:
    """Use the capture's own miner and validator counts."""
    return {"miners": subnet.miner_count, "validators": subnet.validator_count}


def borrowed_counts(uids: int, june: dict) -> dict:
    """Split a uid count using the June capture's validator count for the same netuid."""
    validators = min(june["economics"]["validator_count"], uids)
    return {"miners": uids - validators, "validators": validators}


def june_keys(june: dict) -> dict:
    """Return what a taosignal edition borrows from the June capture for its simulation."""
    eco = june["economics"]
    return {"tempo": june["tempo"], "owner_hotkey": eco["owner_hotkey"], "owner_coldkey": eco["owner_coldkey"]}


def simulate(subnets: list[Subnet], block: int, plans: dict[int, NeuronPlan]) -> dict[int, NeuronTable]:
    """Simulate a neuron table for every subnet with a plan (root has none)."""
    return {s.netuid: build_table(plans[s.netuid]) for s in subnets if s.netuid in plans}


NEURONS_NOTE = (
    "Simulated, not captured: deterministic (numpy seed = edition date + netuid). Miner and validator "
    "counts follow the subnet's counts; emission_rao is one epoch's alpha: alpha_out_emission x (tempo+1) "
    "less the owner's 11796/65535, half to miners by incentive (less the captured miner_burned_fraction "
    "of that half, which is burned and reaches no uid), half to validators by dividends. The owner's cut "
    "is paid to the owner hotkey outside the table. The owner hotkey holds uid 0 as a miner where the "
    "owner farms its own miners (owner capture, netuids {captured}). Root (netuid 0) has no table."
)


def neurons_part(extra: str) -> Part:
    """Describe the simulated neuron tables."""
    captured = ", ".join(str(n) for n in range(1, 129) if owner_captures(n))
    return Part(
        obtained="simulated",
        source="scripts/make_sample.py",
        note=f"{NEURONS_NOTE.format(captured=captured)} {extra}".strip(),
    )


def provenance(block: int, stamp: str, subnets: Part, neurons_note: str, rule: str, **extra: object) -> Provenance:
    """Build the provenance block of one edition."""
    return Provenance(
        network="finney",
        block=block,
        block_timestamp=datetime.fromisoformat(stamp.replace("Z", "+00:00")),
        emission_rule=rule,
        parts={"subnets": subnets, "neurons": neurons_part(neurons_note)},
        **extra,
    )


def march_doc(folder: Path) -> SnapshotDoc:
    """Build the 2026-03-22 edition (taosignal chain history; block time of day unknown)."""
    block, april, june = 7_801_029, by_netuid(read_capture(folder, APRIL)), by_netuid(read_capture(folder, JUNE))
    subnets = [march_subnet(row, april) for row in read_capture(folder, MARCH)["subnets"]]
    plans = {
        s.netuid: plan_for(
            s,
            block,
            20260322,
            borrowed_counts(april[s.netuid]["miners"], june[s.netuid]),
            registered_at=april[s.netuid]["network_registered_at"],
            **june_keys(june[s.netuid]),
        )
        for s in subnets
    }
    part = Part(
        obtained="captured",
        source=f"{TAOSIGNAL} data/chain_history (2026-03-22)",
        note=(
            "Time of day not captured: the timestamp is the capture date at 00:00 UTC. emission_rao is the "
            "subnet's TAO injection per block (tao_in_emission_rao); ema_tao_inflow (TAO per block) is "
            "ema_tao_flow_rao. Symbols are not in this capture: taken from the 2026-04-13 capture of the same "
            "netuid. Owner keys, tempo, counts, registration, identity, excess TAO and alpha emissions: not captured."
        ),
    )
    note = (
        "Uid counts from the 2026-04-13 capture; validator counts, tempo and owner keys from the "
        "2026-06-14 capture of the same netuid. emission_rao null: alpha emission not captured."
    )
    return SnapshotDoc(
        schema_version=1,
        subnets=subnets,
        neurons=simulate(subnets, block, plans),
        provenance=provenance(block, "2026-03-22T00:00:00Z", part, note, TAOFLOW),
    )


def april_doc(folder: Path) -> SnapshotDoc:
    """Build the 2026-04-13 edition (taosignal chain data)."""
    block, capture, june = 7_961_916, read_capture(folder, APRIL), by_netuid(read_capture(folder, JUNE))
    gap = check_april_shares(capture["subnets"])
    subnets = [april_subnet(row) for row in capture["subnets"]]
    plans = {
        s.netuid: plan_for(s, block, 20260413, borrowed_counts(s.num_uids, june[s.netuid]), **june_keys(june[s.netuid]))
        for s in subnets
    }
    part = Part(
        obtained="captured",
        source=f"{TAOSIGNAL} data/chain_data.json @3aff3a3b",
        note=(
            "The capture's `miners` column counts registered uids (num_uids). `emission` (rao per block) is the "
            f"TAO injection (tao_in_emission_rao); its emission_share_pct equals emission / sum within {gap:.1e} "
            "points. Identity: name, github and url only. Owner keys, tempo, max uids, miner/validator counts "
            "and excess TAO: not captured."
        ),
    )
    note = (
        "Uid counts as captured; validator counts, tempo and owner keys from the 2026-06-14 capture of the same netuid."
    )
    return SnapshotDoc(
        schema_version=1,
        subnets=subnets,
        neurons=simulate(subnets, block, plans),
        provenance=provenance(block, "2026-04-13T21:06:00Z", part, note, TAOFLOW),
    )


def june_doc(folder: Path) -> SnapshotDoc:
    """Build the 2026-06-14 edition (metagraphed, no per-block emission fields)."""
    capture = read_capture(folder, JUNE)
    block, subnets = 8_404_076, [metagraphed_subnet(row) for row in capture["subnets"]]
    plans = {s.netuid: plan_for(s, block, 20260614, captured_counts(s)) for s in subnets if s.netuid}
    odd = [s.netuid for s in subnets if s.num_uids != s.miner_count + s.validator_count]
    part = Part(
        obtained="captured",
        source=f"{METAGRAPHED} @b821a500f (committed 2026-06-17)",
        note=(
            f"Captured at {capture['captured_at']}. No per-block emission fields: emission figures are unknown. "
            f"num_uids is participant_count; for netuids {', '.join(map(str, odd))} it exceeds miner_count + "
            "validator_count as captured. No moving price."
        ),
    )
    note = (
        "Tables hold miner_count + validator_count uids. emission_rao null (alpha emission not "
        "captured); incentive and dividends are still simulated."
    )
    rule = "unknown: the capture has no emission fields"
    return SnapshotDoc(
        schema_version=1,
        subnets=subnets,
        neurons=simulate(subnets, block, plans),
        provenance=provenance(
            block, capture["captured_at"], part, note, rule, sdk_version=capture["source"]["version"]
        ),
    )


def august_doc(folder: Path) -> SnapshotDoc:
    """Build the 2026-08-07 edition (metagraphed, with excess TAO and the emission gate)."""
    capture = read_capture(folder, AUGUST)
    chain = capture["chain_state"]
    block, subnets = chain["block"], [metagraphed_subnet(row) for row in capture["subnets"]]
    plans = {s.netuid: plan_for(s, block, 20260807, captured_counts(s)) for s in subnets if s.netuid}
    part = Part(
        obtained="captured",
        source=f"{METAGRAPHED} @7eb090895",
        note=(
            f"Block and hash from chain_state; subnet rows were read at block {capture['subnets'][0]['block']:,}. "
            "moving_price_tao is the capture's moving_price_pinned."
        ),
    )
    note = "miner_burned_fraction as captured: that share of each epoch's miner alpha is burned, paid to no uid."
    gated = sum(1 for s in subnets if s.hyperparameters.get("emission_enabled") is False)
    rule = (
        "TAO injection (tao_in_emission) plus excess TAO, behind an emission gate: "
        f"{gated} subnets have emission_enabled false and no injection (gate bar "
        f"{chain['emission_gate_bar']:.6f} at quantile {chain['emission_bar_quantile']} in chain_state)"
    )
    return SnapshotDoc(
        schema_version=1,
        subnets=subnets,
        neurons=simulate(subnets, block, plans),
        provenance=provenance(
            block,
            capture["captured_at"],
            part,
            note,
            rule,
            block_hash=chain["block_hash"],
            sdk_version=capture["source"]["version"],
        ),
    )


def write_edition(doc: SnapshotDoc, folder: Path) -> Path:
    """Write one snapshot, replacing an older build of the same block only when its bytes differ."""
    target = folder / snapshot_filename(doc)
    if target.exists() and target.read_bytes() == encode(doc):
        return target
    target.unlink(missing_ok=True)
    return write_snapshot(doc, folder)


def main(argv: list[str] | None = None) -> None:
    """Convert the four captures into sample snapshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=Path, default=ROOT.parent / "shared" / "data" / "captures")
    parser.add_argument("--out", type=Path, default=ROOT / "generator" / "sample")
    args = parser.parse_args(argv)
    for build in (march_doc, april_doc, june_doc, august_doc):
        path = write_edition(build(args.captures), args.out)
        print(f"{path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
