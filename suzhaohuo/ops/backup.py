"""Backups and restore drills (PostgreSQL).

``backup(dest)`` writes ``db.dump`` (pg_dump custom format), ``media.tar.gz`` (uploaded files) and
``manifest.json``: the row count of every table *in the same snapshot as the dump*, the fingerprints of the
field-encryption and agreement-signing keys the data needs (the signing keyring too), the snapshot time, and a
copy of the agreement chain's checkpoint file (``chain-checkpoints.jsonl``, which lives outside the database).
The keys themselves are never in a backup: they live in the key escrow (deploy/README.md).

``restore_drill(dest)`` restores into a fresh database, then, against that database: compares every row
count with the manifest, decrypts a sample of every encrypted column, verifies the whole agreement hash
chain (seals under their key ids, every stored PDF against its sealed hash) and compares it with the
checkpoints made before the snapshot. It drops the database afterwards unless asked to keep it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
CHECKPOINTS = "chain-checkpoints.jsonl"


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _require_postgres() -> dict[str, Any]:
    if connection.vendor != "postgresql":
        raise RuntimeError("backups and restore drills need PostgreSQL (DATABASE_URL); SQLite: copy var/ instead")
    return dict(connection.settings_dict)


def key_fingerprints() -> dict[str, Any]:
    from suzhaohuo.agreements.signing import key_id, keyring
    from suzhaohuo.core import crypto

    return {"field_encryption": crypto.current_key_id(), "agreement_signing": key_id(),
            "agreement_signing_keyring": sorted(keyring())}


def table_counts(cursor: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        table = model._meta.db_table
        if table in out:
            continue
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        out[table] = int(cursor.fetchone()[0])
    return out


def backup(dest: Path) -> dict[str, Any]:
    db = _require_postgres()
    dest.mkdir(parents=True, exist_ok=True)
    import psycopg

    conninfo = {"dbname": db["NAME"], "host": db.get("HOST") or None, "port": db.get("PORT") or None,
                "user": db.get("USER") or None, "password": db.get("PASSWORD") or None}
    # One snapshot for the dump and the counts, so the drill can compare them exactly.
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=False) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        snapshot_at = datetime.now(UTC).isoformat()  # checkpoints made before this are in the dump
        started = time.time()
        subprocess.run(["pg_dump", "-Fc", f"--snapshot={snapshot}", "-f", str(dest / "db.dump"), db["NAME"]],
                       check=True, env=_pg_env(db), capture_output=True, text=True)
        with conn.cursor() as cur:
            counts = table_counts(cur)
        conn.rollback()
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(dest / "media.tar.gz", "w:gz") as tar:
        if media.exists():
            tar.add(media, arcname="media")
    # The agreement chain's checkpoints live outside the database: keep a copy with the dump.
    checkpoint_file = Path(settings.AGREEMENT_CHECKPOINT_FILE)
    if checkpoint_file.exists():
        shutil.copyfile(checkpoint_file, dest / CHECKPOINTS)
    manifest = {"created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "snapshot_at": snapshot_at, "database": db["NAME"],
                "dump_seconds": round(time.time() - started, 1), "keys": key_fingerprints(), "tables": counts}
    (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


@dataclass
class DrillReport:
    database: str
    problems: list[str] = field(default_factory=list)
    checked_tables: int = 0
    decrypted: int = 0
    chain: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def restore_check(manifest: dict[str, Any], *, sample: int = 50, checkpoints: Path | None = None) -> DrillReport:
    """Run against the restored database (the current connection). ``checkpoints``: the backup's copy of the
    agreement chain checkpoints; those made before the dump's snapshot must match the restored chain."""
    from suzhaohuo.ops.keys import encrypted_columns

    report = DrillReport(database=str(connection.settings_dict["NAME"]))
    keys = key_fingerprints()
    if keys["field_encryption"] != manifest["keys"]["field_encryption"]:
        report.problems.append(f"field-encryption key {keys['field_encryption']} is not the backup's "
                               f"{manifest['keys']['field_encryption']}: configure the escrowed key")
    with connection.cursor() as cur:
        counts = table_counts(cur)
    for table, expected in manifest["tables"].items():
        report.checked_tables += 1
        if counts.get(table) != expected:
            report.problems.append(f"{table}: {counts.get(table)} rows restored, {expected} in the backup")
    for model, fields in encrypted_columns():
        for obj in model._base_manager.order_by("?").only("pk", *fields)[:sample]:
            try:
                for f in fields:
                    getattr(obj, f)
                report.decrypted += 1
            except Exception as exc:  # noqa: BLE001 - a value that does not decrypt is the finding
                report.problems.append(f"{model._meta.label} #{obj.pk}: does not decrypt ({type(exc).__name__})")
    from suzhaohuo.agreements.signing import keyring
    from suzhaohuo.agreements.verification import verify_chain

    signing_key = manifest["keys"].get("agreement_signing")
    if signing_key and signing_key not in keyring():
        report.problems.append(f"agreement signing key {signing_key} of the backup is not on the keyring: configure "
                               "the escrowed key or add its public key to SZH_AGREEMENT_SIGNING_KEYS_RETIRED")
    chain = verify_chain()  # every link, every seal under its key id, every stored PDF against its sealed hash
    report.chain = f"{chain.entries} chain entries"
    if not chain.ok:
        report.problems.append(f"agreement chain broken at entry #{chain.first_broken_seq}: {chain.reason}")
    if checkpoints is not None and checkpoints.exists():
        from suzhaohuo.agreements.checkpoints import verify_checkpoints

        until = datetime.fromisoformat(manifest["snapshot_at"]) if manifest.get("snapshot_at") else None
        cp = verify_checkpoints(checkpoints, until=until)
        report.chain += f", {cp.checked} checkpoints"
        report.problems.extend(f"agreement chain checkpoint: {p}" for p in cp.problems)
    return report


def restore_drill(src: Path, *, keep: bool = False) -> tuple[int, str]:
    """Restore ``src`` into a fresh database and check it in a separate process. (exit status, its output)"""
    db = _require_postgres()
    name = f"szh_drill_{int(time.time())}"
    env = _pg_env(db)
    subprocess.run(["createdb", name], check=True, env=env, capture_output=True, text=True)
    try:
        restore = subprocess.run(["pg_restore", "--no-owner", "-d", name, str(src / "db.dump")], env=env,
                                 capture_output=True, text=True)
        if restore.returncode != 0:
            return restore.returncode, restore.stderr
        url = (f"postgres://{db.get('USER') or ''}{':' + str(db['PASSWORD']) if db.get('PASSWORD') else ''}"
               f"@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}")
        check = subprocess.run([sys.executable, "manage.py", "restore_check", str(src / MANIFEST)],
                               env={**os.environ, "DATABASE_URL": url}, cwd=settings.BASE_DIR,
                               capture_output=True, text=True)
        return check.returncode, check.stdout + check.stderr
    finally:
        if not keep:
            subprocess.run(["dropdb", "--if-exists", name], env=env, capture_output=True)
