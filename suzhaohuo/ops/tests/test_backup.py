"""Backup and restore drill on PostgreSQL: a fresh database is restored and checked in another process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from suzhaohuo.core import crypto
from suzhaohuo.core.models import AuditEvent, SmsMessage

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump / pg_restore need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_backup_then_drill_passes_and_catches_a_mismatch(tmp_path: Path, settings: Any) -> None:
    for i in range(5):
        SmsMessage.objects.create(mobile=f"1370000{i:04d}", mobile_hash=crypto.keyed_hash(f"1370000{i:04d}"),
                                  text="t", provider="x")
    AuditEvent.objects.create(action="t", target_type="t", target_id="1")
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    (media / "evidence.txt").write_text("证据")

    call_command("backup", str(tmp_path / "b1"))
    manifest = json.loads((tmp_path / "b1" / "manifest.json").read_text())
    assert manifest["tables"]["core_smsmessage"] == 5 and manifest["keys"]["field_encryption"]
    assert (tmp_path / "b1" / "db.dump").stat().st_size > 1000
    import tarfile

    with tarfile.open(tmp_path / "b1" / "media.tar.gz") as tar:
        assert "media/evidence.txt" in tar.getnames()

    call_command("restore_drill", str(tmp_path / "b1"))  # raises on failure

    manifest["tables"]["core_smsmessage"] = 6  # a backup that does not match what it restores
    (tmp_path / "b1" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="restore drill FAILED"):
        call_command("restore_drill", str(tmp_path / "b1"))
    with connection.cursor() as cur:  # the drill databases were dropped
        cur.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'szh_drill_%%'")
        assert cur.fetchone()[0] == 0
