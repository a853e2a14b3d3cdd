"""axe-core finds no serious or critical violations on the training pages a worker uses (360 px, normal and
elder mode), populated with a course at a station, an enrolment and a sealed certificate."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from test_accessibility import AXE, _audit, _login

HUJI = "321322102"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_training_pages_accessible(browser, live_server, make_worker, make_employer, make_staff):
    if not os.path.exists(AXE):
        pytest.fail("axe-core missing: run `make browsers` (npm install --no-save axe-core@4.11.0)")
    from suzhaohuo.accounts.services import staff_create
    from suzhaohuo.jobs.services import JobInput, job_create
    from suzhaohuo.training import services
    from suzhaohuo.training.models import Enrolment
    from suzhaohuo.training.seeding import attend_all, course_with_sessions, sessions_now, verified_provider

    owner = staff_create(actor=None, username="qiaoshou", password="Provider-pass-123", role="training_provider",
                         scope_region_code=HUJI)
    provider = verified_provider(owner=owner, staff=make_staff(scope="胡集镇"), township_code=HUJI)
    done = course_with_sessions(provider=provider, township_code=HUJI, title="家政服务员（专项能力）第一期")
    upcoming = course_with_sessions(provider=provider, township_code=HUJI)
    employer = make_employer(township="胡集镇")
    job = job_create(actor=employer.owner, employer=employer, data=JobInput(
        title="住家保姆", description="照顾老人起居。", category_code="domestic.housekeeping", pay_unit="day",
        settlement="monthly", headcount=1, township_code=HUJI, address="胡集镇", pay_min=Decimal("180")))
    worker = make_worker(name="周桂兰")
    services.enrolment_create(worker=worker, course=done)
    sessions_now(done)
    attend_all(done, worker)
    services.enrolment_assess(actor=owner, enrolment=Enrolment.objects.get(worker=worker), result="pass")
    cert = worker.training_certificates.get()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url,
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    _login(page, worker, live_server.url)
    pages = {"courses": "/training/", "course": f"/training/courses/{upcoming.pk}/", "job": f"/jobs/{job.pk}/",
             "mine": "/training/me/", "verify": f"/verify/?no={cert.number}", "demand": f"/training/demand/?township={HUJI}",
             "card": f"/training/workers/{worker.pk}/"}
    failures = []
    for mode in ("normal", "elder"):
        if mode == "elder":
            page.context.add_cookies([{"name": "elder", "value": "1", "url": live_server.url}])
        for name, path in pages.items():
            bad, _size = _audit(page, path)
            if bad:
                failures.append(f"{mode} {name} {path}: {bad}")
    context.close()
    assert not failures, "\n".join(failures)
