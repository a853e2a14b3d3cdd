"""New-user walk (360 px, helper `walk`): on 「我的岗位」 the 「关闭」 button closed a job with one tap, although the
job page itself says closing cannot be undone and asks first. The list now asks first too (a <details> step
with the same explanation); only its inner button posts."""

from __future__ import annotations

import re

import pytest

from suzhaohuo.jobs.choices import JobStatus
from suzhaohuo.jobs.models import Job
from suzhaohuo.jobs.tests.test_views import FORM

pytestmark = pytest.mark.django_db


def test_close_on_my_jobs_is_asked_first(client, employer):
    client.force_login(employer.owner)
    client.post("/jobs/new/", {**FORM, "action": "submit"})
    job = Job.objects.get()
    page = client.get("/jobs/mine/").content.decode()
    step = re.search(rf'<details class="confirm-step" data-testid="close-job-{job.pk}">(.*?)</details>', page, re.S)
    assert step is not None, "关闭 must sit inside a confirmation step"
    assert "关闭不能撤销" in step.group(1) and f'action="/jobs/{job.pk}/close/"' in step.group(1)
    # no bare one-tap form to the close URL outside the confirmation step
    assert page.count(f'action="/jobs/{job.pk}/close/"') == 1

    client.post(f"/jobs/{job.pk}/close/", {"reason": "人招满了"})
    job.refresh_from_db()
    assert job.status == JobStatus.CLOSED
