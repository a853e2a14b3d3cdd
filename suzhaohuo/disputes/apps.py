from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "suzhaohuo.disputes"
    label = "disputes"
    verbose_name = "投诉举报与劳动争议"
