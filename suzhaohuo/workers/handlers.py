"""workers reacts to other apps' events (ADR 0008)."""

from __future__ import annotations

from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import Event, EventName


@events.on(EventName.PERSON_IDENTITY_SUBMITTED)
def home_township_from_identity(event: Event) -> None:
    """A worker gave their township with their ID: it becomes their profile's home township."""
    if not event.payload.get("update_worker_profile"):
        return
    from suzhaohuo.accounts.models import User
    from suzhaohuo.regions.models import Region
    from suzhaohuo.workers.services import worker_profiles_set_home

    users = User.objects.in_bulk(event["user_ids"])
    towns = Region.objects.in_bulk([c for c in event["township_codes"] if c])
    pairs = [(users[uid], towns.get(code) if code else None)
             for uid, code in zip(event["user_ids"], event["township_codes"], strict=True) if uid in users]
    actor_id = event.payload.get("actor_id")
    actor = User.objects.filter(pk=int(actor_id)).first() if actor_id else None
    worker_profiles_set_home(users=[u for u, _t in pairs], townships=[t for _u, t in pairs], actor=actor)
