"""Excel/CSV upload by operators: template, streaming import, per-row report, idempotency, bad files, faults."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

HEADERS = ["岗位编号（选填）", "岗位名称", "工作内容", "用工单位", "岗位类别", "薪酬", "计薪单位", "结算方式", "招聘人数",
           "县区", "乡镇（街道）", "详细地址"]


def row(n: int, **over: Any) -> list[Any]:
    values = {"id": f"ZJ-{n}", "title": f"建筑小工{n}号", "desc": f"胡集镇安置房工地第{n}标段搬运砖块、清理现场，包午饭。",
              "employer": "沭阳县胡集建筑工程有限公司", "cat": "建筑小工", "pay": 200, "unit": "元/天", "settle": "日结",
              "n": 3, "county": "沭阳县", "town": "胡集镇", "addr": "胡集镇人民路1号"}
    values.update(over)
    return [values[k] for k in ("id", "title", "desc", "employer", "cat", "pay", "unit", "settle", "n", "county",
                                "town", "addr")]


def xlsx(rows: list[list[Any]], headers: list[str] = HEADERS, merge: str | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def builder(make_employer: Callable[..., Any], operator: Any) -> Any:
    """A verified employer that has authorised the operator's source (standing authorisation)."""
    from suzhaohuo.aggregation.models import SourceOperator
    from suzhaohuo.aggregation.tests.conftest import authorize

    employer = make_employer(township="胡集镇", name="沭阳县胡集建筑工程有限公司")
    authorize(employer, SourceOperator.objects.get(user=operator).source)
    return employer


@pytest.fixture
def operator(make_source: Callable[..., Any], make_staff: Callable[..., Any]) -> Any:
    from suzhaohuo.aggregation.services import source_operator_link

    source = make_source(kind="department", name="市住建局岗位征集", sector="housing", organization="宿迁市住房和城乡建设局")
    user = make_staff(role="department_operator", scope="宿迁市")
    source_operator_link(actor=None, source=source, user=user)
    return user


def upload(client: Any, name: str, content: bytes, capture: Any) -> Any:
    with capture(execute=True):
        return client.post("/aggregation/upload/", {"file": SimpleUploadedFile(name, content)})


def test_template_has_chinese_headers_and_dropdowns(client: Any, operator: Any) -> None:
    from openpyxl import load_workbook

    client.force_login(operator)
    resp = client.get("/aggregation/upload/template.xlsx")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb["岗位"]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["岗位编号（选填）", "岗位名称", "工作内容", "用工单位"]
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in ws.data_validations.dataValidation
             if dv.type == "list"}
    col = {h: ws.cell(row=1, column=i + 1).column_letter for i, h in enumerate(headers)}
    for header in ("岗位类别", "计薪单位", "结算方式", "县区", "乡镇（街道）"):
        assert col[header] in lists, header
    options = wb["选项"]
    assert "胡集镇" in [c.value for c in options["E"]] and "日结" in [c.value for c in options["C"]]


def test_xlsx_upload_imports_reports_and_is_idempotent(client: Any, operator: Any, builder: Any,
                                                      django_capture_on_commit_callbacks: Any) -> None:
    from openpyxl import load_workbook

    from suzhaohuo.aggregation.models import ImportBatch, RawRecord
    from suzhaohuo.jobs.models import Job

    client.force_login(operator)
    rows = [row(1), row(2), [None] * 12, row(3, pay="看情况"), row(4, town="火星镇", addr="火星"),
            row(5, desc="工地搬砖，入职先交押金300元。")]
    content = xlsx([r + ["多余列的值"] for r in rows], headers=HEADERS + ["备注"])
    resp = upload(client, "jobs.xlsx", content, django_capture_on_commit_callbacks)
    assert resp.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == "done"
    page = client.get(resp["Location"]).content.decode()
    assert "导入结果" in page and "备注" in page  # the ignored extra column is named
    counts = {r.outcome: 0 for r in RawRecord.objects.all()}
    for r in RawRecord.objects.all():
        counts[r.outcome] += 1
    assert counts == {"created": 2, "rejected": 2, "blocked": 1}
    assert Job.objects.filter(source_name="市住建局岗位征集").count() == 2
    bad = RawRecord.objects.get(row_number=5)  # row 1 is the header, row 4 blank → 看情况 is row 5
    assert bad.issues[0]["column"] == "薪酬" and "150元/天" in bad.issues[0]["message"]
    # the per-row report
    report = load_workbook(io.BytesIO(client.get(f"/aggregation/batches/{batch.pk}/report.xlsx").content))
    lines = [list(r) for r in report.active.iter_rows(values_only=True)]
    assert lines[[i for i, x in enumerate(lines) if x and x[0] == 5][0]][:4] == [5, "ZJ-3", "数据有误", "薪酬"]
    assert any(x and x[0] == 6 and x[3] == "乡镇（街道）" for x in lines)
    # uploading the same file again changes nothing
    n_records = RawRecord.objects.count()
    resp = upload(client, "jobs-again.xlsx", content, django_capture_on_commit_callbacks)
    assert resp["Location"] == f"/aggregation/batches/{batch.pk}/"
    assert RawRecord.objects.count() == n_records and ImportBatch.objects.count() == 1
    # the same rows in a different file: every row unchanged, no new job
    resp = upload(client, "jobs-copy.xlsx", xlsx(rows), django_capture_on_commit_callbacks)
    second = ImportBatch.objects.exclude(pk=batch.pk).get()
    assert set(second.records.values_list("outcome", flat=True)) == {"unchanged"}
    assert Job.objects.filter(source_name="市住建局岗位征集").count() == 2


