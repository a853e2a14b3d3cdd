"""就业援助 pages: staff only and scoped; never visible to employers; the person can see and withdraw."""

from __future__ import annotations

from typing import Any

import pytest

from suzhaohuo.assistance import services

pytestmark = pytest.mark.django_db


def test_staff_pages_render(client: Any, staff: Any, identify: Any, make_post: Any) -> None:
    person = identify()
    post = make_post()
    placement = services.placement_create(actor=staff, post=post, person=person)
    client.force_login(staff)
    for url in ("/assistance/", "/assistance/identify/", f"/assistance/persons/{person.pk}/", "/assistance/posts/",
                "/assistance/posts/new/", f"/assistance/posts/{post.pk}/", f"/assistance/placements/{placement.pk}/"):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/assistance/persons/{person.pk}/").content.decode()
    assert "3213220001" not in page
    revealed = client.post(f"/assistance/persons/{person.pk}/reveal/").content.decode()
    assert "3213220001" in revealed
    from suzhaohuo.core.models import PiiAccessLog

    assert PiiAccessLog.objects.filter(actor=staff, subject=person.user, field="assistance_evidence").exists()
    resp = client.get("/assistance/attendance.xlsx")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")


def test_employers_and_other_regions_see_nothing(client: Any, identify: Any, make_employer: Any,
                                                 make_staff: Any) -> None:
    person = identify()
    client.force_login(make_employer().owner)
    assert client.get("/assistance/").status_code == 403
    assert client.get(f"/assistance/persons/{person.pk}/").status_code == 404
    client.force_login(make_staff(scope="泗洪县"))
    assert client.get(f"/assistance/persons/{person.pk}/").status_code == 404


def test_identify_form_without_consent_keeps_input(client: Any, staff: Any, categories: None,
                                                   make_worker: Any) -> None:
    worker = make_worker()
    client.force_login(staff)
    resp = client.post("/assistance/identify/", {"mobile": worker.mobile, "category_code": "low_income",
                                                 "evidence": "低保证 123", "consent_note": "签字"})
    body = resp.content.decode()
    assert resp.status_code == 200 and "认定须经本人同意" in body and "低保证 123" in body


def test_person_sees_and_withdraws(client: Any, identify: Any) -> None:
    person = identify()
    client.force_login(person.user)
    page = client.get("/assistance/mine/").content.decode()
    assert "失业登记证 3213220001" in page and "撤回登记" in page
    client.post(f"/assistance/mine/{person.pk}/withdraw/")
    person.refresh_from_db()
    assert person.status == "withdrawn" and person.evidence == ""


def test_privacy_export_and_erase(identify: Any) -> None:
    from suzhaohuo.assistance.privacy import erase_data, export_data

    person = identify()
    assert export_data(person.user)["identifications"][0]["evidence"] == "失业登记证 3213220001"
    kept = erase_data(person.user)
    person.refresh_from_db()
    assert person.evidence == "" and kept and kept[0]["count"] == 1
