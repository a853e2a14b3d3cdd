from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import township_code, valid_id_number, valid_uscc
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.models import AuditEvent


@pytest.fixture
def new_user(regions):
    from suzhaohuo.accounts.services import user_create_with_mobile

    counter = {"n": 0}

    def make(role="worker"):
        counter["n"] += 1
        return user_create_with_mobile(mobile=f"1370000{counter['n']:04d}", role=role)

    return make


def submit(user, seq=1, township="胡集镇", name="赵六", **kw):
    from django.test import TestCase

    from suzhaohuo.identity.services import person_identity_submit

    with TestCase.captureOnCommitCallbacks(execute=True):  # as after a request: events are delivered
        return person_identity_submit(user=user, real_name=name, id_number=valid_id_number(seq),
                                      township_code=township_code(township), **kw)


@pytest.mark.django_db
def test_submit_sets_pending_encrypts_and_updates_worker_profile(new_user):
    from suzhaohuo.identity.models import PersonIdentity
    from suzhaohuo.workers.models import WorkerProfile

    user = new_user()
    identity = submit(user, seq=7, update_worker_profile=True)
    assert identity.verification_status == "pending"
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT id_number FROM {PersonIdentity._meta.db_table} WHERE id = %s", [identity.pk])
        raw = cur.fetchone()[0]
    assert raw.startswith("v1:") and valid_id_number(7) not in raw
    assert identity.masked_id_number == valid_id_number(7)[:4] + "*" * 10 + valid_id_number(7)[-4:]
    assert WorkerProfile.objects.get(user=user).home_township_id == township_code("胡集镇")


@pytest.mark.django_db
def test_wrong_check_digit_is_refused_and_nothing_saved(new_user):
    from suzhaohuo.identity.models import PersonIdentity
    from suzhaohuo.identity.services import person_identity_submit

    user = new_user()
    good = valid_id_number(3)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(AppError) as exc:
        person_identity_submit(user=user, real_name="赵六", id_number=bad, township_code=township_code("胡集镇"),
                               update_worker_profile=True)
    assert exc.value.code == "invalid_id_number" and exc.value.field == "id_number"
    assert "核对" in exc.value.message
    assert not PersonIdentity.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_duplicate_id_is_refused_and_reported_to_staff_of_the_scope(new_user, make_staff):
    from suzhaohuo.identity.selectors import duplicate_attempts_for_staff
    from suzhaohuo.identity.services import person_verify_in_person

    first, second = new_user(), new_user()
    original = submit(first, seq=11)
    # The person is answered exactly as for a new number (issue #11: no oracle for registered IDs) ...
    clash = submit(second, seq=11, name="冒用者")
    assert clash.verification_status == "pending" and clash.user_id == second.pk
    # ... but the ID index stays with the first account, and staff of the scope get the report.
    assert clash.id_number_hash is None
    original.refresh_from_db()
    assert original.id_number_hash and original.user_id == first.pk
    event = AuditEvent.objects.get(action="identity.duplicate_id_number")
    assert event.actor_id == second.pk
    huji_staff = make_staff(scope="胡集镇")
    yanji_staff = make_staff(scope="颜集镇")
    assert list(duplicate_attempts_for_staff(actor=huji_staff)) == [event]
    assert list(duplicate_attempts_for_staff(actor=yanji_staff)) == []
    # Only a station settles it: approving is refused with the reason, refusing works.
    with pytest.raises(AppError) as exc:
        person_verify_in_person(actor=huji_staff, identity=clash)
    assert exc.value.code == "duplicate_id_number" and exc.value.status == 409
    rejected = person_verify_in_person(actor=huji_staff, identity=clash, approve=False, reason="身份证号已被他人使用")
    assert rejected.verification_status == "rejected"