def test_gbk_csv_with_blank_rows(client: Any, operator: Any, builder: Any,
                                 django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import ImportBatch

    client.force_login(operator)
    lines = [",".join(HEADERS), ",".join(map(str, row(1))), ",,,,,,,,,,,", ",".join(map(str, row(2, pay="20-25元/小时",
                                                                                            unit="")))]
    content = ("\r\n".join(lines) + "\r\n").encode("gbk")
    upload(client, "岗位.csv", content, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert batch.status == "done", batch.error_message
    assert sorted(batch.records.values_list("outcome", flat=True)) == ["created", "created"]
    hourly = batch.records.get(external_id="ZJ-2").posting.job
    assert hourly.pay_unit == "hour" and str(hourly.pay_min) == "20.00" and str(hourly.pay_max) == "25.00"


@pytest.mark.parametrize("name,content,expected", [
    ("empty.csv", b"", "文件是空的"),
    ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "不是表格"),
    ("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "无法打开"),
])
def test_unusable_files_get_a_polite_answer(client: Any, operator: Any, name: str, content: bytes, expected: str,
                                            django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import ImportBatch

    client.force_login(operator)
    resp = upload(client, name, content, django_capture_on_commit_callbacks)
    if resp.status_code == 302:
        page = client.get(resp["Location"]).content.decode()
        assert ImportBatch.objects.get().status == "failed"
    else:
        page = resp.content.decode()
    assert expected in page


def test_wrong_headers_and_merged_cells(client: Any, operator: Any, django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import ImportBatch

    client.force_login(operator)
    resp = upload(client, "wrong.xlsx", xlsx([row(1)], headers=["姓名", "电话", "岗位名称", "地址", "工种"]),
                  django_capture_on_commit_callbacks)
    page = client.get(resp["Location"]).content.decode()
    assert "第1行是表头，但缺少这些列" in page and "用工单位" in page and "薪酬" in page
    assert ImportBatch.objects.get().status == "failed"
    # cells merged over several rows are copied into each row they span
    resp = upload(client, "merged.xlsx", xlsx([row(1), row(2, id="ZJ-2", employer=None)], merge="D2:D3"),
                  django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get(file_name="merged.xlsx")
    assert batch.status == "done" and batch.records.count() == 2
    assert {r.payload.get("employer_name") for r in batch.records.all()} == {"沭阳县胡集建筑工程有限公司"}


def test_huge_upload_is_refused_before_reading(client: Any, operator: Any, settings: Any) -> None:
    from suzhaohuo.aggregation.models import ImportBatch

    client.force_login(operator)
    resp = client.post("/aggregation/upload/", {"file": SimpleUploadedFile("big.csv", b"x" * 1000)},
                       CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert resp.status_code == 413
    assert "文件太大" in resp.content.decode()
    settings.AGGREGATION_MAX_UPLOAD_BYTES = 2000  # a real body over the limit: the streaming handler stops it
    resp = client.post("/aggregation/upload/", {"file": SimpleUploadedFile("big.csv", b"x" * 200_000)})
    assert resp.status_code == 413 and not ImportBatch.objects.exists()


def test_non_operator_cannot_upload(client: Any, make_staff: Any) -> None:
    client.force_login(make_staff(role="station_staff", scope="胡集镇"))
    resp = client.get("/aggregation/upload/")
    assert resp.status_code == 403 and "还没有关联数据源" in resp.content.decode()


class SimulatedCrash(BaseException):
    """A killed worker: not an ``Exception``, so nothing in the import catches it (as with SIGKILL)."""


def test_killed_import_resumes_without_loss_or_duplicates(operator: Any, builder: Any, settings: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Crash after 250 rows (mid second chunk), run again: every row imported exactly once."""
    from suzhaohuo.aggregation import services
    from suzhaohuo.aggregation.models import Posting, RawRecord
    from suzhaohuo.jobs.models import Job

    n = 450
    rows = [row(i, title=f"建筑小工{i}号", desc=f"第{i}号楼工地搬砖、清理现场，包午饭，工号{i * 7919}。", town=town)
            for i, town in zip(range(1, n + 1), ["胡集镇", "颜集镇", "钱集镇"] * n, strict=False)]
    f = SimpleUploadedFile("big.xlsx", xlsx(rows))
    accepted = services.upload_accept(actor=operator, fileobj=f, file_name="big.xlsx")  # on_commit not run here
    save_progress = services._save_progress

    def killed_after_250_rows(batch_id: int, last_row: int) -> None:  # the worker dies in that chunk
        if last_row - 1 >= 250:
            raise SimulatedCrash(f"simulated crash after {last_row - 1} rows")
        save_progress(batch_id, last_row)

    monkeypatch.setattr(services, "_save_progress", killed_after_250_rows)
    with pytest.raises(SimulatedCrash):
        services.batch_run(batch_id=accepted.batch.pk)
    accepted.batch.refresh_from_db()
    assert accepted.batch.status == "running" and accepted.batch.processed_rows == 201  # header + 200 committed
    created_before = RawRecord.objects.filter(outcome="created").count()
    assert RawRecord.objects.count() == 200 and Job.objects.count() == created_before
    monkeypatch.setattr(services, "_save_progress", save_progress)
    batch = services.batch_run(batch_id=accepted.batch.pk)
    assert batch.status == "done"
    # nothing lost: every data row has exactly one record; nothing doubled: one job per "created" row
    assert RawRecord.objects.count() == n
    assert sorted(RawRecord.objects.values_list("row_number", flat=True)) == list(range(2, n + 2))
    created = RawRecord.objects.filter(outcome="created").count()
    assert created + RawRecord.objects.filter(outcome="duplicate").count() == n
    assert Job.objects.count() == created == Posting.objects.count() == batch.counts["created"]
    # and running it once more changes nothing
    services.batch_run(batch_id=batch.pk)
    assert RawRecord.objects.count() == n and Job.objects.count() == created
