from django.apps import AppConfig


class CarriersConfig(AppConfig):
    name = "suzhaohuo.carriers"
    label = "carriers"
    verbose_name = "服务网络"
