from typing import Any

from django import template

from suzhaohuo.aggregation.selectors import job_provenance

register = template.Library()


@register.simple_tag
def job_sources(job: Any) -> Any:
    """Provenance of a job for 「同时发布于…」, or None for postings that did not come through aggregation."""
    return job_provenance(job)
