from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "suzhaohuo.training"
    verbose_name = "技能培训与认证"

    def ready(self) -> None:
        # Plug into the generic extension points of lower apps (no import of this app from them).
        from suzhaohuo.training import registry

        registry.register()
