"""Enumerations of the regulation domain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("警示")
    CORRECTION = "correction", _("责令改正")
    TAKE_DOWN = "take_down", _("下架岗位")
    SUSPEND_POSTING = "suspend_posting", _("暂停招聘服务")
    SUSPEND_SOURCE = "suspend_source", _("暂停数据源")
    CLOSE_ACCOUNT = "close_account", _("关闭账户")
    ABNORMAL_LIST = "abnormal_list", _("列入异常名录")


# Kinds that stop an employer (or account) from posting while active.
BLOCKING_POSTING = frozenset({SanctionKind.SUSPEND_POSTING, SanctionKind.CLOSE_ACCOUNT, SanctionKind.ABNORMAL_LIST})


class SubjectType(models.TextChoices):
    EMPLOYER = "employer", _("用工主体/机构")
    SOURCE = "source", _("数据源")
    USER = "user", _("账号")
    JOB = "job", _("岗位")


class SanctionStatus(models.TextChoices):
    ACTIVE = "active", _("执行中")
    LIFTED = "lifted", _("已解除")
    EXPIRED = "expired", _("已到期")


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    UPHELD = "upheld", _("申诉成立（已撤销/解除）")
    REJECTED = "rejected", _("申诉不成立（维持）")


class ListingKey(models.TextChoices):
    USCC = "uscc", _("统一社会信用代码")
    ID_NUMBER = "id_number", _("身份证号")


class Organisation(models.TextChoices):
    MARKET = "market", _("市场监管")
    LABOUR = "labour", _("劳动监察")
    POLICE = "police", _("公安")
    HRSS = "hrss", _("人社局")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("已移送")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已反馈结果")


class RiskFamily(models.TextChoices):
    INTERMEDIARY = "intermediary", _("黑中介")
    SCRAPING = "scraping", _("数据爬取/滥用")


class RiskFlagStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    DISMISSED = "dismissed", _("已排除")
    ACTIONED = "actioned", _("已处置")
