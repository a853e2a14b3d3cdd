"""One pay text everywhere: a piece rate of 0.50 元 shows as 「0.5 元/件」, never 「0元/件」 (issue 10)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from suzhaohuo.carriers.tests.conftest import HUJI


@pytest.fixture
def piece_job(make_employer: Any, django_capture_on_commit_callbacks: Any) -> Any:
    from suzhaohuo.jobs.services import JobInput, job_create

    employer = make_employer(township="胡集镇", name="胡集镇花木包装合作社")
    data = JobInput(title="花木包装计件", description="苗木打包装箱，按件计酬，多劳多得，工具由合作社提供。",
                    category_code="agri.planting", pay_unit="piece", settlement="daily", headcount=3,
                    township_code=HUJI, address="胡集镇第1组", pay_min=Decimal("0.50"), pay_max=Decimal("0.50"),
                    daily_hours=Decimal("8"))
    with django_capture_on_commit_callbacks(execute=True):
        return job_create(actor=employer.owner, employer=employer, data=data)


def test_piece_rate_on_kiosk_card_api_and_push_line(client: Any, piece_job: Any, huji_station: Any) -> None:
    from suzhaohuo.carriers.services import _job_line

    station, _staff = huji_station
    assert piece_job.status == "published"
    kiosk = client.get(f"/carriers/{station.pk}/kiosk/").content.decode()
    assert "0.5 元/件" in kiosk and "0元/件" not in kiosk
    results = client.get("/search/", {"q": "花木包装"}).content.decode()
    assert "0.5 元/件" in results
    api = client.get("/api/v1/jobs/search", {"q": "花木包装"}).json()
    assert [r["pay_text"] for r in api["results"]] == ["0.5 元/件"]
    assert _job_line(piece_job).startswith("0.5 元/件")
