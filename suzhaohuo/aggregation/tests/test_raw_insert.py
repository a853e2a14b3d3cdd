"""The raw insert path of an import (issue #19, ``core.bulk``): rows written with executemany (SQLite) or COPY
(PostgreSQL) read back exactly as the ORM's ``bulk_create`` rows do — JSON, binary, decimals, datetimes,
encrypted fields — and a worker killed inside that stage, mid-chunk, loses and doubles nothing on resume.
Runs on whichever database the suite runs on (SQLite by default; PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from suzhaohuo.aggregation.tests.test_upload import builder, operator, row, xlsx  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _values(model: Any, pk: int, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    row = model.objects.filter(pk=pk).values().get()
    return {k: v for k, v in row.items() if k not in ("id", *skip)}


def test_raw_rows_read_back_like_orm_rows(agency: Any, make_employer: Any) -> None:
    from suzhaohuo.aggregation.models import Posting, RawRecord, Source
    from suzhaohuo.core.bulk import insert_objects, insert_rows
    from suzhaohuo.jobs.models import Job, JobCategory

    employer = make_employer(township="胡集镇")
    cat = JobCategory.objects.first() or JobCategory.objects.create(code="c1", name="杂工")
    now = timezone.now()
    job_fields: dict[str, Any] = dict(
        employer=employer, title="建筑小工", description="搬砖", category=cat, pay_unit="day", settlement="daily",
        headcount=3, township_id="321322102", address="人民路1号", pay_min=Decimal("180.50"), pay_max=None,
        valid_until=now + timedelta(days=3), status="published", published_at=now, lat=33.9, lng=118.7,
        screening_findings=[{"category": "x", "text": "“引号”\\t"}], screening_status="clean")
    orm = Job.objects.create(**job_fields)
    raw = Job(**job_fields)
    insert_objects([raw])
    assert raw.pk and raw.pk != orm.pk and raw.created_at is not None
    assert _values(Job, raw.pk, ("created_at", "updated_at")) == _values(Job, orm.pk, ("created_at", "updated_at"))

    sig = bytes(range(256)) * 2
    common = dict(first_source=agency, first_seen_at=now, employer_name="某公司", employer_key="某", township_code="321322102",
                  pay_unit="day", pay_min=Decimal("1.00"), pay_max=Decimal("99999999.99"), signature=sig,
                  review_reasons=["待核实：名称"], **{f"b{i}": (-1) ** i * (2 ** 62 + i) for i in range(16)})
    a = Posting.objects.create(job=orm, **common)
    b = Posting(job=raw, **common)
    insert_objects([b])
    va, vb = _values(Posting, a.pk, ("job_id",)), _values(Posting, b.pk, ("job_id",))
    assert bytes(vb.pop("signature")) == bytes(va.pop("signature")) == sig
    assert va == vb

    payload = {"title": "标题", "n": 3, "nested": {"list": [1, "二", None]}, "quote": "'\"\\\\"}
    names = ("source_id", "channel", "external_id", "content_hash", "payload", "received_at", "outcome", "issues")
    ids = insert_rows(RawRecord, names, [(agency.pk, "push", f"E{i}", "h" * 64, payload, now, "created",
                                          [{"m": "问题"}]) for i in range(3)], returning=True)
    assert len(ids) == 3 and ids == sorted(ids)
    orm_raw = RawRecord.objects.create(source=agency, channel="push", external_id="E9", content_hash="h" * 64,
                                       payload=payload, received_at=now, outcome="created", issues=[{"m": "问题"}])
    assert _values(RawRecord, ids[0], ("external_id",)) == _values(RawRecord, orm_raw.pk, ("external_id",))

    # an encrypted field goes through its own get_db_prep_save: stored encrypted, read back in clear
    src_id = insert_rows(Source, ("name", "kind", "organization", "contract_contact_mobile"),
                         [("测试来源", "department", "某局", "13800001234")], returning=True)[0]
    assert Source.objects.get(pk=src_id).contract_contact_mobile == "13800001234"
    with connection.cursor() as cur:
        cur.execute("SELECT contract_contact_mobile FROM aggregation_source WHERE id = %s", [src_id])
        stored = cur.fetchone()[0]
    assert stored and "13800001234" not in str(stored)


class SimulatedCrash(BaseException):
    """A killed worker (not an ``Exception``: nothing in the import catches it)."""


def test_killed_inside_the_raw_insert_stage_resumes_exactly(operator: Any, builder: Any,  # noqa: F811
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker dies in the second chunk *inside* the raw insert stage — after that chunk's jobs, history,
    status changes, audit events, index rows, postings and raw records were written, while its source links
    are being written. Run again: every row once, every created job once with one history row, its two
    status changes and audit events, its index row, posting and link; nothing from the dead chunk left."""
    from suzhaohuo.aggregation import pipeline, services
    from suzhaohuo.aggregation.models import Posting, RawRecord, SourceLink
    from suzhaohuo.core import bulk
    from suzhaohuo.core.models import AuditEvent
    from suzhaohuo.jobs.models import Job, JobStatusChange
    from suzhaohuo.search.models import SearchDoc

    n = 450
    rows = [row(i, title=f"建筑小工{i}号", desc=f"第{i}号楼工地搬砖、清理现场，包午饭，工号{i * 7919}。", town=town)
            for i, town in zip(range(1, n + 1), ["胡集镇", "颜集镇", "钱集镇"] * n, strict=False)]
    accepted = services.upload_accept(actor=operator, fileobj=SimpleUploadedFile("big.xlsx", xlsx(rows)),
                                      file_name="big.xlsx")
    real_insert = bulk.insert_rows
    calls = {"links": 0}

    def dying(model: Any, names: Any, rows_: Any, **kw: Any) -> list[int]:
        if model is SourceLink:
            calls["links"] += 1
            if calls["links"] == 2:  # second chunk: everything but its links is written
                assert RawRecord.objects.count() > 200 and Job.objects.count() > Posting.objects.filter(
                    links__isnull=False).distinct().count()
                raise SimulatedCrash("killed mid-chunk")
        return real_insert(model, names, rows_, **kw)

    monkeypatch.setattr(pipeline, "insert_rows", dying)
    with pytest.raises(SimulatedCrash):
        services.batch_run(batch_id=accepted.batch.pk)
    accepted.batch.refresh_from_db()
    assert accepted.batch.processed_rows == 201 and RawRecord.objects.count() == 200
    first = RawRecord.objects.filter(outcome="created").count()
    assert Job.objects.count() == first == SearchDoc.objects.count() == Posting.objects.count()

    monkeypatch.setattr(pipeline, "insert_rows", real_insert)
    batch = services.batch_run(batch_id=accepted.batch.pk)
    assert batch.status == "done"
    assert sorted(RawRecord.objects.values_list("row_number", flat=True)) == list(range(2, n + 2))
    created = RawRecord.objects.filter(outcome="created").count()
    assert created == batch.counts["created"] and created + batch.counts["duplicate"] == n
    jobs = list(Job.objects.values_list("pk", flat=True))
    assert len(jobs) == created == Posting.objects.count() == SourceLink.objects.filter(is_first=True).count()
    assert SourceLink.objects.count() == n  # a link for each row: its posting, or the one it duplicates
    published = set(Job.objects.filter(status="published").values_list("pk", flat=True))
    assert set(SearchDoc.objects.values_list("job_id", flat=True)) == published
    assert Job.history.count() == created and len(set(Job.history.values_list("id", flat=True))) == created
    # "" → draft for each, draft → published / pending review for each submitted
    assert JobStatusChange.objects.count() == created + Job.objects.exclude(status="draft").count()
    assert AuditEvent.objects.filter(action="jobs.create").count() == created
    assert set(AuditEvent.objects.filter(action="jobs.create").values_list("target_id", flat=True)) == {
        str(pk) for pk in jobs}
    services.batch_run(batch_id=batch.pk)  # once more: nothing changes
    assert RawRecord.objects.count() == n and Job.objects.count() == created
