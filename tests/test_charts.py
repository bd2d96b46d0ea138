"""Charts: deterministic SVG, a reused figure draws exactly what a fresh one does, the cache works."""

from __future__ import annotations

import math
import re
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
        assert "fill:currentColor" in svg and "stroke:currentColor" in svg
        assert charts.INK not in svg and "#000000" not in svg and "#ffffff" not in svg
        assert charts.ACCENT in svg  # the data keep their colour
        root = svg[svg.index("<svg") : svg.index(">", svg.index("<svg"))]
        assert 'viewBox="0 0 324 ' in root and 'width="324pt"' in root and 'height="' in root


def test_the_page_is_told_the_size_each_chart_is_drawn_at():
    many = Chart(
        "m.svg", "bars", {"labels": [f"SN{i}" for i in range(15)], "values": [1.0] * 15, "xlabel": "x"}, "t", ""
    )
    for chart in (HISTORY, CURVE, BARS, many):
        svg = draw(chart)
        root = svg[svg.index("<svg") : svg.index(">", svg.index("<svg"))]
        width, height = charts.figure_size_pt(chart)
        assert f'width="{width:g}pt" height="{height:g}pt"' in root
        assert charts.size_px(chart) == (round(width * 4 / 3), round(height * 4 / 3))
    assert charts.size_px(many)[1] > charts.size_px(BARS)[1]  # one row a bar


def dates(count: int) -> list[str]:
    start = date(2024, 1, 7)
    return [(start + timedelta(weeks=week)).isoformat() for week in range(count)]


def points(text) -> tuple[float, float, float, float]:
    """A drawn text's box in points (left, bottom, right, top)."""
    box = text.get_window_extent()
    scale = 72 / text.figure.dpi
    return box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale


def drawn_dates(labels: list[str]) -> tuple[list, list]:
    """Draw a history chart of these editions; return its (box, text) of dates and of years, left to right."""
    count = len(labels)
    svg = draw(
        Chart("d.svg", "history", {"editions": labels, "share_pct": [1.0] * count, "price": [0.5] * count}, "t", "alt")
    )
    _fig, axes, _, years = charts._history_figure()
    assert not any(t.get_visible() and t.get_text() for t in axes[0].get_xticklabels())  # dates under the lower only
    shown = [t for t in axes[1].get_xticklabels() if t.get_text()]
    assert all(f">{t.get_text()}</text>" in svg for t in shown + years)
    return sorted((points(t), t.get_text()) for t in shown), sorted((points(t), t.get_text()) for t in years)


def test_dates_are_short_with_the_year_under_the_first_and_at_each_change():
    assert charts.short_date("2026-03-22") == ("Mar 22", "2026") and charts.short_date("x-1") == ("x-1", "")
    dates_shown, years = drawn_dates(["2025-12-28", "2026-01-04", "2026-03-22"])
    assert [text for _, text in dates_shown] == ["Dec 28", "Jan 4", "Mar 22"]
    assert [text for _, text in years] == ["2025", "2026"]
    for (year_box, _), (date_box, _) in zip(years, dates_shown[:2]):
        assert abs((year_box[0] + year_box[2]) - (date_box[0] + date_box[2])) < 0.01  # centred under its date
        assert year_box[3] <= date_box[1]  # below it, not on it
    assert charts.year_marks(["2026", "2026", "2027", "2027"], [1, 3]) == [1, 3]
    assert charts.year_marks(["2026", "2026", "2026"], [0, 2]) == [0]


def test_date_labels_never_touch_and_the_latest_is_shown():
    for count in (1, 2, 3, 4, 5, 7, 13, 52, 155, 156, 400):
        dates_shown, years = drawn_dates(dates(count))
        assert dates_shown[-1][1] == charts.short_date(dates(count)[-1])[0]
        for row in (dates_shown, years):
            for (left, _), (right, _) in zip(row, row[1:]):
                assert right[0] - left[2] >= charts.TICK_GAP_PT - 0.01, count
            assert row[0][0][0] >= 0 and row[-1][0][2] <= charts.WIDTH_PT, count
        ticks = charts.spaced_ticks([charts.short_date(d)[0] for d in dates(count)], charts.HISTORY_AXIS_PT)
        assert [y for _, y in years] == sorted({dates(count)[i][:4] for i in ticks})  # each year shown once


