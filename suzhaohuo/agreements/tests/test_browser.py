"""Both parties sign in a phone-sized browser; the worker downloads the PDF and verifies it on /verify;
the same file with one byte changed fails. A stranger needs the number and its check code; a swapped archive
PDF shows 「文件已被篡改」."""

from __future__ import annotations

import os

import pytest

from conftest import read_last_sms_code, screenshot
from suzhaohuo.agreements import signing
from suzhaohuo.agreements.selectors import agreement_for_engagement


def _login(page, user, base_url: str) -> None:
    """Log in by session cookie (SMS login is the accounts app's own browser test)."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="suzhaohuo.accounts.backends.StaffPasswordBackend")
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def _sign(page, agreement_pk: int, mobile: str) -> None:
    page.goto(f"/agreements/{agreement_pk}/")
    page.click("button:has-text('获取签署验证码')")
    page.get_by_text("签署验证码已发送到").wait_for()
    page.fill("#id_code", read_last_sms_code(mobile))
    page.check("#id_agree")
    page.click("button:has-text('确认签署')")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_download_and_verify_in_the_browser(page, live_server, accepted, tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    engagement, worker, employer = accepted(name="周桂兰")
    agreement = agreement_for_engagement(engagement)

    _login(page, worker, live_server.url)
    page.goto("/agreements/")
    page.click(f"text={engagement.job.title}")
    page.get_by_test_id("agreement-text").wait_for()
    screenshot(page, "agreement-page-360")
    _sign(page, agreement.pk, worker.mobile)
    page.get_by_text("正在等待对方签署").first.wait_for()

    _login(page, employer.owner, live_server.url)
    _sign(page, agreement.pk, employer.owner.mobile)
    assert page.get_by_test_id("agreement-status").inner_text() == "已生效"

    _login(page, worker, live_server.url)
    page.goto(f"/agreements/{agreement.pk}/")
    screenshot(page, "agreement-sealed-360")
    with page.expect_download() as info:
        page.get_by_test_id("download-pdf").click()
    pdf_path = tmp_path / "agreement.pdf"
    info.value.save_as(pdf_path)
    data = pdf_path.read_bytes()
    agreement.refresh_from_db()
    assert signing.sha256_hex(data) == agreement.pdf_sha256

    page.context.clear_cookies()  # /verify is public
    page.goto("/verify/")
    page.set_input_files("#id_file", str(pdf_path))
    page.click("button:has-text('核验文件')")
    result = page.get_by_test_id("verify-result")
    assert result.get_attribute("data-outcome") == "authentic"
    assert "没有被修改" in result.inner_text()
    screenshot(page, "verify-authentic-360")

    edited = bytearray(data)
    edited[len(edited) // 2] ^= 0x20
    edited_path = tmp_path / "edited.pdf"
    edited_path.write_bytes(bytes(edited))
    page.set_input_files("#id_file", str(edited_path))
    page.click("button:has-text('核验文件')")
    result = page.get_by_test_id("verify-result")
    assert result.get_attribute("data-outcome") == "changed"
    assert "被修改过" in result.inner_text()
    screenshot(page, "verify-changed-360")

    page.goto(f"/verify/?no={agreement.number}&code={signing.check_code(agreement.number)}")
    page.click("button:has-text('长辈模式')")
    page.wait_for_selector("body.elder")
    assert page.get_by_test_id("verify-result").get_attribute("data-outcome") == "authentic"
    screenshot(page, "verify-elder-360")


AXE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "node_modules", "axe-core", "axe.min.js")


def _axe_serious(page) -> list[dict]:
    page.add_script_tag(path=AXE)
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_verify_by_number_and_check_code_then_a_tampered_archive(browser, live_server, sealed, settings):
    from suzhaohuo.agreements.models import Agreement
    from suzhaohuo.agreements.selectors import agreement_pdf_bytes

    if not os.path.exists(AXE):
        pytest.fail("axe-core missing: run `make browsers` (npm install --no-save axe-core@4.11.0)")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    agreement = sealed(name="周桂兰")
    code = signing.check_code(agreement.number)
    # axe is injected inline, so this context bypasses the CSP (as the accessibility tests do).
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url,
                                  bypass_csp=True)
    page = context.new_page()

    # An old link or a typed number alone: the page asks for the check code and tells nothing else.
    page.goto(f"/verify/?no={agreement.number}")
    page.get_by_test_id("verify-ask-code").wait_for()
    assert page.get_by_test_id("verify-result").count() == 0
    assert page.input_value("#id_no") == agreement.number
    assert _axe_serious(page) == []
    screenshot(page, "verify-ask-code-360")

    # A wrong code reads like a number that does not exist.
    page.fill("#id_code", "ZZZZZZ")
    page.click("button:has-text('查询')")
    result = page.get_by_test_id("verify-result")
    assert result.get_attribute("data-outcome") == "unknown" and agreement.employer.name not in result.inner_text()

    page.fill("#id_code", code.lower())  # typed in lower case: still accepted
    page.click("button:has-text('查询')")
    result = page.get_by_test_id("verify-result")
    assert result.get_attribute("data-outcome") == "authentic"
    assert agreement.employer.name in result.inner_text()
    assert _axe_serious(page) == []

    # Someone swaps the archived PDF (and its recorded hash) in the database.
    forged = agreement_pdf_bytes(agreement) + b"\n% forged\n"
    Agreement.objects.filter(pk=agreement.pk).update(pdf=forged, pdf_sha256=signing.sha256_hex(forged))
    page.reload()
    result = page.get_by_test_id("verify-result")
    assert result.get_attribute("data-outcome") == "tampered"
    assert "文件已被篡改" in result.inner_text()
    assert _axe_serious(page) == []
    screenshot(page, "verify-tampered-360")
    context.close()
