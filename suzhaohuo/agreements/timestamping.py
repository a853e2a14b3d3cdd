"""RFC 3161 time-stamps for chain checkpoints: an adapter with a local authority and an HTTP client.

``authority()`` returns the configured one:

* ``LocalTsa`` (default, settings.AGREEMENT_TSA_URL empty): a time-stamping authority inside the platform,
  with its own Ed25519 key (settings.AGREEMENT_TSA_KEY, base64 raw 32 bytes; derived from SECRET_KEY when
  empty, for development). Its tokens are genuine RFC 3161 ``TimeStampToken`` structures (CMS SignedData
  over a ``TSTInfo``, DER, built with asn1crypto): policy ``LOCAL_POLICY``, SHA-256 message imprint, a random
  serial number, the signer identified by subjectKeyIdentifier = SHA-1 of the raw public key, signed
  attributes contentType + messageDigest, signature Ed25519 (RFC 8419). It carries no certificate: the
  public key is published at /verify/checkpoints/ and its fingerprint is in every checkpoint. It proves the
  time only as far as the platform itself is trusted; a real TSA removes that.
* ``HttpTsa`` (settings.AGREEMENT_TSA_URL set): sends an RFC 3161 ``TimeStampReq`` (SHA-256 imprint, nonce,
  certReq) over HTTP and keeps the returned token as it is. ``verify`` checks the status, the imprint and the
  nonce; the TSA's certificate chain is checked offline with ``openssl ts -verify`` (deploy/README.md).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Protocol

from asn1crypto import algos, cms, core, tsp
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from suzhaohuo.agreements.signing import decode_key, raw_public

LOCAL_POLICY = "2.25.216843563318390413232101545395468137719"  # a UUID OID (X.667), no registration needed


@dataclass(frozen=True)
class Stamp:
    """A verified token: when the authority says the digest existed, and which authority said it."""

    gen_time: datetime
    serial: int
    authority: str


class TimestampAuthority(Protocol):
    name: str

    def timestamp(self, digest: bytes) -> bytes:
        """An RFC 3161 TimeStampToken (DER) over the SHA-256 ``digest``."""
        ...

    def verify(self, token: bytes, digest: bytes) -> Stamp | None:
        """The stamp when ``token`` is valid for ``digest``, else None."""
        ...


def _tst_info(token: bytes) -> tuple[cms.SignedData, tsp.TSTInfo]:
    content = cms.ContentInfo.load(token)
    if content["content_type"].native != "signed_data":
        raise ValueError("not a SignedData token")
    signed = content["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].native != "tst_info":
        raise ValueError("not a TSTInfo")
    return signed, encap["content"].parsed


def _imprint_ok(info: tsp.TSTInfo, digest: bytes) -> bool:
    imprint = info["message_imprint"]
    return imprint["hash_algorithm"]["algorithm"].native == "sha256" and imprint["hashed_message"].native == digest


class LocalTsa:
    name = "local"

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_raw = raw_public(private_key.public_key())
        self.key_identifier = hashlib.sha1(self.public_raw, usedforsecurity=False).digest()

    def timestamp(self, digest: bytes, *, nonce: int | None = None, now: datetime | None = None) -> bytes:
        info = tsp.TSTInfo({
            "version": "v1",
            "policy": LOCAL_POLICY,
            "message_imprint": {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": digest},
            "serial_number": secrets.randbits(63),
            "gen_time": (now or datetime.now(UTC)).replace(microsecond=0),
            "ordering": False,
            **({"nonce": nonce} if nonce is not None else {}),
        })
        info_der = info.dump()
        attrs = cms.CMSAttributes([
            cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
            cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(info_der).digest()]}),
        ])
        signature = self._key.sign(attrs.dump())  # DER of the SET OF, as CMS requires
        signer = cms.SignerInfo({
            "version": "v3",
            "sid": cms.SignerIdentifier({"subject_key_identifier": self.key_identifier}),
            "digest_algorithm": {"algorithm": "sha256"},
            "signed_attrs": attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "ed25519"}),
            "signature": signature,
        })
        signed = cms.SignedData({
            "version": "v3",
            "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {"content_type": "tst_info", "content": core.ParsableOctetString(info_der)},
            "signer_infos": [signer],
        })
        return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()

    def verify(self, token: bytes, digest: bytes) -> Stamp | None:
        try:
            signed, info = _tst_info(token)
            if not _imprint_ok(info, digest) or info["policy"].dotted != LOCAL_POLICY:
                return None
            signer = signed["signer_infos"][0]
            if signer["sid"].native != self.key_identifier:
                return None
            attrs = signer["signed_attrs"]
            digests = [a["values"][0].native for a in attrs if a["type"].native == "message_digest"]
            info_der = signed["encap_content_info"]["content"].contents
            if digests != [hashlib.sha256(info_der).digest()]:
                return None
            self._key.public_key().verify(signer["signature"].native, cms.CMSAttributes(list(attrs)).dump())
        except (ValueError, TypeError, KeyError, IndexError, InvalidSignature):
            return None
        return Stamp(info["gen_time"].native, int(info["serial_number"].native), self.name)

    def respond(self, request_der: bytes) -> bytes:
        """Answer a TimeStampReq as an RFC 3161 server would (used by tests of ``HttpTsa``)."""
        req = tsp.TimeStampReq.load(request_der)
        nonce = req["nonce"].native
        token = self.timestamp(req["message_imprint"]["hashed_message"].native, nonce=nonce)
        return tsp.TimeStampResp({"status": {"status": "granted"},
                                  "time_stamp_token": cms.ContentInfo.load(token)}).dump()


class HttpTsa:
    """A real RFC 3161 authority reached over HTTP (RFC 3161 section 3.4)."""

    name = "rfc3161"

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        self.url = url
        self.timeout = timeout

    def timestamp(self, digest: bytes) -> bytes:
        import requests

        nonce = secrets.randbits(63)
        req = tsp.TimeStampReq({"version": "v1", "message_imprint": {
            "hash_algorithm": {"algorithm": "sha256"}, "hashed_message": digest}, "nonce": nonce, "cert_req": True})
        resp = requests.post(self.url, data=req.dump(), timeout=self.timeout,
                             headers={"Content-Type": "application/timestamp-query"})
        resp.raise_for_status()
        answer = tsp.TimeStampResp.load(resp.content)
        if answer["status"]["status"].native not in ("granted", "granted_with_mods"):
            raise RuntimeError(f"TSA refused the request: {answer['status']['status'].native}")
        token: bytes = answer["time_stamp_token"].dump()
        _signed, info = _tst_info(token)
        if not _imprint_ok(info, digest) or info["nonce"].native != nonce:
            raise RuntimeError("TSA answered for another request (imprint or nonce differs)")
        return token

    def verify(self, token: bytes, digest: bytes) -> Stamp | None:
        try:
            _signed, info = _tst_info(token)
        except (ValueError, TypeError, KeyError):
            return None
        if not _imprint_ok(info, digest):
            return None
        return Stamp(info["gen_time"].native, int(info["serial_number"].native), self.name)


@lru_cache(maxsize=4)
def _local(configured: str, secret_key: str) -> LocalTsa:
    raw = decode_key(configured) if configured else hashlib.sha256(
        b"szh-local-tsa-key|" + secret_key.encode("utf-8")).digest()
    return LocalTsa(Ed25519PrivateKey.from_private_bytes(raw))


def local_authority() -> LocalTsa:
    return _local(getattr(settings, "AGREEMENT_TSA_KEY", "") or "", settings.SECRET_KEY)


def authority() -> TimestampAuthority:
    url = getattr(settings, "AGREEMENT_TSA_URL", "") or ""
    return HttpTsa(url) if url else local_authority()


def authority_named(name: str) -> TimestampAuthority:
    """The authority that verifies a token recorded with ``name``."""
    if name == LocalTsa.name:
        return local_authority()
    return HttpTsa(getattr(settings, "AGREEMENT_TSA_URL", "") or "")


def describe() -> dict[str, Any]:
    if getattr(settings, "AGREEMENT_TSA_URL", ""):
        return {"authority": HttpTsa.name, "url": settings.AGREEMENT_TSA_URL}
    tsa = local_authority()
    return {"authority": LocalTsa.name, "policy": LOCAL_POLICY,
            "public_key_base64": base64.b64encode(tsa.public_raw).decode(),
            "key_identifier_hex": tsa.key_identifier.hex()}
