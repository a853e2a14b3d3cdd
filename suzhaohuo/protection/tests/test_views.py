"""Protection pages and API: the cover slots, 「我的保障」, queue access, coverage figures, 报案 via the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_job_page_shows_cover_only_when_enrolment_really_happens(client: Any, make_job: Any, settings: Any) -> None:
    from suzhaohuo.protection.models import InsuranceProduct

    covered, bare = make_job(), make_job(cover_code="", title="不投保的搬运")
    assert "含意外险" in client.get(f"/jobs/{covered.pk}/").content.decode()
    assert "含意外险" not in client.get(f"/jobs/{bare.pk}/").content.decode()
    # an insurer without a working adapter: no promise on the job page
    InsuranceProduct.objects.filter(code="acc-daily").update(adapter="http")
    settings.PROTECTION_INSURERS = {"local": {"kind": "local"}}
    assert "含意外险" not in client.get(f"/jobs/{covered.pk}/").content.decode()


def test_job_form_offers_products_and_api_takes_cover(client: Any, make_employer: Any, products: None) -> None:
    employer = make_employer()
    client.force_login(employer.owner)
    assert "零工日保" in client.get("/jobs/new/").content.decode()
    body = {"title": "搬运工", "description": "仓库搬运", "category_code": "moving.loading", "pay_unit": "day",
            "settlement": "daily", "headcount": 1, "township_code": "321322102", "address": "物流园",
            "pay_min": "200", "cover_code": "nope"}
    resp = client.post("/api/v1/jobs", body, content_type="application/json")
    assert resp.status_code == 400 and resp.json()["error"]["field"] == "cover_code"
    resp = client.post("/api/v1/jobs", {**body, "cover_code": "acc-per-job"}, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["cover_code"] == "acc-per-job"


def test_worker_pages_and_claim_api(client: Any, make_job: Any, make_worker: Any, accept: Any) -> None:
    eng = accept(make_job(), make_worker())
    client.force_login(eng.worker)
    page = client.get(f"/gigs/e/{eng.pk}/").content.decode()
    assert "我受伤了，一键报案" in page and eng.enrolment.policy_number in page
    assert eng.enrolment.policy_number in client.get("/protection/mine/").content.decode()
    assert client.get("/api/v1/protection/enrolments").json()[0]["policy_number"] == eng.enrolment.policy_number
    bad = client.post("/api/v1/protection/claims", {"engagement_id": eng.pk, "incident_date": str(
        timezone.localdate() + timedelta(days=5)), "place": "仓库", "description": "摔伤"},
        content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "date_outside_cover"
    ok = client.post("/api/v1/protection/claims", {"engagement_id": eng.pk, "incident_date": str(
        timezone.localdate()), "place": "仓库", "description": "摔伤"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["status"] == "forwarded"
    claim_id = ok.json()["id"]
    assert client.get(f"/protection/claims/{claim_id}/").status_code == 200
    assert client.post(f"/api/v1/protection/claims/{claim_id}/decision",
                       {"decision": "approved", "amount": "100"}, content_type="application/json").status_code == 403
    # the employer sees the claim too (to dispute it), but cannot decide it
    client.force_login(eng.employer.owner)
    assert client.get(f"/protection/claims/{claim_id}/").status_code == 200
    assert "保存核定结果" not in client.get(f"/protection/claims/{claim_id}/").content.decode()


def test_coverage_names_claim_states_in_chinese(client: Any, make_job: Any, make_worker: Any, accept: Any,
                                                make_staff: Any) -> None:
    from suzhaohuo.protection.services import claim_report

    eng = accept(make_job(), make_worker())
    claim_report(actor=eng.worker, engagement=eng, incident_date=timezone.localdate(), place="仓库",
                 description="摔伤")
    client.force_login(make_staff(role="insurer", scope="宿迁市"))
    page = client.get("/protection/coverage/").content.decode()
    summary = page.split('data-testid="coverage-summary"')[1].split("</dl>")[0]
    assert "保险机构已受理 1" in summary and "forwarded" not in summary


def test_staff_pages_need_the_insurance_role(client: Any, make_worker: Any, make_staff: Any, make_job: Any,
                                             accept: Any) -> None:
    eng = accept(make_job(), make_worker())
    client.force_login(eng.worker)
    assert client.get("/protection/queue/").status_code == 403
    assert client.get("/api/v1/protection/coverage").status_code == 403
    client.force_login(make_staff(role="insurer", scope="宿迁市"))
    assert client.get("/protection/queue/").status_code == 200
    page = client.get("/protection/coverage/").content.decode()
    assert "装卸搬运" in page
    cov = client.get("/api/v1/protection/coverage").json()
    assert (cov["engagements"], cov["insured"]) == (1, 1)
