"""The station's callback queue: each 「按0请驿站回电」 request gets an action (called back / resolved / unreachable,
with a note, audited); the number is shown only through a logged reveal; the conversation log is paged."""

from __future__ import annotations

from typing import Any

import pytest

from suzhaohuo.core.errors import AppError, PermissionDenied
from suzhaohuo.core.models import AuditEvent, PiiAccessLog
from suzhaohuo.phone import services
from suzhaohuo.phone.models import CallbackRequest, PhoneMessage

pytestmark = pytest.mark.django_db
HUJI = "321322102"


@pytest.fixture
def request_from(make_worker: Any) -> Any:
    worker = make_worker(township="胡集镇", name="孙大娘")
    return CallbackRequest.objects.create(user=worker, township_code=HUJI, reason="语音菜单按0")


def test_staff_record_a_callback_with_a_note_and_it_is_audited(make_staff: Any, request_from: Any) -> None:
    staff = make_staff(scope="胡集镇")
    with pytest.raises(AppError) as exc:
        services.callback_handle(actor=staff, callback=request_from, outcome="called_back", note="")
    assert exc.value.field == "note"
    cb = services.callback_handle(actor=staff, callback=request_from, outcome="called_back", note="已回电，明天到站登记")
    assert (cb.outcome, cb.note, cb.handled_by) == ("called_back", "已回电，明天到站登记", staff)
    assert AuditEvent.objects.filter(action="phone.callback_handle", target_id=str(cb.pk)).exists()
    with pytest.raises(AppError) as exc:
        services.callback_handle(actor=staff, callback=cb, outcome="resolved")
    assert exc.value.status == 409


def test_staff_of_another_township_cannot_handle_it(make_staff: Any, request_from: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.callback_handle(actor=make_staff(scope="颜集镇", username="yanji"), callback=request_from,
                                 outcome="resolved")


def test_station_page_offers_the_action_reveals_with_a_log_and_pages_the_log(client: Any, make_staff: Any,
                                                                             request_from: Any) -> None:
    staff = make_staff(scope="胡集镇")
    client.force_login(staff)
    html = client.get("/phone/station/").content.decode()
    assert 'data-testid="callback-form"' in html and "记录回电结果" in html
    assert request_from.user.mobile not in html and request_from.user.masked_mobile in html
    html = client.post("/phone/station/", {"action": "callback_reveal", "callback_id": request_from.pk}).content.decode()
    assert f'href="tel:{request_from.user.mobile}"' in html
    assert PiiAccessLog.objects.filter(actor=staff, subject=request_from.user, purpose=f"phone.callback#{request_from.pk}")
    r = client.post("/phone/station/", {"action": "callback", "callback_id": request_from.pk,
                                        f"cb{request_from.pk}-outcome": "resolved", f"cb{request_from.pk}-note": ""})
    assert r.status_code == 302
    request_from.refresh_from_db()
    assert request_from.outcome == "resolved" and request_from.handled_at is not None
    html = client.get("/phone/station/").content.decode()
    assert "没有待回电的村民" in html and 'data-testid="callbacks-handled"' in html and "已解决" in html

    for i in range(45):
        PhoneMessage.objects.create(user=request_from.user, channel="sms", direction="in", text=f"消息{i:02d}",
                                    provider_message_id=f"t-{i}")
    html = client.get(f"/phone/station/?mobile={request_from.user.mobile}").content.decode()
    assert 'data-testid="log-pages"' in html and "1 / 3" in html and "消息44" in html and "消息00" not in html
    html = client.get(f"/phone/station/?mobile={request_from.user.mobile}&page=3").content.decode()
    assert "消息00" in html and "消息44" not in html
