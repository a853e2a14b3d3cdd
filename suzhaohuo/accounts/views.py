"""Login by mobile + SMS code for everyone; password login for staff. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts import services
from suzhaohuo.accounts.backends import is_locked_out
from suzhaohuo.accounts.errors import AccountErrorCode
from suzhaohuo.accounts.forms import CodeForm, MobileForm, StaffLoginForm
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.masking import mask_mobile

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
            request.session["login_next"] = request.GET.get("next", "")
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
            error = AppError("privacy_required", _("请阅读并勾选同意《隐私政策》后继续。"), "accept_privacy")
        else:
            try:
                user, created = services.user_login_with_otp(mobile=mobile, code=form.cleaned_data["code"],
                                                             role=request.session.get("login_role", "worker"))
            except AppError as exc:
                error = exc
            else:
                if created:
                    services.privacy_notice_accept(user=user)
                login(request, user, backend=BACKEND)
                nxt = request.session.pop("login_next", "")
                for key in ("login_mobile", "login_role"):
                    request.session.pop(key, None)
                return redirect(nxt if nxt.startswith("/") else "accounts:me")
    return render(request, "accounts/login_code.html",
                  {"form": form, "error": error, "masked_mobile": mask_mobile(mobile), "is_new": is_new})


def staff_login(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import authenticate

    form = StaffLoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if is_locked_out(username):
            error = AppError(AccountErrorCode.LOCKED_OUT, _("密码输错次数过多，账号已锁定15分钟，请稍后再试或联系管理员。"))
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                error = AppError(AccountErrorCode.BAD_CREDENTIALS, _("登录名或密码不对，请重新输入。"), "password")
                if is_locked_out(username):
                    error = AppError(AccountErrorCode.LOCKED_OUT,
                                     _("密码输错次数过多，账号已锁定15分钟，请稍后再试或联系管理员。"))
            else:
                login(request, user, backend=BACKEND)
                nxt = request.GET.get("next", "")
                return redirect(nxt if nxt.startswith("/") else "accounts:me")
    return render(request, "accounts/staff_login.html", {"form": form, "error": error})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("您已退出登录。"))
    return redirect("web:home")


@login_required
def me(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.identity.selectors import employer_of, person_identity_of

    return render(request, "accounts/me.html", {
        "identity": person_identity_of(request.user),
        "employer": employer_of(request.user),
    })
