from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Who fits this job, which jobs fit this person; dispatch and station pushes with their one record and
    one daily cap (ADR 0009)."""

    name = "suzhaohuo.matching"
    label = "matching"
    verbose_name = _("人岗匹配与推送")
    default_auto_field = "django.db.models.BigAutoField"
