"""Helpers for the carriers tests: carriers built through the registry service."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

HUJI = "321322102"
# A point inside 沭阳县 (胡集镇 area) and well inside Suqian's bounds.
HUJI_LAT, HUJI_LNG = 34.13, 118.77


@pytest.fixture
def make_carrier(regions: None) -> Callable[..., Any]:
    from suzhaohuo.carriers.services import CarrierInput, carrier_create

    counter = {"n": 0}

    def factory(*, kind: str = "station", region_code: str = HUJI, address: str | None = None,
                lat: float = HUJI_LAT, lng: float = HUJI_LNG, partner: str = "", staff: list[Any] | None = None,
                is_active: bool = True, name: str | None = None, actor: Any = None, **extra: Any) -> Any:
        counter["n"] += 1
        n = counter["n"]
        data = CarrierInput(kind=kind, name=name or f"测试载体{n}", region_code=region_code,
                            address=address or f"测试路{n}号", lat=lat, lng=lng, partner=partner,
                            is_active=is_active, **extra)
        return carrier_create(actor=actor, data=data, staff=staff)

    return factory


@pytest.fixture
def import_villages(regions: None) -> Callable[[list[tuple[str, str, str, bool]]], Any]:
    """import_villages([(code, name, township_code, central), ...]) through the regions import service."""
    from suzhaohuo.regions.services import villages_import

    def run(rows: list[tuple[str, str, str, bool]]) -> Any:
        lines = ["村（社区）代码,村（社区）名称,所属乡镇（街道）代码,中心村（社区）"]
        lines += [f"{c},{n},{t},{'是' if central else '否'}" for c, n, t, central in rows]
        report = villages_import(actor=None, filename="villages.csv",
                                 fileobj=io.BytesIO("\n".join(lines).encode("utf-8")))
        assert report.ok, report.errors
        return report

    return run


@pytest.fixture
def huji_station(make_carrier: Any, make_staff: Any) -> tuple[Any, Any]:
    """(station, staff) at 胡集镇, the staff member linked to the station."""
    staff = make_staff(scope="胡集镇")
    station = make_carrier(kind="station", name="胡集镇零工服务驿站", address="胡集镇党群服务中心一楼",
                           staff=[staff], phone="0527-83331234", opening_hours="周一至周五 8:30-17:30")
    return station, staff


JOB_SPECS = [  # distinct postings, so duplicate screening never merges them
    ("果园采摘工", "在胡集镇果园采摘桃子，每天早上7点开始，中午管饭，男女不限。", "agri.harvest", "200", "240"),
    ("大棚蔬菜采收", "胡集镇蔬菜大棚采收黄瓜和番茄，按天结算，工具由园区提供。", "agri.harvest", "180", "220"),
    ("苗木基地除草", "花木基地人工除草和修剪，活不重，适合中老年人，下午四点收工。", "agri.planting", "160", "200"),
    ("仓库装卸工", "物流仓库装卸快递包裹，需要能搬重物，夜班另有补贴。", "moving.loading", "220", "260"),
]


@pytest.fixture
def make_job(make_employer: Any, django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """make_job(i, township_code=HUJI) → a published job from a verified employer of that township."""
    from decimal import Decimal

    from suzhaohuo.jobs.services import JobInput, job_create

    employers: dict[str, Any] = {}

    def factory(i: int = 0, *, township_code: str = HUJI, township: str = "胡集镇") -> Any:
        if township not in employers:
            employers[township] = make_employer(township=township, name=f"{township}果蔬专业合作社")
        employer = employers[township]
        title, desc, cat, lo, hi = JOB_SPECS[i % len(JOB_SPECS)]
        data = JobInput(title=title, description=desc, category_code=cat, pay_unit="day", settlement="daily",
                        headcount=3, township_code=township_code, address=f"{township}第{i + 1}组",
                        pay_min=Decimal(lo), pay_max=Decimal(hi), daily_hours=Decimal("8"))
        with django_capture_on_commit_callbacks(execute=True):  # search indexing runs after commit
            return job_create(actor=employer.owner, employer=employer, data=data)

    return factory
