"""Account endpoints: SMS code, session login, the signed-in person's data (masked), PIPL export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth
from ninja.utils import check_csrf

from suzhaohuo.accounts import services
from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.accounts.selectors import me_summary
from suzhaohuo.core.errors import AppError, CoreErrorCode

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
    accept_privacy: bool = False  # required (true) when the mobile is not registered yet


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def require_json_with_csrf(request: HttpRequest) -> None:
    """Refuse what a cross-site HTML form can send: a body that is not ``application/json`` and a request
    without the CSRF token (cookie from ``GET /api/v1/auth/csrf``, header ``X-CSRFToken``)."""
    content_type = request.content_type or ""
    if content_type != "application/json":
        raise AppError(CoreErrorCode.INVALID, _("请以 JSON 格式（Content-Type: application/json）提交。"), None,
                       status=415)
    if check_csrf(request) is not None:
        raise AppError(CoreErrorCode.PERMISSION_DENIED,
                       _("请求缺少安全令牌，请刷新页面后重试（接口调用请先获取 /api/v1/auth/csrf）。"), None, status=403)


@router.get("/auth/csrf", summary="获取 CSRF 令牌（登录前调用；随后在 X-CSRFToken 请求头中带上）")
def auth_csrf(request: HttpRequest) -> dict[str, str]:
    return {"csrf_token": get_token(request)}


@router.post("/auth/otp", response=OtpOut, summary="发送短信验证码（按手机号和IP限频）")
def auth_otp(request: HttpRequest, payload: OtpIn) -> dict[str, Any]:
    from django.conf import settings

    require_json_with_csrf(request)
    services.otp_request(mobile=payload.mobile, ip=client_ip(request))
    return {"sent": True, "resend_after_seconds": settings.OTP_RESEND_INTERVAL_SECONDS,
            "expires_in_seconds": settings.OTP_TTL_SECONDS}


@router.post("/auth/login", summary="用手机号和验证码登录（会话）；新号码须 accept_privacy=true 同意隐私政策后注册")
def auth_login(request: HttpRequest, payload: LoginIn) -> dict[str, Any]:
    require_json_with_csrf(request)
    user, created = services.user_login_with_otp(mobile=payload.mobile, code=payload.code, role=payload.role,
                                                 accept_privacy=payload.accept_privacy)
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
