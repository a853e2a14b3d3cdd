"""Log partitions (PostgreSQL) and retention (both engines): expired months go, every row is kept its term."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection

from suzhaohuo.core import partitions
from suzhaohuo.core.models import AuditEvent, PiiAccessLog

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 6, 15, 12, 0, tzinfo=UTC)


def _event(when: datetime, action: str) -> AuditEvent:
    ev = AuditEvent.objects.create(action=action, target_type="t", target_id="1")
    AuditEvent.objects.filter(pk=ev.pk).update(created_at=when)  # moves the row to that month's partition
    return ev


def _home(pk: int) -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT tableoid::regclass::text FROM core_auditevent WHERE id = %s", [pk])
        return str(cur.fetchone()[0])


def test_retention_keeps_every_row_its_full_term_and_removes_the_rest(settings: pytest.FixtureRequest) -> None:
    settings.AUDIT_RETENTION_MONTHS = 36  # type: ignore[attr-defined]
    settings.PII_LOG_RETENTION_MONTHS = 0  # type: ignore[attr-defined]  # 0: kept for ever
    expired = _event(datetime(2024, 5, 31, 23, 0, tzinfo=UTC), "old")  # month ended > 36 months before NOW
    kept = _event(datetime(2024, 6, 1, 0, 30, tzinfo=UTC), "edge")  # its month ends < 36 months before NOW
    recent = _event(NOW, "recent")
    log = PiiAccessLog.objects.create(field="mobile", purpose="核验")
    PiiAccessLog.objects.filter(pk=log.pk).update(created_at=datetime(2020, 1, 1, tzinfo=UTC))
    report = partitions.logs_maintain(NOW)
    left = set(AuditEvent.objects.values_list("pk", flat=True))
    assert expired.pk not in left and {kept.pk, recent.pk} <= left
    assert PiiAccessLog.objects.filter(pk=log.pk).exists()
    again = partitions.logs_maintain(NOW)  # idempotent: nothing more to do
    assert again["core_auditevent"] == {"created": [], "dropped": [], "deleted": 0}
    assert report["core_auditevent"]["deleted"] + len(report["core_auditevent"]["dropped"]) >= 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="declarative partitioning is PostgreSQL's")
def test_postgresql_logs_are_partitioned_by_month_and_months_are_dropped_whole(settings: pytest.FixtureRequest) -> None:
    settings.AUDIT_RETENTION_MONTHS = 36  # type: ignore[attr-defined]
    assert partitions.is_partitioned("core_auditevent") and partitions.is_partitioned("core_piiaccesslog")
    old = _event(datetime(2023, 3, 10, tzinfo=UTC), "old")
    assert _home(old.pk) == "core_auditevent_default"  # no partition for that month yet
    with connection.cursor() as cur:  # a month made later takes its rows out of the DEFAULT partition
        assert partitions.create_month(cur, "core_auditevent", datetime(2023, 3, 1).date())
    assert _home(old.pk) == "core_auditevent_p202303"
    with connection.cursor() as cur:  # the test's one transaction: run the deferred FK checks of its inserts
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # (the daily task runs in a transaction of its own)
    report = partitions.logs_maintain(NOW)
    assert "core_auditevent_p202303" in report["core_auditevent"]["dropped"]
    assert {f"core_auditevent_p2027{m:02d}" for m in (6, 7, 8, 9)} <= {n for n, _m in partitions.partitions("core_auditevent")}
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    fresh = AuditEvent.objects.create(action="new", target_type="t", target_id="2")  # ids continue, one sequence
    assert fresh.pk > old.pk
    AuditEvent.objects.filter(pk=fresh.pk).update(created_at=NOW)
    assert _home(fresh.pk) == "core_auditevent_p202706"
