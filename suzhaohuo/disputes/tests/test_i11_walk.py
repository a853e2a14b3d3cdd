"""New-user walk fixes (issue #11): one masking rule for station staff and mediators, every walk-in field error at
once, region names instead of codes, a region select limited to the user's scope, Chinese check-in method."""

from __future__ import annotations

from typing import Any

import pytest

from suzhaohuo.core.models import AuditEvent, PiiAccessLog
from suzhaohuo.disputes import services

pytestmark = pytest.mark.django_db
HUJI = "321322102"


@pytest.fixture
def walk_in_case(make_staff: Any, orgs: Any, make_worker: Any) -> Any:
    staff = make_staff(role="station_staff", scope="胡集镇", username="huji_desk")
    worker = make_worker(name="周桂兰")
    case = services.case_open_walk_in(actor=staff, worker_name="周桂兰", worker_mobile=worker.mobile,
                                      employer_name="胡集某建筑队", region_code=HUJI,
                                      claim_text="干了三天活，600元没给", claim_amount="600", consent=True,
                                      consent_note="本人到站口头授权，已签字")
    return case, staff, worker


def test_station_staff_and_mediator_see_the_same_masking(client: Any, walk_in_case: Any, mediator: Any,
                                                         make_staff: Any) -> None:
    case, registrant, worker = walk_in_case
    other_staff = make_staff(role="station_staff", scope="胡集镇", username="huji_other")
    pages = {}
    for who in (registrant, other_staff, mediator):
        client.force_login(who)
        html = client.get(f"/disputes/cases/{case.pk}/").content.decode()
        pages[who.username] = html
        assert "周**" in html and "周桂兰" not in html and worker.mobile not in html, who.username
        assert 'data-testid="reveal"' in html and 'data-testid="reveal-mobile"' in html
    # the reveal is logged, whoever asks
    client.force_login(registrant)
    html = client.post(f"/disputes/cases/{case.pk}/", {"action": "reveal", "field": "worker_mobile"}).content.decode()
    assert worker.mobile in html
    assert PiiAccessLog.objects.filter(actor=registrant, field="worker_mobile", purpose=f"disputes.case#{case.pk}")
    # the assigned mediator handles the case and sees it unmasked
    services.case_accept(actor=mediator, case=case)
    client.force_login(mediator)
    assert "周桂兰" in client.get(f"/disputes/cases/{case.pk}/").content.decode()


def test_walk_in_form_shows_every_error_at_once(client: Any, make_staff: Any, orgs: Any) -> None:
    client.force_login(make_staff(role="station_staff", scope="胡集镇"))
    r = client.post("/disputes/walk-in/", {"worker_name": "", "employer_name": "", "claim_text": "没给",
                                           "claim_amount": "abc", "claim_arose_on": "2099-01-01"})
    html = r.content.decode()
    assert r.status_code == 400
    for message in ("请填写申请人姓名", "请填写用工方名称", "金额请填写数字", "日期不能晚于今天", "请写明请求和理由",
                    "请确认当事人同意代为申请"):
        assert message in html, message
    assert html.count('class="field-error"') == 6
    assert 'value="abc"' in html  # what was typed stays


def test_queue_shows_region_names_and_kpi_offers_a_scoped_select(client: Any, walk_in_case: Any,
                                                                 mediator: Any) -> None:
    client.force_login(mediator)
    html = client.get("/disputes/queue/").content.decode()
    assert "沭阳县胡集镇" in html and f"· {HUJI}" not in html
    html = client.get("/disputes/kpi/").content.decode()
    assert '<select name="region"' in html and f'value="{HUJI}"' in html and "胡集镇" in html
    assert 'value="321322116"' not in html and 'value="321300"' not in html  # 颜集镇 and the city: out of scope
    assert client.get("/disputes/kpi/", {"region": HUJI}).status_code == 200


def test_engagement_evidence_names_the_check_in_method_in_chinese(unpaid: Any) -> None:
    case = services.case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="完工后工钱没给")
    label = case.evidence.get(kind="checkin").label
    assert "输入到岗码" in label and "code" not in label
    assert AuditEvent.objects.filter(action="disputes.case_open").exists()
