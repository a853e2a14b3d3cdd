"""Agreement endpoints: public verification and public key; the signed-in person's agreements; signing."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.security import django_auth

from suzhaohuo.agreements import selectors, services, signing
from suzhaohuo.agreements.verification import MAX_PDF_BYTES, VERIFY_RATE
from suzhaohuo.core import ratelimit
from suzhaohuo.core.errors import RateLimited

router = Router(tags=["agreements"])


class SignIn(Schema):
    code: str


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _limit(request: HttpRequest) -> None:
    """The same per-IP budget as the /verify page: check codes are short, guessing them must stay slow."""
    if not ratelimit.hit(f"verify:{_ip(request)}", *VERIFY_RATE):
        raise RateLimited(_("核验次数太多，请1小时后再试。"))


def _summary(a: Any) -> dict[str, Any]:
    return {"id": a.pk, "number": a.number, "status": a.status, "kind": a.kind,
            "job_title": a.engagement.job.title if a.engagement else json.loads(a.document).get("fields", {}).get(
                "job_title", ""),
            "employer_name": a.employer.name, "created_at": a.created_at.isoformat(),
            "sealed_at": a.sealed_at.isoformat() if a.sealed_at else None,
            "document_sha256": a.document_sha256, "pdf_sha256": a.pdf_sha256 or None}


@router.get("/agreements/verify", summary="按协议编号和核验码核验协议（公开）")
def verify_number(request: HttpRequest, no: str = "", code: str = "") -> dict[str, Any]:
    _limit(request)
    return selectors.agreement_verify_number(no, code).as_dict()


@router.post("/agreements/verify-pdf", summary="上传协议PDF核验是否真实、未被修改（公开）")
def verify_pdf(request: HttpRequest, file: UploadedFile = File(...)) -> dict[str, Any]:  # noqa: B008
    _limit(request)
    return selectors.agreement_verify_pdf(file.read(MAX_PDF_BYTES + 1)).as_dict()


@router.get("/agreements/public-key", summary="平台签章公钥（Ed25519）")
def public_key(request: HttpRequest) -> dict[str, Any]:
    return {"algorithm": "Ed25519", "key_id": signing.key_id(), "public_key_base64": signing.public_key_b64(),
            "pem": signing.public_key_pem(), "retired": signing.retired_public_keys()}


@router.get("/agreements/mine", auth=django_auth, summary="我的协议")
def mine(request: HttpRequest) -> list[dict[str, Any]]:
    return [_summary(a) for a in selectors.agreements_for_user(request.user)[:200]]


def _get(pk: int, user: Any) -> Any:
    return selectors.agreement_get_for_user(pk, user)


@router.post("/agreements/{pk}/code", auth=django_auth, summary="发送签署验证码到本人手机")
def request_code(request: HttpRequest, pk: int) -> dict[str, Any]:
    masked = services.agreement_request_code(agreement=_get(pk, request.user), user=request.user, ip=_ip(request))
    return {"sent": True, "mobile_masked": masked}


@router.post("/agreements/{pk}/sign", auth=django_auth, summary="用短信验证码签署协议")
def sign(request: HttpRequest, pk: int, payload: SignIn) -> dict[str, Any]:
    agreement = services.agreement_sign(agreement=_get(pk, request.user), user=request.user, code=payload.code,
                                        ip=_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))
    return _summary(agreement)


