from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "suzhaohuo.protection"
    label = "protection"
    verbose_name = _("用工保障（职业伤害保障、意外险）")
    default_auto_field = "django.db.models.BigAutoField"
