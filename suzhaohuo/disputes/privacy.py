"""PIPL hooks for complaints and cases (see accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from suzhaohuo.disputes.models import Case, Complaint


def export_data(user: Any) -> dict[str, Any]:
    complaints = [{"number": c.number, "category": c.category, "description": c.description, "status": c.status,
                   "created_at": c.created_at.isoformat(), "decision_reason": c.decision_reason,
                   "result": c.result} for c in Complaint.objects.filter(complainant=user)]
    cases = [{"number": c.number, "status": c.status, "employer_name": c.employer_name, "claim_text": c.claim_text,
              "claim_amount": str(c.claim_amount) if c.claim_amount else None,
              "mediation_result": c.mediation_result, "arbitration_status": c.arbitration_status,
              "closed_on": c.closed_on.isoformat() if c.closed_on else None}
             for c in Case.objects.filter(Q(worker=user) | Q(employer__owner=user))]
    return {"complaints": complaints, "dispute_cases": cases} if complaints or cases else {}


def erase_data(user: Any) -> list[dict[str, Any]]:
    """Complaints lose their link to the person and the contact number; dispute cases are kept as the
    records of a mediation/arbitration procedure (the mediation agreement is evidence, ADR 0004)."""
    Complaint.objects.filter(complainant=user).update(complainant=None, contact_mobile="")
    kept = Case.objects.filter(Q(worker=user) | Q(employer__owner=user)).count()
    return [{"what": "劳动争议调解/仲裁案件", "count": kept,
             "why": "调解、仲裁和履行的记录，依法保存以备执行和复核"}] if kept else []
