"""The gig transaction between one worker and one job. SKELETON: the transaction issue (#4) extends it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.models import TimeStampedModel
from suzhaohuo.gigs.choices import EngagementStatus


class Engagement(TimeStampedModel):
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="engagements", verbose_name=_("岗位"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagements",
                               verbose_name=_("零工"))
    employer = models.ForeignKey("identity.Employer", on_delete=models.PROTECT, related_name="engagements",
                                 verbose_name=_("用工主体"))
    status = models.CharField(_("状态"), max_length=16, choices=EngagementStatus.choices,
                              default=EngagementStatus.APPLIED, db_index=True)
    message = models.CharField(_("留言"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("用工记录")
        verbose_name_plural = _("用工记录")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "worker"], name="engagement_job_worker_unique")]

    def __str__(self) -> str:
        return f"{self.worker} → {self.job}"
