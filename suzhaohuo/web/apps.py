from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "suzhaohuo.web"
    label = "web"
    verbose_name = "页面"
