from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "suzhaohuo.assistance"
    label = "assistance"
    verbose_name = _("就业援助（就业困难人员、公益性岗位）")
    default_auto_field = "django.db.models.BigAutoField"
