"""Sanction life cycle: appeal with decision and reasons, lift at end date, correction verified; the 异常名录
blocks registration, employer creation, verification and imports; re-verification and licence register."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import valid_id_number, valid_uscc
from suzhaohuo.core.errors import AppError
from suzhaohuo.regulation.tests.conftest import suspend

pytestmark = pytest.mark.django_db


def test_appeal_decided_with_reasons_lifts_and_notifies(regulator: Any, make_employer: Any, job_input: Any) -> None:
    from suzhaohuo.jobs.services import job_create
    from suzhaohuo.notifications.models import Notification
    from suzhaohuo.regulation.services import appeal_decide, appeal_submit

    emp = make_employer()
    s = suspend(regulator, emp)
    with pytest.raises(AppError) as exc:
        appeal_submit(user=emp.owner, sanction=s, statement="太短")
    assert exc.value.field == "statement"
    appeal = appeal_submit(user=emp.owner, sanction=s, statement="投诉人所说岗位已于上月下架，并非本单位发布，附下架截图。")
    with pytest.raises(AppError):
        appeal_submit(user=emp.owner, sanction=s, statement="再次申诉，理由同上，请尽快处理。")
    assert Notification.objects.filter(user=regulator, event="appeal_received").exists()
    with pytest.raises(AppError):
        appeal_decide(actor=regulator, appeal=appeal, uphold=True, reason="")
    appeal_decide(actor=regulator, appeal=appeal, uphold=True, reason="经核实岗位系他人冒用单位名称发布。")
    s.refresh_from_db()
    assert s.status == "lifted" and "申诉成立" in s.lift_reason
    assert Notification.objects.filter(user=emp.owner, event="appeal_decided").exists()
    job_create(actor=emp.owner, employer=emp, data=job_input())


def test_rejected_appeal_keeps_the_sanction(regulator: Any, make_employer: Any) -> None:
    from suzhaohuo.regulation.services import appeal_decide, appeal_submit

    emp = make_employer()
    s = suspend(regulator, emp)
    appeal = appeal_submit(user=emp.owner, sanction=s, statement="我们认为处罚过重，请求减轻处理。")
    appeal_decide(actor=regulator, appeal=appeal, uphold=False, reason="证据确凿，维持原处理。")
    s.refresh_from_db()
    assert s.status == "active"
    other = make_employer()
    with pytest.raises(AppError):  # another party cannot appeal it
        appeal_submit(user=other.owner, sanction=s, statement="这不是我的处理，但我想申诉一下。")


def test_sanction_lifted_automatically_at_end_date(regulator: Any, make_employer: Any, job_input: Any) -> None:
    from suzhaohuo.jobs.services import job_create
    from suzhaohuo.regulation.services import sanctions_expire

    emp = make_employer()
    s = suspend(regulator, emp, days=7)
    with pytest.raises(AppError):
        job_create(actor=emp.owner, employer=emp, data=job_input())
    assert sanctions_expire() == 0
    assert sanctions_expire(now=timezone.now() + timedelta(days=7, minutes=1)) == 1
    s.refresh_from_db()
    assert s.status == "expired"
    job_create(actor=emp.owner, employer=emp, data=job_input())


def test_correction_reported_and_verified(regulator: Any, make_employer: Any) -> None:
    from suzhaohuo.regulation.services import (
        sanction_correction_report,
        sanction_correction_verify,
        sanction_impose,
    )

    emp = make_employer()
    with pytest.raises(AppError) as exc:
        sanction_impose(actor=regulator, kind="correction", subject_type="employer", subject_id=emp.pk,
                        legal_basis="《就业服务与就业管理规定》第十四条", reason="岗位含性别限制")
    assert exc.value.field == "correction_required"
    s = sanction_impose(actor=regulator, kind="correction", subject_type="employer", subject_id=emp.pk,
                        legal_basis="《就业服务与就业管理规定》第十四条", reason="岗位含性别限制",
                        correction_required="删除全部岗位中的“限男性”表述",
                        correction_deadline=timezone.localdate() + timedelta(days=10))
    sanction_correction_report(user=emp.owner, sanction=s, report="已修改全部3个岗位，删除性别限制。")
    sanction_correction_verify(actor=regulator, sanction=s, note="抽查3个岗位，已整改")
    s.refresh_from_db()
    assert s.status == "lifted" and s.correction_verified_at is not None


def test_listed_id_number_cannot_register(regulator: Any, make_worker: Any) -> None:
    from suzhaohuo.accounts.services import user_create_with_mobile
    from suzhaohuo.identity.services import person_identity_submit
    from suzhaohuo.regulation.models import AbnormalListing
    from suzhaohuo.regulation.services import listing_add

    number = valid_id_number(777, birth="19900101")
    listing_add(actor=regulator, key_type="id_number", value=number, reason="冒用他人身份从事非法职业中介",
                region_code="321322102", legal_basis="人社厅发〔2025〕60号", days=365)
    row = AbnormalListing.objects.get()
    assert number not in (row.key_hash, row.masked_key) and row.masked_key.endswith(number[-4:])
    user = user_create_with_mobile(mobile="13955550001", role="worker")
    with pytest.raises(AppError) as exc:
        person_identity_submit(user=user, real_name="赵六", id_number=number, township_code="321322102")
    assert exc.value.code == "abnormal_listed" and "异常名录" in exc.value.message
    assert exc.value.field == "id_number"


def test_listed_uscc_cannot_register_employer(regulator: Any, regions: None) -> None:
    from suzhaohuo.accounts.services import user_create_with_mobile
    from suzhaohuo.identity.services import employer_register
    from suzhaohuo.regulation.services import listing_add

    uscc = valid_uscc(9090)
    listing_add(actor=regulator, key_type="uscc", value=uscc, reason="吊销营业执照后仍以原名义招聘",
                region_code="321322102")
    user = user_create_with_mobile(mobile="13955550002", role="employer")
    with pytest.raises(AppError) as exc:
        employer_register(user=user, kind="enterprise", name="宿迁某某劳务公司", township_code="321322102",
                          uscc=uscc, legal_representative="甲", handler_name="乙",
                          handler_id_number=valid_id_number(778))
    assert exc.value.code == "abnormal_listed" and exc.value.field == "uscc"


def test_listing_blocks_verification_and_postings_of_an_existing_employer(regulator: Any, make_employer: Any,
                                                                          make_staff: Any, job_input: Any) -> None:
    from suzhaohuo.identity.services import employer_verify
    from suzhaohuo.jobs.services import job_create
    from suzhaohuo.regulation.services import listing_add

    emp = make_employer()
    listing_add(actor=regulator, key_type="uscc", value=emp.uscc, reason="虚假招聘被行政处罚", region_code="321322102")
    with pytest.raises(AppError) as exc:
        job_create(actor=emp.owner, employer=emp, data=job_input())
    assert exc.value.code == "abnormal_listed"
    with pytest.raises(AppError) as exc:
        employer_verify(actor=make_staff(scope="胡集镇"), employer=emp)
    assert exc.value.code == "abnormal_listed"


def test_abnormal_list_sanction_lists_the_uscc(regulator: Any, make_employer: Any) -> None:
    from suzhaohuo.regulation.selectors import listing_in_force
    from suzhaohuo.regulation.services import sanction_impose, sanction_lift

    emp = make_employer()
    s = sanction_impose(actor=regulator, kind="abnormal_list", subject_type="employer", subject_id=emp.pk,
                        legal_basis="人社厅发〔2025〕60号", reason="一年内两次虚假招聘", days=365)
    assert listing_in_force("uscc", emp.uscc) is not None
    sanction_lift(actor=regulator, sanction=s, reason="复议撤销")
    assert listing_in_force("uscc", emp.uscc) is None


def test_reverification_reminders_and_expiry_stop_posting(make_employer: Any, make_staff: Any,
                                                         job_input: Any) -> None:
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.jobs.services import job_create
    from suzhaohuo.notifications.models import Notification
    from suzhaohuo.regulation.selectors import reverification_queue
    from suzhaohuo.regulation.services import reverification_remind

    emp = make_employer()
    now = timezone.now()
    Employer.objects.filter(pk=emp.pk).update(verification_expires_at=now + timedelta(days=20))
    assert reverification_remind() == 1 and reverification_remind() == 0  # once per stage
    assert Notification.objects.filter(user=emp.owner, event="reverification_due").count() == 1
    Employer.objects.filter(pk=emp.pk).update(verification_expires_at=now - timedelta(minutes=1))
    emp.refresh_from_db()
    assert reverification_remind() == 1
    with pytest.raises(AppError):
        job_create(actor=emp.owner, employer=emp, data=job_input())
    assert emp in list(reverification_queue(make_staff(scope="胡集镇")))
    assert emp not in list(reverification_queue(make_staff(scope="颜集镇")))


def test_licence_register_import_and_agency_check(regulator: Any, make_employer: Any, job_input: Any) -> None:
    from suzhaohuo.jobs.services import job_create
    from suzhaohuo.regulation.services import licence_register_import

    agency = make_employer(is_agency=True, name="宿迁某人力资源公司")
    csv = ("许可证编号,机构名称,有效期至,发证机关,状态\n"
           "(苏)人服证字[2025]第001号,宿迁某人力资源公司,2020-12-31,宿迁市人社局,有效\n"
           "(苏)人服证字[2025]第002号,另一家公司,2030-12-31,宿迁市人社局,有效\n"
           "(苏)人服证字[2025]第003号,第三家,不是日期,宿迁市人社局,有效\n").encode()
    report = licence_register_import(actor=regulator, content=csv, file_name="register.csv")
    assert report["created"] == 2 and report["problems"][0]["row"] == 4
    with pytest.raises(AppError) as exc:
        job_create(actor=agency.owner, employer=agency, data=job_input())
    assert exc.value.code == "licence_invalid" and "已过有效期" in exc.value.message
    licence_register_import(actor=regulator, content=csv.replace(b"2020-12-31", b"2031-01-01"), file_name="r.csv")
    job_create(actor=agency.owner, employer=agency, data=job_input())


def test_http_licence_register_adapter(monkeypatch: Any, settings: Any) -> None:
    """The remote register adapter: found/valid, expired, unknown, and a failing service ('error')."""
    import requests

    from suzhaohuo.regulation.licences import HttpLicenceRegister, licence_register

    answers: dict[str, Any] = {
        "A-1": {"found": True, "valid_until": "2099-12-31", "revoked": False, "holder_name": "宿迁甲人力"},
        "A-2": {"found": True, "valid_until": "2020-01-01", "revoked": False},
        "A-3": {"found": False},
    }

    class Resp:
        def __init__(self, body: Any) -> None:
            self.body = body

        def raise_for_status(self) -> None:
            if self.body is None:
                raise requests.HTTPError("503")

        def json(self) -> Any:
            return self.body

    def fake_get(url: str, *, params: dict[str, str], headers: dict[str, str], timeout: float) -> Resp:
        assert url == "https://register.example/licences" and headers["Authorization"] == "Bearer t"
        return Resp(answers.get(params["number"]))

    monkeypatch.setattr(requests, "get", fake_get)
    settings.REGULATION_LICENCE_REGISTER = "suzhaohuo.regulation.licences.HttpLicenceRegister"
    settings.REGULATION_LICENCE_REMOTE_URL = "https://register.example/licences"
    settings.REGULATION_LICENCE_REMOTE_TOKEN = "t"
    register = licence_register()
    assert isinstance(register, HttpLicenceRegister) and register.is_loaded()
    assert register.check("A-1").ok and register.check("A-1").holder_name == "宿迁甲人力"
    assert [register.check(n).status for n in ("A-2", "A-3", "A-4")] == ["expired", "unknown", "error"]


def test_import_row_naming_a_listed_uscc_is_refused(regulator: Any, agency: Any, farm: Any) -> None:
    """A row naming a listed USCC is refused with the reason even when that employer is not on the platform;
    a row naming a listed employer on the platform likewise; other rows go through."""
    from suzhaohuo.aggregation.services import ingest_items
    from suzhaohuo.aggregation.tests.conftest import item
    from suzhaohuo.regulation.services import listing_add

    outsider = valid_uscc(8181)
    listing_add(actor=regulator, key_type="uscc", value=outsider, reason="无证经营职业中介", region_code="321322102")
    listing_add(actor=regulator, key_type="uscc", value=farm.uscc, reason="虚假招聘被处罚", region_code="321322102")
    results = ingest_items(source=agency, items=[
        item(1, employer_name="宿迁某某人才咨询有限公司", employer_uscc=outsider),
        item(2),
        item(3, employer_name=agency.organization, title="仓库分拣员", description="物流仓库分拣包裹，男女不限。")])
    assert [r.outcome for r in results] == ["rejected", "rejected", "created"]
    assert "无证经营职业中介" in results[0].issues[-1]["message"]
    assert "异常名录" in results[1].issues[-1]["message"]