@pytest.mark.django_db
def test_staff_registering_a_duplicate_id_are_told_at_once(new_user, make_staff):
    from suzhaohuo.identity.models import PersonIdentity
    from suzhaohuo.identity.services import person_identity_submit

    submit(new_user(), seq=12)
    second = new_user()
    with pytest.raises(AppError) as exc:
        person_identity_submit(user=second, real_name="王五", id_number=valid_id_number(12),
                               township_code=township_code("胡集镇"), actor=make_staff(scope="胡集镇"))
    assert exc.value.code == "duplicate_id_number" and exc.value.status == 409
    assert not PersonIdentity.objects.filter(user=second).exists()


@pytest.mark.django_db
def test_in_person_verification_is_region_scoped(new_user, make_staff):
    from suzhaohuo.identity.services import person_verify_in_person

    identity = submit(new_user(), seq=21)
    with pytest.raises(AppError) as exc:
        person_verify_in_person(actor=make_staff(scope="颜集镇"), identity=identity)
    assert exc.value.status == 403
    identity.refresh_from_db()
    assert identity.verification_status == "pending"
    # Roles that do not verify identities cannot, even with a county scope.
    with pytest.raises(AppError):
        person_verify_in_person(actor=make_staff(role="mediator", scope="沭阳县"), identity=identity)
    county = make_staff(scope="沭阳县")
    verified = person_verify_in_person(actor=county, identity=identity)
    assert verified.is_verified and verified.verified_by_id == county.pk
    assert verified.verification_expires_at > timezone.now() + timedelta(days=180)
    assert AuditEvent.objects.filter(action="identity.person_verify_in_person", actor=county).exists()


@pytest.mark.django_db
def test_reject_needs_a_reason_and_id_card_must_be_seen(new_user, make_staff):
    from suzhaohuo.identity.services import person_verify_in_person

    identity = submit(new_user(), seq=22)
    staff = make_staff(scope="胡集镇")
    with pytest.raises(AppError) as exc:
        person_verify_in_person(actor=staff, identity=identity, approve=False, reason="  ")
    assert exc.value.field == "reason"
    with pytest.raises(AppError) as exc:
        person_verify_in_person(actor=staff, identity=identity, id_card_seen=False)
    assert exc.value.field == "id_card_seen"
    rejected = person_verify_in_person(actor=staff, identity=identity, approve=False, reason="照片与本人不符")
    assert rejected.verification_status == "rejected" and rejected.rejection_reason == "照片与本人不符"


@pytest.mark.django_db
def test_require_verified_blocks_each_unverified_state(new_user, make_staff, settings):
    from suzhaohuo.identity.selectors import require_verified
    from suzhaohuo.identity.services import person_verify_in_person, verifications_expire

    user = new_user()
    with pytest.raises(AppError) as exc:
        require_verified(user)
    assert exc.value.code == "not_verified" and exc.value.status == 403 and "实名认证" in exc.value.message
    identity = submit(user, seq=31)
    with pytest.raises(AppError) as exc:
        require_verified(user, field="job")
    assert "零工服务站" in exc.value.message and exc.value.field == "job"
    person_verify_in_person(actor=make_staff(scope="胡集镇"), identity=identity)
    require_verified(user)  # no error
    # Six months later: blocked even before the periodic task runs, then marked expired by it.
    type(identity).objects.filter(pk=identity.pk).update(verification_expires_at=timezone.now() - timedelta(days=1))
    with pytest.raises(AppError) as exc:
        require_verified(user)
    assert "过期" in exc.value.message
    assert verifications_expire() == 1
    assert verifications_expire() == 0  # idempotent
    identity.refresh_from_db()
    assert identity.verification_status == "expired"


@pytest.mark.django_db
def test_expiry_task_is_registered_as_periodic_and_runs(make_worker):
    from suzhaohuo.core.scheduler import entries
    from suzhaohuo.identity.models import PersonIdentity, VerificationEvent
    from suzhaohuo.identity.selectors import user_is_verified
    from suzhaohuo.identity.tasks import identity_expire_verifications

    assert any(e.task is identity_expire_verifications for e in entries())
    worker, fresh = make_worker(), make_worker()
    PersonIdentity.objects.filter(user=worker).update(verification_expires_at=timezone.now() - timedelta(hours=1))
    result = identity_expire_verifications.enqueue()
    assert result.return_value == 1
    assert PersonIdentity.objects.get(user=worker).verification_status == "expired"
    assert not user_is_verified(worker) and user_is_verified(fresh)
    assert VerificationEvent.objects.filter(status="expired").count() == 1


