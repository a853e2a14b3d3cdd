"""就业援助 writes: identification with consent and evidence, the assistance plan and ledger, prioritised job
pushes, outcomes and follow-ups; public-welfare posts, eligibility, placements with term limits, attendance and
exit. Every write: keyword-only, one transaction, policy check (ASSISTANCE_MANAGE within the staff's region),
an audit record."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.assistance.choices import (
    ACTIVE_PERSON,
    ExitReason,
    FollowUpResult,
    OutcomeKind,
    PersonStatus,
    PlacementStatus,
    PostStatus,
    UnitKind,
)
from suzhaohuo.assistance.errors import AssistanceErrorCode as E
from suzhaohuo.assistance.models import (
    AssistanceContact,
    Attendance,
    DifficultyCategory,
    DifficultyPerson,
    FollowUp,
    Placement,
    Recommendation,
    WelfarePost,
)
from suzhaohuo.core.errors import AppError, PermissionDenied
from suzhaohuo.core.services import audit_record
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.notifications.services import notify

FOLLOW_UP_MONTHS = (1, 3, 6)


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _text(value: Any, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = (str(value) if value is not None else "").strip()
    if required and not text:
        raise AppError(E.REQUIRED, _("请填写%(l)s。") % {"l": label}, field)
    if len(text) > limit:
        raise AppError(E.BAD_INPUT, _("%(l)s最多%(n)s字，请删减。") % {"l": label, "n": limit}, field)
    return text


def _require(actor: User, region_code: str) -> None:
    policy.require(actor, Action.ASSISTANCE_MANAGE, region_code=region_code)


# --- categories and identification ----------------------------------------------------------------

def categories_for(city_code: str, *, on: date | None = None) -> list[DifficultyCategory]:
    on = on or timezone.localdate()
    return list(DifficultyCategory.objects.filter(city_code=city_code, effective_from__lte=on)
                .exclude(effective_to__lt=on).order_by("sort_order", "code"))


WORKING_AGE_MIN = 16  # 劳动法 Art 15: no employment under 16


def age_on(birth_date: date, on: date) -> int:
    """Full years (周岁) on ``on``."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def category_age_problem(category: DifficultyCategory, user: Any, *, on: date | None = None) -> str | None:
    """Why ``user`` (by the verified birth date and sex) does not meet ``category``'s age conditions on ``on``, or
    None. Every category requires working age (16 to the statutory retirement age); a category may add a minimum
    or maximum age, or a distance to retirement (「距法定退休年龄不足10年」)."""
    from suzhaohuo.identity.selectors import person_identity_of

    on = on or timezone.localdate()
    identity = person_identity_of(user)
    retire = retirement_date(user)
    if identity is None or identity.birth_date is None or retire is None:
        return str(_("实名信息中没有出生日期，无法核对年龄条件：请先核对本人身份证件并完成实名登记。"))
    age = age_on(identity.birth_date, on)
    if age < WORKING_AGE_MIN:
        return str(_("未满16周岁，不能认定为就业困难人员。"))
    if on >= retire:
        return str(_("已到法定退休年龄（%(d)s），不能认定为就业困难人员。") % {"d": retire.isoformat()})
    if category.min_age is not None and age < category.min_age:
        return str(_("“%(c)s”要求年满%(n)s周岁，本人现年%(a)s周岁，不符合这一类别。") % {
            "c": category.name, "n": category.min_age, "a": age})
    if category.max_age is not None and age >= category.max_age:
        return str(_("“%(c)s”要求未满%(n)s周岁，本人现年%(a)s周岁，不符合这一类别。") % {
            "c": category.name, "n": category.max_age, "a": age})
    if category.max_years_to_retirement is not None \
            and on < add_months(retire, -12 * category.max_years_to_retirement):
        return str(_("“%(c)s”要求距法定退休年龄不足%(n)s年；本人%(d)s到法定退休年龄，还不符合这一类别。") % {
            "c": category.name, "n": category.max_years_to_retirement, "d": retire.isoformat()})
    return None


