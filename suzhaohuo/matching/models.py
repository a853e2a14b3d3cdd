"""The one push record: every push of a posting to a worker (automatic dispatch or a station's push)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.matching.choices import DispatchStatus, DispatchTier


class DispatchRecord(models.Model):
    """Who was told about a posting, in which tier (a station push is tier 4), and why: the one record every
    push path writes and the one daily cap counts."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="dispatches", verbose_name=_("岗位"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("零工"))
    tier = models.PositiveSmallIntegerField(_("梯次"), choices=DispatchTier.choices)
    reasons = models.JSONField(_("推送理由"), default=list)
    status = models.CharField(_("状态"), max_length=16, choices=DispatchStatus.choices, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("推送时间"), null=True, blank=True, db_index=True)

    class Meta:
        db_table = "search_dispatchrecord"  # created by search's migrations; moved here by state only (i10)
        verbose_name = _("岗位推送记录")
        verbose_name_plural = _("岗位推送记录")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "worker"], name="dispatch_job_worker_unique")]
        indexes = [models.Index(fields=["worker", "sent_at"], name="dispatch_worker_sent_idx")]

    def __str__(self) -> str:
        return f"{self.job_id} → {self.worker_id}"
