"""Issue #11 item 1 with sanctions: a source naming a sanctioned employer is refused per row even when that
employer never authorised the source (the standing checks apply to the employer the row names, not to the
source organisation the held posting waits under)."""

from __future__ import annotations

from typing import Any

import pytest

from suzhaohuo.aggregation.tests.conftest import item

pytestmark = pytest.mark.django_db


def push(client: Any, key: str, items: list[Any], capture: Any) -> Any:
    with capture(execute=True):
        return client.post("/api/v1/ingest/jobs/bulk", data={"items": items}, content_type="application/json",
                           headers={"X-Api-Key": key})


@pytest.fixture
def victim(make_employer: Any) -> Any:
    return make_employer(township="胡集镇", name="沭阳县胡集苗木有限公司")


def test_sanctioned_employer_named_without_authorisation_is_still_refused(client: Any, agency_key: str,
                                                                          victim: Any, make_staff: Any,
                                                                          django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.regulation.services import sanction_impose

    regulator = make_staff(role="regulator", scope="宿迁市")
    sanction_impose(actor=regulator, kind="suspend_posting", subject_type="employer", subject_id=victim.pk,
                    legal_basis="《人力资源市场暂行条例》", reason="发布虚假岗位", days=7)
    body = push(client, agency_key, [item(1, employer_name=victim.name)], django_capture_on_commit_callbacks).json()
    assert body["results"][0]["outcome"] == "rejected"