@transaction.atomic
def person_identify(*, actor: User, user: Any, category_code: str, consent: bool, consent_note: str,
                    evidence: str, circumstances: str = "", township_code: str | None = None, goal: str = "",
                    training_suggested: str = "") -> DifficultyPerson:
    """Station staff identify a resident as a 就业困难人员: only with the person's consent and evidence, in a
    category the city lists today."""
    from suzhaohuo.identity.selectors import person_identity_of, user_is_verified

    if user is None or getattr(user, "role", None) != "worker":
        raise AppError(E.UNKNOWN_PERSON, _("请先为这位居民登记零工账号（到站登记）后再认定。"), "mobile")
    if not user_is_verified(user):  # the form says so; the rule lives here
        raise AppError(E.REQUIRED, _("这位居民还没有通过实名核验：请先核验本人身份证件，再认定就业困难人员。"), "mobile")
    identity = person_identity_of(user)
    township = township_code or (identity.township_id if identity and identity.township_id else "")
    if not township:
        raise AppError(E.REQUIRED, _("请先完成这位居民的实名登记（含所在乡镇）后再认定。"), "mobile")
    _require(actor, township)
    if not consent:
        raise AppError(E.CONSENT_REQUIRED, _("认定须经本人同意：请向本人说明用途，本人同意后勾选“本人已同意”。"),
                       "consent")
    consent_note = _text(consent_note, field="consent_note", label=_("同意方式"), limit=200, required=True)
    category = next((c for c in categories_for(township[:4]) if c.code == (category_code or "").strip()), None)
    if category is None:
        raise AppError(E.UNKNOWN_CATEGORY, _("请从本市的就业困难人员类别中选择一项。"), "category_code")
    age_problem = category_age_problem(category, user)
    if age_problem:
        raise AppError(E.NOT_ELIGIBLE, age_problem, "category_code")
    evidence = _text(evidence, field="evidence", label=_("证明材料"), limit=1000)
    if not evidence:
        raise AppError(E.EVIDENCE_REQUIRED, _("请填写证明材料，例如：%(h)s") % {"h": category.evidence_hint or _("失业登记证编号")},
                       "evidence")
    if DifficultyPerson.objects.filter(user=user, status__in=ACTIVE_PERSON).exists():
        raise AppError(E.ALREADY_IDENTIFIED, _("这位居民已是认定在册的就业困难人员，请在台账中查看。"), "mobile",
                       status=409)
    now = timezone.now()
    person = DifficultyPerson.objects.create(
        user=user, township_code=township, category=category, consent_at=now, consent_note=consent_note,
        evidence=evidence, circumstances=_text(circumstances, field="circumstances", label=_("情况说明"), limit=1000),
        identified_by=actor, identified_at=now, assigned_staff=actor,
        goal=_text(goal, field="goal", label=_("帮扶目标"), limit=300),
        training_suggested=_text(training_suggested, field="training_suggested", label=_("建议培训"), limit=300))
    audit_record(actor=actor, action="assistance.identify", target=person, region_code=township,
                 data={"category": category.code})
    notify(user=user, event="assistance_identified", title=_("您已登记为就业援助对象"),
           body=_("零工服务站会为您优先推荐岗位。可在“我的”→“我的就业援助”查看，也可随时撤回。"),
           url=reverse("assistance:mine"), sms=False)
    return person


@transaction.atomic
def person_withdraw(*, user: Any, person: DifficultyPerson, reason: str = "") -> DifficultyPerson:
    """The person withdraws (PIPL Art 15): the identification ends and the sensitive details are erased."""
    if person.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("只能撤回本人的登记。"))
    if person.status not in ACTIVE_PERSON:
        raise AppError(E.BAD_STATE, _("这条登记已经结束，无需撤回。"))
    today = timezone.localdate()
    for placement in Placement.objects.select_for_update().filter(person=person, status=PlacementStatus.ACTIVE):
        _exit(placement, exit_date=today, reason=ExitReason.VOLUNTARY, note=_("本人撤回就业困难人员登记"), actor=user)
    person.status = PersonStatus.WITHDRAWN
    person.ended_at = timezone.now()
    person.end_reason = _text(reason, field="reason", label=_("原因"), limit=300) or _("本人撤回")
    person.evidence = ""
    person.circumstances = ""
    person.save()
    AssistanceContact.objects.filter(person=person).update(content="")
    audit_record(actor=user, action="assistance.withdraw", target=person, region_code=person.township_code)
    return person


