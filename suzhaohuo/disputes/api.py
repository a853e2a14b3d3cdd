"""Complaint and case endpoints under /api/v1, and the dispute KPI.

POST /complaints                       file a complaint (anonymous reports about a job or employer need no login)
GET  /me/complaints, /me/cases          the signed-in person's complaints and cases
GET  /kpi/disputes?from=&to=&region=    mediation success, arbitration closure, complaints (``to`` inclusive)
POST /cases/{id}/arbitration            an arbitration clerk (or a 仲裁院 system) records a step
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import AppError, NotFound
from suzhaohuo.disputes import selectors, services
from suzhaohuo.disputes.errors import DisputeErrorCode
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.indicators import Period
from suzhaohuo.kernel.policy import Action

router = Router(tags=["disputes"])


class ComplaintIn(Schema):
    category: str
    description: str
    job_id: int | None = None
    employer_id: int | None = None
    engagement_id: int | None = None
    agreement_no: str = ""
    anonymous: bool = False
    contact_preference: str = "in_app"


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@router.post("/complaints", summary="投诉举报（匿名举报岗位或用工主体无需登录）")
def complaint_create(request: HttpRequest, payload: ComplaintIn) -> dict[str, Any]:
    c = services.complaint_submit(actor=request.user, category=payload.category, description=payload.description,
                                  job_id=payload.job_id, employer_id=payload.employer_id,
                                  engagement_id=payload.engagement_id, agreement_no=payload.agreement_no,
                                  anonymous=payload.anonymous, contact_preference=payload.contact_preference,
                                  ip=_ip(request))
    out = {"number": c.number, "status": c.status}
    if c.lookup_code:  # anonymous: the one-time code for GET /disputes/complaints/status/
        out["lookup_code"] = c.lookup_code
    return out


def _complaint(c: Any) -> dict[str, Any]:
    return {"number": c.number, "category": c.category, "status": c.status, "status_label": c.get_status_display(),
            "created_at": c.created_at.isoformat(), "ack_due_at": c.ack_due_at.isoformat(),
            "decision_reason": c.decision_reason, "result": c.result, "upheld": c.upheld,
            "closed_at": c.closed_at.isoformat() if c.closed_at else None, "job_id": c.job_id}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _case(c: Any) -> dict[str, Any]:
    deadlines = selectors.deadlines_of(c)
    return {"number": c.number, "status": c.status, "status_label": c.get_status_display(),
            "employer_name": c.employer_name, "claim_amount": str(c.claim_amount) if c.claim_amount else None,
            "mediation_accepted_on": _iso(c.mediation_accepted_on), "mediation_result": c.mediation_result or None,
            "mediation_closed_on": _iso(c.mediation_closed_on),
            "mediation_agreement_no": c.mediation_agreement.number if c.mediation_agreement_id else None,
            "arbitration_status": c.arbitration_status or None, "arbitration_case_no": c.arbitration_case_no or None,
            "closed_on": _iso(c.closed_on),
            "deadlines": [{"kind": d.kind, "due_on": d.due_on.isoformat(), "state": d.state} for d in deadlines]}


@router.get("/me/complaints", auth=django_auth, summary="我的投诉")
def my_complaints(request: HttpRequest) -> list[dict[str, Any]]:
    return [_complaint(c) for c in selectors.complaints_of_user(request.user)[:200]]


@router.get("/me/cases", auth=django_auth, summary="我的调解/仲裁案件")
def my_cases(request: HttpRequest) -> list[dict[str, Any]]:
    qs = selectors.cases_of_user(request.user).select_related("mediation_agreement").prefetch_related(
        "pauses", "payments")
    return [_case(c) for c in qs[:200]]


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise AppError(DisputeErrorCode.BAD_DATE, _("日期格式应为 年-月-日，例如 2026-01-01。"), field) from None


def kpi_period(frm: str, to: str) -> Period:
    today = timezone.localdate()
    start = _day(frm, "from") if frm else today.replace(month=1, day=1)
    end = _day(to, "to") if to else today
    if end < start:
        raise AppError(DisputeErrorCode.BAD_DATE, _("结束日期不能早于开始日期。"), "to")
    return Period(start, end + timedelta(days=1))


def kpi_region(user: Any, region: str) -> str | None:
    """The requested region's code prefix, inside the viewer's scope (default: the viewer's whole scope)."""
    from suzhaohuo.regions.selectors import region_get

    region = (region or "").strip()
    if not region:
        return policy.scope_prefix(user)
    prefix = str(region_get(region, field="region").scope_prefix)
    if not policy.in_scope(user, prefix):
        raise NotFound(_("这个地区不在您的管辖范围内。"), "region")
    return prefix


@router.get("/kpi/disputes", auth=django_auth, summary="调解成功率、仲裁结案率与投诉举报（含定义）")
def kpi_disputes(request: HttpRequest, region: str = "", to: str = "") -> dict[str, Any]:
    """Query: from, to (YYYY-MM-DD, both inclusive; default this year), region (a region code in your scope)."""
    policy.require(request.user, Action.KPI_VIEW)
    period = kpi_period(request.GET.get("from", ""), to)
    prefix = kpi_region(request.user, region)
    out = selectors.dispute_kpis(period=period, region_prefix=prefix)
    out["definitions"] = selectors.kpi_definitions()
    out["period"] = {"from": period.start.isoformat(), "to": (period.end - timedelta(days=1)).isoformat()}
    out["region"] = prefix or ""
    return out


class ArbitrationIn(Schema):
    step: str  # apply | accept | reject | hearing | extend | close
    on: date | None = None
    case_no: str = ""
    reason: str = ""
    outcome: str = ""
    days: int | None = None
    amount: Decimal | None = None
    due_on: date | None = None


@router.post("/cases/{number}/arbitration", auth=django_auth, summary="仲裁院登记仲裁进度")
def case_arbitration(request: HttpRequest, number: str, payload: ArbitrationIn) -> dict[str, Any]:
    case = selectors.cases_for_handler(authenticated_user(request)).filter(number=number).first()
    if case is None:
        raise NotFound(_("没有找到这件案件。"))
    u, s = authenticated_user(request), services
    step = payload.step
    if step == "apply":
        s.arbitration_apply(actor=u, case=case, applied_on=payload.on)
    elif step == "accept":
        s.arbitration_accept(actor=u, case=case, accepted_on=payload.on, case_no=payload.case_no)
    elif step == "reject":
        s.arbitration_reject(actor=u, case=case, rejected_on=payload.on, reason=payload.reason)
    elif step == "hearing":
        s.arbitration_hearing_add(actor=u, case=case, hearing_on=payload.on)
    elif step == "extend":
        s.arbitration_extend(actor=u, case=case, days=payload.days or 0)
    elif step == "close":
        s.arbitration_close(actor=u, case=case, outcome=payload.outcome, award_on=payload.on,
                            amount=payload.amount, due_on=payload.due_on)
    else:
        raise AppError(DisputeErrorCode.BAD_STATE, _("不认识的仲裁步骤，可用：apply、accept、reject、hearing、extend、close。"),
                       "step")
    case.refresh_from_db()
    return _case(case)
