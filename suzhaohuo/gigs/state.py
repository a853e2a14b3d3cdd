"""The one declarative state machine of the gig transaction.

Each row says: for this EVENT, from which STATES, to which state (None: stays), which PARTY may fire it,
and an optional GUARD (raises AppError when the data does not allow the step). Services look rows up
here (``transition_for``); pages and the API list what a person can do next (``events_for``).

    applied ──accept──▶ accepted ──sign (both, via agreements)──▶ signed ──checkin──▶ checked_in
    invited ──accept_invite──▶ accepted                               └─confirm_attendance─┘
    checked_in ──complete / auto_complete──▶ completed ──pay──▶ paid ──confirm──▶ confirmed ──rate×2──▶ rated
    side exits: decline, decline_invite, withdraw, cancel (with reason), no_show (with reason)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from suzhaohuo.core.errors import AppError
from suzhaohuo.gigs.choices import EngagementStatus as S
from suzhaohuo.gigs.choices import Party
from suzhaohuo.gigs.errors import GigErrorCode

Guard = Callable[[Any, dict[str, Any]], None]


def _reason_required(engagement: Any, data: dict[str, Any]) -> None:
    if not (data.get("reason") or "").strip():
        raise AppError(GigErrorCode.REASON_REQUIRED, _("请填写原因。"), "reason")


def _not_rated_yet(engagement: Any, data: dict[str, Any]) -> None:
    party = data.get("party")
    if engagement.ratings.filter(rater_party=party).exists():
        raise AppError(GigErrorCode.ALREADY_RATED, _("您已经评价过了，每次用工只能评价一次。"), "score")


def _dispute_text(engagement: Any, data: dict[str, Any]) -> None:
    if not (data.get("text") or "").strip():
        raise AppError(GigErrorCode.TEXT_REQUIRED, _("请写明您的异议，例如实际工时或实际收到的金额。"), "text")


@dataclass(frozen=True)
class Transition:
    event: str
    sources: frozenset[str]
    target: str | None
    parties: frozenset[str]
    label: Promise | str
    guard: Guard | None = None
    danger: bool = False
    # fields the person fills in for this step (used by pages and the API docs)
    fields: tuple[str, ...] = field(default_factory=tuple)
    # what a danger step does, in words, shown on the confirmation step before it is taken
    warning: Promise | str = ""


def _t(event: str, sources: set[str], target: str | None, parties: set[str], label: Any, *, guard: Guard | None = None,
       danger: bool = False, fields: tuple[str, ...] = (), warning: Any = "") -> Transition:
    return Transition(event, frozenset(sources), target, frozenset(parties), label, guard, danger, fields, warning)


W, E, SYS = Party.WORKER, Party.EMPLOYER, Party.SYSTEM

TRANSITIONS: tuple[Transition, ...] = (
    _t("apply", set(), S.APPLIED, {W}, _l("报名"), fields=("message", "consent")),
    _t("invite", set(), S.INVITED, {E}, _l("邀请"), fields=("message",)),
    _t("accept", {S.APPLIED}, S.ACCEPTED, {E}, _l("录用")),
    _t("decline", {S.APPLIED}, S.DECLINED, {E}, _l("不录用"), danger=True,
       warning=_l("不录用后，报名人会收到“暂未录用”的通知，这次报名就此结束，不能撤销。")),
    _t("withdraw", {S.APPLIED}, S.WITHDRAWN, {W}, _l("撤回报名"), danger=True,
       warning=_l("撤回后用工方看不到您的这次报名；岗位还在招聘时，您可以重新报名。")),
    _t("accept_invite", {S.INVITED}, S.ACCEPTED, {W}, _l("接受邀请")),
    _t("decline_invite", {S.INVITED}, S.DECLINED, {W}, _l("谢绝邀请"), danger=True,
       warning=_l("谢绝后用工方会收到通知，这次邀请就此结束，不能撤销。")),
    _t("sign", {S.ACCEPTED}, S.SIGNED, {SYS}, _l("双方签署协议")),
    _t("checkin", {S.SIGNED}, S.CHECKED_IN, {W}, _l("到岗签到"), fields=("code", "lat", "lng")),
    _t("confirm_attendance", {S.SIGNED}, S.CHECKED_IN, {E}, _l("确认已到岗")),
    _t("report_done", {S.CHECKED_IN}, None, {W}, _l("报告已完工")),
    _t("complete", {S.CHECKED_IN}, S.COMPLETED, {E}, _l("确认完工"), fields=("hours", "pieces")),
    _t("auto_complete", {S.CHECKED_IN}, S.COMPLETED, {SYS}, _l("超时自动确认完工")),
    _t("pay", {S.COMPLETED}, S.PAID, {E}, _l("登记付款"), fields=("amount", "method", "paid_on")),
    _t("confirm", {S.PAID}, S.CONFIRMED, {W}, _l("确认已收到工钱")),
    _t("rate", {S.CONFIRMED}, None, {W, E}, _l("评价"), guard=_not_rated_yet, fields=("score", "comment")),
    _t("dispute", {S.COMPLETED, S.PAID, S.CONFIRMED}, None, {W}, _l("提出异议"), guard=_dispute_text,
       fields=("kind", "text")),
    _t("cancel", {S.INVITED, S.ACCEPTED, S.SIGNED}, S.CANCELLED, {W, E}, _l("取消用工"), guard=_reason_required,
       danger=True, fields=("reason",)),
    _t("no_show", {S.SIGNED, S.ACCEPTED}, S.NO_SHOW, {E}, _l("登记未到岗"), guard=_reason_required, danger=True,
       fields=("reason",)),
)

_BY_EVENT: dict[str, Transition] = {t.event: t for t in TRANSITIONS}
EVENTS = tuple(_BY_EVENT)


def transition_for(event: str, *, status: str | None, party: str) -> Transition:
    """The row for ``event`` from ``status`` by ``party``, or AppError saying what to do instead."""
    t = _BY_EVENT.get(event)
    if t is None:
        raise AppError(GigErrorCode.UNKNOWN_ACTION, _("不支持这个操作，请返回用工记录页面重新选择。"), "action")
    if party not in t.parties:
        raise AppError(GigErrorCode.NOT_ALLOWED, _("这一步应由对方操作，请等待对方处理。"), "action", status=403)
    if t.sources and status not in t.sources:
        label = S(status).label if status in S.values else status
        raise AppError(GigErrorCode.BAD_TRANSITION,
                       _("当前状态为“%(s)s”，不能进行“%(a)s”，请刷新页面查看最新状态。") % {"s": label, "a": t.label},
                       "action", status=409)
    return t


def events_for(*, status: str, party: str) -> list[Transition]:
    """What ``party`` can do next from ``status`` (guards not evaluated)."""
    return [t for t in TRANSITIONS if t.sources and status in t.sources and party in t.parties]