@transaction.atomic
def plan_update(*, actor: User, person: DifficultyPerson, goal: str, training_suggested: str) -> DifficultyPerson:
    _require(actor, person.township_code)
    person.goal = _text(goal, field="goal", label=_("帮扶目标"), limit=300)
    person.training_suggested = _text(training_suggested, field="training_suggested", label=_("建议培训"), limit=300)
    person.save(update_fields=["goal", "training_suggested", "updated_at"])
    audit_record(actor=actor, action="assistance.plan_update", target=person, region_code=person.township_code)
    return person


@transaction.atomic
def contact_add(*, actor: User, person: DifficultyPerson, on: date | None, channel: str,
                content: str) -> AssistanceContact:
    from suzhaohuo.assistance.choices import ContactChannel

    _require(actor, person.township_code)
    if person.status not in ACTIVE_PERSON:
        raise AppError(E.BAD_STATE, _("这位人员的援助已结束，不能再记录帮扶。"))
    if channel not in ContactChannel.values:
        raise AppError(E.BAD_INPUT, _("请选择联系方式。"), "channel")
    if on is None or on > timezone.localdate():
        raise AppError(E.BAD_INPUT, _("请选择联系日期（不能晚于今天）。"), "date")
    contact = AssistanceContact.objects.create(
        person=person, date=on, channel=channel, staff=actor,
        content=_text(content, field="content", label=_("帮扶内容"), limit=1000, required=True))
    audit_record(actor=actor, action="assistance.contact", target=person, region_code=person.township_code)
    return contact


@transaction.atomic
def recommendation_push(*, actor: User, person: DifficultyPerson, job: Any) -> Recommendation:
    """Push one job to the person with assistance priority. Bounded: at most
    ASSISTANCE_PRIORITY_PUSHES_PER_DAY per person per day; the employer is never told why."""
    from suzhaohuo.jobs.selectors import jobs_public

    _require(actor, person.township_code)
    if person.status != PersonStatus.IDENTIFIED:
        raise AppError(E.BAD_STATE, _("只能为在册、尚未就业的人员推送岗位。"))
    if not jobs_public().filter(pk=job.pk).exists():
        raise AppError(E.BAD_STATE, _("这个岗位已结束招聘，请换一个岗位。"), "job")
    cap = settings.ASSISTANCE_PRIORITY_PUSHES_PER_DAY
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    if Recommendation.objects.filter(person=person, pushed_at__gte=start).count() >= cap:
        raise AppError(E.BAD_STATE, _("今天已为这位人员推送%(n)s个岗位（每天上限），请明天再推送。") % {"n": cap})
    rec, created = Recommendation.objects.get_or_create(person=person, job=job, defaults={"staff": actor})
    if rec.pushed_at is not None:
        raise AppError(E.BAD_STATE, _("这个岗位已推送过给这位人员。"), "job", status=409)
    rec.pushed_at = timezone.now()
    rec.staff = actor
    rec.save()
    notify(user=person.user, event="assistance_job", title=_("零工服务站为您推荐：%(t)s") % {"t": job.title},
           body=_("点开查看岗位，合适就直接报名；有困难可找帮扶责任人。"), url=reverse("jobs:detail", args=[job.pk]))
    audit_record(actor=actor, action="assistance.push", target=person, region_code=person.township_code,
                 data={"job_id": job.pk})
    return rec


