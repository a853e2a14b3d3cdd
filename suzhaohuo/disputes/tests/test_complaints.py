"""Complaints: categories and routing, anonymous reports, someone else's engagement, rate limits, grouping,
auto-hide through the jobs service, the complainant's outcome and ``complaint.upheld``."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from suzhaohuo.core.errors import AppError

pytestmark = pytest.mark.django_db


def _submit(**kw: Any) -> Any:
    from suzhaohuo.disputes.services import complaint_submit

    kw.setdefault("description", "招聘时说日结，干完说月底才给")
    kw.setdefault("category", "fake_job")
    return complaint_submit(**kw)


def test_anonymous_report_about_a_job_needs_no_login_and_goes_to_regulators(unpaid: Any) -> None:
    c = _submit(actor=AnonymousUser(), job_id=unpaid.job_id, anonymous=True, ip="10.0.0.1")
    assert c.number.startswith("TS-") and c.status == "received" and c.complainant is None
    assert c.region_code == "321322102" and c.handler_kind == "regulator" and c.employer_id == unpaid.employer_id


def test_wage_complaint_about_own_engagement_goes_to_mediators_and_is_not_anonymous(unpaid: Any) -> None:
    c = _submit(actor=unpaid.worker, category="wage_arrears", engagement_id=unpaid.pk)
    assert c.handler_kind == "mediator" and c.complainant == unpaid.worker
    with pytest.raises(AppError) as exc:
        _submit(actor=unpaid.worker, category="wage_arrears", engagement_id=unpaid.pk, anonymous=True)
    assert exc.value.code == "anonymous_not_allowed"


def test_complaint_about_someone_elses_engagement_is_refused_and_nothing_written(unpaid: Any,
                                                                                  make_worker: Any) -> None:
    from suzhaohuo.disputes.models import Complaint

    other = make_worker(name="李四")
    with pytest.raises(AppError) as exc:
        _submit(actor=other, category="wage_arrears", engagement_id=unpaid.pk)
    assert exc.value.status == 403 and exc.value.field == "engagement_id"
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(("kw", "code"), [
    ({"category": "nonsense"}, "bad_category"),
    ({"description": "短"}, "description_required"),
    ({"anonymous": False}, "login_required"),
])
def test_bad_input_is_refused_with_a_clear_message(unpaid: Any, kw: dict[str, Any], code: str) -> None:
    from suzhaohuo.disputes.models import Complaint

    params = {"actor": AnonymousUser(), "job_id": unpaid.job_id, "anonymous": True, **kw}
    with pytest.raises(AppError) as exc:
        _submit(**params)
    assert exc.value.code == code and exc.value.message
    assert not Complaint.objects.exists()


def test_anonymous_reports_are_rate_limited_per_source(unpaid: Any) -> None:
    for _i in range(3):
        _submit(actor=AnonymousUser(), job_id=unpaid.job_id, anonymous=True, ip="10.0.0.9")
    with pytest.raises(AppError) as exc:
        _submit(actor=AnonymousUser(), job_id=unpaid.job_id, anonymous=True, ip="10.0.0.9")
    assert exc.value.status == 429


def test_reports_about_one_posting_are_grouped_and_hide_it_at_the_threshold(unpaid: Any, make_worker: Any,
                                                                            settings: Any) -> None:
    settings.DISPUTES_HIDE_THRESHOLD = 3
    job = unpaid.job
    job.refresh_from_db()
    assert job.status in ("published", "filled")
    if job.status != "published":
        pytest.skip("the fixture's posting filled up")
    first = _submit(actor=AnonymousUser(), job_id=job.pk, anonymous=True, ip="10.0.1.1")
    second = _submit(actor=make_worker(name="王五"), job_id=job.pk)
    assert second.duplicate_of == first
    job.refresh_from_db()
    assert job.status == "published"
    _submit(actor=AnonymousUser(), job_id=job.pk, anonymous=True, ip="10.0.1.2")
    job.refresh_from_db()
    assert job.status == "pending_review"  # hidden, back in the review queue
    assert job.status_changes.order_by("-id").first().reason.startswith("收到3条投诉举报")


def test_handler_accepts_then_closes_upheld_complainant_sees_it_and_event_is_emitted(
        unpaid: Any, regulator: Any, make_worker: Any, django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.disputes import services as s
    from suzhaohuo.kernel import events
    from suzhaohuo.kernel.events import EventName
    from suzhaohuo.notifications.models import Notification

    seen: list[dict[str, Any]] = []

    @events.on(EventName.COMPLAINT_UPHELD)
    def record(event: events.Event) -> None:
        seen.append(event.payload)

    someone = make_worker(name="赵六")
    c = _submit(actor=someone, job_id=unpaid.job_id, category="fee")
    dup = _submit(actor=AnonymousUser(), job_id=unpaid.job_id, category="fee", anonymous=True, ip="10.2.0.1")
    with pytest.raises(AppError):
        s.complaint_decide(actor=regulator, complaint=c, accept=False, reason="")  # a reason is required
    s.complaint_decide(actor=regulator, complaint=c, accept=True, reason="已受理")
    with django_capture_on_commit_callbacks(execute=True):
        s.complaint_close(actor=regulator, complaint=c, result="查实收取押金200元，已责令退还。", upheld=True)
    c.refresh_from_db()
    dup.refresh_from_db()
    assert c.status == dup.status == "closed" and c.upheld is True and dup.result == c.result
    assert seen and seen[-1]["complaint_id"] == c.pk and seen[-1]["category"] == "fee"
    assert Notification.objects.filter(user=someone, title__contains="已办结").exists()
    from suzhaohuo.disputes.selectors import complaints_of_user

    assert [x.result for x in complaints_of_user(someone)] == ["查实收取押金200元，已责令退还。"]


def test_a_mediator_cannot_handle_a_regulators_complaint(unpaid: Any, mediator: Any) -> None:
    from suzhaohuo.disputes.services import complaint_decide

    c = _submit(actor=AnonymousUser(), job_id=unpaid.job_id, anonymous=True, ip="10.3.0.1")
    with pytest.raises(AppError) as exc:
        complaint_decide(actor=mediator, complaint=c, accept=True)
    assert exc.value.status == 403


def test_evidence_files_are_checked_for_type_and_size_and_stored_outside_media(unpaid: Any, settings: Any) -> None:
    from pathlib import Path

    from suzhaohuo.disputes.models import Complaint, Evidence
    from suzhaohuo.disputes.services import UploadedEvidence, evidence_storage

    with pytest.raises(AppError) as exc:
        _submit(actor=unpaid.worker, engagement_id=unpaid.pk, category="wage_arrears",
                files=[UploadedEvidence("a.exe", b"MZ\x90\x00", "application/octet-stream")])
    assert exc.value.field == "files" and not Complaint.objects.exists()
    with pytest.raises(AppError):
        _submit(actor=unpaid.worker, engagement_id=unpaid.pk, category="wage_arrears",
                files=[UploadedEvidence("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf")])
    c = _submit(actor=unpaid.worker, engagement_id=unpaid.pk, category="wage_arrears",
                files=[UploadedEvidence("欠条.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")])
    ev = Evidence.objects.get(complaint=c)
    location = Path(evidence_storage().location)
    assert (location / ev.file_path).exists()
    assert not str(location).startswith(str(settings.MEDIA_ROOT))
