from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

HUJI = "321322102"


@pytest.fixture
def job_data() -> Callable[..., Any]:
    """job_data(**overrides) → a clean JobInput for a harvest gig in 胡集镇."""
    from suzhaohuo.jobs.services import JobInput

    def factory(**overrides: Any) -> JobInput:
        values: dict[str, Any] = dict(
            title="果园采摘工", description="在胡集镇果园采摘桃子，每天早上7点开始，中午管饭，男女不限。",
            category_code="agri.harvest", pay_unit="day", settlement="daily", headcount=5,
            township_code=HUJI, address="胡集镇桃园村3组", pay_min=Decimal("200"), pay_max=Decimal("240"),
            daily_hours=Decimal("8"))
        values.update(overrides)
        return JobInput(**values)

    return factory


@pytest.fixture
def employer(make_employer: Callable[..., Any]) -> Any:
    return make_employer(township="胡集镇", name="沭阳县胡集果蔬专业合作社")


@pytest.fixture
def fake_screen(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """fake_screen(severity, category) makes the rule engine report one finding on the description,
    so state-machine tests do not depend on the wording of the rule file."""
    from suzhaohuo.jobs import screening_bridge

    def install(severity: str, category: str = "disability") -> None:
        def fake(**kw: Any) -> tuple[list[dict[str, Any]], str]:
            return [screening_bridge.finding_dict(category=category, severity=severity, field="description",
                                                  span=(0, 2), text=(kw.get("description") or "")[:2],
                                                  message="测试说明", rule_id=f"test.{category}")], "test-1"
        monkeypatch.setattr(screening_bridge, "screen_fields", fake)

    return install


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """Record what the job.changed / job.published handlers call after commit (search re-indexes, matching
    dispatches)."""
    from suzhaohuo.matching import services as matching_services
    from suzhaohuo.search import services as search_services

    seen: dict[str, list[int]] = {"index": [], "dispatch": []}
    monkeypatch.setattr(search_services, "job_index_refresh", lambda job_id: seen["index"].append(job_id))
    monkeypatch.setattr(matching_services, "dispatch_on_publish", lambda job_id: seen["dispatch"].append(job_id))
    return seen
