"""Chain-head checkpoints: the hash chain's length and head, signed and time-stamped, kept outside the database.

A checkpoint is one JSON line appended to settings.AGREEMENT_CHECKPOINT_FILE (never rewritten) and published at
/verify/checkpoints/, so anyone may keep copies. Someone who can write the database can rebuild a consistent
shorter chain (delete the newest agreement with its chain entry); they cannot make an earlier checkpoint forget
that the chain once had that length and that head. ``verify_checkpoints`` compares the database with every line.

Line format (schema ``szh-checkpoint/1``)::

    {"schema", "chain_length", "head_seq", "head_hash", "created_at", "key_id", "prev_sha256",
     "signature": Ed25519 over canonical JSON of the fields above (agreement signing key ``key_id``),
     "timestamp": {"authority": "local"|"rfc3161", "token_base64": RFC 3161 TimeStampToken over
                   SHA-256(canonical JSON of the fields above + signature)}}

``prev_sha256`` is the SHA-256 of the previous line's text (GENESIS for the first): lines cannot be dropped
from the middle of the file unnoticed either. See docs/adr/0014-agreement-evidence-anchoring.md.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from suzhaohuo.agreements import signing, timestamping
from suzhaohuo.agreements.models import ChainEntry

SCHEMA = "szh-checkpoint/1"
SIGNED_FIELDS = ("schema", "chain_length", "head_seq", "head_hash", "created_at", "key_id", "prev_sha256")


def checkpoint_path() -> Path:
    return Path(settings.AGREEMENT_CHECKPOINT_FILE)


def chain_head() -> tuple[int, int, str]:
    """(number of entries, seq of the newest entry, its hash) as the database says now."""
    last = ChainEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
    count = ChainEntry.objects.count()
    return (count, int(last[0]), str(last[1])) if last else (0, 0, signing.GENESIS_HASH)


def _signed_text(record: dict[str, Any]) -> str:
    return signing.canonical_json({k: record[k] for k in SIGNED_FIELDS})


def _stamp_digest(record: dict[str, Any]) -> bytes:
    return hashlib.sha256((_signed_text(record) + record["signature"]).encode("utf-8")).digest()


def read_lines(path: Path | None = None) -> list[str]:
    path = path or checkpoint_path()
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_all(path: Path | None = None) -> list[dict[str, Any]]:
    out = []
    for line in read_lines(path):
        try:
            out.append(json.loads(line))
        except ValueError:
            out.append({"schema": "unreadable", "raw": line[:200]})
    return out


def build(*, prev_line: str | None) -> dict[str, Any]:
    length, seq, head = chain_head()
    record: dict[str, Any] = {
        "schema": SCHEMA, "chain_length": length, "head_seq": seq, "head_hash": head,
        "created_at": timezone.now().replace(microsecond=0).isoformat(), "key_id": signing.key_id(),
        "prev_sha256": signing.sha256_hex(prev_line) if prev_line is not None else signing.GENESIS_HASH,
    }
    record["signature"] = signing.sign(_signed_text(record))
    tsa = timestamping.authority()
    record["timestamp"] = {"authority": tsa.name,
                           "token_base64": base64.b64encode(tsa.timestamp(_stamp_digest(record))).decode()}
    return record


def write(*, force: bool = False) -> dict[str, Any] | None:
    """Append a checkpoint when the chain head moved since the last one (or always, with ``force``).
    The file is locked while read and appended, so two schedulers cannot interleave lines."""
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            fh.seek(0)
            lines = [line for line in fh.read().splitlines() if line.strip()]
            last = json.loads(lines[-1]) if lines else None
            _length, seq, head = chain_head()
            if not force and last is not None and last.get("head_seq") == seq and last.get("head_hash") == head:
                return None
            record = build(prev_line=lines[-1] if lines else None)
            fh.seek(0, os.SEEK_END)
            fh.write(signing.canonical_json(record) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
            return record
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def record_problems(record: dict[str, Any]) -> list[str]:
    """What is wrong with one checkpoint by itself: its signature and its time-stamp."""
    if record.get("schema") != SCHEMA or any(k not in record for k in (*SIGNED_FIELDS, "signature", "timestamp")):
        return ["not a checkpoint line"]
    problems = []
    if not signing.verify(_signed_text(record), record["signature"], record["key_id"]):
        problems.append(f"signature does not verify under key {record['key_id']}")
    stamp = record.get("timestamp") or {}
    try:
        token = base64.b64decode(stamp.get("token_base64", ""), validate=True)
    except ValueError:
        token = b""
    if not token or timestamping.authority_named(str(stamp.get("authority", ""))).verify(
            token, _stamp_digest(record)) is None:
        problems.append("RFC 3161 time-stamp token does not match")
    return problems


@dataclass
class CheckpointReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    last: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_checkpoints(path: Path | None = None, *, until: datetime | None = None) -> CheckpointReport:
    """Every line must be signed, time-stamped and linked to the previous one; the database's chain must
    still hold each checkpoint's head at its position and be at least as long (deletion of the newest
    entries, or a rebuilt chain, is caught here even when the chain itself is consistent). With ``until`` (a
    restored backup's snapshot time) only checkpoints made before it are compared with the database."""
    report = CheckpointReport()
    prev_line: str | None = None
    length_now = ChainEntry.objects.count()
    for number, line in enumerate(read_lines(path), start=1):
        report.checked += 1
        try:
            record = json.loads(line)
        except ValueError:
            report.problems.append(f"checkpoint line {number}: not JSON")
            prev_line = line
            continue
        report.last = record
        where = f"checkpoint line {number} ({record.get('created_at', '?')})"
        report.problems.extend(f"{where}: {p}" for p in record_problems(record))
        expected_prev = signing.sha256_hex(prev_line) if prev_line is not None else signing.GENESIS_HASH
        if record.get("prev_sha256") != expected_prev:
            report.problems.append(f"{where}: does not follow the previous line (a line was removed or changed)")
        prev_line = line
        if until is not None and _created(record) > until:
            continue
        seq, head = record.get("head_seq", 0), record.get("head_hash", "")
        if length_now < int(record.get("chain_length", 0)):
            report.problems.append(f"{where}: the chain had {record.get('chain_length')} entries, the database "
                                   f"now has {length_now} (entries were deleted)")
        if seq:
            entry_hash = ChainEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first()
            if entry_hash != head:
                report.problems.append(f"{where}: chain entry #{seq} "
                                       f"{'is missing' if entry_hash is None else 'has another hash'} "
                                       f"(checkpoint head {head[:16]}…)")
    return report


def _created(record: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(record.get("created_at", "")))
    except ValueError:
        return datetime.max.replace(tzinfo=UTC)


def published(limit: int = 200) -> dict[str, Any]:
    """What /verify/checkpoints/ publishes: the newest checkpoints and the keys to check them."""
    records = read_all()
    return {
        "schema": SCHEMA,
        "signing_keys": [{"key_id": kid, "public_key_base64": base64.b64encode(signing.raw_public(key)).decode(),
                          "current": kid == signing.key_id()} for kid, key in signing.keyring().items()],
        "timestamp_authority": timestamping.describe(),
        "total": len(records),
        "checkpoints": records[-limit:],
    }
