"""PIPL hooks for protection: the person's cover and claims; both are insurance records kept by law."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from suzhaohuo.protection.models import Claim, Enrolment


def export_data(user: Any) -> dict[str, Any]:
    enrolments = Enrolment.objects.filter(worker=user).select_related("product")
    if not enrolments:
        return {}
    return {
        "enrolments": [{"product": e.product.name, "status": e.status, "policy_number": e.policy_number,
                        "cover_start": e.cover_start.isoformat(), "cover_end": e.cover_end.isoformat(),
                        "engagement_id": e.engagement_id} for e in enrolments],
        "claims": [{"incident_date": c.incident_date.isoformat(), "place": c.place, "description": c.description,
                    "status": c.status, "amount": str(c.amount) if c.amount is not None else None,
                    "decision_note": c.decision_note} for c in Claim.objects.filter(worker=user)],
    }


def erase_data(user: Any) -> list[dict[str, Any]]:
    n = Enrolment.objects.filter(worker=user).count()
    claims = Claim.objects.filter(worker=user).count()
    out = []
    if n:
        out.append({"what": str(Enrolment._meta.verbose_name), "model": "protection.enrolment", "count": n,
                    "why": _("保单和投保记录由保险合同约定和法律规定保存")})
    if claims:
        out.append({"what": str(Claim._meta.verbose_name), "model": "protection.claim", "count": claims,
                    "why": _("理赔案件资料依法保存")})
    return out
