"""Real-name identity for both sides (双实名): persons (workers, individual employers, handlers)
and employers (enterprises or individuals), each with a verification state that expires."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from suzhaohuo.core.fields import EncryptedTextField
from suzhaohuo.core.masking import mask_id_number
from suzhaohuo.core.models import TimeStampedModel
from suzhaohuo.core.storage import private_storage, random_name
from suzhaohuo.identity.choices import EmployerKind, VerificationMethod, VerificationStatus


class Verifiable(models.Model):
    verification_status = models.CharField(_("认证状态"), max_length=16, choices=VerificationStatus.choices,
                                           default=VerificationStatus.UNVERIFIED, db_index=True)
    verified_at = models.DateTimeField(_("认证时间"), null=True, blank=True)
    verification_expires_at = models.DateTimeField(_("认证有效期至"), null=True, blank=True, db_index=True)
    verification_method = models.CharField(_("认证方式"), max_length=16, choices=VerificationMethod.choices,
                                           blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("核验人"))
    rejection_reason = models.CharField(_("未通过原因"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED and (
            self.verification_expires_at is None or self.verification_expires_at > timezone.now()
        )


class PersonIdentity(Verifiable, TimeStampedModel):
    """A natural person's real name and resident ID. One resident ID belongs to one account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity",
                                verbose_name=_("账号"))
    real_name = models.CharField(_("姓名"), max_length=64)
    id_number = EncryptedTextField(_("身份证号（加密）"), blank=True, default="")
    # NULL once the account is deleted (anonymised); unique otherwise: one resident ID, one account.
    id_number_hash = models.CharField(_("身份证号索引"), max_length=64, unique=True, null=True, blank=True)
    gender = models.CharField(_("性别"), max_length=1, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    township = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("所在乡镇（街道）"))

    history = HistoricalRecords(excluded_fields=["id_number"])

    class Meta:
        verbose_name = _("个人实名信息")
        verbose_name_plural = _("个人实名信息")

    def __str__(self) -> str:
        return f"{self.real_name}（{self.masked_id_number}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


def licence_upload_to(instance: object, filename: str) -> str:
    """Business-licence photos: a random name in private storage (never the uploader's file name)."""
    return random_name("licences", filename)


class Employer(Verifiable, TimeStampedModel):
    """An employer (用工主体): enterprise, individual business or household, owned by one account."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employer",
                                 verbose_name=_("账号"))
    kind = models.CharField(_("类型"), max_length=16, choices=EmployerKind.choices)
    name = models.CharField(_("名称"), max_length=128, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=64, blank=True)
    licence_image = models.ImageField(_("营业执照照片"), upload_to=licence_upload_to, storage=private_storage,
                                      blank=True)
    handler_name = models.CharField(_("经办人姓名"), max_length=64, blank=True)
    handler_id_number = EncryptedTextField(_("经办人身份证号（加密）"), blank=True, default="")
    is_agency = models.BooleanField(_("人力资源服务机构"), default=False)
    hr_licence_number = models.CharField(_("人力资源服务许可证号"), max_length=64, blank=True)
    township = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("所在乡镇（街道）"))
    address = models.CharField(_("地址"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["handler_id_number"])

    class Meta:
        verbose_name = _("用工主体")
        verbose_name_plural = _("用工主体")
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=~models.Q(uscc=""), name="employer_uscc_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_handler_id_number(self) -> str:
        return mask_id_number(self.handler_id_number)


class VerificationEvent(models.Model):
    """History of every submission, decision and expiry, for audit."""

    subject_type = models.CharField(_("对象"), max_length=16)  # "person" | "employer"
    subject_id = models.BigIntegerField(_("对象编号"), db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=VerificationStatus.choices)
    method = models.CharField(_("方式"), max_length=16, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("操作人"))
    reason = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("认证记录")
        verbose_name_plural = _("认证记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject_type}#{self.subject_id} {self.get_status_display()}"
