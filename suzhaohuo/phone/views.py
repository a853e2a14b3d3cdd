"""Provider webhooks (inbound SMS, voice steps), read-aloud audio, and the station page."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.sms import signature_valid
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.phone import selectors, services, tts, voice
from suzhaohuo.phone.errors import PhoneErrorCode


def _error(code: str, message: str, status: int, field: str | None = None) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "field": field}}, status=status)


def _signed_json(request: HttpRequest) -> dict[str, Any] | JsonResponse:
    secret = settings.PHONE_WEBHOOK_SECRET
    if not secret or not signature_valid(secret, request.headers, request.body):
        return _error(PhoneErrorCode.BAD_SIGNATURE, _("签名无效，请求被拒绝。"), 403)
    try:
        data = json.loads(request.body)
    except ValueError:
        return _error(PhoneErrorCode.BAD_REQUEST, _("请求内容不是有效的JSON。"), 400, "body")
    if not isinstance(data, dict):
        return _error(PhoneErrorCode.BAD_REQUEST, _("请求内容格式不正确。"), 400, "body")
    return data


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> JsonResponse:
    """Inbound SMS from the provider: ``{"message_id", "from", "text"}`` → ``{"reply"}`` (also sent by SMS)."""
    data = _signed_json(request)
    if isinstance(data, JsonResponse):
        return data
    msg_id, sender, text = (str(data.get(k, "") or "") for k in ("message_id", "from", "text"))
    if not msg_id or not sender:
        return _error(PhoneErrorCode.BAD_REQUEST, _("缺少 message_id 或 from。"), 400, "message_id" if not msg_id else "from")
    reply = services.sms_inbound(provider_message_id=msg_id, mobile=sender, text=text[:500])
    return JsonResponse({"reply": reply.text, "command": reply.command})


@csrf_exempt
@require_POST
def voice_webhook(request: HttpRequest) -> JsonResponse:
    """A step of a call: ``{"call_id", "from", "digits"}`` → ``{"actions": [{"say"}, {"gather"}|{"hangup"}]}``."""
    data = _signed_json(request)
    if isinstance(data, JsonResponse):
        return data
    call_id = str(data.get("call_id", "") or "")
    if not call_id:
        return _error(PhoneErrorCode.BAD_REQUEST, _("缺少 call_id。"), 400, "call_id")
    step = voice.voice_step(call_id=call_id, caller=str(data.get("from", "") or ""),
                            digits=str(data.get("digits", "") or "")[:12])
    return JsonResponse({"actions": step.as_actions()})


def _audio(text: str) -> HttpResponseBase:
    try:
        path = tts.audio_for(text)
    except tts.TtsUnavailable:
        return HttpResponse(_("朗读暂不可用，请使用浏览器自带的朗读功能。"), status=503, content_type="text/plain; charset=utf-8")
    resp = FileResponse(path.open("rb"), content_type="audio/wav")  # noqa: SIM115 - FileResponse closes it
    resp["Cache-Control"] = "public, max-age=86400"
    return resp


@require_GET
def job_audio(request: HttpRequest, pk: int) -> HttpResponseBase:
    from suzhaohuo.jobs.selectors import jobs_public

    job = jobs_public().select_related("township").filter(pk=pk).first()
    if job is None:
        raise Http404
    return _audio(tts.job_text(job))


@require_GET
def agreement_audio(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The agreement read from the same canonical text that was signed; parties and scoped staff only."""
    from suzhaohuo.agreements.selectors import agreement_get_for_user

    if not request.user.is_authenticated:
        raise Http404
    try:
        agreement = agreement_get_for_user(pk, authenticated_user(request))
    except AppError as exc:
        raise Http404 from exc
    return _audio(agreement.document)


def station(request: HttpRequest) -> HttpResponse:
    """For station staff: a resident's conversation across SMS, voice and web (paged, newest first); try the SMS
    and voice menus; the township's callback queue, each request recorded as called back / resolved."""
    from django.contrib import messages
    from django.core.paginator import Paginator
    from django.shortcuts import redirect

    from suzhaohuo.accounts.services import user_get_by_mobile
    from suzhaohuo.phone.forms import CallbackForm

    actor = authenticated_user(request)
    policy.require(actor, Action.STATION_CONSOLE)
    if request.method == "POST" and request.POST.get("action") == "callback":
        cb = selectors.callback_for_staff(actor, request.POST.get("callback_id"))
        if cb is None:
            raise Http404(_("没有找到这条回电请求。"))
        cb_form = CallbackForm(request.POST, prefix=f"cb{cb.pk}")
        try:
            if not cb_form.is_valid():
                raise AppError(PhoneErrorCode.BAD_INPUT, _("请选择处理结果。"), "outcome")
            services.callback_handle(actor=actor, callback=cb, outcome=cb_form.cleaned_data["outcome"],
                                     note=cb_form.cleaned_data["note"])
        except AppError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已记录回电结果。"))
        return redirect(f"{request.path}?cb_page={request.POST.get('cb_page', '1')}")
    mobile = (request.POST.get("mobile") or request.GET.get("mobile") or "").strip()
    person, lines, reply, error, said = None, [], None, "", []
    if request.method == "POST" and request.POST.get("action") == "callback_reveal":
        mobile = ""
    revealed: dict[int, str] = {}
    if request.method == "POST" and request.POST.get("action") == "callback_reveal":
        cb = selectors.callback_for_staff(actor, request.POST.get("callback_id"))
        if cb is None:
            raise Http404(_("没有找到这条回电请求。"))
        try:
            revealed[cb.pk] = services.callback_reveal_mobile(actor=actor, callback=cb)
        except AppError as exc:
            error = exc.message
    if mobile:
        person = user_get_by_mobile(mobile)
        if person is None:
            error = _("没有找到这个手机号的用户，请核对号码，或先为其登记。")
        elif not policy.in_scope(actor, getattr(getattr(person, "worker_profile", None), "home_township_id", "")):
            person, error = None, _("这位村民不在您负责的地区范围内。")
    if person is not None and request.method == "POST":
        if request.POST.get("sms"):
            reply = services.sms_inbound(provider_message_id=f"station-{uuid.uuid4().hex}", mobile=mobile,
                                         text=request.POST["sms"][:200], send=False)
        elif request.POST.get("call") is not None:
            call_id = request.POST.get("call_id") or f"window-{uuid.uuid4().hex[:12]}"
            step = voice.voice_step(call_id=call_id, user=person, staff=actor,
                                    digits=request.POST.get("digits", "")[:12])
            said = [step.say, call_id, step.gather]
    page = None
    if person is not None:
        lines = list(reversed(selectors.conversation(person)))  # newest first
        page = Paginator(lines, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    callbacks = Paginator(selectors.callbacks_for_staff(actor), CALLBACK_PAGE_SIZE).get_page(request.GET.get("cb_page"))
    return render(request, "phone/station.html", {
        "mobile": mobile, "person": person, "lines": page, "reply": reply, "error": error, "said": said,
        "callbacks": [(c, CallbackForm(prefix=f"cb{c.pk}"), revealed.get(c.pk, "")) for c in callbacks],
        "cb_page": callbacks,
        "handled": selectors.callbacks_handled(actor)[:10], "help": services.help_text()})


LOG_PAGE_SIZE = 20
CALLBACK_PAGE_SIZE = 10