@transaction.atomic
def outcome_record(*, actor: User, person: DifficultyPerson, employed_on: date | None, employed_where: str,
                   kind: str) -> DifficultyPerson:
    """The person found work: record where and when, and schedule follow-ups at 1, 3 and 6 months."""
    if actor is not None:
        _require(actor, person.township_code)
    if person.status not in ACTIVE_PERSON:
        raise AppError(E.BAD_STATE, _("这位人员的援助已结束。"))
    if kind not in OutcomeKind.values:
        raise AppError(E.BAD_INPUT, _("请选择就业方式。"), "kind")
    if employed_on is None or employed_on > timezone.localdate():
        raise AppError(E.BAD_INPUT, _("请选择就业日期（不能晚于今天）。"), "employed_on")
    person.status = PersonStatus.EMPLOYED
    person.employed_on = employed_on
    person.employed_where = _text(employed_where, field="employed_where", label=_("就业单位/岗位"), limit=200,
                                  required=True)
    person.outcome_kind = kind
    person.save()
    for months in FOLLOW_UP_MONTHS:
        FollowUp.objects.get_or_create(person=person, months=months, due_on=add_months(employed_on, months))
    audit_record(actor=actor, action="assistance.outcome", target=person, region_code=person.township_code,
                 data={"kind": kind, "employed_on": employed_on.isoformat()})
    return person


@transaction.atomic
def followup_record(*, actor: User, follow_up: FollowUp, result: str, note: str = "") -> FollowUp:
    person = follow_up.person
    _require(actor, person.township_code)
    if result not in FollowUpResult.values:
        raise AppError(E.BAD_INPUT, _("请选择回访结果。"), "result")
    follow_up.result = result
    follow_up.note = _text(note, field="note", label=_("说明"), limit=300)
    follow_up.done_on = timezone.localdate()
    follow_up.staff = actor
    follow_up.save()
    if result == FollowUpResult.UNEMPLOYED and person.status == PersonStatus.EMPLOYED:
        person.status = PersonStatus.IDENTIFIED  # back on the books: help continues
        person.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="assistance.follow_up", target=person, region_code=person.township_code,
                 data={"months": follow_up.months, "result": result})
    return follow_up


# --- public-welfare posts ------------------------------------------------------------------------

@dataclass
class PostInput:
    title: str
    unit_name: str
    unit_kind: str
    township_code: str
    duties: str
    hours: str
    monthly_subsidy: Any
    term_months: Any = 12
    slots: Any = 1
    pay_note: str = ""


def _int(value: Any, *, field: str, message: str, lo: int, hi: int) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise AppError(E.BAD_INPUT, message, field) from None
    if not lo <= n <= hi:
        raise AppError(E.BAD_INPUT, message, field)
    return n


@transaction.atomic
def post_create(*, actor: User, data: PostInput) -> WelfarePost:
    from suzhaohuo.regions.selectors import township_get

    township = township_get(data.township_code, field="township_code")
    _require(actor, township.code)
    if data.unit_kind not in UnitKind.values:
        raise AppError(E.BAD_INPUT, _("请选择用人单位类型。"), "unit_kind")
    try:
        subsidy = Decimal(str(data.monthly_subsidy))
    except (InvalidOperation, ValueError):
        raise AppError(E.BAD_INPUT, _("请填写每月岗位补贴金额，例如 2000。"), "monthly_subsidy") from None
    if not subsidy.is_finite() or subsidy <= 0 or subsidy > Decimal("99999"):
        raise AppError(E.BAD_INPUT, _("请填写每月岗位补贴金额，例如 2000。"), "monthly_subsidy")
    max_term = settings.ASSISTANCE_WELFARE_TERM_MONTHS
    post = WelfarePost.objects.create(
        title=_text(data.title, field="title", label=_("岗位名称"), limit=60, required=True),
        unit_name=_text(data.unit_name, field="unit_name", label=_("用人单位"), limit=100, required=True),
        unit_kind=data.unit_kind, township=township,
        duties=_text(data.duties, field="duties", label=_("工作内容"), limit=1000, required=True),
        hours=_text(data.hours, field="hours", label=_("工作时间"), limit=100, required=True),
        monthly_subsidy=subsidy.quantize(Decimal("0.01")),
        pay_note=_text(data.pay_note, field="pay_note", label=_("待遇说明"), limit=200),
        term_months=_int(data.term_months, field="term_months", lo=1, hi=max_term,
                         message=_("每期期限请填写1到%(n)s个月。") % {"n": max_term}),
        slots=_int(data.slots, field="slots", lo=1, hi=999, message=_("岗位数请填写1到999。")),
        created_by=actor)
    audit_record(actor=actor, action="assistance.post_create", target=post, region_code=township.code)
    return post


