"""Compact chart SVG: the same picture as matplotlib's own text, in fewer bytes; reused figures leak nothing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from generator.site import chart_svg, charts
from generator.site.charts import Chart, draw

SVG = "{http://www.w3.org/2000/svg}"
LINK = "{http://www.w3.org/1999/xlink}href"
HISTORY = Chart(
    "h.svg",
    "history",
    {"editions": ["2026-03-22", "2026-04-13"], "share_pct": [1.5, 2.25], "price": [2e-5, 1.2e-5]},
    "",
    "",
)
LONG = Chart(
    "l.svg",
    "history",
    {"editions": [f"2026-{m:02d}-01" for m in range(1, 13)], "share_pct": [0.3] * 12, "price": [0.1] * 12},
    "",
    "",
)
CURVE = Chart("c.svg", "curve", {"cumulative_pct": [40.0, 70.125, 90.0, 100.0]}, "", "")
OTHER_CURVE = Chart("o.svg", "curve", {"cumulative_pct": [10.0 * k for k in range(1, 11)]}, "", "")
# Text that looks like what compaction rewrites elsewhere: a style's ": ", a long number, a <g>.
TRICKY = "SN1 a: b, c; 0.123456 <g>"
BARS = Chart("b.svg", "bars", {"labels": [TRICKY, "SN2"], "values": [2.0, 1.0], "xlabel": "x: 1.23456"}, "", "")
OTHER_BARS = Chart(
    "p.svg", "bars", {"labels": [f"SN{i}" for i in range(6)], "values": [6.0, 5, 4, 3, 2, 1], "xlabel": "y"}, "", ""
)
EVERY = [HISTORY, LONG, CURVE, OTHER_CURVE, BARS, OTHER_BARS]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def raw_and_compact(chart: Chart, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """Draw a chart as matplotlib writes it (compaction off), then as the site ships it."""
    with monkeypatch.context() as patch:
        patch.setattr(chart_svg, "compact", lambda svg: svg)
        raw = draw(chart)
    return raw, draw(chart)


def tokens(value: str) -> tuple[list[str], list[float]]:
    """Split an attribute value into its words and punctuation (white space dropped) and its numbers."""
    words = re.findall(r"\w+|[^\w\s]", NUMBER.sub(" # ", value))
    return words, [float(n) for n in NUMBER.findall(value)]


def picture(svg: str) -> list[tuple[str, dict[str, tuple[list[str], list[float]]], str]]:
    """Every drawn element in order (groups with nothing but an id left out): tag, attributes, text.

    Styles are compared declaration by declaration, a text's inherited font family included.
    """
    root = ET.fromstring(svg)
    shared = {"font-family": root.attrib.pop("font-family")} if "font-family" in root.attrib else {}
    drawn = []
    for element in root.iter():
        attributes = {k: v for k, v in element.attrib.items() if not (element.tag == f"{SVG}g" and k == "id")}
        if element.tag == f"{SVG}g" and not attributes:
            continue
        if "style" in attributes or element.tag == f"{SVG}text":
            own = [d.split(":", 1) for d in attributes.pop("style", "").split(";") if d.strip()]
            style = {**(shared if element.tag == f"{SVG}text" else {}), **{k.strip(): v.strip() for k, v in own}}
            attributes["style"] = ";".join(f"{k}:{v}" for k, v in sorted(style.items()))
        text = (element.text or "").strip() if element.tag != f"{SVG}style" else ""
        drawn.append((element.tag, {k: tokens(v) for k, v in attributes.items()}, text))
    return drawn


def test_compact_svg_draws_the_same_picture_in_far_fewer_bytes(monkeypatch):
    for chart in EVERY:
        raw, small = raw_and_compact(chart, monkeypatch)
        before, after = picture(raw), picture(small)
        assert [(tag, sorted(attrs), text) for tag, attrs, text in before] == [
            (tag, sorted(attrs), text) for tag, attrs, text in after
        ], chart.name
        for (_, old, _), (_, new, _) in zip(before, after):
            for name, (words, numbers) in old.items():
                assert new[name][0] == words, (chart.name, name)
                assert new[name][1] == pytest.approx(numbers, abs=0.0051), (chart.name, name)
        assert len(small) < 0.7 * len(raw), chart.name  # 0.6 over the sample's charts


def test_compact_svg_is_bare_well_formed_and_keeps_every_label_whole():
    svg = draw(BARS)
    ET.fromstring(svg)  # valid XML
    assert svg.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg ') and "<!DOCTYPE" not in svg
    assert "\n" not in svg.split("\n", 1)[1].rstrip("\n") and "> <" not in svg  # one line after the declaration
    assert f">{chart_svg_escaped(TRICKY)}</text>" in svg and ">x: 1.23456</text>" in svg  # text is never rewritten
    tags = re.findall(r"<[^>]+>", svg)
    assert not any(re.search(r"\d\.\d{3}", tag) for tag in tags[2:])  # two decimals at most in the drawing
    assert "<g>" not in svg and '<g id="' not in svg
    assert "font-family" not in "".join(t for t in tags if t.startswith("<text"))  # the root names it once
    assert tags[1].startswith("<svg font-family=\"'DejaVu Sans',sans-serif\" ")


def chart_svg_escaped(text: str) -> str:
    """A label as XML writes it between tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_every_reference_points_at_an_element_and_the_accent_still_darkens():
    for chart in EVERY:
        svg = draw(chart)
        root = ET.fromstring(svg)
        ids = {e.get("id") for e in root.iter() if e.get("id")}
        refs = re.findall(r"url\(#([^)]+)\)", svg) + [e.get(LINK, "")[1:] for e in root.iter(f"{SVG}use")]
        assert refs and set(refs) <= ids, chart.name
        selectors = re.findall(r'\[style\*="([^"]+)"\]', svg)  # the accent's dark-mode colours
        accented = [e.get("style", "") for e in root.iter() if charts.ACCENT in e.get("style", "")]
        assert len(selectors) == 2 and accented, chart.name
        assert all(any(s in style for s in selectors) for style in accented), chart.name


