import pytest
from django.urls import reverse

from conftest import township_code, valid_id_number, valid_uscc


@pytest.mark.django_db
def test_realname_page_groups_townships_by_county_and_submits(client, regions, django_capture_on_commit_callbacks):
    from suzhaohuo.accounts.services import user_create_with_mobile
    from suzhaohuo.workers.models import WorkerProfile

    user = user_create_with_mobile(mobile="13512340001")
    client.force_login(user)
    html = client.get(reverse("identity:realname")).content.decode()
    assert '<optgroup label="沭阳县">' in html and "胡集镇" in html
    # A wrong check digit: message at the field, typed values kept.
    good = valid_id_number(5)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    resp = client.post(reverse("identity:realname"), {"real_name": "周十", "id_number": bad,
                                                      "township_code": township_code("胡集镇")})
    html = resp.content.decode()
    assert resp.status_code == 200 and "error-summary" in html and "逐位核对" in html
    assert 'value="周十"' in html and f'value="{bad}"' in html
    with django_capture_on_commit_callbacks(execute=True):  # the request commits: events are delivered
        resp = client.post(reverse("identity:realname"), {"real_name": "周十", "id_number": good,
                                                          "township_code": township_code("胡集镇")}, follow=True)
    html = resp.content.decode()
    assert "请携带身份证到胡集镇零工服务站核验" in html
    assert good not in html and good[:4] + "*" * 10 + good[-4:] in html
    assert WorkerProfile.objects.get(user=user).home_township_id == township_code("胡集镇")
    me = client.get(reverse("accounts:me")).content.decode()
    assert "待核验" in me and "实名认证" in me


@pytest.mark.django_db
def test_township_options_partial_filters_by_county(client, regions):
    html = client.get(reverse("identity:township_options"), {"county": "321322"}).content.decode()
    assert "胡集镇" in html and "<optgroup" in html and "宿城区" not in html


@pytest.mark.django_db
def test_staff_console_scope_list_detail_and_verify(client, make_worker, make_staff):
    worker = make_worker(township="胡集镇", verified=False, name="吴一")
    huji = make_staff(scope="胡集镇", password="Staff-pass-12345")
    yanji = make_staff(scope="颜集镇")
    pk = worker.identity.pk

    client.force_login(yanji)
    assert "吴一" not in client.get(reverse("identity:staff_persons")).content.decode()
    assert client.get(reverse("identity:staff_person", args=[pk])).status_code == 404
    assert client.post(reverse("identity:staff_person", args=[pk]),
                       {"decision": "approve", "id_card_seen": "on"}).status_code == 404

    client.force_login(huji)
    html = client.get(reverse("identity:staff_persons"), {"q": "吴"}).content.decode()
    assert "吴一" in html
    detail = client.get(reverse("identity:staff_person", args=[pk])).content.decode()
    full = worker.identity.id_number
    assert full not in detail and worker.identity.masked_id_number in detail
    assert worker.mobile not in detail and "我已核对本人身份证原件" in detail
    # Approve without ticking the box: refused at the field.
    resp = client.post(reverse("identity:staff_person", args=[pk]), {"decision": "approve"})
    assert "请核对本人身份证原件后勾选确认" in resp.content.decode()
    resp = client.post(reverse("identity:staff_person", args=[pk]), {"decision": "approve", "id_card_seen": "on"})
    assert resp.status_code == 302
    worker.identity.refresh_from_db()
    assert worker.identity.verification_status == "verified"


@pytest.mark.django_db
def test_staff_reject_with_reason_and_non_staff_forbidden(client, make_worker, make_staff):
    worker = make_worker(verified=False)
    client.force_login(worker)
    assert client.get(reverse("identity:staff_persons")).status_code == 403
    client.force_login(make_staff(scope="胡集镇"))
    url = reverse("identity:staff_person", args=[worker.identity.pk])
    resp = client.post(url, {"decision": "reject", "reason": ""})
    assert "请填写未通过的原因" in resp.content.decode()
    client.post(url, {"decision": "reject", "reason": "身份证已过有效期"})
    worker.identity.refresh_from_db()
    assert worker.identity.verification_status == "rejected"


@pytest.mark.django_db
def test_employer_registration_page_and_staff_employer_console(client, regions, make_staff):
    from suzhaohuo.accounts.services import user_create_with_mobile
    from suzhaohuo.identity.models import Employer

    user = user_create_with_mobile(mobile="13512340002", role="employer")
    client.force_login(user)
    data = {"kind": "enterprise", "name": "宿迁速达物流有限公司", "uscc": valid_uscc(33),
            "legal_representative": "郑二", "handler_name": "冯三", "handler_id_number": valid_id_number(33),
            "township_code": township_code("胡集镇"), "address": "胡集镇人民路8号"}
    resp = client.post(reverse("identity:employer_register"), {**data, "uscc": valid_uscc(33)[:17] + "?"})
    assert "统一社会信用代码" in resp.content.decode() and 'value="宿迁速达物流有限公司"' in resp.content.decode()
    assert not Employer.objects.exists()
    resp = client.post(reverse("identity:employer_register"), data, follow=True)
    assert "零工服务站核验" in resp.content.decode()
    employer = Employer.objects.get(owner=user)
    staff = make_staff(scope="胡集镇")
    client.force_login(staff)
    assert "宿迁速达物流有限公司" in client.get(reverse("identity:staff_employers")).content.decode()
    html = client.get(reverse("identity:staff_employer", args=[employer.pk])).content.decode()
    assert valid_id_number(33) not in html and employer.masked_handler_id_number in html
    client.post(reverse("identity:staff_employer", args=[employer.pk]), {"decision": "approve", "id_card_seen": "on"})
    employer.refresh_from_db()
    assert employer.is_verified
    client.force_login(make_staff(scope="颜集镇"))
    assert client.get(reverse("identity:staff_employer", args=[employer.pk])).status_code == 404


@pytest.mark.django_db
def test_duplicates_page_lists_attempts_in_scope(client, regions, make_staff):
    from suzhaohuo.accounts.services import user_create_with_mobile
    from suzhaohuo.identity.services import person_identity_submit

    a = user_create_with_mobile(mobile="13512340003")
    b = user_create_with_mobile(mobile="13512340004")
    person_identity_submit(user=a, real_name="甲", id_number=valid_id_number(44), township_code=township_code("胡集镇"))
    person_identity_submit(user=b, real_name="乙", id_number=valid_id_number(44), township_code=township_code("胡集镇"))
    client.force_login(make_staff(scope="胡集镇"))
    html = client.get(reverse("identity:staff_duplicates")).content.decode()
    assert b.masked_mobile in html and "13512340004" not in html
    client.force_login(make_staff(scope="颜集镇"))
    assert b.masked_mobile not in client.get(reverse("identity:staff_duplicates")).content.decode()


@pytest.mark.django_db
def test_new_worker_is_sent_to_realname_after_sms_login(client, regions):
    from conftest import read_last_sms_code

    client.post(reverse("accounts:login"), {"mobile": "13512340005", "role": "worker"})
    code = read_last_sms_code("13512340005")
    resp = client.post(reverse("accounts:login_code"), {"code": code, "accept_privacy": "on"})
    assert resp.status_code == 302 and resp.url == reverse("identity:realname")
