"""Issue #11 item 18: the demo reads like real use — the README's demo worker is real-name verified, no
look-alike duplicate postings, no engagement completed before its check-in, job texts that make sense,
monthly wages not settled daily, and an employer is greeted by its name, not a masked mobile."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_demo_oddities_are_gone():
    from suzhaohuo.accounts.models import User
    from suzhaohuo.core.crypto import keyed_hash
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.identity.selectors import employer_of, user_is_verified
    from suzhaohuo.jobs.models import Job

    call_command("load_regions")
    call_command("seed_demo", workers=12, employers=6, jobs=30)

    worker = User.objects.get(mobile_hash=keyed_hash("13800000001"))  # README: workers 13800000001…
    assert worker.role == "worker" and user_is_verified(worker)

    titles = list(Job.objects.values_list("employer_id", "title"))
    assert not [t for t in titles if re.search(r"家庭保洁\d$", t[1])], "numbered look-alike postings"
    training_jobs = Job.objects.filter(category__code="domestic.housekeeping", employer__township_id="321322102")
    pairs = list(training_jobs.values_list("employer_id", "title"))
    assert len(pairs) == len(set(pairs)), pairs

    for eng in Engagement.objects.exclude(completed_at=None):
        assert eng.checked_in_at is not None and eng.checked_in_at <= eng.completed_at, (eng.pk, eng.job.title)
        if eng.accepted_at:
            assert eng.accepted_at <= eng.checked_in_at, eng.pk

    assert not Job.objects.filter(pay_unit="month", settlement="daily").exists()
    for job in Job.objects.filter(title__startswith="养老护理员"):
        assert not job.description.startswith(job.employer.name), job.description
        assert job.pay_unit != "piece" and "照护" in job.description

    owner = User.objects.get(mobile_hash=keyed_hash("13900000001"))
    client = Client()
    client.force_login(owner)
    html = client.get("/accounts/me/").content.decode()
    greeting = re.search(r'<h1 data-testid="greeting">(.*?)</h1>', html).group(1)
    assert greeting == f"您好，{employer_of(owner).name}" and "****" not in greeting
