"""E-agreements: versioned standard terms, filled agreements, signature events, and the hash chain.

What is stored and why is recorded in docs/adr/0004-e-agreement-records.md. Rows written here are
evidence: services only ever append them; ChainEntry refuses updates and deletes outright.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    ChainEntryKind,
    SignatureMethod,
    SignerRole,
)


class StandardTerms(models.Model):
    """One published version of 《零工服务协议通用条款》. The text lives in agreements/terms/<version>.md."""

    version = models.CharField(_("版本"), max_length=32, unique=True)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("条款全文（模板）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("协议通用条款")
        verbose_name_plural = _("协议通用条款")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"


class Agreement(models.Model):
    """The 零工服务协议 for one engagement: the canonical document and, once both have signed, the seal.

    A second document kind, the 调解协议书 of a labour-dispute case (disputes app), uses the same signing,
    seal, hash chain, PDF and /verify; it has no engagement of its own (the case links to it)."""

    number = models.CharField(_("协议编号"), max_length=32, unique=True)
    kind = models.CharField(_("文书类型"), max_length=16, choices=AgreementKind.choices,
                            default=AgreementKind.SERVICE, db_index=True)
    engagement = models.OneToOneField("gigs.Engagement", on_delete=models.PROTECT, related_name="agreement",
                                      verbose_name=_("用工记录"), null=True, blank=True)
    terms = models.ForeignKey(StandardTerms, on_delete=models.PROTECT, related_name="agreements",
                              verbose_name=_("通用条款版本"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agreements",
                               verbose_name=_("零工"))
    employer = models.ForeignKey("identity.Employer", on_delete=models.PROTECT, related_name="agreements",
                                 verbose_name=_("用工主体"))
    region_code = models.CharField(_("工作地点区划"), max_length=12, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=AgreementStatus.choices,
                              default=AgreementStatus.PENDING, db_index=True)
    document = models.TextField(_("规范文本（JSON）"))
    document_sha256 = models.CharField(_("规范文本SHA-256"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True, db_index=True)
    # The seal, set once when the second party signs.
    sealed_at = models.DateTimeField(_("生效时间"), null=True, blank=True)
    seal_payload = models.TextField(_("平台签章数据（JSON）"), blank=True)
    platform_signature = models.CharField(_("平台签名（Ed25519，base64）"), max_length=128, blank=True)
    key_id = models.CharField(_("平台公钥指纹"), max_length=32, blank=True)
    verify_url = models.CharField(_("核验地址"), max_length=300, blank=True)
    pdf = models.BinaryField(_("PDF原件"), blank=True, null=True, editable=False)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, db_index=True)
    # Ed25519 signature (key ``key_id``) over signing.pdf_seal_payload: the seal covers the PDF's hash too.
    pdf_signature = models.CharField(_("PDF签章（Ed25519，base64）"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("零工服务协议")
        verbose_name_plural = _("零工服务协议")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_sealed(self) -> bool:
        return self.status == AgreementStatus.SEALED


class SignatureEvent(models.Model):
    """One party's signature: who, when, how the identity was confirmed, and the hash they agreed to."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signatures",
                                  verbose_name=_("协议"))
    role = models.CharField(_("签署方"), max_length=16, choices=SignerRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("签署人账号"))
    signer_name = models.CharField(_("签署人"), max_length=128)
    signed_at = models.DateTimeField(_("签署时间"))
    method = models.CharField(_("认证方式"), max_length=16, choices=SignatureMethod.choices,
                              default=SignatureMethod.SMS_OTP)
    mobile_masked = models.CharField(_("验证手机号（脱敏）"), max_length=20)
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器标识"), max_length=300, blank=True)
    document_sha256 = models.CharField(_("所签文本SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("签署记录")
        verbose_name_plural = _("签署记录")
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "role"], name="signature_agreement_role_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.signer_name}"


class ChainEntry(models.Model):
    """Append-only hash chain: entry_hash = sha256(prev_hash + payload). Never updated, never deleted."""

    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    kind = models.CharField(_("类型"), max_length=32, choices=ChainEntryKind.choices)
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="chain_entries", verbose_name=_("协议"))
    # Other sealed documents (e.g. training certificates) chain here too: their kind and number, no agreement.
    document_kind = models.CharField(_("文书类型"), max_length=32, blank=True, db_index=True)
    document_number = models.CharField(_("文书编号"), max_length=40, blank=True, db_index=True)
    payload = models.TextField(_("内容（JSON）"))
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, unique=True)
    entry_hash = models.CharField(_("本条哈希"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("存证链记录")
        verbose_name_plural = _("存证链记录")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.entry_hash[:12]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Integrity guard (not a business rule): an existing entry is evidence and never changes.
        if self.pk is not None and not self._state.adding:
            from suzhaohuo.agreements.errors import AgreementErrorCode
            from suzhaohuo.core.errors import AppError

            raise AppError(AgreementErrorCode.CHAIN_APPEND_ONLY, str(_("存证链只能追加，不能修改已有记录。")))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        from suzhaohuo.agreements.errors import AgreementErrorCode
        from suzhaohuo.core.errors import AppError

        raise AppError(AgreementErrorCode.CHAIN_APPEND_ONLY, str(_("存证链只能追加，不能删除已有记录。")))
