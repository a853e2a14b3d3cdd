"""Pull adapters: schema.org JobPosting from JSON-LD in web pages and from JSON feeds, and 苏心聘.

All three share one mechanism (``FeedAdapter``): fetch a page, pull the items out, map each item to
the pipeline's canonical record, follow the next-page link, and skip items not modified since the
cursor (the source's last seen modification time). Only the item mapping differs; 苏心聘's field
mapping lives in ONE place, ``SUXINPIN_FIELDS``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
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
    content_type = resp.headers.get("Content-Type", "")
    return content_type, decode_body(content_type, resp.content)


# --- decoding: HTTP charset, then BOM, then <meta charset>, then detection ---------------------------------

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Labels pages use for encodings whose superset decodes more (a GB2312 page often holds GBK characters).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252",
              "us-ascii": "cp1252", "ascii": "cp1252"}


def _codec(label: str) -> str | None:
    import codecs

    label = label.strip().lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_body(content_type: str, raw: bytes) -> str:
    """Text of a fetched page, decoded the way browsers do: the HTTP header's charset, else a BOM, else the page's
    own <meta charset> (or http-equiv), else charset-normalizer's detection, else UTF-8 with replacement."""
    m = _HEADER_CHARSET.search(content_type or "")
    codec = _codec(m.group(1)) if m else None
    if codec is None:
        for bom, name in _BOMS:
            if raw.startswith(bom):
                codec = name
                break
    if codec is None:
        meta = _META_CHARSET.search(raw[:4096])
        codec = _codec(meta.group(1).decode("ascii", "ignore")) if meta else None
    if codec is None:
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:200000]).best()
        codec = _codec(best.encoding) if best is not None else None
    try:
        return raw.decode(codec or "utf-8", errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


# --- the cursor: an aware modification time (then external id), with an overlap window --------------------

OVERLAP = timedelta(hours=1)


def parse_modified(value: Any) -> datetime | None:
    """dateModified / updateTime as an aware datetime (naive times are the deployment's local time)."""
    from django.utils import timezone

    text = clean_text(value)
    if not text:
        return None
    text = text.replace("/", "-").replace("Z", "+00:00")
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        text += "T00:00:00"
    try:
        when = datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
    except ValueError:
        return None
    return when if timezone.is_aware(when) else timezone.make_aware(when)


def cursor_key(record: dict[str, Any]) -> tuple[datetime, str] | None:
    when = parse_modified(record.get("modified"))
    return (when, str(record.get("external_id") or "")) if when is not None else None


_CURSOR_PARAMS = ("modified_since", "updateTimeStart")


def _without_cursor(url: str) -> str:
    parts = urlparse(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in _CURSOR_PARAMS]
    return urlunparse(parts._replace(query=urlencode(query)))


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


def _flat(value: Any) -> str:
    """qualifications / skills / educationRequirements / experienceRequirements in string, object or list form."""
    if value in (None, ""):
        return ""
    if isinstance(value, list):
        return "；".join(t for t in (_flat(v) for v in value) if t)
    if isinstance(value, dict):
        parts = [clean_text(value.get(k)) for k in ("name", "description", "credentialCategory",
                                                      "educationalLevel", "competencyRequired", "value")
                 if isinstance(value.get(k), (str, int, float))]
        months = value.get("monthsOfExperience")
        if months not in (None, ""):
            parts.append(f"{months}个月以上工作经验")
        return "，".join(p for p in parts if p)
    return clean_text(value)


def _place(place: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    if not isinstance(place, dict):
        return ({"streetAddress": str(place)} if place else {}), {}
    address = place.get("address", {})
    if isinstance(address, list):
        address = _first(address) or {}
    if isinstance(address, str):
        address = {"streetAddress": address}
    geo = place.get("geo", {})
    return address if isinstance(address, dict) else {}, geo if isinstance(geo, dict) else {}


def _place_text(address: dict[str, Any]) -> str:
    return clean_text(" ".join(str(address.get(k) or "") for k in ("addressLocality", "streetAddress")))


_UNIT_TEXT = {"HOUR": "元/小时", "DAY": "元/天", "MONTH": "元/月", "WEEK": "WEEK", "YEAR": "YEAR"}
# schema.org employmentType → our settlement (only where the type says how pay is settled)
_EMPLOYMENT_SETTLEMENT = {"PER_DIEM": "日结"}


def fallback_id(record: dict[str, Any]) -> str:
    """A stable id for a posting that has neither identifier nor url: hiring organisation, title, location."""
    key = "|".join(str(record.get(k) or "") for k in ("employer_name", "title", "county", "address"))
    return "jp:" + hashlib.sha256(key.encode()).hexdigest()[:24]


def map_jobposting(jp: dict[str, Any], *, page_url: str = "") -> dict[str, Any]:
    """schema.org JobPosting → canonical record. Maps what is there; judging it is the pipeline's job.

    External id: ``identifier``, else ``url`` (when it is the posting's own, not the page's), else a hash of
    (hiring organisation, title, location). Every ``jobLocation`` is kept: the first is the place, the others
    are ``other_places``."""
    ident = _first(jp.get("identifier"))
    ident_value = ident.get("value") if isinstance(ident, dict) else ident
    org = _first(jp.get("hiringOrganization")) or {}
    org_name = org.get("name") if isinstance(org, dict) else str(org)
    places = jp.get("jobLocation")
    places = places if isinstance(places, list) else ([places] if places else [])
    address, geo = _place(places[0]) if places else ({}, {})
    others = [t for t in (_place_text(_place(p)[0]) for p in places[1:]) if t]
    employment = jp.get("employmentType")
    employment = [str(e).upper() for e in (employment if isinstance(employment, list) else [employment]) if e]
    own_url = clean_text(jp.get("url"))
    record: dict[str, Any] = {
        "title": clean_text(jp.get("title")) or clean_text(jp.get("name")),
        "description": clean_text(jp.get("description")),
        "employer_name": clean_text(org_name),
        "employer_uscc": clean_text(org.get("taxID")) if isinstance(org, dict) else "",
        "county": clean_text(address.get("addressLocality")),
        "township": "",
        "address": clean_text(" ".join(str(address.get(k) or "") for k in ("streetAddress",))),
        "region_text": clean_text(" ".join(str(address.get(k) or "") for k in ("addressRegion", "addressCountry"))),
        "start_date": clean_text(jp.get("jobStartDate")),
        "valid_until": clean_text(jp.get("validThrough")),
        "modified": clean_text(jp.get("dateModified") or jp.get("datePosted")),
        "requirements": "；".join(t for t in (_flat(jp.get(k)) for k in (
            "qualifications", "skills", "educationRequirements", "experienceRequirements")) if t),
        "benefits": clean_text(jp.get("jobBenefits")),
        "work_time": clean_text(jp.get("workHours")),
        "headcount": jp.get("totalJobOpenings"),
        "url": own_url or page_url,
        "original_source": "",
        "employment_type": ",".join(employment),
        "settlement": next((_EMPLOYMENT_SETTLEMENT[e] for e in employment if e in _EMPLOYMENT_SETTLEMENT), ""),
    }
    if others:
        record["other_places"] = others
    record["external_id"] = clean_text(ident_value) or (own_url if own_url and own_url != page_url else "") \
        or fallback_id(record)
    if geo.get("latitude") not in (None, ""):
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
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def _distinct_ids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Postings on one page that share an id (every posting's url is the page's): fall back to the content key."""
    seen: dict[str, int] = {}
    for r in records:
        seen[r["external_id"]] = seen.get(r["external_id"], 0) + 1
    for r in records:
        if seen[r["external_id"]] > 1 and not str(r["external_id"]).startswith("jp:"):
            r["external_id"] = fallback_id(r)
    return records


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

    def since_text(self, since: datetime) -> str:
        return since.isoformat()

    def parse(self, url: str, content_type: str, body: str) -> Page:
        raise NotImplementedError

    def pages(self, *, since: datetime | None = None) -> Iterator[Page]:
        """Every item the source returns from (cursor − overlap) on. Nothing is dropped by comparing dates here:
        an item seen before is recognised by its content hash (unchanged), a changed one is updated even when
        its date did not change, and items sharing the cursor's timestamp are never skipped."""
        url: str | None = self.first_url(self.since_text(since - OVERLAP) if since else "")
        seen: set[str] = set()
        for _n in range(MAX_PAGES):
            if not url or url in seen:
                return
            seen.add(url)
            content_type, body = self.fetch(url)
            page = self.parse(_without_cursor(url), content_type, body)  # the page's address, not this pull's
            yield page
            url = page.next_url


class JsonLdPagesAdapter(FeedAdapter):
    """HTML pages with JobPosting JSON-LD; pagination by <link rel="next"> or <a rel="next">."""

    def parse(self, url: str, content_type: str, body: str) -> Page:
        records = _distinct_ids([map_jobposting(jp, page_url=url) for jp in jsonld_jobpostings(body)])
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
        records = _distinct_ids([map_jobposting(jp, page_url=url) for jp in _walk_jobpostings(items)])
        return Page(records, urljoin(url, next_url) if next_url else None)


class SuXinPinAdapter(FeedAdapter):
    """苏心聘 job list: {"code": 0, "data": {"list": [...], "hasNext": bool, "pageNo": n}}."""

    def first_url(self, since: str) -> str:
        return with_params(self.url, updateTimeStart=since, pageNo="1", pageSize="100")

    def since_text(self, since: datetime) -> str:
        from django.utils import timezone

        return timezone.localtime(since).strftime("%Y-%m-%d %H:%M:%S")

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
