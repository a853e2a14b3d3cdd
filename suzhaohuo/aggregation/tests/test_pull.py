"""Pull adapters against a small local fake feed server (http.server on 127.0.0.1)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from suzhaohuo.aggregation.adapters import jsonld_jobpostings, map_jobposting

FIXTURES = Path(__file__).parent / "fixtures"
PUBLISHED = ["google_jobposting.html", "unhead_jobposting.html", "structuredvalidator_jobposting.html",
             "gist_jobposting.html"]


def suxinpin_item(n: int, updated: str) -> dict[str, Any]:
    return {"jobId": f"SXP{n:05d}", "jobName": f"电商打包分拣员{n}", "jobDesc": f"电商仓库打包、贴单、分拣快递第{n}组，室内工作。",
            "corpName": "沭阳县胡集花木专业合作社", "salaryDesc": "18-22元/小时", "settleTypeName": "周结",
            "recruitNum": 4, "countyName": "沭阳县", "townName": "胡集镇", "workAddress": "胡集镇电商产业园3号楼",
            "updateTime": updated, "detailUrl": f"https://sxp.example/job/{n}"}


class FeedState:
    requests: list[str] = []
    suxinpin: list[dict[str, Any]] = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, body: str, ctype: str) -> None:
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        FeedState.requests.append(self.path)
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path.startswith("/pages/"):
            n = int(url.path.rsplit("/", 1)[1])
            names = PUBLISHED + ["suqian_jobposting.html"]
            html = (FIXTURES / names[n]).read_text(encoding="utf-8")
            # keep the derived Suqian example valid whatever day the test runs
            html = html.replace("2026-04-30T00:00", (date.today() + timedelta(days=20)).isoformat() + "T00:00")
            if n + 1 < len(names):
                html = html.replace("</head>", f'<link rel="next" href="/pages/{n + 1}"></head>')
            return self._send(html, "text/html; charset=utf-8")
        if url.path == "/suxinpin/jobs":
            since, page, size = q.get("updateTimeStart", ""), int(q.get("pageNo", 1)), 2
            items = [i for i in FeedState.suxinpin if i["updateTime"] > since]
            chunk = items[(page - 1) * size: page * size]
            body = {"code": 0, "msg": "ok", "data": {"list": chunk, "pageNo": page, "hasNext": page * size < len(items)}}
            return self._send(json.dumps(body, ensure_ascii=False), "application/json")
        self.send_response(404)
        self.end_headers()


@pytest.fixture
def feed_server() -> Iterator[str]:
    FeedState.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_published_examples_are_mapped_field_by_field() -> None:
    [google] = [map_jobposting(jp) for jp in jsonld_jobpostings((FIXTURES / PUBLISHED[0]).read_text())]
    assert google["external_id"] == "1234567" and google["title"] == "Data Entry Clerk"
    assert google["employer_name"] == "MagsRUs Wheel Company" and google["county"] == "Detroit"
    assert google["address"] == "555 Clancy St" and google["currency"] == "CAD" and google["pay_unit"] == "元/小时"
    assert google["valid_until"] == "2017-03-18T00:00" and "Widget assembly role" in google["description"]
    assert "<p>" not in google["description"]
    [unhead] = [map_jobposting(jp) for jp in jsonld_jobpostings((FIXTURES / PUBLISHED[1]).read_text())]
    assert (unhead["pay"], unhead["pay_unit"], unhead["employer_name"]) == ("120000", "YEAR", "Acme Corp")
    [ranged] = [map_jobposting(jp) for jp in jsonld_jobpostings((FIXTURES / PUBLISHED[2]).read_text())]
    assert ranged["pay"] == "120000-180000"
    [gist] = [map_jobposting(jp) for jp in jsonld_jobpostings((FIXTURES / PUBLISHED[3]).read_text())]
    assert (gist["pay"], gist["currency"], gist["title"]) == ("100000", "USD", "SEO")


@pytest.mark.django_db
def test_jsonld_pages_pull_follows_pages_and_imports(feed_server: str, make_source: Any, make_employer: Any) -> None:
    from suzhaohuo.aggregation.models import RawRecord
    from suzhaohuo.aggregation.services import pull_run
    from suzhaohuo.aggregation.tests.conftest import authorize
    from suzhaohuo.jobs.models import Job

    employer = make_employer(township="胡集镇", name="沭阳花木合作社")
    source = make_source(kind="association", name="宿迁市花木行业协会", pull_format="jsonld_pages",
                         pull_url=f"{feed_server}/pages/0")
    authorize(employer, source)
    out = pull_run(source=source)
    outcomes = {r.external_id: r for r in out["results"]}
    assert len(outcomes) == 5 and out["counts"]["created"] == 1 and out["counts"]["rejected"] == 4
    suqian = outcomes["HM-2026-001"]
    job = Job.objects.get(pk=suqian.job_id)
    assert (job.title, job.township_id, job.pay_unit, str(job.pay_min), str(job.pay_max), job.headcount) == (
        "桃园采摘工", "321322102", "day", "150.00", "180.00", 6)
    assert job.origin == "association" and job.lat == pytest.approx(34.12)
    # the real published examples: kept unchanged, refused with Chinese reasons (not in the city, foreign pay)
    google = outcomes["1234567"]
    assert {i["field"] for i in google.issues} >= {"pay", "township"}
    raw = RawRecord.objects.get(external_id="1234567")
    assert raw.payload["employer_name"] == "MagsRUs Wheel Company"
    assert "不在本市" in " ".join(i["message"] for i in google.issues)
    assert "人民币" in " ".join(i["message"] for i in google.issues)
    # the cursor does not pass the refused items: they are pulled (and listed on the source page) until fixed
    assert source.__class__.objects.get(pk=source.pk).pull_cursor == "2011-10-31T00:00:00+08:00"


@pytest.mark.django_db
def test_suxinpin_pull_is_paginated_and_incremental(feed_server: str, make_source: Any, make_employer: Any) -> None:
    from suzhaohuo.aggregation.models import RawRecord
    from suzhaohuo.aggregation.services import pull_run
    from suzhaohuo.jobs.models import Job

    make_employer(township="胡集镇", name="沭阳县胡集花木专业合作社")
    FeedState.suxinpin = [suxinpin_item(n, f"2026-03-0{n} 10:00:00") for n in range(1, 6)]
    source = make_source(kind="suxinpin", name="苏心聘-宿迁专区", pull_format="suxinpin",
                         pull_url=f"{feed_server}/suxinpin/jobs")
    first = pull_run(source=source)
    assert first["counts"]["created"] == 5 and first["cursor"] == "2026-03-05T10:00:00+08:00"
    assert sum(1 for p in FeedState.requests if p.startswith("/suxinpin")) == 3  # 2 + 2 + 1 per page
    job = Job.objects.get(title="电商打包分拣员1")
    assert job.origin == "suxinpin" and job.settlement == "weekly" and job.category.code == "ecommerce.packing"
    assert job.original_source.startswith("苏心聘-宿迁专区")
    # incremental: only the item changed since the cursor comes back, and it updates the same job
    FeedState.requests = []
    FeedState.suxinpin[0] = suxinpin_item(1, "2026-03-09 08:00:00") | {"recruitNum": 9}
    second = pull_run(source=source)
    # the overlap window (one hour before the cursor) brings back the cursor's own item: recognised, unchanged
    assert sorted(r.outcome for r in second["results"]) == ["unchanged", "updated"]
    assert "updateTimeStart=2026-03-05+09%3A00%3A00" in FeedState.requests[0]
    job.refresh_from_db()
    assert job.headcount == 9 and Job.objects.filter(origin="suxinpin").count() == 5
    assert RawRecord.objects.filter(source=source).count() == 7  # 5 + the update + the unchanged receipt
