from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    DEPARTMENT = "department", _("政府部门")
    AGENCY = "agency", _("第三方机构")
    ASSOCIATION = "association", _("行业协会")
    SUXINPIN = "suxinpin", _("苏心聘")
    CARRIER = "carrier", _("零工服务载体")
    EMPLOYER_DIRECT = "employer_direct", _("用工主体直连")


# Sources whose first-brought postings count toward the third-party aggregation rate.
THIRD_PARTY_KINDS = frozenset({SourceKind.AGENCY, SourceKind.ASSOCIATION})

# The Job.origin value recorded for postings a source brings in (jobs.choices.JobOrigin values).
JOB_ORIGIN_FOR_KIND: dict[str, str] = {
    SourceKind.DEPARTMENT: "department",
    SourceKind.AGENCY: "agency",
    SourceKind.ASSOCIATION: "association",
    SourceKind.SUXINPIN: "suxinpin",
    SourceKind.CARRIER: "carrier",
    SourceKind.EMPLOYER_DIRECT: "employer",
}


class DepartmentSector(models.TextChoices):
    """The sector each department collects in (plan §二(三))."""

    NONE = "", _("无")
    AGRICULTURE = "agriculture", _("农业农村（涉农）")
    HRSS = "hrss", _("人社（劳务品牌、家政）")
    COMMERCE = "commerce", _("商务（电子商务）")
    HOUSING = "housing", _("住建（建筑装修）")
    MARKET = "market", _("市场监管（即时配送）")
    POSTAL = "postal", _("邮政管理（快递）")


class SourceStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    SUSPENDED = "suspended", _("已暂停")


class PullFormat(models.TextChoices):
    NONE = "", _("不拉取")
    JSONLD_PAGES = "jsonld_pages", _("网页中的 JSON-LD（schema.org JobPosting）")
    JSON_FEED = "json_feed", _("JSON 数据源（schema.org JobPosting）")
    SUXINPIN = "suxinpin", _("苏心聘接口")


class Channel(models.TextChoices):
    UPLOAD = "upload", _("表格上传")
    API = "api", _("接口推送")
    PULL = "pull", _("定时拉取")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("无法处理")


class Outcome(models.TextChoices):
    """What the pipeline did with one incoming record."""

    CREATED = "created", _("新岗位")
    UPDATED = "updated", _("已更新")
    DUPLICATE = "duplicate", _("重复岗位（已关联）")
    HELD = "held", _("待人工核实")
    BLOCKED = "blocked", _("检测未通过")
    REJECTED = "rejected", _("数据有误")
    UNCHANGED = "unchanged", _("无变化")
    WITHDRAWN = "withdrawn", _("已撤回")


# Outcomes that count as "received and accepted into the platform" for a source.
ACCEPTED_OUTCOMES = frozenset({Outcome.CREATED, Outcome.UPDATED, Outcome.DUPLICATE, Outcome.HELD})


class LinkState(models.TextChoices):
    ACTIVE = "active", _("在用")
    HELD = "held", _("待核实")
    WITHDRAWN = "withdrawn", _("已撤回")


# Chinese names of the postings screening categories (jobs.screening), for dashboards.
SCREENING_CATEGORY_LABELS = {
    "gender": _("性别歧视"), "marriage_pregnancy": _("婚育歧视"), "ethnicity": _("民族歧视"), "religion": _("宗教歧视"),
    "hukou_region": _("户籍地域歧视"), "health": _("健康歧视"), "disability": _("残疾相关"), "age": _("年龄限制"),
    "fee": _("收取押金或费用"), "scam": _("诈骗风险"), "below_min_wage": _("低于最低工资"),
    "contact_in_text": _("正文含联系方式"), "missing_field": _("缺少必备信息"), "duplicate": _("重复发布"),
}


class AuthorizationVia(models.TextChoices):
    """How an employer's standing authorisation of a source was given."""

    EMPLOYER = "employer", _("用工单位在平台上授权")
    STATION = "station", _("零工服务站凭书面授权登记")


class ConfirmationStatus(models.TextChoices):
    """A posting a source brought under a registered employer's name, held for that employer's answer."""

    PENDING = "pending", _("待用工单位确认")
    CONFIRMED = "confirmed", _("用工单位已确认")
    REFUSED = "refused", _("用工单位已拒绝")
