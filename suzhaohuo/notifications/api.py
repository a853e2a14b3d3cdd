"""Notifications under /api/v1: list, mark read, SMS preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from suzhaohuo.notifications import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    event: str
    title: str
    body: str
    url: str
    read_at: datetime | None
    created_at: datetime


class ReadIn(Schema):
    ids: list[int] = []


class PrefOut(Schema):
    event: str
    label: str
    enabled: bool


class PrefsIn(Schema):
    sms: list[str]


@router.get("/me/notifications", auth=django_auth, response=list[NotificationOut], summary="我的消息（最新100条）")
def my_notifications(request: HttpRequest) -> Any:
    return list(selectors.notifications_of(request.user)[:100])


@router.post("/me/notifications/read", auth=django_auth, summary="标为已读（不传 ids 则全部）")
def mark_read(request: HttpRequest, payload: ReadIn) -> dict[str, int]:
    return {"updated": services.notifications_mark_read(user=request.user, ids=payload.ids or None)}


@router.get("/me/sms-preferences", auth=django_auth, response=list[PrefOut], summary="短信提醒设置")
def sms_preferences(request: HttpRequest) -> Any:
    return [{**p, "label": str(p["label"])} for p in selectors.sms_preferences_of(request.user)]


@router.put("/me/sms-preferences", auth=django_auth, response=list[PrefOut],
            summary="设置哪些事项发短信（列出要发短信的事件，其余关闭）")
def sms_preferences_set(request: HttpRequest, payload: PrefsIn) -> Any:
    services.sms_preferences_update(user=request.user, enabled_events=set(payload.sms))
    return [{**p, "label": str(p["label"])} for p in selectors.sms_preferences_of(request.user)]
