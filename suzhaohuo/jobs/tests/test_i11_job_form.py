"""Issue #11 item 13: editing a job round-trips its dates and keeps its validity; a blocked submit from the
「发布岗位」 form leaves no draft in 「我的岗位」 (the attempt is still audited for the risk model)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from suzhaohuo.core.models import AuditEvent
from suzhaohuo.jobs import services
from suzhaohuo.jobs.models import Job
from suzhaohuo.jobs.tests.test_views import FORM

pytestmark = pytest.mark.django_db


def test_edit_form_renders_iso_dates_and_an_unchanged_save_keeps_validity(client, employer, job_data):
    start = timezone.localdate() + timedelta(days=3)
    valid_until = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=20),
                                                       datetime.min.time().replace(hour=10, minute=30)))
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data(
        start_date=start, end_date=start + timedelta(days=4), valid_until=valid_until))
    client.force_login(employer.owner)
    html = client.get(f"/jobs/{job.pk}/edit/").content.decode()
    assert f'name="start_date" value="{start.isoformat()}"' in html
    assert f'name="end_date" value="{(start + timedelta(days=4)).isoformat()}"' in html
    assert f'name="valid_until" value="{timezone.localtime(valid_until).date().isoformat()}"' in html
    assert "/" not in html.split('name="valid_until" value="')[1][:12]

    form = {**FORM, "start_date": start.isoformat(), "end_date": (start + timedelta(days=4)).isoformat(),
            "valid_until": timezone.localtime(valid_until).date().isoformat(), "title": "果园采摘工（改）",
            "action": "submit"}
    resp = client.post(f"/jobs/{job.pk}/edit/", form)
    assert resp.status_code == 302
    job.refresh_from_db()
    assert job.title == "果园采摘工（改）"
    assert job.valid_until == valid_until  # not moved to 23:59:59, not reset to 30 days
    assert job.start_date == start

    later = timezone.localdate() + timedelta(days=40)
    client.post(f"/jobs/{job.pk}/edit/", {**form, "valid_until": later.isoformat()})
    job.refresh_from_db()
    assert timezone.localtime(job.valid_until).date() == later


def test_blocked_submit_from_the_new_form_leaves_no_draft_but_is_audited(client, employer):
    client.force_login(employer.owner)
    bad = {**FORM, "description": "招聘搬运工，限男性，需交押金200元", "action": "submit"}
    for _attempt in range(3):
        resp = client.post("/jobs/new/", bad)
        assert resp.status_code == 200
        html = resp.content.decode()
        assert 'data-testid="screening-summary"' in html and "不能发布" in html
        assert "押金" in html  # what was typed stays
    assert not Job.objects.exists()
    assert client.get("/jobs/mine/").content.decode().count('data-testid="my-job"') == 0
    assert AuditEvent.objects.filter(action="jobs.submit_blocked", actor=employer.owner).count() == 3

    # 「保存草稿」 still saves exactly one draft on purpose; fixed text publishes
    client.post("/jobs/new/", {**bad, "action": "save"})
    assert Job.objects.count() == 1 and Job.objects.get().status == "draft"
    resp = client.post("/jobs/new/", {**FORM, "action": "submit"})
    assert resp.status_code == 302 and Job.objects.filter(status="published").count() == 1


def test_api_and_imports_still_keep_a_blocked_posting_as_a_draft(employer, job_data):
    job = services.job_create(actor=employer.owner, employer=employer,
                              data=job_data(description="招聘搬运工，限男性，需交押金200元"))
    assert job.status == "draft" and job.screening_status == "block"


def test_iso_date_input_renders_iso_whatever_the_locale():
    from suzhaohuo.core.forms import IsoDateInput

    html = IsoDateInput().render("d", date(2026, 12, 31))
    assert 'type="date"' in html and 'value="2026-12-31"' in html
