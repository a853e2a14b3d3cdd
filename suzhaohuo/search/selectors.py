"""Search and nearby reads (recommendations and worker matching live in ``suzhaohuo.matching``).

    SearchParams                                   parsed query parameters
    search_jobs(params, user=None) -> SearchPage   ranked results, each with distance or the reason for its place

All reads go through ``SearchDoc`` (one row per published posting, kept by services.job_index_refresh):
full-text via FTS5 / tsvector, nearby via indexed grid cells, administrative fallback via indexed region
codes. Ordering is computed the same way on SQLite and PostgreSQL, so both return identical pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import CombinedExpression, ExpressionWrapper, RawSQL
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from suzhaohuo.core.errors import AppError
from suzhaohuo.jobs.choices import Settlement
from suzhaohuo.jobs.models import Job, JobCategory
from suzhaohuo.jobs.selectors import live_q
from suzhaohuo.search import geo, text
from suzhaohuo.search.errors import SearchErrorCode
from suzhaohuo.search.models import HiddenEmployer, HiddenJob, SearchDoc
from suzhaohuo.search.params import SearchParams

MAX_QUERY_LEN = 50
MAX_RADIUS_KM = 50.0
DEFAULT_RADIUS_KM = 10.0
MAX_RESULTS = 1000  # counts are capped here: pages beyond it are refused ("1000+ results")
MAX_PAGE_SIZE = 50
FTS_DRIVE_MAX = 2000  # SQLite: up to this many keyword matches, the full-text index drives the query
KM_PER_DEG_LAT = 111.195


@dataclass
class JobHit:
    job: Job
    distance_km: float | None = None
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def reason_text(self) -> str:
        return " · ".join(self.reasons)


@dataclass
class SearchPage:
    hits: list[JobHit]
    total: int
    page: int
    pages: int
    total_capped: bool = False
    origin_label: str = ""  # e.g. 「胡集镇」 or 「你的位置」: what the list is sorted around


# --- parameters -----------------------------------------------------------------------------------

def _err(code: str, message: str, field_name: str) -> AppError:
    return AppError(code, message, field_name, status=400)


@dataclass
class _Resolved:
    groups: list[tuple[str, ...]]
    lat: float | None
    lng: float | None
    radius_km: float
    origin_township: str | None  # 9-digit township code the list is ranked around
    origin_county: str | None
    origin_label: str
    home: bool  # origin comes from the worker's profile
    category: JobCategory | None
    filter_region: Any


def check_point(lat: float | None, lng: float | None, coord: str) -> None:
    """Raise a field error for a half-given, out-of-range or unknown-system coordinate."""
    if coord not in ("wgs84", "gcj02"):
        raise _err(SearchErrorCode.BAD_COORD_SYSTEM, _("请选择坐标系 wgs84 或 gcj02。"), "coord")
    if (lat is None) != (lng is None):
        raise _err(SearchErrorCode.COORDINATE_MISSING, _("请同时提供纬度和经度。"),
                   "lng" if lng is None else "lat")
    if lat is not None and not (math.isfinite(lat) and -90 <= lat <= 90):
        raise _err(SearchErrorCode.BAD_COORDINATE, _("请输入-90到90之间的纬度。"), "lat")
    if lng is not None and not (math.isfinite(lng) and -180 <= lng <= 180):
        raise _err(SearchErrorCode.BAD_COORDINATE, _("请输入-180到180之间的经度。"), "lng")


def _validate(params: SearchParams, user: Any) -> _Resolved:
    from suzhaohuo.regions.models import Region

    q = (params.q or "").strip()
    if len(q) > MAX_QUERY_LEN:
        raise _err(SearchErrorCode.QUERY_TOO_LONG,
                   _("请把搜索词缩短到%(n)d个字以内。") % {"n": MAX_QUERY_LEN}, "q")
    check_point(params.lat, params.lng, params.coord)
    lat, lng = params.lat, params.lng
    if lat is not None and lng is not None:
        lat, lng = geo.to_wgs84(lat, lng, params.coord)
    radius = DEFAULT_RADIUS_KM if params.radius_km is None else float(params.radius_km)
    if not math.isfinite(radius) or radius <= 0:
        raise _err(SearchErrorCode.RADIUS_TOO_LARGE, _("请输入大于0的距离。"), "radius_km")
    if radius > MAX_RADIUS_KM:
        raise _err(SearchErrorCode.RADIUS_TOO_LARGE,
                   _("请把距离设在%(n)d公里以内。") % {"n": int(MAX_RADIUS_KM)}, "radius_km")
    if params.page_size < 1 or params.page_size > MAX_PAGE_SIZE:
        raise _err(SearchErrorCode.BAD_PAGE, _("每页条数请设在1到%(n)d之间。") % {"n": MAX_PAGE_SIZE}, "page_size")
    if params.page < 1 or (params.page - 1) * params.page_size >= MAX_RESULTS:
        raise _err(SearchErrorCode.BAD_PAGE, _("请输入1到%(n)d之间的页码。") % {
            "n": -(-MAX_RESULTS // params.page_size)}, "page")
    if params.settlement and params.settlement not in Settlement.values:
        raise _err(SearchErrorCode.UNKNOWN_SETTLEMENT, _("请从列表中选择结算方式。"), "settlement")
    if params.pay_min is not None and params.pay_min < 0:
        raise _err(SearchErrorCode.BAD_PAY, _("请输入0或以上的金额。"), "pay_min")
    category = None
    if params.category:
        category = JobCategory.objects.filter(code=params.category).first()
        if category is None:
            raise _err(SearchErrorCode.UNKNOWN_CATEGORY, _("请从列表中选择工种类别。"), "category")
    filter_region = None
    if params.township:
        filter_region = Region.objects.filter(code=params.township, level__in=("township", "county")).first()
        if filter_region is None:
            raise _err(SearchErrorCode.UNKNOWN_TOWNSHIP, _("请从列表中选择乡镇（街道）。"), "township")

    origin_township = origin_county = None
    origin_label = ""
    home = False
    home_code, home_name = _home_of(user)
    if home_code:
        origin_township, origin_county, origin_label, home = home_code, home_code[:6], home_name, True
    if lat is not None and lng is not None:
        county = geo.county_of_point(lat, lng)
        if county and county != origin_county:  # a shared location elsewhere overrides home
            origin_township, origin_county, home = None, county, False
        origin_label = _("你的位置")
    return _Resolved(groups=text.query_groups(q), lat=lat, lng=lng, radius_km=radius,
                     origin_township=origin_township, origin_county=origin_county, origin_label=origin_label,
                     home=home, category=category, filter_region=filter_region)


def _home_of(user: Any) -> tuple[str | None, str]:
    """(home township code, its name) from the worker's profile: the profile already loaded in this request
    (the home feed's), else one narrow query for just these two columns."""
    if not getattr(user, "is_authenticated", False):
        return None, ""
    profile: Any = getattr(user, "_search_profile", False)
    if profile is not False:
        if profile is None or not profile.home_township_id:
            return None, ""
        return profile.home_township_id, profile.home_township.name
    from suzhaohuo.workers.models import WorkerProfile

    row = WorkerProfile.objects.filter(user=user).values_list("home_township_id", "home_township__name").first()
    return (row[0], row[1] or "") if row and row[0] else (None, "")


def cached_profile(user: Any) -> Any:
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_search_profile", False)  # one lookup per request, not one per feed section
    if cached is not False:
        return cached
    from suzhaohuo.workers.selectors import worker_profile_of

    profile = worker_profile_of(user)
    with contextlib.suppress(AttributeError):
        user._search_profile = profile
    return profile


# --- query building -------------------------------------------------------------------------------

def fulltext_filter(qs: QuerySet[SearchDoc], groups: list[tuple[str, ...]]) -> QuerySet[SearchDoc]:
    """Restrict to documents containing every group (any word of each group). Vendor-specific SQL."""
    if not groups:
        return qs
    if connection.vendor == "postgresql":
        return qs.alias(_fts=RawSQL("search_searchdoc.tsv @@ %s::tsquery", [text.pg_tsquery(groups)],
                                    output_field=BooleanField())).filter(_fts=True)
    if connection.vendor == "sqlite":
        match = text.fts5_match(groups)
        with connection.cursor() as cur:  # how many documents match: decides which side drives the query
            cur.execute("SELECT COUNT(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
                        [match, FTS_DRIVE_MAX + 1])
            n = cur.fetchone()[0]
        if n == 0:
            return qs.none()
        if n <= FTS_DRIVE_MAX:  # few matches: read them from FTS5, then look each row up by recency
            return qs.filter(recency__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [match]))
        # many matches: let the other indexes (recency order, cell, region) drive and probe the match set;
        # "+ 0" keeps SQLite from using the recency index for the IN (it would look up every match)
        return qs.alias(_fts=RawSQL("search_searchdoc.recency + 0 IN (SELECT rowid FROM search_fts WHERE "
                                    "search_fts MATCH %s)", [match], output_field=BooleanField())).filter(_fts=True)
    # other databases: a portable (slow) fallback on the same tokens
    cond = Q()
    for group in groups:
        g = Q()
        for w in group:
            g |= Q(tokens__regex=rf"(^| ){w}( |$)")
        cond &= g
    return qs.filter(cond)


