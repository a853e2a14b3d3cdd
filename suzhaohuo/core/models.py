"""Shared base classes and platform-wide records: audit trail, personal-data access log, SMS outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.fields import EncryptedTextField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Append-only audit trail: who did what to which record, when and why (kept ≥ 3 years)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("操作人"))
    action = models.CharField(_("动作"), max_length=64, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=64, db_index=True)
    target_id = models.CharField(_("对象编号"), max_length=64, db_index=True)
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}#{self.target_id}"


# Chinese names of what a PiiAccessLog row records (its ``field`` and the record kind in its ``purpose``),
# for reports and pages; the stored values stay stable codes.
PII_FIELD_LABELS = {
    "mobile": _("手机号"), "worker_mobile": _("手机号"), "id_number": _("身份证号"), "worker_name": _("姓名"),
    "real_name": _("姓名"), "assistance_evidence": _("就业援助认定材料"),
}
PII_PURPOSE_KINDS = {"disputes.case": _("劳动争议案件"), "gigs.engagement": _("用工记录（联系报名人）"),
                     "phone.callback": _("回电请求")}


def pii_field_label(field: str) -> str:
    return str(PII_FIELD_LABELS.get(field, field))


def pii_purpose_label(purpose: str) -> str:
    """``disputes.case#12`` → 「劳动争议案件 #12」; a purpose already written in words is returned as is."""
    kind, sep, ref = (purpose or "").partition("#")
    label = PII_PURPOSE_KINDS.get(kind)
    return f"{label} #{ref}" if label is not None and sep else (purpose or "")


class PiiAccessLog(models.Model):
    """Every reveal of an unmasked ID number or mobile: who, whose, when and why."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("查看人"))
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("被查看人"))
    field = models.CharField(_("字段"), max_length=32)
    purpose = models.CharField(_("用途"), max_length=200)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.field} {self.created_at:%Y-%m-%d %H:%M}"


class SmsOutbox(models.Model):
    """Development SMS backend: messages land here and staff read them in the back office."""

    mobile = models.CharField(_("手机号"), max_length=20, db_index=True)
    text = models.TextField(_("内容"))
    purpose = models.CharField(_("用途"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("短信发件箱")
        verbose_name_plural = _("短信发件箱")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"


class SmsMessage(models.Model):
    """One SMS handed to a real gateway: its delivery state, retries and the provider's receipt."""

    class State(models.TextChoices):
        QUEUED = "queued", _("待发送")
        SENT = "sent", _("已提交运营商")
        DELIVERED = "delivered", _("已送达")
        FAILED = "failed", _("发送失败")

    mobile = EncryptedTextField(_("手机号（加密）"))
    mobile_hash = models.CharField(_("手机号摘要"), max_length=64, db_index=True)
    purpose = models.CharField(_("用途"), max_length=32, blank=True)
    template = models.CharField(_("模板"), max_length=64, blank=True)
    params = models.JSONField(_("模板参数"), default=dict, blank=True)
    text = models.TextField(_("内容"))
    provider = models.CharField(_("通道"), max_length=32)
    provider_message_id = models.CharField(_("通道消息编号"), max_length=128, blank=True, db_index=True)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("短信发送记录")
        verbose_name_plural = _("短信发送记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.purpose} {self.get_state_display()}"


class RateLimitHit(models.Model):
    """One counted hit of a sliding-window rate limit (``core.ratelimit``); expires at ``expires_at``, never later."""

    key = models.CharField(_("限频键"), max_length=200)
    at = models.DateTimeField(_("时间"))
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)

    class Meta:
        verbose_name = _("限频记录")
        verbose_name_plural = _("限频记录")
        indexes = [models.Index(fields=["key", "at"], name="core_rl_key_at")]

    def __str__(self) -> str:
        return self.key
