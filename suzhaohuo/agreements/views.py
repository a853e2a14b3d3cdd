"""Agreement pages: my agreements, one agreement (read, get code, sign), PDF, public key, /verify."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from suzhaohuo.agreements import selectors, services, signing
from suzhaohuo.agreements.errors import AgreementErrorCode
from suzhaohuo.agreements.forms import SignForm, VerifyNumberForm, VerifyUploadForm
from suzhaohuo.agreements.verification import MAX_PDF_BYTES, VERIFY_RATE
from suzhaohuo.core import ratelimit
from suzhaohuo.core.errors import AppError, NotFound, RateLimited
from suzhaohuo.core.masking import mask_mobile


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _blocks(text: str) -> list[tuple[str, str]]:
    """Split the filled agreement text into (kind, text) blocks for the template."""
    out: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        for prefix, kind in (("### ", "h3"), ("## ", "h2"), ("# ", "h1")):
            if line.startswith(prefix):
                out.append((kind, line[len(prefix):]))
                break
        else:
            out.append(("p", line))
    return out


def _get_agreement(pk: int, user: Any) -> Any:
    try:
        return selectors.agreement_get_for_user(pk, user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = list(selectors.agreements_for_user(request.user)[:200])
    return render(request, "agreements/list.html", {"agreements": agreements})


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _get_agreement(pk, request.user)
    form = SignForm(request.POST or None)
    error: AppError | None = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "request_code":
                try:
                    services.agreement_request_code(agreement=agreement, user=request.user, ip=_ip(request))
                except AppError as exc:
                    if exc.field == "mobile":  # too soon / too many codes: say it beside the code box
                        exc.field = "code"    # (there is no mobile field on this page to point at)
                    raise
                return redirect(f"{reverse('agreements:detail', args=[agreement.pk])}?sent=1#sign")
            elif action == "sign":
                form.is_valid()
                if not form.cleaned_data.get("agree"):
                    raise AppError("intent_required", _("请先勾选“我已阅读并同意以上协议的全部内容”，再确认签署。"), "agree")
                agreement = services.agreement_sign(agreement=agreement, user=request.user,
                                                    code=form.cleaned_data.get("code", ""), ip=_ip(request),
                                                    user_agent=request.META.get("HTTP_USER_AGENT", ""))
                if agreement.is_sealed:
                    messages.success(request, _("签署成功，双方都已签署，协议已生效。您可以下载协议PDF。"))
                else:
                    messages.success(request, _("签署成功，正在等待对方签署。"))
                return redirect("agreements:detail", pk=agreement.pk)
        except AppError as exc:
            error = exc
    role = selectors.party_role(agreement, request.user)
    signatures = selectors.signatures_of(agreement)
    signed = {s.role for s in signatures}
    doc = json.loads(agreement.document)
    context = {
        "agreement": agreement,
        "blocks": _blocks(doc.get("text", "")),
        "signatures": signatures,
        "role": role,
        "can_sign": bool(role) and role not in signed and not agreement.is_sealed,
        "code_sent": request.GET.get("sent") == "1" and error is None,
        "masked_mobile": mask_mobile(getattr(request.user, "mobile", "")),
        "form": form,
        "error": error,
        "chain_entry": selectors.chain_entry_of(agreement) if agreement.is_sealed else None,
        "check_code": signing.check_code(agreement.number),
    }
    return render(request, "agreements/detail.html", context, status=error.status if error else 200)


@login_required
@require_GET
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _get_agreement(pk, request.user)
    data = selectors.agreement_pdf_bytes(agreement) if agreement.is_sealed else None
    if data is None:
        messages.info(request, _("双方都签署后才能下载协议PDF。"))
        return redirect("agreements:detail", pk=agreement.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{agreement.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def public_key(request: HttpRequest) -> HttpResponse:
    body = (
        _("速找活 电子协议平台签章公钥（Ed25519）") + "\n"
        f"key_id: {signing.key_id()}\n"
        f"public_key_base64: {signing.public_key_b64()}\n\n"
        f"{signing.public_key_pem()}\n"
        + "".join(_("已停用的公钥（轮换前的签章仍用它核验）") + f" key_id: {k['key_id']} public_key_base64: "
                  f"{k['public_key_base64']}\n" for k in signing.retired_public_keys())
        + _("签章原文为协议PDF中的“签章数据”（UTF-8），签名为其中的“平台签名”（base64）。") + "\n"
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_GET
def checkpoints(request: HttpRequest) -> JsonResponse:
    """Public: the signed, time-stamped chain-head checkpoints (copy them; they anchor the chain)."""
    from suzhaohuo.agreements.checkpoints import published

    response = JsonResponse(published(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60"
    return response


def verify(request: HttpRequest) -> HttpResponse:
    """Public: upload the PDF or enter the number, and see whether the agreement is authentic and unchanged."""
    number_form = VerifyNumberForm(request.GET if "no" in request.GET else None)
    upload_form = VerifyUploadForm()
    result = None
    error: AppError | None = None
    try:
        if (request.method == "POST" or "no" in request.GET) and \
                not ratelimit.hit(f"verify:{_ip(request)}", *VERIFY_RATE):
            raise RateLimited(_("核验次数太多，请1小时后再试。"))
        if request.method == "POST":
            upload_form = VerifyUploadForm(request.POST, request.FILES)
            upload_form.is_valid()
            f = request.FILES.get("file")
            if f is None:
                raise AppError(AgreementErrorCode.FILE_REQUIRED, _("请选择要核验的协议PDF文件。"), "file")
            if f.size and f.size > MAX_PDF_BYTES:
                raise AppError(AgreementErrorCode.FILE_TOO_LARGE,
                               _("文件太大了（超过5MB）。请上传从速找活下载的协议PDF文件。"), "file")
            result = selectors.agreement_verify_pdf(f.read(MAX_PDF_BYTES + 1))
        elif "no" in request.GET:
            number_form.is_valid()
            result = selectors.agreement_verify_number(request.GET.get("no", ""), request.GET.get("code", ""))
    except AppError as exc:
        error = exc
    # A number without its check code (an old link, a typed number) is a prompt for both, not a failure.
    asking = error is not None and error.code == AgreementErrorCode.CHECK_CODE_REQUIRED
    return render(request, "agreements/verify.html", {
        "number_form": number_form, "upload_form": upload_form, "result": result,
        "summary": result.public_summary() if result else {}, "error": error, "asking_code": asking,
    }, status=error.status if error and not asking else 200)
