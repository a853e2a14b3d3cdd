"""The issue's real-name flow in headless Chromium at 360×740: a worker registers with an SMS code,
enters name and ID and is pending; 胡集镇 station staff find and verify them in person; the worker
is verified; 颜集镇 staff cannot see that worker."""

from __future__ import annotations

import pytest

from conftest import read_last_sms_code, screenshot, valid_id_number

PASSWORD = "Staff-pass-12345"
MOBILE = "13766660001"
NAME = "韩梅梅"


def _sms_login(page, mobile: str, new: bool) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_mobile", mobile)
    page.get_by_role("button", name="获取验证码").click()
    page.fill("#id_code", read_last_sms_code(mobile))
    if new:
        page.check("#id_accept_privacy")
    page.get_by_role("button", name="继续").click()


def _staff_login(page, username: str) -> None:
    page.goto("/accounts/staff-login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/me/")


def _logout(page) -> None:
    page.goto("/accounts/me/")
    page.get_by_role("button", name="退出登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_worker_registers_is_verified_in_person_and_other_township_cannot_see(page, make_staff, settings):
    from suzhaohuo.identity.models import PersonIdentity

    settings.OTP_RESEND_INTERVAL_SECONDS = 0  # the worker logs in twice within a minute
    make_staff(scope="胡集镇", username="huji_staff", password=PASSWORD)
    make_staff(scope="颜集镇", username="yanji_staff", password=PASSWORD)
    id_number = valid_id_number(606, birth="19850412")

    # 1. A new worker signs up with a phone code and lands on the real-name page.
    page.goto("/accounts/login/")
    screenshot(page, "realname-01-login")
    _sms_login(page, MOBILE, new=True)
    page.wait_for_url("**/identity/realname/")
    page.fill("#id_real_name", NAME)
    page.fill("#id_id_number", id_number)
    page.select_option("#id_township_code", label="胡集镇")
    screenshot(page, "realname-02-form")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/identity/realname/done/")
    assert page.inner_text("[data-testid=verification-status]") == "待核验"
    assert page.inner_text("[data-testid=station-notice]") == "请携带身份证到胡集镇零工服务站核验"
    assert id_number not in page.content() and id_number[:4] + "*" * 10 + id_number[-4:] in page.content()
    screenshot(page, "realname-03-pending")
    _logout(page)

    # 2. 胡集镇 station staff find the worker and verify in person, having seen the ID card.
    _staff_login(page, "huji_staff")
    page.get_by_role("link", name="实名核验工作台").click()
    page.fill("#id_q", "韩")
    page.get_by_role("button", name="查找").click()
    screenshot(page, "realname-04-staff-list")
    page.get_by_role("link", name=NAME).click()
    assert page.inner_text("[data-testid=masked-id]") == id_number[:4] + "*" * 10 + id_number[-4:]
    assert id_number not in page.content() and MOBILE not in page.content()
    page.check("#id_id_card_seen")
    screenshot(page, "realname-05-staff-detail")
    page.get_by_role("button", name="核验通过").click()
    page.wait_for_url("**/identity/staff/persons/")
    assert "已核验通过" in page.inner_text(".messages")
    _logout(page)

    # 3. The worker is verified.
    assert PersonIdentity.objects.get(real_name=NAME).verification_status == "verified"
    _sms_login(page, MOBILE, new=False)
    page.wait_for_url("**/accounts/me/")
    assert page.inner_text("[data-testid=verification-status]") == "已认证"
    screenshot(page, "realname-06-verified")
    _logout(page)

    # 4. 颜集镇 staff cannot see the worker: not in any list, and the detail page is 'not found'.
    _staff_login(page, "yanji_staff")
    page.goto("/identity/staff/persons/?status=verified&q=韩")
    assert NAME not in page.inner_text("[data-testid=person-list]")
    pk = PersonIdentity.objects.get(real_name=NAME).pk
    response = page.goto(f"/identity/staff/persons/{pk}/")
    assert response is not None and response.status == 404
    screenshot(page, "realname-07-other-township")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_new_employer_lands_on_registration_and_sees_field_errors(page, regions):
    page.goto("/accounts/login/?role=employer")
    page.fill("#id_mobile", "13766660002")
    page.check("input[name=role][value=employer]")
    page.get_by_role("button", name="获取验证码").click()
    page.fill("#id_code", read_last_sms_code("13766660002"))
    page.check("#id_accept_privacy")
    page.get_by_role("button", name="继续").click()
    page.wait_for_url("**/identity/employer/")
    page.fill("#id_name", "宿迁胡集果蔬合作社")
    page.fill("#id_uscc", "91110108551385082A")  # wrong check character
    page.select_option("#id_township_code", label="胡集镇")
    page.get_by_role("button", name="提交登记").click()
    assert "统一社会信用代码校验不通过" in page.inner_text(".error-summary")
    assert page.input_value("#id_name") == "宿迁胡集果蔬合作社"
    screenshot(page, "realname-08-employer-form-error")
