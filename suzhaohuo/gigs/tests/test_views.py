"""The transaction pages and the /api/v1 endpoints, driven through the test client."""

from __future__ import annotations

import json

import pytest

from suzhaohuo.gigs import services as s
from suzhaohuo.gigs.choices import EngagementStatus as S
from suzhaohuo.gigs.models import Engagement

pytestmark = pytest.mark.django_db


def test_apply_page_requires_consent_keeps_message_then_applies(client, make_worker, make_job):
    worker, job = make_worker(), make_job()
    client.force_login(worker)
    r = client.post(f"/gigs/jobs/{job.pk}/apply/", {"message": "我会开三轮车"})
    body = r.content.decode()
    assert r.status_code == 400 and "请勾选同意" in body and "我会开三轮车" in body
    assert "error-summary" in body
    r = client.post(f"/gigs/jobs/{job.pk}/apply/", {"message": "我会开三轮车", "consent": "on"})
    eng = Engagement.objects.get(worker=worker, job=job)
    assert r.status_code == 302 and r.url == f"/gigs/e/{eng.pk}/"
    # a second visit goes to the existing engagement instead of applying twice
    assert client.get(f"/gigs/jobs/{job.pk}/apply/").url == f"/gigs/e/{eng.pk}/"
    page = client.get("/gigs/").content.decode()
    assert job.title in page and "已报名" in page


def test_unverified_worker_sees_clear_message(client, make_worker, make_job):
    job = make_job()
    client.force_login(make_worker(verified=False))
    r = client.post(f"/gigs/jobs/{job.pk}/apply/", {"consent": "on"})
    assert r.status_code == 403 and "实名认证" in r.content.decode()


def test_employer_applicants_mask_mobile_until_accepted_then_reveal_is_logged(client, make_worker, make_job):
    from suzhaohuo.core.models import PiiAccessLog

    worker, job = make_worker(name="王小明"), make_job()
    eng = s.engagement_apply(worker=worker, job=job, consent=True)
    client.force_login(job.employer.owner)
    page = client.get(f"/gigs/employer/jobs/{job.pk}/").content.decode()
    assert worker.masked_mobile in page and worker.mobile not in page and "王**" in page
    assert "技能认证 暂无" in page
    r = client.post(f"/gigs/e/{eng.pk}/reveal/")
    assert r.status_code == 403 and worker.mobile not in r.content.decode()
    r = client.post(f"/gigs/e/{eng.pk}/accept/")
    assert r.status_code == 302
    r = client.post(f"/gigs/e/{eng.pk}/reveal/")
    assert worker.mobile in r.content.decode()
    assert PiiAccessLog.objects.filter(actor=job.employer.owner, subject=worker).count() == 1


def test_other_people_cannot_see_an_engagement(client, make_worker, make_job, make_employer):
    eng = s.engagement_apply(worker=make_worker(), job=make_job(), consent=True)
    client.force_login(make_worker())
    assert client.get(f"/gigs/e/{eng.pk}/").status_code == 404
    client.force_login(make_employer().owner)
    assert client.get(f"/gigs/e/{eng.pk}/").status_code == 404
    assert client.post(f"/gigs/e/{eng.pk}/accept/").status_code == 404


def test_action_form_errors_are_shown_at_the_field_and_keep_input(client, make_worker, make_job, advance):
    eng = advance(s.engagement_apply(worker=make_worker(), job=make_job(), consent=True), to="completed")
    client.force_login(eng.employer.owner)
    r = client.post(f"/gigs/e/{eng.pk}/pay/", {"pay-amount": "", "pay-method": "cash"})
    body = r.content.decode()
    assert r.status_code == 400 and "请填写实际支付的金额" in body and 'value="cash" selected' in body
    r = client.post(f"/gigs/e/{eng.pk}/pay/", {"pay-amount": "200", "pay-method": "wechat"})
    assert r.status_code == 302
    eng.refresh_from_db()
    assert eng.status == S.PAID


