from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.fields import EncryptedTextField
from suzhaohuo.phone.choices import CallbackOutcome, Channel, Direction


class PhoneMessage(models.Model):
    """One line of a worker's conversation by SMS or phone: what came in, what we answered."""

    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    direction = models.CharField(_("方向"), max_length=4, choices=Direction.choices)
    provider_message_id = models.CharField(_("通道消息编号"), max_length=128, null=True, blank=True, unique=True)
    mobile = EncryptedTextField(_("手机号（加密）"), blank=True, default="")
    mobile_hash = models.CharField(_("手机号摘要"), max_length=64, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("用户"))
    text = models.CharField(_("内容"), max_length=500)
    command = models.CharField(_("指令"), max_length=16, blank=True)
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("短信/电话记录")
        verbose_name_plural = _("短信/电话记录")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["mobile_hash", "direction", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.get_direction_display()} {self.text[:20]}"


class PhoneState(models.Model):
    """Where a worker is in the SMS dialogue: the last job list (numbered), and a pending consent."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phone_state")
    last_jobs = models.JSONField(_("上次列出的岗位"), default=list, blank=True)
    last_query = models.CharField(_("上次查找"), max_length=30, blank=True)
    last_offset = models.PositiveSmallIntegerField(default=0)
    listed_at = models.DateTimeField(_("列出时间"), null=True, blank=True)
    pending_job_id = models.BigIntegerField(_("待同意的岗位"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("短信会话状态")
        verbose_name_plural = _("短信会话状态")

    def __str__(self) -> str:
        return str(self.user_id)


class CallSession(models.Model):
    """A phone call through the voice menu (IVR), driven by the telephony provider's webhooks."""

    call_id = models.CharField(_("通话编号"), max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("来电人"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("代拨的工作人员"))
    step = models.CharField(_("步骤"), max_length=16, default="menu")
    jobs = models.JSONField(_("读过的岗位"), default=list, blank=True)
    index = models.PositiveSmallIntegerField(default=0)
    finished = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("语音通话")
        verbose_name_plural = _("语音通话")

    def __str__(self) -> str:
        return self.call_id


class CallbackRequest(models.Model):
    """「按0请驿站回电」: a task in the township's queue."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("来电人"))
    township_code = models.CharField(_("乡镇"), max_length=12, db_index=True)
    reason = models.CharField(_("事由"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("处理人"))
    outcome = models.CharField(_("处理结果"), max_length=16, choices=CallbackOutcome.choices, blank=True)
    note = models.CharField(_("处理说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("回电请求")
        verbose_name_plural = _("回电请求")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
