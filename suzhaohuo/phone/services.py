"""The SMS dialogue: a registered worker finds, takes and finishes a gig by text message.

Every action goes through the same services as the web (apply with consent, check-in code, SMS-code
signature), under ``kernel.channel.acting_through("sms")`` so the engagement records say it came by SMS. The
sender's number is the identity; an unregistered number gets a short answer and nothing is written but the
message log (which also makes the webhook idempotent on the provider's message id)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.core.errors import AppError
from suzhaohuo.kernel import channel
from suzhaohuo.kernel.pay import pay_text
from suzhaohuo.kernel.states import EngagementStatus as S
from suzhaohuo.phone.choices import Channel, Direction
from suzhaohuo.phone.commands import Cmd, Command, parse
from suzhaohuo.phone.errors import PhoneErrorCode
from suzhaohuo.phone.models import CallbackRequest, PhoneMessage, PhoneState

LIST_SIZE = 3
LIST_TTL = timedelta(hours=12)  # 「报名 2」 refers to a list sent within this time


@dataclass(frozen=True)
class Reply:
    text: str | None  # None: nothing is sent (daily cap reached)
    command: str


def _station_phone(user: Any) -> str:
    from suzhaohuo.carriers.selectors import carriers_for_township
    from suzhaohuo.workers.selectors import worker_profile_of

    profile = worker_profile_of(user) if user else None
    if profile is not None and profile.home_township_id:
        for near in carriers_for_township(township_code=profile.home_township_id, limit=5):
            if near.carrier.phone:
                return f"{near.carrier.name}{near.carrier.phone}"
    return settings.PHONE_HELPLINE


def help_text() -> str:
    return _("速找活短信：找活(或1) 看附近岗位；找活 保洁 按工种找；更多(或2)；报名 序号；到岗 到岗码；完工；"
             "工钱(或3)；签约；退订/订阅 岗位推送。")


def _job_line(n: int, job: Any) -> str:
    place = job.township.name if job.township_id else ""
    return f"{n}.{job.title[:12]} {pay_text(job)} {place}"


def _find(user: Any, state: PhoneState, word: str, *, more: bool) -> str:
    from suzhaohuo.search.params import SearchParams
    from suzhaohuo.search.selectors import search_jobs
    from suzhaohuo.workers.selectors import worker_profile_of

    if more:
        if not state.last_jobs or not state.listed_at:
            return _("请先发送“找活”查看附近岗位。")
        word, offset = state.last_query, state.last_offset + LIST_SIZE
    else:
        offset = 0
    profile = worker_profile_of(user)
    township = profile.home_township_id if profile and profile.home_township_id else ""
    if offset >= 30:
        return _("已经看完附近的岗位了。可以换个工种再找，例如“找活 保洁”。")
    page = search_jobs(SearchParams(q=word, township=township, page_size=LIST_SIZE, page=offset // LIST_SIZE + 1),
                       user) if offset // LIST_SIZE + 1 <= 10 else None
    hits = page.hits if page else []
    if not hits:
        return _("附近暂时没有合适的岗位。") + (_("可以不带工种再找：发送“找活”。") if word else "")
    state.last_jobs = [h.job.pk for h in hits]
    state.last_query, state.last_offset, state.listed_at = word, offset, timezone.now()
    state.pending_job_id = None
    state.save()
    lines = [_job_line(i + 1, h.job) for i, h in enumerate(hits)]
    return "；".join(lines) + "。" + _("回复“报名 序号”报名，“更多”看下一批。")


def _listed_job(state: PhoneState, arg: str) -> Any:
    from suzhaohuo.jobs.selectors import jobs_public

    if not arg.isdigit() or not state.last_jobs or not state.listed_at:
        raise AppError("phone_no_list", _("请先发送“找活”，再回复“报名 序号”，例如“报名 2”。"))
    if timezone.now() - state.listed_at > LIST_TTL:
        raise AppError("phone_list_expired", _("岗位列表已过期，请重新发送“找活”。"))
    n = int(arg)
    if not 1 <= n <= len(state.last_jobs):
        raise AppError("phone_bad_number", _("序号不对，请回复列表中的序号1到%(n)d。") % {"n": len(state.last_jobs)})
    job = jobs_public().filter(pk=state.last_jobs[n - 1]).select_related("employer").first()
    if job is None:
        raise AppError("phone_job_closed", _("这个岗位已结束招聘，请发送“找活”看看其他岗位。"))
    return job


def _apply_ask(state: PhoneState, arg: str) -> str:
    job = _listed_job(state, arg)
    state.pending_job_id = job.pk
    state.save(update_fields=["pending_job_id", "updated_at"])
    return _("报名“%(t)s”将把您的姓名和手机号提供给%(e)s，用于联系用工。回复“同意”确认报名。") % {
        "t": job.title[:12], "e": job.employer.name[:14]}


def _apply_confirm(user: Any, state: PhoneState) -> str:
    from suzhaohuo.gigs.services import engagement_apply
    from suzhaohuo.jobs.selectors import jobs_public

    if not state.pending_job_id or timezone.now() - state.updated_at > LIST_TTL:
        return _("没有待确认的报名。请先发送“找活”，再回复“报名 序号”。")
    job = jobs_public().filter(pk=state.pending_job_id).first()
    state.pending_job_id = None
    state.save(update_fields=["pending_job_id", "updated_at"])
    if job is None:
        return _("这个岗位已结束招聘，请发送“找活”看看其他岗位。")
    engagement_apply(worker=user, job=job, consent=True)
    return _("已报名“%(t)s”。用工方录用后会短信通知您，届时回复“签约”签协议。") % {"t": job.title[:12]}


def _current(user: Any, statuses: set[str]) -> Any:
    from suzhaohuo.gigs.selectors import engagements_of_worker

    return engagements_of_worker(user, statuses=list(statuses)).order_by("-id").first()


def _checkin(user: Any, code: str) -> str:
    from suzhaohuo.gigs.services import engagement_checkin

    eng = _current(user, {S.SIGNED})
    if eng is None:
        return _("您现在没有待到岗的工作（需先被录用并签好协议）。")
    if not code:
        return _("请回复“到岗”加用工方给的6位到岗码，例如“到岗 123456”。")
    engagement_checkin(actor=user, engagement=eng, code=code)
    return _("已到岗签到：%(t)s。干完活后回复“完工”。") % {"t": eng.job.title[:12]}


def _done(user: Any) -> str:
    from suzhaohuo.gigs.services import engagement_report_done

    eng = _current(user, {S.CHECKED_IN})
    if eng is None:
        return _("您现在没有已到岗的工作。到岗时请回复“到岗”加到岗码。")
    engagement_report_done(actor=user, engagement=eng)
    return _("已告诉用工方您已完工，请对方确认工时并结算工钱。回复“工钱”可查询。")


def _pay(user: Any) -> str:
    eng = _current(user, {S.COMPLETED, S.PAID, S.CONFIRMED, S.CHECKED_IN, S.SIGNED, S.ACCEPTED})
    if eng is None:
        return _("您目前没有需要结算的工作。")
    title = eng.job.title[:12]
    if eng.status in (S.PAID, S.CONFIRMED):
        amount = f"{eng.pay_amount:.2f}".rstrip("0").rstrip(".") if eng.pay_amount is not None else ""
        return _("“%(t)s”用工方已登记付款%(a)s元。没收到请联系驿站：%(s)s") % {
            "t": title, "a": amount, "s": _station_phone(user)}
    if eng.status == S.COMPLETED:
        due = timezone.localtime(eng.payment_due_at).strftime("%m月%d日") if eng.payment_due_at else ""
        return _("“%(t)s”已完工，工钱应在%(d)s前结清。逾期未付平台会提醒并交驿站处理。") % {"t": title, "d": due}
    return _("“%(t)s”还没完工，完工并确认后再结算工钱。") % {"t": title}


def _sign(user: Any, code: str) -> str:
    from suzhaohuo.agreements.selectors import agreement_for_engagement
    from suzhaohuo.agreements.services import agreement_request_code, agreement_sign

    eng = _current(user, {S.ACCEPTED})
    agreement = agreement_for_engagement(eng) if eng else None
    if agreement is None:
        return _("您现在没有待签的协议。被录用后会短信通知您。")
    if not code:
        agreement_request_code(agreement=agreement, user=user)
        return _("协议%(n)s：%(t)s，%(p)s，%(d)s。全文可在驿站或网页查看，核验网址 %(u)s/verify。"
                 "签署验证码已另发短信，回复“签约 验证码”即签署。") % {
            "n": agreement.number, "t": eng.job.title[:10], "p": pay_text(eng.job),
            "d": eng.work_start.strftime("%m月%d日") if eng.work_start else "", "u": settings.SITE_URL}
    agreement_sign(agreement=agreement, user=user, code=code, user_agent="SMS 短信签署")
    return _("已签署协议%(n)s。到岗时回复“到岗”加到岗码。") % {"n": agreement.number}


def _pushes(user: Any, on: bool) -> str:
    from suzhaohuo.workers.services import worker_profile_update

    worker_profile_update(user=user, receive_pushes=on)
    return _("已开启岗位推送。") if on else _("已退订岗位推送，回复“订阅”可重新开启。")


def _handle(user: Any, cmd: Command, state: PhoneState) -> str:
    if cmd.kind in (Cmd.FIND, Cmd.MORE):
        return _find(user, state, cmd.arg, more=cmd.kind == Cmd.MORE)
    if cmd.kind == Cmd.APPLY:
        return _apply_ask(state, cmd.arg)
    if cmd.kind == Cmd.AGREE:
        return _apply_confirm(user, state)
    if cmd.kind == Cmd.CHECKIN:
        return _checkin(user, cmd.arg)
    if cmd.kind == Cmd.DONE:
        return _done(user)
    if cmd.kind == Cmd.PAY:
        return _pay(user)
    if cmd.kind == Cmd.SIGN:
        return _sign(user, cmd.arg)
    if cmd.kind in (Cmd.STOP, Cmd.START):
        return _pushes(user, cmd.kind == Cmd.START)
    if cmd.kind == Cmd.HELP:
        return help_text()
    return _("没看懂您的短信。回复“帮助”看指令，或联系驿站：%(s)s") % {"s": _station_phone(user)}


def _replies_today(mobile_hash: str) -> int:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return PhoneMessage.objects.filter(mobile_hash=mobile_hash, direction=Direction.OUT,
                                       created_at__gte=start).count()


def sms_inbound(*, provider_message_id: str, mobile: str, text: str, send: bool = True) -> Reply:
    """Handle one inbound SMS. Idempotent on ``provider_message_id``: a replayed webhook gets the first answer
    and changes nothing."""
    from suzhaohuo.accounts.services import mobile_normalize_or_error, user_get_by_mobile
    from suzhaohuo.core.sms import sms_send

    existing = PhoneMessage.objects.filter(provider_message_id=provider_message_id).first()
    if existing is not None:
        answer = existing.replies.first()
        return Reply(answer.text if answer else None, existing.command)
    try:
        mobile = mobile_normalize_or_error(mobile)
    except AppError:
        return Reply(None, "")
    mhash = keyed_hash(mobile)
    user = user_get_by_mobile(mobile)
    cmd = parse(text)
    try:
        with transaction.atomic():
            inbound = PhoneMessage.objects.create(
                channel=Channel.SMS, direction=Direction.IN, provider_message_id=provider_message_id[:128],
                mobile=mobile, mobile_hash=mhash, user=user, text=(text or "")[:500], command=cmd.kind.value)
    except IntegrityError:  # the same message delivered twice at once
        return sms_inbound(provider_message_id=provider_message_id, mobile=mobile, text=text, send=send)
    if _replies_today(mhash) >= settings.PHONE_SMS_DAILY_REPLIES:
        return Reply(None, cmd.kind.value)
    if user is None or not user.is_active:
        reply = _("本号码还没有注册速找活。请带身份证到就近的零工驿站办理，或咨询%(s)s。") % {
            "s": settings.PHONE_HELPLINE}
    elif user.role != "worker":
        reply = _("短信找活只对零工开放。用工方请登录网页或到驿站办理。")
    else:
        state, _created = PhoneState.objects.get_or_create(user=user)
        if cmd.kind != Cmd.AGREE and state.pending_job_id:
            # Only the very next message can consent: anything else (another 报名, even a refused one) drops it.
            state.pending_job_id = None
            state.save(update_fields=["pending_job_id", "updated_at"])
        try:
            with channel.acting_through(Channel.SMS), transaction.atomic():
                reply = _handle(user, cmd, state)
        except AppError as exc:
            reply = exc.message
    reply = reply[:140]  # at most two 70-character segments
    PhoneMessage.objects.create(channel=Channel.SMS, direction=Direction.OUT, mobile=mobile, mobile_hash=mhash,
                                user=user, text=reply, command=cmd.kind.value, reply_to=inbound)
    if send:
        transaction.on_commit(lambda: sms_send(mobile=mobile, text=reply, purpose="phone_reply"))
    return Reply(reply, cmd.kind.value)


# --- the township's callback queue (「按0请驿站回电」) -------------------------------------------------------

@transaction.atomic
def callback_handle(*, actor: Any, callback: CallbackRequest, outcome: str, note: str = "") -> CallbackRequest:
    """Station staff record what came of a callback request: called back, resolved, or unreachable, with a note
    (required unless resolved); audited. A request is handled once."""
    from suzhaohuo.core.services import audit_record
    from suzhaohuo.kernel import policy
    from suzhaohuo.kernel.policy import Action
    from suzhaohuo.phone.choices import CallbackOutcome

    cb = CallbackRequest.objects.select_for_update().get(pk=callback.pk)
    policy.require(actor, Action.STATION_CONSOLE, region_code=cb.township_code)
    if cb.handled_at is not None:
        raise AppError(PhoneErrorCode.CALLBACK_HANDLED, _("这条回电请求已经处理过了。"), status=409)
    if outcome not in CallbackOutcome.values:
        raise AppError(PhoneErrorCode.BAD_INPUT, _("请选择处理结果。"), "outcome")
    note = " ".join((note or "").split())[:300]
    if outcome != CallbackOutcome.RESOLVED and not note:
        raise AppError(PhoneErrorCode.BAD_INPUT, _("请写一句处理说明，例如“已回电，约定明天到站登记”。"), "note")
    cb.outcome, cb.note, cb.handled_at, cb.handled_by = outcome, note, timezone.now(), actor
    cb.save(update_fields=["outcome", "note", "handled_at", "handled_by"])
    audit_record(actor=actor, action="phone.callback_handle", target=cb, region_code=cb.township_code,
                 data={"outcome": outcome, "note": note})
    return cb


def callback_reveal_mobile(*, actor: Any, callback: CallbackRequest) -> str:
    """The caller's number, to call back: staff of the township only, through the logged reveal."""
    from suzhaohuo.accounts.services import pii_reveal
    from suzhaohuo.kernel import policy
    from suzhaohuo.kernel.policy import Action

    policy.require(actor, Action.STATION_CONSOLE, region_code=callback.township_code)
    return pii_reveal(actor=actor, subject=callback.user, field="mobile", value=str(callback.user.mobile or ""),
                      purpose=f"phone.callback#{callback.pk}")
