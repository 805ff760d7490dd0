"""Small static charts made at build time: the geometry of a range chart as plain numbers (pure functions); the
markup is the Jinja partial overrides/partials/atlas/range-chart.html (autoescaped SVG, colours from the theme so
that it reads in light and dark, with a title and a description as its text alternative)."""
from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, LABEL_W, RIGHT_PAD, ROW_H, TOP, AXIS_H = 520, 170, 24, 34, 6, 44


@dataclass(frozen=True)
class Bar:
    label: str  # the approach (or what is measured)
    sources: str  # the sources that give the figure
    low: float
    high: float
    text: str  # the value as the table prints it
    y: float
    x1: float
    x2: float


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class RangeChart:
    id: str
    title: str
    description: str
    unit: str
    width: int
    height: int
    label_w: int
    axis_y: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


def nice_step(top: float, most: int = 6) -> float:
    """The step of an axis from 0 to ``top`` with at most ``most`` intervals: 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return 1.0
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def range_chart(ident: str, title: str, description: str, unit: str, rows, fmt) -> RangeChart:
    """``rows``: (label, sources, low, high, text) in the order to draw them; ``fmt`` formats a tick's number."""
    top = max(row[3] for row in rows)
    step = nice_step(top)
    end = math.ceil(top / step) * step
    span = WIDTH - LABEL_W - RIGHT_PAD

    def x(v: float) -> float:
        return round(LABEL_W + span * v / end, 1)

    bars = tuple(Bar(label, srcs, lo, hi, text, TOP + i * ROW_H, x(lo), x(hi))
                 for i, (label, srcs, lo, hi, text) in enumerate(rows))
    axis_y = TOP + len(rows) * ROW_H + 4
    ticks = tuple(Tick(x(k * step), fmt(k * step)) for k in range(int(round(end / step)) + 1))
    return RangeChart(ident, title, description, unit, WIDTH, int(axis_y + AXIS_H), LABEL_W, axis_y, bars, ticks)