def _base(r: _Resolved, params: SearchParams, user: Any) -> QuerySet[SearchDoc]:
    qs = SearchDoc.objects.defer("tokens").filter(live_q())
    if params.settlement:
        qs = qs.filter(settlement=params.settlement)
    if r.category is not None:
        code = r.category.code
        qs = qs.filter(Q(category_code=code) | Q(category_code__startswith=code + "."))
    if r.filter_region is not None:
        field_name = "township_code" if r.filter_region.level == "township" else "county_code"
        qs = qs.filter(**{field_name: r.filter_region.code})
    if params.pay_min is not None:
        qs = qs.filter(pay_daily__gte=params.pay_min)
    if params.date is not None:
        qs = qs.filter(Q(start_date__isnull=True) | Q(start_date__lte=params.date)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=params.date))
    qs = exclude_hidden(qs, user)
    return fulltext_filter(qs, r.groups)


def exclude_hidden(qs: QuerySet[SearchDoc], user: Any) -> QuerySet[SearchDoc]:
    if not getattr(user, "is_authenticated", False):
        return qs
    return qs.exclude(job_id__in=HiddenJob.objects.filter(user=user).values("job_id")).exclude(
        employer_id__in=HiddenEmployer.objects.filter(user=user).values("employer_id"))


def _d2(lat: float, lng: float) -> ExpressionWrapper[CombinedExpression]:
    """Squared equirectangular distance in km² — plain arithmetic, identical on every database."""
    kx = geo.km_per_deg_lng(lat)
    dy = (F("lat") - Value(lat)) * Value(KM_PER_DEG_LAT)
    dx = (F("lng") - Value(lng)) * Value(kx)
    return ExpressionWrapper(dy * dy + dx * dx, output_field=FloatField())


