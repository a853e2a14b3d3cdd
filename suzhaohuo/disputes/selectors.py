"""Complaint and case reads: the handler queues (region scope through ``kernel.policy.scoped``), the parties'
own lists, one case for a user, what a viewer may see unmasked, and the KPI figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import NotFound
from suzhaohuo.core.masking import mask_mobile, mask_name
from suzhaohuo.disputes import clock
from suzhaohuo.disputes.choices import (
    CASE_OPEN,
    ArbitrationStatus,
    ComplaintCategory,
    ComplaintStatus,
    DueState,
    HandlerKind,
    MediationResult,
)
from suzhaohuo.disputes.models import Case, Complaint, Evidence
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.indicators import Period
from suzhaohuo.kernel.policy import Action
from suzhaohuo.kernel.roles import Role

# --- queues ------------------------------------------------------------------------------------------


def complaints_for_handler(actor: User, *, status: str | None = None, category: str | None = None,
                           include_duplicates: bool = False) -> QuerySet[Complaint]:
    if not policy.decide(actor, Action.COMPLAINT_HANDLE):
        return Complaint.objects.none()
    qs = policy.scoped(Complaint.objects.select_related("job", "employer"), actor, "region_code")
    role = getattr(actor, "role", None)
    if role == Role.MEDIATOR:
        qs = qs.filter(handler_kind=HandlerKind.MEDIATOR)
    elif role == Role.REGULATOR:
        qs = qs.filter(handler_kind=HandlerKind.REGULATOR)
    if not include_duplicates:
        qs = qs.filter(duplicate_of__isnull=True)
    if status == "open":
        qs = qs.filter(status__in=[ComplaintStatus.RECEIVED, ComplaintStatus.ACCEPTED, ComplaintStatus.IN_PROGRESS])
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("ack_due_at", "id")


def cases_for_handler(actor: User, *, status: str | None = None) -> QuerySet[Case]:
    mediate = policy.decide(actor, Action.CASE_MEDIATE)
    arbitrate = policy.decide(actor, Action.CASE_ARBITRATE)
    oversee = policy.decide(actor, Action.COMPLAINT_HANDLE)
    if not (mediate or arbitrate or oversee):
        return Case.objects.none()
    qs = policy.scoped(Case.objects.select_related("mediator", "employer", "arbitration_org"), actor, "region_code")
    if arbitrate and not policy.is_admin(actor):
        qs = qs.exclude(arbitration_status="")
    if status == "open":
        qs = qs.filter(status__in=CASE_OPEN)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


@dataclass
class QueueRow:
    case: Case
    deadline: clock.Deadline | None
    limitation: str | None


def case_queue(actor: User, *, status: str | None = "open", due: str | None = None,
               today: date | None = None) -> list[QueueRow]:
    """Cases with their nearest running deadline, overdue first; ``due`` filters on overdue/due_soon."""
    today = today or timezone.localdate()
    rows = []
    for c in cases_for_handler(actor, status=status).prefetch_related("pauses", "payments")[:500]:
        deadlines = clock.active_deadlines(c, pauses=c.pauses.all(), payments=c.payments.all(), today=today)
        d = deadlines[0] if deadlines else None
        if due and (d is None or d.state != due):
            continue
        rows.append(QueueRow(c, d, clock.limitation_state(c, today)))
    order: dict[str, int] = {DueState.OVERDUE: 0, DueState.DUE_SOON: 1, DueState.OK: 2}
    rows.sort(key=lambda r: (order.get(r.deadline.state, 3) if r.deadline else 3,
                             r.deadline.due_on if r.deadline else date.max))
    return rows


# --- the parties' own --------------------------------------------------------------------------------

def complaints_of_user(user: Any) -> QuerySet[Complaint]:
    if not getattr(user, "is_authenticated", False):
        return Complaint.objects.none()
    return Complaint.objects.filter(complainant=user).order_by("-created_at", "-id")


def cases_of_user(user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return Case.objects.filter(Q(worker=user) | Q(employer__owner=user)).order_by("-created_at", "-id")


def case_party(case: Case, user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if case.worker_id == user.pk:
        return "worker"
    if case.employer is not None and case.employer.owner_id == user.pk:
        return "employer"
    return None


def is_case_handler(case: Case, user: Any) -> bool:
    """Staff who may open the case: mediators, clerks and complaint handlers in scope."""
    return any(policy.decide(user, a, region_code=case.region_code)
               for a in (Action.CASE_MEDIATE, Action.CASE_ARBITRATE, Action.COMPLAINT_HANDLE))


def sees_personal_data(case: Case, user: Any) -> bool:
    """Unmasked for the parties and the assigned handlers; everyone else in scope (station staff and unassigned
    mediators alike, the registering staff included) sees masked data: ``policy.sees_personal_data``."""
    employer_owner = case.employer.owner_id if case.employer is not None else None
    return policy.sees_personal_data(user, subject_ids=(case.worker_id, employer_owner),
                                     handler_ids=(case.mediator_id, case.arbitration_clerk_id))


def case_get_for_user(pk: int, user: Any) -> Case:
    case = Case.objects.select_related("employer", "worker", "mediator", "mediation_org", "arbitration_org",
                                       "engagement__job", "mediation_agreement", "complaint").filter(pk=pk).first()
    if case is None or not (case_party(case, user) or is_case_handler(case, user)):
        raise NotFound(_("没有找到这件案件，请从“我的调解”或处理队列中打开。"))
    return case


def complaint_get_for_user(pk: int, user: Any) -> Complaint:
    c = Complaint.objects.select_related("job", "employer", "handler").filter(pk=pk).first()
    if c is None:
        raise NotFound(_("没有找到这件投诉。"))
    if c.complainant_id and c.complainant_id == getattr(user, "pk", None):
        return c
    if complaints_for_handler(user, include_duplicates=True).filter(pk=pk).exists():
        return c
    raise NotFound(_("没有找到这件投诉，请从“我的投诉”中打开。"))


def complaint_by_lookup(number: str, code: str) -> Complaint:
    """An anonymous reporter's complaint by number and the one-time lookup code shown when it was filed."""
    from suzhaohuo.core.crypto import keyed_hash

    number, code = (number or "").strip().upper(), (code or "").strip()
    c = Complaint.objects.filter(number=number).exclude(lookup_hash="").first()
    if c is None or not code or keyed_hash(f"complaint:{number}:{code}") != c.lookup_hash:
        raise NotFound(_("编号或查询码不对，请核对提交后显示的编号和8位查询码。"), "code")
    return c


