import io
from decimal import Decimal

import pytest

from suzhaohuo.carriers import services
from suzhaohuo.carriers.models import JobAuthorization, ServiceRecord
from suzhaohuo.core.errors import AppError
from suzhaohuo.jobs.choices import JobOrigin

from .conftest import HUJI

YANJI = "321322116"


def _walkin(**kw):
    from conftest import valid_id_number

    base = dict(mobile="13912340001", real_name="周桂兰", id_number=valid_id_number(701, birth="19720315"),
                township_code=HUJI, id_card_seen=True, privacy_accepted=True,
                category_codes=["agri.harvest", "cleaning.general"], skills="会摘果、拔草",
                days_available="123456", max_distance_km=15, desired_pay=Decimal("180"),
                settlement_preference="daily", receive_pushes=True)
    base.update(kw)
    return services.WalkInInput(**base)


@pytest.mark.django_db
def test_walkin_registration_verifies_in_person_and_writes_the_ledger(huji_station):
    from suzhaohuo.identity.selectors import user_is_verified

    station, staff = huji_station
    user = services.walkin_register(actor=staff, carrier=station, data=_walkin())
    assert user_is_verified(user)
    profile = user.worker_profile
    assert profile.home_township_id == HUJI and profile.skills == "会摘果、拔草"
    assert sorted(profile.categories.values_list("code", flat=True)) == ["agri.harvest", "cleaning.general"]
    assert profile.registered_by == staff and profile.desired_pay == Decimal("180")
    records = list(ServiceRecord.objects.filter(carrier=station).order_by("id"))
    assert [r.kind for r in records] == ["registration", "verification", "profile"]
    assert all(r.staff == staff and r.subject == user for r in records)
    assert records[0].subject_label == "周** 139****0001"  # masked: never the full name or mobile
    assert "农忙采收" in records[2].description and "会摘果" in records[2].description


@pytest.mark.django_db
def test_walkin_without_id_check_stays_pending_then_verify(huji_station):
    from suzhaohuo.identity.selectors import user_is_verified

    station, staff = huji_station
    user = services.walkin_register(actor=staff, carrier=station, data=_walkin(id_card_seen=False))
    assert not user_is_verified(user)
    assert ServiceRecord.objects.get(kind="registration").outcome == "pending"
    with pytest.raises(AppError) as exc:
        services.person_verify_at_station(actor=staff, carrier=station, user=user, id_card_seen=False)
    assert exc.value.field == "id_card_seen"
    services.person_verify_at_station(actor=staff, carrier=station, user=user, id_card_seen=True)
    user.refresh_from_db()
    assert user_is_verified(user)


@pytest.mark.django_db
def test_walkin_refusals(huji_station, make_staff):
    station, staff = huji_station
    with pytest.raises(AppError) as exc:
        services.walkin_register(actor=staff, carrier=station, data=_walkin(township_code=YANJI))
    assert exc.value.field == "township_code" and "服务范围" in exc.value.message
    with pytest.raises(AppError) as exc:
        services.walkin_register(actor=staff, carrier=station, data=_walkin(privacy_accepted=False))
    assert exc.value.field == "privacy_accepted"
    outsider = make_staff(scope="胡集镇")  # same region but not linked to this station
    with pytest.raises(AppError) as exc:
        services.walkin_register(actor=outsider, carrier=station, data=_walkin())
    assert exc.value.status == 403
    with pytest.raises(AppError):  # a bad ID number rolls everything back
        services.walkin_register(actor=staff, carrier=station, data=_walkin(id_number="123"))
    assert ServiceRecord.objects.count() == 0


@pytest.mark.django_db
def test_job_posted_on_behalf_records_authorisation(huji_station, make_employer):
    from conftest import valid_id_number
    from suzhaohuo.jobs.services import JobInput

    station, staff = huji_station
    employer = make_employer(township="胡集镇", name="胡集镇桃园合作社")
    data = JobInput(title="桃园套袋工", description="给桃子套袋，按天结算，中午管饭，工具由合作社提供。",
                    category_code="agri.harvest", pay_unit="day", settlement="daily", headcount=4,
                    township_code=HUJI, address="胡集镇桃园村", pay_min=Decimal("180"), pay_max=Decimal("200"))
    with pytest.raises(AppError) as exc:
        services.job_post_on_behalf(actor=staff, carrier=station, employer=employer, data=data,
                                    authorization=services.AuthorizationInput(authorized_by="王五", method="in_person"))
    assert exc.value.field == "id_number"
    with pytest.raises(AppError) as exc:
        services.job_post_on_behalf(actor=staff, carrier=station, employer=employer, data=data,
                                    authorization=services.AuthorizationInput(authorized_by="王五",
                                                                              method="signed_letter"))
    assert exc.value.field == "letter_photo"
    id_number = valid_id_number(9, birth="19750101")
    job = services.job_post_on_behalf(
        actor=staff, carrier=station, employer=employer, data=data,
        authorization=services.AuthorizationInput(authorized_by="王五", method="in_person", id_number=id_number))
    assert job.origin == JobOrigin.STATION and "王五" in job.authorization_note
    auth = JobAuthorization.objects.get(job=job)
    assert auth.staff == staff and auth.carrier == station and auth.method == "in_person"
    assert auth.id_number_masked != id_number and auth.id_number_masked.endswith(id_number[-4:])
    assert id_number not in job.authorization_note
    assert ServiceRecord.objects.get(kind="job_post").job == job
    other = make_employer(township="颜集镇")
    with pytest.raises(AppError) as exc:
        services.job_post_on_behalf(actor=staff, carrier=station, employer=other, data=data,
                                    authorization=services.AuthorizationInput(authorized_by="王五", method="in_person",
                                                                              id_number=id_number))
    assert exc.value.field == "employer"


