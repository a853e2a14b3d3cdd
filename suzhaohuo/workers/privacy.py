"""PIPL hooks for the worker profile (see accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from suzhaohuo.workers.models import WorkerProfile


def export_data(user: Any) -> dict[str, Any]:
    p = WorkerProfile.objects.filter(user=user).select_related("home_township").first()
    if p is None:
        return {}
    return {"profile": {
        "home_township": p.home_township.name if p.home_township else None,
        "categories": list(p.categories.values_list("name", flat=True)), "skills": p.skills,
        "days_available": p.days_available, "max_distance_km": p.max_distance_km,
        "desired_pay": str(p.desired_pay) if p.desired_pay is not None else None,
        "settlement_preference": p.settlement_preference, "receive_pushes": p.receive_pushes}}


def erase_data(user: Any) -> list[dict[str, Any]]:
    WorkerProfile.objects.filter(user=user).delete()
    return []
