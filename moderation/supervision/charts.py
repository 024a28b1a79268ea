"""Charts drawn on the server as SVG, with no JavaScript and nothing fetched from elsewhere.

This module only does the arithmetic: where each bar, point and tick goes. The templates
(`templates/moderation/supervision/_chart.html`) write the SVG elements, so every label is
escaped by Django like any other text (labels can be category or site names). Each chart has a
`<title>` and a `<desc>` and is shown beside a table with the same numbers, for screen readers
and for anyone who wants the figures rather than the shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 56
# USWDS colours, each at least 3:1 against white (WCAG 1.4.11, non-text contrast).
PALETTE = ("#005ea2", "#c05600", "#008817", "#8b0a03", "#6f3331", "#4d8055", "#1a4480", "#936f38")


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]


@dataclass
class Chart:
    kind: str  # "bars" or "lines"
    title: str
    desc: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_right: int = WIDTH - RIGHT
    y_ticks: list[dict] = field(default_factory=list)
    x_labels: list[dict] = field(default_factory=list)
    bars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    empty: bool = False
    maximum: float = 1.0


def nice_maximum(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value`, so ticks fall on round numbers."""
    if value <= 0:
        return 1
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    while magnitude > value:
        magnitude /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _frame(*, kind: str, title: str, desc: str, labels: list[str], series: list[Series]) -> Chart:
    chart = Chart(kind=kind, title=title, desc=desc)
    top = max((v for s in series for v in s.values), default=0)
    chart.empty = not labels or top <= 0
    maximum = nice_maximum(top)
    plot_height = chart.plot_bottom - TOP
    for i in range(5):
        value = maximum * i / 4
        chart.y_ticks.append(
            {
                "y": round(chart.plot_bottom - plot_height * i / 4, 1),
                "label": f"{value:g}",
            }
        )
    chart.legend = [
        {"name": s.name, "colour": PALETTE[i % len(PALETTE)], "x": LEFT + 150 * i}
        for i, s in enumerate(series)
    ]
    chart.maximum = maximum
    return chart


def _y(chart: Chart, value: float) -> float:
    plot_height = chart.plot_bottom - TOP
    return round(chart.plot_bottom - plot_height * value / chart.maximum, 1)


def _label_every(count: int, room: int) -> int:
    """Show every n-th label along the x axis so the labels never overlap."""
    return max(1, -(-count // room))


def bar_chart(*, title: str, desc: str, labels: list[str], series: list[Series]) -> Chart:
    """Grouped vertical bars: one group per label, one bar per series."""
    chart = _frame(kind="bars", title=title, desc=desc, labels=labels, series=series)
    if not labels or not series:
        return chart
    plot_width = chart.plot_right - chart.plot_left
    group = plot_width / len(labels)
    bar = max(1.0, group * 0.8 / len(series))
    every = _label_every(len(labels), 12)
    for i, label in enumerate(labels):
        x0 = chart.plot_left + group * i + group * 0.1
        for j, s in enumerate(series):
            value = s.values[i]
            y = _y(chart, value)
            chart.bars.append(
                {
                    "x": round(x0 + bar * j, 1),
                    "y": y,
                    "width": round(bar, 1),
                    "height": round(chart.plot_bottom - y, 1),
                    "colour": PALETTE[j % len(PALETTE)],
                    "tip": f"{s.name}, {label}: {value:g}",
                }
            )
        if i % every == 0:
            chart.x_labels.append({"x": round(x0 + group * 0.4, 1), "text": label})
    return chart


def line_chart(*, title: str, desc: str, labels: list[str], series: list[Series]) -> Chart:
    """One line per series across the labels (days or months), left to right."""
    chart = _frame(kind="lines", title=title, desc=desc, labels=labels, series=series)
    if not labels or not series:
        return chart
    plot_width = chart.plot_right - chart.plot_left
    step = plot_width / max(1, len(labels) - 1)
    xs = [round(chart.plot_left + step * i, 1) for i in range(len(labels))]
    if len(labels) == 1:
        xs = [round(chart.plot_left + plot_width / 2, 1)]
    for j, s in enumerate(series):
        points = [(x, _y(chart, v)) for x, v in zip(xs, s.values, strict=True)]
        chart.lines.append(
            {
                "points": " ".join(f"{x},{y}" for x, y in points),
                "colour": PALETTE[j % len(PALETTE)],
                "name": s.name,
                # Markers only where there are few points: a year of days would be a smear.
                "markers": [{"x": x, "y": y} for x, y in points] if len(points) <= 40 else [],
                "dash": "" if j < len(PALETTE) else "4 2",
            }
        )
    every = _label_every(len(labels), 10)
    chart.x_labels = [
        {"x": x, "text": label}
        for i, (x, label) in enumerate(zip(xs, labels, strict=True))
        if i % every == 0
    ]
    return chart
