from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    """The plan's scoreboard: indicators, targets, daily snapshots, leaders' dashboard, monthly report."""

    name = "suzhaohuo.kpi"
    label = "kpi"
    verbose_name = _("实施方案指标")
    default_auto_field = "django.db.models.BigAutoField"
