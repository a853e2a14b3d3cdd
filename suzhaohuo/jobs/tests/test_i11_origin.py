"""Issue #11 item 6 (origin derived from who posts) and item 10 (an employer_id the caller may not use)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from suzhaohuo.jobs import services
from suzhaohuo.jobs.choices import JobOrigin
from suzhaohuo.jobs.models import Job
from suzhaohuo.jobs.tests.test_api import BODY

pytestmark = pytest.mark.django_db


def _post(client: Any, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/jobs", data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("origin", ["department", "suxinpin", "station"])
def test_employer_cannot_label_its_posting_with_another_origin(client, employer, origin):
    client.force_login(employer.owner)
    resp = _post(client, {**BODY, "origin": origin})
    assert resp.status_code == 400 and resp.json()["error"]["field"] == "origin"
    assert not Job.objects.exists()


def test_origin_is_derived_without_the_field(client, employer, make_staff):
    client.force_login(employer.owner)
    assert _post(client, BODY).json()["origin"] == "employer"
    staff = make_staff(role="station_staff", scope="胡集镇")
    client.force_login(staff)
    resp = _post(client, {**BODY, "employer_id": employer.pk, "authorization_note": "授权书 2026-01"})
    assert resp.status_code == 201, resp.content
    assert resp.json()["origin"] == "station"


def test_unverified_employer_cannot_skip_the_gate_with_a_source_origin(make_employer, job_data):
    unverified = make_employer(verified=False, name="沭阳某未认证公司")
    for origin in (JobOrigin.DEPARTMENT, JobOrigin.AGENCY):
        with pytest.raises(services.AppError) as exc:
            services.job_create(actor=unverified.owner, employer=unverified, data=job_data(), origin=origin)
        assert exc.value.field == "origin"
    assert not Job.objects.exists()


def test_staff_cannot_post_for_another_employer_as_its_own(employer, make_staff, job_data):
    staff = make_staff(role="station_staff", scope="胡集镇")
    with pytest.raises(services.AppError) as exc:
        services.job_create(actor=staff, employer=employer, data=job_data(), origin=JobOrigin.EMPLOYER)
    assert exc.value.field == "origin"


def test_employer_id_of_another_employer_is_an_error(client, employer, make_employer):
    other = make_employer(name="沭阳另一家公司")
    client.force_login(employer.owner)
    resp = _post(client, {**BODY, "employer_id": other.pk})
    assert resp.status_code == 403 and resp.json()["error"]["field"] == "employer_id"
    assert not Job.objects.exists()
    assert _post(client, {**BODY, "employer_id": employer.pk}).status_code == 201