def party_view(case: Case, user: Any) -> dict[str, str]:
    if sees_personal_data(case, user):
        return {"worker_name": case.worker_name, "worker_mobile": case.worker_mobile, "masked": ""}
    return {"worker_name": mask_name(case.worker_name), "worker_mobile": mask_mobile(case.worker_mobile),
            "masked": "1"}


def evidence_get_for_user(pk: int, user: Any) -> Evidence:
    ev = Evidence.objects.select_related("case", "complaint").filter(pk=pk).first()
    if ev is None:
        raise NotFound(_("没有找到这份材料。"))
    if ev.case is not None:
        case_get_for_user(ev.case.pk, user)
    elif ev.complaint is not None:
        complaint_get_for_user(ev.complaint.pk, user)
    return ev


def mediators_for(case: Case) -> list[Any]:
    """Mediators whose region scope covers the case (for assignment)."""
    from suzhaohuo.accounts.models import User

    return [u for u in User.objects.filter(role=Role.MEDIATOR, is_active=True).select_related("scope_region")
            if policy.in_scope(u, case.region_code)]


def deadlines_of(case: Case, today: date | None = None) -> list[clock.Deadline]:
    return clock.active_deadlines(case, pauses=case.pauses.all(), payments=case.payments.all(),
                                  today=today or timezone.localdate())


# --- KPI ---------------------------------------------------------------------------------------------

