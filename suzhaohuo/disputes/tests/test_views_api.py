"""Pages and endpoints: the complaint form from the job page (anonymous and signed in), the engagement's
「我要投诉/申请调解」, the queues, the case page for each role, printouts, export, walk-in; and the API."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_job_page_links_to_the_form_and_an_anonymous_report_gets_a_number(client: Any, unpaid: Any) -> None:
    page = client.get(f"/jobs/{unpaid.job_id}/").content.decode()
    assert f"/disputes/complaints/new/?job={unpaid.job_id}" in page
    form = client.get(f"/disputes/complaints/new/?job={unpaid.job_id}")
    assert form.status_code == 200 and "匿名举报" in form.content.decode()
    r = client.post("/disputes/complaints/new/", {"job": unpaid.job_id, "category": "fee", "anonymous": "on",
                                                  "description": "报名时要求先交300元押金"})
    assert r.status_code == 200 and "TS-" in r.content.decode()
    import re

    number, code = re.search(r'data-testid="complaint-number">([^<]+)<', r.content.decode()).group(1), re.search(
        r'data-testid="lookup-code">(\d{8})<', r.content.decode()).group(1)
    bad = client.get("/disputes/complaints/status/", {"no": number, "code": "12345678" if code != "12345678" else "1"})
    assert bad.status_code == 404 and "查询码不对" in bad.content.decode()
    ok = client.get("/disputes/complaints/status/", {"no": number, "code": code})
    assert ok.status_code == 200 and "已收到，待受理" in ok.content.decode()
    r = client.post("/disputes/complaints/new/", {"job": unpaid.job_id, "category": "fee",
                                                  "description": "报名时要求先交300元押金"})
    assert r.status_code == 401 and "请先登录" in r.content.decode()
    assert "报名时要求先交300元押金" in r.content.decode()  # nothing typed is lost


def test_worker_applies_for_mediation_from_the_engagement_page(client: Any, unpaid: Any, mediator: Any) -> None:
    client.force_login(unpaid.worker)
    me = client.get("/accounts/me/").content.decode()
    assert "/disputes/complaints/new/" in me and "/disputes/mine/" in me  # 「我的」
    page = client.get(f"/gigs/e/{unpaid.pk}/").content.decode()
    assert f"/disputes/apply/{unpaid.pk}/" in page and "我要投诉/申请调解" in page
    r = client.post(f"/disputes/apply/{unpaid.pk}/", {"claim_text": "短", "claim_amount": "200"})
    assert r.status_code == 400 and "至少5个字" in r.content.decode()
    r = client.post(f"/disputes/apply/{unpaid.pk}/", {"claim_text": "完工后工钱200元未付", "claim_amount": "200"})
    assert r.status_code == 302
    case_url = r["Location"]
    assert "已申请，待受理" in client.get(case_url).content.decode()
    assert "TJ-" in client.get("/disputes/mine/").content.decode()
    me = client.get("/api/v1/me/cases").json()
    assert me[0]["status"] == "applied" and me[0]["employer_name"] == unpaid.employer.name
    client.force_login(mediator)
    queue = client.get("/disputes/queue/").content.decode()
    assert me[0]["number"] in queue
    r = client.post(case_url, {"action": "accept"})
    assert r.status_code == 302
    page = client.get(case_url).content.decode()
    assert "调解期限（15日）" in page and "周桂兰" in page
    for url in (f"{case_url}print/", f"{case_url}print/?doc=referral", "/disputes/queue/?tab=complaints",
                "/disputes/queue/?due=overdue", "/disputes/kpi/"):
        assert client.get(url).status_code == 200, url
    x = client.get("/disputes/queue/export.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws.cell(2, 1).value == me[0]["number"]


def test_someone_else_cannot_open_a_case_page(client: Any, unpaid: Any, make_worker: Any) -> None:
    from suzhaohuo.disputes.services import case_open_from_engagement

    case = case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="工钱200元未付")
    client.force_login(make_worker(name="路人"))
    assert client.get(f"/disputes/cases/{case.pk}/").status_code == 404
    assert client.get(f"/disputes/apply/{unpaid.pk}/").status_code == 404


def test_walk_in_with_logged_consent(client: Any, make_staff: Any, orgs: Any) -> None:
    from suzhaohuo.core.models import AuditEvent
    from suzhaohuo.disputes.models import Case

    staff = make_staff(role="station_staff", scope="胡集镇")
    client.force_login(staff)
    data = {"worker_name": "王大爷", "employer_name": "胡集某建筑队", "claim_text": "干了三天活，600元没给",
            "claim_amount": "600"}
    r = client.post("/disputes/walk-in/", data)
    assert r.status_code == 400 and "同意" in r.content.decode() and not Case.objects.exists()
    r = client.post("/disputes/walk-in/", {**data, "consent": "on", "consent_note": "本人到站口头授权，已签字"})
    assert r.status_code == 302
    case = Case.objects.get()
    assert case.source == "walk_in" and case.worker is None and case.region_code == "321322102"
    assert case.events.filter(kind="consent").exists()
    audit = AuditEvent.objects.get(action="disputes.case_open")
    assert "口头授权" in audit.data["consent_note"]


def test_api_complaints(client: Any, unpaid: Any, make_worker: Any) -> None:
    r = client.post("/api/v1/complaints", {"category": "fake_job", "description": "岗位根本不存在，到了没人",
                                           "job_id": unpaid.job_id, "anonymous": True},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["number"].startswith("TS-") and r.json()["status"] == "received"
    r = client.post("/api/v1/complaints", {"category": "wage_arrears", "description": "工钱未付，拖了一周",
                                           "engagement_id": unpaid.pk}, content_type="application/json")
    assert r.status_code == 401 and r.json()["error"]["code"] == "login_required"
    client.force_login(make_worker(name="外人"))
    r = client.post("/api/v1/complaints", {"category": "wage_arrears", "description": "工钱未付，拖了一周",
                                           "engagement_id": unpaid.pk}, content_type="application/json")
    assert r.status_code == 403 and r.json()["error"]["field"] == "engagement_id"
    client.force_login(unpaid.worker)
    r = client.post("/api/v1/complaints", {"category": "wage_arrears", "description": "工钱未付，拖了一周",
                                           "engagement_id": unpaid.pk}, content_type="application/json")
    assert r.status_code == 200
    mine = client.get("/api/v1/me/complaints").json()
    assert [c["number"] for c in mine] == [r.json()["number"]]


def test_api_arbitration_steps_by_clerk(client: Any, unpaid: Any, mediator: Any, clerk: Any) -> None:
    from suzhaohuo.disputes import services as s

    case = s.case_open_from_engagement(actor=unpaid.worker, engagement=unpaid, claim_text="工钱200元未付")
    s.case_accept(actor=mediator, case=case)
    s.mediation_fail(actor=mediator, case=case, reason="no_agreement")
    client.force_login(clerk)
    today = timezone.localdate().isoformat()
    url = f"/api/v1/cases/{case.number}/arbitration"
    assert client.post(url, {"step": "apply", "on": today}, content_type="application/json").status_code == 200
    r = client.post(url, {"step": "accept", "on": today, "case_no": "沭劳人仲案字〔2026〕第9号"},
                    content_type="application/json")
    assert r.json()["arbitration_status"] == "accepted"
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    r = client.post(url, {"step": "close", "outcome": "award", "on": yesterday}, content_type="application/json")
    assert r.status_code == 400 and r.json()["error"]["field"] == "award_on"
    r = client.post(url, {"step": "close", "outcome": "withdrawn", "on": today}, content_type="application/json")
    assert r.json()["status"] == "closed" and r.json()["arbitration_status"] == "closed"
