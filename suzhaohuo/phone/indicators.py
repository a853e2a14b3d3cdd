"""Measures for the KPI module: SMS and voice use, applications and check-ins by channel (issue #20)."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from suzhaohuo.kernel.indicators import Period, Reading, provides
from suzhaohuo.phone.selectors import channel_counts


def _bounds(period: Period) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (datetime.combine(period.start, time.min, tzinfo=tz), datetime.combine(period.end, time.min, tzinfo=tz))


def _read(period: Period, region_prefix: str | None, channel: str, key: str) -> Reading:
    start, end = _bounds(period)
    return Reading(channel_counts(start=start, end=end, region_prefix=region_prefix)[channel][key])


@provides("sms_sessions")
def sms_sessions(*, period: Period, region_prefix: str | None) -> Reading:
    return _read(period, region_prefix, "sms", "sessions")


@provides("voice_sessions")
def voice_sessions(*, period: Period, region_prefix: str | None) -> Reading:
    return _read(period, region_prefix, "voice", "sessions")


@provides("applications_by_sms")
def applications_by_sms(*, period: Period, region_prefix: str | None) -> Reading:
    return _read(period, region_prefix, "sms", "applications")


@provides("applications_by_voice")
def applications_by_voice(*, period: Period, region_prefix: str | None) -> Reading:
    return _read(period, region_prefix, "voice", "applications")
