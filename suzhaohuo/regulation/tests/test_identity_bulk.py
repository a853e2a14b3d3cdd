"""Bulk identity services (issue #19 seeding): the same rows, audit, events and encryption as one at a time,
and a person or employer in the 异常名录 refused in a batch exactly as singly (here, since identity sits below
regulation and reaches its checks only through ``kernel.policy``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from conftest import township_code, valid_id_number, valid_uscc
from suzhaohuo.core.errors import AppError

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(regions: None) -> Any:
    from suzhaohuo.accounts.services import users_create_with_mobile

    counter = {"n": 0}

    def make(n: int, role: str = "employer") -> list[Any]:
        counter["n"] += n
        return users_create_with_mobile(mobiles=[f"1365555{counter['n'] - i:04d}" for i in range(n)], role=role)

    return make


def _registration(user: Any, n: int, kind: str = "enterprise", **kw: Any) -> Any:
    from suzhaohuo.identity.services import EmployerRegistration

    if kind == "enterprise":
        return EmployerRegistration(user=user, kind=kind, name=f"宿迁测试{n}有限公司", township_code=township_code("胡集镇"),
                                    address="人民路1号", uscc=valid_uscc(n), legal_representative="李四",
                                    handler_name="王五", handler_id_number=valid_id_number(n), **kw)
    return EmployerRegistration(user=user, kind=kind, name="赵六", township_code=township_code("胡集镇"),
                                address="3组", person_id_number=valid_id_number(n), **kw)


def _written(employer: Any) -> dict[str, Any]:
    """Everything one registration wrote, without the ids and names that differ between two registrations."""
    from suzhaohuo.core.models import AuditEvent
    from suzhaohuo.identity.models import Employer, PersonIdentity, VerificationEvent

    with connection.cursor() as cur:
        cur.execute(f"SELECT handler_id_number FROM {Employer._meta.db_table} WHERE id = %s", [employer.pk])
        raw = cur.fetchone()[0]
    employer = Employer.objects.get(pk=employer.pk)
    person = PersonIdentity.objects.filter(user_id=employer.owner_id).first()
    return {
        "fields": {f: getattr(employer, f) for f in ("kind", "verification_status", "is_agency", "township_id",
                                                     "address", "legal_representative")},
        "encrypted": raw.startswith("v1:") if raw else raw,
        "handler_clear": employer.handler_id_number[:6],
        "history": list(Employer.history.filter(id=employer.pk).values_list("history_type", flat=True)),
        "events": [(st, m, actor == employer.owner_id) for st, m, actor in VerificationEvent.objects.filter(
            subject_type="employer", subject_id=employer.pk).values_list("status", "method", "actor_id")],
        "audit": [(a, d, actor == employer.owner_id, r) for a, d, actor, r in AuditEvent.objects.filter(
            target_type="identity.employer", target_id=str(employer.pk)).values_list("action", "data", "actor_id",
                                                                                     "region_code")],
        "role": employer.owner.role,
        "person": (person.verification_status, bool(person.id_number_hash), person.real_name) if person else None,
    }


def test_bulk_registration_writes_what_single_registrations_write(users: Any) -> None:
    from suzhaohuo.identity.services import employer_register, employers_register

    single_users, bulk_users = users(3, role="worker"), users(3, role="worker")
    singles = [employer_register(user=reg.user, kind=reg.kind, name=reg.name, township_code=reg.township_code,
                                 address=reg.address, uscc=reg.uscc, legal_representative=reg.legal_representative,
                                 handler_name=reg.handler_name, handler_id_number=reg.handler_id_number,
                                 is_agency=reg.is_agency, hr_licence_number=reg.hr_licence_number,
                                 person_id_number=reg.person_id_number)
               for reg in (_registration(single_users[0], 1), _registration(single_users[1], 2, is_agency=True,
                                                                               hr_licence_number="(苏)人服证字1号"),
                           _registration(single_users[2], 3, kind="individual"))]
    bulk = employers_register(registrations=[
        _registration(bulk_users[0], 11), _registration(bulk_users[1], 12, is_agency=True,
                                                        hr_licence_number="(苏)人服证字1号"),
        _registration(bulk_users[2], 13, kind="individual")])
    assert [e.pk for e in bulk] and all(e.pk for e in bulk)
    for one, many in zip(singles, bulk, strict=True):
        assert _written(one) == _written(many)
    got = _written(bulk[1])
    assert got["encrypted"] is True and got["fields"]["is_agency"] and got["role"] == "employer"
    assert got["audit"] == [("identity.employer_register", {"kind": "enterprise", "is_agency": True}, True,
                             township_code("胡集镇"))]
    assert _written(bulk[2])["person"] == ("pending", True, "赵六")


def test_a_listed_uscc_or_resident_id_refuses_the_whole_batch(users: Any, regulator: Any) -> None:
    from suzhaohuo.core.models import AuditEvent
    from suzhaohuo.identity.models import Employer, PersonIdentity
    from suzhaohuo.identity.services import employer_register, employers_register
    from suzhaohuo.regulation.services import listing_add

    listing_add(actor=regulator, key_type="uscc", value=valid_uscc(22), reason="吊销营业执照后仍以原名义招聘",
                region_code="321322102")
    listing_add(actor=regulator, key_type="id_number", value=valid_id_number(33), reason="冒用他人身份",
                region_code="321322102")
    a, b, c = users(3)
    audits = AuditEvent.objects.count()
    for listed in (_registration(b, 22), _registration(b, 33, kind="individual")):
        with pytest.raises(AppError) as single:
            employer_register(**{f: getattr(listed, f) for f in listed.__dataclass_fields__})
        with pytest.raises(AppError) as many:
            employers_register(registrations=[_registration(a, 21), listed, _registration(c, 23)])
        assert (many.value.code, many.value.field, many.value.message) == (
            single.value.code, single.value.field, single.value.message)
        assert many.value.code == "abnormal_listed"
    assert not Employer.objects.exists() and not PersonIdentity.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_a_uscc_twice_in_one_batch_is_refused(users: Any) -> None:
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.identity.services import employers_register

    a, b = users(2)
    with pytest.raises(AppError) as exc:
        employers_register(registrations=[_registration(a, 5), _registration(b, 5)])
    assert exc.value.code == "duplicate_uscc" and not Employer.objects.exists()


def test_bulk_submission_and_verification_refuse_a_listed_resident_id(users: Any, regulator: Any,
                                                                      make_staff: Any) -> None:
    from suzhaohuo.identity.models import PersonIdentity
    from suzhaohuo.identity.services import (
        PersonSubmission,
        person_identities_submit,
        person_identity_submit,
        persons_verify_in_person,
    )
    from suzhaohuo.regulation.services import listing_add

    people = users(4, role="worker")
    town = township_code("胡集镇")
    listing_add(actor=regulator, key_type="id_number", value=valid_id_number(62), reason="冒用他人身份",
                region_code="321322102")
    with pytest.raises(AppError) as single:
        person_identity_submit(user=people[0], real_name="甲", id_number=valid_id_number(62), township_code=town)
    with pytest.raises(AppError) as many:
        person_identities_submit(submissions=[
            PersonSubmission(user=u, real_name="甲", id_number=valid_id_number(n), township_code=town)
            for u, n in zip(people, (61, 62, 63, 64), strict=True)])
    assert (many.value.code, many.value.field, many.value.message) == (
        single.value.code, single.value.field, single.value.message) and many.value.code == "abnormal_listed"
    assert not PersonIdentity.objects.exists()
    # listed after submission: the in-person verification of the batch is refused, nobody verified
    identities = person_identities_submit(submissions=[
        PersonSubmission(user=u, real_name="乙", id_number=valid_id_number(n), township_code=town)
        for u, n in zip(people, (71, 72, 73, 74), strict=True)])
    listing_add(actor=regulator, key_type="id_number", value=valid_id_number(73), reason="冒用他人身份",
                region_code="321322102")
    with pytest.raises(AppError) as exc:
        persons_verify_in_person(actor=make_staff(scope="胡集镇"), identities=identities)
    assert exc.value.code == "abnormal_listed"
    assert set(PersonIdentity.objects.values_list("verification_status", flat=True)) == {"pending"}


def test_standing_many_answers_as_standing_does(users: Any, regulator: Any) -> None:
    from suzhaohuo.kernel import policy
    from suzhaohuo.kernel.policy import Action
    from suzhaohuo.regulation.services import listing_add

    listing_add(actor=regulator, key_type="uscc", value=valid_uscc(81), reason="虚假招聘", region_code="321322102")
    listing_add(actor=regulator, key_type="id_number", value=valid_id_number(82), reason="冒用", region_code="321322102")
    targets = [{"uscc": valid_uscc(81)}, {"id_number": valid_id_number(82)}, {"uscc": valid_uscc(83)},
               {"id_number": valid_id_number(84), "uscc": valid_uscc(81)}, {}, {"id_number": valid_id_number(82)}]
    for action in (Action.IDENTITY_REGISTER, Action.IDENTITY_VERIFY):
        many = policy.standing_many(None, action, targets)
        assert many == [policy.standing(None, action, target=t) for t in targets]
        assert [d.allowed for d in many] == [False, False, True, False, True, False]


def test_verified_user_ids_matches_user_is_verified(make_worker: Any, make_employer: Any) -> None:
    from suzhaohuo.identity.selectors import user_is_verified, verified_user_ids

    people = [make_worker(), make_worker(verified=False), make_employer().owner,
              make_employer(verified=False).owner]
    assert verified_user_ids(people) == {u.pk for u in people if user_is_verified(u)}
    assert len(verified_user_ids(people)) == 2


def test_staff_created_with_a_shared_password_hash_log_in_with_the_password(regions: None) -> None:
    from django.contrib.auth.hashers import make_password

    from suzhaohuo.accounts.services import staff_create

    shared = make_password("Staff-demo-2026")
    made = [staff_create(actor=None, username=f"demo{n}", password="Staff-demo-2026", password_hash=shared,
                         role="regulator", scope_region_code="321300") for n in range(2)]
    assert all(u.password == shared and u.check_password("Staff-demo-2026") for u in made)
    assert not made[0].check_password("wrong")
    with pytest.raises(ValueError):
        staff_create(actor=None, username="demo9", password="x", password_hash="Staff-demo-2026", role="regulator",
                     scope_region_code="321300")
