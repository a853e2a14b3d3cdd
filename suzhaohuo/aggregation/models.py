"""Aggregation (岗位归集): sources, import batches, raw records kept unchanged, and provenance.

A *source* brings postings in through a channel (upload, push API, pull). Each incoming item is stored
as a RawRecord exactly as received. The pipeline turns it into (or links it to) one canonical
*Posting* (one Job); every source record that brought the same real job is a *SourceLink* to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from suzhaohuo.aggregation.choices import (
    AuthorizationVia,
    BatchStatus,
    Channel,
    ConfirmationStatus,
    DepartmentSector,
    LinkState,
    Outcome,
    PullFormat,
    SourceKind,
    SourceStatus,
)
from suzhaohuo.core.fields import EncryptedTextField
from suzhaohuo.core.masking import mask_mobile
from suzhaohuo.core.models import TimeStampedModel


class Source(TimeStampedModel):
    """A job source: a department channel, an agency, an association, 苏心聘, a carrier or an employer feed."""

    name = models.CharField(_("数据源名称"), max_length=128, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=SourceKind.choices, db_index=True)
    sector = models.CharField(_("征集领域"), max_length=16, choices=DepartmentSector.choices, blank=True)
    organization = models.CharField(_("所属单位"), max_length=128)
    organization_employer = models.ForeignKey(
        "identity.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("所属单位的用工主体档案"),
        help_text=_("用工单位尚未在平台实名认证的岗位，暂挂在此档案下待人工核实（见 docs/adr/0006）。"))
    region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("服务区域"))
    # service contract (政府购买服务), agencies and associations
    contract_number = models.CharField(_("服务合同编号"), max_length=64, blank=True)
    contract_start = models.DateField(_("合同开始日期"), null=True, blank=True)
    contract_end = models.DateField(_("合同结束日期"), null=True, blank=True)
    contract_target_jobs = models.PositiveIntegerField(_("合同目标岗位数"), null=True, blank=True)
    contract_contact_name = models.CharField(_("合同联系人"), max_length=64, blank=True)
    contract_contact_mobile = EncryptedTextField(_("联系人手机号（加密）"), blank=True, default="")
    # credentials: only a prefix and a keyed hash are stored; the key itself is shown once
    api_key_prefix = models.CharField(_("接口密钥前缀"), max_length=12, blank=True, db_index=True)
    api_key_hash = models.CharField(_("接口密钥摘要"), max_length=64, blank=True)
    api_key_created_at = models.DateTimeField(_("密钥生成时间"), null=True, blank=True)
    # status
    status = models.CharField(_("状态"), max_length=16, choices=SourceStatus.choices, default=SourceStatus.ACTIVE,
                              db_index=True)
    suspended_reason = models.CharField(_("暂停原因"), max_length=300, blank=True)
    suspended_at = models.DateTimeField(_("暂停时间"), null=True, blank=True)
    suspended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("暂停人"))
    # pull adapter
    pull_format = models.CharField(_("拉取格式"), max_length=16, choices=PullFormat.choices, blank=True)
    pull_url = models.URLField(_("拉取地址"), max_length=500, blank=True)
    pull_cursor = models.CharField(_("增量游标（最后修改时间）"), max_length=64, blank=True)
    pulled_at = models.DateTimeField(_("最近拉取时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["contract_contact_mobile", "api_key_hash"])

    class Meta:
        verbose_name = _("岗位数据源")
        verbose_name_plural = _("岗位数据源")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == SourceStatus.ACTIVE

    @property
    def masked_contact_mobile(self) -> str:
        return mask_mobile(self.contract_contact_mobile)


class SourceOperator(models.Model):
    """Links a department_operator / agency_operator account to the source it works for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="source_operator",
                                verbose_name=_("操作员账号"))
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="operators", verbose_name=_("数据源"))
    created_at = models.DateTimeField(_("关联时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("数据源操作员")
        verbose_name_plural = _("数据源操作员")

    def __str__(self) -> str:
        return f"{self.user} → {self.source}"


class ImportBatch(TimeStampedModel):
    """One upload (or one API call / one pull run): its progress and per-outcome counts."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="batches", verbose_name=_("数据源"))
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("操作人"))
    file = models.FileField(_("文件"), upload_to="aggregation/uploads/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    file_hash = models.CharField(_("文件摘要"), max_length=64, blank=True, db_index=True)
    file_size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    status = models.CharField(_("状态"), max_length=8, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    counts = models.JSONField(_("结果统计"), default=dict, blank=True)
    error_message = models.CharField(_("文件问题"), max_length=500, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "file_hash"], condition=models.Q(channel="upload"),
                                    name="agg_batch_upload_file_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == BatchStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.processed_rows * 100 / self.total_rows))

    @property
    def is_finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)


class Posting(models.Model):
    """One distinct real job (canonical), credited to the source that brought it first."""

    job = models.OneToOneField("jobs.Job", on_delete=models.CASCADE, related_name="aggregation_posting",
                               verbose_name=_("岗位"))
    first_source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="first_postings",
                                     verbose_name=_("首发来源"))
    first_seen_at = models.DateTimeField(_("首次归集时间"), db_index=True)
    employer_name = models.CharField(_("用工单位名称（来源所报）"), max_length=128, blank=True)
    employer_key = models.CharField(_("用工单位归一名"), max_length=128, blank=True)
    review_reasons = models.JSONField(_("待核实原因"), default=list, blank=True)
    township_code = models.CharField(_("乡镇代码"), max_length=12, db_index=True)
    pay_unit = models.CharField(_("计薪单位"), max_length=8, blank=True)
    pay_min = models.DecimalField(_("薪酬下限"), max_digits=10, decimal_places=2, null=True, blank=True)
    pay_max = models.DecimalField(_("薪酬上限"), max_digits=10, decimal_places=2, null=True, blank=True)
    proxy_employer = models.ForeignKey(
        "ProxyEmployer", null=True, blank=True, on_delete=models.PROTECT, related_name="postings",
        verbose_name=_("来源单位代录的用工单位"))
    signature = models.BinaryField(_("MinHash 签名"))
    # LSH band keys (township folded in): a candidate shares at least one band with the incoming record
    b0 = models.BigIntegerField(db_index=True)
    b1 = models.BigIntegerField(db_index=True)
    b2 = models.BigIntegerField(db_index=True)
    b3 = models.BigIntegerField(db_index=True)
    b4 = models.BigIntegerField(db_index=True)
    b5 = models.BigIntegerField(db_index=True)
    b6 = models.BigIntegerField(db_index=True)
    b7 = models.BigIntegerField(db_index=True)
    b8 = models.BigIntegerField(db_index=True)
    b9 = models.BigIntegerField(db_index=True)
    b10 = models.BigIntegerField(db_index=True)
    b11 = models.BigIntegerField(db_index=True)
    b12 = models.BigIntegerField(db_index=True)
    b13 = models.BigIntegerField(db_index=True)
    b14 = models.BigIntegerField(db_index=True)
    b15 = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("归集岗位")
        verbose_name_plural = _("归集岗位")
        ordering = ["-first_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.job_id} ({self.first_source})"


class RawRecord(models.Model):
    """An incoming item exactly as received (never modified), and what the pipeline did with it."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="records", verbose_name=_("数据源"))
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="records",
                              verbose_name=_("批次"))
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    external_id = models.CharField(_("来源岗位编号"), max_length=128)
    idempotency_key = models.CharField(_("幂等键"), max_length=128, blank=True)
    content_hash = models.CharField(_("内容摘要"), max_length=64)
    row_number = models.PositiveIntegerField(_("行号"), null=True, blank=True)
    payload = models.JSONField(_("原始数据"))
    received_at = models.DateTimeField(_("接收时间"), db_index=True)
    outcome = models.CharField(_("处理结果"), max_length=12, choices=Outcome.choices, db_index=True)
    issues = models.JSONField(_("问题"), default=list, blank=True)
    screening_categories = models.JSONField(_("检测类别"), default=list, blank=True)
    posting = models.ForeignKey(Posting, null=True, blank=True, on_delete=models.SET_NULL, related_name="records",
                                verbose_name=_("归集岗位"))

    class Meta:
        verbose_name = _("原始记录")
        verbose_name_plural = _("原始记录")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["source", "external_id", "-id"], name="agg_raw_source_ext_idx"),
            models.Index(fields=["source", "idempotency_key"], name="agg_raw_idem_idx"),
            models.Index(fields=["source", "received_at"], name="agg_raw_source_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.external_id}"


class SourceLink(models.Model):
    """One source's record of a distinct posting: 「同时发布于…」. Unique per source and external id."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="links", verbose_name=_("归集岗位"))
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="links", verbose_name=_("数据源"))
    external_id = models.CharField(_("来源岗位编号"), max_length=128)
    is_first = models.BooleanField(_("首发"), default=False)
    state = models.CharField(_("状态"), max_length=12, choices=LinkState.choices, default=LinkState.ACTIVE)
    url = models.URLField(_("原文链接"), max_length=500, blank=True)
    first_seen_at = models.DateTimeField(_("首次收到"))
    last_seen_at = models.DateTimeField(_("最近更新"), db_index=True)
    last_record = models.ForeignKey(RawRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("最近原始记录"))

    class Meta:
        verbose_name = _("来源关联")
        verbose_name_plural = _("来源关联")
        ordering = ["first_seen_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="agg_link_source_external_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source} · {self.external_id}"


class SourceAuthorization(models.Model):
    """An employer's standing authorisation for a source to publish postings under its name (revocable).

    Given by the employer on its own pages, or recorded by station staff from the employer's written
    authorisation (the evidence note says which document and where it is kept). Without one, a posting a
    source brings under a registered employer's name is held until the employer confirms it."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="authorizations",
                               verbose_name=_("数据源"))
    employer = models.ForeignKey("identity.Employer", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("用工单位"))
    via = models.CharField(_("授权方式"), max_length=16, choices=AuthorizationVia.choices)
    evidence = models.CharField(_("授权材料"), max_length=300, blank=True,
                                help_text=_("书面授权书的编号、日期及原件存放处"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("授权/登记人"))
    granted_at = models.DateTimeField(_("授权时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("撤销人"))
    revoke_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("代发授权")
        verbose_name_plural = _("代发授权")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "employer"], condition=models.Q(revoked_at__isnull=True),
                                    name="agg_authorization_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} → {self.source}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class EmployerConfirmation(models.Model):
    """A posting a source brought under a registered employer's name without its authorisation: held (a draft
    under the source organisation's record, not the employer's) until the employer confirms or refuses it."""

    posting = models.OneToOneField(Posting, on_delete=models.CASCADE, related_name="confirmation",
                                   verbose_name=_("归集岗位"))
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("数据源"))
    employer = models.ForeignKey("identity.Employer", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("来源所报用工单位"))
    status = models.CharField(_("状态"), max_length=12, choices=ConfirmationStatus.choices,
                              default=ConfirmationStatus.PENDING, db_index=True)
    requested_at = models.DateTimeField(_("请求时间"))
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("处理人"))
    reason = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("代发待确认")
        verbose_name_plural = _("代发待确认")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.posting_id} ({self.get_status_display()})"


class ProxyEmployer(models.Model):
    """「来源单位代录」: an employer a source named that is not registered on the platform. Never verified; its
    postings are always reviewed and show that the source is responsible for the information."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="proxy_employers",
                               verbose_name=_("代录来源"))
    name = models.CharField(_("名称（来源所报）"), max_length=128)
    uscc = models.CharField(_("统一社会信用代码（来源所报）"), max_length=18, blank=True)
    created_at = models.DateTimeField(_("首次代录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("来源单位代录的用工单位")
        verbose_name_plural = _("来源单位代录的用工单位")
        ordering = ["source", "name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "name", "uscc"], name="agg_proxy_employer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.source}代录）"
