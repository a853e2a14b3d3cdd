"""jobs_create_bulk: many postings in one call, each exactly as job_create would make it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from suzhaohuo.core.errors import AppError
from suzhaohuo.core.models import AuditEvent
from suzhaohuo.jobs import screening_bridge, services
from suzhaohuo.jobs.choices import JobOrigin, JobStatus
from suzhaohuo.jobs.models import Job, JobStatusChange

pytestmark = pytest.mark.django_db

BAD_INPUTS: list[dict[str, Any]] = [
    {"title": ""},
    {"category_code": "no.such.category"},
    {"township_code": "999999999"},
    {"pay_min": None, "pay_max": None},
    {"pay_min": Decimal("300"), "pay_max": Decimal("200")},
    {"headcount": 10000},
    {"lat": 33.9},
]


def _error_of(fn: Any) -> tuple[str, str, str | None]:
    with pytest.raises(AppError) as caught:
        fn()
    return caught.value.code, caught.value.message, caught.value.field


@pytest.mark.parametrize("bad", BAD_INPUTS)
def test_bulk_refuses_an_item_with_the_same_error_as_single_create(employer, job_data, bad):
    single = _error_of(lambda: services.job_create(actor=employer.owner, employer=employer, data=job_data(**bad)))
    results = services.jobs_create_bulk(actor=employer.owner, items=[
        services.BulkJobItem(employer=employer, data=job_data(title="果园采摘工一")),
        services.BulkJobItem(employer=employer, data=job_data(**bad)),
        services.BulkJobItem(employer=employer, data=job_data(title="果园采摘工三", description="在胡集镇果园分拣桃子。")),
    ])
    assert isinstance(results[0], Job) and isinstance(results[2], Job)
    assert isinstance(results[1], AppError)
    assert (results[1].code, results[1].message, results[1].field) == single
    # the refused item wrote nothing, the others are stored
    assert Job.objects.count() == 2 and {j.pk for j in Job.objects.all()} == {results[0].pk, results[2].pk}


def test_bulk_refuses_posting_for_another_employer_like_single_create(employer, make_employer, job_data):
    other = make_employer(township="胡集镇", name="沭阳县另一家合作社")
    single = _error_of(lambda: services.job_create(actor=other.owner, employer=employer, data=job_data()))
    results = services.jobs_create_bulk(actor=other.owner, items=[
        services.BulkJobItem(employer=employer, data=job_data()),
        services.BulkJobItem(employer=other, data=job_data()),
    ])
    assert isinstance(results[0], AppError) and (results[0].code, results[0].message, results[0].field) == single
    assert isinstance(results[1], Job) and results[1].employer == other


def test_bulk_writes_status_changes_audit_history_and_index_rows(employer, job_data, calls,
                                                                  django_capture_on_commit_callbacks):
    from suzhaohuo.search.models import SearchDoc

    items = [services.BulkJobItem(employer=employer, data=job_data(title=f"果园采摘工{i}")) for i in range(3)]
    items.append(services.BulkJobItem(employer=employer, data=job_data(title="草稿岗位"), submit=False))
    with django_capture_on_commit_callbacks(execute=True):
        jobs = services.jobs_create_bulk(actor=employer.owner, items=items)
    assert [j.status for j in jobs] == [JobStatus.PUBLISHED] * 3 + [JobStatus.DRAFT]
    for job in jobs[:3]:
        assert job.published_at is not None and job.screening_rules_version
        assert [c.to_status for c in job.status_changes.all()] == ["draft", "published"]
        assert set(AuditEvent.objects.filter(target_type="jobs.job", target_id=str(job.pk))
                   .values_list("action", flat=True)) == {"jobs.create", "jobs.published"}
        assert job.history.count() == 1 and job.history.first().status == JobStatus.PUBLISHED
    assert [c.to_status for c in jobs[3].status_changes.all()] == ["draft"]
    # after commit: the published postings are in the search index (one bulk refresh), and each one's
    # dispatch is queued
    assert set(SearchDoc.objects.values_list("job_id", flat=True)) == {j.pk for j in jobs[:3]}
    assert sorted(calls["dispatch"]) == sorted(j.pk for j in jobs[:3])
    assert JobStatusChange.objects.count() == 7


def test_review_and_block_decisions_match_single_create(employer, job_data, fake_screen):
    fake_screen("review")
    single = services.job_create(actor=employer.owner, employer=employer, data=job_data(title="单个"))
    [bulk] = services.jobs_create_bulk(actor=employer.owner, items=[
        services.BulkJobItem(employer=employer, data=job_data(title="批量"))])
    assert single.status == bulk.status == JobStatus.PENDING_REVIEW  # type: ignore[union-attr]
    fake_screen("block", "gender")
    single = services.job_create(actor=employer.owner, employer=employer, data=job_data(title="单个二"))
    [bulk] = services.jobs_create_bulk(actor=employer.owner, items=[
        services.BulkJobItem(employer=employer, data=job_data(title="批量二"))])
    assert single.status == bulk.status == JobStatus.DRAFT  # type: ignore[union-attr]
    for job in (single, bulk):
        assert AuditEvent.objects.filter(action="jobs.submit_blocked", target_id=str(job.pk)).exists()


def test_findings_screened_by_the_caller_are_used_not_screened_again(employer, job_data, monkeypatch):
    data = job_data()
    findings, version = screening_bridge.screen_fields(
        title=data.title, description=data.description, pay_min=data.pay_min, pay_max=data.pay_max,
        pay_unit=data.pay_unit, daily_hours=data.daily_hours, township_code=data.township_code,
        headcount=data.headcount, address=data.address, check_missing=False)

    def must_not_run(**_kw: Any) -> Any:
        raise AssertionError("screened twice")

    monkeypatch.setattr(screening_bridge, "screen_fields", must_not_run)
    [job] = services.jobs_create_bulk(actor=employer.owner, items=[
        services.BulkJobItem(employer=employer, data=data, screened=(findings, version))])
    assert isinstance(job, Job) and job.screening_rules_version == version[:32]


def test_same_employer_duplicate_check_can_be_left_to_the_caller(employer, job_data):
    services.job_create(actor=employer.owner, employer=employer, data=job_data())
    [checked] = services.jobs_create_bulk(actor=employer.owner, items=[
        services.BulkJobItem(employer=employer, data=job_data())])
    [unchecked] = services.jobs_create_bulk(actor=employer.owner, same_employer_check=False, items=[
        services.BulkJobItem(employer=employer, data=job_data())])
    assert "duplicate" in {f["category"] for f in checked.screening_findings}  # type: ignore[union-attr]
    assert checked.status == JobStatus.PENDING_REVIEW  # type: ignore[union-attr]
    assert "duplicate" not in {f["category"] for f in unchecked.screening_findings}  # type: ignore[union-attr]


def test_bulk_station_posting_needs_the_authorization_note(employer, job_data, make_staff):
    staff = make_staff(role="station_staff", scope="胡集镇")
    results = services.jobs_create_bulk(actor=staff, items=[
        services.BulkJobItem(employer=employer, data=job_data(), origin=JobOrigin.STATION),
        services.BulkJobItem(employer=employer, data=job_data(), origin=JobOrigin.STATION,
                             authorization_note="授权书 HJ-2026-01"),
    ])
    assert isinstance(results[0], AppError) and results[0].field == "authorization_note"
    assert isinstance(results[1], Job)
    assert results[1].status_changes.first().reason.endswith("HJ-2026-01")
