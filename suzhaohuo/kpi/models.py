"""The plan's scoreboard: targets (configuration per city and year), daily snapshots (facts of their day),
lead departments and their monthly status, notable cases, registration attribution, monthly reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.kpi.choices import CaseStatus, Comparator, Path, RegistrationChannel, TaskStatus


class Target(models.Model):
    """One plan target for a city and year: reach ``value`` by ``deadline`` (from ``start``)."""

    city_code = models.CharField(_("城市区划代码"), max_length=12)
    year = models.PositiveSmallIntegerField(_("年度"))
    code = models.CharField(_("指标代码"), max_length=48)
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=4)
    comparator = models.CharField(_("比较"), max_length=4, choices=Comparator.choices, default=Comparator.GTE)
    path = models.CharField(_("推进方式"), max_length=8, choices=Path.choices, default=Path.LINEAR)
    start = models.DateField(_("起算日期"))
    deadline = models.DateField(_("完成时限"))
    applies_below_city = models.BooleanField(_("县乡同样适用"), default=False,
                                             help_text=_("比例类目标（如覆盖率）对每个县（区）、乡镇同样适用。"))
    source_text = models.CharField(_("方案原文"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("方案目标")
        verbose_name_plural = _("方案目标")
        ordering = ["city_code", "year", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["city_code", "year", "code"], name="kpi_target_unique")]

    def __str__(self) -> str:
        return f"{self.city_code} {self.year} {self.code}"


class Snapshot(models.Model):
    """The indicators of one region as they stood at the end of ``day`` (plan-to-date values):
    ``values`` = {code: {"value": str|int|null, "num": int|null, "den": int|null}}."""

    day = models.DateField(_("日期"), db_index=True)
    region_code = models.CharField(_("区划代码"), max_length=12)
    values = models.JSONField(_("指标值"), default=dict)
    taken_at = models.DateTimeField(_("采集时间"), auto_now=True)

    class Meta:
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        ordering = ["region_code", "day"]
        constraints = [models.UniqueConstraint(fields=["region_code", "day"], name="kpi_snapshot_unique")]
        indexes = [models.Index(fields=["region_code", "day"], name="kpi_snapshot_region_day")]

    def __str__(self) -> str:
        return f"{self.region_code} {self.day}"


class Department(models.Model):
    """A department named in the plan (牵头单位 / 配合单位); its operators post the monthly status."""

    name = models.CharField(_("单位名称"), max_length=64, unique=True)
    operators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="kpi_departments",
                                       verbose_name=_("填报人员"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class PlanTask(models.Model):
    """A task of the plan with its lead department and partner departments."""

    number = models.CharField(_("序号"), max_length=16)
    title = models.CharField(_("任务"), max_length=200)
    lead = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="led_tasks",
                             verbose_name=_("牵头单位"))
    partners = models.ManyToManyField(Department, blank=True, related_name="partner_tasks",
                                      verbose_name=_("配合单位"))
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("方案任务")
        verbose_name_plural = _("方案任务")
        ordering = ["sort_order", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class TaskUpdate(models.Model):
    """The lead department's monthly status of a task, with the problems it raises."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="updates", verbose_name=_("任务"))
    month = models.DateField(_("月份"), help_text=_("该月1日"))
    status = models.CharField(_("进展"), max_length=16, choices=TaskStatus.choices)
    note = models.TextField(_("进展情况"), max_length=1000)
    problems = models.TextField(_("存在问题"), max_length=1000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("填报人"))
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("任务月度进展")
        verbose_name_plural = _("任务月度进展")
        ordering = ["-month", "-id"]
        constraints = [models.UniqueConstraint(fields=["task", "month"], name="kpi_task_update_month")]

    def __str__(self) -> str:
        return f"{self.task} {self.month:%Y-%m}"


class NotableCase(models.Model):
    """A 典型案例 submitted by staff; the bureau approves it before it goes into the monthly report."""

    month = models.DateField(_("月份"))
    region_code = models.CharField(_("区划代码"), max_length=12)
    title = models.CharField(_("标题"), max_length=100)
    summary = models.TextField(_("案例内容"), max_length=2000)
    status = models.CharField(_("状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("报送人"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("审核人"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("报送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-month", "-id"]

    def __str__(self) -> str:
        return self.title


class Campaign(models.Model):
    """A registration link / QR code handed out by a carrier or for a campaign (注册来源归因)."""

    code = models.SlugField(_("链接代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    carrier = models.ForeignKey("carriers.Carrier", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("载体"))
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("注册推广链接")
        verbose_name_plural = _("注册推广链接")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Attribution(models.Model):
    """Which link or QR code brought a new account (recorded once, at registration)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kpi_attribution",
                                verbose_name=_("账号"))
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="attributions", verbose_name=_("推广链接"))
    channel = models.CharField(_("注册方式"), max_length=12, choices=RegistrationChannel.choices,
                               default=RegistrationChannel.SELF)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("注册来源")
        verbose_name_plural = _("注册来源")

    def __str__(self) -> str:
        return f"{self.user_id} ← {self.campaign_id}"


class MonthlyReport(models.Model):
    """The 联席会议 monthly report of one month, kept as generated (PDF and Excel)."""

    month = models.DateField(_("月份"))
    region_code = models.CharField(_("区划代码"), max_length=12)
    pdf = models.FileField(_("PDF"), upload_to="kpi/reports/%Y/")
    xlsx = models.FileField(_("Excel"), upload_to="kpi/reports/%Y/")
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("生成人"))
    generated_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联席会议月报")
        verbose_name_plural = _("联席会议月报")
        ordering = ["-month", "-generated_at"]

    def __str__(self) -> str:
        return f"{self.region_code} {self.month:%Y-%m}"
