# ruff: noqa: F811 - the fixtures are imported from test_upload
"""Issue #11 item 8: imports that cannot finish end as 「无法处理」 with the reason (rows kept), are bounded
before parsing, turn undecodable bytes into row errors, and resume by themselves after a killed worker."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suzhaohuo.aggregation.tests.test_upload import HEADERS, builder, operator, row, upload, xlsx  # noqa: F401

pytestmark = pytest.mark.django_db


def _csv(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_fake_xlsx_fails_with_a_reason(client: Any, operator: Any, django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import ImportBatch

    client.force_login(operator)
    upload(client, "岗位.xlsx", b"PK\x03\x04" + b"not really a zip" * 50, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and "Excel" in batch.error_message


def test_zip_bomb_is_refused_before_unpacking(client: Any, operator: Any, django_capture_on_commit_callbacks: Any,
                                              monkeypatch: Any) -> None:
    from suzhaohuo.aggregation import spreadsheet
    from suzhaohuo.aggregation.models import ImportBatch

    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 1024 * 1024)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", "0" * (2 * 1024 * 1024))
    client.force_login(operator)
    upload(client, "岗位.xlsx", buf.getvalue(), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and "解压后" in batch.error_message


def test_giant_cell_fails_the_batch_with_reason_and_keeps_earlier_rows(client: Any, operator: Any, builder: Any,
                                                                      django_capture_on_commit_callbacks: Any,
                                                                      monkeypatch: Any) -> None:
    from suzhaohuo.aggregation import services
    from suzhaohuo.aggregation.models import ImportBatch

    monkeypatch.setattr(services, "CHUNK_ROWS", 1)
    lines = [",".join(HEADERS), ",".join(map(str, row(1))),
             ",".join(map(str, row(2, desc="长" * 200_000)))]
    client.force_login(operator)
    upload(client, "岗位.csv", _csv(lines), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and "单元格太长" in batch.error_message
    assert batch.records.filter(outcome="created").count() == 1


def test_gbk_bytes_after_64kb_become_a_row_error(client: Any, operator: Any, builder: Any,
                                                django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import ImportBatch

    filler = [",".join(map(str, row(i, desc=f"胡集镇工地第{i}标段搬运砖块清理现场包午饭" + "。" * 200)))
              for i in range(1, 120)]
    body = _csv([",".join(HEADERS), *filler])
    assert len(body) > 65536
    bad = ",".join(map(str, row(999, title="GBKTITLE"))).encode("utf-8").replace(b"GBKTITLE", "建筑小工".encode("gbk"))
    client.force_login(operator)
    upload(client, "岗位.csv", body + bad + b"\r\n", django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert batch.status == "done", batch.error_message
    rejected = batch.records.get(row_number=121)
    assert rejected.outcome == "rejected"
    assert batch.records.exclude(row_number=121).filter(outcome="rejected").count() == 0


def test_reaper_requeues_a_batch_whose_worker_died(operator: Any, builder: Any, settings: Any, monkeypatch: Any,
                                                   django_capture_on_commit_callbacks: Any) -> None:
    from django.utils import timezone

    from suzhaohuo.aggregation import services
    from suzhaohuo.aggregation.models import ImportBatch

    rows = [row(i, title=f"建筑小工{i}号", desc=f"第{i}号楼工地搬砖、清理现场，包午饭，工号{i * 7919}。") for i in range(1, 301)]
    accepted = services.upload_accept(actor=operator, fileobj=SimpleUploadedFile("big.xlsx", xlsx(rows)),
                                      file_name="big.xlsx")
    from suzhaohuo.aggregation.tests.test_upload import SimulatedCrash

    save_progress = services._save_progress

    def killed_after_200_rows(batch_id: int, last_row: int) -> None:  # the worker dies in that chunk
        if last_row - 1 > 200:
            raise SimulatedCrash("worker killed")
        save_progress(batch_id, last_row)

    monkeypatch.setattr(services, "_save_progress", killed_after_200_rows)
    with pytest.raises(SimulatedCrash):
        services.batch_run(batch_id=accepted.batch.pk)
    monkeypatch.setattr(services, "_save_progress", save_progress)
    assert services.batches_requeue_stale() == []  # not stale yet
    ImportBatch.objects.filter(pk=accepted.batch.pk).update(
        updated_at=timezone.now() - timezone.timedelta(seconds=services.STALE_BATCH_SECONDS + 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.batches_requeue_stale() == [accepted.batch.pk]
    batch = ImportBatch.objects.get(pk=accepted.batch.pk)
    assert batch.status == "done" and batch.records.count() == 300
