"""The Redis task queue with real worker processes: a worker killed (SIGKILL) in the middle of an import
loses nothing and doubles nothing — another worker reclaims the task and the import resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from suzhaohuo.aggregation.tests.test_upload import builder, operator, row, xlsx  # noqa: F401,F811 - fixtures

REDIS = "redis://127.0.0.1:6379/7"


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes share the database: PostgreSQL"),
    pytest.mark.skipif(not _redis_up(), reason="needs the local Redis"),
    pytest.mark.django_db(transaction=True),
]


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "manage.py", "run_worker"], env=env, cwd=os.getcwd(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _wait(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_killed_worker_import_resumes_on_another(operator: Any, builder: Any, settings: Any) -> None:  # noqa: F811
    import redis

    from suzhaohuo.aggregation import services
    from suzhaohuo.aggregation.models import ImportBatch, RawRecord
    from suzhaohuo.jobs.models import Job

    prefix = f"szh_test_{uuid.uuid4().hex[:8]}"
    options = {"REDIS_URL": REDIS, "REDIS_KEY_PREFIX": prefix, "REDIS_CLAIM_TIMEOUT": 3}
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKEND_REDIS, "QUEUES": [], "OPTIONS": options}}
    db = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
                                          f"{db['NAME']}",
           "REDIS_URL": REDIS, "SZH_TASK_REDIS_PREFIX": prefix, "SZH_TASK_CLAIM_TIMEOUT": "3",
           "SZH_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    n = 1500
    rows = [row(i, title=f"装卸工{i}号", desc=f"第{i}号仓库装卸、搬运货物，包午饭，工号{i * 7919}。", town=town)
            for i, town in zip(range(1, n + 1), ["胡集镇", "颜集镇", "钱集镇"] * n, strict=False)]
    first = _worker(env)
    try:
        accepted = services.upload_accept(actor=operator, fileobj=SimpleUploadedFile("big.xlsx", xlsx(rows)),
                                          file_name="big.xlsx")  # committed: the task is now on the Redis queue
        batch = ImportBatch.objects.get(pk=accepted.batch.pk)
        _wait(lambda: RawRecord.objects.filter(batch=batch).count() >= 200, 240, "the first chunk")
        os.killpg(first.pid, signal.SIGKILL)  # killed mid-import, no chance to clean up
        first.wait()
        batch.refresh_from_db()
        assert batch.status != "done" and RawRecord.objects.filter(batch=batch).count() < n
        second = _worker(env)
        try:
            _wait(lambda: ImportBatch.objects.get(pk=batch.pk).status == "done", 300, "the resumed import")
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(timeout=60)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    records = RawRecord.objects.filter(batch=batch)
    assert records.count() == n
    assert sorted(records.values_list("row_number", flat=True)) == list(range(2, n + 2))
    created = records.filter(outcome="created").count()
    assert created + records.filter(outcome="duplicate").count() == n
    assert Job.objects.count() == created
