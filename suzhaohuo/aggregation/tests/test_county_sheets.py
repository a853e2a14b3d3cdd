"""Department spreadsheets as they are really sent (tests/data/county_sheets): merged titles, header on row 2 or 3,
合计 rows, a GBK CSV and a legacy .xls — through the file API, the same pipeline as the web upload.

Every data row is either created with the right pay, headcount, deadline and township, or reported with its row
number and a reason naming the column; title, 填报单位, note and total rows are ``skipped``, never errors."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

pytestmark = pytest.mark.django_db

SHEETS = Path(__file__).resolve().parents[3] / "tests" / "data" / "county_sheets"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("county_sheets", SHEETS / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["county_sheets"] = module
    spec.loader.exec_module(module)
    return module


gen = _generator()


@pytest.fixture
def county_source(make_source: Callable[..., Any], make_employer: Callable[..., Any]) -> Any:
    from suzhaohuo.aggregation.tests.conftest import authorize

    source = make_source(kind="department", name="县人社局用工需求", organization="沭阳县人力资源和社会保障局", sector="hrss")
    for name in gen.EMPLOYERS:  # the county's employers have authorised the department (recorded at the station)
        authorize(make_employer(township="胡集镇", name=name), source)
    return source


@pytest.fixture
def key(county_source: Any) -> str:
    from suzhaohuo.aggregation.services import source_api_key_issue

    return source_api_key_issue(actor=None, source=county_source)


def _post(client: Any, path: Path, key: str, capture: Any) -> Any:
    with capture(execute=True):
        return client.post("/api/v1/ingest/files", {"file": SimpleUploadedFile(path.name, path.read_bytes())},
                           headers={"X-Api-Key": key})


@pytest.mark.parametrize("name", gen.FILES)
def test_county_sheet_imports_every_row_or_says_why(client: Any, key: str, tmp_path: Path, name: str,
                                                    django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.jobs.models import Job

    today = timezone.localdate()
    expected = gen.build(tmp_path, today)[name]
    resp = _post(client, tmp_path / name, key, django_capture_on_commit_callbacks)
    assert resp.status_code == 202, resp.content
    accepted = resp.json()
    assert set(accepted) == {"batch_id", "status"} and accepted["status"] in ("queued", "running", "finished")
    body = client.get(f"/api/v1/ingest/batches/{accepted['batch_id']}", headers={"X-Api-Key": key}).json()
    assert set(body) == {"status", "counts", "rows"} and body["status"] == "finished", body
    by_row = {r["row"]: r for r in body["rows"]}
    assert set(by_row) == set(expected), (sorted(by_row), sorted(expected))
    for number, want in expected.items():
        got = by_row[number]
        api_outcome = "rejected" if want.outcome == "blocked" else want.outcome
        assert got["outcome"] == api_outcome, (number, got["issues"])
        for issue in got["issues"]:
            assert set(issue) == {"column", "severity", "message"}
        if want.outcome in ("created", "held"):
            job = Job.objects.get(pk=got["job_id"])
            assert job.township_id == want.township, (number, job.township_id)
            assert (job.pay_min, job.pay_max, job.pay_unit) == (Decimal(want.pay[0]), Decimal(want.pay[1]),
                                                                 want.pay[2]), number
            assert job.headcount == want.headcount, number
            deadline = want.deadline or today + timedelta(days=30)
            assert got["valid_until"] == deadline.isoformat(), (number, got)
            assert timezone.localtime(job.valid_until).date() == deadline
            if "employer" in want.extra:  # the employer cell merged down is read into every row it spans
                assert job.employer.name == want.extra["employer"]
        if want.outcome == "held":
            assert any(want.column == i["column"] and want.words in i["message"] for i in got["issues"]), got
        if want.outcome in ("rejected", "blocked"):
            assert any(want.column == i["column"] and want.words in i["message"] for i in got["issues"]), got
        if want.outcome == "skipped":
            assert got["issues"] and "跳过" in got["issues"][0]["message"]
    counts = body["counts"]
    assert counts["skipped"] == sum(1 for w in expected.values() if w.outcome == "skipped")
    assert counts["created"] == sum(1 for w in expected.values() if w.outcome == "created")


def test_unknown_columns_are_listed_and_the_same_file_is_not_imported_twice(
        client: Any, key: str, county_source: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.models import ImportBatch

    gen.build(tmp_path, timezone.localdate())
    path = tmp_path / gen.FILES[0]
    first = _post(client, path, key, django_capture_on_commit_callbacks).json()
    again = _post(client, path, key, django_capture_on_commit_callbacks).json()
    assert again["batch_id"] == first["batch_id"] and ImportBatch.objects.count() == 1
    batch = ImportBatch.objects.get()
    assert batch.counts["ignored_columns"] == ["序号", "联系人", "联系电话"] and batch.counts["header_row"] == 3


def test_file_api_auth(client: Any, key: str, county_source: Any, make_staff: Callable[..., Any], tmp_path: Path,
                       django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation.services import source_operator_link

    gen.build(tmp_path, timezone.localdate())
    path = tmp_path / gen.FILES[1]
    bad = client.post("/api/v1/ingest/files", {"file": SimpleUploadedFile("a.csv", b"x")},
                      headers={"X-Api-Key": "szh_nope_nope"})
    assert bad.status_code == 401 and bad.json()["error"]["field"] == "X-Api-Key"
    assert client.post("/api/v1/ingest/files", {"file": SimpleUploadedFile("a.csv", b"x")}).status_code == 401
    # a department operator's session uses the operator's own source
    operator = make_staff(role="department_operator", scope="宿迁市")
    source_operator_link(actor=None, source=county_source, user=operator)
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/api/v1/ingest/files", {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert resp.status_code == 202
    batch_id = resp.json()["batch_id"]
    assert client.get(f"/api/v1/ingest/batches/{batch_id}").json()["status"] == "finished"
    # another source's key cannot read this batch
    from suzhaohuo.aggregation.services import source_api_key_issue

    other = source_api_key_issue(actor=None, source=gen_other_source())
    client.logout()
    assert client.get(f"/api/v1/ingest/batches/{batch_id}", headers={"X-Api-Key": other}).status_code == 403
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/ingest/files" in schema["paths"] and "/api/v1/ingest/batches/{batch_id}" in schema["paths"]


def gen_other_source() -> Any:
    from suzhaohuo.aggregation.services import SourceInput, source_create

    return source_create(actor=None, data=SourceInput(name="另一个来源", kind="agency", organization="某人力公司"))


def test_source_api_key_command(county_source: Any, capsys: Any) -> None:
    from django.core.management import call_command

    from suzhaohuo.aggregation.services import source_authenticate

    call_command("source_api_key", "--list")
    lines = capsys.readouterr().out.splitlines()
    assert f"{county_source.pk}\tdepartment\t县人社局用工需求" in lines
    assert all(len(line.split("\t")) == 3 for line in lines)
    call_command("source_api_key", str(county_source.pk))
    first = capsys.readouterr().out
    assert first.count("\n") == 1 and source_authenticate(first.strip()) == county_source
    call_command("source_api_key", "县人社局用工需求")  # by name; the old key stops working
    second = capsys.readouterr().out.strip()
    assert source_authenticate(second) == county_source
    from suzhaohuo.core.errors import AppError

    with pytest.raises(AppError):
        source_authenticate(first.strip())


def test_committed_sheets_are_what_the_generator_writes(tmp_path: Path) -> None:
    """The files in tests/data are the generator's output (dated 2026-12-01), so a reader sees what tests import."""
    from datetime import date

    gen.build(tmp_path, date(2026, 12, 1))
    for name in gen.FILES:
        assert (SHEETS / name).exists()
        if name.endswith(".csv"):
            assert (SHEETS / name).read_bytes() == (tmp_path / name).read_bytes()
    assert subprocess.run([sys.executable, "-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())",
                           str(SHEETS / "generate.py")]).returncode == 0
