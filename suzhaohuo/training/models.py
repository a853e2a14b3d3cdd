"""Skills training and earned certification: providers, courses and their sessions, enrolments and
attendance, sealed training certificates, subsidy claims, and certification badges.

Rules that change by city or over time are data, not code: subsidy rules in data/subsidy_rules.json and
badge criteria in data/badges.json (both versioned, with effective dates)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.models import TimeStampedModel
from suzhaohuo.training.choices import (
    AssessmentResult,
    BadgeStatus,
    CourseLevel,
    CourseMode,
    EnrolmentChannel,
    EnrolmentStatus,
    LicenceKind,
    PersonGroup,
    ProviderStatus,
)


class Provider(TimeStampedModel):
    """A training provider (培训机构), verified by station staff like an employer."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_provider",
                                 verbose_name=_("账号"))
    name = models.CharField(_("机构名称"), max_length=100)
    licence_kind = models.CharField(_("资质类型"), max_length=16, choices=LicenceKind.choices)
    licence_number = models.CharField(_("许可证号或备案号"), max_length=64)
    township = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("所在乡镇（街道）"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    status = models.CharField(_("审核状态"), max_length=16, choices=ProviderStatus.choices,
                              default=ProviderStatus.PENDING, db_index=True)
    verified_at = models.DateTimeField(_("认证时间"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("审核人"))
    reject_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("培训机构")
        verbose_name_plural = _("培训机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == ProviderStatus.VERIFIED


class Course(TimeStampedModel):
    """One class (班期) of a course: what is taught, where, and what it leads to."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="courses", verbose_name=_("培训机构"))
    title = models.CharField(_("课程名称"), max_length=100)
    category = models.ForeignKey("jobs.JobCategory", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("对应零工类别"))
    occupation_code = models.CharField(_("职业分类大典编码"), max_length=16, blank=True)
    occupation_name = models.CharField(_("职业（工种）"), max_length=60, blank=True)
    level = models.CharField(_("等级"), max_length=16, choices=CourseLevel.choices, default=CourseLevel.SPECIAL)
    hours = models.DecimalField(_("课时（小时）"), max_digits=6, decimal_places=1)
    mode = models.CharField(_("方式"), max_length=16, choices=CourseMode.choices, default=CourseMode.IN_PERSON)
    carrier = models.ForeignKey("carriers.Carrier", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("开课站点"))
    township = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("开课乡镇（街道）"))
    fee = models.DecimalField(_("学费（元）"), max_digits=8, decimal_places=2, default=0)
    subsidy_eligible = models.BooleanField(_("纳入补贴目录"), default=False)
    certificate_name = models.CharField(_("结业可获证书"), max_length=100)
    min_attendance = models.DecimalField(_("结业最低出勤率"), max_digits=3, decimal_places=2, default=1)
    assessment_required = models.BooleanField(_("需要考核"), default=True)
    description = models.TextField(_("课程介绍"), blank=True)
    is_published = models.BooleanField(_("已发布"), default=True, db_index=True)

    class Meta:
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One class meeting of a course (e.g. 第1次课), with its own check-in."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("课程"))
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("上课地点"), max_length=200)
    carrier = models.ForeignKey("carriers.Carrier", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("所在站点"))
    capacity = models.PositiveIntegerField(_("容纳人数"))
    teacher = models.CharField(_("授课老师"), max_length=60)

    class Meta:
        verbose_name = _("课次")
        verbose_name_plural = _("课次")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def checkin_subject(self) -> str:
        return f"training.session:{self.pk}"


class Enrolment(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("课程"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_enrolments",
                               verbose_name=_("学员"))
    status = models.CharField(_("状态"), max_length=16, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ENROLLED, db_index=True)
    channel = models.CharField(_("报名渠道"), max_length=16, choices=EnrolmentChannel.choices,
                               default=EnrolmentChannel.COURSE_PAGE)
    via_job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("从哪个岗位报名"))
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("代报名工作人员"))
    consent_note = models.CharField(_("同意记录"), max_length=200, blank=True)
    region_code = models.CharField(_("开课地区划"), max_length=12, db_index=True)
    worker_region_code = models.CharField(_("学员常住地区划"), max_length=12, blank=True, db_index=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    assessment = models.CharField(_("考核结果"), max_length=8, choices=AssessmentResult.choices, blank=True)
    assessment_score = models.PositiveSmallIntegerField(_("考核分数"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("考核登记时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("结业时间"), null=True, blank=True, db_index=True)
    subsidy_eligible = models.BooleanField(_("符合补贴条件"), default=False, db_index=True)
    subsidy_rule = models.CharField(_("适用补贴规则"), max_length=40, blank=True)
    subsidy_amount = models.DecimalField(_("补贴金额（元）"), max_digits=8, decimal_places=2, null=True, blank=True)
    subsidy_reasons = models.JSONField(_("补贴判断理由"), default=list, blank=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "worker"], name="training_enrolment_once")]

    def __str__(self) -> str:
        return f"{self.worker} → {self.course}"


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances",
                                  verbose_name=_("报名"))
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("课次"))
    method = models.CharField(_("签到方式"), max_length=16)
    checked_in_at = models.DateTimeField(_("签到时间"))

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        constraints = [models.UniqueConstraint(fields=["enrolment", "session"], name="training_attendance_once")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}"


class Certificate(models.Model):
    """A training certificate, sealed and hash-chained like an agreement (agreements.services.document_seal)."""

    number = models.CharField(_("证书编号"), max_length=32, unique=True)
    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate",
                                     verbose_name=_("报名"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_certificates",
                               verbose_name=_("持证人"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("课程"))
    category_code = models.CharField(_("零工类别"), max_length=40, db_index=True)
    region_code = models.CharField(_("开课地区划"), max_length=12, db_index=True)
    document = models.TextField(_("规范文本（JSON）"))
    document_sha256 = models.CharField(_("规范文本SHA-256"), max_length=64)
    issued_at = models.DateTimeField(_("签发时间"), db_index=True)
    seal_payload = models.TextField(_("平台签章数据（JSON）"))
    platform_signature = models.CharField(_("平台签名"), max_length=128)
    key_id = models.CharField(_("平台公钥指纹"), max_length=32)
    verify_url = models.CharField(_("核验地址"), max_length=300)
    pdf = models.BinaryField(_("PDF原件"), editable=False)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("培训合格证书")
        verbose_name_plural = _("培训合格证书")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number


class PersonGroupRecord(models.Model):
    """A person's membership of a group subsidy rules name, confirmed by station staff."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("人员"))
    group = models.CharField(_("人员类别"), max_length=24, choices=PersonGroup.choices)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("确认人"))
    valid_from = models.DateField(_("有效期起"))
    valid_to = models.DateField(_("有效期止"), null=True, blank=True)

    class Meta:
        verbose_name = _("补贴人员类别")
        verbose_name_plural = _("补贴人员类别")
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="training_person_group_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.group}"


class SubsidyClaim(models.Model):
    """A provider's claim list for one period (month), exported to Excel for the bureau."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="claims", verbose_name=_("培训机构"))
    period = models.CharField(_("申报期（年-月）"), max_length=7)
    total = models.DecimalField(_("合计（元）"), max_digits=12, decimal_places=2, default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("申报人"))
    created_at = models.DateTimeField(_("申报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("补贴申报")
        verbose_name_plural = _("补贴申报")
        ordering = ["-period", "-id"]
        constraints = [models.UniqueConstraint(fields=["provider", "period"], name="training_claim_once_per_period")]

    def __str__(self) -> str:
        return f"{self.provider} {self.period}"


class SubsidyClaimLine(models.Model):
    claim = models.ForeignKey(SubsidyClaim, on_delete=models.CASCADE, related_name="lines", verbose_name=_("申报"))
    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="claim_line",
                                     verbose_name=_("报名"))  # one enrolment is claimed at most once, ever
    rule_code = models.CharField(_("补贴规则"), max_length=40)
    amount = models.DecimalField(_("金额（元）"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("补贴申报明细")
        verbose_name_plural = _("补贴申报明细")

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.enrolment_id}"


class UpheldComplaint(models.Model):
    """Local record of an upheld complaint about a worker (from the ``complaint.upheld`` event)."""

    complaint_id = models.CharField(_("投诉编号"), max_length=40, unique=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("被投诉零工"))
    category = models.CharField(_("投诉类别"), max_length=40, blank=True)
    upheld_at = models.DateTimeField(_("认定时间"))

    class Meta:
        verbose_name = _("成立的投诉")
        verbose_name_plural = _("成立的投诉")

    def __str__(self) -> str:
        return self.complaint_id


class BadgeGrant(TimeStampedModel):
    """A worker's certification badge (五星骑手, 金牌家政, ...): granted, renewed and revoked by the nightly task,
    revoked at once on an upheld complaint."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges",
                               verbose_name=_("零工"))
    badge = models.CharField(_("认证"), max_length=32, db_index=True)
    criteria_version = models.CharField(_("标准版本"), max_length=16)
    status = models.CharField(_("状态"), max_length=16, choices=BadgeStatus.choices, default=BadgeStatus.ACTIVE,
                              db_index=True)
    region_code = models.CharField(_("常住地区划"), max_length=12, blank=True, db_index=True)
    granted_at = models.DateTimeField(_("授予时间"))
    renewed_at = models.DateTimeField(_("最近复核时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    reason = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("零工认证")
        verbose_name_plural = _("零工认证")
        constraints = [models.UniqueConstraint(fields=["worker", "badge"], name="training_badge_once")]

    def __str__(self) -> str:
        return f"{self.worker} {self.badge}"
