from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventDelivery(models.Model):
    """A domain-event handler call that failed and waits for a retry (see ``kernel.events``)."""

    class State(models.TextChoices):
        PENDING = "pending", _("待重试")
        DONE = "done", _("已成功")
        GAVE_UP = "gave_up", _("已放弃")

    event_id = models.CharField(_("事件编号"), max_length=32)
    name = models.CharField(_("事件"), max_length=64)
    handler_path = models.CharField(_("处理函数"), max_length=255)
    payload = models.JSONField(_("内容"), default=dict)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=1)
    last_error = models.TextField(_("最近错误"), blank=True)
    next_attempt_at = models.DateTimeField(_("下次重试"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("事件投递")
        verbose_name_plural = _("事件投递")
        constraints = [models.UniqueConstraint(fields=["event_id", "handler_path"], name="kernel_delivery_once")]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.name} → {self.handler_path}"