def _in(qs: QuerySet[Any], field: str, period: Period) -> QuerySet[Any]:
    return qs.filter(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _rate(num: int, den: int) -> Decimal | None:
    return None if not den else (Decimal(num) / Decimal(den)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _median(values: list[int]) -> Decimal | None:
    return None if not values else Decimal(str(statistics.median(values))).quantize(Decimal("0.1"))


def _cases(region_prefix: str | None) -> QuerySet[Case]:
    return policy.scoped_by_prefix(Case.objects.all(), region_prefix, "region_code")


@dataclass(frozen=True)
class MediationFigures:
    closed: int
    settled: int
    success_rate: Decimal | None
    median_days: Decimal | None
    within_limit: int
    within_limit_rate: Decimal | None


def mediation_figures(*, period: Period, region_prefix: str | None) -> MediationFigures:
    """Mediation cases closed in the period (closed = mediation ended: agreement, failure or withdrawal);
    settled = those ended by a signed mediation agreement."""
    closed = list(_in(_cases(region_prefix), "mediation_closed_on", period).exclude(mediation_result="")
                  .exclude(mediation_accepted_on__isnull=True))
    settled = sum(1 for c in closed if c.mediation_result == MediationResult.SETTLED)
    days = [(c.mediation_closed_on - c.mediation_accepted_on).days for c in closed
            if c.mediation_closed_on and c.mediation_accepted_on]
    within = sum(1 for c in closed if clock.mediation_within_limit(c))
    return MediationFigures(len(closed), settled, _rate(settled, len(closed)), _median(days), within,
                            _rate(within, len(closed)))


@dataclass(frozen=True)
class ArbitrationFigures:
    accepted: int
    closed: int
    closure_rate: Decimal | None
    median_days: Decimal | None


def arbitration_figures(*, period: Period, region_prefix: str | None) -> ArbitrationFigures:
    """Arbitration cases accepted by the 仲裁院 in the period, and arbitration cases closed in the period."""
    cases = _cases(region_prefix)
    accepted = _in(cases, "arbitration_accepted_on", period).count()
    closed = list(_in(cases, "arbitration_closed_on", period).filter(arbitration_status=ArbitrationStatus.CLOSED))
    days = [(c.arbitration_closed_on - c.arbitration_accepted_on).days for c in closed
            if c.arbitration_closed_on and c.arbitration_accepted_on]
    return ArbitrationFigures(accepted, len(closed), _rate(len(closed), accepted), _median(days))


def complaint_figures(*, period: Period, region_prefix: str | None) -> dict[str, Any]:
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end, time.min))
    qs = policy.scoped_by_prefix(Complaint.objects.all(), region_prefix, "region_code")
    received = qs.filter(created_at__gte=start, created_at__lt=end)
    closed = qs.filter(closed_at__gte=start, closed_at__lt=end,
                       status__in=[ComplaintStatus.CLOSED, ComplaintStatus.REJECTED]).count()
    by_category = {code: 0 for code in ComplaintCategory.values}
    for cat in received.values_list("category", flat=True):
        by_category[cat] = by_category.get(cat, 0) + 1
    return {"received": received.count(), "closed": closed, "by_category": by_category}


def _num(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def dispute_kpis(*, period: Period, region_prefix: str | None) -> dict[str, Any]:
    m = mediation_figures(period=period, region_prefix=region_prefix)
    a = arbitration_figures(period=period, region_prefix=region_prefix)
    return {
        "mediation": {"closed": m.closed, "settled": m.settled, "success_rate": _num(m.success_rate),
                      "median_days": _num(m.median_days), "within_limit_rate": _num(m.within_limit_rate)},
        "arbitration": {"accepted": a.accepted, "closed": a.closed, "closure_rate": _num(a.closure_rate),
                        "median_days": _num(a.median_days)},
        "complaints": complaint_figures(period=period, region_prefix=region_prefix),
    }


def kpi_definitions() -> dict[str, str]:
    return {
        "success_rate": _("调解成功率 = 期内以双方签署调解协议书结束的调解案件数 ÷ 期内结束调解的案件数"
                          "（达成协议、调解不成、撤回均计入分母；目标≥60%）"),
        "within_limit_rate": _("期限内结束率 = 受理后15日内（双方同意延长的，至延长期满）结束调解的案件数 ÷ 期内结束调解的案件数"),
        "closure_rate": _("仲裁结案率 = 期内仲裁结案的案件数 ÷ 期内仲裁院受理的案件数（目标≥92%）"),
        "median_days": _("用时中位数：调解自受理到结束、仲裁自受理到结案的天数的中位数"),
        "complaints": _("投诉举报：期内收到的件数，期内办结（含不予受理）的件数，按类别统计收到的件数"),
    }


def cases_for_export(actor: User, *, status: str | None = None) -> list[Case]:
    return list(cases_for_handler(actor, status=status).prefetch_related("pauses", "payments")[:5000])
