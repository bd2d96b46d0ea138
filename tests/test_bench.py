"""The benchmarks run: their help, the fetch set-up, the synthetic history and the peers' Markdown (nothing timed)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from bench_history import synthetic_history  # noqa: E402
from peers import page_markdown, write_peer_inputs  # noqa: E402


@pytest.mark.parametrize("script", ["bench_build.py", "bench_history.py", "bench_fetch.py", "bench_charts.py"])
def test_bench_scripts_answer_help(script):
    result = subprocess.run([sys.executable, str(BENCH / script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout and "--" in result.stdout


def test_fetch_bench_dry_run_fetches_the_fake_chain():
    result = subprocess.run(
        [sys.executable, str(BENCH / "bench_fetch.py"), "--dry-run"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "fetch against the in-memory chain: ok"


def test_synthetic_history_is_valid_weekly_snapshots(tmp_path):
    paths = synthetic_history(2, tmp_path / "a")
    again = synthetic_history(2, tmp_path / "b")
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]  # deterministic
    docs = [json.loads(gzip.decompress(p.read_bytes())) for p in paths]
    assert docs[1]["provenance"]["block"] - docs[0]["provenance"]["block"] == 7 * 7200
    first, second = (next(s for s in d["subnets"] if s["netuid"] == 1) for d in docs)
    assert first["price_tao"] != second["price_tao"] and isinstance(first["tao_in_rao"], int)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=BENCH.parent,
    )
    assert result.returncode == 0, result.stderr + result.stdout


PAGE = """<!doctype html><html><head><title>SN1 &amp; co</title><style>p{}</style></head>
<body><header><a href="/">home</a></header><main><h2>In short</h2><p>Pays <b>7,200</b> alpha_a *day*.</p>
<ul><li>one</li><li>two &lt;b&gt;</li></ul><script>ignored()</script></main></body></html>"""


def test_page_text_becomes_markdown_with_the_same_words(tmp_path):
    (tmp_path / "site" / "subnets").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "site" / "subnets" / "1.html").write_text(PAGE, encoding="utf-8")
    title, text = page_markdown(tmp_path / "site" / "index.html")
    assert title == "SN1 & co"
    assert text == "home\n\n## In short\n\nPays 7,200 alpha\\_a \\*day\\*.\n\n- one\n\n- two &lt;b&gt;\n"
    assert write_peer_inputs(tmp_path / "site", tmp_path / "peer") == 2
    assert (
        (tmp_path / "peer" / "mkdocs" / "docs" / "subnets" / "1.md")
        .read_text(encoding="utf-8")
        .startswith("# SN1 & co\n")
    )
    assert sorted(p.name for p in (tmp_path / "peer" / "hugo" / "content").iterdir()) == ["_index.md", "subnets-1.md"]
