"""Constants of the chain and of the report, in one place (the methodology page reads them from here)."""

from __future__ import annotations

RAO_PER_TAO = 1_000_000_000  # 1 TAO = 1 alpha = 10^9 rao
BLOCK_TIME_SECONDS = 12.0  # the chain's target block time
BLOCKS_PER_DAY = 86_400 / BLOCK_TIME_SECONDS  # 7,200
OWNER_CUT = 11_796 / 65_535  # the owner's exact share of participants' alpha (≈ 18 %)
MINER_CUT = (1 - OWNER_CUT) / 2  # miners' 41 %
VALIDATOR_CUT = (1 - OWNER_CUT) / 2  # validators' and stakers' 41 %
ALPHA_SUPPLY_CAP = 21_000_000  # alpha per subnet, the FDV basis
STALE_AFTER_DAYS = 90  # an editors' note not reviewed for longer is stale
