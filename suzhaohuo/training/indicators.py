"""The plan's training figures for the KPI module (technical-skills training 1.5万人次)."""

from __future__ import annotations

from suzhaohuo.kernel.indicators import Period, Reading, provides


def _figures(period: Period, region_prefix: str | None) -> dict[str, object]:
    from suzhaohuo.training.selectors import training_figures

    return training_figures(start=period.start, end=period.end, region_prefix=region_prefix)


@provides("training_enrolled")
def training_enrolled(*, period: Period, region_prefix: str | None) -> Reading:
    return Reading(value=int(_figures(period, region_prefix)["enrolled"]))  # type: ignore[call-overload]


@provides("training_completed")
def training_completed(*, period: Period, region_prefix: str | None) -> Reading:
    return Reading(value=int(_figures(period, region_prefix)["completed"]))  # type: ignore[call-overload]


@provides("certified_workers")
def certified_workers(*, period: Period, region_prefix: str | None) -> Reading:
    return Reading(value=int(_figures(period, region_prefix)["certified"]))  # type: ignore[call-overload]
