"""``{{ code|region_name }}``: a region code shown as its Chinese name (county and township, without the city)."""

from __future__ import annotations

from django import template

from suzhaohuo.regions.selectors import region_label

register = template.Library()


@register.filter
def region_name(code: object) -> str:
    return region_label(str(code or "")) if code else ""
