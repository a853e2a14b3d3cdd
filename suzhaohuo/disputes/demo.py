"""Demo: mediation organisations and 仲裁院, township mediators and a county arbitration clerk, complaints in every
state (with a group of reports that hid a posting) and cases in every state across several townships, so the
queues, the statutory clock (ok, due soon, overdue, paused) and the two rates show in `make demo`.

Everything goes through the services (signing by SMS code read from the outbox, as in agreements' demo); only
dates are moved back afterwards ("time travel"), so the clock has something to show.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test.utils import override_settings
from django.utils import timezone

from suzhaohuo.accounts.demo import password_hash
from suzhaohuo.core.demo import DemoContext

HUJI, YANJI, SHUYANG, CITY = "321322102", "321322116", "321322", "321300"
GENGCHE, YANGHE = "321302101", "321302150"
PASSWORD = "Staff-demo-2026"  # the public demo staff password (accounts/demo.py)

ORGS = [
    ("mediation", "胡集镇劳动争议调解委员会", HUJI, "胡集镇党群服务中心二楼", "0527-83331235"),
    ("mediation", "颜集镇劳动争议调解委员会", YANJI, "颜集镇便民服务中心", "0527-83662201"),
    ("mediation", "耿车镇劳动争议调解委员会", GENGCHE, "耿车镇政府一楼", "0527-84661020"),
    ("mediation", "沭阳县劳动人事争议调解中心", SHUYANG, "沭阳县人民路人社服务大厅", "0527-83561200"),
    ("mediation", "宿迁市零工市场调解室", CITY, "宿迁市零工市场一楼", "0527-84350000"),
    ("arbitration", "沭阳县劳动人事争议仲裁院", SHUYANG, "沭阳县人民路", "0527-83561234"),
    ("arbitration", "宿城区劳动人事争议仲裁院", "321302", "宿城区洪泽湖路", "0527-84221234"),
    ("arbitration", "宿迁市劳动人事争议仲裁院", CITY, "宿迁市发展大道", "0527-84368000"),
]
STAFF = [
    ("tiaojie_huji", "mediator", HUJI, "胡集镇调解员 何秀英"),
    ("tiaojie_yanji", "mediator", YANJI, "颜集镇调解员 王立新"),
    ("tiaojie_gengche", "mediator", GENGCHE, "耿车镇调解员 孙敏"),
    ("zhongcai_shuyang", "arbitration_clerk", SHUYANG, "沭阳县仲裁院 立案庭 陈静"),
    ("zhongcai_sucheng", "arbitration_clerk", "321302", "宿城区仲裁院 立案庭 吴军"),
    ("zhongcai_shi", "arbitration_clerk", CITY, "宿迁市仲裁院 立案庭 周洁"),
]


def _last_code(mobile: str) -> str:
    import re

    from suzhaohuo.core.models import SmsOutbox

    msg = SmsOutbox.objects.filter(mobile=mobile, purpose="otp_sign_agreement").order_by("-id").first()
    match = re.search(r"(\d{6})", msg.text if msg else "")
    if match is None:
        raise RuntimeError(f"no signing code in the outbox for {mobile}")
    return match.group(1)


def _sign(agreement: Any, user: Any) -> Any:
    from suzhaohuo.agreements.services import agreement_request_code, agreement_sign

    agreement_request_code(agreement=agreement, user=user, ip="127.0.0.1")
    return agreement_sign(agreement=agreement, user=user, code=_last_code(user.mobile), ip="127.0.0.1",
                          user_agent="seed_demo")


def _staff(ctx: DemoContext) -> dict[str, Any]:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.accounts.services import staff_create

    shared = ctx.shared.setdefault("staff", {})
    out: dict[str, Any] = {}
    for username, role, scope, name in STAFF:
        out[username] = User.objects.filter(username=username).first() or staff_create(
            actor=None, username=username, password=PASSWORD, password_hash=password_hash(PASSWORD), role=role,
            scope_region_code=scope, display_name=name,
            organization=name.split(" ")[0])
        shared[username] = out[username]
    return out


def _back(case: Any, days: int, *fields: str) -> None:
    """Time travel: move the given date fields of a case back by ``days``."""
    from suzhaohuo.disputes.models import Case

    case.refresh_from_db()
    Case.objects.filter(pk=case.pk).update(**{f: getattr(case, f) - timedelta(days=days) for f in fields
                                              if getattr(case, f) is not None})
    case.refresh_from_db()


def _pairs(ctx: DemoContext) -> list[tuple[Any, Any]]:
    """(worker, employer) pairs with verified workers and employers in several townships."""
    from suzhaohuo.identity.selectors import verified_user_ids

    verified = verified_user_ids(ctx.shared.get("workers") or [])
    workers = [w for w in (ctx.shared.get("workers") or []) if getattr(w, "mobile", "") and w.pk in verified]
    employers = [e for e in (ctx.shared.get("employers") or []) if e.is_verified and e.township_id]
    if not workers or not employers:
        return []
    by_town: dict[str, list[Any]] = {}
    for e in employers:
        by_town.setdefault(e.township_id, []).append(e)
    towns = [t for t in (HUJI, YANJI, GENGCHE, YANGHE) if t in by_town] + [t for t in by_town if t not in (
        HUJI, YANJI, GENGCHE, YANGHE)]
    out = []
    for i, w in enumerate(workers[-40:]):
        town = towns[i % len(towns)]
        out.append((w, by_town[town][i % len(by_town[town])]))
    return out


def _walk_in(staff: Any, worker: Any, employer: Any, text: str, amount: str) -> Any:
    from suzhaohuo.disputes.services import case_open_walk_in

    return case_open_walk_in(actor=staff, worker_name=str(worker), worker_mobile=worker.mobile, employer=employer,
                             region_code=employer.township_id, claim_text=text, claim_amount=amount,
                             consent=True, consent_note="本人到站申请，已在登记表签字")


def _handler_for(staff: dict[str, Any], role: str, region: str, fallback: Any) -> Any:
    for username, r, scope, _name in STAFF:
        if r == role and region.startswith(scope):
            return staff[username]
    return fallback


def _cases(ctx: DemoContext, staff: dict[str, Any]) -> int:
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.disputes import services as s

    shared = ctx.shared.get("staff", {})
    city_station = shared.get("shizhan")
    city_mediator = shared.get("tiaojie")
    if city_station is None or city_mediator is None:
        return 0
    pairs = _pairs(ctx)
    today = timezone.localdate()
    plan = ["applied", "mediating", "due_soon", "overdue", "fulfilling", "settled_paid", "declined", "referred",
            "arb_applied", "arb_paused", "award_unpaid", "arb_closed", "withdrawn", "settled_paid", "failed_closed"]
    claims = ["葡萄采摘3天，约定日结200元/天，600元至今未付", "装卸工干了两天，工钱360元一直拖着不给",
              "工地小工干满一周，老板说月底结，现在找不到人", "家政保洁4小时，说好120元，只给了60元",
              "电商打包夜班两晚，工钱400元未付"]
    n = 0
    for i, stage in enumerate(plan):
        if i >= len(pairs):
            break
        worker, employer = pairs[i]
        mediator = _handler_for(staff, "mediator", employer.township_id, city_mediator)
        clerk = _handler_for(staff, "arbitration_clerk", employer.township_id, staff["zhongcai_shi"])
        try:
            case = _walk_in(city_station, worker, employer, claims[i % len(claims)], ("600", "360", "1400", "60",
                                                                                     "400")[i % 5])
            n += 1
            if stage == "applied":
                continue
            if stage == "declined":
                s.case_decline(actor=mediator, case=case, reason="已超过1年仲裁时效且无中止、中断事由，请咨询法律援助中心")
                continue
            s.case_accept(actor=mediator, case=case)
            s.session_record(actor=mediator, case=case, held_at=timezone.now(), place="零工服务驿站调解室",
                             attendees="申请人、用工方负责人、调解员", record="双方陈述事实，用工方对金额有异议。")
            if stage in ("mediating",):
                continue
            if stage == "due_soon":
                _back(case, 13, "mediation_accepted_on")
                continue
            if stage == "overdue":
                _back(case, 17, "mediation_accepted_on")
                continue
            if stage == "withdrawn":
                s.case_withdraw(actor=worker, case=case, reason="对方已当面付清")
                _back(case, 6, "mediation_accepted_on")
                continue
            if stage in ("fulfilling", "settled_paid"):
                agreement = s.mediation_agreement_generate(
                    actor=mediator, case=case, terms="被申请人确认拖欠劳动报酬，同意按期一次性支付。",
                    payments=[s.AgreedPayment("劳动报酬", case.claim_amount, today + timedelta(days=7))])
                _sign(agreement, worker)
                _sign(agreement, employer.owner)
                s.case_on_agreement_sealed(agreement_id=agreement.pk)  # also delivered by the event on commit
                if stage == "settled_paid":
                    item = case.payments.first()
                    s.case_payment_record(actor=mediator, case=case, item_id=item.pk, paid_on=today)
                    _back(case, 20, "mediation_accepted_on", "mediation_closed_on", "closed_on")
                else:
                    _back(case, 4, "mediation_accepted_on", "mediation_closed_on")
                continue
            # mediation fails from here on
            s.mediation_fail(actor=mediator, case=case, reason=("respondent_refused", "no_agreement",
                                                                "respondent_absent")[i % 3],
                             note="用工方不同意支付")
            if stage == "failed_closed":
                _back(case, 30, "mediation_accepted_on", "mediation_closed_on")
                continue
            if stage == "referred":
                continue
            s.arbitration_apply(actor=clerk, case=case, applied_on=today)
            if stage == "arb_applied":
                _back(case, 3, "mediation_accepted_on", "mediation_closed_on", "arbitration_applied_on")
                continue
            s.arbitration_accept(actor=clerk, case=case, accepted_on=today,
                                 case_no=f"劳人仲案字〔{today.year}〕第{100 + i}号")
            if stage == "arb_paused":
                s.clock_pause(actor=clerk, case=case, reason="appraisal", started_on=today, note="工时鉴定")
                _back(case, 50, "mediation_accepted_on", "mediation_closed_on", "arbitration_applied_on",
                      "arbitration_accepted_on")
                case.pauses.update(started_on=today - timedelta(days=10))  # appraisal running for 10 days
                continue
            outcome = "award" if stage == "award_unpaid" else "mediation_doc"
            s.arbitration_close(actor=clerk, case=case, outcome=outcome, award_on=today,
                                amount=case.claim_amount if stage == "award_unpaid" else None,
                                due_on=today + timedelta(days=15) if stage == "award_unpaid" else None)
            _back(case, 40, "mediation_accepted_on", "mediation_closed_on", "arbitration_applied_on",
                  "arbitration_accepted_on")
            if stage == "award_unpaid":
                case.payments.update(due_on=today - timedelta(days=2))
                s.awards_unpaid_flag(today=today)
        except AppError as exc:
            ctx.log(f"  案件 {stage} 跳过：{exc.message}")
    return n


def _wage_alert_case(ctx: DemoContext) -> int:
    """The gigs demo's unpaid 日结 job in 胡集镇 (欠薪预警) becomes a case the 胡集镇 mediator has to accept."""
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.disputes.services import case_open_from_wage_alert
    from suzhaohuo.gigs.models import WageAlert

    huji = ctx.shared.get("staff", {}).get("huji")
    alert = WageAlert.objects.filter(township_code=HUJI, status="open").select_related(
        "engagement__job", "engagement__worker", "engagement__employer").first()
    if huji is None or alert is None:
        return 0
    try:
        case_open_from_wage_alert(actor=huji, alert=alert, claim_text="欠薪预警：大棚西瓜采收完工后逾期未付工钱",
                                  claim_amount=alert.engagement.job.pay_min)
    except AppError as exc:
        ctx.log(f"  欠薪预警转案件跳过：{exc.message}")
        return 0
    return 1


