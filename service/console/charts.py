"""Charts as geometry for server-drawn SVG: stacked columns per day, horizontal bars.

The templates draw the shapes (templates/console/_charts.html); this module only works
out where they go, so a chart is plain markup under the console's strict CSP.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# The drawing's coordinate system; the SVG scales to its box with viewBox.
COLUMN_WIDTH, COLUMN_HEIGHT = 960, 260
AXIS_LEFT, AXIS_BOTTOM, TOP_ROOM = 44, 28, 12
# Fraction of a day's band the column fills; the rest is the gap between days.
COLUMN_FILL = 0.7
# At most this many day labels under the axis; more would overlap.
MAX_DAY_LABELS = 10
BAR_WIDTH, BAR_ROW, BAR_LABEL = 440, 26, 150
BAR_VALUE_ROOM = 36
GRID_STEPS = 4


@dataclass(frozen=True)
class Mark:
    """One rectangle of a chart, with what it stands for."""

    x: float
    y: float
    width: float
    height: float
    series: str
    label: str
    value: int


@dataclass
class Chart:
    """What a template needs to draw a chart and its axes."""

    width: int
    height: int
    marks: list[Mark] = field(default_factory=list)
    # (y or x position, text) of grid lines, and (position, text) of category labels.
    grid: list[tuple[float, int]] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    top: int = 0


def nice_top(largest: int) -> int:
    """Return a round axis maximum at or above largest (at least GRID_STEPS)."""
    if largest <= GRID_STEPS:
        return GRID_STEPS
    magnitude = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= largest and (top / GRID_STEPS) == int(top / GRID_STEPS):
            return int(top)
    return int(10 * magnitude)


def columns(days: list[dict], series: list[str]) -> Chart:
    """Lay out one stacked column per day, the series stacked in the order given."""
    chart = Chart(COLUMN_WIDTH, COLUMN_HEIGHT)
    plot_w = COLUMN_WIDTH - AXIS_LEFT
    plot_h = COLUMN_HEIGHT - AXIS_BOTTOM - TOP_ROOM
    chart.top = nice_top(max((sum(d[s] for s in series) for d in days), default=0))
    for i in range(GRID_STEPS + 1):
        value = chart.top * i // GRID_STEPS
        chart.grid.append((TOP_ROOM + plot_h - plot_h * value / chart.top, value))
    band = plot_w / max(len(days), 1)
    every = max(1, math.ceil(len(days) / MAX_DAY_LABELS))
    for i, day in enumerate(days):
        x = AXIS_LEFT + i * band + band * (1 - COLUMN_FILL) / 2
        base = TOP_ROOM + plot_h
        for name in series:
            height = plot_h * day[name] / chart.top
            if day[name]:
                chart.marks.append(Mark(round(x, 2), round(base - height, 2),
                                        round(band * COLUMN_FILL, 2), round(height, 2),
                                        name, day["day"], day[name]))
            base -= height
        if i % every == 0:
            chart.labels.append((round(AXIS_LEFT + (i + 0.5) * band, 2), day["day"][5:]))
    return chart


def bars(items: list[tuple[str, str, int]], *, largest_first: bool = True) -> Chart:
    """Lay out one horizontal bar per (key, label, value), largest first unless told not to."""
    ordered = sorted(items, key=lambda item: -item[2]) if largest_first else list(items)
    chart = Chart(BAR_WIDTH, max(len(ordered), 1) * BAR_ROW)
    chart.top = max((value for _, _, value in ordered), default=0) or 1
    room = BAR_WIDTH - BAR_LABEL - BAR_VALUE_ROOM
    for i, (key, label, value) in enumerate(ordered):
        chart.marks.append(Mark(BAR_LABEL, i * BAR_ROW + 4, round(room * value / chart.top, 2),
                                BAR_ROW - 8, key, label, value))
    return chart