def test_a_tiny_price_is_written_out_and_its_ticks_stay_in_the_chart():
    for top in (0.5, 0.00012, 0.0000004):
        data = {"editions": ["2026-03-22", "2026-04-13"], "share_pct": [1.0, 2.0], "price": [top / 2, top]}
        svg = draw(Chart("p.svg", "history", data, "t", "alt"))
        _fig, axes, _, _ = charts._history_figure()
        low, high = axes[1].get_ylim()
        labels = [t for t in axes[1].get_yticklabels() if t.get_text() and low <= t.get_position()[1] <= high]
        assert len(labels) >= 3 and not any("e" in t.get_text() for t in labels), top
        assert all(f">{t.get_text()}</text>" in svg for t in labels)
        assert axes[1].yaxis.get_offset_text().get_text() == ""
        assert min(points(t)[0] for t in labels) >= 0, top  # the widest label still starts inside the figure


def test_a_long_bar_label_is_shortened_to_leave_the_bars_half_the_width():
    name = "SN123 " + "W" * 18
    short = charts.fitted(name, charts.BAR_LABEL_MAX_PT)
    assert short.endswith("…") and name.startswith(short[:-1]) and len(short) < len(name)
    assert charts.text_width_pt(short) <= charts.BAR_LABEL_MAX_PT
    assert charts.fitted("SN64 Chutes", charts.BAR_LABEL_MAX_PT) == "SN64 Chutes"
    svg = draw(Chart("l.svg", "bars", {"labels": [name, "SN2"], "values": [2.0, 1.0], "xlabel": "x"}, "t", "alt"))
    assert f">{short}</text>" in svg and f">{name}</text>" not in svg


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
    assert first == second == {HISTORY.key, CURVE.key}
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(f"{c.key}.svg" for c in (HISTORY, CURVE))


def test_a_chart_started_twice_while_drawn_is_drawn_once(tmp_path, monkeypatch):
    log = tmp_path / "drawn.txt"  # the workers are forks of this process: they inherit the patch and log here
    real = charts.draw

    def logged(chart):
        with log.open("a") as handle:
            handle.write(chart.name + "\n")
        return real(chart)

    monkeypatch.setattr(charts, "draw", logged)
    with Drawing(tmp_path, jobs=2) as drawing:
        early = drawing.start([HISTORY, CURVE])  # as the newest edition starts the latest view's charts
        late = drawing.start([CURVE, OTHER])  # as the latest view asks for them, one still being drawn
        assert early.result() | late.result() == {HISTORY.key, CURVE.key, OTHER.key}
    assert sorted(log.read_text().split()) == ["c.svg", "h.svg", "o.svg"]


def test_key_changes_with_data():
    assert HISTORY.key != OTHER.key
    assert HISTORY.key == Chart("other-name.svg", "history", dict(HISTORY.data), "x", "y").key


def test_a_long_series_marks_only_the_latest_point_and_points_no_line_reaches():
    nan = math.nan
    assert charts.marked([1.0, nan, 3.0]) == [0, 2]  # a short series: every known point
    long = [float(i) for i in range(52)]
    long[10] = long[12] = nan  # point 11 stands alone between two gaps
    assert charts.marked(long) == [11, 51]
    assert charts.marked([nan] * 20) == []


def test_a_year_of_history_draws_two_dots_not_a_hundred():
    editions = [f"2025-{1 + w // 5:02d}-{1 + (w % 5) * 6:02d}" for w in range(52)]
    data = {"editions": editions, "share_pct": [1.0 + w / 10 for w in range(52)], "price": [0.01] * 52}
    svg = charts.draw(Chart("h.svg", "history", data, "t", "alt"))
    dots = re.findall(r"<use [^>]*fill:#2f5d8a", svg)  # a marker is a <use> filled in the accent colour
    assert len(dots) == 2 and len(svg) < 16_000  # the latest point of each panel; 24 kB with 104 dots
