"""The two rates and the complaint figures on a hand-built dataset with exact expected values, through the
selectors, the indicator providers and GET /api/v1/kpi/disputes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from suzhaohuo.kernel.indicators import Period

pytestmark = pytest.mark.django_db

HUJI, YANJI, COUNTY = "321322102", "321322116", "321322"
NOV = Period(date(2026, 11, 1), date(2026, 12, 1))
_n = {"i": 0}


def _case(region: str = HUJI, **fields: Any) -> Any:
    from suzhaohuo.disputes.models import Case

    _n["i"] += 1
    return Case.objects.create(number=f"TJ-T-{_n['i']}", source="engagement", region_code=region,
                               worker_name="测试", employer_name="测试单位", claim_text="工钱未付", **fields)


def _complaint(created: datetime, category: str, region: str = HUJI, closed: datetime | None = None) -> Any:
    from suzhaohuo.disputes.models import Complaint

    _n["i"] += 1
    c = Complaint.objects.create(number=f"TS-T-{_n['i']}", category=category, description="x", region_code=region,
                                 handler_kind="regulator", ack_due_at=created, closed_at=closed,
                                 status="closed" if closed else "received")
    Complaint.objects.filter(pk=c.pk).update(created_at=created)
    return c


def _t(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def dataset(regions: None) -> None:
    d = date
    # mediation, 胡集镇: closed in November A..E (3 settled), F closed in December, G in 颜集镇
    _case(mediation_accepted_on=d(2026, 11, 1), mediation_closed_on=d(2026, 11, 5), mediation_result="settled")  # 4d in
    _case(mediation_accepted_on=d(2026, 10, 20), mediation_closed_on=d(2026, 11, 10), mediation_result="settled")  # 21 out
    _case(mediation_accepted_on=d(2026, 11, 2), mediation_closed_on=d(2026, 11, 12), mediation_result="failed")  # 10 in
    _case(mediation_accepted_on=d(2026, 11, 3), mediation_closed_on=d(2026, 11, 20), mediation_result="withdrawn")  # 17 out
    _case(mediation_accepted_on=d(2026, 11, 1), mediation_extension_days=10, mediation_closed_on=d(2026, 11, 22),
          mediation_result="settled")  # 21 days, within 25
    _case(mediation_accepted_on=d(2026, 11, 20), mediation_closed_on=d(2026, 12, 2), mediation_result="settled")
    _case(mediation_accepted_on=d(2026, 11, 25))  # still mediating: not counted
    _case(region=YANJI, mediation_accepted_on=d(2026, 11, 1), mediation_closed_on=d(2026, 11, 3),
          mediation_result="settled")
    # arbitration, 胡集镇: accepted in November H, I, K; closed in November H, J
    _case(arbitration_status="closed", arbitration_accepted_on=d(2026, 11, 2), arbitration_closed_on=d(2026, 11, 20))
    _case(arbitration_status="accepted", arbitration_accepted_on=d(2026, 11, 5))
    _case(arbitration_status="closed", arbitration_accepted_on=d(2026, 10, 10), arbitration_closed_on=d(2026, 11, 15))
    _case(arbitration_status="closed", arbitration_accepted_on=d(2026, 11, 25), arbitration_closed_on=d(2026, 12, 3))
    # complaints
    _complaint(_t(2026, 11, 3), "wage_arrears", closed=_t(2026, 11, 10))
    _complaint(_t(2026, 11, 4), "wage_arrears")
    _complaint(_t(2026, 11, 30), "fake_job")
    _complaint(_t(2026, 10, 30), "fake_job", closed=_t(2026, 11, 2))
    _complaint(_t(2026, 11, 5), "fee", region=YANJI)


def test_township_figures_are_exact(dataset: None) -> None:
    from suzhaohuo.disputes.selectors import arbitration_figures, complaint_figures, mediation_figures

    m = mediation_figures(period=NOV, region_prefix=HUJI)
    assert (m.closed, m.settled, m.success_rate) == (5, 3, Decimal("0.6000"))
    assert (m.within_limit, m.within_limit_rate, m.median_days) == (3, Decimal("0.6000"), Decimal("17.0"))
    a = arbitration_figures(period=NOV, region_prefix=HUJI)
    assert (a.accepted, a.closed, a.closure_rate, a.median_days) == (3, 2, Decimal("0.6667"), Decimal("27.0"))
    c = complaint_figures(period=NOV, region_prefix=HUJI)
    assert c["received"] == 3 and c["closed"] == 2
    assert c["by_category"]["wage_arrears"] == 2 and c["by_category"]["fake_job"] == 1 and c["by_category"]["fee"] == 0


def test_county_includes_other_townships(dataset: None) -> None:
    from suzhaohuo.disputes.selectors import mediation_figures

    m = mediation_figures(period=NOV, region_prefix=COUNTY)
    assert (m.closed, m.settled, m.success_rate) == (6, 4, Decimal("0.6667"))


def test_indicator_providers(dataset: None) -> None:
    from suzhaohuo.kernel import indicators

    r = indicators.read("mediation_success_rate", period=NOV, region_prefix=HUJI)
    assert r is not None and (r.value, r.numerator, r.denominator) == (Decimal("0.6000"), 3, 5)
    r = indicators.read("arbitration_closure_rate", period=NOV, region_prefix=HUJI)
    assert r is not None and (r.value, r.numerator, r.denominator) == (Decimal("0.6667"), 2, 3)
    r = indicators.read("complaints_received", period=NOV, region_prefix=None)
    assert r is not None and r.value == 4
    empty = indicators.read("mediation_success_rate", period=Period(date(2020, 1, 1), date(2020, 2, 1)),
                            region_prefix=None)
    assert empty is not None and empty.value is None and empty.denominator == 0


def test_kpi_api_shape_and_values(dataset: None, client: Any, make_staff: Any) -> None:
    staff = make_staff(role="regulator", scope="沭阳县")
    client.force_login(staff)
    body = client.get("/api/v1/kpi/disputes", {"from": "2026-11-01", "to": "2026-11-30", "region": HUJI}).json()
    assert body["mediation"] == {"closed": 5, "settled": 3, "success_rate": 0.6, "median_days": 17.0,
                                 "within_limit_rate": 0.6}
    assert body["arbitration"] == {"accepted": 3, "closed": 2, "closure_rate": 0.6667, "median_days": 27.0}
    assert body["complaints"]["received"] == 3 and body["complaints"]["closed"] == 2
    assert set(body["complaints"]["by_category"]) == {"wage_arrears", "fake_job", "discrimination", "fee",
                                                      "black_intermediary", "id_withheld", "privacy", "safety",
                                                      "other"}
    assert "÷" in body["definitions"]["success_rate"] and "÷" in body["definitions"]["closure_rate"]


def test_kpi_api_bad_input(dataset: None, client: Any, make_staff: Any) -> None:
    client.force_login(make_staff(role="mediator", scope="胡集镇"))
    r = client.get("/api/v1/kpi/disputes", {"from": "2026-11-30", "to": "2026-11-01"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "to"
    r = client.get("/api/v1/kpi/disputes", {"from": "2026/11/01"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "from"
    r = client.get("/api/v1/kpi/disputes", {"region": YANJI})  # outside her scope
    assert r.status_code == 404
    client.logout()
    assert client.get("/api/v1/kpi/disputes").status_code == 401
