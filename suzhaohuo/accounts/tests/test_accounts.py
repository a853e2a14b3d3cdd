import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import township_code, valid_id_number


@pytest.mark.django_db
def test_staff_lockout_after_5_wrong_passwords(client, make_staff):
    make_staff(username="zhan", password="Right-pass-12345")
    for _ in range(4):
        resp = client.post(reverse("accounts:staff_login"), {"username": "zhan", "password": "wrong-one"})
        assert "登录名或密码不对" in resp.content.decode()
    resp = client.post(reverse("accounts:staff_login"), {"username": "zhan", "password": "wrong-one"})
    assert "已锁定15分钟" in resp.content.decode()
    # Even the right password is refused while locked.
    resp = client.post(reverse("accounts:staff_login"), {"username": "zhan", "password": "Right-pass-12345"})
    assert resp.status_code == 200 and "已锁定" in resp.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_password_login_works_and_workers_cannot_use_it(client, make_staff, make_worker):
    make_staff(username="ok1", password="Right-pass-12345")
    resp = client.post(reverse("accounts:staff_login"), {"username": "ok1", "password": "Right-pass-12345"})
    assert resp.status_code == 302
    worker = make_worker()
    worker.set_password("Worker-pass-12345")
    worker.save()
    client.logout()
    resp = client.post(reverse("accounts:staff_login"), {"username": worker.username, "password": "Worker-pass-12345"})
    assert resp.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_create_staff_command(regions):
    from suzhaohuo.accounts.models import User

    out = io.StringIO()
    call_command("create_staff", "xiaowang", "--role", "station_staff", "--scope", "321322102",
                 "--password-stdin", stdin=io.StringIO("Station-pass-2026\n"), stdout=out)
    user = User.objects.get(username="xiaowang")
    assert user.role == "station_staff" and user.scope_region_id == "321322102" and user.check_password(
        "Station-pass-2026")
    assert "胡集镇" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不存在"):
        call_command("create_staff", "x2", "--role", "station_staff", "--scope", "999", "--password-stdin",
                     stdin=io.StringIO("Station-pass-2026\n"))


@pytest.mark.django_db
def test_me_menu_collects_links_from_apps(client, make_worker, make_staff):
    from suzhaohuo.accounts.menu import collect

    worker = make_worker()
    labels = [label for label, _url in collect(worker)]
    assert "实名认证" in labels and "我的数据与授权" in labels
    staff_labels = [label for label, _url in collect(make_staff())]
    assert "实名核验工作台" in staff_labels and "实名认证" not in staff_labels
    client.force_login(worker)
    html = client.get(reverse("accounts:me")).content.decode()
    assert reverse("identity:realname") in html and reverse("accounts:my_data") in html


@pytest.mark.django_db
def test_export_contains_own_data_and_logs_reveal(client, make_worker, make_staff):
    from suzhaohuo.accounts.services import pii_reveal
    from suzhaohuo.core.models import PiiAccessLog

    worker = make_worker(name="刘一")
    other = make_worker(name="刘二")
    staff = make_staff()
    pii_reveal(actor=staff, subject=worker, field="mobile", value=worker.mobile, purpose="联系核验")
    client.force_login(worker)
    resp = client.get("/api/v1/me/export")
    assert resp.status_code == 200 and "attachment" in resp["Content-Disposition"]
    data = json.loads(resp.content)
    assert data["identity"]["person"]["id_number"] == worker.identity.id_number
    assert data["account"]["mobile"] == worker.mobile
    assert data["consents"] == [] or all("kind" in c for c in data["consents"])
    assert any(r["purpose"] == "联系核验" for r in data["reveals_of_my_data"])
    text = resp.content.decode()
    assert other.identity.id_number not in text and other.mobile not in text
    assert PiiAccessLog.objects.filter(actor=worker, subject=worker).count() >= 2
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "联系核验" in page and worker.identity.id_number not in page
    assert client.get(reverse("accounts:my_data_export")).status_code == 200


@pytest.mark.django_db
def test_consent_withdraw(client, make_worker):
    from suzhaohuo.accounts.selectors import consent_active
    from suzhaohuo.accounts.services import consent_record

    worker = make_worker()
    consent_record(user=worker, kind="location")
    consent_record(user=worker, kind="privacy_notice")
    client.force_login(worker)
    client.post(reverse("accounts:consent_withdraw"), {"kind": "location"})
    assert not consent_active(user=worker, kind="location")
    resp = client.post(reverse("accounts:consent_withdraw"), {"kind": "privacy_notice"}, follow=True)
    assert "注销账号" in resp.content.decode() and consent_active(user=worker, kind="privacy_notice")


@pytest.mark.django_db
def test_deletion_anonymises_and_keeps_what_law_requires(client, make_worker, make_employer):
    from django.db import connection

    from suzhaohuo.accounts.models import DeletionRequest, User
    from suzhaohuo.core.models import SmsOutbox
    from suzhaohuo.identity.models import PersonIdentity

    worker = make_worker(name="马一")
    id_number, mobile = worker.identity.id_number, worker.mobile
    client.force_login(worker)
    resp = client.post(reverse("accounts:account_delete"), {})  # not confirmed
    assert User.objects.get(pk=worker.pk).is_active
    resp = client.post(reverse("accounts:account_delete"), {"confirm": "on"})
    assert resp.status_code == 302 and "_auth_user_id" not in client.session
    user = User.objects.get(pk=worker.pk)
    assert not user.is_active and user.deleted_at and user.mobile == "" and user.mobile_hash is None
    assert user.display_name == "已注销用户" and user.username == f"deleted-{user.pk}"
    person = PersonIdentity.objects.get(user=user)
    assert person.id_number == "" and person.id_number_hash is None and person.real_name == "已注销用户"
    assert not person.history.exists()
    req = DeletionRequest.objects.get(user=user)
    assert req.completed_at and any("审计" in r["what"] for r in req.retained)
    assert not SmsOutbox.objects.filter(mobile=mobile).exists()
    # No trace of the number anywhere in the user and identity tables (ciphertext cleared too).
    with connection.cursor() as cur:
        cur.execute(f"SELECT id_number FROM {PersonIdentity._meta.db_table} WHERE id=%s", [person.pk])
        assert cur.fetchone()[0] == ""
    # The same person may register again later with the same mobile and ID.
    from suzhaohuo.accounts.services import user_create_with_mobile
    from suzhaohuo.identity.services import person_identity_submit

    again = user_create_with_mobile(mobile=mobile)
    person_identity_submit(user=again, real_name="马一", id_number=id_number, township_code=township_code("胡集镇"))
    # Employers keep their (anonymised) record for the jobs it published.
    employer = make_employer(kind="individual", name="个人雇主")
    client.force_login(employer.owner)
    client.post(reverse("accounts:account_delete"), {"confirm": "on"})
    employer.refresh_from_db()
    assert employer.name == "已注销用户"
    req = DeletionRequest.objects.get(user=employer.owner)
    assert any(r.get("model") == "identity.employer" for r in req.retained)
    assert valid_id_number(1) not in json.dumps(req.retained, ensure_ascii=False)
