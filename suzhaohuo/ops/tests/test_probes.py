"""Health, readiness, metrics, request ids and JSON logs."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_and_readyz_ok(client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    resp = client.get("/readyz")
    body = resp.json()
    assert resp.status_code == 200 and body["status"] == "ok"
    assert {body["checks"][k] for k in ("database", "cache", "queue", "migrations")} == {"ok"}


def test_readyz_names_what_is_down(client: Client, settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    resp = client.get("/readyz")
    assert resp.status_code == 503
    body = resp.json()
    assert body["status"] == "unavailable" and body["down"] == ["cache"]


def test_readyz_reports_unapplied_migrations(client: Client, monkeypatch: Any) -> None:
    from suzhaohuo.ops import health

    monkeypatch.setitem(health.CHECKS, "migrations", lambda: "2 migration(s) not applied")
    resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.json()["down"] == ["migrations"]


def test_metrics_only_for_allowed_networks_or_token(client: Client, settings: Any) -> None:
    client.get("/healthz")
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    resp = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    text = resp.content.decode()
    assert resp.status_code == 200
    assert 'szh_request_seconds_bucket{le="0.01",method="GET",route="ops:healthz"}' in text
    assert "szh_task_queue_depth" in text and 'szh_sms_last_5m{state="failed"}' in text
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9",
                      HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403


def test_request_id_kept_or_made_and_logged(client: Client) -> None:
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-12345678").headers["X-Request-ID"] == "abc-12345678"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="bad id; drop table").headers["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()

    from suzhaohuo.ops.context import request_id_var
    from suzhaohuo.ops.logging import JsonFormatter, RequestIdFilter

    token = request_id_var.set("req-0000abcd")
    try:
        record = logging.LogRecord("szh", logging.INFO, __file__, 1, "导入完成 %s 行", (12,), None)
        record.task_id = "t-1"
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["request_id"] == "req-0000abcd" and line["message"] == "导入完成 12 行" and line["task_id"] == "t-1"


def test_leader_lock_runs_one_scheduler() -> None:
    from django.core.cache import cache

    from suzhaohuo.core.leader import LeaderLock

    a, b = LeaderLock("test", ttl=30), LeaderLock("test", ttl=30)
    assert a.acquire_or_renew() and not b.acquire_or_renew()
    assert a.acquire_or_renew()  # renews
    cache.delete(a.key)  # a died and its lock expired
    assert b.acquire_or_renew() and not a.acquire_or_renew()
    b.release()
    assert a.acquire_or_renew()
