from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.kernel.states import JobStatus  # noqa: F401 - re-exported for the jobs models


class PayUnit(models.TextChoices):
    HOUR = "hour", _("元/小时")
    DAY = "day", _("元/天")
    PIECE = "piece", _("元/件")
    MONTH = "month", _("元/月")
    JOB = "job", _("元/单（整活）")


class Settlement(models.TextChoices):
    DAILY = "daily", _("日结")
    WEEKLY = "weekly", _("周结")
    MONTHLY = "monthly", _("月结")
    ON_COMPLETION = "on_completion", _("完工结")


class JobOrigin(models.TextChoices):
    EMPLOYER = "employer", _("用工主体自行发布")
    STATION = "station", _("站点代为发布")
    DEPARTMENT = "department", _("政府部门征集")
    AGENCY = "agency", _("第三方机构")
    ASSOCIATION = "association", _("行业协会")
    SUXINPIN = "suxinpin", _("苏心聘")
    CARRIER = "carrier", _("社会零工服务载体")


class ScreeningStatus(models.TextChoices):
    NOT_SCREENED = "not_screened", _("未检测")
    CLEAN = "clean", _("未发现问题")
    WARN = "warn", _("有提示")
    REVIEW = "review", _("需人工审核")
    BLOCK = "block", _("存在违规内容")