def test_checkin_code_page_shows_inline_qr_and_worker_checks_in_by_qr(client, make_worker, make_job, advance):
    eng = advance(s.engagement_apply(worker=make_worker(), job=make_job(), consent=True), to="signed")
    client.force_login(eng.employer.owner)
    page = client.get(f"/gigs/employer/jobs/{eng.job_id}/checkin-code/").content.decode()
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    from suzhaohuo.gigs.models import CheckinCode

    code = CheckinCode.objects.get(job=eng.job)
    assert code.code in page and f"/gigs/checkin/{code.token}/" in page
    client.force_login(eng.worker)
    r = client.post(f"/gigs/e/{eng.pk}/checkin/", {"checkin-code": "12"})
    assert r.status_code == 400 and "6位数字" in r.content.decode()
    r = client.post(f"/gigs/checkin/{code.token}/", {})
    assert r.status_code == 302
    eng.refresh_from_db()
    assert eng.status == S.CHECKED_IN


def test_job_panel_states(client, make_worker, make_job):
    from django.template import Context, RequestContext, Template
    from django.test import RequestFactory

    job = make_job()
    tpl = Template('{% include "gigs/_job_panel.html" %}')

    def render(user):
        req = RequestFactory().get(f"/jobs/{job.pk}/")
        req.user = user
        return tpl.render(RequestContext(req, {"job": job}))

    from django.contrib.auth.models import AnonymousUser

    assert "登录后报名" in render(AnonymousUser())
    assert "去实名认证" in render(make_worker(verified=False))
    worker = make_worker()
    html = render(worker)
    assert "一键报名" in html and "已实名认证" in html and "暂无付款记录" in html
    s.engagement_apply(worker=worker, job=job, consent=True)
    assert 'data-testid="applied-status"' in render(worker)
    assert "查看报名人员" in render(job.employer.owner)
    assert Context  # imported for clarity of template API


def test_api_apply_list_and_act_with_structured_errors(client, make_worker, make_job):
    worker, job = make_worker(), make_job()
    client.force_login(worker)
    r = client.post(f"/api/v1/jobs/{job.pk}/apply", json.dumps({"message": "hi"}), content_type="application/json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "consent_required"
    assert r.json()["error"]["field"] == "consent"
    r = client.post(f"/api/v1/jobs/{job.pk}/apply", json.dumps({"consent": True}), content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "applied" and r.json()["next_actions"] == ["withdraw"]
    eng_id = r.json()["id"]
    r = client.post(f"/api/v1/jobs/{job.pk}/apply", json.dumps({"consent": True}), content_type="application/json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_applied"
    assert [e["id"] for e in client.get("/api/v1/me/engagements").json()] == [eng_id]
    r = client.post(f"/api/v1/engagements/{eng_id}/accept", "{}", content_type="application/json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "bad_transition"  # a worker accepts invitations only
    r = client.post(f"/api/v1/engagements/{eng_id}/pay", "{}", content_type="application/json")
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_allowed"
    client.force_login(job.employer.owner)
    r = client.post(f"/api/v1/engagements/{eng_id}/accept", "{}", content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    r = client.post(f"/api/v1/engagements/{eng_id}/fly", "{}", content_type="application/json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "unknown_action"
    r = client.post(f"/api/v1/engagements/{eng_id}/cancel", "{}", content_type="application/json")
    assert r.status_code == 400 and r.json()["error"]["field"] == "reason"


def test_api_engagement_list_links_each_agreement_in_a_fixed_number_of_queries(
        client, make_worker, make_job, advance, django_assert_max_num_queries):
    from suzhaohuo.agreements.models import Agreement

    worker = make_worker()
    engagements = [s.engagement_apply(worker=worker, job=make_job(start_in_days=3 * i + 1), consent=True, message="")
                   for i in range(4)]
    for eng in engagements[:2]:
        advance(eng, to="accepted")
    expected = {e.pk: Agreement.objects.filter(engagement=e).values_list("pk", flat=True).first() for e in engagements}
    assert sum(v is not None for v in expected.values()) == 2
    client.force_login(worker)
    with django_assert_max_num_queries(6):  # session, user, engagements, agreements (not one per engagement)
        rows = client.get("/api/v1/me/engagements").json()
    assert {r["id"]: r["agreement_id"] for r in rows} == expected
