"""A worker's profile: skills, categories, availability and wishes, used by matching and stations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.models import TimeStampedModel


class WorkerProfile(TimeStampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worker_profile",
                                verbose_name=_("账号"))
    home_township = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("常住乡镇（街道）"))
    categories = models.ManyToManyField("jobs.JobCategory", blank=True, related_name="+", verbose_name=_("想做的工种"))
    skills = models.CharField(_("技能"), max_length=300, blank=True)
    days_available = models.CharField(_("可工作日"), max_length=32, blank=True,
                                      help_text=_("例如 12345 表示周一至周五"))
    max_distance_km = models.PositiveSmallIntegerField(_("最远接受距离（公里）"), default=10)
    desired_pay = models.DecimalField(_("期望日薪（元）"), max_digits=8, decimal_places=2, null=True, blank=True)
    settlement_preference = models.CharField(_("结算偏好"), max_length=16, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    receive_pushes = models.BooleanField(_("接收岗位推送"), default=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("代办登记人员"))

    class Meta:
        verbose_name = _("零工档案")
        verbose_name_plural = _("零工档案")

    def __str__(self) -> str:
        return str(self.user)