@pytest.mark.django_db
def test_employer_register_enterprise_and_bad_uscc(new_user, make_staff):
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.identity.selectors import require_verified
    from suzhaohuo.identity.services import employer_register, employer_verify

    user = new_user(role="employer")
    base = dict(user=user, kind="enterprise", name="宿迁某某建筑有限公司", township_code=township_code("胡集镇"),
                legal_representative="李四", handler_name="王五", handler_id_number=valid_id_number(41))
    bad = valid_uscc(9)[:17] + ("0" if valid_uscc(9)[17] != "0" else "1")
    with pytest.raises(AppError) as exc:
        employer_register(uscc=bad, **base)
    assert exc.value.code == "invalid_uscc" and exc.value.field == "uscc"
    assert not Employer.objects.filter(owner=user).exists()
    with pytest.raises(AppError) as exc:
        employer_register(uscc=valid_uscc(9), is_agency=True, **base)
    assert exc.value.code == "licence_required"
    employer = employer_register(uscc=valid_uscc(9), is_agency=True, hr_licence_number="(苏)人服证字001号", **base)
    assert employer.verification_status == "pending" and employer.is_agency
    assert employer.masked_handler_id_number.count("*") == 10
    with pytest.raises(AppError):
        require_verified(user)
    employer_verify(actor=make_staff(scope="胡集镇"), employer=employer)
    require_verified(user)
    other = new_user(role="employer")
    with pytest.raises(AppError) as exc:
        employer_register(**{**base, "user": other, "uscc": valid_uscc(9)})
    assert exc.value.code == "duplicate_uscc"


@pytest.mark.django_db
def test_individual_employer_needs_own_id_and_duplicate_is_refused(new_user):
    from suzhaohuo.identity.models import Employer, PersonIdentity
    from suzhaohuo.identity.services import employer_register

    worker = new_user()
    submit(worker, seq=51)
    user = new_user(role="employer")
    # Someone else's ID: accepted as pending without the ID index (no oracle), reported to staff.
    employer_register(user=user, kind="individual", name="钱七", township_code=township_code("胡集镇"),
                      person_id_number=valid_id_number(51))
    assert PersonIdentity.objects.get(user=user).id_number_hash is None
    assert PersonIdentity.objects.get(user=worker).id_number_hash
    assert AuditEvent.objects.filter(action="identity.duplicate_id_number").count() == 1
    employer = employer_register(user=user, kind="individual", name="钱七", township_code=township_code("胡集镇"),
                                 person_id_number=valid_id_number(52))
    assert employer.kind == "individual" and PersonIdentity.objects.get(user=user).real_name == "钱七"
    assert PersonIdentity.objects.get(user=user).id_number_hash
    assert Employer.objects.filter(owner=user).count() == 1


def _png(size=(4, 4)) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.django_db
def test_licence_image_must_be_an_image_up_to_5mb(new_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from suzhaohuo.identity.services import employer_register

    user = new_user(role="employer")
    base = dict(user=user, kind="enterprise", name="宿迁某某物流有限公司", township_code=township_code("胡集镇"),
                uscc=valid_uscc(12), legal_representative="李四", handler_name="王五",
                handler_id_number=valid_id_number(61))
    with pytest.raises(AppError) as exc:
        employer_register(licence_image=SimpleUploadedFile("licence.jpg", b"%PDF-1.4 not an image"), **base)
    assert exc.value.field == "licence_image" and "照片" in exc.value.message
    big = SimpleUploadedFile("big.png", _png() + b"\0" * (5 * 1024 * 1024))
    with pytest.raises(AppError) as exc:
        employer_register(licence_image=big, **base)
    assert "5MB" in exc.value.message
    employer = employer_register(licence_image=SimpleUploadedFile("licence.png", _png()), **base)
    assert employer.licence_image.name.startswith("licences/")
