from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from suzhaohuo.core.errors import AppError
from suzhaohuo.core.models import AuditEvent
from suzhaohuo.jobs import services
from suzhaohuo.jobs.choices import JobOrigin, JobStatus, ScreeningStatus
from suzhaohuo.jobs.models import Job, JobStatusChange
from suzhaohuo.jobs.selectors import job_get_public, jobs_public, review_queue

pytestmark = pytest.mark.django_db


def test_verified_employer_with_clean_posting_publishes_at_once(employer, job_data, calls,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    assert job.status == JobStatus.PUBLISHED and job.published_at is not None
    assert job.screening_status in (ScreeningStatus.CLEAN, ScreeningStatus.WARN)
    assert job.screening_rules_version
    assert [c.to_status for c in job.status_changes.all()] == ["draft", "published"]
    assert AuditEvent.objects.filter(action="jobs.published", target_id=str(job.pk), actor=employer.owner).exists()
    assert job_get_public(job.pk) == job
    assert calls["dispatch"] == [job.pk] and job.pk in calls["index"]


def test_unverified_employer_cannot_post(make_employer, job_data):
    employer = make_employer(verified=False)
    with pytest.raises(AppError) as exc:
        services.job_create(actor=employer.owner, employer=employer, data=job_data())
    assert exc.value.code in ("not_verified", "employer_not_verified") and exc.value.status == 403
    assert Job.objects.count() == 0


def test_expired_verification_cannot_post(employer, job_data):
    from suzhaohuo.identity.models import Employer

    Employer.objects.filter(pk=employer.pk).update(verification_expires_at=timezone.now() - timedelta(days=1))
    employer.refresh_from_db()
    with pytest.raises(AppError) as exc:
        services.job_create(actor=employer.owner, employer=employer, data=job_data())
    assert exc.value.code in ("not_verified", "employer_not_verified") and exc.value.status == 403


@pytest.mark.parametrize(("overrides", "code", "field"), [
    ({"pay_unit": "week"}, "unknown_pay_unit", "pay_unit"),
    ({"settlement": "yearly"}, "unknown_settlement", "settlement"),
    ({"category_code": "nope"}, "unknown_category", "category_code"),
    ({"start_date": date(2030, 5, 2), "end_date": date(2030, 5, 1)}, "bad_dates", "end_date"),
    ({"township_code": "321322999"}, "unknown_region", "township_code"),
    ({"headcount": 0}, "bad_headcount", "headcount"),
    ({"headcount": -3}, "bad_headcount", "headcount"),
    ({"title": "搬" * 61}, "too_long", "title"),
    ({"description": "活" * 2001}, "too_long", "description"),
    ({"title": "  "}, "required", "title"),
    ({"pay_min": Decimal("200"), "pay_max": Decimal("150")}, "bad_pay", "pay_max"),
    ({"pay_min": Decimal("-1")}, "bad_pay", "pay_min"),
    ({"pay_min": None, "pay_max": None}, "required", "pay_min"),
    ({"daily_hours": Decimal("25")}, "bad_dates", "daily_hours"),
    ({"lat": 39.9, "lng": 116.4}, "bad_coordinates", "lat"),
    ({"lat": 34.0}, "bad_coordinates", "lat"),
])
def test_bad_input_gets_clear_error_and_saves_nothing(employer, job_data, overrides, code, field):
    with pytest.raises(AppError) as exc:
        services.job_create(actor=employer.owner, employer=employer, data=job_data(**overrides))
    assert (exc.value.code, exc.value.field) == (code, field)
    assert "非法" not in exc.value.message and "无效" not in exc.value.message
    assert Job.objects.count() == 0 and JobStatusChange.objects.count() == 0


@pytest.mark.parametrize("days", [-1, 0, 92])
def test_valid_until_must_be_in_the_future_and_within_maximum(employer, job_data, settings, days):
    settings.JOB_MAX_VALID_DAYS = 90
    with pytest.raises(AppError) as exc:
        services.job_create(actor=employer.owner, employer=employer,
                            data=job_data(valid_until=timezone.now() + timedelta(days=days)))
    assert exc.value.code == "bad_validity"
    assert Job.objects.count() == 0


def test_default_validity_and_coordinates_inside_bounds(employer, job_data, settings):
    settings.JOB_DEFAULT_VALID_DAYS = 30
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data(lat=34.09, lng=118.77))
    assert timedelta(days=29) < job.valid_until - timezone.now() <= timedelta(days=30)
    assert (job.lat, job.lng) == (34.09, 118.77)


def test_html_is_stored_as_plain_text(employer, job_data):
    text = '<script>alert("x")</script><b>搬运</b>'
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data(description=text))
    job.refresh_from_db()
    assert job.description == text


