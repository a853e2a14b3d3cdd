"""Transaction endpoints under /api/v1: apply, list mine, and act on an engagement."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from suzhaohuo.core.errors import NotFound
from suzhaohuo.gigs import selectors, services
from suzhaohuo.gigs.models import Engagement
from suzhaohuo.gigs.state import events_for

router = Router(tags=["gigs"])

ACTIONS = ("accept", "decline", "withdraw", "checkin", "complete", "pay", "confirm", "rate", "dispute", "cancel",
           "no_show")


class ApplyIn(Schema):
    consent: bool = False
    message: str = ""


class ActionIn(Schema):
    reason: str = ""
    code: str = ""
    lat: float | None = None
    lng: float | None = None
    hours: Decimal | None = None
    pieces: int | None = None
    amount: Decimal | None = None
    method: str = ""
    paid_on: date | None = None
    score: int | None = None
    comment: str = ""
    kind: str = ""
    text: str = ""
    claimed_hours: Decimal | None = None
    claimed_amount: Decimal | None = None


class EngagementOut(Schema):
    id: int
    job_id: int
    job_title: str
    employer: str
    status: str
    status_label: str
    party: str | None
    next_actions: list[str]
    work_start: date | None
    hours: Decimal | None
    pieces: int | None
    payment_due_at: datetime | None
    pay_amount: Decimal | None
    pay_method: str
    paid_on: date | None
    agreement_id: int | None


def _out(eng: Engagement, user: Any, agreement_ids: dict[int, int] | None = None) -> dict[str, Any]:
    """One engagement as the API shows it; a list passes its agreement ids (selectors.agreement_ids_of)."""
    party = services.party_of(user, eng)
    if agreement_ids is None:
        agreement = selectors.agreement_of(eng)
        agreement_id = agreement.pk if agreement is not None else None
    else:
        agreement_id = agreement_ids.get(eng.pk)
    return {
        "id": eng.pk, "job_id": eng.job_id, "job_title": eng.job.title, "employer": eng.employer.name,
        "status": eng.status, "status_label": str(eng.get_status_display()), "party": party,
        "next_actions": [t.event for t in events_for(status=eng.status, party=party)] if party else [],
        "work_start": eng.work_start, "hours": eng.hours, "pieces": eng.pieces, "payment_due_at": eng.payment_due_at,
        "pay_amount": eng.pay_amount, "pay_method": eng.pay_method, "paid_on": eng.paid_on,
        "agreement_id": agreement_id,
    }


@router.post("/jobs/{job_id}/apply", auth=django_auth, response={201: EngagementOut},
             summary="报名岗位（需实名认证，并单独同意向该用工主体提供个人信息 consent=true）")
def apply(request: HttpRequest, job_id: int, payload: ApplyIn) -> tuple[int, dict[str, Any]]:
    from suzhaohuo.jobs.selectors import job_get_public

    job = job_get_public(job_id)
    eng = services.engagement_apply(worker=request.user, job=job, consent=payload.consent, message=payload.message)
    return 201, _out(eng, request.user)


@router.get("/me/engagements", auth=django_auth, response=list[EngagementOut],
            summary="我的报名与用工记录（零工）或我收到的报名（用工主体）")
def my_engagements(request: HttpRequest) -> list[dict[str, Any]]:
    user: Any = request.user
    qs = selectors.engagements_of_employer(user) if user.role == "employer" else selectors.engagements_of_worker(user)
    engagements = list(qs[:200])
    agreement_ids = selectors.agreement_ids_of(engagements)
    return [_out(e, user, agreement_ids) for e in engagements]


@router.post("/engagements/{engagement_id}/{action}", auth=django_auth, response=EngagementOut,
             summary="对用工记录执行操作：accept decline withdraw checkin complete pay confirm rate dispute cancel "
                     "no_show")
def act(request: HttpRequest, engagement_id: int, action: str, payload: ActionIn) -> dict[str, Any]:
    user: Any = request.user
    eng = selectors.engagement_for_user(user, engagement_id)
    if services.party_of(user, eng) is None:
        raise NotFound(selectors._not_found())
    services.engagement_act(actor=user, engagement=eng, action=action, data=payload.dict())
    eng = selectors.engagement_for_user(user, engagement_id)
    return _out(eng, user)
