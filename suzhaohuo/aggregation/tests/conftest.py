"""Fixtures for aggregation tests: sources (with their organisation's employer record), operators, keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def make_source(make_employer: Callable[..., Any]) -> Callable[..., Any]:
    """make_source(kind="agency", name=...) → Source with a verified organisation employer record."""
    from suzhaohuo.aggregation.services import SourceInput, source_create

    counter = {"n": 0}

    def factory(*, kind: str = "agency", name: str | None = None, organization: str | None = None,
                sector: str = "", **extra: Any) -> Any:
        counter["n"] += 1
        org = organization or f"宿迁归集测试单位{counter['n']}"
        org_employer = make_employer(name=org, is_agency=kind == "agency", township="胡集镇")
        source = source_create(actor=None, data=SourceInput(name=name or f"测试数据源{counter['n']}", kind=kind,
                                                            organization=org, sector=sector,
                                                            organization_employer=org_employer, **extra))
        _farm_authorizes(sources=[source])
        return source

    return factory


@pytest.fixture
def agency(make_source: Callable[..., Any]) -> Any:
    return make_source(kind="agency", name="宿迁人力资源服务公司", organization="宿迁人力资源服务有限公司",
                       contract_number="SQ-GM-2026-01", contract_target_jobs=3000)


@pytest.fixture
def agency_key(agency: Any) -> str:
    from suzhaohuo.aggregation.services import source_api_key_issue

    return source_api_key_issue(actor=None, source=agency)


FARM = "沭阳县胡集花木专业合作社"


def _farm_authorizes(*, sources: list[Any] | None = None) -> None:
    """The farm has given every test source a standing authorisation (recorded at a station), as an employer
    that works with these sources would: imports naming it publish. Unauthorised imports: tests use others."""
    from suzhaohuo.aggregation.models import Source
    from suzhaohuo.identity.models import Employer

    farm = Employer.objects.filter(name=FARM).first()
    if farm is None:
        return
    authorize(farm, *(sources if sources is not None else Source.objects.all()))


def authorize(employer: Any, *sources: Any) -> None:
    """A standing authorisation of ``sources`` by ``employer`` (as recorded at a station with evidence)."""
    from suzhaohuo.aggregation.models import SourceAuthorization

    for source in sources:
        SourceAuthorization.objects.get_or_create(source=source, employer=employer, revoked_at=None, defaults={
            "via": "station", "evidence": "测试：书面授权书", "granted_at": timezone.now()})


@pytest.fixture
def farm(make_employer: Callable[..., Any]) -> Any:
    """A verified employer on the platform that imported rows name (it has authorised the test sources)."""
    employer = make_employer(township="胡集镇", name=FARM)
    _farm_authorizes()
    return employer


def item(n: int = 1, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "external_id": f"A-{n}", "title": f"花木基地采摘工{n}号", "employer_name": "沭阳县胡集花木专业合作社",
        "description": f"在胡集镇花木基地采摘、分拣苗木第{n}片区，包午饭，男女不限。", "pay": "150元/天",
        "settlement": "日结", "headcount": 5, "county": "沭阳县", "township": "胡集镇", "address": "胡集镇花木大道8号",
        "category": "农忙采收"}
    values.update(overrides)
    return values
