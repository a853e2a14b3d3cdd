"""New-user walk (360 px, helper `walk`): 「我的授权」 showed one identical 「向用工方提供个人信息」 row per application,
each with a one-tap 「撤回」 that silently withdrew every one of them. Now: one row per kind saying how many times
the consent was given, and withdrawing asks first, in words, inside a <details> step."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_one_row_per_kind_and_withdrawal_is_asked_first(client, make_worker):
    from suzhaohuo.accounts.selectors import consent_active
    from suzhaohuo.accounts.services import consent_record

    worker = make_worker()
    for job_id in (1, 2, 3):
        consent_record(user=worker, kind="share_with_employer", context={"job_id": job_id})
    consent_record(user=worker, kind="privacy_notice")
    client.force_login(worker)
    page = client.get(reverse("accounts:my_data")).content.decode()

    assert page.count('data-testid="consent-share_with_employer"') == 1
    assert "3次同意" in page
    # the withdraw button sits inside a confirmation step that says all three go together
    step = re.search(r'<details class="confirm-step" data-testid="withdraw-share_with_employer">(.*?)</details>',
                     page, re.S)
    assert step is not None and "（3次）会一起撤回" in step.group(1)
    assert 'name="kind" value="share_with_employer"' in step.group(1)
    assert 'data-testid="withdraw-privacy_notice"' not in page  # withdrawn only by deleting the account

    client.post(reverse("accounts:consent_withdraw"), {"kind": "share_with_employer"})
    assert not consent_active(user=worker, kind="share_with_employer")
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert 'data-testid="withdraw-share_with_employer"' not in page and "已撤回" in page
