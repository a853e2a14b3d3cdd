"""The gig transaction between one worker and one job, its history, ratings, disputes, check-in codes
and wage (欠薪) alerts. State changes go through gigs.state and gigs.services only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.models import TimeStampedModel
from suzhaohuo.gigs.choices import (
    CheckinMethod,
    DisputeKind,
    EngagementStatus,
    Party,
    PayMethod,
    WageAlertStatus,
)


class Engagement(TimeStampedModel):
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="engagements", verbose_name=_("岗位"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagements",
                               verbose_name=_("零工"))
    employer = models.ForeignKey("identity.Employer", on_delete=models.PROTECT, related_name="engagements",
                                 verbose_name=_("用工主体"))
    status = models.CharField(_("状态"), max_length=16, choices=EngagementStatus.choices,
                              default=EngagementStatus.APPLIED, db_index=True)
    message = models.CharField(_("留言"), max_length=300, blank=True)
    # copied from the job when the engagement starts, so later job edits do not rewrite history
    township_code = models.CharField(_("工作地乡镇代码"), max_length=12, blank=True, db_index=True)
    work_start = models.DateField(_("开工日期"), null=True, blank=True)
    work_end = models.DateField(_("结束日期"), null=True, blank=True)
    # milestones
    accepted_at = models.DateTimeField(_("录用时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签约时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("到岗时间"), null=True, blank=True)
    checkin_lat = models.FloatField(_("到岗纬度"), null=True, blank=True)
    checkin_lng = models.FloatField(_("到岗经度"), null=True, blank=True)
    checkin_method = models.CharField(_("到岗方式"), max_length=16, blank=True, choices=CheckinMethod.choices)
    checkin_reminded_at = models.DateTimeField(_("到岗提醒时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完工时间"), null=True, blank=True)
    completion_auto = models.BooleanField(_("系统自动确认完工"), default=False)
    hours = models.DecimalField(_("工时（小时）"), max_digits=7, decimal_places=1, null=True, blank=True)
    pieces = models.PositiveIntegerField(_("计件数量"), null=True, blank=True)
    payment_due_at = models.DateTimeField(_("应付款时间"), null=True, blank=True, db_index=True)
    paid_at = models.DateTimeField(_("付款登记时间"), null=True, blank=True)
    pay_amount = models.DecimalField(_("付款金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    pay_method = models.CharField(_("付款方式"), max_length=16, choices=PayMethod.choices, blank=True)
    paid_on = models.DateField(_("付款日期"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认收款时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    ended_by = models.CharField(_("结束方"), max_length=16, choices=Party.choices, blank=True)
    end_reason = models.CharField(_("取消/未到岗原因"), max_length=300, blank=True)
    late_cancellation = models.BooleanField(_("临时取消"), default=False)

    class Meta:
        verbose_name = _("用工记录")
        verbose_name_plural = _("用工记录")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "worker"], name="engagement_job_worker_unique")]

    def __str__(self) -> str:
        return f"{self.worker} → {self.job}"


class EngagementEvent(models.Model):
    """Append-only history of every transition: who, when, from what, to what, with what data."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="events",
                                   verbose_name=_("用工记录"))
    event = models.CharField(_("事件"), max_length=32)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("操作人"))
    party = models.CharField(_("操作方"), max_length=16, choices=Party.choices)
    reason = models.CharField(_("说明"), max_length=300, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("用工记录变更")
        verbose_name_plural = _("用工记录变更")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.event}: {self.from_status} → {self.to_status}"


class Rating(models.Model):
    """One side's rating of the other after the work (1-5 stars and a comment)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="ratings",
                                   verbose_name=_("用工记录"))
    rater_party = models.CharField(_("评价方"), max_length=16, choices=Party.choices)
    ratee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings_received",
                              verbose_name=_("被评价人"))
    score = models.PositiveSmallIntegerField(_("评分"))
    comment = models.CharField(_("评价"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "rater_party"], name="rating_once_per_side"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rater_party_display()} {self.score}★"


class Dispute(models.Model):
    """The worker's word against a completion or payment record; kept with the transaction."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="disputes",
                                   verbose_name=_("用工记录"))
    kind = models.CharField(_("类型"), max_length=16, choices=DisputeKind.choices)
    text = models.CharField(_("异议内容"), max_length=500)
    claimed_hours = models.DecimalField(_("工人认为的工时"), max_digits=7, decimal_places=1, null=True, blank=True)
    claimed_amount = models.DecimalField(_("工人认为应得金额"), max_digits=10, decimal_places=2, null=True, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("提出人"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:30]}"


class CheckinCode(models.Model):
    """A short-lived check-in code: a 6-digit code to type, and a token inside a QR code. Issued for one job,
    or for another app's ``subject`` (e.g. ``training.session:12``) that reuses the same mechanism."""

    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                            verbose_name=_("岗位"))
    subject = models.CharField(_("签到对象"), max_length=64, blank=True, db_index=True)
    code = models.CharField(_("到岗码"), max_length=6)
    token = models.CharField(_("二维码令牌"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("有效期至"), db_index=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("生成人"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("到岗码")
        verbose_name_plural = _("到岗码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.job_id} @ {self.expires_at:%Y-%m-%d %H:%M}"


class WageAlert(TimeStampedModel):
    """欠薪预警: payment not recorded within the settlement period; in the township staff's queue."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="wage_alert",
                                      verbose_name=_("用工记录"))
    township_code = models.CharField(_("乡镇（街道）代码"), max_length=12, db_index=True)
    due_at = models.DateTimeField(_("应付款时间"))
    status = models.CharField(_("状态"), max_length=16, choices=WageAlertStatus.choices,
                              default=WageAlertStatus.OPEN, db_index=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("处理人"))
    note = models.CharField(_("处理说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("欠薪预警")
        verbose_name_plural = _("欠薪预警")
        ordering = ["status", "due_at"]

    def __str__(self) -> str:
        return f"{_('欠薪预警')} #{self.engagement_id}"
