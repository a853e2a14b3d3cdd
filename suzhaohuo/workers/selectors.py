"""Worker profile reads."""

from __future__ import annotations

from typing import Any

from suzhaohuo.workers.models import WorkerProfile


def worker_profile_of(user: Any) -> WorkerProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return WorkerProfile.objects.filter(user=user).select_related("home_township").first()
