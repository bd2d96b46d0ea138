"""Charts: deterministic SVG, a reused figure draws exactly what a fresh one does, the cache works."""

from __future__ import annotations

import subprocess
import sys

from generator import charts
from generator.charts import Chart, draw, draw_all

HISTORY = Chart("h.svg", "history", {"editions": ["a", "b", "c"], "share_pct": [1.0, None, 3.0],
                                     "price": [0.1, 0.2, 0.15]}, "t", "alt")
OTHER = Chart("o.svg", "history", {"editions": ["a", "b"], "share_pct": [9.0, 2.0], "price": [1.0, 2.0]}, "t", "alt")
CURVE = Chart("c.svg", "curve", {"cumulative_pct": [50.0, 80.0, 100.0]}, "t", "alt")
BARS = Chart("b.svg", "bars", {"labels": ["SN1 $x$", "SN2"], "values": [2.0, 1.0], "xlabel": "x"}, "t", "alt")


def fresh_process_svg(chart: Chart) -> str:
    code = ("import json,sys; from generator.charts import Chart, draw; "
            f"print(draw(Chart(**json.loads(sys.argv[1]))), end='')")
    payload = {"name": chart.name, "kind": chart.kind, "data": chart.data, "title": "t", "alt": "alt"}
    import json
    return subprocess.run([sys.executable, "-c", code, json.dumps(payload)], capture_output=True,
                          text=True, check=True).stdout


def test_reused_figure_draws_like_a_fresh_one():
    first = draw(HISTORY)
    draw(OTHER)
    draw(CURVE)
    assert draw(HISTORY) == first == fresh_process_svg(HISTORY)


def test_svg_has_no_timestamp_and_text_is_literal():
    svg = draw(BARS)
    assert "<dc:date>" not in svg
    assert "SN1 $x$" in svg  # no mathtext parsing of untrusted names


def test_unknown_is_not_drawn_as_zero():
    as_zero = Chart("z.svg", "history", {**HISTORY.data, "share_pct": [1.0, 0.0, 3.0]}, "t", "alt")
    assert draw(HISTORY) != draw(as_zero)


def test_cache_draws_each_chart_once(tmp_path, monkeypatch):
    calls = []
    real = charts.draw
    monkeypatch.setattr(charts, "draw", lambda c: calls.append(c.name) or real(c))
    first = draw_all([HISTORY, CURVE], tmp_path, jobs=1)
    second = draw_all([HISTORY, CURVE], tmp_path, jobs=1)
    assert calls == ["h.svg", "c.svg"]
    assert first == second
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(f"{c.key}.svg" for c in (HISTORY, CURVE))


def test_key_changes_with_data():
    assert HISTORY.key != OTHER.key
    assert HISTORY.key == Chart("other-name.svg", "history", dict(HISTORY.data), "x", "y").key
