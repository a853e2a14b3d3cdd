"""The notification events a person can see and choose SMS for, with their Chinese labels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Grouped by who receives them; order is the order on the preferences page.
WORKER_EVENTS = ("application_accepted", "application_declined", "invitation_received", "overlap_refused",
                 "agreement_to_sign", "checkin_reminder", "completion_recorded", "payment_recorded",
                 "rating_received", "engagement_cancelled", "no_show_recorded", "wage_alert", "job_push",
                 "job_recommended", "identity_verified")
EMPLOYER_EVENTS = ("application_received", "invitation_declined", "agreement_to_sign", "worker_checked_in",
                   "payment_confirmed", "dispute_raised", "rating_received", "engagement_cancelled", "wage_alert",
                   "job_reviewed", "job_taken_down", "identity_verified", "source_confirm")

EVENT_LABELS = {
    "application_received": _("收到报名"),
    "application_accepted": _("被录用"),
    "application_declined": _("未被录用"),
    "invitation_received": _("收到用工邀请"),
    "invitation_declined": _("邀请被谢绝"),
    "overlap_refused": _("时间冲突，录用未成功"),
    "agreement_to_sign": _("待签署协议"),
    "agreement_signed": _("协议已签署"),
    "agreement_sealed": _("协议已生效"),
    "checkin_reminder": _("开工（到岗）提醒"),
    "worker_checked_in": _("零工已到岗"),
    "completion_recorded": _("完工已确认"),
    "payment_recorded": _("用工方已登记付款"),
    "payment_confirmed": _("零工已确认收款"),
    "rating_received": _("收到评价"),
    "dispute_raised": _("零工提出异议"),
    "engagement_cancelled": _("用工取消"),
    "no_show_recorded": _("被登记未到岗"),
    "wage_alert": _("欠薪预警"),
    "job_push": _("岗位推送"),
    "job_recommended": _("岗位推荐"),
    "job_reviewed": _("岗位审核结果"),
    "job_taken_down": _("岗位被下架"),
    "identity_verified": _("实名认证结果"),
    "source_confirm": _("代发岗位待确认"),
}


def events_for_role(role: str) -> tuple[str, ...]:
    if role == "employer":
        return EMPLOYER_EVENTS
    if role == "worker":
        return WORKER_EVENTS
    return ()
