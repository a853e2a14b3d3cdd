"""Issue #11 item 1: a source publishes under a registered employer's name only with that employer's standing
authorisation; otherwise the posting is held (not the employer's, not published) and the employer is asked to
confirm it. Unregistered employers become 「来源单位代录」 records; imported USCCs are check-digit validated.
Each channel: push API, spreadsheet upload, pull feed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import valid_uscc
from suzhaohuo.aggregation.tests.conftest import authorize, item

pytestmark = pytest.mark.django_db

BULK = "/api/v1/ingest/jobs/bulk"


def push(client: Any, key: str, items: list[Any], capture: Any) -> Any:
    with capture(execute=True):
        return client.post(BULK, data={"items": items}, content_type="application/json",
                           headers={"X-Api-Key": key})


@pytest.fixture
def victim(make_employer: Any) -> Any:
    """A verified employer that never authorised any source: its name and USCC are public."""
    return make_employer(township="胡集镇", name="沭阳县胡集苗木有限公司")


def _held_for(victim: Any, result: dict[str, Any]) -> Any:
    from suzhaohuo.aggregation.models import EmployerConfirmation
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.jobs.selectors import jobs_of_employer

    assert result["outcome"] == "held", result
    job = Job.objects.get(pk=result["job_id"])
    assert job.status == "draft" and job.employer != victim
    assert not jobs_of_employer(victim).exists()  # nothing in the employer's 「我的岗位」
    return EmployerConfirmation.objects.get(posting__job=job, employer=victim, status="pending")


def test_push_naming_a_verified_employer_by_uscc_is_held_and_the_employer_asked(
        client: Any, agency: Any, agency_key: str, victim: Any, django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.notifications.models import Notification

    spaced = " ".join(victim.uscc[i:i + 6] for i in range(0, 18, 6))
    fullwidth = spaced.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHJKLMNPQRTUWXY"})
    body = push(client, agency_key, [item(1, employer_name="随便写的名字", employer_uscc=fullwidth)],
                django_capture_on_commit_callbacks).json()
    conf = _held_for(victim, body["results"][0])
    assert "尚未授权" in body["results"][0]["issues"][-1]["message"]
    note = Notification.objects.get(user=victim.owner, event="source_confirm")
    assert agency.name in note.title and note.url == f"/aggregation/confirm/{conf.pk}/"


def test_push_naming_by_exact_name_is_held_too(client: Any, agency_key: str, victim: Any,
                                               django_capture_on_commit_callbacks: Any) -> None:
    body = push(client, agency_key, [item(1, employer_name=victim.name)], django_capture_on_commit_callbacks).json()
    _held_for(victim, body["results"][0])


def test_employer_confirms_one_then_authorizes_then_refuses(client: Any, agency: Any, agency_key: str, victim: Any,
                                                            django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import EmployerConfirmation, SourceAuthorization, SourceLink
    from suzhaohuo.aggregation.services import confirmation_decide
    from suzhaohuo.core.models import AuditEvent
    from suzhaohuo.jobs.models import Job

    body = push(client, agency_key, [item(i, employer_name=victim.name) for i in (1, 2, 3)],
                django_capture_on_commit_callbacks).json()
    confs = [EmployerConfirmation.objects.get(posting__job_id=r["job_id"]) for r in body["results"]]
    # another employer cannot answer for it
    from suzhaohuo.core.errors import AppError

    with pytest.raises(AppError):
        confirmation_decide(actor=agency.organization_employer.owner, confirmation=confs[0], decision="confirm")
    confirmation_decide(actor=victim.owner, confirmation=confs[0], decision="confirm")
    job = Job.objects.get(pk=body["results"][0]["job_id"])
    assert job.employer == victim and job.status == "published"  # the normal publish decision
    assert AuditEvent.objects.filter(action="aggregation.confirmation_confirm").exists()
    confirmation_decide(actor=victim.owner, confirmation=confs[1], decision="refuse", reason="不是我们的岗位")
    refused = Job.objects.get(pk=body["results"][1]["job_id"])
    assert refused.status == "closed" and refused.employer != victim and refused.published_at is None
    assert not SourceLink.objects.filter(posting__job=refused).exclude(state="withdrawn").exists()
    confirmation_decide(actor=victim.owner, confirmation=confs[2], decision="authorize")
    assert Job.objects.get(pk=body["results"][2]["job_id"]).status == "published"
    auth = SourceAuthorization.objects.get(source=agency, employer=victim, revoked_at__isnull=True)
    assert auth.via == "employer"
    # with the standing authorisation, the next posting publishes at once under the employer
    body = push(client, agency_key, [item(4, employer_name=victim.name)], django_capture_on_commit_callbacks).json()
    assert body["results"][0]["outcome"] == "created"
    assert Job.objects.get(pk=body["results"][0]["job_id"]).employer == victim
    # revoked: held again
    from suzhaohuo.aggregation.services import authorization_revoke

    authorization_revoke(actor=victim.owner, authorization=auth, reason="合作结束")
    body = push(client, agency_key, [item(5, employer_name=victim.name)], django_capture_on_commit_callbacks).json()
    _held_for_again = body["results"][0]
    assert _held_for_again["outcome"] == "held"


def test_reviewer_cannot_release_a_posting_waiting_for_the_employer(client: Any, agency_key: str, victim: Any,
                                                                    make_staff: Any,
                                                                    django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import Posting
    from suzhaohuo.aggregation.services import posting_release
    from suzhaohuo.core.errors import AppError

    body = push(client, agency_key, [item(1, employer_name=victim.name)], django_capture_on_commit_callbacks).json()
    posting = Posting.objects.get(job_id=body["results"][0]["job_id"])
    with pytest.raises(AppError) as exc:
        posting_release(actor=make_staff(role="station_staff", scope="沭阳县"), posting=posting)
    assert "用工单位确认" in exc.value.message


def test_station_records_written_authorisation_with_evidence_in_scope(agency: Any, victim: Any, make_staff: Any,
                                                                      make_worker: Any) -> None:
    from suzhaohuo.aggregation.services import authorization_record
    from suzhaohuo.core.errors import AppError, PermissionDenied
    from suzhaohuo.core.models import AuditEvent
    from suzhaohuo.notifications.models import Notification

    staff = make_staff(role="station_staff", scope="胡集镇")
    with pytest.raises(AppError) as exc:
        authorization_record(actor=staff, source=agency, employer=victim, evidence="")
    assert exc.value.field == "evidence"
    for outsider in (make_staff(role="station_staff", scope="泗洪县"), make_worker(), victim.owner):
        with pytest.raises(PermissionDenied):
            authorization_record(actor=outsider, source=agency, employer=victim, evidence="授权书2026-11-03")
    auth = authorization_record(actor=staff, source=agency, employer=victim,
                                evidence="授权书2026-11-03，原件存胡集镇零工服务站")
    assert auth.via == "station" and auth.granted_by == staff and "原件" in auth.evidence
    event = AuditEvent.objects.get(action="aggregation.authorization_grant")
    assert event.actor == staff and event.data["evidence"].startswith("授权书")
    assert Notification.objects.filter(user=victim.owner, event="source_confirm").exists()


def test_unregistered_employer_becomes_a_proxy_record_shown_on_the_job_page(
        client: Any, agency: Any, agency_key: str, make_staff: Any, django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import Posting, ProxyEmployer
    from suzhaohuo.aggregation.services import posting_release

    uscc = valid_uscc(7777)
    body = push(client, agency_key, [item(1, employer_name="沭阳某钢筋班组", employer_uscc=uscc),
                                     item(2, employer_name="沭阳某钢筋班组", employer_uscc=uscc,
                                          title="钢筋工", description="钢筋绑扎，包午饭。")],
                django_capture_on_commit_callbacks).json()
    assert [r["outcome"] for r in body["results"]] == ["held", "held"]
    proxy = ProxyEmployer.objects.get(source=agency, uscc=uscc)
    assert proxy.name == "沭阳某钢筋班组" and proxy.postings.count() == 2
    posting = Posting.objects.get(job_id=body["results"][0]["job_id"])
    assert "来源单位代录" in posting.review_reasons[0]
    posting_release(actor=make_staff(role="station_staff", scope="沭阳县"), posting=posting)  # reviewed
    posting.job.refresh_from_db()
    assert posting.job.status == "published"
    page = client.get(f"/jobs/{posting.job_id}/").content.decode()
    assert "来源单位代录" in page and agency.name in page and "沭阳某钢筋班组" in page


def _wrong_check_digit(n: int) -> str:
    good = valid_uscc(n)
    return good[:17] + ("0" if good[17] != "0" else "1")


@pytest.mark.parametrize(("uscc", "reason"), [
    (_wrong_check_digit(4242), "校验码"), ("91321322MA1", "18位"), ("91321322MA1OZ0001X", "不该出现的字符"),
    ("91999999MA00000001", "")])
def test_invalid_uscc_is_a_row_error_with_a_reason(client: Any, agency_key: str, uscc: str, reason: str,
                                                   django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.core.validators import uscc_problem

    if not reason:  # a check digit computed right on a division code that does not exist
        from suzhaohuo.core.validators import uscc_check_char

        uscc = uscc[:17] + uscc_check_char(uscc[:17])
        assert uscc_problem(uscc) == "division"
        reason = "行政区划"
    body = push(client, agency_key, [item(1, employer_uscc=uscc)], django_capture_on_commit_callbacks).json()
    result = body["results"][0]
    assert result["outcome"] == "rejected"
    issue = next(i for i in result["issues"] if i["field"] == "employer_uscc")
    assert reason in issue["message"] and "营业执照" in issue["message"]


# --- spreadsheet upload -----------------------------------------------------------------------------

def test_upload_rows_naming_an_unauthorising_employer_are_held_and_bad_uscc_reported(
        client: Any, make_source: Any, make_staff: Any, victim: Any, django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import EmployerConfirmation, ImportBatch, RawRecord
    from suzhaohuo.aggregation.services import source_operator_link
    from suzhaohuo.aggregation.tests.test_upload import HEADERS, row, xlsx

    source = make_source(kind="department", name="市住建局岗位征集", sector="housing", organization="宿迁市住房和城乡建设局")
    operator = make_staff(role="department_operator", scope="宿迁市")
    source_operator_link(actor=None, source=source, user=operator)
    content = xlsx([row(1, employer=victim.name) + [""],
                    row(2, employer="沭阳某建筑劳务", title="钢筋工") + [_wrong_check_digit(4343)]],
                   headers=[*HEADERS, "统一社会信用代码"])
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/aggregation/upload/", {"file": SimpleUploadedFile("岗位.xlsx", content)})
    batch = ImportBatch.objects.get()
    held = RawRecord.objects.get(batch=batch, row_number=2)
    assert held.outcome == "held"
    assert EmployerConfirmation.objects.filter(posting=held.posting, employer=victim).exists()
    refused = RawRecord.objects.get(batch=batch, row_number=3)
    assert refused.outcome == "rejected" and any("校验码" in i["message"] for i in refused.issues)


# --- pull feed ----------------------------------------------------------------------------------------

def test_feed_naming_employer_by_tax_id_is_held_until_authorised(make_source: Any, victim: Any) -> None:
    from suzhaohuo.aggregation.services import pull_run

    def posting(n: int) -> dict[str, Any]:
        return {"@type": "JobPosting", "identifier": f"F-{n}", "title": f"苗木装车工{n}",
                "description": "苗木装车、搬运，包午饭，男女不限。", "datePosted": "2026-11-20",
                "hiringOrganization": {"@type": "Organization", "name": "写错的名字", "taxID": victim.uscc},
                "jobLocation": {"@type": "Place", "address": {"addressLocality": "沭阳县", "streetAddress": "胡集镇花木大道8号"}},
                "baseSalary": {"@type": "MonetaryAmount", "currency": "CNY",
                               "value": {"@type": "QuantitativeValue", "value": 180, "unitText": "DAY"}},
                "totalJobOpenings": 3, "employmentType": "PER_DIEM"}

    source = make_source(kind="association", name="宿迁市花木行业协会", pull_format="json_feed",
                         pull_url="https://feed.example/jobs")
    out = pull_run(source=source, fetch=lambda url: ("application/json", json.dumps({"items": [posting(1)]})))
    assert [r.outcome for r in out["results"]] == ["held"]
    authorize(victim, source)
    out = pull_run(source=source, fetch=lambda url: ("application/json", json.dumps({"items": [posting(2)]})))
    from suzhaohuo.jobs.models import Job

    [result] = out["results"]
    assert result.outcome == "created", result.issues
    assert Job.objects.get(pk=result.job_id).employer == victim


# --- pages ----------------------------------------------------------------------------------------------

def test_station_page_records_with_evidence_and_says_what_is_missing(client: Any, agency: Any, victim: Any,
                                                                     make_staff: Any, make_worker: Any) -> None:
    from suzhaohuo.aggregation.models import SourceAuthorization

    client.force_login(make_worker())
    assert client.get("/aggregation/authorizations/record/").status_code == 403
    assert client.get("/aggregation/authorizations/").status_code == 403  # not an employer
    client.force_login(make_staff(role="station_staff", scope="胡集镇"))
    resp = client.post("/aggregation/authorizations/record/",
                       {"source": agency.pk, "employer_uscc": victim.uscc, "evidence": ""})
    assert resp.status_code == 400 and "请写明书面授权材料" in resp.content.decode()
    resp = client.post("/aggregation/authorizations/record/",
                       {"source": agency.pk, "employer_uscc": "91321322MA0000000X", "evidence": "授权书2026-11-03"})
    assert resp.status_code == 400 and "没有找到这个统一社会信用代码" in resp.content.decode()
    spaced = f"{victim.uscc[:6]} {victim.uscc[6:12]} {victim.uscc[12:]}"
    resp = client.post("/aggregation/authorizations/record/",
                       {"source": agency.pk, "employer_uscc": spaced, "evidence": "授权书2026-11-03，原件存胡集站"})
    assert resp.status_code == 302
    auth = SourceAuthorization.objects.get(employer=victim, source=agency)
    assert victim.name in client.get("/aggregation/authorizations/record/").content.decode()
    client.force_login(victim.owner)
    page = client.get("/aggregation/authorizations/").content.decode()
    assert agency.name in page and "原件存胡集站" in page
    client.post("/aggregation/authorizations/", {"action": "revoke", "authorization": auth.pk})
    auth.refresh_from_db()
    assert auth.revoked_at is not None and auth.revoked_by == victim.owner
