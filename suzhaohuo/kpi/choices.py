from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    COUNT = "count", _("个/人")
    RATE = "rate", _("比例")
    YUAN = "yuan", _("元")


class Path(models.TextChoices):
    """How a target is expected to be reached: a straight line from the start value, or held at the level
    all along (rates such as mediation success must be met every month)."""

    LINEAR = "linear", _("按时间均匀推进")
    LEVEL = "level", _("全程保持")


class Comparator(models.TextChoices):
    GTE = "gte", _("不低于")
    GT = "gt", _("高于")


class TaskStatus(models.TextChoices):
    ON_TRACK = "on_track", _("按计划推进")
    AT_RISK = "at_risk", _("有风险")
    DELAYED = "delayed", _("滞后")
    DONE = "done", _("已完成")


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已采用")
    REJECTED = "rejected", _("未采用")


class RegistrationChannel(models.TextChoices):
    SELF = "self", _("自行注册")
    STATION = "station", _("驿站代办")
    IMPORTED = "imported", _("批量导入")
