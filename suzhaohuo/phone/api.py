"""Channel measures under /api/v1 (issue #20)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.security import django_auth

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.phone.selectors import channel_counts

router = Router(tags=["短信与电话"])


class ChannelFigures(Schema):
    sessions: int
    applications: int
    checkins: int


class ChannelsOut(Schema):
    sms: ChannelFigures
    voice: ChannelFigures
    web: ChannelFigures


@router.get("/kpi/channels", auth=django_auth, response=ChannelsOut,
            summary="按渠道（短信、电话、网页）统计的使用人数、报名和到岗（工作人员，按辖区）")
def kpi_channels(request: HttpRequest, from_: date | None = None, to: date | None = None) -> dict[str, dict[str, int]]:
    actor = authenticated_user(request)
    policy.require(actor, Action.KPI_VIEW)
    end = to or timezone.localdate()
    start = from_ or end - timedelta(days=30)
    tz = timezone.get_current_timezone()
    return channel_counts(start=datetime.combine(start, time.min, tzinfo=tz),
                          end=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
                          region_prefix=policy.scope_prefix(actor))