@transaction.atomic
def post_close(*, actor: User, post: WelfarePost) -> WelfarePost:
    _require(actor, post.township_id)
    post.status = PostStatus.CLOSED
    post.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="assistance.post_close", target=post, region_code=post.township_id)
    return post


def retirement_date(user: Any) -> date | None:
    """Statutory retirement date from the verified identity (birth date, sex) and settings (simplified)."""
    from suzhaohuo.identity.selectors import person_identity_of

    identity = person_identity_of(user)
    if identity is None or identity.birth_date is None:
        return None
    age = settings.ASSISTANCE_RETIREMENT_AGE.get(identity.gender or "", settings.ASSISTANCE_RETIREMENT_AGE["M"])
    return add_months(identity.birth_date, 12 * int(age))


def months_between(a: date, b: date) -> int:
    """Calendar months from ``a`` to ``b`` inclusive, a started month counting as one (1 Jan–31 Mar = 3)."""
    if b < a:
        return 0
    return (b.year - a.year) * 12 + b.month - a.month + (1 if b.day >= a.day else 0)


def months_served(user: Any, *, exclude: Placement | None = None) -> int:
    """Months of public-welfare placements this person has used: past ones to their exit, active ones for the
    whole agreed term (across all identifications)."""
    qs = Placement.objects.filter(person__user=user)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return sum(months_between(p.start_date, p.exit_date or p.end_date) for p in qs)


@dataclass
class Term:
    months: int  # months this placement may run (0 = none left)
    near_retirement: bool
    retires_on: date | None


def term_allowed(*, user: Any, start: date, wanted_months: int) -> Term:
    """The term limit: at most ASSISTANCE_WELFARE_TERM_MONTHS in total; a person within
    ASSISTANCE_WELFARE_EXTENSION_YEARS of retirement may continue up to the retirement date."""
    retires = retirement_date(user)
    near = retires is not None and retires <= add_months(start, 12 * settings.ASSISTANCE_WELFARE_EXTENSION_YEARS)
    left = settings.ASSISTANCE_WELFARE_TERM_MONTHS - months_served(user)
    if near and retires is not None:
        until_retirement = months_between(start, retires - timedelta(days=1))
        return Term(max(0, min(wanted_months, until_retirement)), True, retires)
    return Term(max(0, min(wanted_months, left)), False, retires)


def eligibility(*, person: DifficultyPerson | None, post: WelfarePost, on: date | None = None) -> list[str]:
    """Why ``person`` may not be placed on ``post`` (empty list: eligible)."""
    on = on or timezone.localdate()
    reasons: list[str] = []
    if person is None or person.status != PersonStatus.IDENTIFIED:
        reasons.append(_("公益性岗位只安置认定在册、尚未就业的就业困难人员。"))
        return reasons
    if person.category.effective_to is not None and person.category.effective_to < on:
        reasons.append(_("认定类别“%(c)s”已失效，请重新认定。") % {"c": person.category.name})
    if post.status != PostStatus.OPEN:
        reasons.append(_("这个岗位已停止招用。"))
    if post.placements.filter(status=PlacementStatus.ACTIVE).count() >= post.slots:
        reasons.append(_("这个岗位已满员（%(n)s人）。") % {"n": post.slots})
    if person.township_code[:6] != post.township_id[:6]:
        reasons.append(_("公益性岗位安置本县（区）的人员，这位人员不在岗位所在县（区）。"))
    if Placement.objects.filter(person__user=person.user, status=PlacementStatus.ACTIVE).exists():
        reasons.append(_("这位人员已在公益性岗位上岗，不能同时安置两个岗位。"))
    term = term_allowed(user=person.user, start=on, wanted_months=post.term_months)
    if term.months <= 0:
        if term.near_retirement:
            reasons.append(_("这位人员已达到退休年龄。"))
        else:
            reasons.append(_("公益性岗位累计安置期限最长%(n)s个月，这位人员已用满（临近退休%(y)s年内的除外）。")
                           % {"n": settings.ASSISTANCE_WELFARE_TERM_MONTHS,
                              "y": settings.ASSISTANCE_WELFARE_EXTENSION_YEARS})
    return reasons


