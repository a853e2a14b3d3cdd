"""New-user walk (helper `walk`): asking for a signing code too soon (or too often) answered 429 with a message
whose summary link pointed at a non-existent #id_mobile, and nothing was shown beside the code box at the
bottom of the long agreement. The refusal now sits at the code field, and the summary links to it."""

from __future__ import annotations

import pytest

from suzhaohuo.agreements.selectors import agreement_for_engagement

pytestmark = pytest.mark.django_db


def test_too_soon_for_a_new_code_is_said_at_the_code_field(accepted, client):
    engagement, worker, _employer = accepted()
    agreement = agreement_for_engagement(engagement)
    client.force_login(worker, backend="suzhaohuo.accounts.backends.StaffPasswordBackend")
    url = f"/agreements/{agreement.pk}/"
    assert client.post(url, {"action": "request_code"}).status_code == 302
    resp = client.post(url, {"action": "request_code"})
    body = resp.content.decode()
    assert resp.status_code == 429
    assert 'href="#id_code"' in body and "#id_mobile" not in body
    assert '<p class="field-error" id="id_code-error">验证码已发送，请查看短信' in body
