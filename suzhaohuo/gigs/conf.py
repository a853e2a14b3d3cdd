"""Settings of the gig transaction, with defaults (override in config/settings.py or the environment)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # a checked-in engagement the employer leaves unconfirmed is completed automatically this many hours
    # after the end of the last work day
    "GIG_AUTO_COMPLETE_HOURS": 24,
    # days after completion by which payment must be recorded, per settlement kind (end of that local day)
    "GIG_SETTLEMENT_DAYS": {"daily": 1, "weekly": 7, "monthly": 30, "on_completion": 3},
    "GIG_GEOFENCE_METERS": 500,
    "GIG_CHECKIN_CODE_MINUTES": 30,
    "GIG_LATE_CANCEL_HOURS": 24,
}


def gig_setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
