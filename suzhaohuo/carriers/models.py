"""The 「1+5+N」 service network: carriers (markets, stations, windows, co-built sites), the service
ledger (服务台账) each console action writes, job pushes to residents, and employer authorisations
for jobs that station staff post on an employer's behalf.

Retention: ServiceRecord and PushRecord are kept for at least 2 years (plan KPI evidence). There is
no deletion path in services or admin; when a person's account is deleted, the link to the user is
cleared (SET_NULL) while the masked label stays.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.carriers.choices import AuthorizationMethod, CarrierKind, Outcome, Partner, ServiceKind
from suzhaohuo.core.models import TimeStampedModel


class Carrier(TimeStampedModel):
    """One place offering gig services (零工服务载体)."""

    kind = models.CharField(_("类型"), max_length=24, choices=CarrierKind.choices, db_index=True)
    partner = models.CharField(_("共建单位"), max_length=24, choices=Partner.choices, blank=True, db_index=True)
    name = models.CharField(_("名称"), max_length=100)
    host_organization = models.CharField(_("依托单位"), max_length=100, blank=True,
                                         help_text=_("例如：胡集镇党群服务中心"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("所在地区"))
    address = models.CharField(_("地址"), max_length=200)
    address_key = models.CharField(_("地址索引"), max_length=200, editable=False)
    lat = models.FloatField(_("纬度"))
    lng = models.FloatField(_("经度"))
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    services = models.JSONField(_("服务项目"), default=list, blank=True)
    photo = models.ImageField(_("照片"), upload_to="carriers/%Y/", blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="carriers",
                                   verbose_name=_("工作人员"))
    is_active = models.BooleanField(_("运行中"), default=True, db_index=True)

    class Meta:
        verbose_name = _("零工服务载体")
        verbose_name_plural = _("零工服务载体")
        ordering = ["region_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "partner", "address_key"], name="carrier_kind_address_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def area_prefix(self) -> str:
        """Region-code prefix of the area this carrier serves (console scope, pushes, boards)."""
        code = self.region_id or ""
        if self.kind == CarrierKind.CITY_MARKET:
            return code[:4]
        if self.kind in (CarrierKind.COUNTY_MARKET, CarrierKind.COMPREHENSIVE_MARKET):
            return code[:6]
        return code[:9]  # stations, windows and co-built sites serve their township

    @property
    def service_labels(self) -> list[str]:
        from suzhaohuo.carriers.choices import CarrierService

        labels = dict(CarrierService.choices)
        return [str(labels.get(s, s)) for s in self.services]


class ServiceRecord(models.Model):
    """服务台账: one service given at a carrier. Written by the carriers services, never edited."""

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="service_records",
                                verbose_name=_("载体"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("工作人员"))
    kind = models.CharField(_("服务事项"), max_length=24, choices=ServiceKind.choices, db_index=True)
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("服务对象"))
    subject_label = models.CharField(_("服务对象（脱敏）"), max_length=100, blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                            verbose_name=_("岗位"))
    description = models.CharField(_("办理内容"), max_length=300)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices, default=Outcome.DONE)
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("服务台账")
        verbose_name_plural = _("服务台账")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_label}"


class PushRecord(models.Model):
    """One job pushed to one resident (in-app, and SMS when the person wants it)."""

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="push_records",
                                verbose_name=_("载体"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("推送人"))
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+", verbose_name=_("岗位"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("接收人"))
    sent_sms = models.BooleanField(_("已发短信"), default=False)
    pushed_on = models.DateField(_("推送日期"), db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("岗位推送记录")
        verbose_name_plural = _("岗位推送记录")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "recipient"], name="push_job_recipient_unique")]
        indexes = [models.Index(fields=["recipient", "pushed_on"], name="push_recipient_day_idx")]

    def __str__(self) -> str:
        return f"{self.job_id} → {self.recipient_id} {self.pushed_on}"


class JobAuthorization(models.Model):
    """The employer's authorisation for a job a station posted on its behalf."""

    job = models.OneToOneField("jobs.Job", on_delete=models.CASCADE, related_name="station_authorization",
                               verbose_name=_("岗位"))
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="+", verbose_name=_("载体"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("经办人员"))
    authorized_by = models.CharField(_("授权人姓名"), max_length=64)
    method = models.CharField(_("授权方式"), max_length=16, choices=AuthorizationMethod.choices)
    id_number_masked = models.CharField(_("授权人身份证号（脱敏）"), max_length=32, blank=True)
    letter_photo = models.ImageField(_("授权书照片"), upload_to="authorizations/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("代发岗位授权")
        verbose_name_plural = _("代发岗位授权")

    def __str__(self) -> str:
        return f"{self.authorized_by} · {self.get_method_display()}"
