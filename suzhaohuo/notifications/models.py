"""In-app notifications and each person's SMS preferences per event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name=_("接收人"))
    event = models.CharField(_("事件"), max_length=48, db_index=True)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    sent_sms = models.BooleanField(_("已发短信"), default=False)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class SmsPreference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sms_preferences",
                             verbose_name=_("用户"))
    event = models.CharField(_("事件"), max_length=48)
    enabled = models.BooleanField(_("发短信"), default=True)

    class Meta:
        verbose_name = _("短信提醒设置")
        verbose_name_plural = _("短信提醒设置")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="smspref_user_event_unique")]

    def __str__(self) -> str:
        return f"{self.event}: {self.enabled}"
