"""Pull adapters: schema.org JobPosting from JSON-LD in web pages and from JSON feeds, and 苏心聘.

All three share one mechanism (``FeedAdapter``): fetch a page, pull the items out, map each item to
the pipeline's canonical record, follow the next-page link, and skip items not modified since the
cursor (the source's last seen modification time). Only the item mapping differs; 苏心聘's field
mapping lives in ONE place, ``SUXINPIN_FIELDS``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlparse, urlunparse

from suzhaohuo.aggregation.choices import PullFormat
from suzhaohuo.aggregation.normalize import clean_text

MAX_PAGES = 200
TIMEOUT_SECONDS = 15


class PullError(Exception):
    pass


@dataclass
class Page:
    records: list[dict[str, Any]]
    next_url: str | None


Fetch = Callable[[str], tuple[str, str]]  # url → (content type, body text)


def http_fetch(url: str) -> tuple[str, str]:
    import requests

    try:
        resp = requests.get(url, timeout=TIMEOUT_SECONDS, headers={"User-Agent": "SuZhaoHuo-aggregator/1"})
    except requests.RequestException as exc:
        raise PullError(f"{type(exc).__name__}") from exc
    if resp.status_code != 200:
        raise PullError(f"HTTP {resp.status_code}")
    resp.encoding = resp.encoding or "utf-8"
    return resp.headers.get("Content-Type", ""), resp.text


def with_params(url: str, **params: str) -> str:
    parts = urlparse(url)
    query = dict(parse_qsl(parts.query))
    query.update({k: v for k, v in params.items() if v})
    return urlunparse(parts._replace(query=urlencode(query)))


# --- JSON-LD ---------------------------------------------------------------------------------------

_LD_SCRIPT = re.compile(r'<script[^>]+type=["\']application/ld\+json["\'][^>]*>(.*?)</script>', re.S | re.I)
_NEXT_LINK = re.compile(r'<(?:link|a)\b[^>]*\brel=["\']next["\'][^>]*>', re.I)
_HREF = re.compile(r'href=["\']([^"\']+)["\']', re.I)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _loads_lenient(text: str) -> Any:
    """JSON as published: tolerate raw newlines inside strings and trailing commas (both common in pages)."""
    text = text.strip()
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)


def _walk_jobpostings(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for n in node:
            yield from _walk_jobpostings(n)
    elif isinstance(node, dict):
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if "JobPosting" in types:
            yield node
        for key in ("@graph", "itemListElement", "item", "mainEntity"):
            if key in node:
                yield from _walk_jobpostings(node[key])


def jsonld_jobpostings(html_text: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in _LD_SCRIPT.findall(html_text):
        try:
            data = _loads_lenient(block)
        except json.JSONDecodeError:
            continue
        found.extend(_walk_jobpostings(data))
    return found


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _text(value: Any) -> str:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or ""
    return clean_text(value)


_UNIT_TEXT = {"HOUR": "元/小时", "DAY": "元/天", "MONTH": "元/月", "WEEK": "WEEK", "YEAR": "YEAR"}


def map_jobposting(jp: dict[str, Any], *, page_url: str = "") -> dict[str, Any]:
    """schema.org JobPosting → canonical record. Maps what is there; judging it is the pipeline's job."""
    ident = _first(jp.get("identifier"))
    ident_value = ident.get("value") if isinstance(ident, dict) else ident
    org = _first(jp.get("hiringOrganization")) or {}
    org_name = org.get("name") if isinstance(org, dict) else str(org)
    place = _first(jp.get("jobLocation")) or {}
    address = place.get("address", {}) if isinstance(place, dict) else {}
    if isinstance(address, str):
        address = {"streetAddress": address}
    geo = place.get("geo", {}) if isinstance(place, dict) else {}
    record: dict[str, Any] = {
        "external_id": clean_text(ident_value) or clean_text(jp.get("url")) or page_url,
        "title": clean_text(jp.get("title")),
        "description": clean_text(jp.get("description")),
        "employer_name": clean_text(org_name),
        "county": clean_text(address.get("addressLocality")),
        "township": "",
        "address": clean_text(" ".join(str(address.get(k) or "") for k in ("streetAddress",))),
        "region_text": clean_text(" ".join(str(address.get(k) or "") for k in ("addressRegion", "addressCountry"))),
        "start_date": clean_text(jp.get("jobStartDate")),
        "valid_until": clean_text(jp.get("validThrough")),
        "modified": clean_text(jp.get("dateModified") or jp.get("datePosted")),
        "requirements": clean_text(" ".join(str(jp.get(k) or "") for k in (
            "qualifications", "experienceRequirements", "educationRequirements", "skills") if jp.get(k)
            and isinstance(jp.get(k), str))),
        "benefits": clean_text(jp.get("jobBenefits")),
        "work_time": clean_text(jp.get("workHours")),
        "headcount": jp.get("totalJobOpenings"),
        "url": clean_text(jp.get("url")) or page_url,
        "original_source": "",
    }
    if isinstance(geo, dict) and geo.get("latitude") not in (None, ""):
        record["lat"], record["lng"] = geo.get("latitude"), geo.get("longitude")
    salary = jp.get("baseSalary")
    if isinstance(salary, dict):
        value = salary.get("value")
        record["currency"] = clean_text(salary.get("currency"))
        if isinstance(value, dict):
            low = value.get("minValue", value.get("value"))
            high = value.get("maxValue", value.get("value"))
            record["pay"] = f"{low}-{high}" if low != high and high not in (None, "") else f"{low}"
            record["pay_unit"] = _UNIT_TEXT.get(str(value.get("unitText", "")).upper(), "")
        elif value not in (None, ""):
            record["pay"] = str(value)
    elif salary not in (None, ""):
        record["pay"] = str(salary)
        record["currency"] = clean_text(jp.get("salaryCurrency"))
    return {k: v for k, v in record.items() if v not in (None, "")}


