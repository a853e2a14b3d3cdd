from django.apps import AppConfig


class RegulationConfig(AppConfig):
    name = "suzhaohuo.regulation"
    label = "regulation"
    verbose_name = "市场监管"
