"""KPI dashboard and plan API latency at the plan's scale, on PostgreSQL.

    DATABASE_URL=postgres://.../<db> python -m bench kpi          # quick: 1/10 of the plan's scale
    DATABASE_URL=postgres://.../<db> python -m bench kpi --full   # full: 50,000 workers, 5,000 employers,
                                                                  # 50,000 postings, a year of snapshots

The database named by DATABASE_URL is flushed and filled (use a scratch database). Records are written
with bulk inserts, spread over the Suqian townships and over the 18 months of the plan; 40 % of the
postings come in through sources (a third of those from agencies), 30,000 engagements (full) with pay and
wage alerts, carriers in every county, and daily snapshots of every region for a year. Then the city view
is requested through the Django test client (all middleware, templates, ORM): ``GET /kpi/`` and
``GET /api/v1/kpi/plan`` (cold = cache cleared, then repeated within the live-figure cache period,
``KPI_LIVE_CACHE_SECONDS``), printing cold, p50/p95/max in ms and the queries of the cold request.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal


def _setup(reuse: bool = False) -> bool:
    """Migrate and (unless reusing a database this benchmark filled before) flush. True = data to seed."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("bench/kpi.py: set DATABASE_URL to a scratch PostgreSQL database (it is flushed)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from suzhaohuo.accounts.models import User

    if reuse and User.objects.filter(username="bench_boss").exists():
        return False
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_regions", verbosity=0)
    from suzhaohuo.kpi.services import plan_load

    plan_load()  # the flush removed the plan data the migration shipped
    return True


