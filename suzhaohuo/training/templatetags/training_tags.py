"""Template slots other apps' pages include: the job page's training suggestion, and badge names."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("training/_job_training.html", takes_context=True)
def training_job_slot(context: template.Context, job: Any) -> dict[str, Any]:
    from suzhaohuo.training.selectors import courses_for_job

    request = context.get("request")
    user = getattr(request, "user", None)
    count, suggestions = courses_for_job(job, user)
    return {"job": job, "count": count, "suggestions": suggestions, "user": user}


@register.simple_tag
def worker_badges(user: Any) -> str:
    """The worker's active certification badges, joined, or 暂无 (the 技能认证 slot)."""
    from suzhaohuo.training.selectors import active_badges

    names = active_badges(user)
    return "、".join(names) if names else _("暂无")


@register.filter
def subsidy_rule_name(code: str) -> str:
    """``{{ line.rule_code|subsidy_rule_name }}``: the subsidy rule's Chinese name instead of its code."""
    from suzhaohuo.training.rules import subsidy_rule_name as name

    return name(str(code or ""))
