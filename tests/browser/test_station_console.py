"""Station staff at 胡集镇 serve a walk-in worker end to end, print the weekly board; and the coverage
page with its Suqian map, at desktop and phone widths."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import screenshot, valid_id_number
from suzhaohuo.carriers.tests.conftest import HUJI, JOB_SPECS
from suzhaohuo.carriers.tests.qrdecode import decode_qr_codes

PASSWORD = "Staff-pass-12345"


@pytest.fixture
def huji_setup(regions, make_staff, make_employer, settings, live_server):
    from decimal import Decimal

    from suzhaohuo.carriers.services import CarrierInput, carrier_create
    from suzhaohuo.jobs.services import JobInput, job_create

    settings.SITE_URL = live_server.url
    staff = make_staff(scope="胡集镇", username="huji_test", password=PASSWORD)
    station = carrier_create(actor=None, staff=[staff], data=CarrierInput(
        kind="station", name="胡集镇零工服务驿站", region_code=HUJI, address="胡集镇党群服务中心一楼",
        lat=34.13, lng=118.77, host_organization="胡集镇党群服务中心", phone="0527-83331234",
        opening_hours="周一至周五 8:30-17:30", services=["registration", "verification", "matching"]))
    employer = make_employer(township="胡集镇", name="胡集镇果蔬专业合作社")
    jobs = []
    for i, (title, desc, cat, lo, hi) in enumerate(JOB_SPECS[:3]):
        jobs.append(job_create(actor=employer.owner, employer=employer, data=JobInput(
            title=title, description=desc, category_code=cat, pay_unit="day", settlement="daily", headcount=3,
            township_code=HUJI, address=f"胡集镇第{i + 1}组", pay_min=Decimal(lo), pay_max=Decimal(hi),
            daily_hours=Decimal("8"))))
    return station, staff, jobs


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_huji_staff_serve_a_walk_in_worker_and_print_the_board(page, huji_setup):
    station, staff, jobs = huji_setup
    page.goto("/accounts/staff-login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto("/carriers/console/")
    assert "胡集镇零工服务驿站" in page.inner_text(".console-nav")

    # (1) register a walk-in worker, (2) verified in the same flow, (3) with skills and wishes
    page.get_by_role("link", name="登记零工").first.click()
    page.fill("#id_mobile", "13955550001")
    page.fill("#id_real_name", "周桂兰")
    page.fill("#id_id_number", valid_id_number(321, birth="19720315"))
    assert page.input_value("#id_township_code") == HUJI
    page.check("#id_id_card_seen")
    page.check("input[name=categories][value='agri.harvest']")
    page.check("input[name=categories][value='agri.planting']")
    page.fill("#id_skills", "会摘果、除草，能吃苦")
    page.fill("#id_desired_pay", "180")
    page.check("#id_privacy_accepted")
    screenshot(page, "carriers-console-register")
    page.get_by_role("button", name="登记", exact=True).click()
    assert page.inner_text("[data-testid=verification-status]") == "已认证"
    assert "会摘果、除草，能吃苦" in page.inner_text("[data-testid=skills]")
    assert "农忙采收" in page.inner_text("[data-testid=categories]")
    assert "周**" in page.inner_text("h1") and "周桂兰" not in page.content()

    # (4) find three matching jobs
    page.get_by_role("button", name="为人找岗位").click()
    hits = page.locator(".job-hit")
    titles = hits.all_inner_texts()
    for job in jobs:
        assert any(job.title in t for t in titles), (job.title, titles)
    screenshot(page, "carriers-console-matches")

    # (5) print the shortlist (print-friendly page)
    page.get_by_role("button", name="打印岗位清单").click()
    shortlist = page.locator("#shortlist")
    assert shortlist.locator(".sl-job").count() >= 3
    page.emulate_media(media="print")
    assert not page.locator(".console-nav, header.top").first.is_visible()
    assert shortlist.is_visible()
    screenshot(page, "carriers-shortlist-print")
    page.emulate_media(media="screen")

    # (6) the weekly board PDF: its QR codes open the right job pages
    page.goto("/carriers/console/")
    href = page.get_attribute("#board-a4", "href")
    resp = page.request.get(href)
    assert resp.ok and resp.headers["content-type"] == "application/pdf"
    pdf = resp.body()
    urls = decode_qr_codes(pdf)
    assert sorted(urls) == sorted(f"{live_server_url(page)}/jobs/{j.pk}/" for j in jobs)
    _save_board_png(pdf)
    page.goto(urls[0])
    assert any(j.title in page.inner_text("main") for j in jobs)

    from suzhaohuo.carriers.models import ServiceRecord

    kinds = list(ServiceRecord.objects.filter(carrier=station).order_by("id").values_list("kind", flat=True))
    assert kinds == ["registration", "verification", "profile", "match_for_worker", "shortlist_print"]


def live_server_url(page) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/")


def _save_board_png(pdf: bytes) -> None:
    os.makedirs("test-artifacts", exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "board.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", str(src), str(Path(tmp) / "p")],
                       check=True)
        shutil.copy(next(Path(tmp).glob("p*.png")), "test-artifacts/carriers-board-a4.png")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coverage_page_and_map_at_desktop_and_phone(page, regions):
    from suzhaohuo.carriers import demo as carriers_demo
    from suzhaohuo.core.demo import DemoContext
    from suzhaohuo.regions import demo as regions_demo

    ctx = DemoContext()
    ctx.rng.seed(ctx.seed)
    regions_demo.seed(ctx)
    carriers_demo.seed(ctx)  # stations in ~70% of townships, markets in 3 of 5 counties

    page.goto("/carriers/coverage/")
    svg = page.locator("#coverage-map")
    assert svg.locator("path.county").count() == 5
    assert svg.locator("path.gap-bad").count() >= 1  # counties without a market are highlighted
    assert page.inner_text("[data-testid=kpi-counties]").replace(" ", "") == "3/5"
    box = svg.bounding_box()
    assert box and box["width"] <= 360 and box["height"] > 200
    screenshot(page, "carriers-coverage-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/carriers/coverage/")
    box = page.locator("#coverage-map").bounding_box()
    assert box and box["width"] > 400
    screenshot(page, "carriers-coverage-1280")
    page.locator("#coverage-map path[data-code='321322']").click()
    assert "county=321322" in page.url
    assert page.locator("#county-table tbody tr").count() == 1
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/carriers/?township=" + HUJI)
    assert page.locator("[data-testid=carrier]").count() >= 1
    screenshot(page, "carriers-nearby-360")
