"""就业援助: employment-difficulty persons (认定, plan and ledger 帮扶台账, follow-ups) and public-welfare posts
(公益性岗位: posts, placements with an agreement, monthly attendance and subsidy, exit).

Sensitive details (evidence, household circumstances, contact notes) are encrypted at rest (core.fields) and read
only through assistance.selectors, which apply the staff's region scope; employers never see any of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.assistance.choices import (
    ContactChannel,
    ExitReason,
    FollowUpResult,
    OutcomeKind,
    PersonStatus,
    PlacementStatus,
    PostStatus,
    UnitKind,
)
from suzhaohuo.core.fields import EncryptedTextField
from suzhaohuo.core.models import TimeStampedModel


class DifficultyCategory(models.Model):
    """One city's list of 就业困难人员 categories, as data with effective dates (REFERENCE §12)."""

    city_code = models.CharField(_("城市区划代码"), max_length=4, db_index=True)
    code = models.SlugField(_("编码"), max_length=40)
    name = models.CharField(_("名称"), max_length=80)
    description = models.CharField(_("认定条件"), max_length=300, blank=True)
    evidence_hint = models.CharField(_("所需材料"), max_length=200, blank=True)
    # age conditions checked against the verified birth date (every category also requires working age)
    min_age = models.PositiveSmallIntegerField(_("最低年龄（周岁）"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("最高年龄（周岁，不含）"), null=True, blank=True)
    max_years_to_retirement = models.PositiveSmallIntegerField(
        _("距法定退休年龄不足（年）"), null=True, blank=True, help_text=_("如“距法定退休年龄不足10年”填 10"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("就业困难人员类别")
        verbose_name_plural = _("就业困难人员类别")
        ordering = ["city_code", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["city_code", "code"], name="difficulty_category_unique")]

    def __str__(self) -> str:
        return self.name


class DifficultyPerson(TimeStampedModel):
    """An identification (认定) of one resident as a 就业困难人员, with consent and evidence, and the assistance
    plan. At most one active identification per person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="difficulty_records",
                             verbose_name=_("人员"))
    township_code = models.CharField(_("户籍/常住乡镇代码"), max_length=12, db_index=True)
    category = models.ForeignKey(DifficultyCategory, on_delete=models.PROTECT, related_name="persons",
                                 verbose_name=_("认定类别"))
    status = models.CharField(_("状态"), max_length=16, choices=PersonStatus.choices,
                              default=PersonStatus.IDENTIFIED, db_index=True)
    consent_at = models.DateTimeField(_("本人同意时间"))
    consent_note = models.CharField(_("同意方式"), max_length=200)
    evidence = EncryptedTextField(_("证明材料（加密）"), blank=True, default="")
    circumstances = EncryptedTextField(_("家庭与就业情况（加密）"), blank=True, default="")
    identified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("认定人"))
    identified_at = models.DateTimeField(_("认定时间"), db_index=True)
    assigned_staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", verbose_name=_("帮扶责任人"))
    # plan
    goal = models.CharField(_("帮扶目标"), max_length=300, blank=True)
    training_suggested = models.CharField(_("建议培训"), max_length=300, blank=True)
    # outcome
    employed_on = models.DateField(_("就业日期"), null=True, blank=True)
    employed_where = models.CharField(_("就业单位/岗位"), max_length=200, blank=True)
    outcome_kind = models.CharField(_("就业方式"), max_length=16, choices=OutcomeKind.choices, blank=True)
    ended_at = models.DateTimeField(_("撤回/退出时间"), null=True, blank=True)
    end_reason = models.CharField(_("撤回/退出原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("就业困难人员认定")
        verbose_name_plural = _("就业困难人员认定")
        ordering = ["-identified_at", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["user"], condition=models.Q(status__in=["identified", "employed"]),
            name="difficulty_person_one_active")]

    def __str__(self) -> str:
        return f"{_('就业困难人员')} #{self.pk}"


class AssistanceContact(models.Model):
    """帮扶台账: one contact with the person (date, channel, content)."""

    person = models.ForeignKey(DifficultyPerson, on_delete=models.CASCADE, related_name="contacts",
                               verbose_name=_("人员"))
    date = models.DateField(_("日期"))
    channel = models.CharField(_("方式"), max_length=16, choices=ContactChannel.choices)
    content = EncryptedTextField(_("内容（加密）"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("工作人员"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["-date", "-id"]


    def __str__(self) -> str:
        return f"{self.date} {self.get_channel_display()}"

class Recommendation(models.Model):
    """A job recommended (and pushed) to the person with assistance priority (see README: bounded)."""

    person = models.ForeignKey(DifficultyPerson, on_delete=models.CASCADE, related_name="recommendations",
                               verbose_name=_("人员"))
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+", verbose_name=_("岗位"))
    pushed_at = models.DateTimeField(_("推送时间"), null=True, blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("推荐人"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("岗位推荐")
        verbose_name_plural = _("岗位推荐")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["person", "job"], name="assistance_recommend_once")]


    def __str__(self) -> str:
        return f"{self.person_id} → {self.job_id}"

class FollowUp(models.Model):
    """Follow-up 1, 3 and 6 months after the person found work."""

    person = models.ForeignKey(DifficultyPerson, on_delete=models.CASCADE, related_name="follow_ups",
                               verbose_name=_("人员"))
    months = models.PositiveSmallIntegerField(_("就业后第几个月"))
    due_on = models.DateField(_("应回访日期"), db_index=True)
    done_on = models.DateField(_("回访日期"), null=True, blank=True)
    result = models.CharField(_("回访结果"), max_length=16, choices=FollowUpResult.choices, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("回访人"))

    class Meta:
        verbose_name = _("就业回访")
        verbose_name_plural = _("就业回访")
        ordering = ["due_on", "months"]
        constraints = [models.UniqueConstraint(fields=["person", "months", "due_on"], name="assistance_followup_once")]


    def __str__(self) -> str:
        return f"{self.person_id} +{self.months}"

class WelfarePost(TimeStampedModel):
    """公益性岗位: created by a government unit or township, open only to identified difficulty persons."""

    title = models.CharField(_("岗位名称"), max_length=60)
    unit_name = models.CharField(_("用人单位"), max_length=100)
    unit_kind = models.CharField(_("单位类型"), max_length=16, choices=UnitKind.choices)
    township = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("所在乡镇（街道）"))
    duties = models.TextField(_("工作内容"), max_length=1000)
    hours = models.CharField(_("工作时间"), max_length=100)
    monthly_subsidy = models.DecimalField(_("岗位补贴（元/月）"), max_digits=8, decimal_places=2)
    pay_note = models.CharField(_("待遇说明"), max_length=200, blank=True)
    term_months = models.PositiveSmallIntegerField(_("每期期限（月）"), default=12)
    slots = models.PositiveSmallIntegerField(_("岗位数"), default=1)
    status = models.CharField(_("状态"), max_length=16, choices=PostStatus.choices, default=PostStatus.OPEN,
                              db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("创建人"))

    class Meta:
        verbose_name = _("公益性岗位")
        verbose_name_plural = _("公益性岗位")
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return f"{self.unit_name} · {self.title}"


class Placement(TimeStampedModel):
    """One person placed on one post for a term, with the signed placement agreement."""

    post = models.ForeignKey(WelfarePost, on_delete=models.PROTECT, related_name="placements",
                             verbose_name=_("岗位"))
    person = models.ForeignKey(DifficultyPerson, on_delete=models.PROTECT, related_name="placements",
                               verbose_name=_("人员"))
    status = models.CharField(_("状态"), max_length=16, choices=PlacementStatus.choices,
                              default=PlacementStatus.ACTIVE, db_index=True)
    start_date = models.DateField(_("上岗日期"))
    end_date = models.DateField(_("期满日期"), db_index=True)
    extended = models.BooleanField(_("已按临近退休延长"), default=False)
    township_code = models.CharField(_("岗位所在乡镇代码"), max_length=12, db_index=True)
    agreement_number = models.CharField(_("安置协议编号"), max_length=32, unique=True)
    agreement_text = models.TextField(_("安置协议文本"))
    agreement_sha256 = models.CharField(_("协议哈希"), max_length=64)
    agreement_signature = models.CharField(_("平台电子签章"), max_length=200)
    exit_date = models.DateField(_("退出日期"), null=True, blank=True)
    exit_reason = models.CharField(_("退出原因"), max_length=16, choices=ExitReason.choices, blank=True)
    exit_note = models.CharField(_("退出说明"), max_length=300, blank=True)
    alerted_at = models.DateTimeField(_("期满提醒时间"), null=True, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("安置人"))

    class Meta:
        verbose_name = _("公益性岗位安置")
        verbose_name_plural = _("公益性岗位安置")
        ordering = ["-start_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["person"], condition=models.Q(status="active"),
                                               name="placement_one_active_per_person")]

    def __str__(self) -> str:
        return self.agreement_number


class Attendance(models.Model):
    """One month's attendance and subsidy for a placement."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="attendance",
                                  verbose_name=_("安置"))
    month = models.DateField(_("月份（当月1日）"))
    days_scheduled = models.PositiveSmallIntegerField(_("应出勤天数"))
    days_present = models.PositiveSmallIntegerField(_("实出勤天数"))
    subsidy = models.DecimalField(_("应发补贴（元）"), max_digits=8, decimal_places=2)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"), auto_now=True)

    class Meta:
        verbose_name = _("考勤与补贴")
        verbose_name_plural = _("考勤与补贴")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["placement", "month"], name="attendance_once_per_month")]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.month:%Y-%m}"
