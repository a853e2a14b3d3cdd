"""New-user walk fixes (issue #11): a course's township and station are picked from the provider's scope, the
attendance share is entered and shown as a percentage, subsidy rules are named in Chinese, not by code."""

from __future__ import annotations

from typing import Any

import pytest

from suzhaohuo.training.models import Course

pytestmark = pytest.mark.django_db
HUJI = "321322102"


def _station(region_code: str, name: str) -> Any:
    from suzhaohuo.carriers.services import CarrierInput, carrier_create

    return carrier_create(actor=None, data=CarrierInput(kind="station", name=name, region_code=region_code,
                                                        address="党群服务中心", lat=34.1, lng=118.8))


def test_course_form_offers_regions_and_stations_in_scope_and_a_percentage(client: Any, provider: Any) -> None:
    huji = _station(HUJI, "胡集镇零工服务驿站")
    yanji = _station("321322116", "颜集镇零工服务驿站")
    client.force_login(provider.owner)
    html = client.get("/training/provider/courses/new/").content.decode()
    assert '<select name="township_code"' in html and f'value="{HUJI}"' in html
    assert 'value="321322116"' not in html  # 颜集镇 is outside the provider's scope
    assert f'value="{huji.pk}"' in html and f'value="{yanji.pk}"' not in html
    assert "结业最低出勤率（%）" in html and "代码" not in html.split("<form")[1].split("</form>")[0]
    data = {"title": "家政服务员（专项能力）", "category_code": "domestic.housekeeping", "level": "special",
            "hours": "16", "mode": "in_person", "township_code": HUJI, "carrier_id": str(huji.pk), "fee": "0",
            "certificate_name": "家政服务专项职业能力培训合格证书", "min_attendance": "80"}
    bad = client.post("/training/provider/courses/new/", {**data, "township_code": "321322116"}).content.decode()
    assert "请从列表中选择您负责范围内的地区" in bad and not Course.objects.exists()
    bad = client.post("/training/provider/courses/new/", {**data, "min_attendance": "0.8"}).content.decode()
    assert "请输入0到100之间的整数" in bad and not Course.objects.exists()
    r = client.post("/training/provider/courses/new/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    course = Course.objects.get()
    assert str(course.min_attendance) == "0.80" and course.carrier == huji and course.township_id == HUJI
    html = client.get(f"/training/courses/{course.pk}/").content.decode()
    assert "出勤率不低于 80%" in html and "0.80" not in html


def test_subsidy_rules_named_in_chinese(client: Any, provider: Any) -> None:
    client.force_login(provider.owner)
    html = client.get("/training/provider/claims/").content.decode()
    assert "示例规则：专项职业能力培训补贴" in html and "EXAMPLE" not in html
