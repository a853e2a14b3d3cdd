from django.apps import AppConfig


class GigsConfig(AppConfig):
    name = "suzhaohuo.gigs"
    label = "gigs"
    verbose_name = "用工流程"