def _agreement(placement: Placement, person: DifficultyPerson, post: WelfarePost) -> None:
    """The placement agreement: a fixed text sealed with the platform's e-agreement key (agreements.signing)."""
    from suzhaohuo.agreements import signing
    from suzhaohuo.identity.selectors import person_identity_of

    identity = person_identity_of(person.user)
    name = identity.real_name if identity else str(person.user)
    text = _("公益性岗位安置协议\n协议编号：%(no)s\n用人单位：%(unit)s\n安置人员：%(name)s\n岗位：%(title)s（%(town)s）\n"
             "工作内容：%(duties)s\n工作时间：%(hours)s\n岗位补贴：每月%(sub)s元，按实际出勤核发。%(note)s\n"
             "期限：%(a)s 至 %(b)s。期满前60日内通知本人；累计安置期限按本市规定执行。\n"
             "双方权利义务以本市公益性岗位管理办法为准。本人可随时申请退出。") % {
        "no": placement.agreement_number, "unit": post.unit_name, "name": name, "title": post.title,
        "town": post.township.name, "duties": post.duties, "hours": post.hours, "sub": post.monthly_subsidy,
        "note": post.pay_note, "a": placement.start_date, "b": placement.end_date}
    placement.agreement_text = text
    placement.agreement_sha256 = signing.sha256_hex(text)
    placement.agreement_signature = signing.sign(signing.canonical_json(
        {"schema": "szh-welfare-placement/1", "number": placement.agreement_number,
         "sha256": placement.agreement_sha256, "key_id": signing.key_id()}))


@transaction.atomic
def placement_create(*, actor: User, post: WelfarePost, person: DifficultyPerson | None,
                     start_date: date | None = None) -> Placement:
    """Place an eligible person on a post for one term (capped by the term limit), with the agreement."""
    post = WelfarePost.objects.select_for_update().select_related("township").get(pk=post.pk)
    _require(actor, post.township_id)
    start = start_date or timezone.localdate()
    reasons = eligibility(person=person, post=post, on=start)
    if reasons or person is None:
        raise AppError(E.NOT_ELIGIBLE, _("不能安置：%(r)s") % {"r": "；".join(reasons)}, "person",
                       extra={"reasons": reasons})
    term = term_allowed(user=person.user, start=start, wanted_months=post.term_months)
    end = add_months(start, term.months) - timedelta(days=1)
    if term.retires_on is not None and end >= term.retires_on:
        end = term.retires_on - timedelta(days=1)
    placement = Placement(post=post, person=person, start_date=start, end_date=end, placed_by=actor,
                          township_code=post.township_id,
                          extended=term.near_retirement and months_served(person.user) + term.months
                          > settings.ASSISTANCE_WELFARE_TERM_MONTHS,
                          agreement_number=f"GY{timezone.now():%Y%m%d%H%M%S}{post.pk:04d}{person.pk:05d}")
    _agreement(placement, person, post)
    placement.save()
    audit_record(actor=actor, action="assistance.place", target=placement, region_code=post.township_id,
                 data={"post_id": post.pk, "person_id": person.pk, "end": end.isoformat()})
    notify(user=person.user, event="assistance_placed", title=_("公益性岗位安置：%(t)s") % {"t": post.title},
           body=_("%(a)s 上岗，期满 %(b)s。协议可在“我的就业援助”查看。") % {"a": start, "b": end},
           url=reverse("assistance:mine"), sms=False)
    return placement


