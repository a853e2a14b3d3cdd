"""Field encryption (AES-GCM) and keyed hashes for personal data (PIPL).

Ciphertext format: ``v1:`` + urlsafe-base64(nonce ‖ ciphertext+tag). The keyed hash (HMAC-SHA256)
supports exact lookup and duplicate checks without decrypting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_PREFIX = "v1:"


@lru_cache(maxsize=4)
def _keys(enc_key_b64: str, hash_key: str) -> tuple[bytes, bytes]:
    raw = base64.urlsafe_b64decode(enc_key_b64.encode() + b"=" * (-len(enc_key_b64) % 4))
    if len(raw) != 32:
        raise ValueError("SZH_FIELD_ENCRYPTION_KEY must be 32 bytes, urlsafe-base64 encoded")
    hkey = hash_key.encode() if hash_key else hashlib.sha256(b"szh-hash|" + raw).digest()
    return raw, hkey


def _current_keys() -> tuple[bytes, bytes]:
    return _keys(settings.FIELD_ENCRYPTION_KEY, settings.FIELD_HASH_KEY)


def encrypt(plaintext: str) -> str:
    key, _ = _current_keys()
    nonce = os.urandom(12)
    ct = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), None)
    return _PREFIX + base64.urlsafe_b64encode(nonce + ct).decode()


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("unknown ciphertext version")
    key, _ = _current_keys()
    blob = base64.urlsafe_b64decode(token[len(_PREFIX):].encode())
    return AESGCM(key).decrypt(blob[:12], blob[12:], None).decode("utf-8")


def keyed_hash(value: str) -> str:
    _, hkey = _current_keys()
    return hmac.new(hkey, value.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()
