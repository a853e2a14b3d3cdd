"""Server-rendered SVG sparklines (no JavaScript, no CDN): points scaled into a small view box."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT, PAD = 120.0, 32.0, 3.0


@dataclass(frozen=True)
class Spark:
    points: str  # "x,y x,y ..." for <polyline>
    last_x: float
    last_y: float
    target_y: float | None
    summary: str  # text alternative


def sparkline(series: list[tuple[date, float]], *, target: float | None = None, label: str = "") -> Spark | None:
    if not series:
        return None
    values = [v for _d, v in series]
    lo = min([*values, 0.0])
    hi = max([*values, target if target is not None else values[0]])
    span = (hi - lo) or 1.0
    n = len(series)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = PAD + (WIDTH - 2 * PAD) * (i / (n - 1) if n > 1 else 1.0)
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * ((v - lo) / span)
        return round(x, 1), round(y, 1)

    pts = [xy(i, v) for i, v in enumerate(values)]
    ty = None if target is None else xy(0, target)[1]
    first, last = series[0], series[-1]
    summary = f"{label}：{first[0]:%Y-%m} 至 {last[0]:%Y-%m}，共 {n} 个点"
    return Spark(points=" ".join(f"{x},{y}" for x, y in pts), last_x=pts[-1][0], last_y=pts[-1][1], target_y=ty,
                 summary=summary)
