"""Protection endpoints under /api/v1: my cover, 报案, claim progress and decisions, coverage figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import PermissionDenied
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.protection import selectors, services
from suzhaohuo.protection.models import Claim, Enrolment

router = Router(tags=["protection"])


class EnrolmentOut(Schema):
    id: int
    engagement_id: int
    product_code: str
    product_name: str
    status: str
    policy_number: str
    cover_start: date
    cover_end: date
    sum_insured: Decimal
    payer: str


class ClaimIn(Schema):
    engagement_id: int
    incident_date: date | None = None
    place: str = ""
    description: str = ""


class ClaimOut(Schema):
    id: int
    enrolment_id: int
    status: str
    incident_date: date
    place: str
    description: str
    insurer_reference: str
    amount: Decimal | None
    decision_note: str
    decided_at: datetime | None
    dispute_case_ref: str


class DecisionIn(Schema):
    decision: str
    amount: Decimal | None = None
    note: str = ""


class CoverageOut(Schema):
    engagements: int
    insured: int
    insured_rate: Decimal | None
    claims: int
    claims_by_status: dict[str, int]
    by_category: list[dict[str, Any]]


def _enrolment(e: Enrolment) -> dict[str, Any]:
    return {"id": e.pk, "engagement_id": e.engagement_id, "product_code": e.product.code,
            "product_name": e.product.name, "status": e.status, "policy_number": e.policy_number,
            "cover_start": e.cover_start, "cover_end": e.cover_end, "sum_insured": e.product.sum_insured,
            "payer": e.payer}


def _claim(c: Claim) -> dict[str, Any]:
    return {"id": c.pk, "enrolment_id": c.enrolment_id, "status": c.status, "incident_date": c.incident_date,
            "place": c.place, "description": c.description, "insurer_reference": c.insurer_reference,
            "amount": c.amount, "decision_note": c.decision_note, "decided_at": c.decided_at,
            "dispute_case_ref": c.dispute_case_ref}


@router.get("/protection/enrolments", response=list[EnrolmentOut], auth=django_auth, summary="我的保障（投保记录）")
def my_enrolments(request: HttpRequest) -> list[dict[str, Any]]:
    return [_enrolment(e) for e in selectors.enrolments_of_worker(authenticated_user(request))[:200]]


@router.post("/protection/claims", response={201: ClaimOut}, auth=django_auth, summary="报案")
def claim_create(request: HttpRequest, payload: ClaimIn) -> Status[dict[str, Any]]:
    from suzhaohuo.gigs.selectors import engagement_for_user

    user = authenticated_user(request)
    eng = engagement_for_user(user, payload.engagement_id)
    claim = services.claim_report(actor=user, engagement=eng, incident_date=payload.incident_date,
                                  place=payload.place, description=payload.description)
    return Status(201, _claim(claim))


@router.get("/protection/claims/{claim_id}", response=ClaimOut, auth=django_auth, summary="报案进展")
def claim_read(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    claim, _role = selectors.claim_for_user(authenticated_user(request), claim_id)
    return _claim(claim)


@router.post("/protection/claims/{claim_id}/decision", response=ClaimOut, auth=django_auth, summary="录入核定结果")
def claim_decision(request: HttpRequest, claim_id: int, payload: DecisionIn) -> dict[str, Any]:
    user = authenticated_user(request)
    claim, role = selectors.claim_for_user(user, claim_id)
    if role != "handler":
        raise PermissionDenied(_("只有保险机构或零工服务站工作人员可以录入核定结果。"))
    claim = services.claim_decide(actor=user, claim=claim, decision=payload.decision, amount=payload.amount,
                                  note=payload.note)
    return _claim(claim)


@router.get("/protection/coverage", response=CoverageOut, auth=django_auth, summary="参保覆盖情况")
def coverage(request: HttpRequest, from_: date | None = None, to: date | None = None) -> dict[str, Any]:
    user = authenticated_user(request)
    if not (policy.decide(user, Action.INSURANCE_HANDLE) or policy.decide(user, Action.KPI_VIEW)):
        policy.require(user, Action.INSURANCE_HANDLE)
    today = timezone.localdate()
    cov = selectors.coverage(start=from_ or today - timedelta(days=365), end=to or today + timedelta(days=1),
                             region_prefix=policy.scope_prefix(user))
    return {"engagements": cov.engagements, "insured": cov.insured, "insured_rate": cov.insured_rate,
            "claims": cov.claims, "claims_by_status": cov.claims_by_status, "by_category": cov.by_category}
