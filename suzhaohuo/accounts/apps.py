from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "suzhaohuo.accounts"
    label = "accounts"
    verbose_name = "账号与角色"
