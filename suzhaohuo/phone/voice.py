"""The voice menu (IVR). The telephony provider calls our webhook at each step with the keys pressed; we
answer with what to say (text-to-speech on the provider's side) and how many keys to collect. The same
shared services as the web and SMS do the work, under the "voice" channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from suzhaohuo.core.crypto import keyed_hash
from suzhaohuo.core.errors import AppError
from suzhaohuo.kernel import channel
from suzhaohuo.kernel.pay import pay_text
from suzhaohuo.phone import services as sms
from suzhaohuo.phone.choices import Channel, Direction
from suzhaohuo.phone.models import CallbackRequest, CallSession, PhoneMessage

MENU = "menu"
MAX_JOBS = 9


@dataclass(frozen=True)
class Step:
    say: str
    gather: int = 0  # keys to collect next (0: hang up after speaking)

    def as_actions(self) -> list[dict[str, Any]]:
        actions: list[dict[str, Any]] = [{"say": self.say, "voice": "zh-CN"}]
        actions.append({"gather": {"max_digits": self.gather, "timeout_seconds": 10}} if self.gather
                       else {"hangup": True})
        return actions


def _menu(prefix: str = "") -> Step:
    return Step(prefix + _("按1听附近的岗位，按2到岗签到，按3查询工钱，按0请驿站工作人员给您回电。"), 1)


def _job_step(session: CallSession) -> Step:
    from suzhaohuo.jobs.models import Job

    if session.index >= len(session.jobs):
        session.step = MENU
        return _menu(_("附近的岗位已经听完了。"))
    job = Job.objects.select_related("township", "employer").get(pk=session.jobs[session.index])
    place = job.township.name if job.township_id else ""
    session.step = "job"
    return Step(_("第%(n)d个岗位：%(t)s，%(p)s，在%(w)s。按1报名，按2听下一个，按0请工作人员回电，按9回主菜单。")
                % {"n": session.index + 1, "t": job.title, "p": pay_text(job), "w": place}, 1)


def _callback(session: CallSession, user: Any) -> Step:
    from suzhaohuo.workers.selectors import worker_profile_of

    profile = worker_profile_of(user)
    township = profile.home_township_id if profile and profile.home_township_id else ""
    CallbackRequest.objects.create(user=user, township_code=township, reason=_("语音菜单按0"))
    session.finished = True
    return Step(_("好的，已请驿站工作人员给您回电，请保持电话畅通。再见。"))


def _advance(session: CallSession, user: Any, digits: str) -> Step:
    from suzhaohuo.gigs.services import engagement_apply
    from suzhaohuo.jobs.selectors import jobs_public
    from suzhaohuo.search.params import SearchParams
    from suzhaohuo.search.selectors import search_jobs
    from suzhaohuo.workers.selectors import worker_profile_of

    if digits == "0":
        return _callback(session, user)
    if session.step == MENU:
        if digits == "1":
            profile = worker_profile_of(user)
            township = profile.home_township_id if profile and profile.home_township_id else ""
            page = search_jobs(SearchParams(township=township, page_size=MAX_JOBS), user)
            session.jobs, session.index = [h.job.pk for h in page.hits], 0
            if not session.jobs:
                return _menu(_("附近暂时没有合适的岗位。"))
            return _job_step(session)
        if digits == "2":
            session.step = "checkin"
            return Step(_("请输入用工方给您的6位到岗码。"), 6)
        if digits == "3":
            return _menu(sms._pay(user) + " ")
        return _menu(_("没有听清您的选择。"))
    if session.step == "job":
        if digits == "1":
            job = jobs_public().select_related("employer").filter(pk=session.jobs[session.index]).first()
            if job is None:
                session.index += 1
                return _job_step(session)
            session.step = "consent"
            return Step(_("报名将把您的姓名和手机号提供给%(e)s，用于联系用工。按1同意并报名，按2不报名。")
                        % {"e": job.employer.name}, 1)
        if digits == "2":
            session.index += 1
            return _job_step(session)
        if digits == "9":
            session.step = MENU
            return _menu()
        return _job_step(session)
    if session.step == "consent":
        if digits == "1":
            job = jobs_public().filter(pk=session.jobs[session.index]).first()
            if job is None:
                session.index += 1
                return _job_step(session)
            engagement_apply(worker=user, job=job, consent=True)
            session.index += 1
            nxt = _job_step(session)
            return Step(_("已报名，用工方录用后会短信通知您。") + nxt.say, nxt.gather)
        session.step = "job"
        session.index += 1
        return _job_step(session)
    if session.step == "checkin":
        session.step = MENU
        return _menu(sms._checkin(user, digits) + " ")
    session.step = MENU
    return _menu()


def voice_step(*, call_id: str, caller: str = "", digits: str = "", user: Any = None, staff: Any = None) -> Step:
    """One turn of a call. A new ``call_id`` starts at the greeting; ``user`` (with ``staff``) when station staff
    place the call for a resident at a village window (consent recorded by the caller of this function)."""
    from suzhaohuo.accounts.services import user_get_by_mobile

    with transaction.atomic():
        session = CallSession.objects.select_for_update().filter(call_id=call_id).first()
        if session is None:
            if user is None and caller:
                user = user_get_by_mobile(caller)
            session = CallSession.objects.create(call_id=call_id[:64], user=user, staff=staff)
            if user is None or user.role != "worker":
                session.finished = True
                session.save()
                return Step(_("您的号码还没有注册速找活。请带身份证到就近的零工驿站办理。再见。"))
            step = _menu(_("您好，这里是速找活零工服务。"))
        elif session.finished or session.user is None:
            return Step(_("通话已结束。"))
        else:
            _log(session, Direction.IN, digits)
            try:
                with channel.acting_through(Channel.VOICE), transaction.atomic():
                    step = _advance(session, session.user, (digits or "").strip())
            except AppError as exc:
                session.step = MENU
                step = _menu(exc.message + " ")
        session.save()
        _log(session, Direction.OUT, step.say)
        return step


def _log(session: CallSession, direction: str, text: str) -> None:
    user = session.user
    mobile = getattr(user, "mobile", "") or ""
    PhoneMessage.objects.create(channel=Channel.VOICE, direction=direction, mobile=mobile,
                                mobile_hash=keyed_hash(mobile) if mobile else "", user=user,
                                text=(text or "")[:500], command=session.step[:16])
