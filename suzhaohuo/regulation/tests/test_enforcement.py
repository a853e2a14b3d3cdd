"""Every path that posts, imports, applies, logs in or reveals asks the one policy, and refuses a sanctioned
party with the sanction's reason: web posting, editing, reposting, the jobs API, station posting on behalf,
push/upload imports (per row), the source's API key, applying, login of a closed account."""

from __future__ import annotations

import json
from typing import Any

import pytest

from suzhaohuo.aggregation.tests.conftest import item
from suzhaohuo.core.errors import AppError
from suzhaohuo.regulation.tests.conftest import HUJI, suspend

pytestmark = pytest.mark.django_db

FORM = {
    "title": "果园采摘工", "category_code": "agri.harvest",
    "description": "胡集镇桃园采摘桃子，早7点到下午4点，包午饭，男女不限。", "requirements": "", "benefits": "包午饭",
    "pay_min": "200", "pay_max": "", "pay_unit": "day", "settlement": "daily", "headcount": "4",
    "start_date": "", "end_date": "", "daily_hours": "8", "work_time": "", "township_code": HUJI,
    "address": "胡集镇桃园村", "lat": "", "lng": "", "valid_until": "",
}
API_BODY = {"title": "快递分拣临时工", "description": "在沭阳县胡集镇快递网点分拣包裹，夜班，计时结算，男女不限。",
            "category_code": "courier.sorting", "pay_unit": "hour", "settlement": "weekly", "headcount": 3,
            "township_code": HUJI, "address": "胡集镇工业园快递网点", "pay_min": "25", "pay_max": "30",
            "daily_hours": "6"}


def test_every_posting_path_refuses_a_suspended_employer(client: Any, regulator: Any, farm: Any, agency: Any,
                                                         agency_key: str, make_staff: Any, make_carrier: Any,
                                                         job_input: Any, django_capture_on_commit_callbacks: Any
                                                         ) -> None:
    from suzhaohuo.carriers import services as carrier_services
    from suzhaohuo.jobs import services as job_services
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.search.models import SearchDoc

    with django_capture_on_commit_callbacks(execute=True):
        live = job_services.job_create(actor=farm.owner, employer=farm, data=job_input())
    old = job_services.job_create(actor=farm.owner, employer=farm, data=job_input())
    job_services.job_close(actor=farm.owner, job=old)
    assert SearchDoc.objects.filter(job=live).exists()

    with django_capture_on_commit_callbacks(execute=True):
        sanction = suspend(regulator, farm)
    # the public postings vanish at once (search index refreshed by the sanction.changed handler)
    assert not SearchDoc.objects.filter(job=live).exists()
    assert client.get(f"/jobs/{live.pk}/").status_code == 404
    jobs_before = Job.objects.count()

    # 1. web posting
    client.force_login(farm.owner)
    resp = client.post("/jobs/new/", {**FORM, "action": "submit"})
    assert "暂停招聘服务" in resp.content.decode() and "发布虚假招聘信息" in resp.content.decode()
    # 2. the jobs API
    resp = client.post("/api/v1/jobs", data=json.dumps(API_BODY), content_type="application/json")
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "sanctioned"
    assert "申诉" in resp.json()["error"]["message"]
    # 3. editing and 4. reposting
    with pytest.raises(AppError) as exc:
        job_services.job_update(actor=farm.owner, job=live, data=job_input(title="改个标题"))
    assert exc.value.code == "sanctioned"
    with pytest.raises(AppError) as exc:
        job_services.job_repost(actor=farm.owner, job=old)
    assert exc.value.code == "sanctioned"
    # 5. station posting on its behalf
    staff = make_staff(scope="胡集镇")
    station = make_carrier(name="胡集镇零工服务驿站", staff=[staff])
    from conftest import valid_id_number

    with pytest.raises(AppError) as exc:
        carrier_services.job_post_on_behalf(
            actor=staff, carrier=station, employer=farm, data=job_input(),
            authorization=carrier_services.AuthorizationInput(authorized_by="王五", method="in_person",
                                                              id_number=valid_id_number(9, birth="19750101")))
    assert exc.value.code == "sanctioned"
    # 6. an agency's push naming it: refused per row with the reason, other rows go through
    client.logout()
    other = item(2, employer_name=agency.organization, title="仓库分拣员", description="物流仓库分拣包裹，男女不限。")
    resp = client.post("/api/v1/ingest/jobs/bulk", data={"items": [item(1), other]}, content_type="application/json",
                       headers={"X-Api-Key": agency_key})
    results = resp.json()["results"]
    assert [r["outcome"] for r in results] == ["rejected", "created"], results
    assert any("暂停招聘服务" in i["message"] for i in results[0]["issues"])
    assert Job.objects.count() == jobs_before + 1
    # the employer's standing is asked per row through the policy (the named employer)
    from suzhaohuo.kernel import policy
    from suzhaohuo.kernel.policy import Action

    assert policy.standing(agency.organization_employer.owner, Action.JOB_POST, target=farm).code == "sanctioned"

    # lifted: posting works again on every path, and the old posting is back in search
    from suzhaohuo.regulation.services import sanction_lift

    with django_capture_on_commit_callbacks(execute=True):
        sanction_lift(actor=regulator, sanction=sanction, reason="申诉成立")
    assert SearchDoc.objects.filter(job=live).exists()
    client.force_login(farm.owner)
    resp = client.post("/api/v1/jobs", data=json.dumps(API_BODY), content_type="application/json")
    assert resp.status_code == 201, resp.content


