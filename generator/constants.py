"""Constants of the chain and of the report, in one place (the methodology page reads them from here)."""

from __future__ import annotations

RAO_PER_TAO = 1_000_000_000  # 1 TAO = 1 alpha = 10^9 rao
SECONDS_PER_DAY = 86_400
BLOCK_TIME_SECONDS = 12.0  # the chain's target block time
BLOCKS_PER_DAY = SECONDS_PER_DAY / BLOCK_TIME_SECONDS  # 7,200
U16_MAX = 65_535  # the chain's PerU16 scale: a fraction is raw / 65,535
OWNER_CUT_U16 = 11_796  # the owner's share on the PerU16 scale
OWNER_CUT = OWNER_CUT_U16 / U16_MAX  # the owner's exact share of participants' alpha (≈ 18 %)
MINER_CUT = (1 - OWNER_CUT) / 2  # miners' 41 %
VALIDATOR_CUT = (1 - OWNER_CUT) / 2  # validators' and stakers' 41 %
ALPHA_SUPPLY_CAP = 21_000_000  # alpha per subnet, the FDV basis
STALE_AFTER_DAYS = 90  # an editors' note not reviewed for longer is stale
