"""Console pages (region-scoped, regulators only), the party page, the public employer status and the
regulator endpoints."""

from __future__ import annotations

import json
from typing import Any

import pytest

from suzhaohuo.regulation.tests.conftest import suspend

pytestmark = pytest.mark.django_db


def test_employer_status_is_public_and_has_no_personal_data(client: Any, regulator: Any, make_employer: Any
                                                            ) -> None:
    from suzhaohuo.regulation.services import listing_add

    emp = make_employer(name="沭阳县胡集果蔬专业合作社")
    resp = client.get(f"/api/v1/employers/{emp.pk}/status")
    assert resp.status_code == 200
    assert resp.json() == {"id": emp.pk, "name": "沭阳县胡集果蔬专业合作社", "verified": True, "sanctioned": False,
                           "sanctions": [], "listed": False}
    s = suspend(regulator, emp)
    listing_add(actor=regulator, key_type="uscc", value=emp.uscc, reason="虚假招聘", region_code="321322102")
    body = client.get(f"/api/v1/employers/{emp.pk}/status").json()
    assert body["sanctioned"] is True and body["listed"] is True
    assert body["sanctions"] == [{"kind": "suspend_posting", "until": s.ends_at.isoformat()}]
    text = json.dumps(body, ensure_ascii=False)
    assert emp.uscc not in text and emp.owner.mobile not in text and "reason" not in text
    assert client.get("/api/v1/employers/999999/status").status_code == 404


def test_regulator_api_sanctions_and_referrals(client: Any, regulator: Any, make_staff: Any,
                                               make_employer: Any) -> None:
    from suzhaohuo.regulation.models import Membership

    emp = make_employer()
    client.force_login(regulator)
    resp = client.post("/api/v1/regulation/sanctions", content_type="application/json", data=json.dumps({
        "kind": "suspend_posting", "subject_type": "employer", "subject_id": emp.pk, "days": 7,
        "legal_basis": "《人力资源市场暂行条例》第四十三条", "reason": "虚假招聘",
        "evidence": [{"type": "complaint", "ref": "C-1", "label": "投诉C-1"}]}))
    assert resp.status_code == 201, resp.content
    sid = resp.json()["id"]
    assert resp.json()["in_force"] is True and resp.json()["evidence"][0]["label"] == "投诉C-1"
    resp = client.post("/api/v1/regulation/sanctions", content_type="application/json", data=json.dumps({
        "kind": "suspend_posting", "subject_type": "employer", "subject_id": emp.pk,
        "legal_basis": "x", "reason": "y"}))
    assert resp.status_code == 400 and resp.json()["error"]["field"] == "days"
    assert [s["id"] for s in client.get("/api/v1/regulation/sanctions?status=active").json()] == [sid]
    resp = client.post(f"/api/v1/regulation/sanctions/{sid}/lift", content_type="application/json",
                       data=json.dumps({"reason": "整改完成"}))
    assert resp.json()["status"] == "lifted"

    resp = client.post("/api/v1/regulation/referrals", content_type="application/json", data=json.dumps({
        "to_org": "labour", "region_code": "321322102", "subject_name": "某劳务公司", "summary": "克扣工资线索"}))
    assert resp.status_code == 201
    rid = resp.json()["id"]
    inspector = make_staff(role="regulator", scope="沭阳县", username="labour-api")
    Membership.objects.create(user=inspector, organisation="labour")
    client.force_login(inspector)
    assert [r["id"] for r in client.get("/api/v1/regulation/referrals?direction=in").json()] == [rid]
    resp = client.post(f"/api/v1/regulation/referrals/{rid}/acknowledge", content_type="application/json",
                       data="{}")
    assert resp.json()["status"] == "acknowledged"
    resp = client.post(f"/api/v1/regulation/referrals/{rid}/answer", content_type="application/json",
                       data=json.dumps({"text": "已立案"}))
    assert resp.json()["status"] == "answered"

    # workers, employers and station staff cannot call the regulator endpoints
    client.force_login(emp.owner)
    assert client.get("/api/v1/regulation/sanctions").status_code == 403
    client.force_login(make_staff(role="station_staff"))
    assert client.get("/api/v1/regulation/referrals").status_code == 403