@transaction.atomic
def placement_extend(*, actor: User, placement: Placement, months: Any) -> Placement:
    """Extend a placement: within the term limit, or (near retirement) up to the retirement date."""
    placement = Placement.objects.select_for_update().select_related("person__user", "post").get(pk=placement.pk)
    _require(actor, placement.township_code)
    if placement.status != PlacementStatus.ACTIVE:
        raise AppError(E.BAD_STATE, _("只能延长在岗人员的期限。"))
    n = _int(months, field="months", lo=1, hi=settings.ASSISTANCE_WELFARE_TERM_MONTHS,
             message=_("请填写要延长的月数（1到%(n)s）。") % {"n": settings.ASSISTANCE_WELFARE_TERM_MONTHS})
    user = placement.person.user
    retires = retirement_date(user)
    new_end = add_months(placement.end_date + timedelta(days=1), n) - timedelta(days=1)
    near = retires is not None and retires <= add_months(placement.end_date,
                                                         12 * settings.ASSISTANCE_WELFARE_EXTENSION_YEARS)
    if near and retires is not None:
        new_end = min(new_end, retires - timedelta(days=1))
    else:
        served_after = months_served(user, exclude=placement) + months_between(placement.start_date, new_end)
        if served_after > settings.ASSISTANCE_WELFARE_TERM_MONTHS:
            raise AppError(E.TERM_LIMIT, _("延长后累计超过%(n)s个月的期限；只有距退休%(y)s年内的人员可以延长到退休。")
                           % {"n": settings.ASSISTANCE_WELFARE_TERM_MONTHS,
                              "y": settings.ASSISTANCE_WELFARE_EXTENSION_YEARS}, "months")
    if new_end <= placement.end_date:
        raise AppError(E.TERM_LIMIT, _("这位人员已到退休年龄，不能再延长。"), "months")
    old = placement.end_date
    placement.end_date = new_end
    placement.extended = placement.extended or near
    placement.alerted_at = None
    placement.save()
    audit_record(actor=actor, action="assistance.extend", target=placement, region_code=placement.township_code,
                 data={"from": old.isoformat(), "to": new_end.isoformat(), "near_retirement": near})
    return placement


def _exit(placement: Placement, *, exit_date: date, reason: str, note: str, actor: User) -> Placement:
    placement.status = PlacementStatus.EXITED
    placement.exit_date = exit_date
    placement.exit_reason = reason
    placement.exit_note = note[:300]
    placement.save()
    audit_record(actor=actor, action="assistance.exit", target=placement, region_code=placement.township_code,
                 data={"reason": reason, "date": exit_date.isoformat()})
    return placement


@transaction.atomic
def placement_exit(*, actor: User, placement: Placement, exit_date: date | None, reason: str,
                   note: str = "") -> Placement:
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    _require(actor, placement.township_code)
    if placement.status != PlacementStatus.ACTIVE:
        raise AppError(E.BAD_STATE, _("这位人员已经退出。"))
    if reason not in ExitReason.values:
        raise AppError(E.BAD_INPUT, _("请选择退出原因。"), "reason")
    if exit_date is None or exit_date < placement.start_date:
        raise AppError(E.BAD_INPUT, _("请选择退出日期（不早于上岗日期）。"), "exit_date")
    note = _text(note, field="note", label=_("说明"), limit=300, required=reason in (ExitReason.OTHER,
                                                                                   ExitReason.DISMISSED))
    return _exit(placement, exit_date=exit_date, reason=reason, note=note, actor=actor)


def _month(value: Any) -> date:
    if isinstance(value, date):
        return value.replace(day=1)
    try:
        y, m = str(value).strip()[:7].split("-")
        return date(int(y), int(m), 1)
    except (ValueError, TypeError):
        raise AppError(E.BAD_INPUT, _("请按 年-月 选择月份，例如 2026-11。"), "month") from None