def _complaints(ctx: DemoContext, staff: dict[str, Any]) -> int:
    from django.contrib.auth.models import AnonymousUser

    from suzhaohuo.core.errors import AppError
    from suzhaohuo.disputes import services as s
    from suzhaohuo.disputes.models import Complaint
    from suzhaohuo.jobs.models import Job

    regulator = ctx.shared.get("staff", {}).get("jianguan")
    jobs = list(Job.objects.filter(status="published").select_related("employer").order_by("id")[:12])
    workers = [w for w in (ctx.shared.get("workers") or []) if getattr(w, "mobile", "")][:12]
    if regulator is None or len(jobs) < 6 or len(workers) < 6:
        return 0
    specs = [  # (category, text, anonymous, outcome)
        ("fee", "报名时要求先交300元“服装押金”，说干满一个月才退。", False, "upheld"),
        ("discrimination", "电话里说只要男的，女的不用来了。", True, "received"),
        ("fake_job", "岗位写日结250元，到了说是计件，一天也就挣80元。", False, "in_progress"),
        ("black_intermediary", "中介收了介绍费200元，介绍的厂根本不招人。", True, "accepted"),
        ("id_withheld", "老板要求把身份证押在他那里，干完活才还。", False, "rejected"),
        ("privacy", "报名后接到很多贷款推销电话。", False, "closed_not_upheld"),
        ("safety", "高处作业不给安全带。", True, "received_late"),
    ]
    n = 0
    for i, (cat, text, anon, outcome) in enumerate(specs):
        job = jobs[i % len(jobs)]
        try:
            c = s.complaint_submit(actor=AnonymousUser() if anon else workers[i], category=cat, description=text,
                                   job_id=job.pk, anonymous=anon, ip=f"10.20.0.{i + 1}")
            n += 1
            if outcome in ("received", "received_late"):
                if outcome == "received_late":
                    Complaint.objects.filter(pk=c.pk).update(ack_due_at=timezone.now() - timedelta(hours=5))
                continue
            if outcome == "rejected":
                s.complaint_decide(actor=regulator, complaint=c, accept=False,
                                   reason="经核实该岗位已于投诉前下架，且用工方已归还证件；如仍被扣押请再次投诉。")
                continue
            s.complaint_decide(actor=regulator, complaint=c, accept=True, reason="已受理，将在15个工作日内办结")
            if outcome == "in_progress":
                s.complaint_progress(actor=regulator, complaint=c, note="已约谈用工方，要求提供计酬记录")
            elif outcome == "upheld":
                s.complaint_close(actor=regulator, complaint=c, upheld=True,
                                  result="经查属实，已责令退还押金，对用工主体记不良记录一次。")
            elif outcome == "closed_not_upheld":
                s.complaint_close(actor=regulator, complaint=c, upheld=False,
                                  result="经核查未发现平台泄露信息，已提醒您谨防诈骗电话。")
        except AppError as exc:
            ctx.log(f"  投诉 {cat} 跳过：{exc.message}")
    # three reports about one posting: grouped, and the posting is hidden pending review
    target = jobs[-1]
    for k in range(3):
        try:
            s.complaint_submit(actor=AnonymousUser(), category="fake_job", ip=f"10.21.0.{k + 1}", job_id=target.pk,
                               anonymous=True, description=("到了现场说岗位已经招满，让交钱换别的活。",
                                                            "电话打过去是中介，要先交介绍费。",
                                                            "同样的岗位换个名字又发了一遍。")[k])
            n += 1
        except AppError as exc:
            ctx.log(f"  举报跳过：{exc.message}")
    # a worker's own wage complaint about an engagement, handled by the mediators
    eng = next((e for e in ctx.shared.get("engagements") or [] if getattr(e, "status", "") == "completed"), None)
    if eng is not None:
        try:
            s.complaint_submit(actor=eng.worker, category="wage_arrears", engagement_id=eng.pk,
                               description="完工后说好第二天结账，到现在没给。")
            n += 1
        except AppError as exc:
            ctx.log(f"  投诉跳过：{exc.message}")
    return n


def seed(ctx: DemoContext) -> None:
    from suzhaohuo.disputes.services import organisation_create

    for kind, name, region, address, phone in ORGS:
        organisation_create(actor=None, kind=kind, name=name, region_code=region, address=address, phone=phone)
    staff = _staff(ctx)
    from suzhaohuo.disputes.models import Case, Complaint

    if Case.objects.exists() or Complaint.objects.exists():  # a second `make demo` changes nothing
        ctx.log("  已有投诉和案件，跳过")
        return
    with override_settings(OTP_RESEND_INTERVAL_SECONDS=0, OTP_RATE_PER_MOBILE=(1000, 3600),
                           OTP_RATE_PER_IP=(100000, 3600)):
        cases = _cases(ctx, staff) + _wage_alert_case(ctx)
    complaints = _complaints(ctx, staff)
    ctx.log(f"  {cases} 件劳动争议案件，{complaints} 件投诉举报；调解员 tiaojie_huji / 仲裁院 zhongcai_shuyang（{PASSWORD}）")
