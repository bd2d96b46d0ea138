"""Shared fixtures: isolated SDK caches (SDK gotcha 9) and the in-memory chain."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fakechain import FakeSubstrate, load_capture  # noqa: E402

_CAPTURE = load_capture()


@pytest.fixture(autouse=True)
def _sdk_caches(tmp_path_factory, monkeypatch):
    """Give the SDK fresh, writable symbol and runtime caches for every test."""
    folder = tmp_path_factory.mktemp("sdk-cache")
    monkeypatch.setenv("BTCLI_TOKEN_SYMBOLS_CACHE", str(folder / "symbols.json"))
    monkeypatch.setenv("BITTENSOR_RUNTIME_CACHE_DIR", str(folder / "runtime"))
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)


@pytest.fixture
def fake() -> FakeSubstrate:
    """A fresh in-memory chain seeded from the 2026-08-07 capture."""
    return FakeSubstrate(_CAPTURE)
