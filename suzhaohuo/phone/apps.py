from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhoneConfig(AppConfig):
    """Work without a smartphone: find, take and finish a gig by SMS or by phone call; read-aloud audio."""

    name = "suzhaohuo.phone"
    label = "phone"
    verbose_name = _("短信与电话服务")
    default_auto_field = "django.db.models.BigAutoField"
