"""Reads of a person's notifications and SMS preferences."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from suzhaohuo.notifications.choices import EVENT_LABELS, events_for_role
from suzhaohuo.notifications.models import Notification, SmsPreference
from suzhaohuo.notifications.services import SMS_DEFAULTS


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def sms_preferences_of(user: Any) -> list[dict[str, Any]]:
    """[{event, label, enabled}] for the events this person can receive, defaults filled in."""
    stored = dict(SmsPreference.objects.filter(user=user).values_list("event", "enabled"))
    return [{"event": e, "label": EVENT_LABELS[e], "enabled": stored.get(e, SMS_DEFAULTS.get(e, False))}
            for e in events_for_role(getattr(user, "role", ""))]
