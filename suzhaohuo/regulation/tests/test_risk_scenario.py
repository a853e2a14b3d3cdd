"""The risk model measured on a synthetic but realistic scenario (see docs/perf/risk.md):

* normal users — eight local employers posting their own harvest jobs (one with a somewhat higher pay, one
  repeating its own phone number), a station worker posting for three employers with recorded authorisation,
  employers revealing a handful of applicants' numbers in the daytime;
* one black intermediary — an agency operator without a licence posting for four employers, one phone number in
  all of them, pay three times the market, and repeated fee/deposit postings blocked by screening;
* one scraper — an employer account revealing contact numbers of one worker after another.

Expected: the scraper is throttled within its first 50 reveals (and an alert goes out); the intermediary tops
the risk queue with the evidence of each signal; no normal user raises an alert."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from suzhaohuo.core.errors import AppError

pytestmark = pytest.mark.django_db

HUJI = "321322102"
SHARED_PHONE = "13812345678"


def _daytime() -> datetime:
    """The most recent 10:00 local time that lies in the past (inside the 24-hour window)."""
    now = timezone.localtime()
    ten = now.replace(hour=10, minute=0, second=0, microsecond=0)
    return ten if ten < now else ten - timedelta(days=1)


def _post(actor: Any, employer: Any, title: str, description: str, pay: str, **kw: Any) -> Any:
    from suzhaohuo.jobs.services import JobInput, job_create

    data = JobInput(title=title, description=description, category_code="agri.harvest", pay_unit="day",
                    settlement="daily", headcount=5, township_code=HUJI, address="胡集镇桃园村",
                    pay_min=Decimal(pay), pay_max=None, daily_hours=Decimal("8"))
    return job_create(actor=actor, employer=employer, data=data, **kw)


def run_scenario(make_employer: Any, make_staff: Any, capture: Any) -> dict[str, Any]:
    from suzhaohuo.accounts.services import pii_reveal, users_create_with_mobile
    from suzhaohuo.core.models import PiiAccessLog
    from suzhaohuo.jobs.choices import JobOrigin
    from suzhaohuo.notifications.models import Notification
    from suzhaohuo.regulation.models import RiskFlag, Throttle
    from suzhaohuo.regulation.risk import risk_scan

    regulator = make_staff(role="regulator", scope="沭阳县", username="risk-reg")
    crops = ["桃子", "梨", "葡萄", "草莓", "西瓜", "黄瓜", "番茄", "苹果"]
    normal = [make_employer(name=f"沭阳县胡集{c}种植家庭农场") for c in crops]
    for i, emp in enumerate(normal):
        pay = "280" if i == 0 else str(200 + 5 * i)  # one honest employer pays somewhat more
        phone = " 联系电话13900001111" if i == 1 else ""  # one repeats its own number
        _post(emp.owner, emp, f"{crops[i]}采摘工", f"{crops[i]}园采摘，包午饭，男女不限。{phone}", pay)
        _post(emp.owner, emp, f"{crops[i]}分拣包装", f"{crops[i]}分拣装箱，按天结算。{phone}", str(190 + 5 * i))
    station = make_staff(role="station_staff", scope="胡集镇", username="risk-station")
    for j, emp in enumerate(normal[:3]):
        _post(station, emp, f"代发：{crops[j]}临时工", f"站点代为发布，{crops[j]}园临时用工。", "210",
              origin=JobOrigin.STATION, authorization_note="用工主体授权书（驿站存档）")
    workers = users_create_with_mobile(mobiles=[f"1370000{n:04d}" for n in range(80)], role="worker")
    for emp in normal:
        for w in workers[:5]:
            pii_reveal(actor=emp.owner, subject=w, field="mobile", value=w.mobile, purpose="联系报名人")
    PiiAccessLog.objects.filter(actor__in=[e.owner for e in normal]).update(created_at=_daytime())

    # the black intermediary: an agency operator (no licence) for many employers
    broker = make_staff(role="agency_operator", scope="沭阳县", username="risk-broker")
    victims = [make_employer(name=f"宿迁{n}电子厂") for n in ("甲", "乙", "丙", "丁")]
    for v in victims:
        _post(broker, v, "电子厂普工（日结）", f"{v.name}招普工，日结，详询{SHARED_PHONE}。", "600",
              origin=JobOrigin.AGENCY, source_name="速聘人力（中介自报来源）")
    for k in range(3):
        _post(broker, victims[k], "电子厂长期工", f"入职需交押金300元和服装费，详询{SHARED_PHONE}。", "600",
              origin=JobOrigin.AGENCY, source_name="速聘人力（中介自报来源）")

    # the scraper: reveals one worker's number after another, each scored at once
    scraper = make_employer(name="宿迁速聘信息咨询有限公司")
    throttled_at = None
    for n, w in enumerate(workers, start=1):
        try:
            with capture(execute=True):
                pii_reveal(actor=scraper.owner, subject=w, field="mobile", value=w.mobile, purpose="联系报名人")
        except AppError as exc:
            assert exc.code == "throttled", exc.message
            throttled_at = n
            break

    risk_scan()
    flags = list(RiskFlag.objects.filter(score__gt=0).order_by("-score"))
    return {"regulator": regulator, "normal": normal, "station": station, "broker": broker, "scraper": scraper,
            "throttled_at": throttled_at, "flags": flags,
            "throttles": list(Throttle.objects.values_list("user_id", flat=True)),
            "alerts": Notification.objects.filter(user=regulator, event="risk_alert").count(),
            "alert_titles": list(Notification.objects.filter(user=regulator, event="risk_alert")
                                 .values_list("title", flat=True))}


def test_scenario_hits_and_no_false_alarms(make_employer: Any, make_staff: Any,
                                           django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.regulation.selectors import risk_queue

    r = run_scenario(make_employer, make_staff, django_capture_on_commit_callbacks)
    # scraper: throttled within its first 50 reveals, and the regulator alerted
    assert r["throttled_at"] is not None and r["throttled_at"] <= 50, r["throttled_at"]
    assert r["throttles"] == [r["scraper"].owner_id]
    assert r["alerts"] == 1
    # the alert names the account as the risk page does (name or masked mobile), never by its internal id
    assert r["alert_titles"] == [f"数据爬取预警：账号{r['scraper'].owner}已被限流"]
    # intermediary: top of the risk queue, with the evidence behind each signal
    queue = list(risk_queue(r["regulator"]))
    intermediary = [f for f in queue if f.family == "intermediary"]
    assert intermediary[0].user_id == r["broker"].pk
    codes = {s["code"] for s in intermediary[0].signals}
    assert {"multi_employer_poster", "shared_contact", "bait_pay", "fee_findings", "blocked_submissions"} <= codes
    evidence = {s["code"]: s["evidence"] for s in intermediary[0].signals}
    assert any("电子厂" in e for e in evidence["multi_employer_poster"])
    assert any("138****5678" in e for e in evidence["shared_contact"])
    assert SHARED_PHONE not in str(intermediary[0].signals)  # the number itself is masked in the evidence
    # normal users: no flag, no throttle
    flagged = {f.user_id for f in r["flags"]}
    normal_ids = {e.owner_id for e in r["normal"]} | {r["station"].pk}
    assert flagged & normal_ids == set(), [(f.user_id, f.signals) for f in r["flags"] if f.user_id in normal_ids]
    assert flagged == {r["broker"].pk, r["scraper"].owner_id}


def test_thresholds_are_data(make_employer: Any, make_staff: Any, django_capture_on_commit_callbacks: Any) -> None:
    """Raising the reveal threshold in the rule table changes when the scraper is caught."""
    from suzhaohuo.regulation.models import RiskRule
    from suzhaohuo.regulation.risk import rules_seed

    rules_seed()
    RiskRule.objects.filter(code="reveals_per_day").update(threshold=Decimal("10"))
    RiskRule.objects.filter(code="reveals_off_hours").update(enabled=False)
    r = run_scenario(make_employer, make_staff, django_capture_on_commit_callbacks)
    assert r["throttled_at"] == 11


def test_deep_search_paging_throttles(client: Any, make_worker: Any, django_capture_on_commit_callbacks: Any
                                      ) -> None:
    from suzhaohuo.regulation.models import RiskEvent, RiskRule, Throttle
    from suzhaohuo.regulation.risk import rules_seed

    rules_seed()
    RiskRule.objects.filter(code="deep_paging").update(threshold=Decimal("5"))
    worker = make_worker()
    client.force_login(worker)
    client.get("/api/v1/jobs/search?page=3")  # normal paging records nothing
    for page in range(11, 19):  # beyond SEARCH_DEEP_PAGE (10); the rule's threshold lowered to 5 above
        with django_capture_on_commit_callbacks(execute=True):
            client.get(f"/api/v1/jobs/search?page={page}")
    assert RiskEvent.objects.filter(user=worker, code="deep_page").count() == 8
    assert Throttle.objects.filter(user=worker).exists()
