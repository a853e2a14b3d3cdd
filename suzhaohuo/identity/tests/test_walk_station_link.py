"""New-user walk (helper `walk`): after submitting real-name details the page said 「请携带身份证到胡集镇零工服务站
核验」 with no address, phone or hours and no way to find them. It now links to the township's stations."""

import pytest
from django.urls import reverse

from conftest import township_code, valid_id_number

pytestmark = pytest.mark.django_db


def test_pending_realname_links_to_the_townships_stations(client, regions):
    from suzhaohuo.accounts.services import user_create_with_mobile

    client.force_login(user_create_with_mobile(mobile="13512349902"))
    huji = township_code("胡集镇")
    html = client.post(reverse("identity:realname"), {
        "real_name": "周十一", "id_number": valid_id_number(78), "township_code": huji}, follow=True).content.decode()
    assert "请携带身份证到胡集镇零工服务站核验" in html
    assert f'href="/carriers/?township={huji}" data-testid="station-address"' in html
    # a worker is told what verification lets them do, not an employer's 发布岗位 (walk finding)
    assert "核验通过后即可报名岗位" in html and "发布岗位" not in html
