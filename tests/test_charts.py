"""Charts: deterministic SVG, a reused figure draws exactly what a fresh one does, the cache works."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

from generator.build.drawing import Drawing
from generator.site import charts
from generator.site.charts import Chart, draw

HISTORY = Chart(
    "h.svg",
    "history",
    {"editions": ["a", "b", "c"], "share_pct": [1.0, None, 3.0], "price": [0.1, 0.2, 0.15]},
    "t",
    "alt",
)
OTHER = Chart("o.svg", "history", {"editions": ["a", "b"], "share_pct": [9.0, 2.0], "price": [1.0, 2.0]}, "t", "alt")
CURVE = Chart("c.svg", "curve", {"cumulative_pct": [50.0, 80.0, 100.0]}, "t", "alt")
BARS = Chart("b.svg", "bars", {"labels": ["SN1 $x$", "SN2"], "values": [2.0, 1.0], "xlabel": "x"}, "t", "alt")


def fresh_process_svg(chart: Chart) -> str:
    code = (
        "import json,sys; from generator.site.charts import Chart, draw; "
        "print(draw(Chart(**json.loads(sys.argv[1]))), end='')"
    )
    payload = {"name": chart.name, "kind": chart.kind, "data": chart.data, "title": "t", "alt": "alt"}
    import json

    return subprocess.run(
        [sys.executable, "-c", code, json.dumps(payload)], capture_output=True, text=True, check=True
    ).stdout


def test_reused_figure_draws_like_a_fresh_one():
    first = draw(HISTORY)
    draw(OTHER)
    draw(CURVE)
    assert draw(HISTORY) == first == fresh_process_svg(HISTORY)


def test_svg_has_no_timestamp_and_text_is_literal():
    svg = draw(BARS)
    assert "<dc:date>" not in svg and "<metadata>" not in svg
    assert "SN1 $x$" in svg  # no mathtext parsing of untrusted names


def test_text_is_svg_text_coloured_by_the_page():
    for chart in (HISTORY, CURVE, BARS):
        svg = draw(chart)
        assert "<text" in svg and 'id="DejaVuSans-' not in svg  # text, not outlined glyphs
        assert "fill: currentColor" in svg and "stroke: currentColor" in svg
        assert charts.INK not in svg and "#000000" not in svg and "#ffffff" not in svg
        assert charts.ACCENT in svg  # the data keep their colour
        root = svg[svg.index("<svg") : svg.index(">", svg.index("<svg"))]
        assert 'viewBox="0 0 518.4 ' in root and 'width="518.4pt"' in root and 'height="' in root


def dates(count: int) -> list[str]:
    start = date(2024, 1, 7)
    return [(start + timedelta(weeks=week)).isoformat() for week in range(count)]


def drawn_tick_boxes(count: int) -> list[list]:
    """Draw a history chart of `count` editions; return each panel's x tick label boxes, left to right."""
    labels = dates(count)
    svg = draw(
        Chart("d.svg", "history", {"editions": labels, "share_pct": [1.0] * count, "price": [0.5] * count}, "t", "alt")
    )
    _fig, axes, _ = charts._history_figure()
    panels = []
    for ax in axes:
        shown = [t for t in ax.get_xticklabels() if t.get_text()]
        assert all(f">{t.get_text()}</text>" in svg for t in shown)
        boxes = [(t.get_window_extent(), t.get_text()) for t in shown]
        panels.append(sorted(boxes, key=lambda pair: pair[0].x0))
    return panels


def test_date_tick_labels_never_touch_and_the_latest_is_shown():
    for count in (1, 2, 3, 4, 5, 7, 13, 52, 155, 156, 400):
        for panel in drawn_tick_boxes(count):
            assert panel[-1][1] == dates(count)[-1]
            for (left, _), (right, _) in zip(panel, panel[1:]):
                assert right.x0 - left.x1 >= charts.TICK_GAP_PT - 0.01, count
            assert panel[0][0].x0 >= 0 and panel[-1][0].x1 <= 518.4, count


def test_unknown_is_not_drawn_as_zero():
    as_zero = Chart("z.svg", "history", {**HISTORY.data, "share_pct": [1.0, 0.0, 3.0]}, "t", "alt")
    assert draw(HISTORY) != draw(as_zero)


def test_cache_draws_each_chart_once(tmp_path, monkeypatch):
    calls = []
    real = charts.draw
    monkeypatch.setattr(charts, "draw", lambda c: calls.append(c.name) or real(c))
    first = Drawing(tmp_path, jobs=1).start([HISTORY, CURVE]).result()
    second = Drawing(tmp_path, jobs=1).start([HISTORY, CURVE]).result()
    assert calls == ["h.svg", "c.svg"]
    assert first == second
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(f"{c.key}.svg" for c in (HISTORY, CURVE))


def test_key_changes_with_data():
    assert HISTORY.key != OTHER.key
    assert HISTORY.key == Chart("other-name.svg", "history", dict(HISTORY.data), "x", "y").key
