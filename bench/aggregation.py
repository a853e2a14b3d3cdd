"""Aggregation throughput: a generated upload file through the whole pipeline on the embedded SQLite default.

    python -m bench aggregation          # quick: 2,000 rows
    python -m bench aggregation --full   # full: 100,000 rows
    SZH_BENCH_ROWS=20000 python -m bench aggregation   # any other size

Builds a fresh SQLite database in a temporary SZH_VAR_DIR (migrate, Suqian regions, 60 verified employers,
one department source with an operator and the employers' standing authorisations), writes the file as CSV row by row (streamed), then runs the same
``batch_run`` the background task runs: read → normalise → screen → de-duplicate → store. Prints
postings/second end to end, the outcome counts, and the peak resident memory of the import.
About 8% of rows are near-duplicates of earlier rows and 2% are bad, as in real department data.
"""

from __future__ import annotations

import cProfile
import csv
import os
import pstats
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

EMPLOYERS = 60
TASKS = ["搬运砖块", "清理建筑垃圾", "扎钢筋", "搅拌混凝土", "刷墙", "贴瓷砖", "安装吊顶", "铺设水管", "布电线", "搭脚手架",
         "采摘桃子", "大棚除草", "电商打包", "快递分拣", "送外卖", "家庭保洁", "照护老人", "后厨帮工", "装卸货物", "保安值守"]
TITLES = ["建筑小工", "装修工", "钢筋工", "采摘工", "大棚工", "打包员", "分拣员", "骑手", "保洁员", "护理员", "帮厨", "装卸工"]
PAYS = ["150元/天", "200元/天", "260元/天", "20-25元/小时", "30元/小时", "计件0.5元/件", "月薪4000-6000", "日结200",
        "月薪6500-8000", "计件1.2元/件"]


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _server_cpu(connection: object) -> object:
    """A function returning the CPU seconds used so far by this connection's PostgreSQL server process (same
    machine: /proc), or 0.0 on SQLite (the database work is in this process's CPU time already)."""
    if getattr(connection, "vendor", "") != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cur:  # type: ignore[attr-defined]
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    ticks = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    return read


