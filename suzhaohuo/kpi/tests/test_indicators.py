"""Every indicator of the hand-built dataset (conftest.py), for the city, 沭阳县, 胡集镇 and a past month
read from snapshots after later records changed. Expected values are worked out by hand in the comments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from suzhaohuo.kpi.tests.conftest import CITY, HUJI, SHUYANG, TODAY, at

pytestmark = pytest.mark.django_db


def values(region: str, asof: date = TODAY) -> dict[str, Any]:
    from suzhaohuo.kpi.selectors import readings_at

    readings, _basis = readings_at(region, asof)
    return {code: (None if r is None else (r.value, r.numerator, r.denominator)) for code, r in readings.items()}


def station_denominators() -> tuple[int, int]:
    from suzhaohuo.regions.models import Region

    towns = Region.objects.filter(level="township").exclude(township_kind="special")
    return towns.count(), towns.filter(parent_id=SHUYANG).count()


def test_city(dataset: Any) -> None:
    v = values(CITY)
    towns, _shuyang_towns = station_denominators()
    # jobs 1, 2, 3, 4, 7 published since 2025-07-01 (5 held, 6 before the plan); 7 twice but one posting
    assert v["jobs_posted"] == (5, None, None)
    assert v["jobs_open"] == (3, None, None)  # 1, 2, 4 招聘中 and valid
    assert v["third_party_share"] == (Decimal("0.4000"), 2, 5)  # 1 and 4 first brought by the agency
    assert v["workers_registered"] == (5, None, None)  # w1-4, w6 (w5 deleted, w7 joins in June)
    assert v["employers_registered"] == (4, None, None)
    assert v["employers_verified"] == (3, None, None)  # e1, e3, e5
    assert v["training_completed"] == (7, None, None)  # the fake provider
    assert v["mediation_success_rate"] is None  # nobody provides it: 未接入
    assert v["counties_with_market"] == (Decimal("0.2000"), 1, 5)  # 5 counties; the zone does not count
    assert v["townships_with_station"][1:] == (1, towns)
    assert v["central_villages_with_window"] == (Decimal("0.5000"), 1, 2)
    assert v["engagements_completed"] == (3, None, None)
    assert v["wages_paid"] == (Decimal("550.50"), None, None)
    assert v["wage_alerts_raised"] == (2, None, None)
    assert v["wage_alerts_resolved"] == (1, None, None)


def test_county(dataset: Any) -> None:
    v = values(SHUYANG)
    _towns, shuyang_towns = station_denominators()
    assert v["jobs_posted"] == (4, None, None)  # 1, 2, 3, 7
    assert v["jobs_open"] == (2, None, None)
    assert v["third_party_share"] == (Decimal("0.2500"), 1, 4)
    assert v["workers_registered"] == (3, None, None)  # w1, w2, w3
    assert v["employers_registered"] == (3, None, None)  # e1, e2, e5
    assert v["employers_verified"] == (2, None, None)
    assert v["training_completed"] == (5, None, None)
    assert v["counties_with_market"] == (Decimal("1.0000"), 1, 1)
    assert v["townships_with_station"][1:] == (1, shuyang_towns)
    assert v["central_villages_with_window"] == (Decimal("0.5000"), 1, 2)
    assert v["engagements_completed"] == (3, None, None)
    assert v["wages_paid"] == (Decimal("550.50"), None, None)
    assert v["wage_alerts_raised"] == (2, None, None)
    assert v["wage_alerts_resolved"] == (1, None, None)


def test_township(dataset: Any) -> None:
    v = values(HUJI)
    assert v["jobs_posted"] == (2, None, None)  # 1, 2
    assert v["jobs_open"] == (2, None, None)
    assert v["third_party_share"] == (Decimal("0.5000"), 1, 2)
    assert v["workers_registered"] == (2, None, None)
    assert v["employers_registered"] == (2, None, None)
    assert v["employers_verified"] == (2, None, None)
    assert v["training_completed"] == (3, None, None)
    assert v["townships_with_station"] == (Decimal("1.0000"), 1, 1)
    assert v["central_villages_with_window"] == (Decimal("0.5000"), 1, 2)
    assert v["engagements_completed"] == (2, None, None)
    assert v["wages_paid"] == (Decimal("200.00"), None, None)
    assert v["wage_alerts_raised"] == (1, None, None)
    assert v["wage_alerts_resolved"] == (0, None, None)


def test_registration_channels(dataset: Any) -> None:
    from suzhaohuo.kernel.indicators import Period
    from suzhaohuo.kpi.measures import registration_channels

    got = registration_channels(Period(date(2025, 7, 1), TODAY + timedelta(days=1)), None)
    assert got["workers"] == {"self": 4, "station": 1, "imported": 0, "total": 5}
    # e5 is the agency's organisation record (imported); e1 was verified in person at a station
    assert got["employers"] == {"self": 2, "station": 1, "imported": 1, "total": 4}


def test_past_month_comes_from_the_snapshot_after_records_changed(dataset: Any) -> None:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.kpi.services import snapshot_take

    assert snapshot_take(day=date(2026, 4, 30)) > 100  # city, counties, townships
    # later corrections: w4's account deleted back-dated, job 4 moved, g3's pay corrected, a new April job
    User.objects.filter(pk=dataset["w"][4].pk).update(deleted_at=at(2026, 2, 1))
    Job.objects.filter(pk=dataset["j4"].pk).update(township_id=HUJI)
    Engagement.objects.filter(pk=dataset["g3"].pk).update(pay_amount=Decimal("999"))

    april = values(CITY, date(2026, 4, 30))
    # at the end of April: jobs 1, 3, 4, 7 (2 was published on 2 May); third parties 1 and 4
    assert april["jobs_posted"] == (4, None, None)
    assert april["third_party_share"] == (Decimal("0.5000"), 2, 4)
    assert april["workers_registered"] == (4, None, None)  # w1, w2, w4, w6
    assert april["employers_registered"] == (4, None, None)
    assert april["employers_verified"] == (2, None, None)  # e3 verified on 1 May
    assert april["engagements_completed"] == (2, None, None)
    assert april["wages_paid"] == (Decimal("550.50"), None, None)  # not the corrected 999
    assert april["wage_alerts_raised"] == (1, None, None)
    assert april["wage_alerts_resolved"] == (1, None, None)
    assert values(HUJI, date(2026, 4, 30))["jobs_posted"] == (1, None, None)  # job 4 still in 幸福街道 then

    # the live figures follow the corrected records
    now = values(CITY)
    assert now["workers_registered"] == (4, None, None)
    assert now["wages_paid"] == (Decimal("1199.00"), None, None)
    assert values(HUJI)["jobs_posted"] == (3, None, None)

    # the recompute command rebuilds April from the records as they are now
    from django.core.management import call_command

    call_command("kpi_snapshot", "--from", "2026-04-30", "--to", "2026-04-30")
    assert values(CITY, date(2026, 4, 30))["wages_paid"] == (Decimal("1199.00"), None, None)


def test_plan_rows_targets_and_progress(dataset: Any) -> None:
    from suzhaohuo.kpi.selectors import plan_rows

    rows, basis = plan_rows(CITY, TODAY)
    assert basis == "live"
    by = {r.code: r for r in rows}
    jobs = by["jobs_posted"]
    # straight path from 2025-07-01 to 2026-12-31 (548 days); 20 May 2026 is day 324: 50000 × 324 / 548
    assert jobs.target is not None and jobs.target.value == 50000
    assert jobs.expected_now == Decimal("29562") and jobs.on_track is False
    assert jobs.gap == Decimal("29557")
    share = by["third_party_share"]
    assert share.expected_now == Decimal("0.5000") and share.on_track is False  # held at >50% all along
    assert by["mediation_success_rate"].connected is False and "未接入" in by["mediation_success_rate"].reason
    assert by["mediation_success_rate"].value is None
    county_rows, _b = plan_rows(SHUYANG, TODAY)
    county = {r.code: r for r in county_rows}
    assert county["jobs_posted"].target is None  # count targets are the city's
    assert county["counties_with_market"].on_track is True  # 100% ≥ the straight-path share


def test_plan_api(dataset: Any, client: Any) -> None:
    from suzhaohuo.accounts.models import User

    boss = User.objects.create(username="boss", role="regulator", scope_region_id=CITY)
    client.force_login(boss)
    body = client.get("/api/v1/kpi/plan", {"period": "2026-05", "region": CITY}).json()
    assert body["period"] == "2026-05" and body["region"] == CITY
    codes = {i["code"]: i for i in body["indicators"]}
    for code in ("jobs_posted", "third_party_share", "workers_registered", "employers_registered",
                 "training_completed", "mediation_success_rate", "arbitration_closure_rate",
                 "counties_with_market", "townships_with_station", "central_villages_with_window"):
        assert set(codes[code]) >= {"code", "label", "definition", "value", "target", "deadline", "expected_now",
                                    "on_track", "unit"}
    assert codes["jobs_posted"]["value"] == 5 and codes["jobs_posted"]["target"] == 50000
    assert codes["jobs_posted"]["deadline"] == "2026-12-31" and codes["jobs_posted"]["expected_now"] == 29562
    assert codes["third_party_share"]["value"] == pytest.approx(0.4)
    assert codes["arbitration_closure_rate"]["value"] is None and codes["arbitration_closure_rate"]["reason"]
    # a station in 胡集镇 sees its township, not the city
    client.force_login(dataset["staff"])
    assert client.get("/api/v1/kpi/plan", {"region": CITY}).status_code == 403
    assert client.get("/api/v1/kpi/plan", {"region": HUJI}).json()["indicators"][0]["value"] == 2
    assert client.get("/api/v1/kpi/plan", {"period": "2026-13"}).json()["error"]["field"] == "period"


def test_history_api(dataset: Any, client: Any) -> None:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.kpi.services import snapshot_take

    snapshot_take(day=date(2026, 3, 31))
    snapshot_take(day=date(2026, 4, 30))
    client.force_login(User.objects.create(username="boss", role="regulator", scope_region_id=CITY))
    body = client.get("/api/v1/kpi/plan/history", {"code": "jobs_posted", "region": CITY, "from": "2026-03-01",
                                                    "to": "2026-05-20"}).json()
    assert [(p["date"], p["value"]) for p in body["points"]] == [("2026-03-31", 3), ("2026-04-30", 4)]
    assert client.get("/api/v1/kpi/plan/history", {"code": "nope"}).status_code == 400


def test_aggregation_api_uses_the_plan_definition(dataset: Any, client: Any) -> None:
    body = client.get("/api/v1/kpi/aggregation").json()
    # every posting ever published (1, 2, 3, 4, 6, 7); third parties: 1 and 4 (agency); 5 was never published
    assert body["published_jobs"] == 6 and body["third_party_jobs"] == 2
    assert body["third_party_rate"] == pytest.approx(2 / 6, abs=1e-4)
    assert body["distinct_jobs"] == 3  # imported postings published: 1, 3, 4
    assert {r["source"]: r["distinct_jobs"] for r in body["by_source"]} == {"众联人力": 2, "市住建局": 1}


def test_provider_wiring(only_fake_provider: Any) -> None:
    from suzhaohuo.kernel.indicators import Period, provided_codes, read

    assert provided_codes() == ["training_completed"]
    assert read("training_completed", period=Period(date(2025, 7, 1), TODAY), region_prefix=HUJI).value == 3
    assert read("mediation_success_rate", period=Period(date(2025, 7, 1), TODAY), region_prefix=None) is None


def test_live_figures_are_cached_for_a_while_snapshots_never(dataset: Any, settings: Any) -> None:
    from django.core.cache import cache

    from suzhaohuo.jobs.models import Job
    from suzhaohuo.kpi.models import Snapshot
    from suzhaohuo.kpi.services import snapshot_take

    settings.KPI_LIVE_CACHE_SECONDS = 300
    assert values(CITY)["jobs_posted"] == (5, None, None)
    Job.objects.filter(pk=dataset["j4"].pk).update(published_at=None)
    Job.objects.get(pk=dataset["j4"].pk).status_changes.all().delete()
    assert values(CITY)["jobs_posted"] == (5, None, None)  # within the cache period
    snapshot_take(day=date(2026, 5, 19))
    assert Snapshot.objects.get(day=date(2026, 5, 19), region_code=CITY).values["jobs_posted"]["v"] == 4
    cache.clear()
    assert values(CITY)["jobs_posted"] == (4, None, None)


def test_provided_figures_are_cached_like_the_kpis_own(dataset: Any, settings: Any, monkeypatch: Any) -> None:
    """A figure another app provides is computed once per cache period for a region, not on every view."""
    from django.core.cache import cache

    from suzhaohuo.kernel import indicators
    from suzhaohuo.kernel.indicators import Reading

    calls: list[str | None] = []

    def training_completed(*, period: Any, region_prefix: str | None) -> Reading:
        calls.append(region_prefix)
        return Reading(value=len(calls), note=f"第{len(calls)}次")

    monkeypatch.setattr(indicators, "_PROVIDERS", {"training_completed": training_completed})
    settings.KPI_LIVE_CACHE_SECONDS = 300
    cache.clear()
    assert values(CITY)["training_completed"] == (1, None, None)
    assert values(CITY)["training_completed"] == (1, None, None)  # from the cache, the provider not asked again
    assert values(HUJI)["training_completed"] == (2, None, None)  # another region: its own entry
    assert calls == [None, HUJI]
    settings.KPI_LIVE_CACHE_SECONDS = 0
    assert values(CITY)["training_completed"] == (3, None, None)


def test_warming_task_refreshes_the_cached_figures(dataset: Any, settings: Any) -> None:
    from django.core.cache import cache

    from suzhaohuo.jobs.models import Job
    from suzhaohuo.kpi.selectors import children, region_get
    from suzhaohuo.kpi.tasks import kpi_warm_live_figures

    cache.clear()  # locmem caches of earlier tests can share a location
    settings.KPI_LIVE_CACHE_SECONDS = 300
    assert values(CITY)["jobs_posted"] == (5, None, None)
    Job.objects.filter(pk=dataset["j4"].pk).update(published_at=None)
    Job.objects.get(pk=dataset["j4"].pk).status_changes.all().delete()
    assert values(CITY)["jobs_posted"] == (5, None, None)  # cached
    assert kpi_warm_live_figures.call() == 1 + len(children(region_get(CITY)))  # the city and its counties
    assert values(CITY)["jobs_posted"] == (4, None, None)  # the warmed figure, no wait for expiry
    assert values(SHUYANG)["jobs_posted"][0] is not None