def within(qs: QuerySet[SearchDoc], lat: float, lng: float, radius_km: float, *,
           groups: list[tuple[str, ...]] | None = None, settlement: str = "") -> QuerySet[SearchDoc]:
    """Postings with coordinates inside the circle, using the grid-cell index (or lat/lng range when huge).

    On PostgreSQL, when the search has words, the circle's coarse areas, the word ``groups`` and
    ``settlement`` (when the caller filters by them: they only narrow, never widen) also become one tsquery
    over the (words, area, settlement) GIN index (geo.geo_tsv_sql), which then drives the query. Without
    words the grid-cell index is narrower (an area-only scan would read every row of the box's areas)."""
    lat0, lat1, lng0, lng1 = geo.bbox(lat, lng, radius_km)
    cells = geo.cells_covering(lat, lng, radius_km)
    qs = qs.filter(lat__gte=lat0, lat__lte=lat1, lng__gte=lng0, lng__lte=lng1)
    if cells is not None:
        qs = qs.filter(cell__in=cells)
    if groups and connection.vendor == "postgresql":  # without words the cell index is the narrower one
        query = text.pg_tsquery([*groups, *geo.geo_groups(lat, lng, radius_km, settlement)])
        qs = qs.alias(_geo=RawSQL(geo.geo_tsv_sql("search_searchdoc.") + " @@ %s::tsquery", [query],
                                  output_field=BooleanField())).filter(_geo=True)
    return qs.annotate(d2=_d2(lat, lng)).filter(d2__lte=radius_km * radius_km)


PAGE_FIELDS = ("job_id", "lat", "lng")  # what a result page needs from the index (the card comes from jobs_job)


