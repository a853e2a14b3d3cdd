"""Issue #11 item 7: one item with a NUL byte or a lone surrogate is refused in its own result."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_bulk_push_refuses_only_the_bad_item(client: Any, agency_key: str, farm: Any) -> None:
    from suzhaohuo.aggregation.tests.conftest import item

    bad = {**item(2), "title": "采摘\x00工"}
    resp = client.post("/api/v1/ingest/jobs/bulk", data={"items": [item(1), bad, {**item(3), "description": "\ud83d"}]},
                       content_type="application/json", headers={"X-Api-Key": agency_key})
    assert resp.status_code == 200, resp.content
    results = resp.json()["results"]
    assert [r["outcome"] for r in results] == ["created", "rejected", "rejected"]
    assert results[1]["issues"][0]["field"] == "title" and results[2]["issues"][0]["field"] == "description"
