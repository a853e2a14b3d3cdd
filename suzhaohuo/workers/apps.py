from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "suzhaohuo.workers"
    label = "workers"
    verbose_name = "零工档案"
