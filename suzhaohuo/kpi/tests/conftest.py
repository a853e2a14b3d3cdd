"""A hand-built dataset with known answers for every indicator, and a fixed 'today' (2026-05-20).

Records are created directly with chosen dates (the KPI reads the system of record, so this is exactly
what it sees). Expected values are written out by hand in the tests, not computed with the code under test.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

TODAY = date(2026, 5, 20)
HUJI = "321322102"  # 沭阳县 胡集镇
SHUYANG = "321322"
XINGFU = "321302001"  # 宿城区 幸福街道
CITY = "321300"


def at(y: int, m: int, d: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(date(y, m, d), time(hour)))


@pytest.fixture
def today(monkeypatch: Any, settings: Any) -> date:
    from suzhaohuo.kpi import selectors

    monkeypatch.setattr(selectors, "today", lambda: TODAY)
    settings.KPI_LIVE_CACHE_SECONDS = 0  # the tests change records and read again at once
    return TODAY


@pytest.fixture
def only_fake_provider(monkeypatch: Any) -> None:
    """Providers: only a fake training_completed (whatever other apps register is hidden in these tests)."""
    from suzhaohuo.kernel import indicators
    from suzhaohuo.kernel.indicators import Reading

    def training_completed(*, period: Any, region_prefix: str | None) -> Reading:
        by_region = {None: 7, SHUYANG: 5, HUJI: 3}
        assert period.start == date(2025, 7, 1)
        return Reading(value=by_region.get(region_prefix, 0))

    monkeypatch.setattr(indicators, "_PROVIDERS", {"training_completed": training_completed})


@pytest.fixture
def dataset(regions: None, today: date, only_fake_provider: None) -> dict[str, Any]:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.aggregation.models import Posting, Source
    from suzhaohuo.carriers.models import Carrier
    from suzhaohuo.gigs.models import Engagement, WageAlert
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.jobs.models import Job, JobCategory, JobStatusChange
    from suzhaohuo.kpi.services import plan_load
    from suzhaohuo.regions.models import Region
    from suzhaohuo.workers.models import WorkerProfile

    plan_load()  # transactional (browser) tests flush the data migration's rows
    yanji = Region.objects.get(name="颜集镇", level="township").code
    staff = User.objects.create(username="kpi_staff", role="station_staff", scope_region_id=HUJI)

    def worker(n: int, joined: datetime, place: str | None, *, by: Any = None, deleted: datetime | None = None) -> Any:
        u = User.objects.create(username=f"w{n}", role="worker", date_joined=joined, deleted_at=deleted)
        if place:
            WorkerProfile.objects.create(user=u, home_township_id=place, registered_by=by)
        return u

    w = {1: worker(1, at(2025, 8, 1), HUJI), 2: worker(2, at(2026, 4, 15), HUJI, by=staff),
         3: worker(3, at(2026, 5, 10), yanji), 4: worker(4, at(2026, 1, 1), XINGFU),
         5: worker(5, at(2026, 3, 1), HUJI, deleted=at(2026, 4, 1)), 6: worker(6, at(2026, 2, 1), None),
         7: worker(7, at(2026, 6, 10), HUJI)}

    def employer(n: int, place: str, created: datetime, verified: datetime | None, method: str = "remote") -> Any:
        owner = User.objects.create(username=f"e{n}", role="employer")
        e = Employer.objects.create(owner=owner, kind="enterprise", name=f"用工{n}", township_id=place,
                                    verification_status="verified" if verified else "unverified",
                                    verified_at=verified, verification_method=method if verified else "")
        Employer.objects.filter(pk=e.pk).update(created_at=created)
        return e

    e1 = employer(1, HUJI, at(2025, 9, 1), at(2026, 1, 10), "in_person")
    employer(2, yanji, at(2026, 2, 1), None)
    e3 = employer(3, XINGFU, at(2026, 4, 1), at(2026, 5, 1))
    e5 = employer(5, HUJI, at(2026, 3, 1), at(2026, 3, 1))
    agency = Source.objects.create(name="众联人力", kind="agency", organization="众联", organization_employer=e5)
    dept = Source.objects.create(name="市住建局", kind="department", organization="住建局")
    cat = JobCategory.objects.first()

    def job(n: int, place: str, status: str, published: list[datetime], *, source: Any = None,
            valid: datetime | None = None) -> Any:
        valid = valid or at(2027, 1, 1)
        j = Job.objects.create(employer=e1, title=f"岗位{n}", description="采摘", category=cat, pay_unit="day",
                               settlement="daily", headcount=1, township_id=place, address="某地", status=status,
                               valid_until=valid, published_at=published[0] if published else None)
        for when in published:
            ch = JobStatusChange.objects.create(job=j, from_status="draft", to_status="published")
            JobStatusChange.objects.filter(pk=ch.pk).update(created_at=when)
        if source is not None:
            Posting.objects.create(job=j, first_source=source, first_seen_at=published[0] if published else at(2026, 1, 1),
                                   township_code=place, signature=b"", **{f"b{i}": 0 for i in range(16)})
        return j

    j1 = job(1, HUJI, "published", [at(2026, 3, 5)], source=agency)
    j2 = job(2, HUJI, "published", [at(2026, 5, 2)])
    j3 = job(3, yanji, "filled", [at(2026, 4, 10)], source=dept)
    j4 = job(4, XINGFU, "published", [at(2025, 12, 1)], source=agency)
    job(5, HUJI, "draft", [], source=agency)  # held, never published
    job(6, HUJI, "expired", [at(2025, 6, 10)], valid=at(2025, 7, 10))  # before the plan started
    job(7, yanji, "closed", [at(2026, 1, 5), at(2026, 4, 20)])  # published twice: one posting

    def engagement(j: Any, wk: Any, status: str, completed: datetime | None, paid: datetime | None,
                   amount: str | None, place: str) -> Any:
        return Engagement.objects.create(job=j, worker=wk, employer=e1, status=status, township_code=place,
                                         completed_at=completed, paid_at=paid,
                                         pay_amount=Decimal(amount) if amount else None)

    engagement(j1, w[1], "paid", at(2026, 3, 10), at(2026, 3, 11), "200.00", HUJI)
    g2 = engagement(j2, w[2], "completed", at(2026, 5, 5), None, None, HUJI)
    g3 = engagement(j3, w[3], "confirmed", at(2026, 4, 12), at(2026, 4, 25), "350.50", yanji)
    engagement(j4, w[4], "cancelled", None, None, None, XINGFU)
    a1 = WageAlert.objects.create(engagement=g2, township_code=HUJI, due_at=at(2026, 5, 8))
    WageAlert.objects.filter(pk=a1.pk).update(created_at=at(2026, 5, 12))
    a2 = WageAlert.objects.create(engagement=g3, township_code=yanji, due_at=at(2026, 4, 18), status="resolved",
                                  resolved_at=at(2026, 4, 25))
    WageAlert.objects.filter(pk=a2.pk).update(created_at=at(2026, 4, 20))

    v1 = Region.objects.create(code="321322102201", name="胡集村", level="village", parent_id=HUJI,
                               is_central_village=True)
    Region.objects.create(code="321322102202", name="胡南村", level="village", parent_id=HUJI,
                          is_central_village=True)
    for kind, region in (("county_market", SHUYANG), ("station", HUJI), ("window", v1.code)):
        Carrier.objects.create(kind=kind, name=f"{kind}-{region}", region_id=region, address="某地",
                               address_key=f"{kind}{region}", lat=34.1, lng=118.7)
    return {"yanji": yanji, "w": w, "e3": e3, "j4": j4, "g3": g3, "staff": staff}
