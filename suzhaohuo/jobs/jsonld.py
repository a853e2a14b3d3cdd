"""schema.org JobPosting for a posting, and its safe embedding in <script type="application/ld+json">."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from suzhaohuo.jobs.choices import PayUnit
from suzhaohuo.jobs.models import Job
from suzhaohuo.regions.choices import RegionLevel

UNIT_TEXT: dict[str, str] = {PayUnit.HOUR: "HOUR", PayUnit.DAY: "DAY", PayUnit.MONTH: "MONTH", PayUnit.PIECE: "PIECE",
             PayUnit.JOB: "JOB"}


def _employment_type(job: Job) -> list[str]:
    # Part-time (≤4 h/day) when known; every gig is temporary.
    if job.daily_hours is not None and job.daily_hours <= 4:
        return ["PART_TIME", "TEMPORARY"]
    return ["TEMPORARY"]


def job_posting(job: Job, *, base_url: str | None = None) -> dict[str, Any]:
    """The JobPosting dict. Only fields known are included (no empty placeholders)."""
    base = (base_url or settings.SITE_URL).rstrip("/")
    township = job.township
    county = township.parent if township.parent_id else None
    city = county.parent if county is not None and county.parent_id else None
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "CN",
                               "addressLocality": township.name, "streetAddress": job.address}
    if city is not None and city.level == RegionLevel.CITY:
        address["addressRegion"] = f"江苏省{city.name}" if city.code.startswith("32") else city.name
        address["addressLocality"] = f"{county.name}{township.name}" if county else township.name
    elif county is not None:
        address["addressRegion"] = county.name
    place: dict[str, Any] = {"@type": "Place", "address": address}
    if job.lat is not None and job.lng is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": job.lat, "longitude": job.lng}

    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": UNIT_TEXT.get(job.pay_unit, "DAY")}
    if job.pay_min is not None and job.pay_max is not None and job.pay_min != job.pay_max:
        value["minValue"], value["maxValue"] = float(job.pay_min), float(job.pay_max)
    elif (amount := job.pay_min if job.pay_min is not None else job.pay_max) is not None:
        value["value"] = float(amount)

    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description + (f"\n\n{job.requirements}" if job.requirements else ""),
        "identifier": {"@type": "PropertyValue", "name": "速找活", "value": str(job.pk)},
        "datePosted": (job.published_at or job.created_at).date().isoformat(),
        "validThrough": job.valid_until.isoformat(),
        "employmentType": _employment_type(job),
        "hiringOrganization": {"@type": "Organization", "name": job.employer.name},
        "jobLocation": place,
        "baseSalary": {"@type": "MonetaryAmount", "currency": "CNY", "value": value},
        "totalJobOpenings": job.headcount,
        "occupationalCategory": job.category.occupation_code or job.category.name,
        "url": f"{base}/jobs/{job.pk}/",
        "directApply": True,
    }
    if job.employer.uscc:
        data["hiringOrganization"]["taxID"] = job.employer.uscc
    if job.benefits:
        data["jobBenefits"] = job.benefits
    if job.start_date:
        data["jobStartDate"] = job.start_date.isoformat()
    if job.daily_hours is not None:
        data["workHours"] = f"{job.daily_hours}h/day" + (f" {job.work_time}" if job.work_time else "")
    return data


def script_json(data: dict[str, Any]) -> SafeString:
    """JSON safe inside a <script> element: `<`, `>` and `&` become \\u escapes, so `</script>` cannot end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return mark_safe(text)  # noqa: S308 - escaped above
