"""Feeds served the way real servers serve them (a local http.server on 127.0.0.1): no charset in Content-Type,
the page's own <meta charset>, a GBK page, several postings per page without identifier or url, same-day updates,
a refused item fixed later. Nothing is skipped, duplicated or overwritten."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from suzhaohuo.aggregation.adapters import decode_body, map_jobposting, parse_modified


class Site:
    pages: dict[str, tuple[bytes, str]] = {}  # path → (body bytes, Content-Type header as sent)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path not in Site.pages:
            self.send_response(404)
            self.end_headers()
            return
        body, ctype = Site.pages[path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)  # e.g. "text/html" with no charset, as many servers send
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[str]:
    Site.pages = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def posting(title: str, town: str, *, modified: str, pay: int = 180, extra: dict[str, Any] | None = None) -> dict:
    valid = (date.today() + timedelta(days=20)).isoformat()
    jp: dict[str, Any] = {
        "@context": "https://schema.org/", "@type": "JobPosting", "name": title,
        "description": f"{town}{title}，包午饭，工资日结。", "datePosted": modified, "dateModified": modified,
        "validThrough": valid, "employmentType": ["PER_DIEM", "TEMPORARY"],
        "hiringOrganization": {"@type": "Organization", "name": "沭阳县胡集花木专业合作社"},
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "沭阳县",
                                                      "streetAddress": f"{town}花木大道8号", "addressRegion": "江苏省"}},
        "baseSalary": {"@type": "MonetaryAmount", "currency": "CNY",
                       "value": {"@type": "QuantitativeValue", "value": pay, "unitText": "DAY"}},
        "qualifications": {"@type": "EducationalOccupationalCredential", "credentialCategory": "会使用修枝剪"},
        "skills": [{"@type": "DefinedTerm", "name": "苗木修剪"}, "打包"],
        "educationRequirements": "不限学历",
        "workHours": "8:00-17:00",
        "totalJobOpenings": 3,
    }
    jp.update(extra or {})
    return jp


def page(postings: list[dict], *, charset: str = "utf-8") -> bytes:
    blocks = "".join(f'<script type="application/ld+json">{json.dumps(p, ensure_ascii=False)}</script>' for p in postings)
    html = f'<!doctype html><html><head><meta charset="{charset}"><title>花木基地招工</title>{blocks}</head>' \
           f"<body><h1>招工信息</h1></body></html>"
    return html.encode("gbk" if charset.lower() in ("gbk", "gb2312") else "utf-8")


def test_decoding_order() -> None:
    text = "<html><head><meta charset='utf-8'></head><body>胡集镇采摘工</body></html>"
    # no charset in the header: the page's meta charset, not Latin-1
    assert "胡集镇采摘工" in decode_body("text/html", text.encode("utf-8"))
    # the header wins over the meta
    gbk = "<meta charset='utf-8'>颜集镇".encode("gbk")
    assert "颜集镇" in decode_body("text/html; charset=GBK", gbk)
    # a BOM wins over a wrong meta
    assert "花木" in decode_body("text/html", b"\xef\xbb\xbf<meta charset='iso-8859-1'>" + "花木".encode())
    # http-equiv and gb2312 (decoded as its superset GB18030)
    eq = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">招聘镕工'.encode("gb18030")
    assert "招聘镕工" in decode_body("text/html", eq)
    # nothing declared: detected
    assert "泗洪县双沟镇招聘包装工，日结工资" in decode_body("", "<p>泗洪县双沟镇招聘包装工，日结工资</p>".encode("gb18030") * 3)


def test_jobposting_fields_real_pages_use() -> None:
    rec = map_jobposting(posting("苗木修剪工", "胡集镇", modified="2026-03-01", extra={
        "jobLocation": [{"@type": "Place", "address": {"addressLocality": "沭阳县", "streetAddress": "胡集镇花木大道8号"}},
                        {"@type": "Place", "address": {"addressLocality": "沭阳县", "streetAddress": "颜集镇堰下村"}}]}),
        page_url="http://x/p")
    assert rec["title"] == "苗木修剪工" and rec["settlement"] == "日结" and "TEMPORARY" in rec["employment_type"]
    assert rec["requirements"] == "会使用修枝剪；苗木修剪；打包；不限学历" and rec["work_time"] == "8:00-17:00"
    assert rec["other_places"] == ["沭阳县 颜集镇堰下村"]
    assert rec["external_id"].startswith("jp:")  # no identifier, no url of its own: hiring org + title + place
    assert parse_modified("2026-03-01").isoformat() == "2026-03-01T00:00:00+08:00"
    assert parse_modified("2026-03-01T10:00:00Z").isoformat() == "2026-03-01T10:00:00+00:00"


@pytest.mark.django_db
def test_pages_as_real_servers_serve_them(site: str, make_source: Any, make_employer: Any, make_staff: Any,
                                         client: Any) -> None:
    from suzhaohuo.aggregation.models import RawRecord
    from suzhaohuo.aggregation.selectors import pull_refused
    from suzhaohuo.aggregation.services import pull_run
    from suzhaohuo.jobs.models import Job

    make_employer(township="胡集镇", name="沭阳县胡集花木专业合作社")
    today = "2026-03-01"
    three = [posting("花木采摘工", "胡集镇", modified=today),
             posting("苗木打包工", "胡集镇", modified=today, extra={"jobLocation": [
                 {"@type": "Place", "address": {"addressLocality": "沭阳县", "streetAddress": "胡集镇花木大道8号"}},
                 {"@type": "Place", "address": {"addressLocality": "沭阳县", "streetAddress": "颜集镇花木市场"}}]}),
             posting("育苗工", "新河镇", modified=today, pay=20)]  # 20 a day: refused (below the minimum wage)
    Site.pages["/jobs"] = (page(three), "text/html")  # no charset header
    source = make_source(kind="association", name="花木协会网站", pull_format="jsonld_pages", pull_url=f"{site}/jobs")
    first = pull_run(source=source)
    assert sorted(r.outcome for r in first["results"]) == ["blocked", "created", "created"]
    titles = set(Job.objects.filter(source_name="花木协会网站").values_list("title", flat=True))
    assert titles == {"花木采摘工", "苗木打包工"}  # Chinese decoded, two postings on one page kept apart
    packing = Job.objects.get(title="苗木打包工")
    assert packing.township_id == "321322102" and "其他工作地点：颜集镇" in packing.description
    assert packing.settlement == "daily" and "苗木修剪" in packing.requirements and packing.daily_hours == 9
    refused = pull_refused([source.pk])
    assert [r.payload["title"] for r in refused] == ["育苗工"]
    client.force_login(make_staff(role="admin", scope=None))
    page_html = client.get("/aggregation/sources/").content.decode()
    assert 'data-testid="pull-refused"' in page_html and "育苗工" in page_html and "最低工资" in page_html

    # same day: one posting changed without its date changing; the refused one fixed; a GBK page added
    three[0]["baseSalary"]["value"]["value"] = 200
    three[2]["baseSalary"]["value"]["value"] = 190
    Site.pages["/jobs"] = (page(three), "text/html")
    second = pull_run(source=source)
    got = {r.external_id: r.outcome for r in second["results"]}
    assert sorted(got.values()) == ["created", "unchanged", "updated"]
    assert str(Job.objects.get(title="花木采摘工").pay_min) == "200.00"
    assert Job.objects.filter(title="育苗工", source_name="花木协会网站").count() == 1
    assert pull_refused([source.pk]) == []
    # nothing duplicated: one link per posting, three jobs in all
    assert Job.objects.filter(source_name="花木协会网站").count() == 3
    assert RawRecord.objects.filter(source=source).values("external_id").distinct().count() == 3

    Site.pages["/gbk"] = (page([posting("花卉打包工", "颜集镇", modified="2026-03-02")], charset="gbk"), "text/html")
    Site.pages["/jobs"] = (page(three).replace(b"</head>", b'<link rel="next" href="/gbk"></head>'), "text/html")
    third = pull_run(source=source)
    assert sorted(r.outcome for r in third["results"]) == ["created", "unchanged", "unchanged", "unchanged"]
    assert Job.objects.filter(title="花卉打包工", township_id="321322116").exists()


@pytest.mark.django_db
def test_coordinates_only_postings_resolve_to_the_shipped_township_point(site: str, make_source: Any,
                                                                          make_employer: Any, settings: Any) -> None:
    """End to end with the shipped seat points (data/regions/suqian_township_points.csv, loaded like a deployment):
    a JobPosting whose only place is schema.org geo about 1 km from 耿车镇's point is filed under 耿车镇, with a review
    note for a person to confirm; one in 宿城区 farther than SZH_NEAREST_TOWNSHIP_MAX_KM from every loaded point is
    held at county level for review, never guessed."""
    from suzhaohuo.aggregation.models import RawRecord
    from suzhaohuo.aggregation.normalize import distance_km
    from suzhaohuo.aggregation.services import pull_run
    from suzhaohuo.jobs.models import Job

    make_employer(township="耿车镇", name="宿城区耿车果蔬合作社")

    def geo_only(title: str, lat: float, lng: float) -> dict:
        jp = posting(title, "", modified="2026-03-01", extra={
            "hiringOrganization": {"@type": "Organization", "name": "宿城区耿车果蔬合作社"},
            "description": f"{title}，包午饭，工资日结。",
            "jobLocation": {"@type": "Place", "geo": {"@type": "GeoCoordinates", "latitude": lat, "longitude": lng}}})
        return jp

    from suzhaohuo.aggregation.pipeline import build_lookups

    settings.SZH_NEAREST_TOWNSHIP_MAX_KM = 5
    points = build_lookups().regions.centroids
    assert 0.5 < distance_km(33.905, 118.18, *points["321302101"]) < 1.5  # 耿车镇's shipped point
    assert min(distance_km(33.74, 118.51, *p) for p in points.values()) > 5  # in 宿城区, far from every point
    Site.pages["/geo"] = (page([geo_only("大棚采摘工", 33.905, 118.18), geo_only("蔬菜分拣工", 33.74, 118.51)]), "text/html")
    source = make_source(kind="association", name="耿车合作社网站", pull_format="jsonld_pages", pull_url=f"{site}/geo")
    pull_run(source=source)
    near = Job.objects.get(title="大棚采摘工")
    assert near.township_id == "321302101" and (near.lat, near.lng) == (33.905, 118.18)
    far = Job.objects.get(title="蔬菜分拣工")
    assert far.township_id.startswith("321302") and far.township_id != "321302101"  # filed in 宿城区, provisional
    notes = {r.payload["title"]: [(i["severity"], i["message"]) for i in r.issues if i["field"] == "township"]
             for r in RawRecord.objects.filter(source=source)}
    assert notes["大棚采摘工"] == [("review", "只写了县区，按坐标推定为耿车镇，请核实。")]
    [(severity, message)] = notes["蔬菜分拣工"]
    assert severity == "review" and "待核实具体乡镇" in message and "按坐标推定" not in message