def nearest(qs: QuerySet[SearchDoc], lat: float, lng: float, radius_km: float, offset: int,
            limit: int, in_radius: int | None = None, fields: tuple[str, ...] = PAGE_FIELDS,
            **within_kw: Any) -> list[Any]:
    """``fields`` (default (job_id, lat, lng)) of the nearest rows [offset, offset+limit) within radius_km, by
    growing circles.

    ``in_radius`` (rows in the whole circle, when known) sizes the first circle for uniform density,
    so one query usually suffices; a too-small circle is widened until it holds enough rows.
    """
    need = offset + limit
    if in_radius is not None and in_radius <= max(need * 2, 200):
        r = radius_km
    elif in_radius:
        r = min(radius_km, radius_km * math.sqrt(need / in_radius) * 1.5)
    else:
        r = min(radius_km, 1.5)
    while True:
        rows = list(within(qs, lat, lng, r, **within_kw).order_by("d2", "-recency")  # type: ignore[misc]
                    .values_list(*fields)[:need])
        if len(rows) >= need or r >= radius_km:
            return rows[offset:need]
        r = min(radius_km, r * 2.5)


def _capped_count(qs: QuerySet[Any], cap: int) -> int:
    if cap <= 0:
        return 0
    return qs.values("job_id")[:cap].count()


@dataclass
class _Segment:
    qs: QuerySet[SearchDoc]
    reason: str
    by_distance: bool = False
    base: QuerySet[SearchDoc] | None = None  # circle segments: the rows before the circle (nearest() grows circles)
    within_kw: dict[str, Any] = field(default_factory=dict)


_REGION_NAMES: dict[str, str] = {}


def _region_names() -> dict[str, str]:
    """Names of the city, counties and townships, loaded once per process (the tree changes rarely)."""
    if not _REGION_NAMES:
        from suzhaohuo.regions.models import Region

        _REGION_NAMES.update(Region.objects.filter(level__in=("city", "county", "township"))
                             .values_list("code", "name"))
    return _REGION_NAMES


def _segment_plan(r: _Resolved) -> list[tuple[str, str]]:
    """The ranked segments of a search as (kind, reason): the circle by distance, then postings without
    coordinates by administrative proximity (origin township, rest of its county, rest of the city)."""
    names = _region_names()
    city_reason = _("%(city)s范围内") % {"city": names.get(settings.SZH_CITY_CODE, _("本市"))}
    plan: list[tuple[str, str]] = []
    if r.lat is not None and r.lng is not None:
        plan.append(("circle", ""))
    elif not r.origin_county:
        return [("all", "")]
    if r.origin_township:
        label = (_("在你的常住地%(name)s") if r.home else _("在%(name)s")) % {"name": names.get(r.origin_township, "")}
        plan.append(("township", label))
    if r.origin_county:
        plan.append(("county", _("在%(name)s") % {"name": names.get(r.origin_county, "")}))
        plan.append(("other_counties", city_reason))
    else:
        plan.append(("city", city_reason))
    return plan


def _segments(base: QuerySet[SearchDoc], r: _Resolved, settlement: str = "") -> list[_Segment]:
    segs: list[_Segment] = []
    within_kw: dict[str, Any] = {"groups": r.groups, "settlement": settlement}
    rest = base if r.lat is None or r.lng is None else base.filter(lat__isnull=True)  # no coordinates
    for kind, reason in _segment_plan(r):
        if kind == "all":
            qs = base
        elif kind == "circle":
            assert r.lat is not None and r.lng is not None
            qs = within(base, r.lat, r.lng, r.radius_km, **within_kw)
        elif kind == "township":
            qs = rest.filter(township_code=r.origin_township)
        elif kind == "county":
            qs = rest.filter(county_code=r.origin_county)
            if r.origin_township:
                qs = qs.exclude(township_code=r.origin_township)
        elif kind == "other_counties":
            qs = rest.exclude(county_code=r.origin_county)
        else:
            qs = rest
        circle = kind == "circle"
        segs.append(_Segment(qs, reason, by_distance=circle, base=base if circle else None,
                             within_kw=within_kw if circle else {}))
    return segs


