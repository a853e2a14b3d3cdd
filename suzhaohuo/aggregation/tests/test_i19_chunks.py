"""Issue #19: how a file is cut into committed chunks changes nothing in what the import does or reports.

Duplicates whose first copy is in an earlier chunk, bad rows, 合计 rows and held rows: the per-row report and
the outcomes of a 3-row-chunk import equal those of the one-chunk import of the same file (the guard any
chunked or parallel import has to pass)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from suzhaohuo.aggregation.tests.test_upload import builder, operator, row, xlsx  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _rows() -> list[list[Any]]:
    rows = []
    for i in range(1, 15):
        desc = f"第{i}号楼工地搬砖、清理现场，包午饭，工号{i * 7919}。"
        rows.append(row(i, desc=desc, town=["胡集镇", "颜集镇"][i % 2]))
    rows[5] = row(6, pay="看情况")  # unreadable pay: rejected
    rows[8] = row(9, employer="宿迁某某劳务队")  # an employer not on the platform: held (来源单位代录)
    rows[10] = row(11, title="建筑小工2号（急招）", desc=rows[1][2], town=rows[1][10])  # duplicate of row 2's posting
    rows[12] = row(13, title=rows[3][1], desc=rows[3][2], town=rows[3][10])  # duplicate of row 4's posting
    rows.insert(7, ["合计", "", "", "", "", "", "", "", 60, "", "", ""])  # a total row: skipped
    return rows


def _import(op: Any, content: bytes) -> tuple[list[tuple[Any, ...]], Any]:
    from suzhaohuo.aggregation import services
    from suzhaohuo.aggregation.models import RawRecord

    accepted = services.upload_accept(actor=op, fileobj=SimpleUploadedFile("c.xlsx", content), file_name="c.xlsx")
    batch = services.batch_run(batch_id=accepted.batch.pk)
    records = list(RawRecord.objects.filter(batch=batch).select_related("posting__job").order_by("row_number"))
    first_row = {r.posting_id: r.row_number for r in records if r.outcome in ("created", "held")}
    report = [(r.row_number, r.outcome, r.external_id, r.issues, r.screening_categories,
               first_row.get(r.posting_id), r.posting.job.status if r.posting else None) for r in records]
    counts = {k: v for k, v in batch.counts.items() if k not in ("header_row",)}
    return report, counts


def _import_undone(op: Any, content: bytes) -> tuple[list[tuple[Any, ...]], Any]:
    """The import, then everything it wrote rolled back (so the next import starts from the same state)."""
    out: tuple[list[tuple[Any, ...]], Any] = ([], {})
    try:
        with transaction.atomic():
            out = _import(op, content)
            raise _Undo
    except _Undo:
        pass
    return out


def test_small_chunks_give_the_same_report_as_one_chunk(operator: Any, builder: Any,  # noqa: F811
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from suzhaohuo.aggregation import services
    from suzhaohuo.aggregation.models import RawRecord

    content = xlsx(_rows())
    whole, whole_counts = _import_undone(operator, content)
    assert RawRecord.objects.count() == 0
    outcomes = [r[1] for r in whole]
    assert outcomes.count("duplicate") == 2 and "rejected" in outcomes and "held" in outcomes
    assert [r[5] for r in whole if r[1] == "duplicate"] == [3, 5]  # rows 2 and 4 of the data (header is row 1)
    assert whole_counts["skipped_rows"] == [[9, "total"]] and whole_counts["held"] == 1
    monkeypatch.setattr(services, "CHUNK_ROWS", 3)
    chunked, chunked_counts = _import_undone(operator, content)
    assert chunked == whole
    assert chunked_counts == whole_counts