def test_unwrap_groups_keeps_content_and_groups_that_do_something():
    svg = '<g id="a"><g clip-path="url(#p)"><g id="b"><path d="M0 0"/></g></g><g id="c"/><g><text>x</text></g></g>'
    assert chart_svg.unwrap_groups(svg) == '<g clip-path="url(#p)"><path d="M0 0"/></g><text>x</text>'


def test_the_font_family_is_named_once_only_when_every_text_has_it():
    family = "font-family:'F',sans-serif"
    both = f'<svg x="1"><text style="{family};fill:red">a</text><text style="x:y;{family}">b</text></svg>'
    assert chart_svg.share_text_font(both) == (
        '<svg font-family="\'F\',sans-serif" x="1"><text style="fill:red">a</text><text style="x:y">b</text></svg>'
    )
    for odd in ('<text x="1">b</text>', '<text style="font-family:G">b</text>'):
        other = f'<svg><text style="{family}">a</text>{odd}</svg>'
        assert chart_svg.share_text_font(other) == other  # the odd text would take on the family


def tick_marks(svg: str) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Where the x axes' tick marks (a short line down) and the y axes' (a short line left) are drawn."""
    shapes = dict(re.findall(r'<path id="(\w+)" d="([^"]*)"', svg))
    down, left = [], []
    for mark, x, y in re.findall(r'<use xlink:href="#(\w+)" x="([-\d.]+)" y="([-\d.]+)"', svg):
        {"M0 0L0 3.5": down, "M0 0L-3.5 0": left}.get(shapes[mark], []).append((float(x), float(y)))
    return sorted(down), sorted(left)


def tick_labels(svg: str, anchor: str) -> list[tuple[float, float]]:
    """Where the tick labels of one alignment are (x centred under a mark, y right of one)."""
    found = re.findall(rf'<text style="[^"]*text-anchor:{anchor}[^"]*" x="([-\d.]+)" y="([-\d.]+)">[^<]*\d</text>', svg)
    return sorted((float(x), float(y)) for x, y in found)


def test_each_tick_label_has_its_mark_and_no_mark_is_left_without_one():
    for chart in (CURVE, OTHER_CURVE, OTHER_BARS, HISTORY):
        svg = draw(chart)
        down, left = tick_marks(svg)
        lowest = [x for x, y in down if y == max(y for _, y in down)]  # under the lowest panel: labelled
        centred = sorted({x for x, _ in tick_labels(svg, "middle")})  # a date's year sits under it too
        assert lowest == pytest.approx(centred, abs=0.01), chart.name
        beside = sorted(y for _, y in left)
        numbers = [y for _, y in tick_labels(svg, "end")] if chart.kind != "bars" else []
        for mark, label in zip(beside, sorted(numbers)):
            assert 3.0 < label - mark < 5.0, chart.name  # the label's baseline a little under its mark
        assert len(numbers) in (0, len(beside)) and len(left) >= 2, chart.name
    down, _ = tick_marks(draw(LONG))
    rows: dict[float, list[float]] = {}
    for x, y in down:
        rows.setdefault(y, []).append(x)
    upper, lower = rows.values()
    assert upper == lower and len(upper) >= 3  # the share panel has its dates' marks, unlabelled


def fresh_svgs(charts_wanted: list[Chart]) -> list[str]:
    """Draw each chart in a new process, as the first chart of its figure."""
    code = (
        "import json,sys; from generator.site.charts import Chart, draw; "
        "print(json.dumps([draw(Chart(**c)) for c in json.loads(sys.argv[1])]))"
    )
    payload = [{"name": c.name, "kind": c.kind, "data": c.data, "title": "", "alt": ""} for c in charts_wanted]
    firsts = []
    for one in payload:
        out = subprocess.run(
            [sys.executable, "-c", code, json.dumps([one])], capture_output=True, text=True, check=True
        )
        firsts.extend(json.loads(out.stdout))
    return firsts


def test_a_reused_figure_leaks_nothing_from_one_chart_into_the_next():
    pairs = [(HISTORY, LONG), (CURVE, OTHER_CURVE), (BARS, OTHER_BARS)]
    fresh = dict(zip((c.name for pair in pairs for c in pair), fresh_svgs([c for pair in pairs for c in pair])))
    for first, second in pairs:
        assert fresh[first.name] != fresh[second.name]
        for order in ((first, second), (second, first), (first, second)):
            for chart in order:
                assert draw(chart) == fresh[chart.name], (chart.name, [c.name for c in order])