def test_console_pages_for_regulators_only_and_scoped(client: Any, regulator: Any, make_staff: Any,
                                                      make_employer: Any) -> None:
    emp = make_employer()
    s = suspend(regulator, emp)
    client.force_login(regulator)
    for url in ("/regulation/", "/regulation/risk/", "/regulation/sanctions/", "/regulation/appeals/",
                "/regulation/listings/", "/regulation/referrals/", "/regulation/audit/?action=regulation",
                "/regulation/self-check/", "/regulation/licences/", "/regulation/reverify/",
                f"/regulation/sanctions/{s.pk}/", "/regulation/employers/?q=测试"):
        resp = client.get(url)
        assert resp.status_code == 200, url
    page = client.get("/regulation/audit/?action=regulation.sanction").content.decode()
    assert "regulation.sanction_suspend_posting" in page
    other = make_staff(role="regulator", scope="宿豫区", username="suyu-reg")
    client.force_login(other)
    assert client.get(f"/regulation/sanctions/{s.pk}/").status_code == 403
    assert "regulation.sanction_suspend_posting" not in client.get(
        "/regulation/audit/?action=regulation.sanction").content.decode()
    client.force_login(emp.owner)
    assert client.get("/regulation/").status_code == 403
    client.force_login(make_staff(role="station_staff"))
    assert client.get("/regulation/risk/").status_code == 403
    assert client.get("/regulation/reverify/").status_code == 200


def test_party_page_appeal_and_menu(client: Any, regulator: Any, make_employer: Any) -> None:
    from suzhaohuo.regulation.models import Appeal

    emp = make_employer()
    s = suspend(regulator, emp)
    client.force_login(emp.owner)
    assert "监管处理与申诉" in client.get("/accounts/me/").content.decode()
    page = client.get("/regulation/my/").content.decode()
    assert "暂停招聘服务" in page and "发布虚假招聘信息" in page and "第四十三条" in page
    resp = client.post("/regulation/my/", {"form": "appeal", "sanction": s.pk, "statement": "短"})
    assert "至少10个字" in resp.content.decode()
    resp = client.post("/regulation/my/", {"form": "appeal", "sanction": s.pk,
                                           "statement": "被投诉岗位并非本单位发布，请核实。"})
    assert resp.status_code == 302 and Appeal.objects.filter(sanction=s).count() == 1
    client.force_login(regulator)
    appeal = Appeal.objects.get()
    resp = client.post(f"/regulation/appeals/{appeal.pk}/", {"decision": "reject", "reason": "证据确凿，维持。"})
    assert resp.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "rejected"


def test_self_check_report_counts_reveals(client: Any, regulator: Any, make_employer: Any,
                                          make_worker: Any) -> None:
    from django.utils import timezone

    from suzhaohuo.accounts.services import pii_reveal

    emp = make_employer()
    worker = make_worker()
    for _ in range(3):
        pii_reveal(actor=emp.owner, subject=worker, field="mobile", value=worker.mobile, purpose="联系报名人")
    client.force_login(regulator)
    page = client.get(f"/regulation/self-check/?year={timezone.localdate().year}").content.decode()
    assert 'data-testid="pi-total">3<' in page and "联系报名人：3" in page
    # Chinese labels, not codes: the field, the viewer's role (new-user walk, issue #11)
    assert "手机号：3" in page and "用工主体：3" in page and "mobile" not in page and "employer：" not in page


def test_referral_and_listing_forms_offer_regions_in_scope(client: Any, regulator: Any) -> None:
    client.force_login(regulator)  # 沭阳县
    for url in ("/regulation/referrals/", "/regulation/listings/"):
        page = client.get(url).content.decode()
        assert '<select name="region_code"' in page and 'value="321322102"' in page and "胡集镇" in page, url
        assert 'value="321302"' not in page and "区划代码" not in page, url  # 宿城区: outside the scope
    page = client.post("/regulation/referrals/", {"to_org": "labour", "region_code": "321302",
                                                  "subject_name": "某公司", "summary": "线索"}).content.decode()
    assert "请从列表中选择您负责范围内的地区" in page
