"""The market and code sources are read while the chain's metagraphs are: fake chain, loopback HTTP."""

from __future__ import annotations

import asyncio
import threading

import pytest
from bittensor.result import ChainError

from generator.errors import FetchError
from generator.fetch.chain import FetchConfig, fetch_to_folder
from generator.model.snapshot import load_snapshot
from tests.test_fetch_chain import BLOCK, metagraph_of
from tests.test_sources import PRICE, config, server  # noqa: F401 (server is a fixture)

QUICK = dict(backoff=0.01, timeout=5.0, retries=0)
REPO = "/repos/chutesai/chutes"  # SN64's repository


def test_sources_are_read_while_the_metagraphs_are(fake, server, tmp_path):  # noqa: F811
    server.routes[PRICE] = (200, {"bittensor": {"usd": 321.5, "last_updated_at": 1786091700}}, {})
    asked = threading.Event()

    def repository(handler):
        asked.set()
        return 404, {"message": "Not Found"}, {}

    server.routes[REPO] = repository
    last = metagraph_of(128)
    # Subnet 128's metagraph answers only once SN64's repository was asked for: read after the
    # chain part, as before, the code activity would come too late and that read would time out.
    fake.fault = lambda name, args: asyncio.to_thread(asked.wait, 20) if last(name, args) else None
    summary = fetch_to_folder(FetchConfig(**QUICK), tmp_path / "out", config(server, tmp_path), substrate=fake)
    doc = load_snapshot(summary.path).doc
    assert asked.is_set() and len(doc.neurons) == 129 and fake.calls["runtime_call"] == 131  # no retry
    assert doc.price_usd.tao_usd == 321.5 and doc.code_activity[64].status == "not_found"
    assert server.paths()[0] == PRICE  # the price first, then the repositories, as before
    assert len(doc.code_activity) == 111


def test_a_failing_chain_stops_the_sources_and_writes_nothing(fake, server, tmp_path):  # noqa: F811
    server.routes[PRICE] = (200, {"bittensor": {"usd": 321.5}}, {})
    asked = threading.Event()

    def repository(handler):
        asked.set()
        return 404, {"message": "Not Found"}, {}

    server.routes[REPO] = repository

    def fault(name, args):
        if metagraph_of(128)(name, args):
            return _fail_once_asked(asked)

    fake.fault = fault
    with pytest.raises(FetchError) as err:
        fetch_to_folder(FetchConfig(**QUICK), tmp_path / "out", config(server, tmp_path), substrate=fake)
    assert err.value.message == (
        f"subnet 128: could not read its metagraph at block {BLOCK}: ChainError: trap "
        "(use --allow-partial to write the snapshot without it)"
    )
    assert asked.is_set()  # the sources were under way when the chain part failed
    assert list((tmp_path / "out").iterdir()) == [] and fake.closed


async def _fail_once_asked(asked: threading.Event) -> None:
    """Fail subnet 128's read once the sources are under way."""
    await asyncio.to_thread(asked.wait, 20)
    raise ChainError("trap")


@pytest.mark.parametrize("with_sources", [True, False])
def test_a_listing_of_an_unexpected_shape_is_one_line(fake, server, tmp_path, with_sources):  # noqa: F811
    fake.specs[9]["netuid"] = "nine"
    sources = config(server, tmp_path) if with_sources else None
    with pytest.raises(FetchError) as err:
        fetch_to_folder(FetchConfig(**QUICK), tmp_path / "out", sources, substrate=fake)
    assert err.value.message == (
        f"block {BLOCK}: the chain answered data of an unexpected shape: "
        "ValueError: invalid literal for int() with base 10: 'nine'"
    )
    assert list((tmp_path / "out").iterdir()) == [] and fake.closed
    assert server.requests == []  # nothing was asked of the sources
