"""就业援助: identification only with consent and evidence, sensitive data encrypted and withdrawable,
eligibility for public-welfare posts with reasons, term limits (extension near retirement), attendance
and subsidy, alerts, figures and the KPI endpoint."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from suzhaohuo.assistance import selectors, services
from suzhaohuo.assistance.models import Attendance, DifficultyPerson, FollowUp, Placement
from suzhaohuo.core.errors import AppError

pytestmark = pytest.mark.django_db


def test_identification_requires_consent(staff: Any, categories: None, make_worker: Any) -> None:
    with pytest.raises(AppError) as exc:
        services.person_identify(actor=staff, user=make_worker(), category_code="long_term_unemployed",
                                 consent=False, consent_note="x", evidence="失业登记证")
    assert exc.value.code == "consent_required" and exc.value.field == "consent"
    assert not DifficultyPerson.objects.exists()


def test_identification_requires_evidence_and_a_city_category(staff: Any, categories: None,
                                                              make_worker: Any) -> None:
    worker = make_worker()
    with pytest.raises(AppError) as exc:
        services.person_identify(actor=staff, user=worker, category_code="long_term_unemployed", consent=True,
                                 consent_note="签字", evidence="")
    assert exc.value.code == "evidence_required"
    with pytest.raises(AppError) as exc:
        services.person_identify(actor=staff, user=worker, category_code="made_up", consent=True,
                                 consent_note="签字", evidence="证明")
    assert exc.value.code == "unknown_category"
    assert not DifficultyPerson.objects.exists()


def test_identification_outside_scope_is_refused(make_staff: Any, categories: None, make_worker: Any) -> None:
    other = make_staff(scope="泗洪县")
    with pytest.raises(AppError):
        services.person_identify(actor=other, user=make_worker(), category_code="long_term_unemployed",
                                 consent=True, consent_note="签字", evidence="证明")


def test_sensitive_data_is_encrypted_scoped_and_withdrawable(identify: Any, make_staff: Any) -> None:
    person = identify()
    with connection.cursor() as cur:
        cur.execute("SELECT evidence FROM assistance_difficultyperson WHERE id = %s", [person.pk])
        raw = cur.fetchone()[0]
    assert "3213220001" not in raw and raw.startswith("v1:")
    assert selectors.persons_for_staff(actor=make_staff(scope="泗洪县")).count() == 0
    assert selectors.persons_for_staff(actor=make_staff(scope="胡集镇")).count() == 1
    services.contact_add(actor=person.assigned_staff, person=person, on=timezone.localdate(), channel="visit",
                         content="上门了解家庭情况")
    person = services.person_withdraw(user=person.user, person=person, reason="已找到工作")
    person.refresh_from_db()
    assert person.status == "withdrawn" and person.evidence == "" and person.contacts.get().content == ""


def test_only_one_active_identification(identify: Any) -> None:
    person = identify()
    with pytest.raises(AppError) as exc:
        identify(worker=person.user)
    assert exc.value.code == "already_identified"


def test_outcome_schedules_follow_ups_at_1_3_6_months(identify: Any) -> None:
    person = identify()
    on = timezone.localdate()
    services.outcome_record(actor=person.assigned_staff, person=person, employed_on=on, employed_where="胡集镇物流园",
                            kind="gig")
    assert sorted(FollowUp.objects.filter(person=person).values_list("months", flat=True)) == [1, 3, 6]
    fu = FollowUp.objects.get(person=person, months=1)
    assert fu.due_on == services.add_months(on, 1)
    services.followup_record(actor=person.assigned_staff, follow_up=fu, result="unemployed")
    person.refresh_from_db()
    assert person.status == "identified"  # back on the books


def test_priority_pushes_are_bounded_per_day(identify: Any, make_employer: Any, settings: Any) -> None:
    from suzhaohuo.jobs.services import JobInput, job_create

    settings.ASSISTANCE_PRIORITY_PUSHES_PER_DAY = 2
    person = identify()
    employer = make_employer()
    jobs = [job_create(actor=employer.owner, employer=employer, data=JobInput(
        title=f"果园采摘{i}", description="采摘装箱", category_code="agri.harvest", pay_unit="day", settlement="daily",
        headcount=2, township_code="321322102", address="胡集镇", pay_min=Decimal("150"))) for i in range(3)]
    assert {j.pk for j in selectors.recommended_jobs(person)} >= {j.pk for j in jobs}
    services.recommendation_push(actor=person.assigned_staff, person=person, job=jobs[0])
    services.recommendation_push(actor=person.assigned_staff, person=person, job=jobs[1])
    with pytest.raises(AppError):
        services.recommendation_push(actor=person.assigned_staff, person=person, job=jobs[2])
    assert person.user.notifications.filter(event="assistance_job").count() == 2


# --- public-welfare posts ---------------------------------------------------------------------------

def test_post_only_for_identified_persons_with_reasons(make_post: Any, make_worker: Any, identify: Any) -> None:
    post = make_post(slots=1)
    assert services.eligibility(person=None, post=post)
    with pytest.raises(AppError) as exc:
        services.placement_create(actor=post.created_by, post=post, person=None)
    assert exc.value.code == "not_eligible" and exc.value.extra["reasons"]
    a, b = identify(), identify(name="王建国")
    services.placement_create(actor=post.created_by, post=post, person=a)
    reasons = services.eligibility(person=b, post=post)
    assert any("已满员" in r for r in reasons)
    assert any("已在公益性岗位上岗" in r for r in services.eligibility(person=a, post=make_post()))
    assert Placement.objects.count() == 1


def test_post_in_another_county_is_not_eligible(make_post: Any, identify: Any, make_staff: Any) -> None:
    person = identify()
    admin = make_staff(role="admin", scope=None)
    post = services.post_create(actor=admin, data=services.PostInput(
        title="河道巡查员", unit_name="青阳街道办事处", unit_kind="township", township_code="321324001",
        duties="巡查", hours="工作日", monthly_subsidy="1800"))
    assert any("县（区）" in r for r in services.eligibility(person=person, post=post))


def test_term_limit_three_years_in_total(make_post: Any, identify: Any) -> None:
    person = identify(birth="19900101")  # far from retirement
    post = make_post(term_months=24)
    start = timezone.localdate() - timedelta(days=1)
    first = services.placement_create(actor=post.created_by, post=post, person=person, start_date=start)
    assert first.end_date == services.add_months(start, 24) - timedelta(days=1)
    # extending past 36 months in total is refused; to exactly 36 is allowed
    with pytest.raises(AppError) as exc:
        services.placement_extend(actor=post.created_by, placement=first, months=13)
    assert exc.value.code == "term_limit"
    first = services.placement_extend(actor=post.created_by, placement=first, months=12)
    assert services.months_between(first.start_date, first.end_date) == 36
    services.placement_exit(actor=post.created_by, placement=first, exit_date=first.end_date, reason="term_end")
    # three years used: a new placement is refused with the reason
    reasons = services.eligibility(person=person, post=make_post())
    assert any("累计安置期限最长36个月" in r for r in reasons)


def test_term_caps_a_new_placement_at_what_is_left(make_post: Any, identify: Any) -> None:
    person = identify(birth="19900101")
    post = make_post(term_months=30)
    start = date(2024, 1, 1)
    p = services.placement_create(actor=post.created_by, post=post, person=person, start_date=start)
    services.placement_exit(actor=post.created_by, placement=p, exit_date=date(2026, 6, 30), reason="voluntary")
    second = services.placement_create(actor=post.created_by, post=make_post(term_months=12), person=person,
                                       start_date=date(2026, 7, 1))
    assert services.months_between(second.start_date, second.end_date) == 6  # 36 - 30


def test_near_retirement_may_extend_to_retirement(make_post: Any, identify: Any, settings: Any) -> None:
    today = timezone.localdate()
    born = date(today.year - 58, 1, 1)  # male, retires at 60 (settings), within 5 years
    person = identify(birth=born.strftime("%Y%m%d"))
    retires = services.retirement_date(person.user)
    assert retires == date(today.year + 2, 1, 1)
    post = make_post(term_months=12)
    p = services.placement_create(actor=post.created_by, post=post, person=person, start_date=today)
    p = services.placement_extend(actor=post.created_by, placement=p, months=36)
    assert p.end_date == retires - timedelta(days=1) and p.extended
    with pytest.raises(AppError):
        services.placement_extend(actor=post.created_by, placement=p, months=1)


def test_attendance_and_subsidy(make_post: Any, identify: Any) -> None:
    from suzhaohuo.assistance.exports import attendance_xlsx

    post = make_post(monthly_subsidy="2000")
    today = timezone.localdate()
    start = today.replace(day=1) - timedelta(days=40)
    p = services.placement_create(actor=post.created_by, post=post, person=identify(), start_date=start)
    month = start.replace(day=1) + timedelta(days=32)
    row = services.attendance_record(actor=post.created_by, placement=p, month=month.strftime("%Y-%m"),
                                     days_scheduled=22, days_present=20)
    assert row.subsidy == Decimal("1818.18")
    row = services.attendance_record(actor=post.created_by, placement=p, month=month.strftime("%Y-%m"),
                                     days_scheduled=22, days_present=22)  # correcting the month: one row
    assert Attendance.objects.count() == 1 and row.subsidy == Decimal("2000.00")
    for bad in ({"days_present": 23}, {"days_scheduled": 0}, {"month": "2019-01"}, {"month": "abc"}):
        kw = {"month": month.strftime("%Y-%m"), "days_scheduled": 22, "days_present": 20, **bad}
        with pytest.raises(AppError):
            services.attendance_record(actor=post.created_by, placement=p, **kw)
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(attendance_xlsx(selectors.attendance_for_export(actor=post.created_by)))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][3] == "村级保洁员" and rows[1][8] == 22 and rows[1][10] == 2000.0
    assert "3213" not in str(rows[1][5])[6:14]  # ID number masked


def test_alert_before_term_ends_once(make_post: Any, identify: Any) -> None:
    post = make_post(term_months=1)
    person = identify()
    services.placement_create(actor=post.created_by, post=post, person=person)
    assert services.placements_alert_term_end() == 1
    assert services.placements_alert_term_end() == 0
    assert person.user.notifications.filter(event="welfare_term_ending").exists()
    assert post.created_by.notifications.filter(event="welfare_term_ending").exists()


def test_exit_requires_a_reason(make_post: Any, identify: Any) -> None:
    post = make_post()
    p = services.placement_create(actor=post.created_by, post=post, person=identify())
    with pytest.raises(AppError):
        services.placement_exit(actor=post.created_by, placement=p, exit_date=timezone.localdate(), reason="?")
    with pytest.raises(AppError):
        services.placement_exit(actor=post.created_by, placement=p, exit_date=timezone.localdate(), reason="other")
    p = services.placement_exit(actor=post.created_by, placement=p, exit_date=timezone.localdate(),
                                reason="found_job", note="")
    assert p.status == "exited"


def test_kpi_endpoint(client: Any, make_post: Any, identify: Any, make_staff: Any) -> None:
    person = identify()
    post = make_post()
    services.placement_create(actor=post.created_by, post=post, person=person)
    identify(name="赵六")
    regulator = make_staff(role="regulator", scope="沭阳县", username="reg1")
    client.force_login(regulator)
    today = timezone.localdate()
    url = f"/api/v1/kpi/assistance?from={today - timedelta(days=1)}&to={today + timedelta(days=1)}&region=321322"
    body = client.get(url).json()
    assert body == {"difficulty": {"identified": 2, "assisted": 1, "employed": 1},
                    "welfare_posts": {"open": 1, "filled": 1},
                    "insurance": {"engagements": 0, "insured": 0, "insured_rate": None, "claims": 0}}
    assert client.get("/api/v1/kpi/assistance?region=321324").status_code == 403
    bad = client.get("/api/v1/kpi/assistance?from=2026-13-01")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "from"
    client.force_login(person.user)
    assert client.get("/api/v1/kpi/assistance").status_code == 403


def test_indicators(identify: Any) -> None:
    from suzhaohuo.kernel.indicators import Period, read

    identify()
    today = timezone.localdate()
    period = Period(today - timedelta(days=1), today + timedelta(days=1))
    assert read("difficulty_identified", period=period, region_prefix="321322").value == 1
    assert read("difficulty_employed", period=period, region_prefix=None).value == 0
    assert read("welfare_posts_filled", period=period, region_prefix=None).value == 0
