"""Reactions to gigs' engagement events, and the cover choices offered on the job form (kernel.options)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from suzhaohuo.kernel import events, options
from suzhaohuo.kernel.events import Event, EventName


@events.on(EventName.ENGAGEMENT_ACCEPTED)
def enrol_accepted_worker(event: Event) -> None:
    """An accepted engagement enrols its worker (idempotent; adapter failures are stored and retried)."""
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.protection.errors import ProtectionErrorCode
    from suzhaohuo.protection.services import enrolment_for_engagement

    try:
        enrolment_for_engagement(engagement_id=int(event["engagement_id"]))
    except AppError as exc:
        if exc.code != ProtectionErrorCode.NOT_STARTED:  # cancelled again before delivery: nothing to insure
            raise


@events.on(EventName.ENGAGEMENT_CANCELLED)
@events.on(EventName.ENGAGEMENT_NO_SHOW)
def withdraw_cover(event: Event) -> None:
    from suzhaohuo.protection.services import enrolment_on_engagement_ended

    enrolment_on_engagement_ended(engagement_id=int(event["engagement_id"]))


def product_label(p: Any) -> str:
    return _("%(n)s（%(i)s，保额%(s)s元，%(payer)s）") % {
        "n": p.name, "i": p.insurer_name, "s": f"{p.sum_insured:,.0f}", "payer": p.get_payer_display()}


@options.provides("job.cover")
def cover_choices(*, category_code: str = "", township_code: str = "") -> list[tuple[str, str]]:
    from suzhaohuo.protection.services import products_for

    return [(p.code, product_label(p)) for p in products_for(category_code)]


@options.provides_default("job.cover")
def required_cover(*, category_code: str = "", township_code: str = "") -> str:
    from suzhaohuo.protection.services import required_product

    product = required_product(category_code=category_code, township_code=township_code)
    return product.code if product else ""