def _seed(scale: float, rng: random.Random) -> dict[str, int]:
    from django.utils import timezone

    from suzhaohuo.accounts.models import User
    from suzhaohuo.aggregation.models import Posting, Source
    from suzhaohuo.carriers.models import Carrier
    from suzhaohuo.gigs.models import Engagement, WageAlert
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.jobs.categories import load_categories
    from suzhaohuo.jobs.models import Job, JobCategory, JobStatusChange
    from suzhaohuo.kpi.models import Snapshot
    from suzhaohuo.kpi.services import snapshot_take
    from suzhaohuo.regions.models import Region
    from suzhaohuo.workers.models import WorkerProfile

    if not JobCategory.objects.exists():
        load_categories(JobCategory)
    cats = list(JobCategory.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    towns = list(Region.objects.filter(level="township").values_list("code", flat=True))
    counties = list(Region.objects.filter(level="county").values_list("code", flat=True))
    tz = timezone.get_current_timezone()
    start = datetime(2025, 7, 1, tzinfo=tz)
    span = (timezone.now() - start).total_seconds()

    def when() -> datetime:
        return start + timedelta(seconds=rng.random() * span)

    n_workers, n_employers, n_jobs = int(50000 * scale), int(5000 * scale), int(50000 * scale)
    B = 2000
    t0 = time.perf_counter()
    User.objects.bulk_create([User(username=f"bw{i}", role="worker", date_joined=when()) for i in range(n_workers)],
                             batch_size=B)
    workers = list(User.objects.filter(role="worker").values_list("pk", flat=True))
    WorkerProfile.objects.bulk_create([WorkerProfile(user_id=pk, home_township_id=rng.choice(towns),
                                                     registered_by_id=None) for pk in workers], batch_size=B)
    User.objects.bulk_create([User(username=f"be{i}", role="employer", date_joined=when())
                              for i in range(n_employers)], batch_size=B)
    owners = list(User.objects.filter(role="employer").values_list("pk", flat=True))
    Employer.objects.bulk_create([Employer(owner_id=pk, kind="enterprise", name=f"用工{pk}", township_id=rng.choice(towns),
                                           verification_status="verified" if rng.random() < 0.7 else "unverified",
                                           verified_at=when()) for pk in owners], batch_size=B)
    employers = list(Employer.objects.values_list("pk", flat=True))
    sources = [Source.objects.create(name=f"源{k}{i}", kind=k, organization=f"单位{k}{i}")
               for i, k in enumerate(["agency", "agency", "association", "department", "department", "suxinpin"])]
    print(f"  accounts: {time.perf_counter() - t0:.1f}s", flush=True)
    t0 = time.perf_counter()
    jobs = []
    for i in range(n_jobs):
        status = rng.choice(["published"] * 5 + ["filled", "expired", "closed", "draft"])
        pub = None if status == "draft" else when()
        jobs.append(Job(employer_id=rng.choice(employers), title=f"岗位{i}", description="工作内容", category_id=rng.choice(cats),
                        pay_unit="day", settlement="daily", headcount=2, township_id=rng.choice(towns), address="某地",
                        status=status, valid_until=timezone.now() + timedelta(days=rng.randint(-30, 30)),
                        published_at=pub))
    Job.objects.bulk_create(jobs, batch_size=B)
    rows = list(Job.objects.values_list("pk", "published_at", "township_id"))
    JobStatusChange.objects.bulk_create([JobStatusChange(job_id=pk, from_status="draft", to_status="published")
                                         for pk, pub, _t in rows if pub], batch_size=B)
    from django.db import connection

    # created_at is auto_now_add: date the status changes back to the publication time in one statement

    with connection.cursor() as cur:
        cur.execute("UPDATE jobs_jobstatuschange c SET created_at = j.published_at FROM jobs_job j "
                    "WHERE c.job_id = j.id AND j.published_at IS NOT NULL")
    Posting.objects.bulk_create([Posting(job_id=pk, first_source=rng.choice(sources), first_seen_at=pub or when(),
                                         township_code=t, signature=b"", **{f"b{k}": 0 for k in range(16)})
                                 for pk, pub, t in rows if rng.random() < 0.4], batch_size=B)
    print(f"  postings: {time.perf_counter() - t0:.1f}s", flush=True)
    t0 = time.perf_counter()
    engs = []
    for _ in range(int(30000 * scale)):
        pk, pub, t = rng.choice(rows)
        done = when()
        status = rng.choice(["completed", "paid", "confirmed", "rated", "cancelled", "applied"])
        engs.append(Engagement(job_id=pk, worker_id=rng.choice(workers), employer_id=rng.choice(employers),
                               status=status, township_code=t, completed_at=done,
                               paid_at=done + timedelta(days=1) if status in ("paid", "confirmed", "rated") else None,
                               pay_amount=Decimal(rng.randint(100, 400)) if status in ("paid", "confirmed", "rated")
                               else None))
    Engagement.objects.bulk_create(engs, batch_size=B)
    unpaid = list(Engagement.objects.filter(status="completed").values_list("pk", "township_code")[: int(3000 * scale)])
    WageAlert.objects.bulk_create([WageAlert(engagement_id=pk, township_code=t, due_at=when(),
                                             status=rng.choice(["open", "resolved"])) for pk, t in unpaid], batch_size=B)
    for i, c in enumerate(counties):
        Carrier.objects.create(kind="county_market", name=f"市场{i}", region_id=c, address="x", address_key=f"m{i}",
                               lat=33.9, lng=118.3)
    for i, t in enumerate(towns):
        if rng.random() < 0.8:
            Carrier.objects.create(kind="station", name=f"驿站{i}", region_id=t, address="x", address_key=f"s{i}",
                                   lat=33.9, lng=118.3)
    print(f"  engagements and carriers: {time.perf_counter() - t0:.1f}s", flush=True)
    t0 = time.perf_counter()
    snapshot_take()
    today_rows = list(Snapshot.objects.all())
    print(f"  one snapshot of every region: {time.perf_counter() - t0:.1f}s", flush=True)
    history = [Snapshot(day=s.day - timedelta(days=d), region_code=s.region_code, values=s.values)
               for d in range(1, 366) for s in today_rows]
    Snapshot.objects.bulk_create(history, batch_size=B)
    return {"workers": len(workers), "employers": len(employers), "jobs": len(rows), "engagements": len(engs),
            "snapshots": Snapshot.objects.count()}


def _time(client, path: str, n: int) -> tuple[float, list[float], int]:
    from django.core.cache import cache
    from django.db import connection

    cache.clear()  # cold: no cached live figures
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    t0 = time.perf_counter()
    with connection.execute_wrapper(counter):
        r = client.get(path)
    cold = (time.perf_counter() - t0) * 1000
    assert r.status_code == 200, (path, r.status_code)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
    return cold, times, count[0]


def main(full: bool = False) -> None:
    # BENCH_KPI_REUSE=1: time the requests again on the data a previous run of the same mode left.
    fresh = _setup(reuse=os.environ.get("BENCH_KPI_REUSE") == "1")
    from django.test import Client

    from suzhaohuo.accounts.models import User

    if fresh:
        counts = _seed(1.0 if full else 0.1, random.Random(17))
        print("  data:", counts, flush=True)
        User.objects.create(username="bench_boss", role="regulator", scope_region_id="321300")
    else:
        print("  data: reused from the previous run (BENCH_KPI_REUSE=1)", flush=True)
    boss = User.objects.get(username="bench_boss")
    client = Client()
    client.force_login(boss)
    n = 30 if full else 15
    client.get("/")  # the process's first request imports and warms up everything: not the KPI's cost
    for label, path in (("dashboard /kpi/", "/kpi/"), ("API /api/v1/kpi/plan", "/api/v1/kpi/plan"),
                        ("API plan/history (a year)", "/api/v1/kpi/plan/history?code=jobs_posted&region=321300"),
                        ("API plan, past month", f"/api/v1/kpi/plan?period={(date.today().replace(day=1) - timedelta(days=1)):%Y-%m}")):
        cold, times, queries = _time(client, path, n)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        print(f"  {label:32s} cold {cold:7.1f} ms · p50 {statistics.median(times):7.1f} · p95 {p95:7.1f} · "
              f"max {times[-1]:7.1f} ms · {queries} queries", flush=True)
