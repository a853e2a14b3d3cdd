from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "suzhaohuo.notifications"
    label = "notifications"
    verbose_name = "消息通知"
