from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonStatus(models.TextChoices):
    IDENTIFIED = "identified", _("已认定")
    EMPLOYED = "employed", _("已就业")
    WITHDRAWN = "withdrawn", _("本人已撤回")
    ENDED = "ended", _("已退出援助")


ACTIVE_PERSON = (PersonStatus.IDENTIFIED, PersonStatus.EMPLOYED)


class ContactChannel(models.TextChoices):
    VISIT = "visit", _("上门走访")
    STATION = "station", _("到站服务")
    PHONE = "phone", _("电话")
    MESSAGE = "message", _("短信/微信")


class OutcomeKind(models.TextChoices):
    GIG = "gig", _("零工就业")
    WELFARE_POST = "welfare_post", _("公益性岗位安置")
    EMPLOYER = "employer", _("单位就业")
    SELF = "self", _("自主创业/灵活就业")


class FollowUpResult(models.TextChoices):
    STILL_EMPLOYED = "still_employed", _("仍在岗")
    CHANGED = "changed", _("已换工作")
    UNEMPLOYED = "unemployed", _("已失业，需继续帮扶")
    UNREACHABLE = "unreachable", _("联系不上")


class PostStatus(models.TextChoices):
    OPEN = "open", _("招用中")
    CLOSED = "closed", _("已停止招用")


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("政府部门/事业单位")
    TOWNSHIP = "township", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", _("在岗")
    EXITED = "exited", _("已退出")


class ExitReason(models.TextChoices):
    TERM_END = "term_end", _("期满退出")
    FOUND_JOB = "found_job", _("实现其他就业")
    RETIRED = "retired", _("达到退休年龄")
    VOLUNTARY = "voluntary", _("本人申请退出")
    DISMISSED = "dismissed", _("严重违反管理规定")
    OTHER = "other", _("其他")
