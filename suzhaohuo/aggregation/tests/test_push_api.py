"""The push contract: an agency pushes, updates and withdraws postings by external id, item by item."""

from __future__ import annotations

from typing import Any

import pytest

from suzhaohuo.aggregation.tests.conftest import item

pytestmark = pytest.mark.django_db

BULK = "/api/v1/ingest/jobs/bulk"


def push(client: Any, key: str, items: list[Any]) -> Any:
    return client.post(BULK, data={"items": items}, content_type="application/json", headers={"X-Api-Key": key})


def test_agency_pushes_updates_and_withdraws_by_external_id(client: Any, agency: Any, agency_key: str,
                                                            farm: Any) -> None:
    from suzhaohuo.jobs.models import Job

    resp = push(client, agency_key, [item(1), item(2), {"external_id": "A-3", "title": ""}])
    assert resp.status_code == 200, resp.content
    body = resp.json()
    outcomes = [r["outcome"] for r in body["results"]]
    assert outcomes == ["created", "created", "rejected"]
    assert body["counts"]["created"] == 2 and body["counts"]["rejected"] == 1
    bad = body["results"][2]
    assert {i["field"] for i in bad["issues"]} >= {"title", "pay"}
    job = Job.objects.get(pk=body["results"][0]["job_id"])
    assert job.status == "published" and job.employer == farm and job.origin == "agency"
    assert job.source_name == agency.name and job.pay_unit == "day" and str(job.pay_min) == "150.00"
    assert job.township_id == "321322102" and job.category.code == "agri.harvest"

    # update by external id: same id, new pay → the same job changes
    resp = push(client, agency_key, [item(1, pay="180元/天")])
    assert resp.json()["results"][0]["outcome"] == "updated"
    job.refresh_from_db()
    assert str(job.pay_min) == "180.00" and Job.objects.filter(source_name=agency.name).count() == 2

    # the same content again changes nothing
    resp = push(client, agency_key, [item(1, pay="180元/天")])
    assert resp.json()["results"][0]["outcome"] == "unchanged"

    # withdraw by external id closes the job
    resp = client.delete("/api/v1/ingest/jobs/A-1", headers={"X-Api-Key": agency_key})
    assert resp.status_code == 200, resp.content
    assert resp.json()["outcome"] == "withdrawn"
    job.refresh_from_db()
    assert job.status == "closed"
    resp = client.delete("/api/v1/ingest/jobs/NOPE", headers={"X-Api-Key": agency_key})
    assert resp.status_code == 404 and resp.json()["error"]["field"] == "external_id"


def test_idempotency_key_replays_without_new_records(client: Any, agency_key: str, farm: Any) -> None:
    from suzhaohuo.aggregation.models import RawRecord

    first = push(client, agency_key, [item(1, idempotency_key="k-1")]).json()["results"][0]
    n = RawRecord.objects.count()
    again = push(client, agency_key, [item(1, idempotency_key="k-1", description="重发时改了字")]).json()["results"][0]
    assert again["outcome"] == "unchanged" and again["job_id"] == first["job_id"]
    receipt = RawRecord.objects.order_by("-id").first()  # a receipt only: no copy of the payload, no new job
    assert RawRecord.objects.count() == n + 1 and receipt.outcome == "unchanged" and "title" not in receipt.payload


def test_bad_key_suspended_source_and_limits(client: Any, agency: Any, agency_key: str, make_staff: Any,
                                            settings: Any) -> None:
    from suzhaohuo.aggregation.services import source_suspend

    resp = push(client, "szh_nope_nope", [item(1)])
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "bad_api_key"
    resp = push(client, agency_key, [item(i) for i in range(1001)])
    assert resp.status_code == 413 and resp.json()["error"]["code"] == "too_many_items"
    regulator = make_staff(role="regulator", scope="宿迁市")
    source_suspend(actor=regulator, source=agency, reason="虚假岗位投诉查实，暂停接入")
    resp = push(client, agency_key, [item(1)])
    assert resp.status_code == 403
    err = resp.json()["error"]
    assert err["code"] == "source_suspended" and "虚假岗位投诉查实" in err["message"]


def test_rate_limit_per_source(client: Any, agency_key: str, farm: Any, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.AGGREGATION_PUSH_CALLS_PER_MINUTE = 2
    assert push(client, agency_key, [item(1)]).status_code == 200
    assert push(client, agency_key, [item(2)]).status_code == 200
    resp = push(client, agency_key, [item(3)])
    assert resp.status_code == 429 and resp.json()["error"]["code"] == "rate_limited"


def test_duplicates_across_sources_and_kpi(client: Any, agency: Any, agency_key: str, make_source: Any,
                                           farm: Any) -> None:
    from suzhaohuo.aggregation.selectors import job_provenance
    from suzhaohuo.aggregation.services import ingest_items
    from suzhaohuo.jobs.models import Job

    push(client, agency_key, [item(1), item(2)])
    dept = make_source(kind="department", name="市住建局征集", sector="housing")
    # the department brings the same job with slightly different wording and its own id, plus one new job
    same = item(1, external_id="ZJ-9", title="花木基地采摘工1号（急招）", employer_name="胡集花木专业合作社",
                employer_uscc=farm.uscc)
    results = ingest_items(source=dept, items=[same, item(7, external_id="ZJ-10")])
    assert [r.outcome for r in results] == ["duplicate", "created"]
    assert results[0].duplicate_of_source == agency.name
    first_job = Job.objects.get(pk=results[0].job_id)
    prov = job_provenance(first_job)
    assert prov is not None and prov.first_source == agency
    assert [link.source.name for link in prov.sources] == [agency.name, dept.name]

    kpi = client.get("/api/v1/kpi/aggregation").json()
    assert kpi["distinct_jobs"] == 3 and kpi["third_party_jobs"] == 2
    assert kpi["third_party_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert {r["source"]: r["distinct_jobs"] for r in kpi["by_source"]} == {agency.name: 2, dept.name: 1}


def test_unknown_employer_is_held_under_the_source_organisation(agency: Any, make_staff: Any) -> None:
    from suzhaohuo.aggregation.models import Posting
    from suzhaohuo.aggregation.services import ingest_items, posting_release

    [r] = ingest_items(source=agency, items=[item(1, employer_name="从未注册的某某劳务队")])
    assert r.outcome == "held" and r.job_status == "draft"
    assert any("从未注册的某某劳务队" in i["message"] for i in r.issues)
    posting = Posting.objects.select_related("job__employer").get(job_id=r.job_id)
    assert posting.job.employer == agency.organization_employer
    assert posting.employer_name == "从未注册的某某劳务队"
    assert "从未注册的某某劳务队" in posting.job.authorization_note
    staff = make_staff(role="station_staff", scope="胡集镇")
    posting_release(actor=staff, posting=posting)
    posting.job.refresh_from_db()
    assert posting.job.status == "published"


def test_deposit_demand_is_blocked_with_its_category(agency: Any, farm: Any) -> None:
    from suzhaohuo.aggregation.services import ingest_items
    from suzhaohuo.jobs.models import Job

    [r] = ingest_items(source=agency, items=[item(1, description="花木基地采摘，入职需交押金200元，包午饭。")])
    assert r.outcome == "blocked" and "fee" in r.screening
    assert not Job.objects.filter(title=item(1)["title"]).exists()
