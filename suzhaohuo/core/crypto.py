"""Field encryption (AES-GCM) and keyed hashes for personal data (PIPL).

Ciphertext format: ``v1:`` + urlsafe-base64(nonce ‖ ciphertext+tag). The keyed hash (HMAC-SHA256) supports
exact lookup and duplicate checks without decrypting.

Key rotation: set the new key as SZH_FIELD_ENCRYPTION_KEY, list the previous ones (newest first) in
SZH_FIELD_ENCRYPTION_OLD_KEYS, run ``manage.py field_key_rotate`` (online, in batches, resumable), then drop the
old keys once it reports nothing left. Keyed hashes must not change: pin SZH_FIELD_HASH_KEY first (the command
prints the value to pin when it is not set).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_PREFIX = "v1:"


def _decode_key(enc_key_b64: str) -> bytes:
    raw = base64.urlsafe_b64decode(enc_key_b64.encode() + b"=" * (-len(enc_key_b64) % 4))
    if len(raw) != 32:
        raise ValueError("SZH_FIELD_ENCRYPTION_KEY must be 32 bytes, urlsafe-base64 encoded")
    return raw


def key_id(raw: bytes) -> str:
    """A short public fingerprint of a key (for backup manifests and rotation reports)."""
    return hashlib.sha256(b"szh-kid|" + raw).hexdigest()[:8]


@lru_cache(maxsize=8)
def _keyring(enc_key_b64: str, old_keys: tuple[str, ...], hash_key: str) -> tuple[bytes, tuple[bytes, ...], bytes]:
    """(current key, previous keys newest first, keyed-hash key). Without an explicit hash key it is derived
    from the *original* key (the last previous key, else the current one), so rotation never changes hashes."""
    current = _decode_key(enc_key_b64)
    olds = tuple(_decode_key(k) for k in old_keys)
    original = olds[-1] if olds else current
    if hash_key.startswith("hex:"):
        hkey = bytes.fromhex(hash_key[4:])
    else:
        hkey = hash_key.encode() if hash_key else hashlib.sha256(b"szh-hash|" + original).digest()
    return current, olds, hkey


def _current_ring() -> tuple[bytes, tuple[bytes, ...], bytes]:
    return _keyring(settings.FIELD_ENCRYPTION_KEY, tuple(settings.FIELD_ENCRYPTION_OLD_KEYS),
                    settings.FIELD_HASH_KEY)


def hash_key_setting() -> str:
    """The keyed-hash key in the form SZH_FIELD_HASH_KEY accepts (``hex:…``): pin it before rotating."""
    return "hex:" + _current_ring()[2].hex()


def current_key_id() -> str:
    return key_id(_current_ring()[0])


def encrypt(plaintext: str) -> str:
    key = _current_ring()[0]
    nonce = os.urandom(12)
    ct = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), None)
    return _PREFIX + base64.urlsafe_b64encode(nonce + ct).decode()


def _open(token: str) -> tuple[str, bool]:
    """(plaintext, encrypted with the current key?). AES-GCM's tag tells the keys apart."""
    if not token.startswith(_PREFIX):
        raise ValueError("unknown ciphertext version")
    current, olds, _ = _current_ring()
    blob = base64.urlsafe_b64decode(token[len(_PREFIX):].encode())
    for i, key in enumerate((current, *olds)):
        try:
            return AESGCM(key).decrypt(blob[:12], blob[12:], None).decode("utf-8"), i == 0
        except InvalidTag:
            if i == len(olds):
                raise
    raise AssertionError("unreachable")


def decrypt(token: str) -> str:
    return _open(token)[0]


def reencrypt(token: str) -> str | None:
    """The value under the current key, or None when it already is (rotation skips it)."""
    plaintext, current = _open(token)
    return None if current else encrypt(plaintext)


def keyed_hash(value: str) -> str:
    _, _, hkey = _current_ring()
    return hmac.new(hkey, value.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()
