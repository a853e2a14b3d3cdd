"""Regulation endpoints: the public employer status, and regulator endpoints for sanctions and referrals that
department systems call (session or the platform's staff login; region-scoped like the console)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import NotFound
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.regulation import selectors, services
from suzhaohuo.regulation.models import Referral, Sanction

router = Router(tags=["regulation"])


class SanctionBrief(Schema):
    kind: str
    until: str | None


class EmployerStatusOut(Schema):
    id: int
    name: str
    verified: bool
    sanctioned: bool
    sanctions: list[SanctionBrief]
    listed: bool


@router.get("/employers/{employer_id}/status", response=EmployerStatusOut, auth=None,
            summary="用工主体监管状态（公开，不含个人信息）")
def employer_status(request: HttpRequest, employer_id: int) -> dict[str, Any]:
    from suzhaohuo.identity.models import Employer

    emp = Employer.objects.filter(pk=employer_id).first()
    if emp is None:
        raise NotFound("找不到这个用工主体。", "employer_id")
    active = list(selectors.sanctions_in_force("employer", emp.pk).order_by("starts_at"))
    return {"id": emp.pk, "name": emp.name, "verified": emp.is_verified, "sanctioned": bool(active),
            "sanctions": [{"kind": s.kind, "until": s.ends_at.isoformat() if s.ends_at else None} for s in active],
            "listed": selectors.employer_listing(emp) is not None}


class EvidenceIn(Schema):
    type: str = "link"
    ref: str = ""
    label: str


class SanctionIn(Schema):
    kind: str
    subject_type: str
    subject_id: int
    legal_basis: str
    reason: str
    evidence: list[EvidenceIn] = []
    days: int | None = None
    correction_required: str = ""
    correction_deadline: date | None = None


class SanctionOut(Schema):
    id: int
    kind: str
    subject_type: str
    subject_id: int
    subject_name: str
    region_code: str
    legal_basis: str
    reason: str
    evidence: list[dict[str, Any]]
    status: str
    in_force: bool
    starts_at: str
    ends_at: str | None
    correction_required: str
    correction_deadline: date | None


def _sanction_out(s: Sanction) -> dict[str, Any]:
    return {"id": s.pk, "kind": s.kind, "subject_type": s.subject_type, "subject_id": s.subject_id,
            "subject_name": s.subject_name, "region_code": s.region_code, "legal_basis": s.legal_basis,
            "reason": s.reason, "evidence": s.evidence, "status": s.status, "in_force": s.in_force(),
            "starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat() if s.ends_at else None,
            "correction_required": s.correction_required, "correction_deadline": s.correction_deadline}


def _regulator(request: HttpRequest) -> Any:
    user = authenticated_user(request)
    policy.require(user, Action.SANCTION_DECIDE)
    return user


@router.get("/regulation/sanctions", response=list[SanctionOut], auth=django_auth, summary="监管处理列表（本辖区）")
def sanctions_list(request: HttpRequest, status: str = "", subject_type: str = "", subject_id: int | None = None
                   ) -> list[dict[str, Any]]:
    qs = selectors.sanctions_for_staff(_regulator(request), status=status or None)
    if subject_type:
        qs = qs.filter(subject_type=subject_type)
    if subject_id is not None:
        qs = qs.filter(subject_id=subject_id)
    return [_sanction_out(s) for s in qs[:500]]


@router.post("/regulation/sanctions", response={201: SanctionOut}, auth=django_auth, summary="作出监管处理")
def sanctions_create(request: HttpRequest, payload: SanctionIn) -> Status[dict[str, Any]]:
    s = services.sanction_impose(actor=authenticated_user(request), kind=payload.kind,
                                 subject_type=payload.subject_type, subject_id=payload.subject_id,
                                 legal_basis=payload.legal_basis, reason=payload.reason,
                                 evidence=[e.dict() for e in payload.evidence], days=payload.days,
                                 correction_required=payload.correction_required,
                                 correction_deadline=payload.correction_deadline)
    return Status(201, _sanction_out(s))


class ReasonIn(Schema):
    reason: str


def _sanction(request: HttpRequest, sanction_id: int) -> Sanction:
    s = selectors.sanctions_for_staff(_regulator(request)).filter(pk=sanction_id).first()
    if s is None:
        raise NotFound("找不到这项处理（或不在您的辖区）。", "sanction_id")
    return s


@router.post("/regulation/sanctions/{sanction_id}/lift", response=SanctionOut, auth=django_auth,
             summary="解除监管处理")
def sanctions_lift(request: HttpRequest, sanction_id: int, payload: ReasonIn) -> dict[str, Any]:
    s = services.sanction_lift(actor=authenticated_user(request), sanction=_sanction(request, sanction_id),
                               reason=payload.reason)
    return _sanction_out(s)


class ReferralIn(Schema):
    to_org: str
    region_code: str
    subject_name: str
    summary: str
    case_file: list[EvidenceIn] = []


class ReferralOut(Schema):
    id: int
    from_org: str
    to_org: str
    region_code: str
    subject_name: str
    summary: str
    case_file: list[dict[str, Any]]
    status: str
    ack_due_at: str
    answer_due_at: str
    acknowledged_at: str | None
    answered_at: str | None
    answer: str
    outcome: str
    overdue: str


def _iso(dt: Any) -> str | None:
    return dt.isoformat() if dt else None


def _referral_out(r: Referral) -> dict[str, Any]:
    return {"id": r.pk, "from_org": r.from_org, "to_org": r.to_org, "region_code": r.region_code,
            "subject_name": r.subject_name, "summary": r.summary, "case_file": r.case_file, "status": r.status,
            "ack_due_at": r.ack_due_at.isoformat(), "answer_due_at": r.answer_due_at.isoformat(),
            "acknowledged_at": _iso(r.acknowledged_at), "answered_at": _iso(r.answered_at), "answer": r.answer,
            "outcome": r.outcome, "overdue": r.overdue(timezone.now())}


def _referral_actor(request: HttpRequest) -> Any:
    user = authenticated_user(request)
    policy.require(user, Action.REFERRAL_HANDLE)
    return user


@router.get("/regulation/referrals", response=list[ReferralOut], auth=django_auth,
            summary="线索移送（direction=in 收到的 / out 移出的）")
def referrals_list(request: HttpRequest, direction: str = "in") -> list[dict[str, Any]]:
    incoming, outgoing = selectors.referrals_for_staff(_referral_actor(request))
    return [_referral_out(r) for r in (outgoing if direction == "out" else incoming)[:500]]


@router.post("/regulation/referrals", response={201: ReferralOut}, auth=django_auth, summary="移送线索")
def referrals_create(request: HttpRequest, payload: ReferralIn) -> Status[dict[str, Any]]:
    r = services.referral_send(actor=authenticated_user(request), to_org=payload.to_org,
                               region_code=payload.region_code, subject_name=payload.subject_name,
                               summary=payload.summary, case_file=[e.dict() for e in payload.case_file])
    return Status(201, _referral_out(r))


def _referral(request: HttpRequest, referral_id: int) -> Referral:
    incoming, outgoing = selectors.referrals_for_staff(_referral_actor(request))
    r = (incoming | outgoing).filter(pk=referral_id).first()
    if r is None:
        raise NotFound("找不到这件移送（或不在您的辖区）。", "referral_id")
    return r


class TextIn(Schema):
    text: str = ""


@router.post("/regulation/referrals/{referral_id}/{step}", response=ReferralOut, auth=django_auth,
             summary="签收（acknowledge）/ 答复（answer）/ 反馈结果（outcome）")
def referrals_step(request: HttpRequest, referral_id: int, step: str, payload: TextIn) -> dict[str, Any]:
    user, ref = authenticated_user(request), _referral(request, referral_id)
    if step == "acknowledge":
        ref = services.referral_acknowledge(actor=user, referral=ref)
    elif step == "answer":
        ref = services.referral_answer(actor=user, referral=ref, answer=payload.text)
    elif step == "outcome":
        ref = services.referral_outcome(actor=user, referral=ref, outcome=payload.text)
    else:
        raise NotFound("没有这个操作：请使用 acknowledge、answer 或 outcome。", "step")
    return _referral_out(ref)
