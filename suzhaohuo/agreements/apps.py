from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "suzhaohuo.agreements"
    label = "agreements"
    verbose_name = "电子协议"

    def ready(self) -> None:
        from suzhaohuo.agreements import checks  # noqa: F401 - registers the system checks
