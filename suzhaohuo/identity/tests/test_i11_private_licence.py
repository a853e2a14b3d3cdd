"""Issue #11 item 5: licence photos are private files under random names, served only by the scoped staff view."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import township_code, valid_id_number, valid_uscc


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.django_db
def test_licence_stored_privately_under_a_random_name_and_served_only_to_staff_in_scope(client, regions, make_staff):
    from suzhaohuo.accounts.services import user_create_with_mobile
    from suzhaohuo.identity.services import employer_register

    owner = user_create_with_mobile(mobile="13700009901", role="employer")
    employer = employer_register(
        user=owner, kind="enterprise", name="宿迁某某物流有限公司", township_code=township_code("胡集镇"),
        uscc=valid_uscc(31), legal_representative="李四", handler_name="王五", handler_id_number=valid_id_number(91),
        licence_image=SimpleUploadedFile("营业执照-宿迁某某物流.png", _png()))
    name = employer.licence_image.name
    assert "宿迁" not in name and "营业执照" not in name and name.startswith("licences/")
    assert Path(settings.PRIVATE_MEDIA_ROOT, name).is_file()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.png"))
    assert not Path(settings.PRIVATE_MEDIA_ROOT).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError):
        employer.licence_image.url  # noqa: B018 — no public URL exists

    url = f"/identity/staff/employers/{employer.pk}/licence/"
    client.force_login(make_staff(role="station_staff", scope="胡集镇"))
    resp = client.get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == _png()
    client.force_login(make_staff(role="station_staff", scope="颜集镇"))
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_admin_change_page_links_the_scoped_view(client, regions, make_staff):
    from suzhaohuo.accounts.services import user_create_with_mobile
    from suzhaohuo.identity.services import employer_register

    owner = user_create_with_mobile(mobile="13700009902", role="employer")
    employer = employer_register(
        user=owner, kind="enterprise", name="宿迁另一物流有限公司", township_code=township_code("胡集镇"),
        uscc=valid_uscc(32), legal_representative="李四", handler_name="王五", handler_id_number=valid_id_number(92),
        licence_image=SimpleUploadedFile("licence.png", _png()))
    client.force_login(make_staff(role="admin", scope=None))
    resp = client.get(f"/admin/identity/employer/{employer.pk}/change/")
    assert resp.status_code == 200
    page = resp.content.decode()
    assert f"/identity/staff/employers/{employer.pk}/licence/" in page and "/media/" not in page
