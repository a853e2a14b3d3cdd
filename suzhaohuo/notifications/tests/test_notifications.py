from __future__ import annotations

import json

import pytest

from suzhaohuo.core.models import SmsOutbox
from suzhaohuo.notifications.models import Notification
from suzhaohuo.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)


def test_sms_follows_each_persons_preferences(client, make_worker):
    worker = make_worker()
    notify(user=worker, event="payment_recorded", title="已登记付款")
    assert SmsOutbox.objects.filter(mobile=worker.mobile, purpose="payment_recorded").count() == 1
    client.force_login(worker)
    page = client.get("/notifications/preferences/").content.decode()
    assert "用工方已登记付款" in page and "收到报名" not in page  # worker sees worker events only
    r = client.post("/notifications/preferences/", {"sms": ["rating_received"]})
    assert r.status_code == 302
    notify(user=worker, event="payment_recorded", title="又登记付款")
    notify(user=worker, event="rating_received", title="收到评价")
    purposes = list(SmsOutbox.objects.filter(mobile=worker.mobile).values_list("purpose", flat=True))
    assert sorted(purposes) == ["payment_recorded", "rating_received"]
    assert Notification.objects.filter(user=worker).count() == 3  # in-app always


def test_inbox_and_mark_read_and_api(client, make_worker, make_employer):
    worker = make_worker()
    notify(user=worker, event="application_accepted", title="您已被录用：葡萄采摘", url="/gigs/")
    client.force_login(worker)
    page = client.get("/notifications/").content.decode()
    assert "您已被录用：葡萄采摘" in page and "未读" in page
    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=worker, read_at__isnull=True).exists()
    data = client.get("/api/v1/me/notifications").json()
    assert data[0]["title"] == "您已被录用：葡萄采摘" and data[0]["read_at"]
    r = client.put("/api/v1/me/sms-preferences", json.dumps({"sms": ["wage_alert"]}), content_type="application/json")
    enabled = {p["event"] for p in r.json() if p["enabled"]}
    assert enabled == {"wage_alert"}
    employer = make_employer()
    client.force_login(employer.owner)
    events = {p["event"] for p in client.get("/api/v1/me/sms-preferences").json()}
    assert "application_received" in events and "job_push" not in events