def test_review_finding_sends_posting_to_scoped_queue(employer, job_data, fake_screen, make_staff):
    fake_screen("review")
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    assert job.status == JobStatus.PENDING_REVIEW
    assert job.screening_status == ScreeningStatus.REVIEW and job.screening_rules_version == "test-1"
    assert job.screening_findings[0]["category"] == "disability"
    huji, yanji, county = make_staff(scope="胡集镇"), make_staff(scope="颜集镇"), make_staff(scope="沭阳县")
    assert list(review_queue(huji)) == [job]
    assert list(review_queue(county)) == [job]
    assert list(review_queue(yanji)) == []
    assert not jobs_public().filter(pk=job.pk).exists()


def test_block_finding_keeps_a_draft_with_reasons(employer, job_data, fake_screen):
    fake_screen("block", "gender")
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    assert job.status == JobStatus.DRAFT and job.screening_status == ScreeningStatus.BLOCK
    assert job.screening_findings[0]["message"] == "测试说明"
    assert AuditEvent.objects.filter(action="jobs.submit_blocked", target_id=str(job.pk)).exists()
    with pytest.raises(AppError) as exc:
        services.job_review(actor=None, job=job, decision="approve")
    assert exc.value.status == 403


def test_review_all_setting_sends_clean_posting_to_review(employer, job_data, settings):
    settings.JOB_REVIEW_ALL = True
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    assert job.status == JobStatus.PENDING_REVIEW


def test_review_decisions_notify_poster(employer, job_data, fake_screen, make_staff, calls,
                                        django_capture_on_commit_callbacks):
    from suzhaohuo.notifications.models import Notification

    fake_screen("review")
    staff = make_staff(scope="胡集镇")
    other = make_staff(scope="颜集镇")
    first = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    with pytest.raises(AppError) as exc:
        services.job_review(actor=other, job=first, decision="approve")
    assert exc.value.status == 403
    with pytest.raises(AppError) as exc:
        services.job_review(actor=staff, job=first, decision="request_changes", message="")
    assert exc.value.field == "message"

    services.job_review(actor=staff, job=first, decision="request_changes", message="请写明具体工作时间")
    first.refresh_from_db()
    assert first.status == JobStatus.DRAFT
    note = Notification.objects.get(user=employer.owner)
    assert "需要修改" in note.title and note.body == "请写明具体工作时间"

    second = services.job_create(actor=employer.owner, employer=employer, data=job_data(title="蔬菜大棚帮工",
                                 description="大棚里摘黄瓜，按天结算，包午饭。"))
    with django_capture_on_commit_callbacks(execute=True):
        services.job_review(actor=staff, job=second, decision="approve")
    second.refresh_from_db()
    assert second.status == JobStatus.PUBLISHED and calls["dispatch"] == [second.pk]
    change = second.status_changes.last()
    assert (change.actor, change.to_status) == (staff, "published")

    third = services.job_create(actor=employer.owner, employer=employer, data=job_data(title="装卸工",
                                description="仓库卸货，计件结算。", category_code="moving.loading"))
    services.job_review(actor=staff, job=third, decision="reject", message="岗位信息不真实")
    third.refresh_from_db()
    assert third.status == JobStatus.CLOSED and "岗位信息不真实" in third.status_changes.last().reason
    assert Notification.objects.filter(user=employer.owner).count() == 3


def test_regulator_takes_down_with_reason(employer, job_data, make_staff):
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    station = make_staff(scope="胡集镇")
    with pytest.raises(AppError):
        services.job_take_down(actor=station, job=job, reason="x")
    regulator = make_staff(role="regulator", scope="沭阳县")
    with pytest.raises(AppError) as exc:
        services.job_take_down(actor=regulator, job=job, reason=" ")
    assert exc.value.field == "reason"
    services.job_take_down(actor=regulator, job=job, reason="经核查为虚假招聘")
    job.refresh_from_db()
    assert job.status == JobStatus.TAKEN_DOWN and job.closed_at is not None
    assert job.status_changes.last().reason == "经核查为虚假招聘"
    with pytest.raises(AppError):
        services.job_repost(actor=employer.owner, job=job)


def test_close_and_repost(employer, job_data, make_employer):
    job = services.job_create(actor=employer.owner, employer=employer,
                              data=job_data(start_date=date(2020, 1, 1), end_date=date(2020, 1, 2)))
    stranger = make_employer()
    with pytest.raises(AppError) as exc:
        services.job_close(actor=stranger.owner, job=job)
    assert exc.value.status == 403
    services.job_close(actor=employer.owner, job=job, reason="人招够了")
    job.refresh_from_db()
    assert job.status == JobStatus.CLOSED
    with pytest.raises(AppError) as exc:
        services.job_update(actor=employer.owner, job=job, data=job_data())
    assert exc.value.code == "bad_state"
    new = services.job_repost(actor=employer.owner, job=job)
    assert new.pk != job.pk and new.status == JobStatus.DRAFT and new.title == job.title
    assert new.start_date is None and new.valid_until > job.valid_until - timedelta(seconds=1)
    services.job_submit(actor=employer.owner, job=new)
    new.refresh_from_db()
    assert new.status == JobStatus.PUBLISHED