def test_suspended_source_key_and_upload_refused(client: Any, regulator: Any, agency: Any, agency_key: str,
                                                 farm: Any) -> None:
    from suzhaohuo.regulation.services import sanction_impose

    sanction_impose(actor=regulator, kind="suspend_source", subject_type="source", subject_id=agency.pk,
                    legal_basis="《网络招聘服务管理规定》第三十三条", reason="多次推送虚假岗位", days=30)
    resp = client.post("/api/v1/ingest/jobs/bulk", data={"items": [item(1)]}, content_type="application/json",
                       headers={"X-Api-Key": agency_key})
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "source_suspended" and "多次推送虚假岗位" in resp.json()["error"]["message"]
    from suzhaohuo.aggregation.services import ingest_items

    with pytest.raises(AppError) as exc:
        ingest_items(source=agency, items=[item(1)])
    assert exc.value.code == "source_suspended"


def test_apply_and_login_refused_for_closed_account(client: Any, regulator: Any, farm: Any, make_worker: Any,
                                                    job_input: Any) -> None:
    from suzhaohuo.accounts.services import otp_request
    from suzhaohuo.gigs.services import engagement_apply
    from suzhaohuo.jobs.services import job_create
    from suzhaohuo.regulation.services import sanction_impose

    job = job_create(actor=farm.owner, employer=farm, data=job_input())
    worker = make_worker()
    sanction_impose(actor=regulator, kind="close_account", subject_type="user", subject_id=worker.pk,
                    legal_basis="《速找活平台服务协议》第十二条", reason="冒用他人身份报名并转卖岗位信息")
    with pytest.raises(AppError) as exc:
        engagement_apply(worker=worker, job=job, consent=True)
    assert exc.value.code == "account_closed"
    otp_request(mobile=worker.mobile)
    from conftest import read_last_sms_code

    resp = client.post("/api/v1/auth/login", data=json.dumps({"mobile": worker.mobile,
                                                               "code": read_last_sms_code(worker.mobile)}),
                       content_type="application/json")
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "account_closed"
    assert "冒用他人身份" in resp.json()["error"]["message"]


def test_apply_refused_for_suspended_employers_posting(regulator: Any, farm: Any, make_worker: Any,
                                                       job_input: Any) -> None:
    from suzhaohuo.gigs.services import engagement_apply
    from suzhaohuo.jobs.services import job_create

    job = job_create(actor=farm.owner, employer=farm, data=job_input())
    suspend(regulator, farm)
    with pytest.raises(AppError):
        engagement_apply(worker=make_worker(), job=job, consent=True)


def test_warning_does_not_block_and_notifies_with_basis(regulator: Any, farm: Any, job_input: Any) -> None:
    from suzhaohuo.jobs.services import job_create
    from suzhaohuo.notifications.models import Notification
    from suzhaohuo.regulation.services import sanction_impose

    sanction_impose(actor=regulator, kind="warning", subject_type="employer", subject_id=farm.pk,
                    legal_basis="《就业服务与就业管理规定》第十四条", reason="岗位描述未写明工作时间")
    job_create(actor=farm.owner, employer=farm, data=job_input())
    note = Notification.objects.filter(user=farm.owner, event="sanction_decided").get()
    assert "警示" in note.title and "第十四条" in note.body and "申诉" in note.body


def test_regulator_outside_scope_cannot_sanction(make_staff: Any, make_employer: Any) -> None:
    from suzhaohuo.regulation.services import sanction_impose

    emp = make_employer(township="胡集镇")
    other = make_staff(role="regulator", scope="宿豫区")
    with pytest.raises(AppError) as exc:
        sanction_impose(actor=other, kind="warning", subject_type="employer", subject_id=emp.pk,
                        legal_basis="x", reason="y")
    assert exc.value.status == 403
    station = make_staff(role="station_staff")
    with pytest.raises(AppError):
        sanction_impose(actor=station, kind="warning", subject_type="employer", subject_id=emp.pk,
                        legal_basis="x", reason="y")


def test_source_whose_organisation_is_overdue_for_reverification_is_refused(client: Any, agency: Any,
                                                                           agency_key: str) -> None:
    """Recruitment sources are re-verified every 6 months with their organisation's record: when it lapses,
    the source's key is refused until the organisation is re-verified."""
    from datetime import timedelta

    from django.utils import timezone

    from suzhaohuo.identity.models import Employer

    Employer.objects.filter(pk=agency.organization_employer_id).update(
        verification_expires_at=timezone.now() - timedelta(days=1))
    resp = client.post("/api/v1/ingest/jobs/bulk", data={"items": [item(1)]}, content_type="application/json",
                       headers={"X-Api-Key": agency_key})
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "reverification_due"
    assert "重新认证" in resp.json()["error"]["message"]


def test_station_cannot_push_or_print_a_suspended_employers_postings(regulator: Any, farm: Any, make_staff: Any,
                                                                     make_carrier: Any, job_input: Any) -> None:
    from suzhaohuo.carriers import services as carrier_services
    from suzhaohuo.jobs.services import job_create

    job = job_create(actor=farm.owner, employer=farm, data=job_input())
    staff = make_staff(scope="胡集镇")
    station = make_carrier(name="胡集镇零工服务驿站", staff=[staff])
    suspend(regulator, farm)
    with pytest.raises(AppError) as exc:
        carrier_services.jobs_push(actor=staff, carrier=station, job_ids=[job.pk])
    assert exc.value.field == "jobs"
