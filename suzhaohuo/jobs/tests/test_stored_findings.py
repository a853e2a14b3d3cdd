"""Screening findings travel as a typed value (``StoredFinding``, severity a ``Severity``) but the JSON stored on a
posting is byte for byte what the plain dicts gave, and rows written before still load and show."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection

from suzhaohuo.jobs import screening_bridge, services
from suzhaohuo.jobs.models import Job
from suzhaohuo.jobs.screening.types import Severity

pytestmark = pytest.mark.django_db

KEYS = ["category", "severity", "field", "span", "text", "message", "rule_id", "legal_source"]


def _raw_column(job: Job) -> Any:
    with connection.cursor() as cur:
        cur.execute("SELECT screening_findings FROM jobs_job WHERE id = %s", [job.pk])
        return cur.fetchone()[0]


def test_findings_are_stored_as_the_same_json_as_plain_dicts(employer, job_data):
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data(
        description="在胡集镇果园采摘桃子，限男性，入职需交押金200元。"), submit=True)
    assert job.screening_findings, "the text has a gender limit and a deposit: the engine must find them"
    assert any(f["severity"] is Severity.BLOCK for f in job.screening_findings)  # typed in memory
    plain = [{k: (str(v) if k == "severity" else v) for k, v in f.items()} for f in job.screening_findings]
    assert all(type(f["severity"]) is str for f in plain)
    assert [list(f)[:8] for f in job.screening_findings] == [KEYS] * len(plain)  # the order json.dumps writes
    raw = _raw_column(job)
    if connection.vendor == "sqlite":  # SQLite keeps the text json.dumps wrote: compare it byte for byte
        assert raw == json.dumps(plain)
    stored = json.loads(raw) if isinstance(raw, str) else raw  # PostgreSQL's jsonb orders keys its own way
    assert stored == plain


def test_a_row_written_before_loads_and_shows(client, employer, job_data):
    job = services.job_create(actor=employer.owner, employer=employer, data=job_data())
    old = [{"category": "fee", "severity": "block", "field": "description", "span": [0, 2], "text": "在胡",
            "message": "旧记录的说明", "rule_id": "fee.deposit", "legal_source": "《就业服务与就业管理规定》"},
           {"category": "duplicate", "severity": "review", "field": "title", "span": [0, 5], "text": "果园采摘工",
            "message": "重复", "rule_id": "duplicate.same_employer", "legal_source": "", "duplicate_of": 1,
            "score": 0.97}]
    Job.objects.filter(pk=job.pk).update(screening_findings=old)
    job.refresh_from_db()
    assert screening_bridge.max_severity(job.screening_findings) == Severity.BLOCK
    assert [screening_bridge.is_blocking(f) for f in job.screening_findings] == [True, False]
    assert set(screening_bridge.findings_by_field(job.screening_findings)) == {"description", "title"}
    client.force_login(employer.owner)
    page = client.get(f"/jobs/{job.pk}/edit/").content.decode()
    assert "旧记录的说明" in page and '<mark class="hit block">在胡</mark>' in page