# --- 苏心聘: the one place its fields are named ---------------------------------------------------------

SUXINPIN_FIELDS: dict[str, str] = {
    # canonical key  : 苏心聘 field
    "external_id": "jobId",
    "title": "jobName",
    "description": "jobDesc",
    "employer_name": "corpName",
    "employer_uscc": "creditCode",
    "category": "jobTypeName",
    "pay": "salaryDesc",
    "pay_unit": "salaryUnitName",
    "settlement": "settleTypeName",
    "headcount": "recruitNum",
    "county": "countyName",
    "township": "townName",
    "address": "workAddress",
    "lat": "latitude",
    "lng": "longitude",
    "start_date": "startDate",
    "end_date": "endDate",
    "work_time": "workTime",
    "valid_until": "validDate",
    "requirements": "jobRequire",
    "benefits": "welfare",
    "url": "detailUrl",
    "modified": "updateTime",
}
SUXINPIN_ORIGINAL = "苏心聘-宿迁专区"


def map_suxinpin(item: dict[str, Any]) -> dict[str, Any]:
    record = {key: item.get(field) for key, field in SUXINPIN_FIELDS.items() if item.get(field) not in (None, "")}
    record["original_source"] = SUXINPIN_ORIGINAL + (f"（{record['url']}）" if record.get("url") else "")
    return record


# --- the shared mechanism ------------------------------------------------------------------------------

class FeedAdapter:
    """Fetch pages, map items, follow pagination, and keep only items modified after the cursor."""

    def __init__(self, url: str, fetch: Fetch | None = None) -> None:
        self.url = url
        self.fetch = fetch or http_fetch

    def first_url(self, since: str) -> str:
        return with_params(self.url, modified_since=since)

    def parse(self, url: str, content_type: str, body: str) -> Page:
        raise NotImplementedError

    def pages(self, *, since: str = "") -> Iterator[Page]:
        url: str | None = self.first_url(since)
        seen: set[str] = set()
        for _n in range(MAX_PAGES):
            if not url or url in seen:
                return
            seen.add(url)
            content_type, body = self.fetch(url)
            page = self.parse(url, content_type, body)
            page.records = [r for r in page.records if not since or (r.get("modified") or "") > since]
            yield page
            url = page.next_url


class JsonLdPagesAdapter(FeedAdapter):
    """HTML pages with JobPosting JSON-LD; pagination by <link rel="next"> or <a rel="next">."""

    def parse(self, url: str, content_type: str, body: str) -> Page:
        records = [map_jobposting(jp, page_url=url) for jp in jsonld_jobpostings(body)]
        next_url = None
        tag = _NEXT_LINK.search(body)
        if tag:
            href = _HREF.search(tag.group(0))
            next_url = urljoin(url, href.group(1)) if href else None
        return Page(records, next_url)


class JsonFeedAdapter(FeedAdapter):
    """{"items": [JobPosting, ...], "next": url|null} (or a bare list)."""

    def parse(self, url: str, content_type: str, body: str) -> Page:
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            raise PullError("not JSON") from exc
        items = data if isinstance(data, list) else data.get("items", [])
        next_url = data.get("next") if isinstance(data, dict) else None
        records = [map_jobposting(jp, page_url=url) for jp in _walk_jobpostings(items)]
        return Page(records, urljoin(url, next_url) if next_url else None)


class SuXinPinAdapter(FeedAdapter):
    """苏心聘 job list: {"code": 0, "data": {"list": [...], "hasNext": bool, "pageNo": n}}."""

    def first_url(self, since: str) -> str:
        return with_params(self.url, updateTimeStart=since, pageNo="1", pageSize="100")

    def parse(self, url: str, content_type: str, body: str) -> Page:
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            raise PullError("not JSON") from exc
        if data.get("code") not in (0, "0", 200, "200"):
            raise PullError(f"苏心聘返回错误：{data.get('msg') or data.get('code')}")
        body_data = data.get("data") or {}
        records = [map_suxinpin(item) for item in body_data.get("list", [])]
        next_url = None
        if body_data.get("hasNext"):
            next_url = with_params(url, pageNo=str(int(body_data.get("pageNo", 1)) + 1))
        return Page(records, next_url)


def adapter_for(source: Any, fetch: Fetch | None = None) -> FeedAdapter:
    cls = {PullFormat.JSONLD_PAGES: JsonLdPagesAdapter, PullFormat.JSON_FEED: JsonFeedAdapter,
           PullFormat.SUXINPIN: SuXinPinAdapter}.get(source.pull_format)
    if cls is None or not source.pull_url:
        raise PullError("no pull address configured")
    return cls(source.pull_url, fetch=fetch)
