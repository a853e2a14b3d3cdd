"""The plan's two rates and the complaint count, for the KPI module (kernel.indicators)."""

from __future__ import annotations

from suzhaohuo.disputes import selectors
from suzhaohuo.kernel.indicators import Period, Reading, provides


@provides("mediation_success_rate")
def mediation_success_rate(*, period: Period, region_prefix: str | None) -> Reading:
    m = selectors.mediation_figures(period=period, region_prefix=region_prefix)
    return Reading(value=m.success_rate, numerator=m.settled, denominator=m.closed,
                   note=selectors.kpi_definitions()["success_rate"])


@provides("arbitration_closure_rate")
def arbitration_closure_rate(*, period: Period, region_prefix: str | None) -> Reading:
    a = selectors.arbitration_figures(period=period, region_prefix=region_prefix)
    return Reading(value=a.closure_rate, numerator=a.closed, denominator=a.accepted,
                   note=selectors.kpi_definitions()["closure_rate"])


@provides("complaints_received")
def complaints_received(*, period: Period, region_prefix: str | None) -> Reading:
    return Reading(value=selectors.complaint_figures(period=period, region_prefix=region_prefix)["received"])
