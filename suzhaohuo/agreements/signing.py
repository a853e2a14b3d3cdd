"""Canonical JSON, hashes, the platform's Ed25519 keys and the agreements' check codes.

The current key is settings.AGREEMENT_SIGNING_KEY; retired keys (public keys only) stay on the keyring in
settings.AGREEMENT_SIGNING_KEYS_RETIRED so that seals made before a rotation still verify.

The key is base64 of the raw 32-byte private key. When it is empty (development, tests) a stable
development key is derived from SECRET_KEY; a system check warns about that in deployment.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
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


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_raw() -> bytes:
    return raw_public(public_key())


def public_key_b64() -> str:
    return base64.b64encode(public_key_raw()).decode()


def public_key_pem() -> str:
    return public_key().public_bytes(serialization.Encoding.PEM,
                                     serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id_of(raw_public_key: bytes) -> str:
    """A short fingerprint of a public key: the first 16 hex digits of its SHA-256."""
    return sha256_hex(raw_public_key)[:16]


def key_id() -> str:
    """The id of the current signing key; every seal records the id of the key that made it."""
    return key_id_of(public_key_raw())


@lru_cache(maxsize=4)
def _retired(configured: tuple[str, ...]) -> dict[str, Ed25519PublicKey]:
    out: dict[str, Ed25519PublicKey] = {}
    for value in configured:
        raw = decode_key(value)  # a retired key is configured by its PUBLIC key only
        out[key_id_of(raw)] = Ed25519PublicKey.from_public_bytes(raw)
    return out


def keyring() -> dict[str, Ed25519PublicKey]:
    """Every public key a seal may have been made with: the current one and the retired ones, by key id."""
    ring = dict(_retired(tuple(getattr(settings, "AGREEMENT_SIGNING_KEYS_RETIRED", []) or [])))
    ring[key_id()] = public_key()
    return ring


def retired_public_keys() -> list[dict[str, str]]:
    """The retired keys still on the keyring, as published: key id and base64 raw public key."""
    current = key_id()
    return [{"key_id": kid, "public_key_base64": base64.b64encode(raw_public(key)).decode()}
            for kid, key in keyring().items() if kid != current]


def sign(payload: str) -> str:
    return base64.b64encode(private_key().sign(payload.encode("utf-8"))).decode()


def _payload_key_id(payload: str) -> str:
    try:
        data = json.loads(payload)
    except ValueError:
        return ""
    return str(data.get("key_id") or "") if isinstance(data, dict) else ""


def verify(payload: str, signature_b64: str, key_id_: str | None = None) -> bool:
    """Check ``signature_b64`` over ``payload`` with the key ``key_id_`` (default: the ``key_id`` the payload
    names, else the current key). A key id not on the keyring never verifies."""
    kid = key_id_ or _payload_key_id(payload) or key_id()
    key = keyring().get(kid)
    if key is None:
        return False
    try:
        key.verify(base64.b64decode(signature_b64, validate=True), payload.encode("utf-8"))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


# --- check codes: a number alone does not open the public lookup -------------------------------------------

CHECK_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CHECK_CODE_LENGTH = 6


def _check_code_key() -> bytes:
    configured = getattr(settings, "AGREEMENT_CHECK_CODE_KEY", "") or ""
    if configured:
        return configured.encode("utf-8")
    return hashlib.sha256(b"szh-agreement-check-code|" + settings.SECRET_KEY.encode("utf-8")).digest()


def check_code(number: str) -> str:
    """Six characters derived by HMAC-SHA256 from the number with a server key (30 bits), printed on the
    agreement and needed, with the number, by the public lookup."""
    digest = hmac.new(_check_code_key(), f"agreement-check:{number}".encode(), hashlib.sha256).digest()
    value = int.from_bytes(digest[:8], "big")
    chars = []
    for _i in range(CHECK_CODE_LENGTH):
        chars.append(CHECK_CODE_ALPHABET[value & 31])
        value >>= 5
    return "".join(chars)


def normalize_check_code(code: str) -> str:
    text = (code or "").strip().upper().replace(" ", "").replace("-", "")
    return text.translate(str.maketrans("OIL", "011"))


def check_code_matches(number: str, code: str) -> bool:
    return hmac.compare_digest(check_code(number), normalize_check_code(code))


def pdf_seal_payload(*, number: str, seal_payload: str, platform_signature: str, pdf_sha256: str,
                     key_id: str) -> str:
    """What the second signature of a seal covers: the issued PDF's SHA-256, bound to the first seal. The PDF
    prints the first seal, so it cannot be covered by it; this payload is rebuilt from stored fields to verify."""
    return canonical_json({"schema": "szh-pdf-seal/1", "agreement_number": number,
                           "seal_sha256": sha256_hex(seal_payload), "platform_signature": platform_signature,
                           "pdf_sha256": pdf_sha256, "key_id": key_id})


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
