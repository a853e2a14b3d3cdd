"""Enumerations of the 「1+5+N」 service network."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CarrierKind(models.TextChoices):
    CITY_MARKET = "city_market", _("市级零工市场")
    COUNTY_MARKET = "county_market", _("县（区）级零工市场")
    COMPREHENSIVE_MARKET = "comprehensive_market", _("综合性零工服务市场")
    STATION = "station", _("零工服务驿站")
    WINDOW = "window", _("零工服务专窗")
    CO_BUILT = "co_built", _("共建站点")


# Kinds that count as "a comprehensive market in the county" (plan measure 一).
MARKET_KINDS = (CarrierKind.COUNTY_MARKET, CarrierKind.COMPREHENSIVE_MARKET)


class Partner(models.TextChoices):
    ORGANIZATION_DEPT = "organization_dept", _("组织部门·新就业群体服务站点")
    TRADE_UNION = "trade_union", _("工会·户外劳动者站点")
    URBAN_MANAGEMENT = "urban_management", _("城管·环卫工人爱心驿站")


class CarrierService(models.TextChoices):
    REGISTRATION = "registration", _("代为注册登记")
    VERIFICATION = "verification", _("实名核验")
    JOB_POSTING = "job_posting", _("代发岗位")
    MATCHING = "matching", _("人岗匹配推荐")
    PUSH = "push", _("岗位信息推送")
    JOB_BOARD = "job_board", _("岗位公示栏")
    POLICY = "policy", _("政策咨询")
    TRAINING = "training", _("技能培训报名")
    DISPUTE = "dispute", _("劳动争议调解引导")
    REST = "rest", _("歇脚饮水充电")


class ServiceKind(models.TextChoices):
    REGISTRATION = "registration", _("代为注册")
    VERIFICATION = "verification", _("身份核验")
    PROFILE = "profile", _("登记技能和意愿")
    JOB_POST = "job_post", _("代发岗位")
    MATCH_FOR_JOB = "match_for_job", _("为岗位找人")
    MATCH_FOR_WORKER = "match_for_worker", _("为人找岗位")
    SHORTLIST_PRINT = "shortlist_print", _("打印岗位清单")
    PUSH = "push", _("岗位推送")


class Outcome(models.TextChoices):
    DONE = "done", _("已办结")
    REFERRED = "referred", _("已推荐岗位")
    PENDING = "pending", _("待跟进")
    NO_MATCH = "no_match", _("暂无合适岗位")


class AuthorizationMethod(models.TextChoices):
    SIGNED_LETTER = "signed_letter", _("签字盖章的授权书（拍照留存）")
    IN_PERSON = "in_person", _("负责人到站当面授权（核对身份证）")
