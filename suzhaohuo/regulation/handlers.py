"""Reactions of the regulation app to other apps' events (discovered by the kernel at start-up)."""

from __future__ import annotations

from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import Event, EventName
from suzhaohuo.kernel.states import EngagementStatus

FEE_COMPLAINT_CATEGORIES = frozenset({"fee", "deposit", "illegal_fee", "收费"})


@events.on(EventName.PII_REVEALED)
def score_reveal(event: Event) -> None:
    """Every reveal is scored at once: a scraper is throttled within its first reveals, not the next day."""
    from suzhaohuo.core.ratelimit import is_exempt
    from suzhaohuo.regulation.risk import scraping_evaluate

    if is_exempt():  # the demo seeder's reveals (at whatever hour it runs) are not a person's behaviour
        return
    if event.payload.get("actor_id") and event.payload.get("actor_id") != event.payload.get("subject_id"):
        scraping_evaluate(int(event["actor_id"]))


@events.on(events.engagement_event(EngagementStatus.APPLIED))
@events.on(events.engagement_event(EngagementStatus.WITHDRAWN))
def score_apply_withdraw(event: Event) -> None:
    from suzhaohuo.regulation.risk import scraping_evaluate

    if event.payload.get("worker_id"):
        scraping_evaluate(int(event["worker_id"]))


@events.on(EventName.COMPLAINT_UPHELD)
def record_fee_complaint(event: Event) -> None:
    """A fee / deposit complaint upheld against an employer is an intermediary signal on its account."""
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.regulation.models import RiskEvent

    if str(event.payload.get("category", "")) not in FEE_COMPLAINT_CATEGORIES or not event.payload.get("employer_id"):
        return
    owner_id = Employer.objects.filter(pk=event["employer_id"]).values_list("owner_id", flat=True).first()
    ref = f"complaint:{event['complaint_id']}"
    if owner_id and not RiskEvent.objects.filter(code="fee_complaint", ref=ref).exists():
        RiskEvent.objects.create(user_id=owner_id, code="fee_complaint", ref=ref)


@events.on(EventName.SEARCH_DEEP_PAGE)
def score_deep_page(event: Event) -> None:
    from suzhaohuo.regulation.models import RiskEvent
    from suzhaohuo.regulation.risk import scraping_evaluate

    RiskEvent.objects.create(user_id=int(event["user_id"]), code="deep_page", ref=f"page:{event['page']}")
    scraping_evaluate(int(event["user_id"]))
