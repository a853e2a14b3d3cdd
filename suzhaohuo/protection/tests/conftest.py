"""Fixtures for protection: the example products, a job with cover, an accepted engagement, a fake insurer."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

HUJI = "321322102"


@pytest.fixture
def products(regions: None) -> None:
    from suzhaohuo.protection.services import products_load

    products_load()


@pytest.fixture
def make_job(make_employer: Callable[..., Any], products: None) -> Callable[..., Any]:
    from suzhaohuo.jobs.services import JobInput, job_create

    def factory(*, cover_code: str = "acc-daily", category_code: str = "moving.loading", start_in_days: int = 0,
                days: int = 2, title: str = "仓库搬运工", employer: Any = None) -> Any:
        employer = employer or make_employer(township="胡集镇")
        start = timezone.localdate() + timedelta(days=start_in_days)
        return job_create(actor=employer.owner, employer=employer, data=JobInput(
            title=title, description="仓库货物搬运装车，需上下梯子。", category_code=category_code, pay_unit="day",
            settlement="daily", headcount=3, township_code=HUJI, address="胡集镇物流园2号仓", pay_min=Decimal("220"),
            start_date=start, end_date=start + timedelta(days=days - 1), daily_hours=Decimal("8"),
            cover_code=cover_code))

    return factory


@pytest.fixture
def accept(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """accept(job, worker) → the engagement, accepted, with the on-commit event handlers run."""
    from suzhaohuo.gigs import services as gigs

    def run(job: Any, worker: Any) -> Any:
        eng = gigs.engagement_apply(worker=worker, job=job, consent=True)
        with django_capture_on_commit_callbacks(execute=True):
            gigs.engagement_accept(actor=job.employer.owner, engagement=eng)
        eng.refresh_from_db()
        return eng

    return run


class FakeInsurer:
    """A local HTTP insurer: fails the first ``fail`` calls with 503, then answers; remembers every request."""

    def __init__(self) -> None:
        self.fail = 0
        self.requests: list[tuple[str, str, dict[str, Any]]] = []
        self.policies: dict[str, str] = {}
        self.claim_status: dict[str, Any] = {"status": "pending"}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, code: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                outer.requests.append(("POST", self.path, body))
                if outer.fail > 0:
                    outer.fail -= 1
                    return self._reply(503, {"error": "busy"})
                if self.path == "/policies":
                    number = outer.policies.setdefault(body["key"], f"HTTP-{len(outer.policies) + 1:06d}")
                    return self._reply(200, {"policy_number": number})
                return self._reply(200, {"reference": f"CASE-{body['key']}"})

            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append(("GET", self.path, {}))
                return self._reply(200, outer.claim_status)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def enrol_calls(self) -> list[dict[str, Any]]:
        return [b for m, p, b in self.requests if p == "/policies"]


@pytest.fixture
def fake_insurer(settings: Any, products: None) -> Iterator[FakeInsurer]:
    from suzhaohuo.protection.models import InsuranceProduct

    fake = FakeInsurer()
    fake.thread.start()
    settings.PROTECTION_INSURERS = {"local": {"kind": "local"}, "http": {"kind": "http", "url": fake.url,
                                                                         "timeout": 5}}
    InsuranceProduct.objects.filter(code="acc-daily").update(adapter="http")
    yield fake
    fake.server.shutdown()
    fake.server.server_close()
