"""New-user walk (360 px, helper `walk`): after being hired, the next step — signing the agreement — is a primary
button on the engagement page for the party who still has to sign, not only a small 「查看协议」 link below the
insurance panel's red 「一键报案」 button."""

from __future__ import annotations

import pytest
from django.test import TestCase

from conftest import read_last_sms_code
from suzhaohuo.gigs import services as s

pytestmark = pytest.mark.django_db


def _sign(agreement, user):
    from suzhaohuo.agreements.services import agreement_request_code, agreement_sign

    agreement_request_code(agreement=agreement, user=user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        agreement_sign(agreement=agreement, user=user, code=read_last_sms_code(user.mobile), ip="10.1.2.3",
                       user_agent="pytest")


def test_sign_button_shows_for_each_party_until_they_have_signed(client, make_worker, make_job):
    from suzhaohuo.agreements.selectors import agreement_for_engagement

    worker, job = make_worker(), make_job()
    eng = s.engagement_apply(worker=worker, job=job, consent=True)
    s.engagement_accept(actor=job.employer.owner, engagement=eng)
    agreement = agreement_for_engagement(eng)
    assert agreement is not None
    sign_url = f'href="/agreements/{agreement.pk}/" data-testid="agreement-sign"'

    client.force_login(worker)
    assert sign_url in client.get(f"/gigs/e/{eng.pk}/").content.decode()
    client.force_login(job.employer.owner)
    assert sign_url in client.get(f"/gigs/e/{eng.pk}/").content.decode()

    _sign(agreement, worker)
    client.force_login(worker)
    page = client.get(f"/gigs/e/{eng.pk}/").content.decode()
    assert "agreement-sign" not in page and "agreement-link" in page  # she has signed: only the plain link
    client.force_login(job.employer.owner)
    assert sign_url in client.get(f"/gigs/e/{eng.pk}/").content.decode()

    _sign(agreement, job.employer.owner)
    for user in (worker, job.employer.owner):
        client.force_login(user)
        assert "agreement-sign" not in client.get(f"/gigs/e/{eng.pk}/").content.decode()
