from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "suzhaohuo.agreements"
    label = "agreements"
    verbose_name = "电子协议"