JOB_CARD_FIELDS = ("id", "title", "pay_min", "pay_max", "pay_unit", "pay_negotiable", "settlement", "published_at",
                   "valid_until", "status", "employer_id", "category_id", "township_id", "lat", "lng",
                   "employer__id", "employer__name", "employer__verification_status",
                   "employer__verification_expires_at", "category__id", "category__code", "category__name",
                   "township__code", "township__name", "township__parent_id")


def load_jobs(ids: list[int]) -> dict[int, Job]:
    """The postings of one result page, with just what a result card and the API show."""
    return Job.objects.select_related("employer", "category", "township").only(*JOB_CARD_FIELDS).in_bulk(ids)


@dataclass
class SearchPlan:
    """A result page before its cards are loaded: the total and the picked (job_id, lat, lng) rows with their
    segment's reason. ``body_key`` is set when the page came unchanged from a shared entry (nobody's hidden
    rows removed): everyone with that entry sees the same page, so its rendering (the API's JSON) is shared
    under that key, and ``shared_body`` holds it when it was already cached (fetched with the entry)."""

    r: _Resolved
    params: SearchParams
    total: int
    picked: list[tuple[tuple[int, float | None, float | None], str]]
    body_key: str = ""
    shared_body: str | None = None

    def load(self) -> SearchPage:
        return _page(self.r, self.params, self.total, self.picked)


def search_jobs(params: SearchParams, user: Any = None) -> SearchPage:
    """Ranked, paginated search. Raises AppError (400) on bad input; never errors on an empty query.

    With ``SEARCH_CANDIDATE_CACHE_SECONDS`` > 0 the ranked candidates (not personal) come from the shared
    cache when they can (see search_plan); the result is the same page either way.
    """
    return search_plan(params, user).load()


def search_plan(params: SearchParams, user: Any = None) -> SearchPlan:
    """The page of ``search_jobs`` without its cards. With the candidate cache on:

    * a user without hidden postings or employers (every anonymous user, most workers) gets the page from the
      shared **head** entry of the query and region (_from_head: capped counts + the first HEAD_ROWS rows);
    * a user with hidden rows gets it from the shared ranked candidate list, hidden rows removed after
      (_from_candidates) — not for a bare point, whose list would be the whole circle;
    * otherwise, and for pages beyond what an entry holds, the engine answers.
    """
    r = _validate(params, user)
    ttl = int(getattr(settings, "SEARCH_CANDIDATE_CACHE_SECONDS", 0))
    if ttl > 0:
        version, hidden = _version_and_hidden(user)
        plan = None
        if not hidden[0] and not hidden[1]:
            plan = _from_head(r, params, ttl, version)
        elif r.lat is None or r.groups:
            plan = _from_candidates(r, params, hidden, ttl, version)
        if plan is not None:
            return plan
    segs = _segments(_base(r, params, user), r, params.settlement)
    counts = _counts(segs)
    total = sum(counts)
    _check_page(params, total)
    offset = (params.page - 1) * params.page_size
    picked = [(row, segs[i].reason) for row, i in _pick(r, segs, counts, offset, params.page_size, PAGE_FIELDS)]
    return SearchPlan(r, params, total, picked)


def _counts(segs: list[_Segment]) -> list[int]:
    """Each segment's capped count; together at most MAX_RESULTS."""
    counts: list[int] = []
    left = MAX_RESULTS
    for seg in segs:
        n = _capped_count(seg.qs, left)
        counts.append(n)
        left -= n
    return counts


def _pick(r: _Resolved, segs: list[_Segment], counts: list[int], offset: int, need: int,
          fields: tuple[str, ...]) -> list[tuple[Any, int]]:
    """The ranked rows [offset, offset + need) across the segments, as (``fields`` tuple, segment index)."""
    picked: list[tuple[Any, int]] = []
    for i, (seg, n) in enumerate(zip(segs, counts, strict=True)):
        if need <= 0:
            break
        if offset >= n:
            offset -= n
            continue
        take = min(need, n - offset)
        if seg.by_distance:
            assert r.lat is not None and r.lng is not None
            assert seg.base is not None
            rows = nearest(seg.base, r.lat, r.lng, r.radius_km, offset, take,
                           in_radius=None if n >= MAX_RESULTS else n, fields=fields, **seg.within_kw)
        else:
            rows = list(seg.qs.order_by("-recency").values_list(*fields)[offset:offset + take])
        picked.extend((row, i) for row in rows)
        need -= len(rows)
        offset = 0
    return picked


