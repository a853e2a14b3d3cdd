from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "suzhaohuo.identity"
    label = "identity"
    verbose_name = "实名认证"
