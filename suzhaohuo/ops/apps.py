from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: health and readiness probes, Prometheus metrics, request ids and JSON logs, the replica
    router, the scheduler lock, backups, restore drills and key rotation."""

    name = "suzhaohuo.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self) -> None:
        from django.tasks.signals import task_enqueued

        from suzhaohuo.ops.context import on_task_enqueued

        task_enqueued.connect(on_task_enqueued, dispatch_uid="ops.task_enqueued")