def _check_page(params: SearchParams, total: int) -> int:
    pages = max(1, -(-total // params.page_size))
    if params.page > pages:
        raise _err(SearchErrorCode.BAD_PAGE, _("请输入1到%(n)d之间的页码（共%(n)d页）。") % {"n": pages}, "page")
    return pages


def _page(r: _Resolved, params: SearchParams, total: int,
          picked: list[tuple[tuple[int, float | None, float | None], str]]) -> SearchPage:
    """The result page: the picked (job_id, lat, lng) rows with their segment's reason, as cards."""
    jobs = load_jobs([row[0] for row, _reason in picked])
    hits: list[JobHit] = []
    for (job_id, doc_lat, doc_lng), reason in picked:
        job = jobs.get(job_id)
        if job is None:
            continue
        dist = None
        if doc_lat is not None and r.lat is not None and r.lng is not None:
            dist = round(geo.haversine_km(r.lat, r.lng, doc_lat, doc_lng or 0.0), 1)
        reasons = [_("离你%(d)s公里") % {"d": dist}] if dist is not None else ([reason] if reason else [])
        hits.append(JobHit(job=job, distance_km=dist, reasons=reasons))
    return SearchPage(hits=hits, total=total, page=params.page, pages=_check_page(params, total),
                      total_capped=total >= MAX_RESULTS, origin_label=r.origin_label)


# --- candidate cache: the ranked candidates are shared, the personal part is applied after ---------------

CANDIDATE_MARGIN = 200  # rows cached beyond MAX_RESULTS, so a few hidden or expired postings still leave 1000
Candidate = tuple[int, int, float | None, float | None, float, int]  # job, employer, lat, lng, valid_until, segment


def _candidate_key(r: _Resolved, params: SearchParams, version: Any, kind: str = "cand") -> str:
    """The shared key: the normalised query (word groups after segmentation and synonyms, filters) and the
    region it is ranked around (point and radius, origin township and county). Nothing about the user:
    two workers with the same home township and query share the entry; hidden postings are removed after."""
    point = (r.lat, r.lng, r.radius_km) if r.lat is not None else None
    parts = (r.groups, point, r.origin_township, r.origin_county, r.category.code if r.category else "",
             r.filter_region.code if r.filter_region is not None else "", params.settlement,
             str(params.pay_min) if params.pay_min is not None else "",
             params.date.isoformat() if params.date else "",
             # the day: candidates are chosen by live_q (work period not over), so an entry never outlives it
             timezone.localdate().isoformat())
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"search:{kind}:{version}:{digest}"


def _candidates(r: _Resolved, params: SearchParams) -> tuple[bool, list[Candidate]]:
    """(complete, rows): every segment's matches in rank order, at most MAX_RESULTS + CANDIDATE_MARGIN rows,
    not personalised (no hidden postings removed). ``complete`` is False when the list was cut short."""
    want = MAX_RESULTS + CANDIDATE_MARGIN
    rows: list[Candidate] = []
    for i, seg in enumerate(_segments(_base(r, params, None), r, params.settlement)):
        left = want - len(rows)
        order = ("d2", "-recency") if seg.by_distance else ("-recency",)
        got = list(seg.qs.order_by(*order).values_list(
            "job_id", "employer_id", "lat", "lng", "valid_until")[:left])
        rows.extend((job_id, emp, lat, lng, until.timestamp(), i) for job_id, emp, lat, lng, until in got)
        if len(got) == left:
            return False, rows
    return True, rows


def _from_candidates(r: _Resolved, params: SearchParams, hidden: tuple[frozenset[int], frozenset[int]],
                     ttl: int, version: Any) -> SearchPlan | None:
    """The page built from the cached candidates, personalised (hidden postings and employers removed,
    expired postings dropped), or None when the cut-short list no longer holds enough rows (the engine
    then answers). Same total, order and page as the engine: removing rows keeps the order."""
    key = _candidate_key(r, params, version)
    entry = cache.get(key)
    if entry is None:
        entry = _candidates(r, params)
        cache.set(key, entry, ttl)
    complete, rows = entry
    hidden_jobs, hidden_employers = hidden
    now = timezone.now().timestamp()
    keep = [row for row in rows
            if row[4] > now and row[0] not in hidden_jobs and row[1] not in hidden_employers]
    if not complete and len(keep) < MAX_RESULTS:
        return None
    total = min(len(keep), MAX_RESULTS)
    _check_page(params, total)
    reasons = [reason for _kind, reason in _segment_plan(r)]
    offset = (params.page - 1) * params.page_size
    picked = [((row[0], row[2], row[3]), reasons[row[5]]) for row in keep[offset:min(total, offset + params.page_size)]]
    return SearchPlan(r, params, total, picked)


HEAD_ROWS = 100  # rows per shared head entry: five pages of 20 (elder mode: twenty of 5)
HEAD_FIELDS = ("job_id", "lat", "lng", "valid_until")


def _from_head(r: _Resolved, params: SearchParams, ttl: int, version: Any) -> SearchPlan | None:
    """The page from the shared head entry of the query and region, for a user without hidden rows.

    The entry is what the engine computes for everyone (no user in the key or the query): each segment's
    capped count and the first HEAD_ROWS ranked rows with their expiry. It is cheap to fill (the engine's
    counts plus one page of 100), so every kind of search uses it, a bare point too. A row that expired since
    is never shown: the entry is refilled. The total can lag by a posting that expired beyond the head, for at
    most ``ttl``; publishing, editing and closing change the index version and so the key. None (the engine
    answers) for a page beyond the head."""
    key = _candidate_key(r, params, version, "head")
    body_key = f"search:body:{get_language()}:{key}:{params.page}:{params.page_size}"
    got = cache.get_many([key, body_key])  # one round trip: the entry and the page's shared rendering
    entry, body = got.get(key), got.get(body_key)
    now = timezone.now().timestamp()
    if entry is not None and any(row[3] <= now for row in entry[1]):
        entry = None
    if entry is None:
        body = None
        segs = _segments(_base(r, params, None), r, params.settlement)
        counts = _counts(segs)
        rows = _pick(r, segs, counts, 0, HEAD_ROWS, HEAD_FIELDS)
        entry = (counts, [(job_id, lat, lng, until.timestamp(), i) for (job_id, lat, lng, until), i in rows])
        cache.set(key, entry, ttl)
    counts, head = entry
    total = sum(counts)
    _check_page(params, total)
    offset = (params.page - 1) * params.page_size
    end = min(total, offset + params.page_size)
    if end > len(head):
        return None
    reasons = [reason for _kind, reason in _segment_plan(r)]
    picked = [((job_id, lat, lng), reasons[i]) for job_id, lat, lng, _until, i in head[offset:end]]
    return SearchPlan(r, params, total, picked, body_key=body_key, shared_body=body)


def hidden_for(user: Any) -> tuple[frozenset[int], frozenset[int]]:
    """(hidden job ids, hidden employer ids) of a signed-in user: one query, kept in the cache under the
    user's own key until the user hides or unhides something (search.services drop it)."""
    return _version_and_hidden(user)[1]


def _version_and_hidden(user: Any) -> tuple[Any, tuple[frozenset[int], frozenset[int]]]:
    """(index version, the user's hidden sets) in one cache round trip."""
    from suzhaohuo.search.services import HIDDEN_CACHE_SECONDS, INDEX_VERSION_KEY, hidden_key

    signed_in = getattr(user, "is_authenticated", False)
    keys = [INDEX_VERSION_KEY, hidden_key(user.pk)] if signed_in else [INDEX_VERSION_KEY]
    got = cache.get_many(keys)
    if not signed_in:
        return got.get(INDEX_VERSION_KEY, 0), (frozenset(), frozenset())
    hidden = got.get(keys[1])
    if hidden is None:
        rows = (HiddenJob.objects.filter(user=user).annotate(k=Value(0)).values_list("k", "job_id")
                .union(HiddenEmployer.objects.filter(user=user).annotate(k=Value(1))
                       .values_list("k", "employer_id"), all=True))
        pairs = list(rows)
        hidden = (frozenset(i for k, i in pairs if k == 0), frozenset(i for k, i in pairs if k == 1))
        cache.set(keys[1], hidden, HIDDEN_CACHE_SECONDS)
    return got.get(INDEX_VERSION_KEY, 0), hidden


def top_categories() -> QuerySet[JobCategory]:
    return JobCategory.objects.filter(parent__isnull=True).order_by("sort_order", "code")
