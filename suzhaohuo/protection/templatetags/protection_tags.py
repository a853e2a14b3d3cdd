"""Template slots: cover on the job page, the engagement page and the agreement page."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("protection/_job_cover_inner.html")
def protection_job_cover(job: Any) -> dict[str, Any]:
    from suzhaohuo.protection.selectors import is_occupational, job_cover

    product = job_cover(job)
    return {"product": product, "occupational": bool(product and is_occupational(product))}


@register.inclusion_tag("protection/_engagement_cover_inner.html", takes_context=True)
def protection_engagement_cover(context: template.Context, eng: Any, party: str | None) -> dict[str, Any]:
    from suzhaohuo.protection.selectors import claims_of_engagement, enrolment_of_engagement

    enrolment = enrolment_of_engagement(eng.pk)
    return {"eng": eng, "party": party, "enrolment": enrolment,
            "claims": list(claims_of_engagement(eng.pk)) if enrolment else [],
            "can_claim": bool(enrolment and enrolment.status == "active" and party == "worker")}


@register.inclusion_tag("protection/_agreement_cover_inner.html")
def protection_agreement_cover(engagement_id: Any) -> dict[str, Any]:
    from suzhaohuo.protection.selectors import enrolment_of_engagement

    return {"enrolment": enrolment_of_engagement(int(engagement_id)) if engagement_id else None}
