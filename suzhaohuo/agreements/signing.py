"""Canonical JSON, hashes and the platform's Ed25519 key (settings.AGREEMENT_SIGNING_KEY).

The key is base64 of the raw 32-byte private key. When it is empty (development, tests) a stable
development key is derived from SECRET_KEY; a system check warns about that in deployment.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

GENESIS_HASH = "0" * 64


def canonical_json(data: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, UTF-8 characters kept as they are."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_hex(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def decode_key(value: str) -> bytes:
    """Decode a configured key (standard or urlsafe base64, padding optional) to 32 raw bytes."""
    text = value.strip()
    padded = text + "=" * (-len(text) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("AGREEMENT_SIGNING_KEY is not valid base64") from exc
    if len(raw) != 32:
        raise ValueError("AGREEMENT_SIGNING_KEY must be 32 raw bytes (an Ed25519 private key), base64-encoded")
    return raw


@lru_cache(maxsize=4)
def _private_key(configured: str, secret_key: str) -> Ed25519PrivateKey:
    if configured:
        raw = decode_key(configured)
    else:
        raw = hashlib.sha256(b"szh-agreement-dev-signing-key|" + secret_key.encode("utf-8")).digest()
    return Ed25519PrivateKey.from_private_bytes(raw)


def private_key() -> Ed25519PrivateKey:
    return _private_key(settings.AGREEMENT_SIGNING_KEY or "", settings.SECRET_KEY)


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_raw() -> bytes:
    return public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_b64() -> str:
    return base64.b64encode(public_key_raw()).decode()


def public_key_pem() -> str:
    return public_key().public_bytes(serialization.Encoding.PEM,
                                     serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id() -> str:
    """A short fingerprint of the public key: the first 16 hex digits of its SHA-256."""
    return sha256_hex(public_key_raw())[:16]


def sign(payload: str) -> str:
    return base64.b64encode(private_key().sign(payload.encode("utf-8"))).decode()


def verify(payload: str, signature_b64: str) -> bool:
    try:
        public_key().verify(base64.b64decode(signature_b64), payload.encode("utf-8"))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def chain_hash(prev_hash: str, payload: str) -> str:
    return sha256_hex(prev_hash + payload)


def signature_record(event: Any) -> dict[str, Any]:
    """How one SignatureEvent appears in the sealed payload. ip and user agent stay in the platform's
    records; the seal commits to them by hash only (minimum necessary for anyone reading the PDF)."""
    evidence = canonical_json({"ip": event.ip or "", "user_agent": event.user_agent})
    return {
        "role": event.role,
        "signer_name": event.signer_name,
        "signed_at": event.signed_at.isoformat(),
        "method": event.method,
        "mobile_masked": event.mobile_masked,
        "document_sha256": event.document_sha256,
        "evidence_sha256": sha256_hex(evidence),
    }