@transaction.atomic
def attendance_record(*, actor: User, placement: Placement, month: Any, days_scheduled: Any, days_present: Any,
                      note: str = "") -> Attendance:
    """One month's attendance; the subsidy is the monthly subsidy × days present / days scheduled. Re-recording
    a month corrects it (one row per month)."""
    _require(actor, placement.township_code)
    first = _month(month)
    last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    end = placement.exit_date or placement.end_date
    if last < placement.start_date or first > end:
        raise AppError(E.BAD_INPUT, _("这个月份不在安置期间（%(a)s 至 %(b)s）内。") % {"a": placement.start_date, "b": end},
                       "month")
    if first > timezone.localdate():
        raise AppError(E.BAD_INPUT, _("不能登记未来月份的考勤。"), "month")
    days_in_month = last.day
    scheduled = _int(days_scheduled, field="days_scheduled", lo=1, hi=days_in_month,
                     message=_("应出勤天数请填写1到%(n)s。") % {"n": days_in_month})
    present = _int(days_present, field="days_present", lo=0, hi=scheduled,
                   message=_("实出勤天数请填写0到应出勤天数（%(n)s）之间。") % {"n": scheduled})
    subsidy = (placement.post.monthly_subsidy * present / scheduled).quantize(Decimal("0.01"), ROUND_HALF_UP)
    row, _created = Attendance.objects.update_or_create(
        placement=placement, month=first,
        defaults={"days_scheduled": scheduled, "days_present": present, "subsidy": subsidy, "recorded_by": actor,
                  "note": _text(note, field="note", label=_("备注"), limit=200)})
    audit_record(actor=actor, action="assistance.attendance", target=placement, region_code=placement.township_code,
                 data={"month": first.isoformat(), "present": present, "scheduled": scheduled, "subsidy": str(subsidy)})
    return row


def placements_alert_term_end(*, now: datetime | None = None) -> int:
    """Tell the person and the responsible staff before a term ends (once per term; periodic)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    horizon = today + timedelta(days=settings.ASSISTANCE_WELFARE_ALERT_DAYS)
    n = 0
    for p in Placement.objects.filter(status=PlacementStatus.ACTIVE, alerted_at__isnull=True,
                                      end_date__lte=horizon).select_related("person__user", "post",
                                                                             "person__assigned_staff"):
        with transaction.atomic():
            title = _("公益性岗位“%(t)s”将于%(d)s期满") % {"t": p.post.title, "d": p.end_date}
            notify(user=p.person.user, event="welfare_term_ending", title=title,
                   body=_("请提前和零工服务站联系，商量下一步就业。"), url=reverse("assistance:mine"), sms=False)
            staff = p.person.assigned_staff or p.placed_by
            if staff is not None:
                notify(user=staff, event="welfare_term_ending", title=title,
                       body=_("请安排期满退出或办理延长（临近退休的可延长）。"),
                       url=reverse("assistance:placement", args=[p.pk]), sms=False)
            p.alerted_at = timezone.now()
            p.save(update_fields=["alerted_at", "updated_at"])
            n += 1
    return n


# --- configuration data ----------------------------------------------------------------------------

CATEGORY_FILE = Path(__file__).parent / "data" / "categories.json"


def categories_load(*, effective_from: date | None = None) -> int:
    """Load each city's category list from data/categories.json (idempotent: updates by city and code)."""
    import json

    data = json.loads(CATEGORY_FILE.read_text(encoding="utf-8"))
    start = effective_from or date(2026, 1, 1)
    n = 0
    for city, rows in data["cities"].items():
        for i, row in enumerate(rows):
            DifficultyCategory.objects.update_or_create(
                city_code=city, code=row["code"],
                defaults={"name": row["name"], "description": row.get("description", ""),
                          "evidence_hint": row.get("evidence_hint", ""), "sort_order": i,
                          "effective_from": start, "min_age": row.get("min_age"), "max_age": row.get("max_age"),
                          "max_years_to_retirement": row.get("max_years_to_retirement")})
            n += 1
    return n
