from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from suzhaohuo.jobs.highlight import highlight

register = template.Library()


@register.filter
def for_field(findings_by_field: dict[str, list[dict[str, Any]]] | None, name: str) -> list[dict[str, Any]]:
    return (findings_by_field or {}).get(name, [])


@register.simple_tag
def marked(text: str, findings: list[dict[str, Any]]) -> SafeString:
    return highlight(text, findings)


@register.filter
def pay_text(job: Any) -> str:
    """「150–200 元/天」, 「150 元/天」 or 「面议」."""
    lo, hi = job.pay_min, job.pay_max
    unit = job.get_pay_unit_display()

    def fmt(d: Any) -> str:
        return f"{d:.2f}".rstrip("0").rstrip(".")

    if lo is not None and hi is not None and lo != hi:
        return f"{fmt(lo)}–{fmt(hi)} {unit}"
    if lo is not None or hi is not None:
        return f"{fmt(lo if lo is not None else hi)} {unit}"
    return _("面议")


@register.filter
def status_label(value: str) -> str:
    from suzhaohuo.jobs.choices import JobStatus

    return str(JobStatus(value).label) if value in JobStatus.values else value


@register.filter
def finding_label(category: str) -> str:
    from suzhaohuo.jobs.screening_bridge import category_label

    return category_label(category)
