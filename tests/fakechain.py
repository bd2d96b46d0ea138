"""An in-memory Substrate for the real `bittensor.Client(..., substrate=fake)` (SDK doc §6).

Seeded from the 2026-08-07 finney capture (129 subnets; its TAO floats become rao ints) with
deterministic generated metagraphs. Values have the decoded shapes of SDK doc §3: names as UTF-8
byte lists in runtime structs, `moving_price` as `{"bits"}`, `SubnetEmaTaoFlow` as
`(int, {"bits"})`, identities as dicts of str. It counts calls and modelled round trips, can add
latency per round trip, and lets a test inject faults through `fake.fault`.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from bittensor._transport.codec import ss58_encode
from bittensor.balance import Balance

# ../shared beside the repository (see tests/conftest.py), never an absolute path
CAPTURE = (
    Path(__file__).resolve().parent.parent.parent / "shared/data/captures/2026-08-07_metagraphed_finney-subnets.json"
)
RAO = 10**9
PAGE = 100  # query_map page size: each page is state_getKeysPaged + state_queryStorageAt
IDENTITY_KEYS = (
    "subnet_name",
    "github_repo",
    "subnet_contact",
    "subnet_url",
    "discord",
    "description",
    "logo_url",
    "additional",
)
HYPER = {
    "rho": 10,
    "kappa": 32767,
    "min_allowed_weights": 1,
    "max_weights_limit": 65535,
    "weights_version": 0,
    "weights_rate_limit": 100,
    "activity_cutoff": 5000,
    "max_validators": 64,
    "difficulty": 10_000_000,
    "registration_allowed": True,
    "pow_registration_allowed": False,
    "immunity_period": 5000,
    "min_difficulty": 10_000_000,
    "max_difficulty": 2**62,
    "min_burn": 500_000,
    "max_burn": 100 * RAO,
    "adjustment_alpha": 0,
    "adjustment_interval": 360,
    "target_regs_per_interval": 1,
    "max_regs_per_block": 1,
    "serving_rate_limit": 50,
    "commit_reveal_weights_enabled": True,
    "commit_reveal_period": 1,
    "liquid_alpha_enabled": False,
    "alpha_high": 58982,
    "alpha_low": 45875,
    "bonds_moving_avg": 900000,
}
Fault = Callable[[str, tuple], Awaitable[None] | None]


def rao(tao: float | None) -> int:
    """Convert a TAO float of the capture to integer rao."""
    return round((tao or 0) * RAO)


def account(seed: str) -> str:
    """Make a deterministic, valid ss58 address."""
    return ss58_encode(random.Random(seed).randbytes(32))


def load_capture(path: Path = CAPTURE) -> dict:
    """Read the capture file."""
    return json.loads(path.read_text(encoding="utf-8"))


def subnet_specs(capture: dict) -> dict[int, dict]:
    """Turn each captured subnet into one spec, amounts in rao, from which every shape derives."""
    specs = {}
    for entry in capture["subnets"]:
        eco = entry["economics"]
        netuid = int(entry["netuid"])
        price = eco.get("alpha_price_tao") or 0
        ident = entry.get("chain_identity")
        specs[netuid] = {
            "netuid": netuid,
            "name": entry.get("raw_name") or entry["name"],
            "symbol": entry["symbol"],
            "owner_hotkey": eco["owner_hotkey"],
            "owner_coldkey": eco["owner_coldkey"],
            "tempo": int(entry["tempo"]),
            "registered_at": int(entry.get("registered_at_block") or 0),
            "tao_in": rao(eco["tao_in_pool_tao"]),
            "alpha_in": rao(eco["alpha_in_pool"]),
            "alpha_out": rao(eco["alpha_out_pool"]),
            "tao_in_emission": rao(eco["tao_in_emission_tao"]),
            "alpha_in_emission": rao(eco["alpha_in_emission"]),
            "alpha_out_emission": rao(eco["alpha_out_emission"]),
            "excess_tao": rao(eco.get("excess_tao")),
            "miner_burned_fraction": eco.get("miner_burned_fraction"),
            "volume": rao(eco["subnet_volume_tao"]),
            "price_rao": 1 * RAO if netuid == 0 else rao(price),
            "moving_bits": round((eco.get("moving_price_pinned") or price) * 2**32),
            "burn": rao(eco["registration_cost_tao"]),
            "max_uids": int(eco["max_uids"]),
            "num_uids": int(entry.get("participant_count") or 0),
            "validators": int(eco.get("validator_count") or 0),
            "identity": None if not ident else {k: str(ident.get(k) or "") for k in IDENTITY_KEYS},
            # Deterministic EMA flow in rao/block, some negative; root has no entry.
            "ema_flow": None if netuid == 0 else ((netuid * 7919) % 2001 - 1000) * 1_000_000.0,
        }
    return specs


def _bytes(text: str) -> list[int]:
    """Encode text the way runtime structs carry names: a list of UTF-8 bytes."""
    return list(text.encode("utf-8"))


def dynamic_info(spec: dict, block: int) -> dict:
    """Shape one subnet as `get_all_dynamic_info` decodes it (SDK doc §3.1)."""
    return {
        "netuid": spec["netuid"],
        "owner_hotkey": spec["owner_hotkey"],
        "owner_coldkey": spec["owner_coldkey"],
        "subnet_name": _bytes(spec["name"]),
        "token_symbol": _bytes(spec["symbol"]),
        "tempo": spec["tempo"],
        "last_step": block - 7,
        "blocks_since_last_step": 7,
        "emission": 0,
        "alpha_in": spec["alpha_in"],
        "alpha_out": spec["alpha_out"],
        "tao_in": spec["tao_in"],
        "alpha_out_emission": spec["alpha_out_emission"],
        "alpha_in_emission": spec["alpha_in_emission"],
        "tao_in_emission": spec["tao_in_emission"],
        "pending_alpha_emission": 0,
        "pending_root_emission": 0,
        "subnet_volume": spec["volume"],
        "network_registered_at": spec["registered_at"],
        "subnet_identity": spec["identity"],
        "moving_price": {"bits": spec["moving_bits"]},
    }


def _neurons(spec: dict, block: int, empty_trust: bool) -> dict[str, list]:
    """Generate deterministic per-uid vectors for one subnet."""
    rng = random.Random(spec["netuid"])
    n, netuid = spec["num_uids"], spec["netuid"]
    operators = [account(f"ck-{netuid}-{i}") for i in range(max(1, n // 3))]
    permits = [uid < spec["validators"] for uid in range(n)]
    weights = [0 if permits[u] or rng.random() < 0.3 else rng.randint(1, 1000) for u in range(n)]
    total = sum(weights) or 1
    incentives = [min(65535, w * 65535 // total) for w in weights]
    vtotal = sum(permits) or 1
    dividends = [65535 // vtotal if p else 0 for p in permits]
    emission = [spec["alpha_out_emission"] * (spec["tempo"] + 1) * w // (2 * total) for w in weights]
    alpha = [rng.randint(0, 10**6) * RAO if p else rng.randint(0, 1000) * RAO for p in permits]
    tao = [rng.randint(0, 1000) * RAO if p else 0 for p in permits]
    scores = [] if empty_trust else [rng.randint(0, 65535) for _ in range(n)]
    return {
        "hotkeys": [account(f"hk-{netuid}-{u}") for u in range(n)],
        "coldkeys": [operators[rng.randrange(len(operators))] for _ in range(n)],
        "identities": [None] * n,
        "axons": [
            {
                "block": block - 100,
                "version": 1,
                "ip": rng.choice([0, 16909060]),
                "port": 8091,
                "ip_type": 4,
                "protocol": 4,
                "placeholder1": 0,
                "placeholder2": 0,
            }
            for _ in range(n)
        ],
        "active": [True] * n,
        "validator_permit": permits,
        "pruning_score": scores,
        "last_update": [block - rng.randint(0, 5000) for _ in range(n)],
        "emission": emission,
        "dividends": dividends,
        "incentives": incentives,
        "consensus": incentives,
        "trust": scores,
        "rank": scores,
        "block_at_registration": [spec["registered_at"] + rng.randint(0, 10**5) for _ in range(n)],
        "alpha_stake": alpha,
        "tao_stake": tao,
        "total_stake": [a + t * 18 // 100 for a, t in zip(alpha, tao)],
    }


_GRAPHS: dict[tuple, dict] = {}


def metagraph(spec: dict, block: int, empty_trust: bool = False) -> dict:
    """Shape one subnet as `get_metagraph` decodes it (SDK doc §3.2); cached, never mutated."""
    key = (spec["netuid"], spec["num_uids"], block, empty_trust)
    if key not in _GRAPHS:
        _GRAPHS[key] = _metagraph(spec, block, empty_trust)
    return _GRAPHS[key]


def _metagraph(spec: dict, block: int, empty_trust: bool) -> dict:
    """Build one metagraph dict."""
    graph = dynamic_info(spec, block)
    graph["name"], graph["symbol"] = graph.pop("subnet_name"), graph.pop("token_symbol")
    graph["identity"] = graph.pop("subnet_identity")
    graph["subnet_emission"] = graph.pop("emission")
    graph.update(block=block, num_uids=spec["num_uids"], max_uids=spec["max_uids"], burn=spec["burn"], **HYPER)
    vectors = _neurons(spec, block, empty_trust)
    graph.update(vectors)
    graph["tao_dividends_per_hotkey"] = [(hk, 0) for hk in vectors["hotkeys"]]
    graph["alpha_dividends_per_hotkey"] = [(hk, 0) for hk in vectors["hotkeys"]]
    return graph


class FakeSubstrate:
    """Serve the seeded chain at one finalized block; count calls and round trips."""

    def __init__(self, capture: dict | None = None, *, latency: float = 0.0, old_runtime: bool = False) -> None:
        capture = capture or load_capture()
        state = capture["chain_state"]
        self.block = int(state["block"])
        self.head = self.block + 2
        self.hash = state["block_hash"]
        self.timestamp_ms = int(
            datetime.fromisoformat(capture["captured_at"].replace("Z", "+00:00")).timestamp() * 1000
        )
        self.specs = subnet_specs(capture)
        self.latency = latency
        self.old_runtime = old_runtime  # no SubnetExcessTao or MinerBurned, empty trust/rank/pruning vectors
        self.block_emission = 500_000_000
        self.network_immunity_period = 1_296_000
        self.spec = 395
        self.token_symbols: dict[int, str] = {}
        self.calls: Counter[str] = Counter()
        self.round_trips = 0
        self.resolved: set[int] = set()
        self.hashes_used: set[str | None] = set()
        self.fault: Fault | None = None
        self.metagraph_gone: set[int] = set()  # listed, but get_metagraph answers None
        self.closed = False

    # plumbing -------------------------------------------------------------------------------

    async def _rpc(self, name: str, *args: Any, trips: int = 1) -> None:
        """Count one protocol call, run the fault hook, then wait the modelled latency."""
        self.calls[name] += 1
        if self.fault is not None:
            outcome = self.fault(name, args)
            if outcome is not None:
                await outcome
        self.round_trips += trips
        if self.latency and trips:
            await asyncio.sleep(self.latency * trips)

    def _at(self, block_hash: str | None) -> None:
        """Record which block a read was served at (only the pinned one exists here)."""
        self.hashes_used.add(block_hash)
        if block_hash not in (None, self.hash):
            raise ValueError(f"unknown block hash {block_hash}")

    def balance(self, rao_amount: int, netuid: int = 0) -> Balance:
        return Balance(int(rao_amount), netuid, self.token_symbols.get(netuid) if netuid else None)

    # lifecycle ------------------------------------------------------------------------------

    async def connect(self) -> None:
        await self._rpc("connect")

    async def close(self) -> None:
        self.calls["close"] += 1
        self.closed = True

    # reads ----------------------------------------------------------------------------------

    async def block_hash(self, block: int | None = None) -> str:
        # The real transport caches number→hash for finalized blocks: one RPC per block.
        first = block not in self.resolved
        self.resolved.add(block)
        await self._rpc("block_hash", block, trips=1 if first else 0)
        if block is not None and block != self.block:
            from bittensor.result import ChainError

            raise ChainError(f"BlockNotFound: block {block} is not served by this fake")
        return self.hash

    async def block_number(self) -> int:
        await self._rpc("block_number")
        return self.head

    async def finalized_block_number(self) -> int:
        await self._rpc("finalized_block_number")
        return self.block

    async def block_time(self) -> float:
        await self._rpc("block_time", trips=0)
        return 12.0

    async def spec_version(self) -> int:
        await self._rpc("spec_version", trips=0)
        return self.spec

    async def get_block(self, block_number: int | None = None, block_hash: str | None = None) -> dict | None:
        await self._rpc("get_block", block_number)
        if block_number not in (None, self.block):
            return None
        call = {
            "call_module": "Timestamp",
            "call_function": "set",
            "call_args": [{"name": "now", "type": "Moment", "value": self.timestamp_ms}],
        }
        header = {"number": self.block, "hash": self.hash, "parentHash": "0x" + "00" * 32}
        return {"header": header, "extrinsics": [{"call": call}]}

    async def constant(self, module: str, name: str) -> Any:
        await self._rpc("constant", module, name, trips=0)
        if (module, name) == ("Aura", "SlotDuration"):
            return 12000
        raise ValueError(f"constant {module}.{name} not modelled")

    async def query(self, module: str, name: str, params: list | None = None, block_hash: str | None = None) -> Any:
        await self._rpc("query", module, name)
        self._at(block_hash)
        if (module, name) == ("Timestamp", "Now"):
            return self.timestamp_ms
        if (module, name) == ("SubtensorModule", "BlockEmission"):
            return self.block_emission
        if (module, name) == ("SubtensorModule", "NetworkImmunityPeriod"):
            return self.network_immunity_period
        raise ValueError(f"storage {module}.{name} not modelled")

    def _map(self, module: str, name: str) -> list[tuple[Any, Any]]:
        """Return the decoded (key, value) pairs of one storage map."""
        specs = self.specs.values()
        if (module, name) == ("SubtensorModule", "TokenSymbol"):
            return [(s["netuid"], s["symbol"]) for s in specs]
        if (module, name) == ("SubtensorModule", "SubnetEmaTaoFlow"):
            return [
                (s["netuid"], (self.block - 1, {"bits": int(s["ema_flow"] * 2**64)}))
                for s in specs
                if s["ema_flow"] is not None
            ]
        if (module, name) == ("SubtensorModule", "SubnetExcessTao") and not self.old_runtime:
            return [(s["netuid"], s["excess_tao"]) for s in specs if s["excess_tao"]]
        if (module, name) == ("SubtensorModule", "MinerBurned") and not self.old_runtime:
            return [
                (s["netuid"], {"bits": round(s["miner_burned_fraction"] * 2**64)})
                for s in specs
                if s["miner_burned_fraction"]
            ]
        # What the real transport raises for an item the runtime lacks (StorageFunctionNotFound).
        raise ValueError(f"Storage function {module}.{name} not found")

    async def query_map(
        self, module: str, name: str, params: list | None = None, block_hash: str | None = None
    ) -> list:
        self._at(block_hash)
        rows = self._map(module, name)
        await self._rpc("query_map", module, name, trips=2 * max(1, math.ceil(len(rows) / PAGE)))
        return rows

    async def runtime_call(self, api: str, method: str, params: list, block_hash: str | None = None) -> Any:
        await self._rpc("runtime_call", api, method, *params)
        self._at(block_hash)
        if (api, method) == ("SubnetInfoRuntimeApi", "get_all_dynamic_info"):
            return [dynamic_info(s, self.block) for s in self.specs.values()]
        if (api, method) == ("SwapRuntimeApi", "current_alpha_price_all"):
            return [{"netuid": s["netuid"], "price": s["price_rao"]} for s in self.specs.values()]
        if (api, method) == ("SubnetInfoRuntimeApi", "get_metagraph"):
            netuid = int(params[0])
            if netuid not in self.specs or netuid in self.metagraph_gone:
                return None
            return metagraph(self.specs[netuid], self.block, self.old_runtime)
        raise ValueError(f"Runtime API Call '{api}.{method}' not found in registry")

    def metagraph_dict(self, netuid: int) -> dict:
        """Return the metagraph dict this fake serves for a subnet (for assertions)."""
        return metagraph(self.specs[netuid], self.block, self.old_runtime)

    def __getattr__(self, name: str) -> Any:
        """Refuse any protocol member these reads should not need."""
        raise AttributeError(f"FakeSubstrate.{name} is not modelled")
