from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """The domain kernel: shared vocabulary (roles, states, pay text), the one access policy and domain events.

    On start-up it imports every app's ``handlers`` module (event handlers) and ``policy_checks`` module
    (extra checks on the access policy) and ``indicators`` module (plan figures for the KPI module), the same convention-based discovery as ``menu`` and ``privacy``."""

    name = "suzhaohuo.kernel"
    label = "kernel"
    verbose_name = _("领域内核")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("handlers", "policy_checks", "indicators")
