"""Send a notification in-app, and by SMS when the person wants SMS for that event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from suzhaohuo.core.sms import sms_send
from suzhaohuo.notifications.models import Notification, SmsPreference

# Events and whether SMS is on by default for them. Apps add their events here (labels: notifications.choices).
SMS_DEFAULTS: dict[str, bool] = {
    "application_received": False,
    "application_accepted": True,
    "application_declined": False,
    "invitation_received": True,
    "invitation_declined": False,
    "overlap_refused": True,
    "agreement_to_sign": True,
    "agreement_signed": False,
    "agreement_sealed": False,
    "checkin_reminder": True,
    "worker_checked_in": False,
    "completion_recorded": False,
    "payment_recorded": True,
    "payment_confirmed": False,
    "rating_received": False,
    "dispute_raised": True,
    "engagement_cancelled": True,
    "no_show_recorded": True,
    "job_push": True,
    "job_recommended": False,
    "job_reviewed": False,
    "job_taken_down": True,
    "identity_verified": True,
    "wage_alert": True,
}


def sms_wanted(user: Any, event: str) -> bool:
    pref = SmsPreference.objects.filter(user=user, event=event).first()
    if pref is not None:
        return pref.enabled
    return SMS_DEFAULTS.get(event, False)


def notify(*, user: Any, event: str, title: str, body: str = "", url: str = "", sms: bool | None = None) -> Notification:
    """Create the in-app notification; send the SMS after commit if wanted and a mobile is known."""
    send_sms = sms_wanted(user, event) if sms is None else sms
    mobile = getattr(user, "mobile", "") or ""
    note = Notification.objects.create(user=user, event=event, title=title[:120], body=body, url=url,
                                       sent_sms=bool(send_sms and mobile))
    if send_sms and mobile:
        text = f"【速找活】{title}" + (f"：{body}" if body else "")
        transaction.on_commit(lambda: sms_send(mobile=mobile, text=text[:300], purpose=event))
    return note


@transaction.atomic
def sms_preferences_update(*, user: Any, enabled_events: set[str]) -> dict[str, bool]:
    """Set SMS on for ``enabled_events`` and off for every other known event; returns the new settings."""
    from suzhaohuo.core.services import audit_record
    from suzhaohuo.notifications.choices import EVENT_LABELS

    result = {}
    for event in EVENT_LABELS:
        result[event] = event in enabled_events
        SmsPreference.objects.update_or_create(user=user, event=event, defaults={"enabled": result[event]})
    audit_record(actor=user, action="notifications.sms_preferences", target=user,
                 data={"enabled": sorted(e for e, on in result.items() if on)})
    return result


def notifications_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    from django.utils import timezone

    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
