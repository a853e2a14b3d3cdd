from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "suzhaohuo.search"
    label = "search"
    verbose_name = "搜索与推荐"
