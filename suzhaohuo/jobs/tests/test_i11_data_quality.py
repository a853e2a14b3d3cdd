"""Issue #11 item 10: pay below the minimum wage goes to review and never shows the 「已通过内容检测」 badge;
hours written in the text feed the check; absurd dates and head counts are refused clearly."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from suzhaohuo.core.errors import AppError
from suzhaohuo.jobs import services
from suzhaohuo.jobs.choices import JobStatus
from suzhaohuo.jobs.tests.test_api import BODY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pay", ["0.001", "30"])
def test_daily_pay_below_minimum_wage_goes_to_review_without_the_badge(client, employer, job_data, pay):
    job = services.job_create(actor=employer.owner, employer=employer,
                              data=job_data(pay_min=Decimal(pay), pay_max=Decimal(pay), daily_hours=None))
    assert job.status == JobStatus.PENDING_REVIEW
    assert any(f["category"] == "below_min_wage" for f in job.screening_findings)
    client.force_login(employer.owner)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "已通过内容检测" not in page


def test_hours_written_in_the_text_feed_the_check(employer, job_data):
    # 190 元/天 is fine for 8 hours (23.75/h) but below the hourly minimum for 10 hours a day in the text
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data(
        pay_min=Decimal("190"), pay_max=Decimal("190"), daily_hours=None,
        description="在胡集镇果园采摘桃子，每天10小时，中午管饭，男女不限。"))
    rules = {f["rule_id"] for f in job.screening_findings}
    assert "min_wage.below" in rules, job.screening_findings


def test_clean_posting_keeps_the_badge(client, employer, job_data):
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    assert job.status == JobStatus.PUBLISHED and not job.screening_findings
    assert "已通过内容检测" in client.get(f"/jobs/{job.pk}/").content.decode()


@pytest.mark.parametrize("field", ["start_date", "end_date"])
def test_year_one_dates_are_refused(employer, job_data, field):
    from datetime import date

    with pytest.raises(AppError) as exc:
        services.job_create(actor=employer.owner, employer=employer, data=job_data(**{field: date(1, 1, 1)}))
    assert exc.value.field == field and "日期" in exc.value.message


def test_negative_pay_says_it_is_negative(client, employer):
    client.force_login(employer.owner)
    resp = client.post("/api/v1/jobs", json.dumps({**BODY, "pay_min": "-5", "pay_max": None}),
                       content_type="application/json")
    e = resp.json()["error"]
    assert resp.status_code == 400 and e["field"] == "pay_min" and "负数" in e["message"]


@pytest.mark.parametrize("value", ["1e9", "1E+9", "2.5"])
def test_imported_head_count_in_scientific_or_decimal_form_is_an_error(value):
    from suzhaohuo.aggregation.normalize import Normalized, _headcount

    out = Normalized()
    _headcount(value, out)
    assert any(i.field == "headcount" and i.severity == "error" for i in out.issues), out.issues
