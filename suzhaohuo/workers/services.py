"""Worker profile writes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from suzhaohuo.accounts.models import User
from suzhaohuo.core.bulk import insert_rows
from suzhaohuo.core.services import audit_record
from suzhaohuo.regions.models import Region
from suzhaohuo.regions.selectors import township_get
from suzhaohuo.workers.models import WorkerProfile


@transaction.atomic
def worker_profile_update(*, user: Any, actor: User | None = None, home_township_code: str | None = None,
                          category_codes: list[str] | None = None, skills: str | None = None,
                          days_available: str | None = None, max_distance_km: int | None = None,
                          desired_pay: Decimal | None = None, settlement_preference: str | None = None,
                          lat: float | None = None, lng: float | None = None,
                          receive_pushes: bool | None = None) -> WorkerProfile:
    """Create or update a worker's profile. ``None`` leaves a field unchanged."""
    from suzhaohuo.jobs.models import JobCategory

    profile, _ = WorkerProfile.objects.get_or_create(user=user)
    if home_township_code is not None:
        profile.home_township = township_get(home_township_code, field="home_township")
    for name, value in (("skills", skills), ("days_available", days_available), ("max_distance_km", max_distance_km),
                        ("desired_pay", desired_pay), ("settlement_preference", settlement_preference),
                        ("lat", lat), ("lng", lng), ("receive_pushes", receive_pushes)):
        if value is not None:
            setattr(profile, name, value)
    if actor is not None and actor != user and profile.registered_by_id is None:
        profile.registered_by = actor
    profile.save()
    if category_codes is not None:
        profile.categories.set(JobCategory.objects.filter(code__in=category_codes))
    audit_record(actor=actor or user, action="workers.profile_update", target=profile,
                 region_code=profile.home_township_id or "")
    return profile


def worker_profiles_set_home(*, users: list[Any], townships: list[Region | None], actor: User | None) -> None:
    """Create or update each worker's profile home township (the township they gave with their ID)."""
    from suzhaohuo.core.models import AuditEvent

    pairs: list[tuple[Any, Region]] = [(u, t) for u, t in zip(users, townships, strict=True) if t is not None]
    if not pairs:
        return
    have = set(WorkerProfile.objects.filter(user__in=[u.pk for u, _t in pairs]).values_list("user_id", flat=True))
    # the raw bulk path (core.bulk): the other columns get their defaults, as bulk_create gives them
    insert_rows(WorkerProfile, ("user_id", "home_township_id"), [(u.pk, t.code) for u, t in pairs if u.pk not in have])
    by_town: dict[str, list[int]] = {}
    for u, t in pairs:
        if u.pk in have:
            by_town.setdefault(t.code, []).append(u.pk)
    for code, pks in by_town.items():
        WorkerProfile.objects.filter(user_id__in=pks).update(home_township_id=code, updated_at=timezone.now())
    profile_of = dict(WorkerProfile.objects.filter(user__in=[u.pk for u, _t in pairs]).values_list("user_id", "pk"))
    by = actor.pk if actor is not None and actor.pk else None
    insert_rows(AuditEvent, ("actor_id", "action", "target_type", "target_id", "region_code", "data"), [
        (by or u.pk, "workers.profile_update", "workers.workerprofile", str(profile_of[u.pk]), t.code,
         {"home_township": t.code, "via": "identity.person_submit"}) for u, t in pairs])
