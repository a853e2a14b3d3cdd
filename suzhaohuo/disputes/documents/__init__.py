"""The 调解协议书 template and its canonical document (signed like an e-agreement, see agreements)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.core.masking import mask_id_number

TEMPLATE_VERSION = "mediation-v2026-12"
TEMPLATE_TITLE = "劳动争议调解协议书"
DOCUMENT_SCHEMA = "szh-mediation-agreement/1"


def template_text() -> str:
    return (Path(__file__).resolve().parent / f"{TEMPLATE_VERSION}.md").read_text(encoding="utf-8")


def _money(value: Decimal) -> str:
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".")


def build_document(*, number: str, issued_at: str, case: Any, template: Any,
                   payments: list[tuple[str, Decimal, date]], terms: str) -> dict[str, Any]:
    from string import Template

    from suzhaohuo.identity.selectors import person_identity_of

    identity = person_identity_of(case.worker) if case.worker is not None else None
    id_number = (identity.id_number or "") if identity is not None else ""
    lines = [_("%(i)d. 被申请人于 %(d)s 前向申请人支付%(item)s人民币 %(a)s 元。") % {
        "i": i, "d": due.isoformat(), "item": item, "a": _money(amount)} for i, (item, amount, due) in
        enumerate(payments, start=1)]
    job_title = case.engagement.job.title if case.engagement is not None else ""
    fields = {
        "number": number,
        "case_number": case.number,
        "org_name": str(case.mediation_org or _("速找活零工服务驿站调解室")),
        "mediator_name": str(case.mediator or ""),
        "worker_name": case.worker_name,
        "worker_id_masked": mask_id_number(id_number),
        "employer_name": case.employer_name,
        "employer_uscc": getattr(case.employer, "uscc", "") or _("无（个人或家庭用工）"),
        "claim": " ".join(case.claim_text.split()),
        "applied_on": timezone.localtime(case.created_at).date().isoformat(),
        "accepted_on": case.mediation_accepted_on.isoformat() if case.mediation_accepted_on else "",
        "terms": " ".join(terms.split()),
        "payments": "\n".join(lines),
        "job_title": job_title,
    }
    return {
        "schema": DOCUMENT_SCHEMA,
        "title": TEMPLATE_TITLE,
        "number": number,
        "issued_at": issued_at,
        "platform": "速找活",
        "site": settings.SITE_URL,
        "terms": {"title": template.title, "version": template.version, "sha256": template.sha256},
        "case_number": case.number,
        "engagement_id": case.engagement_id,
        "job_id": case.engagement.job_id if case.engagement is not None else None,
        "fields": fields,
        "worker_id_binding": keyed_hash(f"agreement:{number}:{id_number}"),
        "text": Template(template.body).substitute(fields),
    }
