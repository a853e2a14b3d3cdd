"""Build the canonical agreement document from the terms template and the engagement's data.

The canonical document is a JSON object serialized with ``signing.canonical_json`` (sorted keys,
no whitespace, UTF-8). Its SHA-256 is what both parties sign. What goes in (and what deliberately
does not: the full ID number, mobiles) is recorded in docs/adr/0004-e-agreement-records.md.
"""

from __future__ import annotations

from pathlib import Path
from string import Template
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.core.masking import mask_id_number
from suzhaohuo.kernel import options
from suzhaohuo.kernel.pay import money_text, pay_text

TERMS_DIR = Path(__file__).resolve().parent / "terms"
CURRENT_TERMS_VERSION = "v2026-11"
TERMS_TITLE = "零工服务协议通用条款"
DOCUMENT_SCHEMA = "szh-agreement/1"

SETTLEMENT_NOTES = {
    "daily": gettext_lazy("日结：工作完成后次日内付清"),
    "weekly": gettext_lazy("周结：每七日结算一次"),
    "monthly": gettext_lazy("月结：按月结算；属于非全日制用工的，结算周期不超过十五日"),
    "on_completion": gettext_lazy("完工结：完工确认后结算；属于非全日制用工的，结算周期不超过十五日"),
}


def terms_path(version: str) -> Path:
    return TERMS_DIR / f"{version}.md"


def terms_text(version: str) -> str:
    return terms_path(version).read_text(encoding="utf-8")


def _period_text(job: Any) -> str:
    if job.start_date and job.end_date and job.end_date != job.start_date:
        return _("%(a)s 至 %(b)s") % {"a": job.start_date.isoformat(), "b": job.end_date.isoformat()}
    if job.start_date:
        return job.start_date.isoformat()
    return _("以双方在平台上确认的日期为准")


def _hours_text(job: Any) -> str:
    parts = []
    if job.work_time:
        parts.append(job.work_time)
    if job.daily_hours:
        parts.append(_("每日约%(h)s小时") % {"h": money_text(job.daily_hours)})
    return "，".join(parts) or _("每日工作时间以双方在平台上确认的为准")


def _insurance_text(job: Any) -> str:
    cover = dict(options.choices("job.cover")).get(getattr(job, "cover_code", "") or "")
    if cover:
        return _("录用后平台通过保险机构为乙方自动投保「%(c)s」，保障期间为工作日期，乙方个人不缴费；"
                 "保单号以平台投保记录为准，在本协议页面和乙方「我的保障」中显示") % {"c": cover}
    if job.insurance_provided:
        extra = f"（{job.benefits}）" if job.benefits else ""
        return _("甲方为乙方提供意外伤害或职业伤害保障%(x)s") % {"x": extra}
    return _("甲方未承诺购买商业意外伤害保险；属于职业伤害保障适用范围的，依法参保，乙方个人不缴费")


def _one_line(text: str, limit: int = 500) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def document_fields(*, number: str, engagement: Any, worker_name: str, worker_id_number: str) -> dict[str, str]:
    """The values filled into the template. Everything here is printed on the agreement."""
    from suzhaohuo.regions.selectors import region_label

    job = engagement.job
    employer = engagement.employer
    place = region_label(job.township_id)
    return {
        "number": number,
        "terms_version": CURRENT_TERMS_VERSION,
        "employer_name": employer.name,
        "employer_uscc": employer.uscc or _("无（个人或家庭用工）"),
        "employer_address": _one_line(employer.address) or place,
        "worker_name": worker_name,
        "worker_id_masked": mask_id_number(worker_id_number),
        "job_title": job.title,
        "job_category": job.category.name,
        "work_content": _one_line(job.description),
        "work_place": f"{place}{_one_line(job.address, 200)}",
        "work_period": _period_text(job),
        "work_hours": _hours_text(job),
        "pay": pay_text(job, unit_sep="", negotiable=_("面议，以双方在平台上确认的金额为准，且不低于当地最低工资标准")),
        "settlement": str(SETTLEMENT_NOTES.get(job.settlement, job.get_settlement_display())),
        "insurance": _insurance_text(job),
    }


def fill_template(template: str, fields: dict[str, str]) -> str:
    return Template(template).substitute(fields)


def build_document(*, number: str, issued_at: str, engagement: Any, terms: Any, worker_name: str,
                   worker_id_number: str) -> dict[str, Any]:
    fields = document_fields(number=number, engagement=engagement, worker_name=worker_name,
                             worker_id_number=worker_id_number)
    return {
        "schema": DOCUMENT_SCHEMA,
        "number": number,
        "issued_at": issued_at,
        "platform": "速找活",
        "site": settings.SITE_URL,
        "terms": {"title": terms.title, "version": terms.version, "sha256": terms.sha256},
        "engagement_id": engagement.pk,
        "job_id": engagement.job_id,
        "fields": fields,
        # Binds the agreement to the verified resident ID without publishing it: only the platform,
        # holding the key, can recompute it (e.g. for an arbitration committee).
        "worker_id_binding": keyed_hash(f"agreement:{number}:{worker_id_number}"),
        "text": fill_template(terms.body, fields),
    }
