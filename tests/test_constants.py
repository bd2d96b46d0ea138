"""The chain's constants live in generator/constants.py only, and the methodology page reads them there;
the fetch has one retry policy."""

from __future__ import annotations

import re
from pathlib import Path

from generator import constants
from generator.site.definitions import ChainConstants, chain_constants

PACKAGE = Path(constants.__file__).resolve().parent
# a local copy of a chain constant: an assignment of one of these literals
COPY = re.compile(r"^\s*[A-Z_]+\s*=\s*(1e9|1_000_000_000|86_?400|11_?796|65_?535|21_000_000|7_?200)\b", re.M)


def test_no_module_keeps_its_own_copy_of_a_chain_constant():
    modules = [p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "constants.py"]
    assert len(modules) > 60
    copies = [f"{p.relative_to(PACKAGE)}: {m.group(0).strip()}" for p in modules for m in COPY.finditer(p.read_text())]
    assert copies == []


def test_the_methodology_states_the_constants_of_constants_py(built_site):
    assert chain_constants() == ChainConstants("86,400", "7,200", 9, "18%", 11796, 65535, "41%", "41%")
    text = (built_site / "methodology.html").read_text(encoding="utf-8")
    assert "D = 86,400 / block time = 7,200 blocks per day" in text
    assert "split 18% to the owner (exactly 11796/65535), 41% to miners and 41% to validators" in text


def test_one_retry_policy_for_chain_and_http_calls():
    users = sorted(
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if "import tenacity" in p.read_text() or "from tenacity" in p.read_text()
    )
    assert users == ["fetch/retry.py"]
    for module in ("fetch/calls.py", "fetch/http_cache.py"):
        assert "from generator.fetch.retry import retrying" in (PACKAGE / module).read_text()
