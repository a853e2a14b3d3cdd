"""Login by mobile + SMS code for everyone; password login for staff. Views stay thin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts import services
from suzhaohuo.accounts.backends import Throttle, login_throttle, request_source
from suzhaohuo.accounts.errors import AccountErrorCode
from suzhaohuo.accounts.forms import CodeForm, DeleteAccountForm, MobileForm, StaffLoginForm
from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.accounts.menu import collect as collect_menu
from suzhaohuo.accounts.menu import collect_after_login_url, collect_me_context
from suzhaohuo.accounts.selectors import consent_groups, me_summary, otp_status, reveals_of
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.http import safe_next
from suzhaohuo.core.masking import mask_mobile
from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import EventName

BACKEND = "suzhaohuo.accounts.backends.StaffPasswordBackend"


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def login_mobile(request: HttpRequest) -> HttpResponse:
    form = MobileForm(request.POST or None, initial={"role": request.GET.get("role", "worker")})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.otp_request(mobile=form.cleaned_data["mobile"], ip=_client_ip(request))
        except AppError as exc:
            if exc.code != AccountErrorCode.OTP_TOO_SOON:
                error = exc
        if error is None:
            request.session["login_mobile"] = form.cleaned_data["mobile"]
            request.session["login_role"] = form.cleaned_data.get("role") or "worker"
            request.session["login_next"] = safe_next(request, request.GET.get("next"), "")
            return redirect("accounts:login_code")
    return render(request, "accounts/login_mobile.html", {"form": form, "error": error})


def login_code(request: HttpRequest) -> HttpResponse:
    mobile = request.session.get("login_mobile")
    if not mobile:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    error = None
    is_new = services.user_get_by_mobile(mobile) is None
    if request.method == "POST" and form.is_valid():
        if is_new and not form.cleaned_data["accept_privacy"]:
            error = AppError(AccountErrorCode.PRIVACY_REQUIRED, _("请阅读并勾选同意《隐私政策》后继续。"), "accept_privacy")
        else:
            try:
                user, created = services.user_login_with_otp(mobile=mobile, code=form.cleaned_data["code"],
                                                              role=request.session.get("login_role", "worker"),
                                                              accept_privacy=form.cleaned_data["accept_privacy"])
            except AppError as exc:
                error = exc
            else:
                if created:
                    events.emit(EventName.ACCOUNT_REGISTERED, user_id=user.pk, role=user.role, channel="self",
                                ref=str(request.session.pop("szh_ref", "") or ""))
                login(request, user, backend=BACKEND)
                nxt = safe_next(request, request.session.pop("login_next", ""), "")
                for key in ("login_mobile", "login_role"):
                    request.session.pop(key, None)
                return redirect(nxt or _after_login_url(user))
    return render(request, "accounts/login_code.html",
                  {"form": form, "error": error, "masked_mobile": mask_mobile(mobile), "is_new": is_new,
                   **otp_status(mobile=mobile)})


@require_POST
def login_resend(request: HttpRequest) -> HttpResponse:
    """「重新获取验证码」 on the code page: a new code within the same limits as the first one, each refusal
    said in plain Chinese (wait N seconds / too many today: try later or go to a station)."""
    mobile = request.session.get("login_mobile")
    if not mobile:
        return redirect("accounts:login")
    try:
        services.otp_request(mobile=mobile, ip=_client_ip(request))
    except AppError as exc:
        if exc.code == AccountErrorCode.OTP_TOO_SOON:
            wait = otp_status(mobile=mobile)["wait_seconds"]
            messages.warning(request, _("验证码刚刚发过，请等%(s)s秒后再重新获取；短信可能会晚一点到。") % {"s": wait or 60})
        else:
            messages.error(request, exc.message)
    else:
        messages.success(request, _("新的验证码已发送到 %(m)s，请以最新一条短信为准。") % {"m": mask_mobile(mobile)})
    return redirect("accounts:login_code")


def _throttle_error(throttle: Throttle) -> AppError | None:
    if throttle.locked:
        return AppError(AccountErrorCode.LOCKED_OUT,
                        _("密码输错次数过多，本设备已锁定15分钟，请稍后再试或联系管理员。"), status=429)
    if throttle.wait_seconds:
        return AppError(AccountErrorCode.LOCKED_OUT,
                        _("这个登录名最近输错密码次数较多，请%(s)s秒后再试。") % {"s": throttle.wait_seconds},
                        status=429)
    return None


def staff_login(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import authenticate

    form = StaffLoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        source = request_source(request)
        error = _throttle_error(login_throttle(username, source))
        if error is None:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                error = _throttle_error(login_throttle(username, source)) or AppError(
                    AccountErrorCode.BAD_CREDENTIALS, _("登录名或密码不对，请重新输入。"), "password")
            else:
                login(request, user, backend=BACKEND)
                return redirect(safe_next(request, request.GET.get("next"), reverse("accounts:me")))
    return render(request, "accounts/staff_login.html", {"form": form, "error": error})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("您已退出登录。"))
    return redirect("web:home")


def _after_login_url(user: Any) -> str:
    """Where an app wants a new account to go first (identity: real-name registration), else 「我的」."""
    return collect_after_login_url(user) or reverse("accounts:me")


@login_required
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/me.html", {
        **collect_me_context(request.user),  # e.g. identity's verification block
        "me_links": collect_menu(request.user),
    })


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    return render(request, "accounts/my_data.html", {
        "summary": me_summary(user),
        "consents": consent_groups(user),
        "reveals": reveals_of(user),
        "delete_form": DeleteAccountForm(),
    })


@login_required
def my_data_export(request: HttpRequest) -> HttpResponse:
    try:
        data = services.account_export(user=authenticated_user(request))
    except AppError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:my_data")
    resp = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    resp["Content-Disposition"] = 'attachment; filename="suzhaohuo-my-data.json"'
    return resp


@require_POST
@login_required
def consent_withdraw(request: HttpRequest) -> HttpResponse:
    try:
        n = services.consent_withdraw(user=authenticated_user(request), kind=request.POST.get("kind", ""))
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        if n:
            messages.success(request, _("已撤回授权。"))
    return redirect("accounts:my_data")


@require_POST
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请勾选“我确认注销账号”后再提交。"))
        return redirect("accounts:my_data")
    try:
        services.account_delete(user=authenticated_user(request))
    except AppError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:my_data")
    logout(request)
    messages.success(request, _("账号已注销，个人信息已清除。依法需保留的用工记录已匿名化。"))
    return redirect("web:home")
