"""The SVG chart arithmetic, and that a hostile label is escaped in the SVG."""

from __future__ import annotations

from django.template.loader import render_to_string

from moderation.supervision.charts import HEIGHT, Series, bar_chart, line_chart, nice_maximum


def test_nice_maximum():
    assert [nice_maximum(v) for v in (0, 1, 3, 7, 12, 180, 0.3)] == [1, 1, 5, 10, 20, 200, 0.5]


def test_bars_stand_on_the_axis_and_scale_to_the_largest():
    chart = bar_chart(
        title="t", desc="d", labels=["a", "b"], series=[Series("n", [5, 10]), Series("m", [0, 2])]
    )
    assert len(chart.bars) == 4
    tallest = max(chart.bars, key=lambda b: b["height"])
    assert tallest["y"] == 12 and tallest["y"] + tallest["height"] == HEIGHT - 56
    assert [b["height"] for b in chart.bars][1] == 0  # a zero is drawn flat
    assert chart.y_ticks[-1]["label"] == "10" and not chart.empty


def test_lines_and_the_empty_chart():
    chart = line_chart(title="t", desc="d", labels=["x", "y", "z"], series=[Series("n", [0, 0, 0])])
    assert chart.empty and chart.lines[0]["points"].count(",") == 3


def test_labels_are_escaped_in_the_svg():
    chart = bar_chart(
        title="<script>alert(1)</script>", desc="d", labels=["<b>x</b>"], series=[Series("s&", [1])]
    )
    svg = render_to_string("moderation/supervision/_chart.html", {"chart": chart, "key": "k"})
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="chart-k-title chart-k-desc"' in svg
