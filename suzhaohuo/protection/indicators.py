"""Plan figures owned by protection (read by the KPI module through kernel.indicators)."""

from __future__ import annotations

from suzhaohuo.kernel.indicators import Period, Reading, provides


@provides("insured_share")
def insured_share(*, period: Period, region_prefix: str | None) -> Reading:
    """Share of engagements accepted in the period (still holding a place) with active cover."""
    from suzhaohuo.protection.selectors import coverage

    cov = coverage(start=period.start, end=period.end, region_prefix=region_prefix)
    return Reading(value=cov.insured_rate, numerator=cov.insured, denominator=cov.engagements,
                   note="engagements accepted in the period; insured = active enrolment through the insurer adapter")