def _setup(var_dir: str) -> None:
    os.environ["SZH_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # the production task backend (database queue): the batch task and each published posting's dispatch are
    # queued as rows, not run inline; the batch itself is run and timed below
    os.environ["SZH_TASK_BACKEND"] = "django_tasks_db.DatabaseBackend"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def _seed(rng: random.Random) -> tuple[object, list[str], list[str]]:
    from django.conf import settings

    from suzhaohuo.accounts.services import staff_create, user_create_with_mobile
    from suzhaohuo.aggregation.services import (
        SourceInput,
        authorization_grant,
        source_create,
        source_operator_link,
    )
    from suzhaohuo.core.validators import id_check_char, uscc_check_char
    from suzhaohuo.identity.services import employer_register, employer_verify
    from suzhaohuo.regions.models import Region
    from suzhaohuo.regions.services import regions_load_csv

    regions_load_csv(path=settings.SZH_REGION_CSV)
    towns = list(Region.objects.filter(level="township").exclude(township_kind="special").values_list("name",
                                                                                                     flat=True))
    admin = staff_create(actor=None, username="bench-admin", password="Bench-pass-12345", role="admin",
                         scope_region_code=None)
    names, users = [], []
    for i in range(EMPLOYERS + 1):
        user = user_create_with_mobile(mobile=f"176{i:08d}", role="employer")
        first17 = f"91321300MC{i:07d}"[:17]
        id17 = f"32130219800101{i:03d}"
        name = "宿迁市住房和城乡建设局" if i == EMPLOYERS else f"宿迁{rng.choice(TITLES)}劳务第{i}有限公司"
        emp = employer_register(user=user, kind="enterprise", name=name, township_code="321322102",
                                address="人民路1号", uscc=first17 + uscc_check_char(first17),
                                legal_representative="李四", handler_name="王五",
                                handler_id_number=id17 + id_check_char(id17))
        emp = employer_verify(actor=admin, employer=emp)
        names.append(name)
        users.append(user)
    org = emp
    source = source_create(actor=None, data=SourceInput(name="住建局·建筑装修岗位", kind="department",
                                                        organization="宿迁市住房和城乡建设局", sector="housing",
                                                        organization_employer=org))
    operator = staff_create(actor=None, username="bench-zhujian", password="Bench-pass-12345",
                            role="department_operator", scope_region_code="321300")
    source_operator_link(actor=None, source=source, user=operator)
    # a department source holds the standing authorisations of the employers it publishes for (issue #11):
    # without them every row would be held for the employer's confirmation, not the publishing path timed here
    for user in users[:EMPLOYERS]:
        authorization_grant(actor=user, source=source)
    return operator, names[:EMPLOYERS], towns


def _write_file(path: Path, n: int, employers: list[str], towns: list[str], rng: random.Random) -> None:
    from suzhaohuo.aggregation.spreadsheet import COLUMNS

    keys = [k for k, *_ in COLUMNS]
    recent: list[dict[str, object]] = []
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([h for _k, h, *_ in COLUMNS])
        for i in range(n):
            roll = rng.random()
            if roll < 0.08 and recent:  # a near-duplicate of an earlier posting, another wording and id
                row = dict(rng.choice(recent))
                row["external_id"] = f"R-{i}"
                row["title"] = f"{row['title']}（急招）"
            else:
                t1, t2 = rng.sample(TASKS, 2)
                town = rng.choice(towns)
                row = {"external_id": f"R-{i}", "title": f"{rng.choice(TITLES)}{i % 997}",
                       "description": f"{town}{rng.choice(['东', '西', '南', '北'])}区第{i}号项目：{t1}、{t2}，"
                                      f"{rng.choice(['包午饭', '包住', '有班车', '可预支'])}，工号{i * 7919 % 100003}。",
                       "employer_name": rng.choice(employers), "category": "", "pay": rng.choice(PAYS),
                       "settlement": "日结", "headcount": rng.randint(1, 20), "county": "", "township": town,
                       "address": f"{town}建设路{i % 300}号"}
                if roll > 0.98:  # bad rows: unreadable pay or an unknown place
                    row["pay" if i % 2 else "township"] = "看情况" if i % 2 else "火星镇"
                recent.append(row)
                recent = recent[-500:]
            w.writerow([row.get(k, "") for k in keys])


def main(full: bool) -> None:
    n = int(os.environ.get("SZH_BENCH_ROWS") or (100_000 if full else 2_000))
    rng = random.Random(20250619)
    with tempfile.TemporaryDirectory(prefix="szh-bench-agg-") as var_dir:
        t0 = time.perf_counter()
        _setup(var_dir)
        operator, employers, towns = _seed(rng)
        path = Path(var_dir) / "bench.csv"
        _write_file(path, n, employers, towns, rng)
        print(f"setup: fresh database (SQLite unless DATABASE_URL is set), files in {var_dir}, {len(employers)} employers, file {path.stat().st_size / 1e6:.1f} MB "
              f"({n} rows) in {time.perf_counter() - t0:.1f}s", flush=True)

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection

        from suzhaohuo.aggregation import services, spreadsheet

        # the upload limit (50,000 rows a file since issue #11) is a product rule for people's files; the
        # benchmark measures the pipeline on the 100,000-row file, so it lifts the limit for itself
        spreadsheet.MAX_ROWS = max(spreadsheet.MAX_ROWS, n)
        server = _server_cpu(connection)
        t0, c0, s0 = time.perf_counter(), time.process_time(), server()
        with open(path, "rb") as fh:
            accepted = services.upload_accept(actor=operator, fileobj=SimpleUploadedFile("bench.csv", fh.read()),
                                              file_name="bench.csv")
        upload_wall, upload_cpu = time.perf_counter() - t0, time.process_time() - c0
        rss_before = _maxrss_mb()
        profile = cProfile.Profile() if os.environ.get("SZH_BENCH_PROFILE") else None
        t1, c1 = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        batch = services.batch_run(batch_id=accepted.batch.pk)
        if profile:
            profile.disable()
        elapsed, cpu = time.perf_counter() - t1, time.process_time() - c1
        server_cpu = server() - s0
        counts = {k: v for k, v in batch.counts.items() if isinstance(v, int) and v}
        if batch.status != "done":
            print(f"BATCH {batch.status}: {batch.error_message}", flush=True)
        print(f"engine: {connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}")
        print(f"rows: {n}; outcomes: {counts}")
        print(f"end to end (read, normalise, screen, de-duplicate, store): {elapsed:.1f}s → {n / elapsed:,.0f} postings/s")
        print(f"CPU time of this process: {cpu:.1f}s → {n / cpu:,.0f} postings per CPU-second "
              f"(the machine is shared: wall time includes waiting for a core)")
        print(f"with the upload (file accepted, {upload_wall:.1f}s wall, {upload_cpu:.1f}s CPU): "
              f"{n / (elapsed + upload_wall):,.0f} postings/s; "
              f"{(cpu + upload_cpu) * 1000 / n:.2f} ms CPU per row in this process")
        if connection.vendor == "postgresql":
            print(f"PostgreSQL server process CPU: {server_cpu:.1f}s ({server_cpu * 1000 / n:.2f} ms per row); "
                  f"client + server: {n / (cpu + upload_cpu + server_cpu):,.0f} postings per CPU-second")
        print(f"peak RSS: {_maxrss_mb():.0f} MB (before import {rss_before:.0f} MB)")
        if profile:
            if os.environ.get("SZH_BENCH_PROFILE_OUT"):  # a file for pstats / snakeviz
                profile.dump_stats(os.environ["SZH_BENCH_PROFILE_OUT"])
            stats = pstats.Stats(profile, stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(30)
