"""The back office is in Chinese, region-scoped for staff, masked, and shows change history."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_admin_lists_are_scoped_and_masked(client, make_worker, make_staff, make_employer):
    huji_worker = make_worker(township="胡集镇", name="胡一", verified=False)
    yanji_worker = make_worker(township="颜集镇", name="颜二", verified=False)
    make_employer(township="颜集镇", name="颜集某厂")
    staff = make_staff(scope="胡集镇")
    client.force_login(staff)
    html = client.get(reverse("admin:identity_personidentity_changelist")).content.decode()
    assert "胡一" in html and "颜二" not in html
    assert huji_worker.identity.masked_id_number in html and huji_worker.identity.id_number not in html
    assert "v1:" not in html
    assert client.get(reverse("admin:identity_personidentity_change",
                              args=[yanji_worker.identity.pk])).status_code in (302, 404)
    detail = client.get(reverse("admin:identity_personidentity_change", args=[huji_worker.identity.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200 and huji_worker.identity.id_number not in body and "v1:" not in body
    assert "颜集某厂" not in client.get(reverse("admin:identity_employer_changelist")).content.decode()
    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert huji_worker.masked_mobile in users and huji_worker.mobile not in users
    assert yanji_worker.masked_mobile not in users
    history = client.get(reverse("admin:identity_personidentity_history", args=[huji_worker.identity.pk]))
    assert history.status_code == 200
    # Station staff cannot read the SMS outbox or PII access log.
    assert client.get(reverse("admin:core_smsoutbox_changelist")).status_code == 403
    assert client.get(reverse("admin:core_piiaccesslog_changelist")).status_code == 403


@pytest.mark.django_db
def test_admin_superuser_sees_all_in_chinese_and_outbox_masked(client, make_worker, make_staff):
    from suzhaohuo.accounts.services import otp_request

    worker = make_worker(township="颜集镇")
    otp_request(mobile=worker.mobile)
    admin_user = make_staff(role="admin", scope=None)
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "个人实名信息" in index and "短信发件箱" in index and "审计记录" in index
    outbox = client.get(reverse("admin:core_smsoutbox_changelist")).content.decode()
    assert worker.masked_mobile in outbox and worker.mobile not in outbox
    found = client.get(reverse("admin:core_smsoutbox_changelist"), {"q": worker.mobile}).content.decode()
    assert worker.masked_mobile in found and "验证码" in found
    for name in ("accounts_user", "accounts_consent", "accounts_deletionrequest", "accounts_otpchallenge",
                 "identity_personidentity", "identity_employer", "identity_verificationevent", "regions_region",
                 "core_auditevent", "core_piiaccesslog", "core_smsoutbox"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
