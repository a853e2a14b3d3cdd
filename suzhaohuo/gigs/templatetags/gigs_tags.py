"""Template tags: the job page's apply-and-reputation panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # dev-only (comes with django-stubs): annotations only

register = template.Library()


@register.inclusion_tag("gigs/_job_panel_inner.html", takes_context=True)
def gigs_job_panel(context: template.Context, job: Any) -> dict[str, Any]:
    from suzhaohuo.gigs.forms import ApplyForm
    from suzhaohuo.gigs.selectors import employer_stats, engagement_of_worker_for_job
    from suzhaohuo.identity.selectors import user_is_verified
    from suzhaohuo.jobs.selectors import job_is_open

    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "job": job, "request": request, "user": user, "csrf_token": context.get("csrf_token"),
        "stats": employer_stats(job.employer),
        "employer_verified": job.employer.is_verified,
        "engagement": engagement_of_worker_for_job(user, job),
        "verified": user_is_verified(user) if user is not None else False,
        "is_owner": bool(user and user.is_authenticated and job.employer.owner_id == user.pk),
        "job_open": job_is_open(job),
        "form": ApplyForm(),
    }


@register.filter
def stars(score: Any) -> str:
    try:
        n = int(score)
    except (TypeError, ValueError):
        return ""
    return "★" * n + "☆" * (5 - n)


@register.simple_tag
def worker_name(eng: Any, party: str | None) -> str:
    """The worker's real name: masked until the employer has accepted them."""
    from suzhaohuo.core.masking import mask_name
    from suzhaohuo.gigs.choices import HOLDING_STATES

    identity = getattr(eng.worker, "identity", None)
    name = identity.real_name if identity is not None else str(eng.worker)
    if party == "worker" or eng.status in HOLDING_STATES:
        return name
    return mask_name(name)


@register.simple_tag
def steps_for(eng: Any) -> list[tuple[str, StrOrPromise]]:  # labels stay lazy until rendered
    from suzhaohuo.gigs.choices import EngagementStatus as S

    first = S.INVITED if eng.status == S.INVITED or eng.events.filter(event="invite").exists() else S.APPLIED
    main = [first, S.ACCEPTED, S.SIGNED, S.CHECKED_IN, S.COMPLETED, S.PAID, S.CONFIRMED, S.RATED]
    if eng.status not in main:
        main = main[:1] + [S(eng.status)]
    return [(s.value, s.label) for s in main]


@register.simple_tag
def steps_done(eng: Any) -> list[str]:
    return list(eng.events.values_list("to_status", flat=True))


@register.filter
def event_label(event: str) -> str:
    from suzhaohuo.gigs.state import TRANSITIONS

    return next((str(t.label) for t in TRANSITIONS if t.event == event), event)
