"""agreement.signed reaches gigs after commit; when gigs' handler fails the seal stands and the handler is retried."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from suzhaohuo.agreements.selectors import agreement_for_engagement
from suzhaohuo.agreements.tests.conftest import sign_as
from suzhaohuo.kernel.models import EventDelivery
from suzhaohuo.kernel.services import events_retry

pytestmark = pytest.mark.django_db


def test_failing_gigs_handler_keeps_the_seal_and_is_retried(accepted: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from suzhaohuo.gigs import services as gig_services

    engagement, worker, employer = accepted()
    agreement = sign_as(agreement_for_engagement(engagement), worker)
    real = gig_services.engagement_on_agreement_signed

    def down(**kwargs: Any) -> Any:
        raise RuntimeError("gigs down")

    monkeypatch.setattr(gig_services, "engagement_on_agreement_signed", down)
    agreement = sign_as(agreement, employer.owner)
    agreement.refresh_from_db()
    engagement.refresh_from_db()
    assert agreement.status == "sealed"  # the write stands
    assert engagement.status == "accepted"  # gigs has not reacted yet
    row = EventDelivery.objects.get(name="agreement.signed")
    assert row.state == EventDelivery.State.PENDING and "gigs down" in row.last_error
    assert row.payload == {"agreement_id": agreement.pk, "engagement_id": engagement.pk}

    monkeypatch.setattr(gig_services, "engagement_on_agreement_signed", real)
    EventDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert events_retry() == 1
    engagement.refresh_from_db()
    row.refresh_from_db()
    assert engagement.status == "signed" and row.state == EventDelivery.State.DONE
