from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    VERIFIED = "verified", _("已认证")
    REJECTED = "rejected", _("未通过")


class LicenceKind(models.TextChoices):
    LICENCE = "licence", _("民办职业培训学校办学许可证")
    FILING = "filing", _("职业技能培训机构备案")


class CourseLevel(models.TextChoices):
    SPECIAL = "special", _("专项职业能力")
    JUNIOR = "junior", _("初级工（五级）")
    INTERMEDIATE = "intermediate", _("中级工（四级）")
    SENIOR = "senior", _("高级工（三级）")


class CourseMode(models.TextChoices):
    IN_PERSON = "in_person", _("线下（在站点或培训机构）")
    ONLINE = "online", _("线上")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已报名")
    WAITLISTED = "waitlisted", _("候补中")
    CANCELLED = "cancelled", _("已取消")
    PASSED = "passed", _("已结业（合格）")
    FAILED = "failed", _("未通过考核")


ACTIVE_ENROLMENT = frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED})
SEATED = frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.PASSED, EnrolmentStatus.FAILED})


class EnrolmentChannel(models.TextChoices):
    COURSE_PAGE = "course_page", _("课程页面")
    JOB_PAGE = "job_page", _("岗位页面")
    RECOMMENDATION = "recommendation", _("平台推荐")
    WALK_IN = "walk_in", _("站点代报名")
    API = "api", _("接口")


class AssessmentResult(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class PersonGroup(models.TextChoices):
    """Who subsidy rules may name (confirmed by station staff)."""

    DIFFICULTY = "difficulty", _("就业困难人员")
    RURAL_TRANSFER = "rural_transfer", _("农村转移劳动力")
    UNEMPLOYED = "unemployed", _("登记失业人员")
    GRADUATE = "graduate", _("毕业年度高校毕业生")


class BadgeStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    REVOKED = "revoked", _("已撤销")
    EXPIRED = "expired", _("已失效")
