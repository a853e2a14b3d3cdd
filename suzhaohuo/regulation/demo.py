"""Demo data for market regulation: regulators of two organisations, the licence register, sanctions (a
warning, a 责令改正, a 7-day suspension with an appeal), the 异常名录, referrals between 市场监管 and 劳动监察
(one answered, one overdue), and a risk queue with a black intermediary and a scraper caught by the model."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from suzhaohuo.accounts.demo import password_hash
from suzhaohuo.core.demo import DemoContext

CITY = "321300"
HUJI = "321322102"
PASSWORD = "Staff-demo-2026"
BROKER_PHONE = "13912345678"


def _id(n: int) -> str:
    from suzhaohuo.core.validators import id_check_char

    first17 = f"32132219850101{n % 1000:03d}"
    return first17 + id_check_char(first17)


def _uscc(n: int) -> str:
    from suzhaohuo.core.validators import uscc_check_char

    first17 = f"91321322MC{n:07d}"[:17]
    return first17 + uscc_check_char(first17)


def seed(ctx: DemoContext) -> None:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.accounts.services import staff_create
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.regulation import services
    from suzhaohuo.regulation.models import Membership, Sanction
    from suzhaohuo.regulation.risk import risk_scan, rules_seed

    if Sanction.objects.exists():
        ctx.log("  监管数据已存在，跳过")
        return
    rules_seed()
    staff = ctx.shared.get("staff", {})
    admin = staff.get("admin")
    labour = staff.get("jianguan") or User.objects.filter(username="jianguan").first()
    market = User.objects.filter(username="shichang").first() or staff_create(
        actor=admin, username="shichang", password=PASSWORD, password_hash=password_hash(PASSWORD), role="regulator",
        scope_region_code=CITY,
        display_name="市场监管 老马", organization="宿迁市市场监督管理局")
    Membership.objects.get_or_create(user=market, defaults={"organisation": "market"})
    if labour is not None:
        Membership.objects.get_or_create(user=labour, defaults={"organisation": "labour"})

    # the licence register: every agency on the platform, plus one expired and one revoked licence
    agencies = list(Employer.objects.filter(is_agency=True).exclude(hr_licence_number=""))
    rows = ["许可证编号,机构名称,有效期至,发证机关,状态"]
    rows += [f"{e.hr_licence_number},{e.name},{date.today().year + 3}-12-31,宿迁市人力资源和社会保障局,有效"
             for e in agencies]
    rows += ["(苏)人服证字[2019]第0815号,宿迁某某人才咨询有限公司,2024-06-30,宿迁市人力资源和社会保障局,有效",
             "(苏)人服证字[2020]第0233号,沭阳某某劳务服务部,2027-12-31,沭阳县人力资源和社会保障局,注销"]
    services.licence_register_import(actor=market, content="\n".join(rows).encode(), file_name="register.csv")

    employers = [e for e in (ctx.shared.get("employers") or []) if e.is_verified and e.township_id]
    if len(employers) >= 3:
        warned, corrected, suspended = employers[-1], employers[-2], employers[-3]
        services.sanction_impose(
            actor=market, kind="warning", subject_type="employer", subject_id=warned.pk,
            legal_basis="《就业服务与就业管理规定》第十四条", reason="岗位信息未写明工作时间和结算方式",
            evidence=[{"type": "finding", "ref": "screening", "label": "岗位检测：缺少工作时间"}])
        services.sanction_impose(
            actor=market, kind="correction", subject_type="employer", subject_id=corrected.pk,
            legal_basis="《就业促进法》第二十七条", reason="多个岗位含“限男性”等性别限制表述",
            correction_required="删除全部岗位中的性别限制表述，并在平台报告整改情况",
            correction_deadline=timezone.localdate() + timedelta(days=10))
        s = services.sanction_impose(
            actor=market, kind="suspend_posting", subject_type="employer", subject_id=suspended.pk, days=7,
            legal_basis="《人力资源市场暂行条例》第四十三条", reason="发布虚假招聘信息，经核查属实",
            evidence=[{"type": "complaint", "ref": "C-2026-118", "label": "投诉C-2026-118：到岗后岗位与发布内容不符"}])
        services.appeal_submit(user=suspended.owner, sanction=s,
                               statement="被投诉岗位系本单位前员工以单位名义私自发布，已报警并可提供报案回执。")

    services.listing_add(actor=market, key_type="uscc", value=_uscc(4401), name="宿迁某某人才咨询有限公司",
                         reason="无证经营职业中介，收取求职者押金", legal_basis="人社厅发〔2025〕60号",
                         region_code=HUJI, days=3 * 365)
    services.listing_add(actor=market, key_type="id_number", value=_id(77), name="赵某",
                         reason="冒用他人身份开设多个招聘账号", legal_basis="人社厅发〔2025〕60号", region_code=HUJI,
                         days=365)

    answered = services.referral_send(
        actor=market, to_org="labour", region_code=HUJI, subject_name="沭阳某劳务服务部",
        summary="涉嫌以招聘为名收取押金、克扣零工工资，涉行政处罚线索移送劳动监察。",
        case_file=[{"type": "complaint", "ref": "C-2026-131", "label": "投诉C-2026-131：押金300元未退"},
                   {"type": "job", "ref": "J-demo", "label": "岗位截图与检测结果"}])
    if labour is not None:
        services.referral_acknowledge(actor=labour, referral=answered)
        services.referral_answer(actor=labour, referral=answered, answer="已立案调查，责令退还押金。")
        services.referral_outcome(actor=labour, referral=answered, outcome="已责令退还押金并罚款5000元，结案。")
        late = services.referral_send(actor=labour, to_org="police", region_code=HUJI, subject_name="“高薪日结”招工团伙",
                                      summary="多名零工反映缴纳“服装费”后无人安排上岗，涉嫌诈骗，移送公安。")
        from suzhaohuo.regulation.models import Referral

        Referral.objects.filter(pk=late.pk).update(ack_due_at=timezone.now() - timedelta(days=1))

    _risk_demo(ctx, admin, employers)
    risk_scan()
    ctx.log("  监管：处理3项（含申诉1件）、异常名录2条、线索移送2件、风险队列（黑中介、数据爬取各1）")


def _risk_demo(ctx: DemoContext, admin: Any, employers: list[Any]) -> None:
    """A black intermediary posting for several employers with one phone number and bait pay, and a scraper."""
    from suzhaohuo.accounts.models import User
    from suzhaohuo.accounts.services import pii_reveal, staff_create
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.jobs.services import JobInput, job_create
    from suzhaohuo.regulation.risk import scraping_evaluate

    targets = [e for e in employers if e.township_id and e.township_id.startswith("321322")][:3]
    if len(targets) < 3:
        return
    broker = User.objects.filter(username="demo-broker").first() or staff_create(
        actor=admin, username="demo-broker", password=PASSWORD, password_hash=password_hash(PASSWORD), role="agency_operator",
        scope_region_code="321322",
        display_name="某“劳务中介”操作员", organization="（无许可证）")
    for e in targets:
        try:
            job_create(actor=broker, employer=e, origin="agency", data=JobInput(
                title="电子厂普工 日结高薪", description=f"{e.name}急招普工，日结，详询{BROKER_PHONE}。",
                category_code="agri.harvest", pay_unit="day", settlement="daily", headcount=20,
                township_code=e.township_id, address="详询电话", pay_min=Decimal("650"), daily_hours=Decimal("8")))
        except AppError:
            continue
    scraper_emp = employers[0]
    workers = list(User.objects.filter(role="worker").order_by("pk")[:30])
    for w in workers:
        try:
            pii_reveal(actor=scraper_emp.owner, subject=w, field="mobile", value=w.mobile, purpose="联系报名人")
        except AppError:
            break
    # each reveal is scored by the pii.revealed handler on commit; the seeder may run inside one transaction
    scraping_evaluate(scraper_emp.owner_id)