def test_mark_filled_is_idempotent(employer, job_data):
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    services.job_mark_filled(job=job)
    services.job_mark_filled(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.FILLED
    assert job.status_changes.filter(to_status="filled").count() == 1


def test_expiry_task_expires_posting_and_public_lists_drop_it(employer, job_data):
    from suzhaohuo.jobs.tasks import jobs_expire_task

    job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    keep = services.job_create(actor=employer.owner, employer=employer,
                               data=job_data(title="快递分拣", description="夜班分拣包裹", category_code="courier.sorting"))
    assert set(jobs_public()) == {job, keep}
    Job.objects.filter(pk=job.pk).update(valid_until=timezone.now() - timedelta(minutes=1))  # time passes
    assert list(jobs_public()) == [keep]  # never stale, even before the task runs
    jobs_expire_task.enqueue()
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED and job.closed_at is not None
    assert job.status_changes.last().reason == "已过有效期"
    assert services.jobs_expire() == 0  # idempotent
    with pytest.raises(AppError):
        job_get_public(job.pk)


def test_update_rescreens_and_published_stays_published(employer, job_data, fake_screen):
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    job = services.job_update(actor=employer.owner, job=job, data=job_data(headcount=8), reason="加人")
    assert job.status == JobStatus.PUBLISHED and job.headcount == 8
    fake_screen("block", "fee")
    with pytest.raises(AppError) as exc:
        services.job_update(actor=employer.owner, job=job, data=job_data(headcount=9))
    assert exc.value.code == "blocked_by_screening" and exc.value.extra["findings"][0]["category"] == "fee"
    job.refresh_from_db()
    assert job.headcount == 8 and job.status == JobStatus.PUBLISHED
    fake_screen("review")
    job = services.job_update(actor=employer.owner, job=job, data=job_data(headcount=9))
    assert job.status == JobStatus.PENDING_REVIEW


def test_duplicate_of_open_posting_goes_to_review(employer, job_data):
    first = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    second = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    dup = [f for f in second.screening_findings if f["category"] == "duplicate"]
    assert dup and dup[0]["duplicate_of"] == first.pk
    assert second.status == JobStatus.PENDING_REVIEW
    other = services.job_create(actor=employer.owner, employer=employer, data=job_data(
        title="家电维修师傅", description="上门维修空调洗衣机，按单结算。", category_code="repair.appliance",
        pay_unit="job"))
    assert not [f for f in other.screening_findings if f["category"] == "duplicate"]


def test_station_staff_posts_on_behalf_with_authorization(employer, job_data, make_staff):
    staff = make_staff(scope="胡集镇")
    with pytest.raises(AppError) as exc:
        services.job_create(actor=staff, employer=employer, data=job_data(), origin=JobOrigin.STATION)
    assert exc.value.field == "authorization_note"
    outsider = make_staff(scope="颜集镇")
    with pytest.raises(AppError) as exc:
        services.job_create(actor=outsider, employer=employer, data=job_data(), origin=JobOrigin.STATION,
                            authorization_note="授权书2026-001")
    assert exc.value.status == 403
    job = services.job_create(actor=staff, employer=employer, data=job_data(), origin=JobOrigin.STATION,
                              authorization_note="授权书2026-001")
    assert job.status == JobStatus.PUBLISHED and job.posted_by == staff and job.origin == "station"
    assert "授权书2026-001" in job.status_changes.first().reason


def test_other_employer_cannot_post_for_someone_else(employer, job_data, make_employer):
    stranger = make_employer()
    with pytest.raises(AppError) as exc:
        services.job_create(actor=stranger.owner, employer=employer, data=job_data())
    assert exc.value.status == 403
    assert Job.objects.count() == 0


def test_close_filled_task_is_a_backstop_for_missed_fills(employer, job_data, make_worker):
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.jobs.tasks import jobs_close_filled_task

    job = services.job_create(actor=employer.owner, employer=employer, data=job_data(headcount=2))
    other = services.job_create(actor=employer.owner, employer=employer, data=job_data(
        headcount=2, title="快递分拣", description="夜班分拣包裹", category_code="courier.sorting"))
    # rows as they stand after, e.g., a crash between accepting and closing: no status change yet
    for status, target in (("accepted", job), ("checked_in", job), ("accepted", other), ("declined", other)):
        Engagement.objects.create(job=target, worker=make_worker(), employer=employer, status=status)
    jobs_close_filled_task.enqueue()
    jobs_close_filled_task.enqueue()
    job.refresh_from_db()
    other.refresh_from_db()
    assert job.status == JobStatus.FILLED and other.status == JobStatus.PUBLISHED
    assert job.status_changes.filter(to_status="filled").count() == 1
