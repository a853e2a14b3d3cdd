"""New-user walk (helper `walk`): the complaint form told people to ring 12333 in plain text; on a phone the
number is now a tel: link, so one tap dials it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_complaint_form_hotline_is_tappable(client: Any) -> None:
    page = client.get("/disputes/complaints/new/").content.decode()
    assert '<a href="tel:12333" data-testid="call-12333">12333</a>' in page
