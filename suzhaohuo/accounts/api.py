"""Account endpoints: SMS code, session login, the signed-in person's data (masked), PIPL export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema
from ninja.security import django_auth

from suzhaohuo.accounts import services
from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.accounts.selectors import me_summary

router = Router(tags=["accounts"])
BACKEND = "suzhaohuo.accounts.backends.StaffPasswordBackend"


class OtpIn(Schema):
    mobile: str


class OtpOut(Schema):
    sent: bool
    resend_after_seconds: int
    expires_in_seconds: int


class LoginIn(Schema):
    mobile: str
    code: str
    role: str = "worker"


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


@router.post("/auth/otp", response=OtpOut, summary="发送短信验证码（按手机号和IP限频）")
def auth_otp(request: HttpRequest, payload: OtpIn) -> dict[str, Any]:
    from django.conf import settings

    services.otp_request(mobile=payload.mobile, ip=client_ip(request))
    return {"sent": True, "resend_after_seconds": settings.OTP_RESEND_INTERVAL_SECONDS,
            "expires_in_seconds": settings.OTP_TTL_SECONDS}


@router.post("/auth/login", summary="用手机号和验证码登录（会话）；新号码自动注册")
def auth_login(request: HttpRequest, payload: LoginIn) -> dict[str, Any]:
    user, created = services.user_login_with_otp(mobile=payload.mobile, code=payload.code, role=payload.role)
    if created:
        services.privacy_notice_accept(user=user)
    login(request, user, backend=BACKEND)
    return {"created": created, "me": me_summary(user)}


@router.get("/me", auth=django_auth, summary="当前用户（脱敏）与实名认证状态")
def me(request: HttpRequest) -> dict[str, Any]:
    return me_summary(authenticated_user(request))


@router.get("/me/export", auth=django_auth, summary="下载本人个人数据（JSON）")
def me_export(request: HttpRequest) -> HttpResponse:
    data = services.account_export(user=authenticated_user(request))
    resp = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    resp["Content-Disposition"] = 'attachment; filename="suzhaohuo-my-data.json"'
    return resp
