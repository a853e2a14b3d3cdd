"""The job and engagement states and the state sets every app reasons with: one definition each.
``jobs.choices`` and ``gigs.choices`` re-export them for their models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING_REVIEW = "pending_review", _("待审核")
    PUBLISHED = "published", _("招聘中")
    FILLED = "filled", _("已招满")
    EXPIRED = "expired", _("已过期")
    CLOSED = "closed", _("已关闭")
    TAKEN_DOWN = "taken_down", _("已下架")


# A posting a worker can see and apply for.
JOB_OPEN_STATES = frozenset({JobStatus.PUBLISHED})
# A posting that has ended, whatever the reason.
JOB_ENDED_STATES = frozenset({JobStatus.FILLED, JobStatus.EXPIRED, JobStatus.CLOSED, JobStatus.TAKEN_DOWN})


class EngagementStatus(models.TextChoices):
    APPLIED = "applied", _("已报名")
    INVITED = "invited", _("已邀请")
    ACCEPTED = "accepted", _("已录用，待签协议")
    SIGNED = "signed", _("协议已签署")
    CHECKED_IN = "checked_in", _("已到岗")
    COMPLETED = "completed", _("已完工")
    PAID = "paid", _("已付款")
    CONFIRMED = "confirmed", _("工人已确认收款")
    RATED = "rated", _("已互评")
    DECLINED = "declined", _("未录用")
    CANCELLED = "cancelled", _("已取消")
    NO_SHOW = "no_show", _("未到岗")
    WITHDRAWN = "withdrawn", _("已撤回报名")


# States in which the worker holds a place on the job (counted against the headcount).
HOLDING_STATES = frozenset({
    EngagementStatus.ACCEPTED, EngagementStatus.SIGNED, EngagementStatus.CHECKED_IN, EngagementStatus.COMPLETED,
    EngagementStatus.PAID, EngagementStatus.CONFIRMED, EngagementStatus.RATED,
})
# States in which the worker is committed to turn up (used for the overlapping-dates check).
COMMITTED_STATES = frozenset({EngagementStatus.ACCEPTED, EngagementStatus.SIGNED, EngagementStatus.CHECKED_IN})
# The work was done.
DONE_STATES = frozenset({EngagementStatus.COMPLETED, EngagementStatus.PAID, EngagementStatus.CONFIRMED,
                         EngagementStatus.RATED})
# The work was paid for.
PAID_STATES = frozenset({EngagementStatus.PAID, EngagementStatus.CONFIRMED, EngagementStatus.RATED})
# Work done but not yet paid (wage-arrears candidates).
UNPAID_STATES = frozenset({EngagementStatus.COMPLETED})
OPEN_STATES = frozenset({EngagementStatus.APPLIED, EngagementStatus.INVITED}) | HOLDING_STATES - {
    EngagementStatus.RATED}
