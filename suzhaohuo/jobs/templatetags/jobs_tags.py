from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from suzhaohuo.jobs.highlight import highlight
from suzhaohuo.jobs.screening.types import StoredFinding
from suzhaohuo.kernel import pay as kernel_pay

register = template.Library()


@register.filter
def for_field(findings_by_field: dict[str, list[StoredFinding]] | None, name: str) -> list[StoredFinding]:
    return (findings_by_field or {}).get(name, [])


@register.simple_tag
def marked(text: str, findings: list[StoredFinding]) -> SafeString:
    return highlight(text, findings)


@register.filter
def pay_text(job: Any) -> str:
    """「150–200 元/天」, 「0.5 元/件」 or 「面议」: the kernel's one pay text."""
    return kernel_pay.pay_text(job)


@register.filter
def status_label(value: str) -> str:
    from suzhaohuo.jobs.choices import JobStatus

    return str(JobStatus(value).label) if value in JobStatus.values else value


@register.filter
def finding_label(category: str) -> str:
    from suzhaohuo.jobs.screening_bridge import category_label

    return category_label(category)
