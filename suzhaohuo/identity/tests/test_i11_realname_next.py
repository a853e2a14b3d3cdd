"""Issue #11 item 16: after real-name submission the worker gets a link back to the job she came from
(``next`` carried through the form, checked with url_has_allowed_host_and_scheme)."""

import pytest
from django.urls import reverse

from conftest import township_code, valid_id_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("nxt", "expected"), [
    ("/jobs/42/", "/jobs/42/"),
    ("//evil.example/jobs/42/", None),
    ("/\\evil.example", None),
    ("https://evil.example/", None),
])
def test_realname_carries_next_back_to_the_job(client, regions, nxt, expected):
    from suzhaohuo.accounts.services import user_create_with_mobile

    client.force_login(user_create_with_mobile(mobile="13512349901"))
    html = client.get(reverse("identity:realname"), {"next": nxt}).content.decode()
    assert ('name="next" value="/jobs/42/"' in html) == (expected is not None)
    resp = client.post(reverse("identity:realname"), {
        "real_name": "周十", "id_number": valid_id_number(77), "township_code": township_code("胡集镇"),
        "next": nxt}, follow=True)
    html = resp.content.decode()
    assert "已提交，待核验" in html
    if expected:
        assert f'href="{expected}" data-testid="back-to-job"' in html and "返回刚才的岗位" in html
    else:
        assert 'data-testid="back-to-job"' not in html and "evil.example" not in html


def test_job_panel_links_to_realname_with_the_job_as_next(client, make_worker, make_employer):
    from decimal import Decimal

    from suzhaohuo.jobs.services import JobInput, job_create

    employer = make_employer()
    job = job_create(actor=employer.owner, employer=employer, data=JobInput(
        title="葡萄采摘", description="大棚内采摘葡萄并装箱。", category_code="agri.harvest", pay_unit="day",
        settlement="daily", headcount=3, township_code=township_code("胡集镇"), address="胡集镇葡萄园",
        pay_min=Decimal("200")))
    client.force_login(make_worker(verified=False))
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/identity/realname/?next=/jobs/{job.pk}/"' in html
