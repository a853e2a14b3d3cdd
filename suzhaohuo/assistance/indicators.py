"""Plan figures owned by assistance (read by the KPI module through kernel.indicators)."""

from __future__ import annotations

from suzhaohuo.kernel.indicators import Period, Reading, provides


def _figures(period: Period, region_prefix: str | None):
    from suzhaohuo.assistance.selectors import figures

    return figures(start=period.start, end=period.end, region_prefix=region_prefix)


@provides("difficulty_identified")
def difficulty_identified(*, period: Period, region_prefix: str | None) -> Reading:
    return Reading(value=_figures(period, region_prefix).identified, note="identified in the period")


@provides("difficulty_employed")
def difficulty_employed(*, period: Period, region_prefix: str | None) -> Reading:
    f = _figures(period, region_prefix)
    return Reading(value=f.employed, numerator=f.employed, denominator=f.identified,
                   note=f"of those identified in the period; within 30 days {f.employed_30}, within 90 days "
                        f"{f.employed_90}")


@provides("welfare_posts_filled")
def welfare_posts_filled(*, period: Period, region_prefix: str | None) -> Reading:
    f = _figures(period, region_prefix)
    return Reading(value=f.posts_filled, note=f"placements started in the period; vacant places now {f.posts_open}")
