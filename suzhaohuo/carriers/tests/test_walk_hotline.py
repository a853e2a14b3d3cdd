"""New-user walk (helper `walk`): with no station nearby, 「附近的零工驿站」 says to ring 12333; the number is a tel:
link so one tap dials it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_no_station_nearby_offers_a_tappable_hotline(client: Any, regions: None) -> None:
    page = client.get("/carriers/", {"township": "321322102"}).content.decode()
    assert '<a href="tel:12333" data-testid="call-12333">12333</a>' in page
