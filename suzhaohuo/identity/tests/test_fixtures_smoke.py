import pytest


@pytest.mark.django_db
def test_shared_fixtures_build_verified_parties(make_worker, make_employer, make_staff):
    from suzhaohuo.identity.selectors import user_is_verified

    worker = make_worker(township="胡集镇")
    unverified = make_worker(township="颜集镇", verified=False)
    employer = make_employer(township="胡集镇")
    staff = make_staff(scope="沭阳县")
    assert user_is_verified(worker)
    assert not user_is_verified(unverified)
    assert employer.is_verified and user_is_verified(employer.owner)
    assert staff.scope_region.code == "321322"
    assert worker.identity.id_number_hash and worker.identity.masked_id_number.count("*") == 10
