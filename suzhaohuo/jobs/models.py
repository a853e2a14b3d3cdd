"""Job postings (零工岗位), mapped one-to-one onto schema.org JobPosting, and the category list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from suzhaohuo.jobs.screening.types import StoredFinding

from suzhaohuo.core.models import TimeStampedModel
from suzhaohuo.jobs.choices import JobOrigin, JobStatus, PayUnit, ScreeningStatus, Settlement


class JobCategory(models.Model):
    """Two-level gig category list; leaves map to a 职业分类大典 (2022) code where one exists."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("上级类别"))
    occupation_code = models.CharField(_("职业分类大典编码"), max_length=32, blank=True)
    keywords = models.CharField(_("关键词"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("零工类别")
        verbose_name_plural = _("零工类别")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Job(TimeStampedModel):
    # who and what
    employer = models.ForeignKey("identity.Employer", on_delete=models.PROTECT, related_name="jobs",
                                 verbose_name=_("用工主体"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("发布人"))
    title = models.CharField(_("岗位名称"), max_length=60)
    description = models.TextField(_("工作内容"), max_length=2000)
    requirements = models.TextField(_("任职要求"), max_length=1000, blank=True)
    benefits = models.CharField(_("福利保障"), max_length=300, blank=True)
    insurance_provided = models.BooleanField(_("提供意外/职业伤害保障"), default=False)
    # The insurance product the employer chose (or a city rule requires); enrolment is the protection app's.
    cover_code = models.CharField(_("保障方案"), max_length=32, blank=True, default="")
    contact_channel = models.CharField(_("联系方式"), max_length=32, default="platform")
    origin = models.CharField(_("来源类型"), max_length=16, choices=JobOrigin.choices, default=JobOrigin.EMPLOYER,
                              db_index=True)
    source_name = models.CharField(_("来源"), max_length=128, blank=True)
    original_source = models.CharField(_("原始来源（转载须注明）"), max_length=200, blank=True)
    authorization_note = models.CharField(_("用工主体授权说明"), max_length=300, blank=True)
    # category
    category = models.ForeignKey(JobCategory, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("类别"))
    # pay
    pay_min = models.DecimalField(_("薪酬下限"), max_digits=10, decimal_places=2, null=True, blank=True)
    pay_max = models.DecimalField(_("薪酬上限"), max_digits=10, decimal_places=2, null=True, blank=True)
    pay_unit = models.CharField(_("计薪单位"), max_length=8, choices=PayUnit.choices)
    pay_negotiable = models.BooleanField(_("面议"), default=False)
    settlement = models.CharField(_("结算方式"), max_length=16, choices=Settlement.choices, db_index=True)
    # headcount and time
    headcount = models.PositiveIntegerField(_("招聘人数"))
    start_date = models.DateField(_("开工日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    daily_hours = models.DecimalField(_("每日工时"), max_digits=4, decimal_places=1, null=True, blank=True)
    work_time = models.CharField(_("工作时段"), max_length=60, blank=True)
    # location
    township = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("工作地点（乡镇/街道）"))
    address = models.CharField(_("详细地址"), max_length=200)
    lat = models.FloatField(_("纬度"), null=True, blank=True, db_index=True)
    lng = models.FloatField(_("经度"), null=True, blank=True, db_index=True)
    # validity and state
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.DRAFT,
                              db_index=True)
    valid_until = models.DateTimeField(_("有效期至"), db_index=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    # screening
    screening_status = models.CharField(_("检测结果"), max_length=16, choices=ScreeningStatus.choices,
                                        default=ScreeningStatus.NOT_SCREENED)
    screening_findings: models.JSONField[list[StoredFinding], list[StoredFinding]] = models.JSONField(
        _("检测发现"), default=list, blank=True)
    screening_rules_version = models.CharField(_("规则版本"), max_length=32, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("零工岗位")
        verbose_name_plural = _("零工岗位")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="job_status_valid_idx"),
            models.Index(fields=["township", "status"], name="job_township_status_idx"),
            models.Index(fields=["lat", "lng"], name="job_latlng_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(headcount__gte=1), name="job_headcount_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class JobStatusChange(models.Model):
    """Every state change of a posting: who, when, from what, to what, and why."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("岗位"))
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("操作人"))
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("岗位状态记录")
        verbose_name_plural = _("岗位状态记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.from_status or '-'} → {self.to_status}"