@pytest.mark.django_db
def test_matching_both_ways_shortlist_and_ledger_kpis(huji_station, make_job):
    from suzhaohuo.carriers.selectors import ledger_counts_by_carrier, ledger_counts_by_kind

    station, staff = huji_station
    jobs = [make_job(i) for i in range(3)]
    user = services.walkin_register(actor=staff, carrier=station, data=_walkin())
    hits = services.match_jobs_for_person(actor=staff, carrier=station, user=user, limit=10)
    assert {h.job.pk for h in hits} >= {j.pk for j in jobs}
    workers = services.match_workers_for_job_at(actor=staff, carrier=station, job=jobs[0])
    assert user in [h.user for h in workers]
    printed = services.shortlist_print(actor=staff, carrier=station, user=user, job_ids=[jobs[2].pk, jobs[0].pk])
    assert printed == [jobs[2], jobs[0]]
    with pytest.raises(AppError) as exc:
        services.shortlist_print(actor=staff, carrier=station, user=user, job_ids=[])
    assert exc.value.field == "jobs"
    assert ledger_counts_by_carrier(prefix="321322")[station.pk] == {
        "registration": 1, "verification": 1, "profile": 1, "match_for_worker": 1, "match_for_job": 1,
        "shortlist_print": 1}
    assert ledger_counts_by_kind(prefix="321324") == {}  # another county sees none of it


@pytest.mark.django_db
def test_ledger_page_export_and_no_deletion(client, huji_station):
    import openpyxl
    from django.contrib.admin.sites import site

    station, staff = huji_station
    services.walkin_register(actor=staff, carrier=station, data=_walkin())
    client.force_login(staff)
    html = client.get("/carriers/console/ledger/").content.decode()
    assert "周** 139****0001" in html and "13912340001" not in html and "周桂兰" not in html
    wb = openpyxl.load_workbook(io.BytesIO(client.get("/carriers/console/ledger/?format=xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][3] == "周** 139****0001"
    ledger_admin = site._registry[ServiceRecord]
    assert not ledger_admin.has_delete_permission(None) and not ledger_admin.has_change_permission(None)


@pytest.mark.django_db
def test_console_pages_need_a_linked_carrier(client, make_staff, huji_station):
    client.force_login(make_staff(scope="胡集镇"))
    resp = client.get("/carriers/console/")
    assert resp.status_code == 403 and "关联零工服务站点" in resp.content.decode()
    client.logout()
    assert client.get("/carriers/console/").status_code == 302  # to login


@pytest.mark.django_db
def test_register_form_keeps_input_and_shows_error_at_field(client, huji_station):
    station, staff = huji_station
    client.force_login(staff)
    resp = client.post("/carriers/console/register/", {
        "mobile": "13912340009", "real_name": "吴大海", "id_number": "32132219680922", "township_code": HUJI,
        "id_card_seen": "on", "privacy_accepted": "on", "skills": "瓦工"})
    html = resp.content.decode()
    assert resp.status_code == 200 and "error-summary" in html
    assert 'id="id_id_number-error"' in html and "18位号码" in html
    assert 'value="13912340009"' in html and 'value="吴大海"' in html and "瓦工" in html


@pytest.mark.django_db
def test_every_console_page_renders_for_station_staff(client, huji_station, make_job):
    station, staff = huji_station
    job = make_job(0)
    user = services.walkin_register(actor=staff, carrier=station, data=_walkin())
    client.force_login(staff)
    for url in ["/carriers/console/", "/carriers/console/register/", "/carriers/console/people/",
                f"/carriers/console/people/{user.pk}/", f"/carriers/console/people/{user.pk}/profile/",
                "/carriers/console/jobs/", "/carriers/console/jobs/new/", f"/carriers/console/jobs/{job.pk}/match/",
                "/carriers/console/push/", "/carriers/console/ledger/"]:
        resp = client.get(url)
        assert resp.status_code == 200, url
    html = client.post(f"/carriers/console/jobs/{job.pk}/match/").content.decode()
    assert "周** 139****0001" in html
    from suzhaohuo.carriers.models import PushRecord

    # a push cannot be called back: the first submit only says what will happen, the second sends
    html = client.post("/carriers/console/push/", {"jobs": [job.pk]}).content.decode()
    assert 'data-testid="push-confirm"' in html and "推送发出后不能撤回" in html and job.title in html
    assert 'id="push-result"' not in html and not PushRecord.objects.exists()
    html = client.post("/carriers/console/push/", {"jobs": [job.pk], "confirm": "1"}).content.decode()
    assert 'id="push-result"' in html
