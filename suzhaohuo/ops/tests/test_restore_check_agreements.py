"""The restore check verifies the whole agreement chain: seals, stored PDFs, and the checkpoints made before
the backup's snapshot (runs on SQLite too: it checks the current database against a manifest)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from suzhaohuo.agreements import checkpoints
from suzhaohuo.agreements.models import Agreement, ChainEntry, SignatureEvent
from suzhaohuo.agreements.tests.conftest import accepted, make_job, sealed  # noqa: F401 - fixtures
from suzhaohuo.ops.backup import CHECKPOINTS, key_fingerprints, restore_check, table_counts

pytestmark = pytest.mark.django_db


def _manifest(snapshot_at: datetime) -> dict[str, Any]:
    with connection.cursor() as cur:
        return {"keys": key_fingerprints(), "tables": table_counts(cur), "snapshot_at": snapshot_at.isoformat()}


def test_restore_check_verifies_pdfs_and_checkpoints(sealed: Any, tmp_path: Path, settings: Any) -> None:  # noqa: F811
    first = sealed(name="一号")
    sealed(name="二号")
    checkpoints.write()
    backup_copy = tmp_path / "backup" / CHECKPOINTS
    backup_copy.parent.mkdir()
    shutil.copyfile(settings.AGREEMENT_CHECKPOINT_FILE, backup_copy)
    manifest = _manifest(datetime.now(UTC) + timedelta(seconds=1))
    report = restore_check(manifest, checkpoints=backup_copy)
    assert report.ok, report.problems
    assert "2 chain entries, 1 checkpoints" in report.chain
    assert manifest["keys"]["agreement_signing"] in manifest["keys"]["agreement_signing_keyring"]

    # A checkpoint newer than the snapshot is not held against the restored data.
    assert restore_check(_manifest(datetime.now(UTC) - timedelta(days=1)), checkpoints=backup_copy).ok

    # The newest agreement missing from the restored database: the checkpoint says it existed.
    newest = ChainEntry.objects.get(seq=2)
    ChainEntry.objects.filter(pk=newest.pk).delete()
    SignatureEvent.objects.filter(agreement_id=newest.agreement_id).delete()
    Agreement.objects.filter(pk=newest.agreement_id).delete()
    report = restore_check(_manifest(datetime.now(UTC) + timedelta(seconds=1)), checkpoints=backup_copy)
    assert any("checkpoint" in p and "#2" in p for p in report.problems), report.problems

    # A swapped PDF in the restored database fails the chain check itself.
    Agreement.objects.filter(pk=first.pk).update(pdf=b"%PDF-1.4 forged", pdf_sha256="0" * 64)
    report = restore_check(_manifest(datetime.now(UTC)), checkpoints=None)
    assert any("stored PDF" in p or first.number in p for p in report.problems), report.problems
