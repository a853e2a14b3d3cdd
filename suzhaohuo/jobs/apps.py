from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "suzhaohuo.jobs"
    label = "jobs"
    verbose_name = "零工岗位"
