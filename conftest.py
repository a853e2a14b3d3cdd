"""Shared pytest fixtures. State is built through the same services a user would trigger."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

SUQIAN_CSV = os.path.join(os.path.dirname(__file__), "data", "regions", "suqian_divisions.csv")
SUQIAN_POINTS = os.path.join(os.path.dirname(__file__), "data", "regions", "suqian_township_points.csv")
HUJI = "321322102"  # 沭阳县 胡集镇
YANJI = "321322116"  # 沭阳县 颜集镇 (looked up below to stay correct)


@pytest.fixture(autouse=True)
def _settings_for_tests(settings: Any, tmp_path: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": str(tmp_path)}}  # unique per test (an id() can be reused)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.AGREEMENT_CHECKPOINT_FILE = tmp_path / "chain-checkpoints.jsonl"
    # Staff fixtures hash passwords; the production hasher's cost is irrelevant to what tests check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: Any) -> None:
    """Block outbound network in tests; loopback stays allowed for local fake servers."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")) \
                and self.family in (socket.AF_INET, socket.AF_INET6):
            raise RuntimeError(f"network access blocked in tests: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def regions(db: Any) -> None:
    from suzhaohuo.regions.services import regions_load_csv, regions_load_points

    regions_load_csv(path=SUQIAN_CSV)
    regions_load_points(path=SUQIAN_POINTS)  # the shipped township seat points, as a deployment loads them
    from suzhaohuo.jobs.categories import load_categories
    from suzhaohuo.jobs.models import JobCategory

    if not JobCategory.objects.exists():  # transactional (browser) tests flush the data migration's rows
        load_categories(JobCategory)


def township_code(name: str) -> str:
    from suzhaohuo.regions.models import Region

    return Region.objects.get(name=name, level="township").code


_seq = {"n": 0}


def _next_mobile() -> str:
    _seq["n"] += 1
    return f"139{_seq['n']:08d}"


def valid_id_number(seq: int, area: str = "321322", birth: str = "19800101") -> str:
    from suzhaohuo.core.validators import id_check_char

    first17 = f"{area}{birth}{seq % 1000:03d}"
    return first17 + id_check_char(first17)


def valid_uscc(seq: int) -> str:
    from suzhaohuo.core.validators import uscc_check_char

    first17 = f"91321322MA{seq:07d}"[:17]
    return first17 + uscc_check_char(first17)


@pytest.fixture
def make_worker(regions: None) -> Callable[..., Any]:
    """make_worker(township="胡集镇", verified=True) → User with a PersonIdentity and WorkerProfile."""
    from suzhaohuo.accounts.services import staff_create, user_create_with_mobile
    from suzhaohuo.identity.services import person_identity_submit, person_verify_in_person
    from suzhaohuo.workers.models import WorkerProfile

    counter = {"n": 100}

    def factory(*, township: str = "胡集镇", verified: bool = True, name: str = "张三", mobile: str | None = None,
                birth: str = "19800101") -> Any:
        counter["n"] += 1
        user = user_create_with_mobile(mobile=mobile or _next_mobile(), role="worker")
        code = township_code(township)
        identity = person_identity_submit(user=user, real_name=name, id_number=valid_id_number(counter["n"], birth=birth),
                                          township_code=code)
        WorkerProfile.objects.get_or_create(user=user, defaults={"home_township_id": code})
        if verified:
            staff = staff_create(actor=None, username=f"verifier{counter['n']}", password="Verify-pass-123",
                                 role="station_staff", scope_region_code=code)
            person_verify_in_person(actor=staff, identity=identity)
        user.refresh_from_db()
        return user

    return factory


@pytest.fixture
def make_employer(regions: None) -> Callable[..., Any]:
    """make_employer(township="胡集镇", verified=True, kind="enterprise") → Employer."""
    from suzhaohuo.accounts.services import staff_create, user_create_with_mobile
    from suzhaohuo.identity.services import employer_register, employer_verify

    counter = {"n": 500}

    def factory(*, township: str = "胡集镇", verified: bool = True, kind: str = "enterprise",
                name: str | None = None, is_agency: bool = False) -> Any:
        counter["n"] += 1
        n = counter["n"]
        user = user_create_with_mobile(mobile=_next_mobile(), role="employer")
        code = township_code(township)
        employer = employer_register(
            user=user, kind=kind, name=name or f"宿迁测试用工{n}有限公司", township_code=code, address="人民路1号",
            uscc=valid_uscc(n) if kind == "enterprise" else "", legal_representative="李四", handler_name="王五",
            handler_id_number=valid_id_number(n), person_id_number=valid_id_number(n),
            is_agency=is_agency, hr_licence_number="(苏)人服证字[2025]第001号" if is_agency else "")
        if verified:
            staff = staff_create(actor=None, username=f"empverifier{n}", password="Verify-pass-123",
                                 role="station_staff", scope_region_code=code)
            employer = employer_verify(actor=staff, employer=employer)
        return employer

    return factory


@pytest.fixture
def make_staff(regions: None) -> Callable[..., Any]:
    """make_staff(role="station_staff", scope="胡集镇" | "沭阳县" | "宿迁市", password=...) → User."""
    from suzhaohuo.accounts.services import staff_create
    from suzhaohuo.regions.models import Region

    counter = {"n": 0}

    def factory(*, role: str = "station_staff", scope: str | None = "胡集镇", password: str = "Staff-pass-12345",
                username: str | None = None) -> Any:
        counter["n"] += 1
        code = Region.objects.filter(name=scope).values_list("code", flat=True).first() if scope else None
        return staff_create(actor=None, username=username or f"staff{counter['n']}", password=password, role=role,
                            scope_region_code=code, display_name=f"工作人员{counter['n']}")

    return factory


# --- Browser tests (Playwright + Debian chromium) ----------------------------------------------

CHROMIUM = os.environ.get("SZH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browsers` (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A phone-sized page (360×740) against the live test server."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def read_last_sms_code(mobile: str) -> str:
    """The demo/test way to 'receive' an SMS: read the outbox."""
    import re

    from suzhaohuo.core.models import SmsOutbox

    msg = SmsOutbox.objects.filter(mobile=mobile).order_by("-id").first()
    assert msg is not None, f"no SMS sent to {mobile}"
    m = re.search(r"(\d{6})", msg.text)
    assert m, msg.text
    return m.group(1)


def screenshot(page: Any, name: str) -> None:
    os.makedirs("test-artifacts", exist_ok=True)
    page.screenshot(path=f"test-artifacts/{name}.png", full_page=True)
