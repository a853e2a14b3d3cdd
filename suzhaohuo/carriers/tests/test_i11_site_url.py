"""Issue #11 item 16: QR codes on the board and kiosk point at the address the request reached (a demo on
another port works); without a request (a scheduled board) they fall back to SZH_SITE_URL."""

from __future__ import annotations

import pytest

from suzhaohuo.core.site import serving, site_url

from .qrdecode import decode_qr_codes


def test_site_url_is_the_request_address_inside_a_request_else_the_setting(settings):
    settings.SITE_URL = "https://szh.example.cn/"
    assert site_url() == "https://szh.example.cn"
    with serving("http://127.0.0.1:8102/"):
        assert site_url() == "http://127.0.0.1:8102"
        with serving(None):
            assert site_url() == "https://szh.example.cn"
    assert site_url() == "https://szh.example.cn"


@pytest.mark.django_db
def test_board_pdf_qr_codes_use_the_port_the_demo_runs_on(client, huji_station, make_job, settings):
    from suzhaohuo.carriers.board import board_pdf
    from suzhaohuo.carriers.selectors import board_jobs

    settings.SITE_URL = "http://127.0.0.1:8000"  # what `make demo` would leave if PORT were not passed on
    station, _staff = huji_station
    job = make_job(0)
    resp = client.get(f"/carriers/{station.pk}/board.pdf", HTTP_HOST="127.0.0.1:8102")
    assert decode_qr_codes(resp.content) == [f"http://127.0.0.1:8102/jobs/{job.pk}/"]
    # the same board made by a background task (no request): the configured address
    pdf = board_pdf(carrier=station, jobs=board_jobs(station), size="A4")
    assert decode_qr_codes(pdf) == [f"http://127.0.0.1:8000/jobs/{job.pk}/"]


@pytest.mark.django_db
def test_kiosk_qr_uses_the_request_address(client, huji_station, make_job, settings, monkeypatch):
    from suzhaohuo.carriers import board

    settings.SITE_URL = "http://127.0.0.1:8000"
    station, _staff = huji_station
    job = make_job(0)
    seen: list[str] = []
    real = board.job_url
    monkeypatch.setattr("suzhaohuo.carriers.views.job_url", lambda j: seen.append(real(j)) or real(j))
    client.get(f"/carriers/{station.pk}/kiosk/", HTTP_HOST="localhost:8102")
    assert seen == [f"http://localhost:8102/jobs/{job.pk}/"]
